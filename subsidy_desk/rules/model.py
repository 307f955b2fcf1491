"""What a rule value is once loaded: a dated value with its unit, label and legal reference."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..format import fmt_amount, fmt_date, fmt_percent

if TYPE_CHECKING:
    from pathlib import Path

    from .lpr import LprTable

# The confidence marks of the rule files (docs/readings.md), plus L for a value a county set itself (overrides).
CONFIDENCE_LABELS = {
    "C": "官方文件",
    "S": "二手来源",
    "D": "本程序默认",
    "L": "本地调整",
}

# Values a county should confirm or replace with its own (docs/settings.md: every [S] and [D] value).
REVIEW_MARKS = ("S", "D")
UNCONFIRMED = "未经本县确认"

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
    confirmed: dict = field(default_factory=dict)  # shipped entry start -> the county's confirming document

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
    confirmation: str = ""  # the county's document confirming a shipped [S]/[D] value ("" while unconfirmed)

    @property
    def unconfirmed(self) -> bool:
        """A reading the county has not yet made its own: shipped [S] or [D], neither confirmed nor replaced."""
        return self.confidence in REVIEW_MARKS and not self.overridden and not self.confirmation

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
            "confirmation": self.confirmation,
            "note": self.note,
        }


class RuleSet:
    """All rule values, asked for as of a date. Carries the version and a content hash for every result."""

    def __init__(self, version: str, parameters: dict[str, Parameter], lpr: LprTable, digest: str,
                 overrides_path: Path | None = None):
        self.version = version
        self.parameters = parameters
        self.lpr_table = lpr
        self.hash = digest
        self.overrides_path = overrides_path
        self._values: dict[tuple, RuleValue] = {}
        # A rule set never changes once loaded (a county's edit loads a new one), and a batch reads the same few
        # values as of the same few hundred dates thousands of times: each (name, date) is looked up once.
        self._on: dict[tuple, RuleValue] = {}
        self._kept: dict[tuple, Any] = {}
        self._stamp: dict | None = None

    def get(self, key: str, as_of: date) -> RuleValue:
        known = self._on.get((key, as_of))
        if known is not None:
            return known
        try:
            param = self.parameters[key]
        except KeyError:
            raise KeyError(f"未知的政策参数：{key}") from None
        found = param.entry_at(as_of)
        if found is None or found[0].value is None:
            raise OutOfRange(key, param.label, as_of)
        entry, local = found
        cached = self._values.get((key, entry.start, local))
        if cached is None:
            cached = self._values[(key, entry.start, local)] = _value(param, entry, local)
        self._on[(key, as_of)] = cached
        return cached

    def kept(self, key: tuple, make, *args) -> Any:
        """``make(*args)``, made once per ``key`` for this rule set: what a measure works out from rule values
        alone (the shares of a date, say), kept like the values themselves. Nothing is kept when ``make`` raises."""
        known = self._kept.get(key)
        if known is None:
            known = self._kept[key] = make(*args)
        return known

    def changes(self, prefix: str) -> list[date]:
        """The days, sorted, on which a value of a parameter named ``prefix``… or the LPR may change: where a
        series' value (shipped or the county's own) starts or ends, and where an LPR is published or the table
        runs out. Between two of them every such value is the same on every day — the same entry, the same
        LPR row — so what is worked out from them for one day holds for the whole stretch. Kept."""
        return self.kept(("changes", prefix), self._changes, prefix)

    def _changes(self, prefix: str) -> list[date]:
        days = set(self.lpr_table.changes())
        for key, param in self.parameters.items():
            if key.startswith(prefix):
                for entry in (*param.local, *param.entries):
                    days.add(entry.start)
                    if entry.end is not None:
                        days.add(entry.end + timedelta(days=1))
        return sorted(days)

    def find(self, key: str, as_of: date) -> RuleValue | None:
        """Like ``get``, for a value that may lawfully not exist on that date (a cap introduced later)."""
        try:
            return self.get(key, as_of)
        except OutOfRange:
            return None

    def series(self, key: str) -> list[RuleValue]:
        """Every dated value of a parameter, the county's own first: what the settings view and `rules` list."""
        param = self.parameters[key]
        return [_value(param, e, local) for local, entries in ((True, param.local), (False, param.entries))
                for e in entries if e.value is not None]

    def value(self, key: str, as_of: date) -> Any:
        return self.get(key, as_of).value

    def lpr(self, as_of: date, term: str = "1y") -> RuleValue:
        known = self._on.get((term, as_of))
        if known is None:
            known = self._on[(term, as_of)] = self.lpr_table.at(as_of, term)
        return known

    def find_lpr(self, as_of: date, term: str = "1y") -> RuleValue | None:
        try:
            return self.lpr(as_of, term)
        except OutOfRange:
            return None

    def review(self) -> list[RuleValue]:
        """Every shipped [S]/[D] value, in file order: what the county confirms or replaces (本县参数确认)."""
        return [_value(p, e, False) for p in self.parameters.values() for e in p.entries
                if e.value is not None and e.confidence in REVIEW_MARKS]

    def replaced(self, value: RuleValue) -> bool:
        """Whether the county set its own value for the day a shipped value starts (so it needs no confirming)."""
        found = self.parameters[value.key].entry_at(value.start)
        return found is not None and found[1]

    def unconfirmed(self) -> list[RuleValue]:
        return [v for v in self.review() if v.unconfirmed and not self.replaced(v)]

    @property
    def overridden_keys(self) -> list[str]:
        keys = [k for k, p in self.parameters.items() if p.local]
        if any(r.local for r in self.lpr_table.rows):
            keys.append("lpr")
        return keys

    def stamp(self) -> dict:
        """What every result carries so it can be recomputed exactly later (a copy: a result may be changed)."""
        if self._stamp is None:
            self._stamp = {"version": self.version, "hash": self.hash, "overrides": self.overridden_keys}
        return {**self._stamp, "overrides": list(self._stamp["overrides"])}


def _value(param: Parameter, entry: Entry, local: bool) -> RuleValue:
    return RuleValue(
        key=param.key, label=param.label, unit=param.unit, value=entry.value, start=entry.start, end=entry.end,
        document=entry.document, clause=entry.clause, confidence=entry.confidence, note=entry.note,
        overridden=local, choices=param.choices, confirmation="" if local else param.confirmed.get(entry.start, ""),
    )
