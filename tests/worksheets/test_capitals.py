"""The capitals converter against every example of REFERENCE.md section 4 and the edges a form meets."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidy_desk.worksheets.capitals import DIGITS, to_capitals

REFERENCE = [  # REFERENCE.md section 4, verbatim
    ("1409.50", "人民币壹仟肆佰零玖元伍角"),
    ("6007.14", "人民币陆仟零柒元壹角肆分"),
    ("16409.02", "人民币壹万陆仟肆佰零玖元零贰分"),
    ("325.04", "人民币叁佰贰拾伍元零肆分"),
    ("14000", "人民币壹万肆仟元整"),
    ("10400", "人民币壹万零肆佰元整"),
    ("0", "人民币零元整"),
]
EDGES = [
    ("0.00", "人民币零元整"),
    ("0.05", "人民币伍分"),
    ("0.50", "人民币伍角"),
    ("10.00", "人民币壹拾元整"),
    ("15", "人民币壹拾伍元整"),
    ("100000000.01", "人民币壹亿元零壹分"),
    ("1000000000.00", "人民币壹拾亿元整"),
    ("100000001", "人民币壹亿零壹元整"),
    ("1000400", "人民币壹佰万零肆佰元整"),
    ("107000.53", "人民币壹拾万柒仟元伍角叁分"),  # the rule's own example (first of its two allowed forms)
    ("28366.67", "人民币贰万捌仟叁佰陆拾陆元陆角柒分"),
    ("3000000.00", "人民币叁佰万元整"),
]


@pytest.mark.parametrize("amount,text", REFERENCE + EDGES)
def test_examples(amount, text):
    assert to_capitals(Decimal(amount)) == text


@pytest.mark.parametrize("amount", ["-0.01", "-100", "1.005", "NaN", "Infinity", "1E16"])
def test_refused(amount):
    with pytest.raises(ValueError):
        to_capitals(Decimal(amount))


def _section(text: str) -> int:
    """壹仟零玖 -> 1009: digits before their place, 零 only marks a gap."""
    value, digit = 0, 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS.index(ch)
        else:
            value += digit * {"拾": 10, "佰": 100, "仟": 1000}[ch]
            digit = 0
    return value + digit


def _integer(text: str) -> int:
    if "亿" in text:
        high, low = text.split("亿", 1)
        return _integer(high) * 100_000_000 + _integer(low)
    if "万" in text:
        high, low = text.split("万", 1)
        return _section(high) * 10_000 + _section(low)
    return _section(text)


def _read_back(text: str) -> Decimal:
    """Parse capitals back into a number: an independent check of the converter's arithmetic."""
    body = text.removeprefix("人民币").removesuffix("整")
    yuan, _, small = body.rpartition("元") if "元" in body else ("", "", body)
    jiao = DIGITS.index(small[small.index("角") - 1]) if "角" in small else 0
    fen = DIGITS.index(small[small.index("分") - 1]) if "分" in small else 0
    return Decimal(_integer(yuan)) + Decimal(jiao) / 10 + Decimal(fen) / 100


@given(st.integers(min_value=0, max_value=99_999_999_999))
def test_round_trip(fen):
    amount = Decimal(fen) / 100
    text = to_capitals(amount)
    assert text.startswith("人民币")
    assert not text.endswith("分整") and "零零" not in text
    assert text.endswith("整") == (fen % 100 == 0)
    assert _read_back(text) == amount
