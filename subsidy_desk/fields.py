"""Input fields of a case, read strictly from JSON, with one clear Chinese message per bad field.

The same specs drive the case file, batch import and the window's forms, so a field means the same everywhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .money import parse_amount, parse_count, parse_percent

# Bounds that no real case reaches; they keep absurd input (1e30 yuan, the year 9999) a clear message rather than
# an arithmetic overflow or a loan of a million settlement periods.
MAX_MONEY = Decimal("1000000000000")  # 一万亿元
MAX_INT = 10**6
FIRST_DAY, LAST_DAY = date(1990, 1, 1), date(2099, 12, 31)
DATE_EXAMPLE = "请按 2022-06-21 填写（年-月-日）"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_FULL_WIDTH_DAY = str.maketrans("０１２３４５６７８９－", "0123456789-")
# Characters that have no place in a name, a bank or a note: C0/C1 controls other than tab and line breaks,
# lone surrogates (they cannot be written as UTF-8), and the two non-characters XML refuses. A workbook or a PDF
# cannot hold them, and they hide what a clerk sees; refused where they come in.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
MAX_TEXT = 2000  # characters in one text field: a long note fits, a pasted document does not
# How clerks write a day, typed in the window or in a cell of a list: 2022-06-21, 2022/6/21, 2022.6.21, 2022年6月21日
# (spaces allowed around 年月日), 20220621. One grammar for both, so a date the window takes a list takes too.
_DATE_TEXT = (re.compile(r"^(\d{4})(?:-(\d{1,2})-|/(\d{1,2})/|\.(\d{1,2})\.|\s*年\s*(\d{1,2})\s*月\s*)(\d{1,2})(?(5)\s*日?)$",
                         re.ASCII),
              re.compile(r"^(\d{4})(\d{2})(\d{2})$", re.ASCII))
# A number already written plainly (as every case file the program saves writes it): read straight, since the
# general reader (full-width digits, 万, thousands separators) would give the same value. Within every bound of
# money.bounded: at most 15 digits before the point and 6 after.
_PLAIN_NUMBER = re.compile(r"\d{1,15}(?:\.\d{1,6})?", re.ASCII)


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InputError(ValueError):
    """One or more fields are wrong; every message names its field."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("\n".join(map(str, errors)))


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str
    required: bool = False
    default: Any = None
    choices: dict[str, str] = field(default_factory=dict)
    positive: bool = False  # money/percent/int must be > 0 rather than >= 0
    sub: tuple["Field", ...] = ()  # the columns of a "records" field
    help: str = ""
    # A column of a records field the window shows on demand (or once a row fills it), so that the columns every
    # row needs fit a 1366×768 screen without scrolling sideways.
    aside: bool = False


def date_numbers(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a date as clerks write it (see _DATE_TEXT), not yet checked to exist; else None."""
    text = text.strip()
    for pattern in _DATE_TEXT:
        m = pattern.match(text)
        if m:
            year, *middle, day = [g for g in m.groups() if g is not None]
            return int(year), int(middle[0]), int(day)
    return None


def parse_date(raw: Any) -> date:
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str):
        raise ValueError(f"应为日期，{DATE_EXAMPLE}")
    text = raw.strip().translate(_FULL_WIDTH_DAY)
    if not _ISO_DAY.fullmatch(text):  # fromisoformat also takes 2022-W01-1, 20220101 and a time of day
        raise ValueError(f"不是有效日期（{raw[:40]}），{DATE_EXAMPLE}")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"不是有效日期（{raw}），{DATE_EXAMPLE}") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"日期 {raw} 超出可处理的范围（1990年至2099年），请检查年份")
    return day


def check_text(raw: Any) -> str:
    """A text field's value, stripped; ValueError if it is not text, too long, or holds an unprintable character."""
    if not isinstance(raw, str):
        raise ValueError("应为文字")
    if len(raw) > MAX_TEXT:
        raise ValueError(f"文字过长（{len(raw)} 个字符，最多 {MAX_TEXT} 个）")
    bad = _UNPRINTABLE.search(raw)
    if bad:
        raise ValueError(f"含有不可见的控制字符（U+{ord(bad[0]):04X}，第 {bad.start() + 1} 个字符），请删除后重新输入")
    return raw.strip()


def _one(f: Field, raw: Any, prefix: str, errors: list[FieldError]) -> Any:
    """One field's value read from ``raw`` (not blank), or None with its problem appended to ``errors``."""
    try:
        if f.type == "records":
            if not isinstance(raw, list):
                raise ValueError("应为列表")
            rows = []
            for i, item in enumerate(raw):
                rows.append(parse_fields(f.sub, item, f"{_join(prefix, f.name)}[{i + 1}]", errors))
            return rows
        return _reader(f)(raw)
    except ValueError as exc:
        errors.append(FieldError(_join(prefix, f.name), str(exc)))
        return None


def _reader(f: Field):
    """The function that reads one value of ``f`` (not blank) or raises ValueError saying why, made once per
    field: a batch or a ledger reads the same few dozen fields hundreds of thousands of times."""
    got = _readers.get(id(f))
    if got is not None and got[0] is f:
        return got[1]
    read = _READERS.get(f.type, _unknown_type)(f)
    if len(_readers) < 4096:  # the program's fields are a few hundred; fields made afresh are read, not kept
        _readers[id(f)] = (f, read)  # the field kept with it, so its id is not another's
    return read


_readers: dict[int, tuple] = {}
_FEN = Decimal("0.01")
# An amount as the program writes it (100000.00): a Decimal with its two places as read, within every bound but
# MAX_MONEY and positive, which the reader checks; anything else goes the general way.
_FEN_TEXT = re.compile(r"\d{1,13}\.\d\d", re.ASCII)


def _money(f: Field):
    positive = f.positive

    def read(raw: Any) -> Decimal:
        if raw.__class__ is str:
            if _FEN_TEXT.fullmatch(raw):
                value = Decimal(raw)
                if value <= MAX_MONEY and (value or not positive):
                    return value  # already to the fen: quantize would give this same Decimal
            value = Decimal(raw) if _PLAIN_NUMBER.fullmatch(raw) else parse_amount(raw)
        else:
            value = parse_amount(raw)
        if value < 0:
            raise ValueError("不能为负数")
        if positive and value == 0:
            raise ValueError("必须大于 0")
        if value > MAX_MONEY:
            raise ValueError("金额过大（超过一万亿元），请检查")
        in_fen = value.quantize(_FEN)
        if value != in_fen:
            raise ValueError("金额最多两位小数（到分）")
        return in_fen  # 1000 is 1000.00: every amount carries its fen

    return read


def _percent(f: Field):
    positive = f.positive

    def read(raw: Any) -> Decimal:
        if raw.__class__ is str and _PLAIN_NUMBER.fullmatch(raw):
            value = Decimal(raw)
        else:
            value = parse_percent(raw)
        if value < 0:
            raise ValueError("不能为负数")
        if positive and value == 0:
            raise ValueError("必须大于 0")
        if value >= 100:
            raise ValueError(f"{value}% 不合理：请按百分数填写，如 5.20 表示 5.20%")
        return value

    return read


def _date(f: Field):
    def read(raw: Any) -> date:
        if raw.__class__ is str and _ISO_DAY.fullmatch(raw):  # as the program writes it: read straight
            try:
                day = date.fromisoformat(raw)
            except ValueError:
                day = None
            if day is not None and FIRST_DAY <= day <= LAST_DAY:
                return day
        return parse_date(raw)

    return read


def _int(f: Field):
    positive = f.positive

    def read(raw: Any) -> int:
        if not isinstance(raw, (int, str)):
            raise ValueError(f"应为整数（{str(raw)[:40]}）")
        value = parse_count(raw)
        if value < 0:
            raise ValueError("不能为负数")
        if value > MAX_INT:
            raise ValueError(f"数值 {value} 过大，请检查")
        if positive and value == 0:
            raise ValueError("必须大于 0")
        return value

    return read


def _choice(f: Field):
    choices = f.choices

    def read(raw: Any) -> str:
        if isinstance(raw, str) and raw in choices:
            return raw
        by_label = {label: key for key, label in choices.items()}
        if isinstance(raw, str) and raw in by_label:
            return by_label[raw]
        raise ValueError(f"应为以下之一：{'、'.join(f'{k}（{v}）' for k, v in choices.items())}")

    return read


def _bool(f: Field):
    def read(raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        raise ValueError("应为 true 或 false")

    return read


def _text(f: Field):
    return check_text


def _records(f: Field):
    sub = f.sub
    # Every column required and none a list (还款计划: date and amount): an item of exactly those keys, each a text,
    # is read straight into a row in the columns' order; anything else, or a problem, goes the general way.
    straight = tuple(s.name for s in sub) if all(s.required and s.type != "records" for s in sub) else ()

    def read(raw: Any) -> list:
        """The rows, when every one reads cleanly; otherwise ValueError, and the field-by-field reading names
        each problem with its row's number."""
        if not isinstance(raw, list):
            raise ValueError("应为列表")
        if straight:
            rows, readers, count = [], _spec(sub)[2], len(straight)
            try:
                for item in raw:
                    if item.__class__ is not dict or len(item) != count:
                        break
                    row = {}
                    for name in straight:
                        value = item.get(name)
                        if value.__class__ is not str or not value:
                            break
                        row[name] = readers[name](value)
                    else:
                        rows.append(row)
                        continue
                    break
                else:
                    return rows
            except ValueError:
                pass  # named below, with its row's number
        mine: list[FieldError] = []
        rows = [parse_fields(sub, item, "", mine) for item in raw]
        if mine:
            raise ValueError(mine[0].message)
        return rows

    return read


def _unknown_type(f: Field):
    def read(raw: Any):
        raise AssertionError(f.type)

    return read


_READERS = {"money": _money, "percent": _percent, "date": _date, "int": _int, "choice": _choice, "bool": _bool,
            "text": _text, "records": _records}


def parse_fields(fields: tuple[Field, ...] | list[Field], raw: Any, prefix: str,
                 errors: list[FieldError]) -> dict[str, Any]:
    """Read ``raw`` against ``fields``; append every problem to ``errors`` and return what could be read.

    A case fills a few of its many fields, and a batch reads thousands: the fields given are read, each by its own
    reader (``_reader``), and the rest take their defaults. Should anything be wrong, the whole is read again field
    by field, so the problems are named in the order of the form.
    """
    if raw.__class__ is not dict and not isinstance(raw, dict):
        errors.append(FieldError(prefix or "-", "应为对象（{...}）"))
        return {f.name: f.default for f in fields}
    spec = _spec(fields)
    out = spec[1].copy()
    for name in spec[4]:
        out[name] = []  # a list of its own for each case: a caller may add to it
    readers = spec[2]
    try:
        for key, value in raw.items():
            read = readers.get(key)
            if read is None:  # a key no field has
                return _in_order(fields, raw, prefix, errors)
            if value.__class__ is str:
                if not value:
                    continue
            elif value is None or value == "" or value == []:
                continue
            out[key] = read(value)
    except ValueError:
        return _in_order(fields, raw, prefix, errors)
    for name in spec[3]:
        value = raw.get(name)
        if value is None or value == "" or value == []:
            return _in_order(fields, raw, prefix, errors)
    return out


_specs: dict[tuple, tuple] = {}
_by_tuple: dict[int, tuple] = {}


def _spec(fields) -> tuple:
    """What parse_fields needs of a list of fields, made once per list: the defaults, each field's reader by name,
    the required fields and the records fields whose default is a new empty list. The first few dozen tuples of
    fields (a measure's, the applicant's) are found by themselves; any other list by the Field objects it holds."""
    got = _by_tuple.get(id(fields))
    if got is not None and got[0] is fields:
        return got
    key = tuple(map(id, fields))  # the same Field objects, whatever list holds them (kept alive below)
    got = _specs.get(key)
    if got is None:
        got = (tuple(fields), {f.name: f.default if f.type != "records" else f.default or None for f in fields},
               {f.name: _reader(f) for f in fields}, tuple(f.name for f in fields if f.required),
               tuple(f.name for f in fields if f.type == "records" and not f.default))
        if len(_specs) < 4096:
            _specs[key] = got
    if fields.__class__ is tuple and len(_by_tuple) < 64:  # a tuple made afresh each time is found the other way
        _by_tuple[id(fields)] = (fields, *got[1:])  # the tuple kept with it, so its id is not another's
    return got


def _in_order(fields, raw: dict, prefix: str, errors: list[FieldError]) -> dict[str, Any]:
    """Field by field, in the form's order: unknown keys named first, then each field's problem."""
    out: dict[str, Any] = {}
    known = {f.name for f in fields}
    for key in raw:
        if key not in known:
            errors.append(FieldError(_join(prefix, key), "未知字段（请检查拼写）"))
    for f in fields:
        value = raw.get(f.name)
        if value is None or value == "" or value == []:
            if f.required:
                errors.append(FieldError(_join(prefix, f.name), "必须填写"))
            out[f.name] = f.default if f.type != "records" else (f.default or [])
            continue
        out[f.name] = _one(f, value, prefix, errors)
    return out


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def dump_value(value: Any) -> Any:
    """The JSON form of a parsed value: decimals and dates as strings, as the case format says."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [dump_value(v) for v in value]
    if isinstance(value, dict):
        return {k: dump_value(v) for k, v in value.items() if v is not None and v != []}
    return value


# Spaces of every kind, zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen), every dash (ASCII
# '-', Unicode's dashes and minus signs, the full-width '－' after NFKC) and '_': separators people type or paste
# differently for the same number, so none of them tells two numbers apart.
_SEPARATORS = re.compile(r"[\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63_-]+")


def normalise_identifier(text: object) -> str:
    """A contract number, credit code, name or document number as compared: NFKC (full-width forms become ordinary
    ones), upper case, without spaces, zero-width characters, dashes or '|' (the ledger's key separator, made '/').
    'JK-2022-0621', 'jk－2022－0621' and 'JK 2022 0621' are one number. Knows nothing of any measure."""
    import unicodedata

    text = str(text or "")
    for _ in range(4):  # upper case and removing a separator can each make a new composable pair: to a fixed point
        folded = _SEPARATORS.sub("", unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).upper()))
        if folded == text:
            break
        text = folded
    return text.replace("|", "/")
