"""What a rule value is once loaded: a dated value with its unit, label and legal reference."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ..format import fmt_amount, fmt_date, fmt_percent

# The confidence marks of REFERENCE.md, plus L for a value a county set itself (the override layer).
CONFIDENCE_LABELS = {
    "C": "官方文件",
    "S": "二手来源",
    "D": "本程序默认",
    "L": "本地调整",
}

NUMERIC_UNITS = {"CNY", "percent", "year", "person", "count"}
UNITS = NUMERIC_UNITS | {"bool", "enum", "list"}


class RuleError(Exception):
    """A rule file or an override file is not acceptable: names the file, the key and the problem."""

    def __init__(self, path: str, key: str, problem: str):
        self.path, self.key, self.problem = path, key, problem
        super().__init__(f"{path}: {key}: {problem}")


class OutOfRange(LookupError):
    """No rule value covers the date asked for. A refusal, never a guess."""

    def __init__(self, key: str, label: str, as_of: date, detail: str = ""):
        self.key, self.label, self.as_of = key, label, as_of
        message = f"该日期不在政策有效期内：{label}（{key}）没有适用于 {as_of.isoformat()} 的取值"
        super().__init__(message + (f"；{detail}" if detail else ""))


class StraddlesChange(LookupError):
    """A period (a tax quarter, say) runs across a change of a rule value: it must be split, not guessed."""


@dataclass(frozen=True)
class Entry:
    """One dated value in a parameter's series."""

    start: date
    end: date | None  # inclusive; None: open-ended
    value: Any  # None ends the series: no value from ``start``
    document: str
    clause: str
    confidence: str
    note: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Parameter:
    key: str
    label: str
    unit: str
    description: str
    choices: dict[str, str]  # enum/list value -> Chinese label
    entries: tuple[Entry, ...]
    local: tuple[Entry, ...] = field(default=())  # county overrides, consulted first
    most: Decimal | None = None  # the largest value that makes sense (100 for a share in percent)
    shares: str = ""  # the name of a group of shares that must add up to 100% on every date

    def entry_at(self, day: date) -> tuple[Entry, bool] | None:
        for entry in self.local:
            if entry.covers(day):
                return entry, True
        for entry in self.entries:
            if entry.covers(day):
                return entry, False
        return None


@dataclass(frozen=True)
class RuleValue:
    """A parameter's value as of a date, with everything a worksheet needs to cite it."""

    key: str
    label: str
    unit: str
    value: Any
    start: date
    end: date | None
    document: str
    clause: str
    confidence: str
    note: str = ""
    overridden: bool = False
    choices: dict[str, str] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """Document and clause, as printed: 忻政办发〔2022〕36号 第2条."""
        return " ".join(p for p in (self.document, self.clause) if p)

    @property
    def mark(self) -> str:
        return f"[{self.confidence}]"

    @property
    def period(self) -> str:
        end = f"至{fmt_date(self.end)}" if self.end else "起"
        return f"{fmt_date(self.start)}{end}"

    def shown(self) -> str:
        """The value as a person reads it, with its unit."""
        v = self.value
        if self.unit == "percent":
            return fmt_percent(v)
        if self.unit == "CNY":
            return f"{fmt_amount(v)} 元"
        if self.unit == "bool":
            return "是" if v else "否"
        if self.unit == "enum":
            return self.choices.get(v, v)
        if self.unit == "list":
            return "、".join(self.choices.get(x, x) for x in v) or "（无）"
        if isinstance(v, Decimal):
            unit = {"year": "年", "person": "人", "count": ""}[self.unit]
            return f"{v}{unit}"
        return str(v)

    def to_json(self) -> dict:
        v = self.value
        if isinstance(v, Decimal):
            v = str(v)
        return {
            "key": self.key,
            "label": self.label,
            "value": v,
            "shown": self.shown(),
            "unit": self.unit,
            "from": self.start.isoformat(),
            "to": self.end.isoformat() if self.end else None,
            "document": self.document,
            "clause": self.clause,
            "confidence": self.confidence,
            "overridden": self.overridden,
            "note": self.note,
        }
