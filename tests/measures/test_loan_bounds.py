"""A loan asks for at most 5 years and 60 repayments of work: anything longer is refused as it is read."""
from datetime import date, timedelta

import pytest

from subsidy_desk.case import FORMAT, compute, parse_case
from subsidy_desk.fields import InputError
from subsidy_desk.measures.daycount import add_months
from subsidy_desk.measures.startup_loan.calculator import MAX_REPAYMENTS, MAX_YEARS


def _loan(**inputs):
    base = {"borrower_type": "individual", "principal": "60000.00", "contract_date": "2022-07-01",
            "maturity_date": "2024-07-01", "contract_rate": "4.35", "settlement": "monthly"}
    return {"format": FORMAT, "kind": "startup_loan", "applicant": {}, "inputs": {**base, **inputs}}


def _errors(data) -> dict[str, str]:
    with pytest.raises(InputError) as err:
        parse_case(data)
    return {e.field: e.message for e in err.value.errors}


def test_the_longest_loan_allowed_is_computed(rules):
    last = add_months(date(2022, 7, 1), 12 * MAX_YEARS)
    repayments = [{"date": add_months(date(2022, 7, 1), i).isoformat(), "amount": "1000.00"}
                  for i in range(1, MAX_REPAYMENTS + 1)]
    case = parse_case(_loan(maturity_date=last.isoformat(), repayments=repayments))
    result = compute(case, rules)
    assert result.rows[-1].to_day == last - timedelta(days=1)
    assert any(r.note.startswith("超过期限上限") for r in result.rows)  # beyond 3 years: computed, not subsidised


def test_a_maturity_typed_decades_late_is_refused():
    errors = _errors(_loan(maturity_date="2099-07-01"))
    assert errors == {"inputs.maturity_date": f"到期日距放款日超过 {MAX_YEARS} 年（贴息期限最长 3 年，含展期也不超过 "
                                              f"{MAX_YEARS} 年），请核对年份"}
    one_day_over = add_months(date(2022, 7, 1), 12 * MAX_YEARS) + timedelta(days=1)
    assert "inputs.maturity_date" in _errors(_loan(maturity_date=one_day_over.isoformat()))


def test_a_repayment_after_the_bound_is_refused():
    errors = _errors(_loan(repayments=[{"date": "2024-07-01", "amount": "30000.00"},
                                       {"date": "2030-07-01", "amount": "30000.00"}]))
    assert errors == {"inputs.repayments[2].date": f"还款日距放款日超过 {MAX_YEARS} 年，请核对年份"}


def test_too_many_repayments_are_refused_once_not_one_by_one():
    day = date(2022, 7, 2)
    repayments = [{"date": (day + timedelta(days=i)).isoformat(), "amount": "1.00"} for i in range(2000)]
    errors = _errors(_loan(principal="2000.00", repayments=repayments))
    assert errors == {"inputs.repayments": f"还款计划有 2000 笔，最多 {MAX_REPAYMENTS} 笔（{MAX_YEARS} 年内每月一笔），请核对"}


def test_repayments_that_do_not_add_up_say_both_amounts_as_a_clerk_reads_them():
    errors = _errors(_loan(principal="3000000.00", repayments=[{"date": "2023-07-01", "amount": "2500000.00"}]))
    assert errors == {"inputs.repayments": "还款本金合计 2,500,000.00 元与贷款本金 3,000,000.00 元不符，请核对还款计划"}
