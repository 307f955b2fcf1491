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


# -- amounts as clerks write them, and numbers bounded before any arithmetic (issues 9.6 and 14.2, 14.5) --------
from subsidy_desk.money import MAX_TEXT, NumberRefused, in_wan, parse_amount, parse_count  # noqa: E402


@pytest.mark.parametrize("text,value", [("300万", "3000000"), ("300万元", "3000000"), ("30.5万", "305000"),
                                        ("３００万", "3000000"), ("30.5 万元", "305000"), ("0.0001万", "1"),
                                        ("¥3,000,000.00", "3000000"), ("￥12元", "12"), ("３，０００．５０", "3000.50"),
                                        ("1,000万", "10000000"), (3000000, "3000000")])
def test_parse_amount_reads_wan_exactly(text, value):
    assert parse_amount(text) == D(value)
    assert "E" not in str(parse_amount(text))  # never 3.00E+6: the figure reads as an amount


@pytest.mark.parametrize("text", ["万", "元", "300万万", "万300", "3百万", "300w", "1__0", "1_000", "٣٠٠", "۳۰۰", "३००",
                                  "1e999", "1e-999999999", "-1e+999999999", "9" * 40, "1" * (MAX_TEXT + 1),
                                  "NaN", "inf", "sNaN", float("inf"), float("nan"), 2 ** 200, D("1e-999999999"),
                                  D("1e999"), D("Infinity")])
def test_numbers_past_the_bounds_or_in_other_scripts_are_refused(text):
    with pytest.raises(NumberRefused):
        parse_amount(text)
    with pytest.raises(NumberRefused):
        parse_decimal(text)


def test_a_digit_of_another_script_is_named():
    with pytest.raises(NumberRefused, match="“٣”不是 0–9 的数字"):
        parse_decimal("٣00")


def test_the_bounds_leave_every_real_figure_alone():
    assert parse_decimal("0.30000000000000004") == D("0.30000000000000004")  # 0.1 + 0.2 from Excel: told, not refused
    assert parse_decimal("999999999999999.99") == D("999999999999999.99")
    assert parse_percent("５.２％") == D("5.2") and parse_decimal("1e5") == D("100000")


@pytest.mark.parametrize("text,value", [("12", 12), ("１２", 12), (" 7 ", 7), (40, 40), (3.0, 3), ("007", 7)])
def test_parse_count(text, value):
    assert parse_count(text) == value


@pytest.mark.parametrize("text", ["1__0", "1_0", "١٢", "12.5", "1e3", "-3", "²", "9" * 10, 2 ** 70, 1.5, True, "", None])
def test_parse_count_refuses(text):
    with pytest.raises(NumberRefused):
        parse_count(text)


def test_in_wan():
    assert in_wan("300万") and in_wan("30.5 万元") and not in_wan("300") and not in_wan("300元") and not in_wan(300)


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=300)
@given(st.decimals(min_value=-10**13, max_value=10**13, places=4, allow_nan=False, allow_infinity=False))
def test_amounts_read_as_babel_groups_them(value):
    """fmt_amount groups Chinese amounts itself (a county's worksheets show hundreds of thousands): babel's text."""
    from subsidy_desk.format import LOCALE, _amount_pattern, _locale

    assert fmt_amount(value) == _amount_pattern().apply(to_fen(value), _locale(LOCALE), decimal_quantization=False)


def _split_in_decimals(total, shares):
    """split_by_shares as it was before its whole-number way: the reference both ways must agree with."""
    from decimal import ROUND_FLOOR

    weight = sum((s for _, s in shares), D("0.00"))
    if weight <= 0:
        raise ValueError("分担比例合计必须大于 0")
    exact = [total * s / weight for _, s in shares]
    parts = [e.quantize(D("0.01"), rounding=ROUND_FLOOR) for e in exact]
    left = int((total - sum(parts, D("0.00"))) / D("0.01"))
    if left:
        for i in sorted(range(len(exact)), key=lambda i: (parts[i] - exact[i], i))[:left]:
            parts[i] += D("0.01")
    return [(name, part) for (name, _), part in zip(shares, parts)]


@settings(max_examples=500)
@given(st.lists(st.integers(0, 10000), min_size=1, max_size=6), st.integers(-1, 1),
       st.one_of(st.integers(0, 10**19), st.integers(-10**6, 10**23)), st.integers(0, 3))
def test_shares_split_every_total_as_the_decimal_way_does(cuts, off, fen_total, places):
    """Split in whole fen when the shares are hundredths adding up to 100% (the usual case), in decimals otherwise:
    the same parts to the fen, the same two places, and the same refusal."""
    from subsidy_desk.money import Shares, split_by_shares

    points = sorted(cuts[1:])
    hundredths = [b - a for a, b in zip([0, *points], [*points, 10000])]
    hundredths[0] += off  # now and then not adding up to 100%
    shares = [(f"第{i}级", D(h).scaleb(-2) if i % 2 else D(h) / 100) for i, h in enumerate(hundredths)]
    total = D(fen_total).scaleb(-places)
    try:
        expected = _split_in_decimals(total, shares)
    except ValueError as exc:
        for split in (lambda: split_by_shares(total, shares), lambda: Shares(shares).split(total)):
            with pytest.raises(ValueError, match=str(exc)):
                split()
        return
    for got in (split_by_shares(total, shares), Shares(shares).split(total)):
        assert [(name, str(part)) for name, part in got] == [(name, str(part)) for name, part in expected]
