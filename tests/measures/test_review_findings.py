"""Cases an audit of the core turned up: each was wrong once, each must stay right."""
import json
from decimal import Decimal as D

import pytest

from subsidy_desk.case import compute
from subsidy_desk.rules.load import load_rules
from subsidy_desk.rules.model import RuleError

GUARANTEE = {"business_type": "small_micro", "amount": "1000000.00", "start_date": "2022-07-01",
             "end_date": "2022-12-27", "agency_level": "county"}


@pytest.fixture
def each(rules_with):
    """A county that pays the enterprise and tests each guarantee against the cap."""
    return rules_with({"guarantee_fee.cap_test": "each", "guarantee_fee.recipient": "enterprise"})


def test_fee_charged_exactly_at_the_cap_passes_like_the_rate_does(each, make_case):
    rules = each
    by_fee = compute(make_case("guarantee_fee", {**GUARANTEE, "fee_charged": "4931.51"}), rules)
    by_rate = compute(make_case("guarantee_fee", {**GUARANTEE, "fee_rate": "1.0"}), rules)
    assert by_rate.rows[0].fee == D("4931.51")
    assert by_fee.total == by_rate.total == D("2465.75")
    over = compute(make_case("guarantee_fee", {**GUARANTEE, "fee_charged": "4931.52"}), rules)
    assert over.total == D("0.00") and [(w.code, w.blocking) for w in over.warnings] == [("not_eligible", True)]


def test_rate_and_fee_both_given_is_refused(make_case):
    from subsidy_desk.fields import InputError

    with pytest.raises(InputError, match="inputs.fee_charged: 担保费率与实收担保费只填一项"):
        make_case("guarantee_fee", {**GUARANTEE, "fee_rate": "0.8", "fee_charged": "100"})


def test_amounts_entered_as_integers_carry_two_places(each, make_case):
    r = compute(make_case("guarantee_fee", {**GUARANTEE, "fee_charged": 1000}), each)
    assert str(r.total) == "1000.00" and str(r.rows[0].fee) == "1000.00"
    assert r.to_json()["total"] == "1000.00"


LIUZHOU = {"borrower_type": "individual", "principal": "100000.00", "contract_date": "2022-09-01",
           "maturity_date": "2023-09-01", "contract_rate": "5.15", "lpr": "3.65", "settlement": "quarterly"}


@pytest.mark.parametrize("conv", ["month", "act360", "act365"])
@pytest.mark.parametrize("cut", ["2022-09-10", "2022-12-31", "2023-01-01", "2023-06-21", "2023-08-31"])
def test_claims_split_anywhere_add_up_to_the_whole(rules, make_case, conv, cut):
    from datetime import date, timedelta

    cut_day = date.fromisoformat(cut)
    whole = compute(make_case("startup_loan", {**LIUZHOU, "day_count": conv}), rules)
    first = compute(make_case("startup_loan", {**LIUZHOU, "day_count": conv,
                                               "claim_to": (cut_day - timedelta(days=1)).isoformat()}), rules)
    second = compute(make_case("startup_loan", {**LIUZHOU, "day_count": conv, "claim_from": cut}), rules)
    assert first.total + second.total == whole.total
    for key in ("interest", "national", "borrower"):
        f = {x.key: x.value for x in first.figures}[key] + {x.key: x.value for x in second.figures}[key]
        assert f == {x.key: x.value for x in whole.figures}[key]


def test_month_based_quarter_is_worth_three_months_even_when_cut(rules, make_case):
    whole = compute(make_case("startup_loan", {**LIUZHOU, "day_count": "month"}), rules)
    quarter = [r for r in whole.rows if r.from_day.isoformat() == "2022-12-21"][0]
    assert quarter.interest == D("1287.50")  # 100,000 × 5.15% × 3 / 12


def test_refunded_input_vat_is_taken_off_the_base(rules, make_case):
    r = compute(make_case("six_taxes", {"taxpayer_type": "small_scale", "period_start": "2023-04-01",
                                        "period_end": "2023-06-30", "vat_paid": "6000.00", "vat_refund": "1500.00",
                                        "location": "town"}), rules)
    assert [str(x.payable) for x in r.rows] == ["225.00", "135.00", "90.00"]  # on 4,500.00
    assert r.total == D("225.00")


def test_two_fee_exemption_has_its_own_column(rules, make_case):
    r = compute(make_case("six_taxes", {"taxpayer_type": "small_scale", "period_start": "2023-04-01",
                                        "period_end": "2023-06-30", "sales": "280000.00",
                                        "items": [{"item": "education_surcharge", "payable": "84.00",
                                                   "other_relief": "4.00"}]}), rules)
    row = r.rows[0]
    assert (row.other_relief, row.exempt, row.base, row.reduction) == (D("4.00"), D("80.00"), 0, 0)


def test_small_low_profit_assets_compared_exactly(rules, make_case):
    q = [{"headcount_start": 10, "headcount_end": 10, "assets_start": "50000000.00", "assets_end": "50000000.00"}] * 2
    q.append({"headcount_start": 10, "headcount_end": 10, "assets_start": "50000000.00", "assets_end": "50000000.02"})
    r = compute(make_case("six_taxes", {"taxpayer_type": "small_low_profit", "period_start": "2023-07-01",
                                        "period_end": "2023-09-30", "slp_basis": "annual_filing",
                                        "slp_filing_year": 2022, "slp_taxable_income": "100000.00",
                                        "slp_quarters": q, "items": [{"item": "stamp_duty", "payable": "100.00"}]}),
                rules)
    assert r.total == D("0.00") and [w.code for w in r.warnings] == ["not_eligible"]
    assert "资产总额超过" in r.warnings[0].message


def test_lpr_entered_unlike_the_table_is_flagged(rules, make_case):
    r = compute(make_case("startup_loan", {**LIUZHOU, "lpr": "3.70"}), rules)
    assert [w.code for w in r.warnings] == ["lpr_differs"]
    assert [w.code for w in compute(make_case("startup_loan", LIUZHOU), rules).warnings] == []


def test_overdue_periods_are_named_in_a_warning(rules, make_case):
    r = compute(make_case("startup_loan", {**LIUZHOU, "overdue_from": "2023-06-01"}), rules)
    assert [w.code for w in r.warnings] == ["overdue"]
    assert "2023年6月1日" in r.warnings[0].message


def _override(tmp_path, parameters):
    path = tmp_path / "overrides.json"
    path.write_text(json.dumps({"format": "subsidy-desk/overrides@1", "parameters": parameters}), encoding="utf-8")
    return path


def local(value):
    return [{"from": "2022-06-08", "value": value, "document": "某县文件", "note": "测试"}]


def test_a_share_above_100_percent_is_refused(tmp_path):
    with pytest.raises(RuleError, match="city_share_county_agency.*不能大于 100"):
        load_rules(overrides=_override(tmp_path, {"guarantee_fee.city_share_county_agency": local("150")}))


def test_shares_that_do_not_add_up_to_100_are_refused(tmp_path):
    with pytest.raises(RuleError, match="合计为 90%，应为 100%"):
        load_rules(overrides=_override(tmp_path, {"startup_loan.share_central": local("40")}))
    rules = load_rules(overrides=_override(tmp_path, {"startup_loan.share_central": local("40"),
                                                      "startup_loan.share_county": local("10")}))
    assert rules.value("startup_loan.share_county", __import__("datetime").date(2023, 1, 1)) == D("10")


def test_guarantee_case_files_of_format_1_keep_the_end_day_uncounted(rules):
    """A case@1 file meant 2022-07-01 to 2022-12-28 as 180 days; read today it still does, and says so."""
    from subsidy_desk.case import FORMAT, parse_case
    from subsidy_desk.case import compute as compute_case

    old = {"format": "subsidy-desk/case@1", "kind": "guarantee_fee", "applicant": {},
           "inputs": {**GUARANTEE, "end_date": "2022-12-28", "fee_rate": "0.8"}}
    case = parse_case(old)
    assert case.inputs["end_day"] == "exclusive"
    r = compute_case(case, rules)
    assert r.rows[0].days == 180 and r.rows[0].fee == D("3945.21")
    assert "不含到期日当日，按旧版案例文件的约定" in r.explanation_text()
    saved = case.to_json()
    assert saved["format"] == FORMAT and saved["inputs"]["end_day"] == "exclusive"
    assert compute_case(parse_case(saved), rules).total == r.total
    new = parse_case({**old, "format": FORMAT})
    assert compute_case(new, rules).rows[0].days == 181


def test_a_fee_charged_is_tested_against_the_cap_in_fen_not_a_rounded_rate(each, make_case):
    rules = each
    year = {"business_type": "small_micro", "industry": "lodging", "amount": "2000000.00",
            "start_date": "2022-08-01", "end_date": "2023-07-31", "agency_level": "county"}
    ok = compute(make_case("guarantee_fee", {**year, "fee_charged": "10000.00"}), rules)
    assert ok.warnings == []
    assert "四舍五入到分后比较" in ok.explanation_text() and "10,000.00 元" in ok.explanation_text()
    over = compute(make_case("guarantee_fee", {**year, "fee_charged": "10000.01"}), rules)
    assert over.total == D("0.00")


REPAID_IN_PERIOD = {**LIUZHOU, "day_count": "act360", "repayments": [
    {"date": "2023-01-10", "amount": "50000.00"}, {"date": "2023-09-01", "amount": "50000.00"}]}


def test_a_settlement_period_is_rounded_once_and_its_segments_shown_unrounded(rules, make_case):
    r = compute(make_case("startup_loan", REPAID_IN_PERIOD), rules)
    third = [row for row in r.rows if row.period == 3]
    assert len(third) == 1 and third[0].interest == D("786.81") and third[0].days == 90
    assert "按积数计息（2 段）" in third[0].note
    text = r.explanation_text()
    assert "计息积数（Σ 余额 × 天数） 5,500,000.00" in text
    assert "第1段 2022年12月21日至2023年1月9日 余额 100,000.00 元 × 20 天 = 积数 2,000,000.00；利息 ≈286.111111 元（未舍入）" in text
    assert "第2段 2023年1月10日至2023年3月20日 余额 50,000.00 元 × 70 天 = 积数 3,500,000.00；利息 ≈500.694444 元（未舍入）" in text
    assert "积数计息：结息期内余额变动时" in text
    assert r.total == sum((row.subsidy for row in r.rows), D("0.00"))


def test_loan_case_files_of_format_1_keep_per_segment_rounding(rules):
    """A loan registered before the change recomputes to the figure it was registered with."""
    from subsidy_desk.case import compute as compute_case
    from subsidy_desk.case import parse_case

    old = parse_case({"format": "subsidy-desk/case@1", "kind": "startup_loan", "inputs": REPAID_IN_PERIOD})
    assert old.inputs["rounding"] == "segment"
    assert compute_case(old, rules).total == D("2066.67")
    assert old.to_json()["inputs"]["rounding"] == "segment"
