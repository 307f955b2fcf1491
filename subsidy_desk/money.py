"""Exact money and rates.

Every amount is a ``Decimal``; every reported figure is rounded half-up to the fen, and only there, so that
intermediate products keep full precision and a printed table always adds up (README.md, Development).
"""
from __future__ import annotations

import math
import re
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal

FEN = Decimal("0.01")
ZERO = Decimal("0.00")

def to_fen(value: Decimal) -> Decimal:
    """Round half-up to 0.01 yuan: the one rounding every reported figure gets."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


# Wide enough that a product of amounts, rates and day counts is exact, and a quotient by a day-count base
# (at most 36,500) is decided on the right side of every half-fen: an exact half is a short decimal and is
# represented exactly, and any other quotient lies at least 1e-20 away from one, far beyond 60 digits' error.
_EXACT = Context(prec=60, rounding=ROUND_HALF_UP)
_ONE = Decimal(1)


def fen(*factors: Decimal | int, per: int = 1) -> Decimal:
    """The product of ``factors`` divided by ``per``, rounded half-up to the fen as if computed exactly.

    balance × rate% × days ÷ 360 is ``fen(balance, rate, days, per=36000)``.
    """
    product = _ONE
    multiply = _EXACT.multiply
    for f in factors:
        product = multiply(product, f)  # the context takes ints as they are
    return _EXACT.divide(product, per).quantize(FEN, rounding=ROUND_HALF_UP)


def fen_of(amount: Decimal, rate: Decimal, per: int) -> Decimal:
    """``fen(amount, rate, per=per)``, the same figure, for the one shape an accrual row asks thousands of times."""
    return _EXACT.divide(_EXACT.multiply(amount, rate), per).quantize(FEN, rounding=ROUND_HALF_UP)


# Numbers read from outside (a case file, a batch cell, a keystroke) are bounded before any arithmetic: a short
# text such as "1e-999999999" is a valid Decimal whose quantize or product costs minutes and gigabytes. No real
# amount, rate or count comes near these bounds (一万亿元 has 13 digits before the point, a rate 4 after it).
MAX_TEXT = 64  # characters of a number's text, looked at before anything else
MAX_DIGITS = 30  # significant digits (a float from Excel has at most 17)
MAX_SCALE = 20  # digits after the point: 0.1 + 0.2 from Excel reads as 0.30000000000000004
MAX_MAGNITUDE = 15  # digits before the point: 10^15 is far above any bound a field sets
MAX_COUNT_DIGITS = 9  # a head count, a number of days or a year

# Full-width digits and signs come from a Chinese keyboard's full-width mode: the same characters, read as such.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋％", "0123456789.,-+%")
_PLAIN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", re.ASCII)
_COUNT = re.compile(r"\d+", re.ASCII)
_AMOUNT_UNIT = re.compile(r"(.*?)\s*(万元|万|元)")


class NumberRefused(ValueError):
    """A number the program will not read; the message (Chinese) says why."""


def _normal(text: str) -> str:
    return text.strip().translate(_FULL_WIDTH).replace("\u3000", "").replace("\u00a0", "")


def _refusal(text: str, normal: str, what: str) -> NumberRefused:
    """The message for a text that is not a number: names a digit of another script (٣, ३) when there is one."""
    for ch in normal:
        if not ch.isascii() and ch.isnumeric():
            return NumberRefused(f"{what}（{text}）：“{ch}”不是 0–9 的数字，请用 0–9 书写")
    return NumberRefused(f"{what}（{text}）")


def bounded(value: Decimal, shown: object = None) -> Decimal:
    """``value`` if it is finite and within the bounds above; NumberRefused otherwise. Costs microseconds."""
    if not value.is_finite():
        raise NumberRefused(f"不是有效数字（{shown if shown is not None else value}）")
    _, digits, exponent = value.as_tuple()
    if len(digits) > MAX_DIGITS:
        raise NumberRefused(f"数字位数过多（{len(digits)} 位），请检查")
    if exponent < -MAX_SCALE:
        raise NumberRefused(f"小数位数过多（{-exponent} 位），请检查")
    if len(digits) + exponent > MAX_MAGNITUDE:
        raise NumberRefused("数值过大，请检查")
    return value


def parse_decimal(text: object) -> Decimal:
    """Read a number typed by a person or written in a case file, exactly, within the bounds above.

    Accepts Decimal, int, decimal strings (ASCII or full-width digits) and strings with thousands separators
    ("1,000,000.00"). A float is turned into its shortest decimal text first, so 0.1 stays 0.1 rather than its
    binary expansion. Refuses with a Chinese message (NumberRefused, a ValueError): underscores ("1__0"), digits of
    other scripts (Arabic-Indic ٣), NaN and infinities, and anything past the bounds, before any arithmetic.
    """
    if isinstance(text, bool):
        raise NumberRefused("不是数字")
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int):
        if text.bit_length() > 100:  # 2^100 > 10^30: a huge int is never turned into text
            raise NumberRefused("数值过大，请检查")
        value = Decimal(text)
    elif isinstance(text, float):
        if not math.isfinite(text):  # NaN and infinities from a workbook cell
            raise NumberRefused(f"不是有效数字（{text}）")
        value = Decimal(repr(text))
    elif isinstance(text, str):
        if len(text) > MAX_TEXT:
            raise NumberRefused(f"数字过长（{len(text)} 个字符），请检查")
        s = _normal(text)
        if _GROUPED.fullmatch(s):
            s = s.replace(",", "")
        elif not _PLAIN.fullmatch(s):
            raise _refusal(text, s, "不是数字")
        value = Decimal(s)  # the pattern admits only what Decimal reads
    else:
        raise NumberRefused("不是数字")
    return bounded(value, text)


def parse_amount(text: object) -> Decimal:
    """An amount as clerks write it: 3000000, 3,000,000.00, ¥3000000, 300万, 300万元, 30.5万 (exactly × 10,000).

    The 万 is applied exactly (a shift of the exponent, no rounding), so 30.5万 is 305000; the result is bounded
    like any number.
    """
    if not isinstance(text, str):
        return parse_decimal(text)
    if len(text) > MAX_TEXT:
        raise NumberRefused(f"数字过长（{len(text)} 个字符），请检查")
    s = _normal(text)
    if s[:1] in ("¥", "￥"):
        s = s[1:].strip()
    m = _AMOUNT_UNIT.fullmatch(s)
    if not m:
        return parse_decimal(s) if s else parse_decimal(text)
    if not m[1]:
        raise NumberRefused(f"不是金额（{text}）：单位前没有数字")
    value = parse_decimal(m[1])
    return bounded(_EXACT.multiply(value, 10000), text) if m[2].startswith("万") else value


def in_wan(text: object) -> bool:
    """Whether an amount's text is written in 万元, so that a reader shows the converted figure beside it."""
    return isinstance(text, str) and _normal(text).removesuffix("元").rstrip().endswith("万")


def parse_count(text: object) -> int:
    """A whole number of people, days or years: ASCII or full-width digits only, at most nine of them."""
    if isinstance(text, bool):
        raise NumberRefused("应为整数")
    if isinstance(text, int):
        if text.bit_length() > 63:
            raise NumberRefused("数值过大，请检查")
        return text
    if isinstance(text, float) and text.is_integer() and abs(text) < 1e15:
        return int(text)
    if isinstance(text, Decimal) and text.is_finite() and abs(text) < 10**15 and text == text.to_integral_value():
        return int(text)
    if isinstance(text, str) and len(text) <= MAX_TEXT:
        s = _normal(text)
        if _COUNT.fullmatch(s):
            if len(s.lstrip("0")) > MAX_COUNT_DIGITS:
                raise NumberRefused(f"数值过大（{text}），请检查")
            return int(s)
        raise _refusal(text, s, "应为整数")
    raise NumberRefused(f"应为整数（{str(text)[:MAX_TEXT]}）")


def parse_percent(text: object) -> Decimal:
    """A rate in percent: "5.20", "5.2%" and 5.2 all mean 5.20% p.a."""
    if isinstance(text, str) and len(text) <= MAX_TEXT and _normal(text).endswith("%"):
        text = _normal(text)[:-1]
    return parse_decimal(text)


def split_by_shares(total: Decimal, shares: list[tuple[str, Decimal]]) -> list[tuple[str, Decimal]]:
    """Split a rounded total into parts by percentage shares so that the parts add up to the total exactly.

    Each part is rounded down to the fen, then the fens left over go to the largest remainders (Hamilton's
    method), so no share is ever off by more than one fen and the parts always add up.
    """
    if not shares:
        return []
    weight = sum((s for _, s in shares), ZERO)
    if weight <= 0:
        raise ValueError("分担比例合计必须大于 0")
    whole = _in_fen(total, 10**20)
    hundredths = [_in_fen(s, 10**4) for _, s in shares]
    if whole is not None and None not in hundredths and sum(hundredths) == 10**4:
        return _split_fen(whole, [label for label, _ in shares], hundredths)
    exact = [total * s / weight for _, s in shares]
    parts = [e.quantize(FEN, rounding=ROUND_FLOOR) for e in exact]
    left = int((total - sum(parts, ZERO)) / FEN)
    if left:
        for i in sorted(range(len(exact)), key=lambda i: (parts[i] - exact[i], i))[:left]:
            parts[i] += FEN
    return [(name, part) for (name, _), part in zip(shares, parts)]


class Shares:
    """Percentage shares made ready once to split many totals, each exactly as ``split_by_shares`` splits it: a
    county's shares are the same for every case of a date, so their hundredths are worked out once."""

    __slots__ = ("shares", "_labels", "_hundredths", "in_fen")

    def __init__(self, shares: list[tuple[str, Decimal]]):
        self.shares = shares
        self._labels = [label for label, _ in shares]
        hundredths = [_in_fen(s, 10**4) for _, s in shares]
        self._hundredths = hundredths if None not in hundredths and sum(hundredths) == 10**4 else None
        # Every amount (in fen, or to the fen, from 0 to 10^18 yuan) then splits in whole fen and cannot fail.
        self.in_fen = self._hundredths is not None

    def split(self, total: Decimal | int) -> list[tuple[str, Decimal]]:
        """The parts of ``total``, an amount or a whole number of fen (a sum already counted in fen)."""
        whole = total if total.__class__ is int else _in_fen(total, 10**20)
        if self._hundredths is not None and whole is not None and 0 <= whole <= 10**20:
            return _split_fen(whole, self._labels, self._hundredths)
        return split_by_shares(total if total.__class__ is not int else FEN * total, self.shares)


def _in_fen(value: Decimal, most: int) -> int | None:
    """``value`` × 100 when that is a whole number from 0 to ``most``; else None."""
    numerator, denominator = value.as_integer_ratio()
    if 100 % denominator:
        return None
    n = numerator * (100 // denominator)
    return n if 0 <= n <= most else None


def _split_fen(total: int, labels: list[str], hundredths: list[int]) -> list[tuple[str, Decimal]]:
    """``split_by_shares`` in whole numbers, for the usual case: a total in fen below 10^20 and shares in
    hundredths of a percent adding up to 100%. Each product total × share then has at most 25 digits, so the
    decimal working above is exact in its 28 and gives these same parts; this way costs no decimal divisions."""
    parts = [total * h // 10**4 for h in hundredths]
    left = total - sum(parts)
    if left:  # to the largest remainders, the first of equal ones first (a stable sort keeps their order)
        remainders = [total * h % 10**4 for h in hundredths]
        for i in sorted(range(len(parts)), key=remainders.__getitem__, reverse=True)[:left]:
            parts[i] += 1
    return [(label, FEN * part) for label, part in zip(labels, parts)]
