"""Each dated change of the rules, computed the day before and the day it takes effect."""
import json
import os
from decimal import Decimal as D

import pytest

from subsidy_desk.case import compute


def small_micro(contract: str, maturity: str) -> dict:
    return {"borrower_type": "small_micro", "principal": "1000000.00", "contract_date": contract,
            "maturity_date": maturity, "contract_rate": "4.60", "lpr": "3.65", "settlement": "at_maturity",
            "staff_count": 10, "new_hires": 2}


def test_xinzhou_topup_starts_on_the_policy_date(rules, make_case):
    before = compute(make_case("startup_loan", small_micro("2022-06-07", "2023-06-07")), rules)
    on = compute(make_case("startup_loan", small_micro("2022-06-08", "2023-06-08")), rules)
    f_before = {f.key: f.value for f in before.figures}
    f_on = {f.key: f.value for f in on.figures}
    assert f_before["topup"] == 0 and before.total == f_before["national"]
    # national rate 4.60 − (3.65 − 1.50) = 2.45%; with the top-up the rate is the LPR, 3.65%
    assert f_on["national"] == D("24840.28")  # 1,000,000 × 2.45% × 365 / 360
    assert on.total == D("37006.94")  # 1,000,000 × 3.65% × 365 / 360


def test_national_rule_changes_on_2023_10_01_when_caijin_2023_75_took_effect(rules, make_case):
    before = compute(make_case("startup_loan", small_micro("2023-09-30", "2024-09-30")), rules)
    on = compute(make_case("startup_loan", small_micro("2023-10-01", "2024-10-01")), rules)
    f_before = {f.key: f.value for f in before.figures}
    f_on = {f.key: f.value for f in on.figures}
    assert f_before["national"] == D("24908.33")  # 2.45% × 366 / 360
    assert f_on["national"] == D("23383.33")  # 50% × 4.60% = 2.30% × 366 / 360
    assert [r.value for r in before.steps[0].rules[:2]] == ["caijin_2020_21", "lpr_minus_spread"]
    assert [r.value for r in on.steps[0].rules[:2]] == ["caijin_2023_75", "share_of_rate"]


@pytest.mark.parametrize("start,end,eligible", [
    ("2021-10-01", "2021-12-31", False),  # 2019-2021: only 小规模纳税人
    ("2022-01-01", "2022-03-31", True),   # from 2022: 个体工商户 too
    ("2027-10-01", "2027-12-31", True),
])
def test_six_taxes_who_qualifies_by_period(rules, make_case, start, end, eligible):
    r = compute(make_case("six_taxes", {"taxpayer_type": "individual_business", "period_start": start,
                                        "period_end": end, "items": [{"item": "stamp_duty", "payable": "10.00"}]}),
                rules)
    assert r.total == (D("5.00") if eligible else D("0.00"))


def test_six_taxes_after_2027_is_refused(rules, make_case):
    from subsidy_desk.fields import InputError

    with pytest.raises(InputError, match="inputs.period_start: 该日期不在政策有效期内"):
        compute(make_case("six_taxes", {"taxpayer_type": "small_scale", "period_start": "2028-01-01",
                                        "period_end": "2028-03-31", "items": [{"item": "stamp_duty",
                                                                               "payable": "10.00"}]}), rules)


def test_six_taxes_period_straddling_a_change_is_refused(rules, make_case):
    from subsidy_desk.fields import InputError

    with pytest.raises(InputError, match="跨越政策调整日"):
        compute(make_case("six_taxes", {"taxpayer_type": "small_scale", "period_start": "2022-12-01",
                                        "period_end": "2023-01-31", "items": [{"item": "stamp_duty",
                                                                               "payable": "10.00"}]}), rules)


def individual(contract: str, maturity: str) -> dict:
    return {"borrower_type": "individual", "principal": "300000.00", "contract_date": contract,
            "maturity_date": maturity, "contract_rate": "4.45", "lpr": "3.45", "settlement": "at_maturity",
            "day_count": "month"}


def test_a_county_moves_the_2023_switch_with_one_dated_value(tmp_path, make_case):
    """Shanxi's own adoption date is unknown: moving ``startup_loan.regime`` moves the limits and the method."""
    from pathlib import Path

    from subsidy_desk.rules.load import load_rules

    shipped = load_rules(overrides=Path(os.devnull))
    over = tmp_path / "overrides.json"
    over.write_text(json.dumps({"format": "subsidy-desk/overrides@1", "parameters": {"startup_loan.regime": [
        {"from": "2020-01-01", "value": "caijin_2020_21", "document": "某县财〔2024〕1号", "note": "本县执行日"},
        {"from": "2024-01-01", "value": "caijin_2023_75", "document": "某县财〔2024〕1号", "note": "本县执行日"}]}}),
        encoding="utf-8")
    moved = load_rules(overrides=over)
    case = make_case("startup_loan", individual("2023-11-15", "2024-11-15"))
    a, b = compute(case, shipped), compute(case, moved)
    # Shipped: 75号 from 2023-10-01, so 300,000 at 50% × 4.45% = 2.225% → 6,675.00.
    assert a.total == D("6675.00") and {r.subsidy_rate for r in a.rows} == {D("2.225")}
    # Moved to 2024-01-01: the 2020 rules still hold — 200,000 cap, rate 4.45 − (3.45 − 1.50) = 2.50% → 5,000.00.
    assert b.total == D("5000.00") and {r.subsidy_rate for r in b.rows} == {D("2.50")}
    assert "本县将财金〔2020〕21号的适用日期调整为" in b.explanation_text()
    assert [w.code for w in b.warnings] == ["amount_cap"]
    after = compute(make_case("startup_loan", individual("2024-01-02", "2025-01-02")), moved)
    assert {r.subsidy_rate for r in after.rows} == {D("2.225")}
