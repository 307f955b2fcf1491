"""The ledger view offscreen: filters, detail and history, buttons by role and status, refusals shown, export."""
from datetime import date
from decimal import Decimal

import pytest

from subsidy_desk.ledger import Ledger

from ..ledger.conftest import CASES, Staff


@pytest.fixture
def staff(tmp_path):
    from subsidy_desk.case import read_case

    s = Staff(f"sqlite:///{tmp_path / 'ledger.sqlite3'}")
    for name in ("startup_loan", "guarantee_fee", "six_taxes"):
        s["li"].add(read_case(CASES / f"{name}.json"))
    yield s
    s.close()


def view_as(qtbot, staff, name):
    from subsidy_desk.ui.ledger_view import LedgerView

    view = LedgerView(staff[name])
    qtbot.addWidget(view)
    view.resize(1280, 720)
    return view


def shown_ids(view):
    return sorted(e.id for e in view.proxy.visible_entries())


def test_filters_narrow_the_table_and_the_totals(qtbot, staff):
    view = view_as(qtbot, staff, "wang")
    assert view.windowTitle() == "台账 — 用户 wang（审核）" and view.message.text() == ""
    assert shown_ids(view) == [1, 2, 3]
    assert "显示 3 条（共 3 条）；计算金额合计 31,057.42 元" in view.summary.text()
    view.search.setText("91140900MA0GRT8W60")
    assert shown_ids(view) == [2]
    view.search.setText("jk-2022")  # a loan contract number, any case
    assert shown_ids(view) == [1]
    view.search.clear()
    view.county.setCurrentText("五台县")
    assert shown_ids(view) == [3]
    view.county.setCurrentIndex(0)
    view.kind.setCurrentText("担保费补贴")
    assert shown_ids(view) == [2]
    view.kind.setCurrentIndex(0)
    view.clerk.setCurrentText("li")
    assert shown_ids(view) == [1, 2, 3]
    view.date_from.setDate(view.date_from.date().currentDate().addDays(1))
    assert shown_ids(view) == []
    view.date_from.setDate(view.date_from.minimumDate())
    view.status.setCurrentText("已审核")
    assert shown_ids(view) == [] and "显示 0 条" in view.summary.text()


def test_a_reviewer_approves_and_sends_back_and_sees_the_history(qtbot, staff):
    view = view_as(qtbot, staff, "wang")
    assert view.select(1)
    assert "28,366.67 元" in view.explanation.toPlainText() and "规则集" in view.explanation.toPlainText()
    assert view.approve_button.isEnabled() and view.return_button.isEnabled()
    assert not view.pay_button.isEnabled()
    assert view.approve()
    assert staff["li"].get(1).status == "已审核"
    assert [view.history.data(view.history.index(r, 2)) for r in range(view.history.rowCount())] == ["登记", "审核通过"]
    assert not view.approve_button.isEnabled()
    view.select(2)
    assert view.send_back("合同复印件不清")
    assert staff["li"].get(2).return_reason == "合同复印件不清"
    assert "退回原因：合同复印件不清" in view.explanation.toPlainText()


def test_buttons_follow_roles_but_the_data_layer_decides(qtbot, staff):
    from subsidy_desk.case import read_case

    case = read_case(CASES / "guarantee_fee.json")
    case.inputs["contract_no"] = "DB-CHEN"
    own = staff["chen"].add(case)
    view = view_as(qtbot, staff, "chen")  # a clerk who is also a reviewer
    view.select(own)
    assert not view.approve_button.isEnabled()  # own case
    assert not view.approve()  # pressing it anyway (e.g. a stale window) is refused by the ledger, shown
    assert "双人复核" in view.message.text() and staff["chen"].get(own).status == "已计算"
    clerk = view_as(qtbot, staff, "li")
    clerk.select(1)
    assert not (clerk.approve_button.isEnabled() or clerk.return_button.isEnabled() or clerk.pay_button.isEnabled())


def test_finance_records_the_payment_only_for_the_approved_amount(qtbot, staff):
    staff["wang"].approve(2)
    view = view_as(qtbot, staff, "zhao")
    view.select(1)
    assert not view.pay_button.isEnabled()
    view.select(2)
    assert view.pay_button.isEnabled()
    assert not view.pay((date.today(), Decimal("2465.00"), "P-9"))
    assert "不符" in view.message.text()
    assert view.pay((date.today(), Decimal("2465.75"), "P-9"))
    entry = staff["li"].get(2)
    assert (entry.status, entry.doc_no, entry.paid_on) == ("已拨付", "P-9", date.today())
    assert "凭证号 P-9" in view.explanation.toPlainText()


def test_export_writes_only_the_filtered_cases(qtbot, staff, tmp_path):
    from openpyxl import load_workbook

    view = view_as(qtbot, staff, "wang")
    view.kind.setCurrentText("六税两费减征")
    assert view.export(tmp_path / "x.xlsx")
    rows = list(load_workbook(tmp_path / "x.xlsx")["台账"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [3]


def test_sorting_by_amount_is_numeric(qtbot, staff):
    from PySide6.QtCore import Qt

    view = view_as(qtbot, staff, "wang")
    view.table.sortByColumn(6, Qt.SortOrder.AscendingOrder)
    assert [e.id for e in view.proxy.visible_entries()] == [3, 2, 1]


def test_the_view_can_be_used_from_the_keyboard(qtbot, staff):
    from PySide6.QtCore import Qt

    view = view_as(qtbot, staff, "wang")
    view.show()
    view.activateWindow()
    qtbot.waitActive(view)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Home)
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.current_entry().id == 2  # newest first
    assert all("(&" in b.text() for b in (view.approve_button, view.return_button, view.pay_button))
    view.approve_button.setFocus()
    qtbot.keyClick(view.approve_button, Qt.Key.Key_Space)
    assert staff["li"].get(2).status == "已审核"


def test_a_ledger_opened_elsewhere_is_only_used(qtbot, tmp_path):
    with Ledger(f"sqlite:///{tmp_path / 'l.sqlite3'}", "wang") as ledger:
        from subsidy_desk.ui.ledger_view import LedgerView

        view = LedgerView(ledger)
        qtbot.addWidget(view)
        assert "显示 0 条" in view.summary.text() and "用户 wang（无角色，只能查看）" in view.windowTitle()
        assert "这是新台账，还没有审核人员" in view.message.text() and "ledger grant 姓名 审核" in view.message.text()


def test_the_sort_arrow_matches_the_order_shown(qtbot, staff):
    """Chinese text is ordered as a reader expects (pinyin), both ways, and numbers by value."""
    from PySide6.QtCore import Qt

    view = view_as(qtbot, staff, "wang")
    header = view.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (0, Qt.SortOrder.DescendingOrder)
    assert [view.proxy.index(r, 0).data() for r in range(3)] == ["3", "2", "1"]
    for column, expected in ((1, ["创业担保贷款贴息", "担保费补贴", "六税两费减征"]), (4, ["定襄县", "五台县", "忻府区"]),
                             (6, ["225.00", "2,465.75", "28,366.67"])):
        header.setSortIndicator(column, Qt.SortOrder.AscendingOrder)
        shown = [view.proxy.index(r, column).data() for r in range(3)]
        assert shown == expected
        header.setSortIndicator(column, Qt.SortOrder.DescendingOrder)
        assert [view.proxy.index(r, column).data() for r in range(3)] == expected[::-1]
