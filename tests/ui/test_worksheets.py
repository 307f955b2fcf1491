"""导出工作表, 打印预览 and 打印 from the window, each ending in a real file."""
import json

from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from .conftest import ROOT_CASES


def load(window, kind):
    page = window.pages[kind]
    window.show_page(page)
    page.load(json.loads((ROOT_CASES / f"{kind}.json").read_text(encoding="utf-8")), None)
    return page


def pdf_pages(path) -> int:
    return path.read_bytes().count(b"/Type /Page") - path.read_bytes().count(b"/Type /Pages")


def test_actions_wait_for_a_computed_case(window):
    page = window.pages["guarantee_fee"]
    window.show_page(page)
    assert not window.actions["export"].isEnabled() and not window.actions["print"].isEnabled()
    load(window, "guarantee_fee")
    assert window.actions["export"].isEnabled() and window.actions["preview"].isEnabled()


def test_export_writes_the_workbook_and_offers_to_open_it(window, tmp_path, monkeypatch):
    load(window, "startup_loan")
    opened = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    assert window.export_to(tmp_path / "loan.xlsx")
    assert (tmp_path / "loan.xlsx").stat().st_size > 1000
    assert opened == [str(tmp_path / "loan.xlsx")]


def test_export_failure_is_a_message_not_a_crash(window, tmp_path, monkeypatch):
    load(window, "six_taxes")
    said = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: said.append(a[2]))
    assert not window.export_to(tmp_path / "missing-folder" / "x.xlsx", ask_open=False)
    assert said and "missing-folder" in said[0]


def test_print_preview_paints_the_worksheet_to_pdf(window, tmp_path, monkeypatch):
    load(window, "startup_loan")
    out = tmp_path / "preview.pdf"

    def exec_(dialog):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        dialog.paintRequested.emit(printer)
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    window.print_preview()
    assert out.read_bytes().startswith(b"%PDF") and pdf_pages(out) >= 1


def test_print_goes_to_the_chosen_printer(window, tmp_path, monkeypatch):
    load(window, "guarantee_fee")
    out = tmp_path / "printed.pdf"

    def exec_(dialog):
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return 1

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    window.print_case()
    assert out.read_bytes().startswith(b"%PDF") and pdf_pages(out) >= 1


def test_a_new_lpr_month_is_used_after_settings(window):
    """Settings saved with a local LPR month: the window reloads the rules and the open case uses it."""
    from subsidy_desk.paths import overrides_file
    from subsidy_desk.rules.load import save_overrides

    page = load(window, "startup_loan")
    data = page.form.data()
    data["inputs"].update(contract_date="2026-09-25", maturity_date="2027-09-25", claim_from="2026-09-25",
                          claim_to="2026-12-20")
    page.form.set_data(data)
    page.recompute()
    assert page.result is None and "LPR 表只到" in page.view.figures.text()
    save_overrides(overrides_file(), {"format": "subsidy-desk/overrides@1", "lpr": [
        {"date": "2026-09-22", "lpr_1y": "2.90", "lpr_5y": "3.40", "note": "测试用本地月份"}]})
    window.reload_rules()
    assert [str(r.value) for r in page.result.rules_used if r.key.startswith("lpr")] == ["2.90"]  # the local month
    assert "2.90%" in page.view.explanation.toPlainText()
    assert "含本地调整" in window.rules_label.text()
