"""A loan entered once, claimed every quarter: the 申请期间 group at the top of the loan's form, the quarter
buttons, each claim its own ledger entry, and the loan's claims with their statuses and what is left to claim."""
import json
from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from subsidy_desk.ledger import Ledger

from .conftest import ROOT_CASES, settle


@pytest.fixture
def clerk(settings, data_dir):
    settings.setValue("ledger/url", "")
    settings.setValue("ledger/user", "李敏")
    with Ledger(None, "管理员") as ledger:
        ledger.grant("管理员", "审核")  # a new ledger's first grant names its reviewer
        ledger.grant("李敏", "经办")


@pytest.fixture
def shown(monkeypatch):
    said = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda parent, title, text, *a, kind=kind, **k: said.append(
            (kind, text)) or QMessageBox.StandardButton.Ok)
    return said


def the_loan(window):
    """The worked example's loan, entered once, with no claim window yet."""
    page = window.pages["startup_loan"]
    window.show_page(page)
    data = json.loads((ROOT_CASES / "startup_loan.json").read_text(encoding="utf-8"))
    data["inputs"].pop("claim_from", None)
    data["inputs"].pop("claim_to", None)
    page.load(data, None)
    page.claims.today = lambda: date(2022, 10, 15)
    return page


def window_of(page):
    inputs = page.form.data()["inputs"]
    return inputs.get("claim_from"), inputs.get("claim_to")


def test_the_claim_period_is_at_the_top_of_the_loans_form(qtbot, window):
    page = window.pages["startup_loan"]
    window.show_page(page)
    titles = [group.title() for group, _t in page.form.groups]
    assert titles[0] == "申请期间"
    assert list(page.form.rows)[:2] == ["inputs.claim_from", "inputs.claim_to"]
    assert page.claims is not None and page.claims.isVisibleTo(page.form)
    assert window.pages["six_taxes"].claims is None  # a tax period is no loan


def test_claim_a_quarter_then_the_next_each_its_own_ledger_entry(qtbot, window, clerk, shown):
    page = the_loan(window)
    bar = page.claims
    bar.buttons["previous"].click()  # 上季度 on 2022-10-15
    assert window_of(page) == ("2022-06-21", "2022-09-20")
    settle(qtbot, page)
    assert str(page.result.total) == "28366.67"  # the worked example's quarter
    first = window.register_case()
    assert first is not None
    assert "本笔贷款已登记的申请" in bar.list.text() and f"第 {first} 号" in bar.list.text()
    assert "已计算" in bar.list.text() and "28,366.67" in bar.list.text()
    assert "尚未申请：2022年9月21日至2024年6月19日" in bar.list.text()

    bar.buttons["next"].click()  # 下一个未申请: looks in the ledger first
    assert window_of(page) == ("2022-09-21", "2022-12-20")
    settle(qtbot, page)
    second = window.register_case()
    assert second not in (None, first)  # a claim of its own, not a new version of the first
    text = bar.list.text()
    assert f"第 {first} 号" in text and f"第 {second} 号" in text
    assert "尚未申请：2022年12月21日至2024年6月19日" in text
    with Ledger(None, "管理员") as ledger:
        keys = [e.claim_key for e in ledger.entries()]
    assert [k.rsplit("|", 2)[0] for k in keys] == [keys[0].rsplit("|", 2)[0]] * 2  # both of the same loan

    bar.buttons["current"].click()  # 本季度: the quarter 2022-10-15 falls in, claimed already
    assert window_of(page) == ("2022-09-21", "2022-12-20")
    settle(qtbot, page)
    shown.clear()
    assert window.register_case() is None
    assert shown and shown[0][0] == "warning" and f"第 {second} 号" in shown[0][1]  # the same claim is refused


def test_a_new_period_on_a_case_from_the_ledger_is_a_new_claim(qtbot, window, clerk, shown):
    page = the_loan(window)
    page.claims.buttons["previous"].click()
    settle(qtbot, page)
    first = window.register_case()
    page.link_ledger(first)  # as if opened from the ledger
    window._update_actions()
    assert window.actions["register"].text() == f"更新台账第 {first} 号"
    page.claims.buttons["current"].click()
    assert page.ledger_id is None  # 登记 now adds the new quarter's claim
    settle(qtbot, page)
    assert window.actions["register"].text() == "登记到台账"
    assert window.register_case() not in (None, first)


def test_the_quarters_wait_for_the_loan(qtbot, window):
    page = window.pages["startup_loan"]
    window.show_page(page)
    page.claims.buttons["current"].click()
    assert "请先填写合同签订日" in page.claims.list.text() and page.claims.list.isVisibleTo(page.form)
    assert window_of(page) == (None, None)
