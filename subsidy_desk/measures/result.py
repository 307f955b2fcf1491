"""What every calculator returns: a total, the rows it is the sum of, warnings, and the steps that explain it."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from decimal import Decimal
from functools import cache
from types import SimpleNamespace
from typing import Any

from ..format import fmt_amount, fmt_date, fmt_percent
from ..rules.model import RuleValue

COLUMN_KINDS = {"date", "money", "percent", "int", "text"}


@dataclass(frozen=True)
class Column:
    key: str  # the column's name in a result's JSON and on a worksheet's column list ("from", "subsidy")
    label: str
    kind: str  # one of COLUMN_KINDS: tells the window and the worksheet how to show and format it
    attr: str = ""  # the row attribute holding it, when the key cannot be one ("from" → from_day)

    def of(self, row: "Row") -> Any:
        """This column's value in a row."""
        return getattr(row, self.attr or self.key)


def column(label: str, kind: str, *, key: str = "", default: Any = MISSING) -> Any:
    """A row field that is one of the result's columns (``key`` when the JSON name differs from the field's)."""
    return field(default=default, metadata={"column": (key, label, kind)})


def recorded(default: Any = MISSING) -> Any:
    """A row field kept in the result's JSON though it is no column (six taxes' item key)."""
    return field(default=default, metadata={"recorded": True})


class Row:
    """A result row: each measure declares its own ``@dataclass(slots=True)`` subclass.

    Fields made with ``column()`` are the result's columns, in order (``columns(RowType)`` is the measure's
    ``COLUMNS``); ``recorded()`` fields go into the JSON too; any other field is working material of the
    computation (a loan period's segments for its explanation) and is neither shown nor stored.
    """

    __slots__ = ()

    def to_json(self) -> dict:
        return {key: _cell(getattr(self, attr)) for key, attr in _recorded(type(self))}


def columns(row_type: type[Row]) -> list[Column]:
    """The columns a row type declares, in the order of its fields."""
    out = []
    for f in fields(row_type):
        if "column" in f.metadata:
            key, label, kind = f.metadata["column"]
            out.append(Column(key or f.name, label, kind, f.name if key and key != f.name else ""))
    return out


@cache
def _recorded(row_type: type[Row]) -> tuple[tuple[str, str], ...]:
    return tuple(((f.metadata["column"][0] or f.name) if "column" in f.metadata else f.name, f.name)
                 for f in fields(row_type) if "column" in f.metadata or "recorded" in f.metadata)


def _cell(v: Any) -> Any:
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, date):
        return v.isoformat()
    return v


def stored_rows(columns_: list[Column], rows: list[dict]) -> list[Any]:
    """A stored result's rows (its JSON) read back by their declared columns, for what needs a row's values
    without computing it again (the ledger's consistency check rebuilds a claim key from them)."""
    read = {"date": date.fromisoformat, "money": Decimal, "percent": Decimal, "int": int}
    out = []
    for data in rows:
        values = {c.attr or c.key: (None if data.get(c.key) is None else read.get(c.kind, str)(data[c.key]))
                  for c in columns_}
        out.append(SimpleNamespace(**values))
    return out


@dataclass(frozen=True)
class Figure:
    """A headline number beside the total (利息合计, 借款人承担, ...)."""

    key: str
    label: str
    value: Decimal


@dataclass(frozen=True)
class Notice:
    """A warning: something the clerk must know; with ``blocking`` the amount it concerns was set to zero."""

    code: str
    message: str
    blocking: bool = False


@dataclass(slots=True)
class Step:
    """One step of the explanation: what was done, the formula in words, the numbers, the result, the rules.

    Texts may be ``Phrase`` or ``Yuan`` objects; ``str()`` of each is what is shown and printed.
    """

    title: Any
    formula: str = ""
    values: list[tuple[str, Any]] = field(default_factory=list)
    result: Any = ""
    rules: list[RuleValue] = field(default_factory=list)

    def text(self) -> str:
        parts = [str(self.title)]
        if self.formula:
            parts.append(f"公式：{self.formula}")
        if self.values:
            parts.append("；".join(f"{k} {v}" for k, v in self.values))
        if self.result:
            parts.append(f"结果：{self.result}")
        for r in self.rules:
            parts.append(f"依据：{r.label} = {r.shown()}（{r.source}，{r.period}）{r.mark}")
        return "\n".join(parts)

    def to_json(self) -> dict:
        return {
            "title": str(self.title), "formula": self.formula,
            "values": [{"label": k, "value": str(v)} for k, v in self.values],
            "result": str(self.result), "rules": [r.to_json() for r in self.rules],
        }


class Deferred(Sequence):
    """A result's list made by ``make(kept)`` when first read: its rows, figures or its explanation's steps.

    A calculator keeps the numbers and rule values its rows and steps are made of, and the objects and their words
    are put together only when shown, printed or stored. A result is computed far more often (a batch, every
    keystroke, a ledger recomputed after a rule change) than it is looked at row by row or explained. Reads like
    the list it stands for; sent to another process as that list. ``kept`` is one object (a calculator's record
    of what it worked out): a result holds thousands of these in a batch, each as small as it can be.
    """

    __slots__ = ("_make", "_kept", "_made")

    def __init__(self, make, kept: Any):
        self._make, self._kept, self._made = make, kept, None

    def _list(self) -> list:
        if self._made is None:
            self._made = self._make(self._kept)
            self._make = self._kept = None
        return self._made

    def __getitem__(self, index):
        return self._list()[index]

    def __len__(self) -> int:
        return len(self._list())

    def __iter__(self):
        return iter(self._list())

    def __eq__(self, other) -> bool:
        return self._list() == (list(other) if isinstance(other, Deferred) else other)

    def __repr__(self) -> str:
        return repr(self._list())

    def __reduce__(self):
        return list, (self._list(),)


@dataclass(slots=True)
class Result:
    """A calculator's answer. Slotted: a batch, a ledger recomputed or a bench keeps thousands alive at once."""

    kind: str
    title: str  # 创业担保贷款贴息 ...
    as_of: date  # the date the rules were read for
    total: Decimal
    total_label: str  # 贴息额 / 补贴额 / 减征额
    figures: list[Figure]
    columns: list[Column]
    rows: list[Row]  # or Deferred: the same rows, made when first read
    warnings: list[Notice]
    steps: list[Step]  # or Deferred, as the rows
    rule_set: dict
    shares: list[tuple[str, Decimal]] = field(default_factory=list)  # who pays the total (资金分担)

    @property
    def rules_used(self) -> list[RuleValue]:
        """Every distinct rule value the result relied on, in the order first used."""
        seen: dict[tuple, RuleValue] = {}
        for step in self.steps:
            for r in step.rules:
                seen.setdefault((r.key, r.start), r)
        return list(seen.values())

    def explanation_text(self) -> str:
        return "\n\n".join(f"{i}. {s.text()}" for i, s in enumerate(self.steps, start=1))

    def to_json(self) -> dict:
        from .. import __version__

        return {
            "kind": self.kind,
            "title": self.title,
            "as_of": self.as_of.isoformat(),
            "total": str(self.total),
            "total_label": self.total_label,
            "figures": {f.key: str(f.value) for f in self.figures},
            "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in self.columns],
            "rows": [row.to_json() for row in self.rows],
            "shares": [{"label": k, "amount": str(v)} for k, v in self.shares],
            "warnings": [{"code": w.code, "message": w.message, "blocking": w.blocking} for w in self.warnings],
            "explanation": [s.to_json() for s in self.steps],
            "rule_set": self.rule_set,
            "program_version": __version__,
        }


class Yuan:
    """An amount as the explanation writes it, 39,866.67 元, formatted only when the text is shown.

    A result is computed far more often (batches, live typing) than its explanation is read, and formatting is
    most of the cost of building one, so steps hold these and render on demand.
    """

    __slots__ = ("value",)

    def __init__(self, value: Decimal):
        self.value = value

    def __str__(self) -> str:
        return f"{fmt_amount(self.value)} 元"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


class Phrase:
    """A sentence with figures in it, put together when shown: Phrase("利息 {}", Yuan(x))."""

    __slots__ = ("template", "args")

    def __init__(self, template: str, *args: Any):
        self.template, self.args = template, args

    def __str__(self) -> str:
        return self.template.format(*map(str, self.args))


class Percent:
    """A rate held in percent as the explanation writes it, 4.65%, formatted when shown."""

    __slots__ = ("value",)

    def __init__(self, value: Decimal):
        self.value = value

    def __str__(self) -> str:
        return fmt_percent(self.value)


class Day:
    """A date as the explanation writes it, 2022年6月21日, formatted when shown."""

    __slots__ = ("value",)

    def __init__(self, value: date):
        self.value = value

    def __str__(self) -> str:
        return fmt_date(self.value)


class Later:
    """Words a function makes from values kept as they are, when shown: Later(rule.shown)."""

    __slots__ = ("make", "args")

    def __init__(self, make, *args: Any):
        self.make, self.args = make, args

    def __str__(self) -> str:
        return self.make(*self.args)


yuan = Yuan
