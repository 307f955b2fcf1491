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


# -- a guarantee agency's list, entered once and claimed by calendar quarter (or as the county set) -------------------
AGENCY = {"agency_name": "定襄县融资担保有限公司", "agency_level": "county", "guarantees": [
    {"enterprise": "甲公司", "business_type": "small_micro", "amount": "1000000.00", "start_date": "2022-05-01",
     "end_date": "2023-04-30", "fee_rate": "1.0"},
    {"enterprise": "乙合作社", "business_type": "agriculture", "amount": "3000000.00", "start_date": "2023-02-15",
     "end_date": "2024-02-14", "fee_rate": "0.8"}]}


def agency(make_case, **inputs):
    return make_case("agency_claim", {**AGENCY, **inputs})


def test_an_agencys_quarters_run_from_the_measures_start_to_its_last_guarantee(rules, make_case):
    from subsidy_desk.measures.agency_claim.claim_periods import periods, unit

    spans = periods(agency(make_case).inputs, rules)
    assert spans[0] == (D(2022, 6, 8), D(2022, 6, 30))  # 甲 began before the measure: claimable from its first day
    assert spans[1] == (D(2022, 7, 1), D(2022, 9, 30))
    assert spans[-1] == (D(2024, 1, 1), D(2024, 2, 14))  # cut to the last guarantee's last day
    assert len(spans) == 8
    assert all((b[0] - a[1]).days == 1 for a, b in zip(spans, spans[1:]))
    assert unit(agency(make_case).inputs, rules) == "quarter"
    assert periods({"guarantees": []}, rules) == []


def test_a_county_that_takes_claims_by_half_year_or_year(rules_with, make_case):
    from subsidy_desk.measures.agency_claim.claim_periods import periods, unit

    by_year = rules_with({"guarantee_fee.claim_period": "year"})
    inputs = agency(make_case).inputs
    assert periods(inputs, by_year) == [(D(2022, 6, 8), D(2022, 12, 31)), (D(2023, 1, 1), D(2023, 12, 31)),
                                        (D(2024, 1, 1), D(2024, 2, 14))]
    assert unit(inputs, by_year) == "year"
    by_half = rules_with({"guarantee_fee.claim_period": "half"})
    assert periods(inputs, by_half)[1:3] == [(D(2022, 7, 1), D(2022, 12, 31)), (D(2023, 1, 1), D(2023, 6, 30))]


def test_an_agencys_claim_counts_only_the_guarantees_in_its_period(rules, make_case):
    from subsidy_desk.case import compute
    from subsidy_desk.measures.agency_claim.claim import claim

    q3 = agency(make_case, period_from="2023-07-01", period_to="2023-09-30")  # 甲 ended in April
    result = compute(q3, rules)
    assert [r.enterprise for r in result.rows] == ["乙合作社"] and result.rows[0].n == 1
    assert result.rows[0].days == 92 and str(result.total) == "3780.82"  # 3,000,000 × 0.5% × 92 ÷ 365
    assert "另有 1 笔担保期限不在申请期间内，不计入本期" in result.steps[0].text()
    assert claim(q3) == ["定襄县融资担保有限公司", "2023-07-01", "2023-09-30"]

    q1 = compute(agency(make_case, period_from="2023-01-01", period_to="2023-03-31"), rules)
    assert [(r.enterprise, r.days) for r in q1.rows] == [("甲公司", 90), ("乙合作社", 45)]


def test_an_agency_claim_without_a_period_covers_its_whole_list(rules, make_case):
    from subsidy_desk.measures.agency_claim.claim import claim

    whole = agency(make_case, guarantees=AGENCY["guarantees"][1:])
    assert claim(whole) == ["定襄县融资担保有限公司", "2023-02-15", "2024-02-14"]


def test_a_period_with_no_guarantee_in_it_is_refused_in_words(make_case):
    import pytest

    from subsidy_desk.fields import InputError

    with pytest.raises(InputError) as caught:
        agency(make_case, period_from="2024-04-01", period_to="2024-06-30")
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("inputs.period_from", "申请期间内没有担保业务：各笔担保期限都不在申请期间内，请核对申请期间（如 2023-01-01 至 2023-03-31）")]


def test_a_period_is_named_by_its_last_day():
    assert periods.name((date(2022, 6, 21), date(2022, 9, 20)), "quarter") == "2022年第3季度"
    assert periods.name((date(2022, 9, 21), date(2022, 12, 20)), "quarter") == "2022年第4季度"
    assert periods.name((date(2023, 1, 1), date(2023, 6, 30)), "half") == "2023年上半年"
    assert periods.name((date(2023, 7, 1), date(2023, 12, 31)), "half") == "2023年下半年"
    assert periods.name((date(2024, 1, 1), date(2024, 2, 14)), "year") == "2024年度"
