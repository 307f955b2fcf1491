"""A loan's claim quarters: 本季度, 上季度, the next one not claimed, and what is left to claim."""
from datetime import date

from subsidy_desk.case import read_case
from subsidy_desk.measures import periods
from subsidy_desk.measures.startup_loan.claim_periods import loan_span, quarters

from ..conftest import ROOT

D = date


def loan(rules):
    case = read_case(ROOT / "docs" / "cases" / "startup_loan.json")  # 2022-06-21 to 2024-06-20, quarterly
    return quarters(case.inputs, rules)


def test_quarters_run_to_each_settlement_day_and_stop_before_maturity(rules):
    spans = loan(rules)
    assert spans[0] == (D(2022, 6, 21), D(2022, 9, 20))  # the worked example's claim
    assert spans[1] == (D(2022, 9, 21), D(2022, 12, 20))
    assert spans[-1] == (D(2024, 3, 21), D(2024, 6, 19))  # the maturity day accrues no interest
    assert len(spans) == 8
    assert all((b[0] - a[1]).days == 1 for a, b in zip(spans, spans[1:]))  # no gap, no overlap


def test_this_quarter_and_the_one_before(rules):
    spans = loan(rules)
    assert periods.containing(spans, D(2022, 10, 15)) == (D(2022, 9, 21), D(2022, 12, 20))
    assert periods.before(spans, D(2022, 10, 15)) == (D(2022, 6, 21), D(2022, 9, 20))
    assert periods.containing(spans, D(2022, 12, 20)) == (D(2022, 9, 21), D(2022, 12, 20))  # settlement day: in
    assert periods.containing(spans, D(2021, 1, 1)) == spans[0]  # before the loan: its first quarter
    assert periods.containing(spans, D(2030, 1, 1)) == spans[-1]
    assert periods.before(spans, D(2022, 7, 1)) == spans[0]  # nothing before the first


def test_left_to_claim_and_the_next_claim(rules):
    spans = loan(rules)
    claimed = [(D(2022, 6, 21), D(2022, 9, 20)), (D(2022, 12, 21), D(2023, 3, 20))]
    assert periods.unclaimed(spans, claimed) == [(D(2022, 9, 21), D(2022, 12, 20)), (D(2023, 3, 21), D(2024, 6, 19))]
    assert periods.next_unclaimed(spans, claimed) == (D(2022, 9, 21), D(2022, 12, 20))
    assert periods.unclaimed(spans, [(spans[0][0], spans[-1][1])]) == []
    assert periods.next_unclaimed(spans, [(spans[0][0], spans[-1][1])]) is None
    assert periods.unclaimed(spans, []) == [(spans[0][0], spans[-1][1])]


def test_a_repaid_or_overdue_loan_ends_there(rules):
    case = read_case(ROOT / "docs" / "cases" / "startup_loan.json")
    inputs = {**case.inputs, "overdue_from": D(2023, 1, 1)}
    assert loan_span(inputs) == (D(2022, 6, 21), D(2022, 12, 31))
    assert quarters(inputs, rules)[-1] == (D(2022, 12, 21), D(2022, 12, 31))
