"""The ledger keeps what was claimed beside what is approved; approval and payment are the program's figure, with the
claim, the difference and its reason in the history."""
from datetime import date
from decimal import Decimal

from subsidy_desk.case import parse_case

from .conftest import case_data


def _claimed(amount, **inputs):
    data = case_data("startup_loan", **inputs)
    data["claim"] = {"amount": amount}
    return parse_case(data)


def test_the_approved_amount_is_paid_with_the_claim_and_its_reason_in_the_history(staff):
    case_id = staff["li"].add(_claimed("27978.08"))
    entry = staff["li"].get(case_id)
    assert entry.total == Decimal("28366.67")
    version = staff["li"].versions(case_id)[-1]
    assert str(version.case.claim["amount"]) == "27978.08"  # both figures kept: the claim with the case ...
    assert version.result["claim_check"]["difference"] == "-388.59"  # ... and the check with its result
    staff["wang"].approve(case_id)
    staff["zhao"].pay(case_id, date.today(), Decimal("28366.67"), "拨-2022-101")
    events = {e.action: e.detail for e in staff["li"].history(case_id)}
    reason = "申请金额按实际天数/365计算，与本程序按实际天数/360 相差 388.59 元"
    for action in ("登记", "审核通过", "拨付"):
        assert events[action]["申请金额"] == "27,978.08"
        assert events[action]["差额"] == "-388.59"
        assert events[action]["核对结论"] == "口径不同"
        assert events[action]["差异原因"] == reason
    assert events["审核通过"]["审定金额"] == "28,366.67"
    assert events["拨付"]["金额"] == "28,366.67"
    assert "差异原因：" + reason in staff["li"].history(case_id)[1].describe()


def test_a_claim_that_agrees_says_so_and_a_case_without_one_says_nothing(staff):
    agreeing = staff["li"].add(_claimed("28366.67"))
    plain = staff["li"].add(parse_case(case_data("startup_loan", contract_no="JK-2")))
    first = staff["li"].history(agreeing)[0].detail
    assert (first["申请金额"], first["差额"], first["核对结论"]) == ("28,366.67", "0.00", "一致")
    assert "差异原因" not in first
    assert "申请金额" not in staff["li"].history(plain)[0].detail


def test_a_corrected_claim_is_checked_again(staff):
    case_id = staff["li"].add(_claimed("1.00"))
    assert staff["li"].history(case_id)[0].detail["核对结论"] == "需向申请单位核实"
    staff["li"].recompute(case_id, _claimed("28366.67"))
    assert staff["li"].history(case_id)[-1].detail["核对结论"] == "一致"
