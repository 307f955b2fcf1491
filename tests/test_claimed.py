"""The claim section of a case: read strictly, kept apart from the inputs, written back as it was read."""
import pytest

from subsidy_desk.case import FORMAT, parse_case
from subsidy_desk.fields import InputError

LOAN = {"borrower_type": "individual", "principal": "200000", "contract_date": "2022-06-21",
        "maturity_date": "2023-06-21", "contract_rate": "4.65"}
GUARANTEE = {"business_type": "small_micro", "amount": "1000000", "start_date": "2022-07-01",
             "end_date": "2022-12-28", "fee_rate": "0.80", "agency_level": "county"}


def _parse(kind, inputs, claim):
    return parse_case({"format": FORMAT, "kind": kind, "applicant": {}, "inputs": inputs, "claim": claim})


def _errors(kind, inputs, claim):
    with pytest.raises(InputError) as caught:
        _parse(kind, inputs, claim)
    return {e.field: e.message for e in caught.value.errors}


def test_amount_only():
    case = _parse("guarantee_fee", GUARANTEE, {"amount": "2,479.45"})
    assert str(case.claim["amount"]) == "2479.45"
    assert case.to_json()["claim"] == {"amount": "2479.45"}


def test_periods_give_the_amount_and_round_trip():
    case = _parse("startup_loan", LOAN, {"periods": [{"period": 2, "subsidy": "1238.61"},
                                                    {"period": 1, "subsidy": "367.5", "interest": "697.50"}]})
    assert str(case.claim["amount"]) == "1606.11"
    assert [p["period"] for p in case.claim["periods"]] == [1, 2]
    again = parse_case(case.to_json())
    assert again.claim == case.claim


def test_empty_claim_is_no_claim():
    assert _parse("startup_loan", LOAN, {}).claim is None
    assert _parse("startup_loan", LOAN, {"periods": []}).claim is None
    assert "claim" not in _parse("startup_loan", LOAN, {}).to_json()


def test_amount_and_periods_must_agree():
    errors = _errors("startup_loan", LOAN, {"amount": "1606.12", "periods": [{"period": 1, "subsidy": "1606.11"}]})
    assert errors == {"claim.amount": "申请金额 1606.12 与分期申请贴息合计 1606.11 不符"}


def test_periods_only_where_the_result_has_periods():
    errors = _errors("guarantee_fee", GUARANTEE, {"periods": [{"period": 1, "subsidy": "1.00"}]})
    assert errors == {"claim.periods": "该类型不分期，只填写申请金额"}


def test_bad_claims_are_named():
    errors = _errors("startup_loan", LOAN, {"amount": "-1", "periods": [{"period": 1, "subsidy": "1.001"},
                                                                      {"period": 1, "subsidy": "2"}],
                                            "bank": "x"})
    assert errors["claim.amount"] == "不能为负数"
    assert errors["claim.periods[1].subsidy"] == "金额最多两位小数（到分）"
    assert errors["claim.bank"] == "未知字段（请检查拼写）"
    errors = _errors("startup_loan", LOAN, {"periods": [{"period": 1, "subsidy": "1"}, {"period": 1, "subsidy": "2"}]})
    assert errors == {"claim.periods": "同一期次出现两次，请合并"}
    assert _errors("startup_loan", LOAN, "1000") == {"claim": "应为对象（{...}）"}
