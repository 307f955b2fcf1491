"""Exact money and rates.

Every amount is a ``Decimal``; every reported figure is rounded half-up to the fen, and only there, so that
intermediate products keep full precision and a printed table always adds up (REFERENCE.md section 0).
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")

_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


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


def parse_decimal(text: object) -> Decimal:
    """Read a number typed by a person or written in a case file, exactly.

    Accepts Decimal, int, decimal strings and strings with thousands separators ("1,000,000.00").
    A float is turned into its shortest decimal text first, so 0.1 stays 0.1 rather than its binary expansion.
    Raises ValueError with a Chinese message on anything else.
    """
    if isinstance(text, bool):
        raise ValueError("不是数字")
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, float):
        value = Decimal(repr(text))
    elif isinstance(text, str):
        s = text.strip().replace("，", ",").replace("　", "")
        if _GROUPED.match(s):
            s = s.replace(",", "")
        try:
            value = Decimal(s)
        except InvalidOperation:
            raise ValueError(f"不是数字（{text}）") from None
    else:
        raise ValueError("不是数字")
    if not value.is_finite():
        raise ValueError(f"不是有效数字（{text}）")
    return value


def parse_percent(text: object) -> Decimal:
    """A rate in percent: "5.20", "5.2%" and 5.2 all mean 5.20% p.a."""
    if isinstance(text, str) and text.strip().endswith(("%", "％")):
        text = text.strip()[:-1]
    return parse_decimal(text)


def money_str(value: Decimal) -> str:
    """The plain two-place text of an amount, as case files and JSON output carry it."""
    return str(to_fen(value))


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
    exact = [(name, total * s / weight) for name, s in shares]
    floors = [(name, e.quantize(FEN, rounding="ROUND_FLOOR")) for name, e in exact]
    left = int((total - sum((f for _, f in floors), ZERO)) / FEN)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i][1] - floors[i][1]), i))
    parts = [f for _, f in floors]
    for i in order[:left]:
        parts[i] += FEN
    return [(name, parts[i]) for i, (name, _) in enumerate(floors)]
