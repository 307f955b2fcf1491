"""How figures read on screen and paper. babel groups digits; it never rounds (we round first, half-up)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from unicodedata import east_asian_width

from .money import to_fen

LOCALE = "zh_CN"
_HUNDREDTH = Decimal("0.01")


@lru_cache(maxsize=8)
def _locale(name: str):
    """Parsing a locale costs a millisecond; a worksheet formats thousands of figures. babel is imported here,
    when a figure is first formatted, not at import: the window's start-up would otherwise wait for it."""
    from babel import Locale

    return Locale.parse(name)


@lru_cache(maxsize=1)
def _amount_pattern():
    from babel.numbers import parse_pattern

    return parse_pattern("#,##0.00")


def fmt_amount(value: Decimal, locale: str = LOCALE) -> str:
    """1234567.891 -> 1,234,567.89 (rounded half-up to the fen before babel sees it).

    In Chinese the grouping is Python's own (the same text as babel's, tests/test_money.py): a county's list of
    worksheets shows hundreds of thousands of amounts, and babel takes ten times as long for each."""
    if locale == LOCALE:
        return f"{to_fen(value):,.2f}"
    return _amount_pattern().apply(to_fen(value), _locale(locale), decimal_quantization=False)


def fmt_percent(value: Decimal) -> str:
    """A rate held in percent, shown with at least two places: 3.7 -> 3.70%, 3.125 -> 3.125%. Never rounds."""
    if value.quantize(_HUNDREDTH) == value:
        return f"{value:.2f}%"  # only pads: the value has at most two places
    text = f"{value:f}".rstrip("0")
    return text + "0" * (2 - len(text.split(".")[1])) + "%"


def fmt_date(day: date, locale: str = LOCALE) -> str:
    """2022-06-21 -> 2022年6月21日, the way Chinese forms write dates; other locales get babel's medium date
    (en: Jun 21, 2022) for an interface shown in that language."""
    if locale == LOCALE:
        return f"{day.year}年{day.month}月{day.day}日"
    from babel.dates import format_date

    return format_date(day, "medium", locale=_locale(locale))


def text_units(text: str) -> int:
    """Width of a text in character units, as workbook columns and printed boxes are measured: East Asian wide and
    full-width characters (汉字, full-width punctuation) count two, all others one."""
    return sum(2 if east_asian_width(ch) in ("W", "F") else 1 for ch in text)
