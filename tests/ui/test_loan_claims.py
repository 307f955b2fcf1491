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
    # what is missing, named by its labels
    assert page.claims.list.text() == "请先填写借款人类型、贷款本金（元）、合同签订日等，才能按季度申请。"
    assert page.claims.list.isVisibleTo(page.form)
    assert window_of(page) == (None, None)


# -- a guarantee agency: its guarantees entered once, claimed quarter by quarter -------------------------------------
def the_agency(window):
    """The worked example's agency, its list grown over two years, with no claim period yet."""
    page = window.pages["agency_claim"]
    window.show_page(page)
    data = json.loads((ROOT_CASES / "agency_claim.json").read_text(encoding="utf-8"))
    del data["inputs"]["period_from"], data["inputs"]["period_to"]
    data["inputs"]["guarantees"][1].update(start_date="2023-02-15", end_date="2024-02-14")
    page.load(data, None)
    page.claims.today = lambda: date(2023, 5, 10)
    return page


def period_of(page):
    inputs = page.form.data()["inputs"]
    return inputs.get("period_from"), inputs.get("period_to")


def test_the_agencys_claim_period_is_at_the_top_with_its_quarter_buttons(qtbot, window):
    page = window.pages["agency_claim"]
    window.show_page(page)
    assert [group.title() for group, _t in page.form.groups][0] == "申请期间"
    assert list(page.form.rows)[:2] == ["inputs.period_from", "inputs.period_to"]
    assert [page.claims.buttons[n].text() for n in ("previous", "current", "next")] == ["上季度", "本季度", "下一个未申请"]
    page.claims.buttons["current"].click()
    assert page.claims.list.text() == "请先填写担保机构名称、担保机构层级，才能按季度申请。"


def test_an_agency_claims_quarter_by_quarter_each_its_own_ledger_entry(qtbot, window, clerk, shown):
    page = the_agency(window)
    bar = page.claims
    bar.buttons["previous"].click()  # 上季度 on 2023-05-10
    assert period_of(page) == ("2023-01-01", "2023-03-31")
    settle(qtbot, page)
    assert [(r.enterprise, r.days) for r in page.result.rows] == [("甲公司", 90), ("乙合作社", 45)]
    assert str(page.result.total) == "3082.20"  # 1,232.88 + 1,849.32: each day in the quarter at 0.5% ÷ 365
    first = window.register_case()
    assert first is not None
    text = bar.list.text()
    assert "本担保机构已登记的申请" in text and f"第 {first} 号" in text and "3,082.20" in text and "已计算" in text
    assert "尚未申请：2023年4月1日至2024年2月14日" in text

    bar.buttons["next"].click()
    assert period_of(page) == ("2023-04-01", "2023-06-30")
    settle(qtbot, page)
    second = window.register_case()
    assert second not in (None, first)
    assert "尚未申请：2023年7月1日至2024年2月14日" in bar.list.text()
    with Ledger(None, "管理员") as ledger:
        keys = sorted(e.claim_key for e in ledger.entries())
    assert keys == ["agency_claim|91140900MA0GRT8W60|2023-01-01|2023-03-31",
                    "agency_claim|91140900MA0GRT8W60|2023-04-01|2023-06-30"]

    bar.buttons["current"].click()  # 本季度 (2023-05-10): claimed already, refused
    settle(qtbot, page)
    shown.clear()
    assert window.register_case() is None
    assert shown and shown[0][0] == "warning" and f"第 {second} 号" in shown[0][1]

    page.form.rows["inputs.period_from"].input.set_raw("2023-07-01")  # 自定: typed as any other date
    page.form.rows["inputs.period_to"].input.set_raw("2023-12-31")
    page.form.changed.emit()
    settle(qtbot, page)
    assert [(r.enterprise, r.days) for r in page.result.rows] == [("甲公司", 184), ("乙合作社", 184)]
    third = window.register_case()
    assert third not in (None, first, second)
    assert "尚未申请：2024年1月1日至2024年2月14日" in bar.list.text()


def test_a_county_claiming_by_year_names_the_buttons_so(qtbot, window, rules_with):
    window._rules = rules_with({"guarantee_fee.claim_period": "year"})  # as if the county set it
    page = the_agency(window)
    settle(qtbot, page)
    assert [page.claims.buttons[n].text() for n in ("previous", "current")] == ["上年度", "本年度"]
    page.claims.today = lambda: date(2024, 1, 20)
    page.claims.buttons["previous"].click()
    assert period_of(page) == ("2023-01-01", "2023-12-31")
    page.claims.buttons["current"].click()
    assert period_of(page) == ("2024-01-01", "2024-02-14")  # the year cut to the last guarantee


def test_the_next_claim_renames_the_period_in_its_title(qtbot, window, clerk, shown):
    page = the_loan(window)
    assert page.form.title() == "忻州某科技有限公司 2022年第3季度贴息"
    page.claims.buttons["previous"].click()  # the third quarter, as the title says: nothing to rename
    assert page.form.title() == "忻州某科技有限公司 2022年第3季度贴息"
    settle(qtbot, page)
    first = window.register_case()
    page.claims.buttons["next"].click()
    assert window_of(page) == ("2022-09-21", "2022-12-20")
    assert page.form.title() == "忻州某科技有限公司 2022年第4季度贴息"
    settle(qtbot, page)
    second = window.register_case()
    with Ledger(None, "管理员") as ledger:
        titles = {e.id: e.title for e in ledger.entries()}
    assert (titles[first], titles[second]) == ("忻州某科技有限公司 2022年第3季度贴息", "忻州某科技有限公司 2022年第4季度贴息")


def test_a_title_naming_no_period_is_left_as_typed(qtbot, window):
    page = the_loan(window)
    page.form.rows["title"].input.set_raw("张三 创业贷款")
    page.claims.buttons["previous"].click()
    page.claims.buttons["current"].click()
    assert page.form.title() == "张三 创业贷款"
