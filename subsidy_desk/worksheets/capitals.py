"""Amounts in Chinese capitals (大写), as banks and finance offices require them on a signed form.

The rules are those of 《正确填写票据和结算凭证的基本规定》 (银发〔1997〕393号 附件一), as docs/worksheets.md gives them:
prefix 人民币; 整 after 元 when there are no 角 and 分 (and not after 角: the reference writes 壹仟肆佰零玖元伍角);
one 零 for each run of zeros inside the number; 零 after 元 when 角 is 0 and 分 is not; 拾 always with its digit
(壹拾万, never 拾万). Written here rather than taken from a library because none we found follows all of these.
"""
from __future__ import annotations

from decimal import Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_SECTIONS = ("", "万", "亿", "万亿")
LIMIT = Decimal(10) ** 16  # 万亿 sections run out here; no subsidy comes near it


def to_capitals(amount: Decimal) -> str:
    """Decimal("10400") -> "人民币壹万零肆佰元整"; refuses negatives, sub-fen precision and absurd sizes."""
    amount = Decimal(amount)
    if not amount.is_finite():
        raise ValueError(f"金额无效：{amount}")
    if amount < 0:
        raise ValueError(f"金额不能为负数：{amount}")
    if amount >= LIMIT:
        raise ValueError(f"金额过大，无法写成大写：{amount}")
    fen_total = amount * 100
    if fen_total != fen_total.to_integral_value():
        raise ValueError(f"金额应精确到分：{amount}")
    fen_total = int(fen_total)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    text = _yuan_part(yuan)
    if yuan:
        text += "元"
    if jiao == 0 and fen == 0:
        return "人民币" + (text or "零元") + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    return "人民币" + text


def _yuan_part(yuan: int) -> str:
    """The integer yuan in sections of four digits: 10400 -> 壹万零肆佰; 0 -> ""."""
    sections = []
    while yuan:
        sections.append(yuan % 10000)
        yuan //= 10000
    out = ""
    need_zero = False  # a run of zeros was passed since the last digit written
    for index in range(len(sections) - 1, -1, -1):
        value = sections[index]
        if value == 0:
            need_zero = bool(out)
            continue
        digits = [value // 1000 % 10, value // 100 % 10, value // 10 % 10, value % 10]
        for place, digit in zip(range(3, -1, -1), digits):
            if digit == 0:
                need_zero = need_zero or bool(out)
                continue
            if need_zero:
                out += "零"
                need_zero = False
            out += DIGITS[digit] + _PLACES[place]
        out += _SECTIONS[index]
        need_zero = False
    return out
