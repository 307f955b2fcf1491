"""The batch dialog driven offscreen: import a list with a bad row, compute, save, and cancel."""
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from subsidy_desk.ui.batch_dialog import BatchDialog
from subsidy_desk.ui.batch_rows import BAD

from ..batch.conftest import LOAN, credit_code, fill


@pytest.fixture
def dialog(qtbot):
    dlg = BatchDialog()
    qtbot.addWidget(dlg)
    dlg.show()
    yield dlg
    qtbot.waitUntil(lambda: not dlg.busy)


def _idle(qtbot, dlg):
    qtbot.waitUntil(lambda: not dlg.busy, timeout=20000)


def test_import_preview_compute_and_save(qtbot, dialog, tmp_path):
    rows = [LOAN, {**LOAN, "序号": 2, "申请人名称": "乙", "统一社会信用代码": credit_code(1), "贷款本金（元）": "一百万"},
            {**LOAN, "序号": 3, "申请人名称": "丙", "统一社会信用代码": credit_code(2), "贷款本金（元）": "1,000,000"}]
    path = fill("startup_loan", rows, tmp_path / "list.xlsx")
    dialog.load(path)
    _idle(qtbot, dialog)
    m = dialog.model
    assert m.rowCount() == 3
    assert [m.index(r, 1).data() for r in range(3)] == ["可计算", "有误", "可计算"]
    assert m.index(1, 0).data(Qt.BackgroundRole) == BAD and m.index(0, 0).data(Qt.BackgroundRole) is None
    assert "贷款本金（元）：金额不是数字" in m.index(1, 4).data()
    assert "金额按文本 '1,000,000'" in m.index(2, 4).data()
    assert "有误 1 行" in dialog.summary.text()
    assert dialog.errors_button.isEnabled() and dialog.compute_button.isEnabled() and not dialog.save_button.isEnabled()

    dialog.export_errors(tmp_path / "errors.xlsx")
    _idle(qtbot, dialog)
    ws = load_workbook(tmp_path / "errors.xlsx").worksheets[0]
    assert "金额不是数字" in ws.cell(4, ws.max_column).value

    dialog.compute_button.click()
    assert dialog.busy and dialog.cancel_button.isEnabled() and not dialog.open_button.isEnabled()
    _idle(qtbot, dialog)
    assert [m.index(r, 1).data() for r in range(3)] == ["已计算", "有误", "已计算"]
    assert m.index(0, 3).data() == "225,083.33"  # two years of subsidy on 3,000,000 (the core computes it)
    assert dialog.save_button.isEnabled() and not dialog.compute_button.isEnabled()

    out = tmp_path / "results.xlsx"
    dialog.save_results(out)
    _idle(qtbot, dialog)
    wb = load_workbook(out)
    assert wb["未能计算"]["A2"].value == 4
    detail = list(wb["明细-创业担保贷款贴息"].iter_rows(values_only=True))
    assert Decimal(str(detail[-1][detail[0].index("贴息额（元）")])) == sum(e.result.total for e in dialog.entries)


def test_cancel_keeps_nothing(qtbot, dialog, tmp_path):
    rows = [{**LOAN, "序号": i, "申请人名称": f"企业{i}", "统一社会信用代码": credit_code(i)} for i in range(1, 401)]
    dialog.load(fill("startup_loan", rows, tmp_path / "list.xlsx"))
    _idle(qtbot, dialog)
    dialog.compute()
    # cancel from the worker's own first progress report, so the test does not race the computation
    dialog._job.progress.connect(lambda done, total: dialog.cancel(), Qt.DirectConnection)
    _idle(qtbot, dialog)
    assert dialog.entries is None and not dialog.save_button.isEnabled()
    assert "已取消" in dialog.summary.text() and dialog.compute_button.isEnabled()
    assert {dialog.model.index(r, 1).data() for r in range(400)} == {"可计算"}


def test_refused_file_is_explained(qtbot, dialog, tmp_path):
    path = tmp_path / "list.xlsm"
    path.write_bytes(b"PK")
    dialog.load(path)
    _idle(qtbot, dialog)
    assert "启用宏" in dialog.summary.text() and dialog.model.rowCount() == 0
    assert not dialog.compute_button.isEnabled()


def test_worksheets_of_selected_rows_or_all(qtbot, dialog, tmp_path):
    rows = [{**LOAN, "序号": i, "申请人名称": f"企业{i}", "统一社会信用代码": credit_code(i)} for i in range(1, 4)]
    dialog.load(fill("startup_loan", rows, tmp_path / "list.xlsx"))
    _idle(qtbot, dialog)
    dialog.compute()
    _idle(qtbot, dialog)
    assert dialog.worksheets_button.isEnabled()
    dialog.table.selectRow(1)
    dialog.save_worksheets(tmp_path / "one", combined=False)
    _idle(qtbot, dialog)
    assert [p.name for p in (tmp_path / "one").iterdir()] == ["0004-企业2-创业担保贷款贴息.xlsx"]
    dialog.table.clearSelection()
    dialog.save_worksheets(tmp_path / "all.xlsx", combined=True)
    _idle(qtbot, dialog)
    # A two-year quarterly loan's nine periods print on a 附表 after its one-page 申请表.
    assert load_workbook(tmp_path / "all.xlsx").sheetnames == ["3_企业1", "3_附表", "4_企业2", "4_附表", "5_企业3", "5_附表"]


def test_every_button_through_its_file_chooser(qtbot, dialog, tmp_path, monkeypatch):
    """The buttons as a clerk clicks them, the file choosers answered as the clerk would."""
    from PySide6.QtWidgets import QFileDialog

    template = tmp_path / "模板.xlsx"
    answers = {"save": template}
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(answers["save"]), ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "申请表"))
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("guarantee_fee"))
    dialog.template_button.click()
    _idle(qtbot, dialog)
    assert load_workbook(template).sheetnames[0] == "担保费补贴"

    from ..batch.conftest import GUARANTEE

    listing = fill("guarantee_fee", [GUARANTEE, {**GUARANTEE, "担保金额（元）": "x", "统一社会信用代码": credit_code(8)}],
                   tmp_path / "list.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(listing), ""))
    qtbot.keySequence(dialog, "Ctrl+O")
    _idle(qtbot, dialog)
    assert dialog.model.rowCount() == 2
    answers["save"] = tmp_path / "errors.xlsx"
    dialog.errors_button.click()
    _idle(qtbot, dialog)
    assert (tmp_path / "errors.xlsx").exists()
    dialog.compute_button.click()
    _idle(qtbot, dialog)
    answers["save"] = tmp_path / "results.xlsx"
    dialog.save_button.click()
    _idle(qtbot, dialog)
    assert (tmp_path / "results.xlsx").exists()
    dialog.worksheets_button.click()
    _idle(qtbot, dialog)
    assert len(list((tmp_path / "申请表").glob("*.xlsx"))) == 1
    assert "已保存到" in dialog.summary.text()
