"""Inputs that compute but cannot be what the contract says: a warning the clerk sees (issue 14, point 5).

Each is a non-blocking Notice: the figure is computed as typed, and the window, the worksheet, the batch 提示
column and `compute --text` all show the sentence.
"""
import json

import pytest

from subsidy_desk.case import compute, parse_case

from ..conftest import ROOT


def case(kind: str, **inputs):
    data = json.loads((ROOT / "docs" / "cases" / f"{kind}.json").read_text(encoding="utf-8"))
    data["inputs"].update(inputs)
    return parse_case(data)


def codes(result) -> set[str]:
    return {w.code for w in result.warnings}


def test_a_repayment_after_maturity_is_warned(rules):
    plain = case("startup_loan")
    late = case("startup_loan", maturity_date="2023-06-20",
                repayments=[{"date": "2023-06-20", "amount": "1000000"}, {"date": "2023-09-20", "amount": "2000000"}])
    assert "repayment_after_maturity" not in codes(compute(plain, rules))
    result = compute(late, rules)
    notice = next(w for w in result.warnings if w.code == "repayment_after_maturity")
    assert not notice.blocking
    assert notice.message.startswith("第 2 笔还款日 2023年9月20日 晚于到期日 2023年6月20日")


def test_more_new_hires_than_staff_is_warned(rules):
    ok = compute(case("startup_loan", borrower_type="small_micro", staff_count=40, new_hires=8), rules)
    assert "new_hires_above_staff" not in codes(ok)
    odd = compute(case("startup_loan", borrower_type="small_micro", staff_count=8, new_hires=40), rules)
    notice = next(w for w in odd.warnings if w.code == "new_hires_above_staff")
    assert notice.message == "新招用人数 40 人多于职工人数 8 人，请核对（职工人数应包括新招用人员）"


@pytest.mark.parametrize("charged,warned", [("8000", False), ("1000000", False), ("1000000.01", True),
                                            ("80000000", True)])
def test_a_fee_above_the_guaranteed_amount_is_warned(rules, charged, warned):
    result = compute(case("guarantee_fee", amount="1000000", fee_rate=None, fee_charged=charged), rules)
    assert ("fee_above_amount" in codes(result)) is warned
