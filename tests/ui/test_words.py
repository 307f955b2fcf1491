"""Words a clerk understands: messages that say what to do, the guide on F1, one question before closing with
unsaved work, and a detail table that shows its columns at 1366×768."""
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from .conftest import ROOT_CASES, fill, settle


@pytest.fixture
def said(monkeypatch):
    """The texts of the warnings the window shows."""
    texts = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: texts.append(a[2]))
    return texts


@pytest.mark.parametrize("content", ["{not json", '{"name": "某公司"}', "[]", "\x00\xff binary"])
def test_a_file_that_is_not_a_case_says_so(qtbot, window, tmp_path, said, content):
    path = tmp_path / "其他.json"
    path.write_bytes(content.encode("latin-1") if "\xff" in content else content.encode("utf-8"))
    assert not window.open_path(path)
    (text,) = said
    assert "这不是本程序的案例文件" in text and "其他.json" in text
    for jargon in ("format", "Expecting", "JSON 对象", "None", str(tmp_path)):
        assert jargon not in text


def test_a_case_from_a_newer_program_asks_for_an_upgrade(qtbot, window, tmp_path, said):
    path = tmp_path / "new.json"
    path.write_text(json.dumps({"format": "subsidy-desk/case@9", "kind": "startup_loan"}), encoding="utf-8")
    assert not window.open_path(path)
    assert "请升级本程序" in said[0]


def test_bad_fields_in_a_case_file_are_named_by_their_labels(qtbot, window, tmp_path, said):
    data = json.loads((ROOT_CASES / "startup_loan.json").read_text(encoding="utf-8"))
    data["inputs"]["contract_date"] = "2022-13-45"
    data["inputs"]["principal"] = "-5"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert not window.open_path(path)
    text = said[0]
    assert "合同签订日：不是有效日期（2022-13-45），请按 2022-06-21 填写" in text
    assert "贷款本金（元）：不能为负数" in text
    assert "inputs." not in text and "请改正后再打开" in text


def test_a_date_typed_wrong_shows_an_example(qtbot, window):
    page = fill(qtbot, window, "guarantee_fee", {"start_date": "2022-13-01"})
    settle(qtbot, page)
    message = page.form.rows["inputs.start_date"].message
    assert message.isVisible() and "请按 2022-06-21 填写" in message.text()


def test_closing_with_several_unsaved_calculators_asks_once(qtbot, window, monkeypatch):
    fill(qtbot, window, "startup_loan", {"principal": "5000"})
    fill(qtbot, window, "six_taxes", {"period_start": "2023-04-01"})
    asked = []

    def answer(choice):
        def exec_(box):
            asked.append(box.text())
            return choice
        return exec_

    monkeypatch.setattr(QMessageBox, "exec", answer(QMessageBox.StandardButton.Cancel))
    window.close()
    assert window.isVisible() and len(asked) == 1
    assert "以下 2 个案例有未保存的修改" in asked[0]
    assert "创业担保贷款贴息：未命名" in asked[0] and "六税两费减征：未命名" in asked[0]
    monkeypatch.setattr(QMessageBox, "exec", answer(QMessageBox.StandardButton.Discard))
    window.close()
    assert not window.isVisible() and len(asked) == 2  # one more question, not one per calculator
    assert not any(page.modified for page in window.pages.values())


def test_save_all_saves_each_calculator_to_its_file(qtbot, window, tmp_path, monkeypatch):
    for kind in ("guarantee_fee", "six_taxes"):
        page = window.pages[kind]
        window.show_page(page)
        page.load(json.loads((ROOT_CASES / f"{kind}.json").read_text(encoding="utf-8")), None, modified=True)
    names = iter([tmp_path / "g.json", tmp_path / "s.json"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(next(names)), ""))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.SaveAll)
    window.close()
    assert not window.isVisible()
    assert json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))["kind"] == "guarantee_fee"
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["kind"] == "six_taxes"


def test_f1_opens_the_guide_inside_the_program(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.help_window
    assert guide is not None and guide.isVisible()
    text = guide.browser.toPlainText()
    for heading in ("创业担保贷款贴息", "按季度申请贴息", "担保费补贴", "六税两费减征", "导出与打印", "批量计算", "台账"):
        assert heading in text
    assert "担保机构按期申请保费补贴" in text
    for worked in ("28,366.67", "2,465.75", "3,082.20", "225.00"):  # the worked examples
        assert worked in text
    assert guide.browser.source().isLocalFile()  # read from the installed files: no network
    guide.show_section("ledger")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.help_window is guide  # opened once, raised again
    guide.close()


@pytest.mark.parametrize("kind", ["startup_loan", "guarantee_fee", "agency_claim", "six_taxes"])
def test_detail_table_shows_its_columns_at_1366_by_768(qtbot, window, kind):
    """A maximised window on a 1366×768 screen (taskbar and title bar taken): no sideways scrolling."""
    window.resize(1366, 705)
    page = window.pages[kind]
    window.show_page(page)
    page.load(json.loads((ROOT_CASES / f"{kind}.json").read_text(encoding="utf-8")), None)
    qtbot.waitUntil(lambda: page.view.table.isVisible())
    table = page.view.table
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)
    shown = [table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(table.model().columnCount())
             if not table.isColumnHidden(c)]
    assert "贴息额" in shown if kind == "startup_loan" else shown
    page.view.all_columns.setChecked(True)  # the rest on demand
    assert not any(table.isColumnHidden(c) for c in range(table.model().columnCount()))


@pytest.mark.parametrize("kind", ["startup_loan", "agency_claim", "six_taxes"])
def test_entry_tables_show_their_columns_whole_at_1366_by_768(qtbot, window, kind):
    """The form's tables (还款计划, 担保业务清单, 税（费）目, …): every column shown whole, headers on two lines, no
    sideways scrolling; an agency's 所属行业, 实收担保费 and 合同编号 on demand."""
    window.resize(1366, 705)
    page = window.pages[kind]
    window.show_page(page)
    page.load(json.loads((ROOT_CASES / f"{kind}.json").read_text(encoding="utf-8")), None)
    tables = [row.input for row in page.form.rows.values() if row.field.type == "records"]
    assert tables
    for table in tables:
        view, heads = table.view, table.view.horizontalHeader()
        qtbot.waitUntil(lambda: view.width() > 0 and view.horizontalScrollBar().maximum() == 0)
        for c in range(view.model().columnCount()):
            if not view.isColumnHidden(c):
                assert heads.sectionSize(c) >= heads.sectionSizeHint(c), view.model().headerData(c, Qt.Orientation.Horizontal)
        assert all(line for c in range(view.model().columnCount())
                   for line in view.model().headerData(c, Qt.Orientation.Horizontal).split("\n"))
    if kind != "agency_claim":
        return
    (table,) = tables
    view = table.view
    names = [f.name for f in table.field.sub]
    hidden = [names[c] for c in range(len(names)) if view.isColumnHidden(c)]
    assert hidden == ["industry", "fee_charged", "contract_no"] and table.all_columns.isVisibleTo(window)
    assert view.model().headerData(names.index("amount"), Qt.Orientation.Horizontal) == "担保金额 *\n（元）"
    table.all_columns.setChecked(True)  # the rest on demand
    assert not any(view.isColumnHidden(c) for c in range(len(names)))
    table.all_columns.setChecked(False)
    view.model().setData(view.model().index(0, names.index("contract_no")), "DB-2023-01")  # a filled one shows
    assert [names[c] for c in range(len(names)) if view.isColumnHidden(c)] == ["industry", "fee_charged"]


def test_export_without_a_name_asks_first(qtbot, window, tmp_path, monkeypatch):
    page = window.pages["guarantee_fee"]
    window.show_page(page)
    data = json.loads((ROOT_CASES / "guarantee_fee.json").read_text(encoding="utf-8"))
    data["applicant"].pop("name")
    page.load(data, None)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "g.xlsx"), ""))
    asked = []

    def click(label):
        def exec_(box):
            asked.append(box.text())
            box.done(0)
            (button,) = [b for b in box.buttons() if b.text() == label]
            button.click()
            return 0
        return exec_

    monkeypatch.setattr(QMessageBox, "exec", click("返回填写"))
    assert not window.export_workbook()
    assert "申请人名称未填写" in asked[0] and not (tmp_path / "g.xlsx").exists()
    assert page.form.rows["applicant.name"].input.hasFocus()
    monkeypatch.setattr(QMessageBox, "exec", click("仍然继续"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)  # 是否打开
    assert window.export_to(tmp_path / "g.xlsx", ask_open=False) and window.export_workbook()
    from openpyxl import load_workbook

    values = [c.value for row in load_workbook(tmp_path / "g.xlsx")["申请表"].iter_rows() for c in row]
    assert "（未填写）" in values
