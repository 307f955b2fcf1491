"""Every clerk-readable case in tests/data, printed: nothing off the page, no text larger than its box."""
import json

import pytest

from subsidy_desk.case import compute
from subsidy_desk.worksheets.layout import build_worksheet

from ..conftest import ROOT
from ..worksheets.conftest import OFFICE

printing = pytest.importorskip("subsidy_desk.ui.printing")


def _cases():
    out = []
    for kind in ("startup_loan", "guarantee_fee", "agency_claim", "six_taxes"):
        data = json.loads((ROOT / "tests" / "data" / f"{kind}.json").read_text(encoding="utf-8"))
        out += [pytest.param(kind, c, id=c["name"][:40]) for c in data["cases"]]
    return out


@pytest.mark.parametrize("kind,data", _cases())
def test_printed_page_holds_its_text(qapp, tmp_path, rules, make_case, kind, data):
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtPrintSupport import QPrinter

    applicant = {"name": "忻州市某某农业科技开发有限责任公司（第一分公司）", "county": "河曲县", **data.get("applicant", {})}
    case = make_case(kind, data["inputs"], applicant)
    result = compute(case, rules)
    sheet = build_worksheet(case, result, OFFICE)
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "x.pdf"))
    printing.setup_printer(printer, sheet)
    area = printer.pageLayout().paintRectPixels(printer.resolution())
    pad = printing.PAD_PT * printer.resolution() / 72
    pages = printing.lay_out(sheet, printer)
    for n, page in enumerate(pages, start=1):
        for box in page.boxes:
            assert box.rect.left() >= -1 and box.rect.right() <= area.width() + 1, (n, box.text)
            assert box.rect.top() >= -1 and box.rect.bottom() <= area.height() + 1, (n, box.text)
            if box.text:
                inner = box.rect.adjusted(pad, pad, -pad, -pad)
                metrics = QFontMetricsF(box.font, printer)
                need = metrics.boundingRect(QRectF(0, 0, inner.width(), 1e6),
                                            printing.wrap_flags(box.text, metrics, inner.width()), box.text)
                assert need.width() <= inner.width() + 1, (n, box.text)
                assert need.height() <= inner.height() + 1, (n, box.text)
    texts = {b.text for p in pages for b in p.boxes}
    assert sheet.capitals in texts and all(w in texts for w in sheet.warnings)
