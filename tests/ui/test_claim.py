"""The claim in the window: typed beside the case, checked against the result as the clerk types, the reason shown."""
import json

from .conftest import ROOT_CASES, fill, settle, type_into

LOAN = {"borrower_type": "individual", "principal": "200000", "contract_date": "2022-07-25",
        "start_date": "2022-08-25", "maturity_date": "2023-08-25", "contract_rate": "4.65",
        "claim_from": "2022-08-25", "claim_to": "2022-12-20"}


def test_a_claim_typed_in_is_checked_and_its_reason_shown(qtbot, window):
    page = fill(qtbot, window, "startup_loan", LOAN, {"county": "忻府区"})
    settle(qtbot, page)
    assert page.check is None and not page.view.claim.isVisible()
    type_into(qtbot, page, "claim.amount", "1606.11")
    settle(qtbot, page)
    assert page.check.status == "agree"
    assert "一致" in page.view.claim.text() and page.view.claim.isVisible()
    type_into(qtbot, page, "claim.amount", "1606.12")  # one fen is a difference
    settle(qtbot, page)
    assert page.check.status == "ask"
    assert "需向申请单位核实" in page.view.claim.text() and "相差 0.01 元" in page.view.claim.text()


def test_the_banks_periods_each_explained(qtbot, window):
    page = fill(qtbot, window, "startup_loan", LOAN, {"county": "忻府区"})
    type_into(qtbot, page, "claim.periods", [{"period": 1, "subsidy": "367.50", "interest": "697.50"},
                                             {"period": 2, "subsidy": "1263.89"}])
    settle(qtbot, page)
    check = page.check
    assert check.status == "explained"
    assert [(line.label, str(line.difference)) for line in check.lines] == [("第1期", "0.00"), ("第2期", "25.28"),
                                                                           ("合计", "25.28")]
    text = page.view.claim.text()
    assert "口径不同" in text and "第2期" in text and "1,263.89" in text
    assert "申请金额按放款日适用的LPR 3.65%（2022年8月22日公布）计算，与本程序按合同签订日适用的LPR 3.70%" in text
    assert page.case.claim["periods"][1]["subsidy"] == check.lines[1].claimed


def test_the_claim_is_saved_and_reopened_with_the_case(qtbot, window, tmp_path):
    data = json.loads((ROOT_CASES / "startup_loan.json").read_text(encoding="utf-8"))
    data["claim"] = {"amount": "27978.08"}
    page = window.pages["startup_loan"]
    window.show_page(page)
    page.load(data, None, modified=True)
    assert page.check.reason == "申请金额按实际天数/365计算，与本程序按实际天数/360 相差 388.59 元"
    assert window.save_page(page, tmp_path / "c.json")
    assert json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))["claim"] == {"amount": "27978.08"}
    page.load({}, None)
    assert page.check is None and not page.view.claim.isVisible()


def test_kinds_without_periods_ask_only_for_the_amount(window):
    assert "claim.periods" not in window.pages["guarantee_fee"].form.rows
    assert "claim.amount" in window.pages["guarantee_fee"].form.rows
