"""Each dated change of the rules, computed the day before and the day it takes effect."""
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


def test_national_rule_changes_on_2023_09_04(rules, make_case):
    before = compute(make_case("startup_loan", small_micro("2023-09-03", "2024-09-03")), rules)
    on = compute(make_case("startup_loan", small_micro("2023-09-04", "2024-09-04")), rules)
    f_before = {f.key: f.value for f in before.figures}
    f_on = {f.key: f.value for f in on.figures}
    assert f_before["national"] == D("24908.33")  # 2.45% × 366 / 360
    assert f_on["national"] == D("23383.33")  # 50% × 4.60% = 2.30% × 366 / 360
    assert before.steps[0].rules[0].value == "lpr_minus_spread"
    assert on.steps[0].rules[0].value == "share_of_rate"


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
