"""Printing through Qt, offscreen: the same worksheet as the workbook, paginated, to a PDF a clerk can print."""
import os
import re
import shutil
import subprocess
import sys

import pytest

from subsidy_desk.worksheets import WorksheetError

from ..conftest import ROOT
from ..worksheets.conftest import KINDS, OFFICE, case_path, computed  # noqa: F401 - computed is a fixture

printing = pytest.importorskip("subsidy_desk.ui.printing")


def pdf_pages(path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


def _chinese_font() -> bool:
    """Without a font that has Chinese glyphs Qt prints boxes, and there is no Chinese text to read back."""
    from PySide6.QtGui import QFontDatabase

    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def pdf_text(path, page):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    if not _chinese_font():
        pytest.skip("no font with Chinese glyphs installed (e.g. fonts-wqy-microhei)")
    p = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                       capture_output=True, text=True, check=True)
    return re.sub(r"\s+", "", p.stdout)  # pdftotext spaces Chinese text unpredictably


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_of_each_kind(qapp, tmp_path, computed, kind):
    case, result = computed(kind)
    path = tmp_path / f"{kind}.pdf"
    pages = printing.print_to_pdf(case, result, path, OFFICE)
    assert path.read_bytes().startswith(b"%PDF")
    assert pages == pdf_pages(path) >= 2  # 申请表, then 计算依据 on a page of its own
    first = pdf_text(path, 1)
    assert "申请表" in first or "计算表" in first
    assert "28,366.67" in first if kind == "startup_loan" else True
    assert f"第1页共{pages}页" in first


def test_application_fits_one_page_for_a_quarter(qapp, tmp_path, computed):
    """A one-quarter claim is one sheet: figures, declaration and every signature box on the same page."""
    from subsidy_desk.worksheets.layout import build_worksheet

    case, result = computed("startup_loan")
    sheet = build_worksheet(case, result, OFFICE)
    printer = _pdf_printer(tmp_path / "x.pdf", sheet)
    pages = printing.lay_out(sheet, printer)
    first = [b.text for b in pages[0].boxes]
    assert "财政部门审核意见" in first and sheet.capitals in first and sheet.declaration in first
    assert not any(sheet.title + " 计算依据" == t for t in first)


def _pdf_printer(path, sheet):
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(path))
    printing.setup_printer(printer, sheet)
    return printer


def test_long_loan_repeats_the_table_header_on_every_page(qapp, tmp_path, computed):
    from subsidy_desk.worksheets.layout import build_worksheet

    case, result = computed("long_monthly_loan")
    sheet = build_worksheet(case, result, OFFICE)
    pages = printing.lay_out(sheet, _pdf_printer(tmp_path / "x.pdf", sheet))
    labels = [c.label for c in sheet.table.columns]
    basis_starts = next(i for i, p in enumerate(pages) if p.boxes[0].text == f"{sheet.title} 计算依据")
    application_pages = pages[:basis_starts]
    with_rows = [p for p in application_pages if any(b.role == "cell" for b in p.boxes)]
    assert len(with_rows) >= 2  # 39 monthly rows do not fit one page
    for page in with_rows:
        cells = [b for b in page.boxes if b.role == "cell"]
        header = [b for b in page.boxes if b.role == "header"]
        assert [b.text for b in header] == labels
        assert max(b.rect.top() for b in header) < min(b.rect.top() for b in cells)
    # Every period is printed exactly once.
    periods = [b.text for p in application_pages for b in p.boxes if b.role == "cell" and b.rect.left() == 0]
    assert len(periods) == len(result.rows)

    path = tmp_path / "long.pdf"
    count = printing.print_to_pdf(case, result, path, OFFICE)
    assert count == pdf_pages(path) == len(pages)
    for n, page in enumerate(application_pages, start=1):
        text = pdf_text(path, n)
        assert f"第{n}页共{count}页" in text
        if page in with_rows:
            assert "起息日" in text and "借款人承担" in text, n


def test_hostile_text_prints_as_typed(qapp, tmp_path, computed):
    case, result = computed("hostile_text")
    path = tmp_path / "h.pdf"
    printing.print_to_pdf(case, result, path, OFFICE)
    text = pdf_text(path, 1)
    for typed in ("=1+1", "-2", "@x"):
        assert typed in text


def test_failed_print_keeps_the_old_pdf(qapp, tmp_path, computed, monkeypatch):
    case, result = computed("six_taxes")
    path = tmp_path / "old.pdf"
    path.write_bytes(b"%PDF the good one")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WorksheetError, match="无法保存"):
        printing.print_to_pdf(case, result, path, OFFICE)
    assert path.read_bytes() == b"%PDF the good one"
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["old.pdf"]


def test_missing_folder(qapp, tmp_path, computed):
    case, result = computed("six_taxes")
    with pytest.raises(WorksheetError, match="文件夹不存在"):
        printing.print_to_pdf(case, result, tmp_path / "nope" / "x.pdf", OFFICE)


def test_paint_follows_the_printers_paper(qapp, tmp_path, computed):
    """A clerk who picks Letter in the print dialog gets Letter pages, still paginated and footed."""
    from PySide6.QtGui import QPageSize
    from PySide6.QtPrintSupport import QPrinter

    from subsidy_desk.worksheets.layout import build_worksheet

    case, result = computed("guarantee_fee")
    sheet = build_worksheet(case, result, OFFICE)
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "letter.pdf"))
    printer.setPageSize(QPageSize(QPageSize.Letter))
    assert printing.paint_worksheet(sheet, printer) == pdf_pages(tmp_path / "letter.pdf") >= 2


def test_cli_pdf_works_with_no_screen(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    pdf, xlsx = tmp_path / "w.pdf", tmp_path / "w.xlsx"
    p = subprocess.run([sys.executable, "-m", "subsidy_desk", "worksheet", str(case_path("long_monthly_loan")),
                        "-o", str(xlsx), "--pdf", str(pdf)], capture_output=True, text=True, encoding="utf-8",
                       cwd=ROOT, env=env)
    assert p.returncode == 0, p.stderr
    pages = pdf_pages(pdf)
    assert p.stdout.splitlines() == [str(xlsx), f"{pdf}（{pages} 页）"]
    assert xlsx.exists() and pages > 2
    assert "Traceback" not in p.stderr


def test_qt_keeps_its_references_to_none(qapp):
    """PySide6 6.12.0 under Python 3.11 dropped a reference to None on every void call until the interpreter
    aborted mid-print; the pinned version must not."""
    from PySide6.QtGui import QFont, QImage, QPainter

    image = QImage(10, 10, QImage.Format_RGB32)
    painter = QPainter(image)
    font = QFont()
    before = sys.getrefcount(None)
    for _ in range(1000):
        painter.setFont(font)
        font.setBold(True)
    painter.end()
    assert sys.getrefcount(None) >= before - 10
