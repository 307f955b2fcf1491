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


def test_remembered_measures_lay_out_the_same_pages(qapp, tmp_path, computed, monkeypatch):
    """Texts measured once per process (printing.measured) place every box where measuring afresh places it, on
    another printer as well."""
    from subsidy_desk.worksheets.layout import build_worksheet

    case, result = computed("long_monthly_loan")
    sheet = build_worksheet(case, result, OFFICE)

    def boxes():
        pages = printing.lay_out(sheet, _pdf_printer(tmp_path / "x.pdf", sheet))
        return [[(b.rect.getRect(), b.text, b.role) for b in page.boxes] for page in pages]

    remembered = boxes()
    assert printing._MEASURED  # the measures were kept...
    assert boxes() == remembered  # ...and give the same pages from memory
    monkeypatch.setattr(printing, "_MEASURED", {})
    assert boxes() == remembered  # as measuring afresh


def _pdf_printer(path, sheet):
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(path))
    printing.setup_printer(printer, sheet)
    return printer


def test_pdf_writer_lays_out_as_the_printer(qapp, tmp_path, computed):
    """print_to_pdf paints on a QPdfWriter: the same pages as on a PDF QPrinter (what the print preview and the
    printers get), titled like the job; the wrap a box keeps from the layout is the one measured when painting."""
    from PySide6.QtGui import QFontMetricsF, QPdfWriter

    from subsidy_desk.worksheets.layout import build_worksheet

    case, result = computed("long_monthly_loan")
    sheet = build_worksheet(case, result, OFFICE)
    writer = QPdfWriter(str(tmp_path / "w.pdf"))
    printing.setup_printer(writer, sheet)
    assert writer.title() == f"{sheet.title} {sheet.number}"
    pages = printing.lay_out(sheet, writer)

    def boxes(pages):
        return [[(b.rect.getRect(), b.text, b.role, b.flags) for b in page.boxes] for page in pages]

    assert boxes(pages) == boxes(printing.lay_out(sheet, _pdf_printer(tmp_path / "p.pdf", sheet)))
    pad = printing.PAD_PT * writer.resolution() / 72
    kept = [b for page in pages for b in page.boxes if b.flags is not None]
    assert len(kept) > 100
    for box in kept:
        width = box.rect.adjusted(pad, pad, -pad, -pad).width()
        assert box.flags == int(printing.wrap_flags(box.text, QFontMetricsF(box.font, writer), width)), box.text


def test_long_loan_repeats_the_table_header_on_every_page(qapp, tmp_path, computed):
    """The 申请表 is one page; the 附表 after it repeats its title, case number and header on every page."""
    from subsidy_desk.worksheets.layout import build_worksheet

    case, result = computed("long_monthly_loan")
    sheet = build_worksheet(case, result, OFFICE)
    pages = printing.lay_out(sheet, _pdf_printer(tmp_path / "x.pdf", sheet))
    labels = [c.label for c in sheet.attachment.columns]
    basis_starts = next(i for i, p in enumerate(pages) if p.boxes[0].text == f"{sheet.title} 计算依据")
    attachment = pages[1:basis_starts]
    assert len(attachment) >= 2  # 39 monthly rows do not fit one page
    for n, page in enumerate(attachment, start=1):
        cells = [b for b in page.boxes if b.role == "cell"]
        header = [b for b in page.boxes if b.role == "header"]
        assert [b.text.replace("\n", "") for b in header] == labels
        assert max(b.rect.top() for b in header) < min(b.rect.top() for b in cells)
        (line,) = [b.text for b in page.boxes if b.role == "attachment"]
        assert line.startswith(f"编号：{sheet.number}") and line.endswith(f"附表第 {n} 页 共 {len(attachment)} 页")
    # Every period is printed exactly once, and none on the page to sign.
    periods = [b.text for p in attachment for b in p.boxes if b.role == "cell" and b.rect.left() == 0]
    assert len(periods) == len(result.rows)
    assert not any(b.role == "cell" for b in pages[0].boxes)

    path = tmp_path / "long.pdf"
    count = printing.print_to_pdf(case, result, path, OFFICE)
    assert count == pdf_pages(path) == len(pages)
    for n in range(2, basis_starts + 1):
        text = pdf_text(path, n)
        assert f"第{n}页共{count}页" in text and sheet.number in text
        assert "起息日" in text and "借款人承担" in text, n


def test_two_year_monthly_loan_signs_on_one_page(qapp, tmp_path, computed):
    """Issue 11: 25 monthly periods; page 1 holds totals, 大写, declaration and the four seal boxes, and says where
    the periods are; the 附表 follows with the case number on it. Read back from the PDF's text."""
    from subsidy_desk.worksheets.layout import MM, SEAL_WIDTH_MM, build_worksheet

    case, result = computed("two_year_monthly_loan")
    sheet = build_worksheet(case, result, OFFICE)
    path = tmp_path / "two.pdf"
    count = printing.print_to_pdf(case, result, path, OFFICE)
    first = pdf_text(path, 1)
    for text in ("创业担保贷款贴息申请表", "明细见附表（共25期）", "130,183.30", sheet.capitals,
                 sheet.declaration.replace(" ", ""), "申请人（盖章）", "经办银行意见", "人社部门审核意见",
                 "财政部门审核意见", f"第1页共{count}页"):
        assert text in first, text
    second = pdf_text(path, 2)
    assert "附表" in second and sheet.number in second and "附表第1页共1页" in second
    assert "2024年12月21日" in second and "申请人（盖章）" not in second
    # The seal boxes as laid out: 45 mm high and wider than a 42 mm seal.
    printer = _pdf_printer(tmp_path / "x.pdf", sheet)
    pages = printing.lay_out(sheet, printer)
    px_per_mm = printer.resolution() / 25.4
    seals = [b.rect for b in pages[0].boxes if b.role == "seal"]
    assert len(seals) == 4
    for rect in seals:
        assert rect.height() / px_per_mm >= 45 and rect.width() / px_per_mm >= SEAL_WIDTH_MM
    assert MM * 25.4 == pytest.approx(72)


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
