from decimal import Decimal as D
import pytest

from subsidy_desk.format import fmt_amount, fmt_date, fmt_percent
from subsidy_desk.money import fen, parse_decimal, parse_percent, to_fen


@pytest.mark.parametrize("factors,per,expected", [
    ((5,), 1000, "0.01"), ((4999,), 1000000, "0.00"), ((D("2.675"),), 1, "2.68"), ((D("2.665"),), 1, "2.67"),
    ((-5,), 1000, "-0.01"), ((0,), 1, "0.00"), ((1,), 3, "0.33"), ((2,), 3, "0.67"),
    # 3,000,000 × 5.20% × 92 / 360 = 39,866.666…; 100,000 × 4.5% × 1 / 360 = 12.5 exactly
    ((3000000, D("5.20"), 92), 36000, "39866.67"), ((100000, D("4.5"), 1), 36000, "12.50"),
    # an exact half-fen after division: 9 × 1 / 3600 = 0.0025 → 0.00; 18 / 3600 = 0.005 → 0.01
    ((9,), 3600, "0.00"), ((18,), 3600, "0.01"),
])
def test_fen_rounds_half_up_exactly(factors, per, expected):
    assert str(fen(*factors, per=per)) == expected


def test_babel_never_rounds_half_even():
    assert fmt_amount(D("2.665")) == "2.67"  # half-even would give 2.66
    assert fmt_amount(D("1234567.125")) == "1,234,567.13"
    assert to_fen(D("0.125")) == D("0.13")


@pytest.mark.parametrize("text,value", [("1,000,000.00", "1000000.00"), (" 5.2 ", "5.2"), (12, "12"),
                                        (0.1, "0.1"), ("1，000", "1000")])
def test_parse_decimal(text, value):
    assert parse_decimal(text) == D(value)


@pytest.mark.parametrize("text", ["abc", "1,00,0", "NaN", "Infinity", True, None, "1e"])
def test_parse_decimal_refuses(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


def test_percent_and_dates():
    assert parse_percent("5.2%") == D("5.2")
    assert fmt_percent(D("3.7")) == "3.70%" and fmt_percent(D("3.125")) == "3.125%" and fmt_percent(D("50")) == "50.00%"
    from datetime import date
    assert fmt_date(date(2022, 6, 21)) == "2022年6月21日"


def test_dates_and_amounts_in_english_for_the_english_interface():
    from datetime import date
    assert fmt_date(date(2022, 6, 21), "en") == "Jun 21, 2022"
    assert fmt_amount(D("1234567.885"), "en") == "1,234,567.89"  # rounded half-up by us, grouped by babel
