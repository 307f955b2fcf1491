"""Reading the cells of a real list: amounts typed as text, dates in three spellings, rates written three ways.

Each reader takes what openpyxl gives for a cell (a number, a datetime, a string) and its number format, and returns
the value in the case file's form plus a note saying how a messy cell was read (None for a clean one), or raises
ValueError with a Chinese reason. Nothing is guessed silently: every reading that is not the obvious one is noted,
and a reading that could go two ways is refused.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from ..fields import date_numbers
from ..format import fmt_date, fmt_percent
from ..money import in_wan, parse_amount, parse_count, parse_decimal

_EXCEL_EPOCH = date(1899, 12, 30)
TRUE = {"是", "true", "True", "TRUE", "Y", "y", "1", "√"}
FALSE = {"否", "false", "False", "FALSE", "N", "n", "0", "×"}


def plain(value: Decimal) -> str:
    """A decimal as plain text without an exponent and without trailing zeros beyond the fen."""
    text = f"{value:f}"
    if "." in text:
        head, tail = text.split(".")
        tail = tail.rstrip("0")
        text = f"{head}.{tail}" if tail else head
    return text


def _number(value) -> Decimal:
    """A number cell, bounded like every number read from outside (1e308 is a valid float, and no amount)."""
    return parse_decimal(value)


def read_money(value, number_format: str = "General") -> tuple[str, str | None]:
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise ValueError("不是金额")
    if isinstance(value, (int, float, Decimal)):
        amount = _number(value)
        note = None
    else:
        text = str(value).strip()
        try:
            amount = parse_amount(text.replace(" ", ""))
        except ValueError as exc:
            raise ValueError(f"金额不是数字（'{text[:40]}'）{_why(exc)}") from None
        note = f"金额按文本 '{text}' 读取" + (f"为 {plain(amount)} 元（1万 = 10000 元）" if in_wan(text) else "")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"金额 {plain(amount)} 超过两位小数（到分），请核对")
    return plain(amount), note


def _why(exc: ValueError) -> str:
    """The reader's own reason when it says more than "not a number" (too many digits, a digit of another script)."""
    reason = str(exc)
    return "" if reason.startswith("不是数字（") and "：" not in reason else f"：{reason}"


def read_date(value, number_format: str = "General") -> tuple[str, str | None]:
    if isinstance(value, datetime):
        return value.date().isoformat(), None
    if isinstance(value, date):
        return value.isoformat(), None
    if isinstance(value, bool):
        raise ValueError("不是日期")
    if isinstance(value, (int, float)):
        if not 20000 <= value <= 80000 or value != int(value):  # also NaN and infinities, before int()
            raise ValueError(f"不是日期（{value}），应为 2022-06-21 这样的日期")
        day = _EXCEL_EPOCH + timedelta(days=int(value))
        return day.isoformat(), f"日期按 Excel 日期序号 {int(value)} 读取为 {fmt_date(day)}"
    text = str(value).strip()
    numbers = date_numbers(text)  # the window's grammar for typed dates, so both read a date alike
    if numbers:
        y, mo, d = numbers
        try:
            day = date(y, mo, d)
        except ValueError:
            raise ValueError(f"日期不存在（'{text}'）：{y}年{mo}月没有{d}日") if 1 <= mo <= 12 else \
                ValueError(f"日期不存在（'{text}'）：没有{mo}月") from None
        # Even 2022-07-01 is noted: a date typed as text is not a date to Excel (it neither sorts nor sums).
        return day.isoformat(), f"日期按文本 '{text}' 读取为 {fmt_date(day)}"
    raise ValueError(f"不是日期（'{text}'），应写作 2022-06-21、2022/6/21 或 2022年6月21日")


def read_percent(value, number_format: str = "General",
                 plausible: tuple[Decimal, Decimal] | None = None) -> tuple[str, str | None]:
    """A rate in percent. ``plausible`` is where the rate plainly lives (its measure's ``plausible_percent``): a bare
    number outside it but inside once multiplied by 100 was typed as a fraction (0.052 for 5.2%)."""
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise ValueError("不是利率（应为百分数，如 5.2）")
    if isinstance(value, (int, float, Decimal)):
        number = _number(value)
        if "%" in (number_format or ""):
            pct = number * 100
            return plain(pct), f"单元格为百分比格式，按 {fmt_percent(pct)} 读取"
        lo_hi = plausible
        if lo_hi and not lo_hi[0] <= number <= lo_hi[1] and lo_hi[0] <= number * 100 <= lo_hi[1]:
            pct = number * 100
            return plain(pct), f"利率按小数 {plain(number)} 读取为 {fmt_percent(pct)}"
        return plain(number), None
    text = str(value).strip()
    if text.endswith(("%", "％")):
        try:
            pct = parse_decimal(text[:-1])
        except ValueError:
            raise ValueError(f"不是利率（'{text}'）") from None
        return plain(pct), f"利率按文本 '{text}' 读取为 {fmt_percent(pct)}"
    try:
        number = parse_decimal(text)
    except ValueError:
        raise ValueError(f"不是利率（'{text}'），应为百分数，如 5.2 或 5.2%") from None
    reading, note = read_percent(number, "General", plausible)
    return reading, note or f"利率按文本 '{text}' 读取为 {fmt_percent(Decimal(reading))}"


def read_int(value, number_format: str = "General") -> tuple[int, str | None]:
    if isinstance(value, (date, datetime)):
        raise ValueError("应为整数")
    return parse_count(value if isinstance(value, (int, float)) else str(value).strip()), None


def read_choice(value, choices: dict[str, str]) -> tuple[str, str | None]:
    text = str(value).strip()
    for key, label in choices.items():
        if text == label:
            return key, None
    if text in choices:
        return text, None
    raise ValueError(f"'{text}' 不是可选值，应为：{'、'.join(choices.values())}（可从下拉列表选择）")


def read_bool(value) -> tuple[bool, str | None]:
    if isinstance(value, bool):
        return value, None
    text = str(value).strip()
    if isinstance(value, int) or isinstance(value, float) and value.is_integer():
        text = str(int(value))  # 1 and 1.0 read alike; an int is never made a float (a 400-digit one would overflow)
    if text in TRUE:
        return True, None
    if text in FALSE:
        return False, None
    raise ValueError(f"'{text}' 应为“是”或“否”")


def read_text(value) -> tuple[str, str | None]:
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), None
    if isinstance(value, datetime):
        return value.date().isoformat(), None
    return str(value).strip(), None


def _parts(text: str) -> list[str]:
    return [p.strip() for p in _PART.split(text) if p.strip()]


_PART = re.compile(r"[;；\n]")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PLAIN_MONEY = re.compile(r"[0-9]{1,15}(\.[0-9]{1,2})?")


def _date_piece(piece: str) -> str:
    """A date inside a list cell: 2023-03-01 as it stands (the form nearly every list uses), else read_date."""
    if _ISO_DATE.fullmatch(piece):
        try:
            return date.fromisoformat(piece).isoformat()
        except ValueError:
            pass  # read_date says why, in its words
    return read_date(piece)[0]


def _money_piece(piece: str) -> str:
    """An amount inside a list cell: plain digits (within money's bounds, to the fen) read straight, else read_money."""
    if _PLAIN_MONEY.fullmatch(piece):
        return _plain_digits(piece)
    return read_money(piece)[0]


def _plain_digits(text: str) -> str:
    """plain(Decimal(text)) for digits with at most one point: 007.50 → 7.5, 1000.00 → 1000, without a Decimal."""
    head, point, tail = text.partition(".")
    head = head.lstrip("0") or "0"
    tail = tail.rstrip("0")
    return f"{head}.{tail}" if tail else head


def _optional_tail(sub):
    for f in reversed(sub):
        if f.required:
            return
        yield f


_PIECE_READERS = {"date": _date_piece, "money": _money_piece, "int": lambda p: read_int(p)[0],
                  "percent": lambda p: read_percent(p)[0], "text": lambda p: read_text(p)[0]}
@lru_cache(maxsize=8)
def _dated_amount(kinds: tuple, sep: str):
    """For a list of (date, amount) items, both required (还款计划), the pattern of an item read straight: an ISO date
    and plain digits (within money's bounds, to the fen) around one separator; None for other lists. What it
    matches reads as _date_piece and _money_piece read its two pieces."""
    if kinds != (("date", True), ("money", True)):
        return None
    return re.compile(rf"({_ISO_DATE.pattern}) *{sep} *({_PLAIN_MONEY.pattern})")


MAX_ITEM_CHARS = 100  # a list cell longer than this per item allowed is refused before it is split


def read_in_cell(value, sub, flat) -> tuple[list[dict], str | None]:
    """A records field written in one cell (``InCell``): ``2023-03-01:50000; 2023-09-01:50000`` ->
    [{"date", "amount"}, ...], each item's values read as its sub-fields' types, in order.

    A list with a bound (``flat.most`` items) is counted before any item is read, so a cell of thousands of items
    is refused at once (in the measure's own words) rather than read item by item first; a cell far longer than
    that many items can be (a hundred characters each) is refused too."""
    text = str(value)
    if flat.most:
        if text.count(";") + text.count("；") + text.count("\n") >= flat.most:
            count = len(_parts(text))
            if count > flat.most:
                raise ValueError(flat.too_many.format(count=count))
        if len(text) > flat.most * MAX_ITEM_CHARS:
            raise ValueError(flat.too_long.format(chars=len(text)))

    def read(f, piece: str):
        if not piece and not f.required:
            return None  # an optional value left empty (a fee rate when the fee charged is given)
        return read_choice(piece, f.choices)[0] if f.type == "choice" else _PIECE_READERS[f.type](piece)

    out = []
    needed = len(sub) - sum(1 for _ in _optional_tail(sub))  # optional values may be left off the end
    sep = re.compile(flat.sep)
    dated = _dated_amount(tuple((f.type, f.required) for f in sub), flat.sep)
    for i, part in enumerate(_parts(text), start=1):
        if dated is not None and (m := dated.fullmatch(part)):  # 2023-03-01:50000, as nearly every list writes it
            try:
                date.fromisoformat(m[1])  # a day that exists is written as it stands
            except ValueError:
                pass  # no such day: read below, to say why
            else:
                out.append({sub[0].name: m[1], sub[1].name: _plain_digits(m[2])})
                continue
        pieces = [p.strip() for p in sep.split(part)]
        if not needed <= len(pieces) <= len(sub):
            raise ValueError(f"第 {i} {flat.unit}（'{part}'）应写作“{flat.shape}”" + (f"，如 {flat.example}" if flat.example else ""))
        try:
            item = {f.name: value for f, piece in zip(sub, pieces) if (value := read(f, piece)) is not None}
        except ValueError as exc:
            raise ValueError(f"第 {i} {flat.unit}（'{part}'）：{exc}") from None
        out.append(item)
    return out, None
