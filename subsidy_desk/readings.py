"""Checking a claim: the figure asked for against ours, and — when they differ — which reading explains it.

A difference of one fen is a difference: the clerk decides, the program only finds out why. It recomputes the
case under the readings its measure lists (``Measure.readings``, from measures/<kind>/readings.py), first one
at a time, then two together, always through ``case.compute`` — there is no second calculator — and says which reading reproduces the claimed
figure to the fen: 「申请金额按实际天数/365计算，与本程序按实际天数/360 相差 412.33 元」, or that none does.
Where the claim lists periods, each period is compared and explained on its own, so a bank that took the wrong
LPR for one quarter is told so for that quarter.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from . import claimed
from .case import Case, compute
from .fields import InputError
from .format import fmt_amount
from .i18n import N_
from .measures.reading import Adjusted, Change, Reading
from .measures.registry import measure
from .money import ZERO

# What a check concludes, and the words the clerk and the bank read for it.
AGREE, EXPLAINED, ASK = "agree", "explained", "ask"
STATUS = {AGREE: N_("一致"), EXPLAINED: N_("口径不同"), ASK: N_("需向申请单位核实")}


def readings(kind: str) -> tuple[Reading, ...]:
    """The readings a kind's claims are checked under (``Measure.readings``; none for a kind that lists none)."""
    return measure(kind).readings


@dataclass(frozen=True)
class Line:
    """One figure asked for beside ours: a settlement period (``period``) or the total (``period`` None)."""

    period: int | None
    claimed: Decimal
    approved: Decimal
    claimed_interest: Decimal | None = None  # the interest the bank states for the period, when it does
    approved_interest: Decimal | None = None
    reason: str = ""  # why they differ; "" when they agree
    readings: tuple[str, ...] = ()  # the keys of the reading(s) that reproduce the claimed figure(s), if any

    @property
    def explained(self) -> bool:
        return bool(self.readings)

    @property
    def label(self) -> str:
        return "合计" if self.period is None else f"第{self.period}期"

    @property
    def difference(self) -> Decimal:
        """申请 − 核定: positive when more is asked for than the program approves."""
        return self.claimed - self.approved

    @property
    def agrees(self) -> bool:
        return self.claimed == self.approved and (self.claimed_interest is None
                                                  or self.claimed_interest == self.approved_interest)

    def to_json(self) -> dict:
        out = {"label": self.label, "claimed": str(self.claimed), "approved": str(self.approved),
               "difference": str(self.difference), "reason": self.reason, "readings": list(self.readings)}
        if self.claimed_interest is not None:
            out.update(claimed_interest=str(self.claimed_interest), approved_interest=str(self.approved_interest))
        return out


@dataclass(frozen=True)
class Check:
    """A claim checked: each period and the total, what was concluded, and why."""

    lines: list[Line]  # the periods in order, then the total
    status: str  # AGREE, EXPLAINED or ASK
    reason: str  # one sentence for the 差异原因 column; "" when they agree
    tried: list[str] = field(default_factory=list)  # the readings recomputed, in words

    @property
    def total(self) -> Line:
        return self.lines[-1]

    @property
    def claimed(self) -> Decimal:
        return self.total.claimed

    @property
    def approved(self) -> Decimal:
        return self.total.approved

    @property
    def difference(self) -> Decimal:
        return self.total.difference

    @property
    def readings(self) -> list[str]:
        """The keys of the readings found: the total's, or else each differing period's in turn."""
        if self.total.explained:
            return list(self.total.readings)
        return [key for line in self.lines[:-1] for key in line.readings]

    @property
    def status_text(self) -> str:
        return STATUS[self.status]

    def to_json(self) -> dict:
        return {"status": self.status, "status_text": self.status_text, "claimed": str(self.claimed),
                "approved": str(self.approved), "difference": str(self.difference), "reason": self.reason,
                "lines": [line.to_json() for line in self.lines]}


def check_claim(case: Case, rules, result=None) -> Check | None:
    """Compare the case's claim with the program's figure and explain any difference; None without a claim."""
    claim = case.claim
    if not claim:
        return None
    result = result if result is not None else compute(case, rules)
    lines = _lines(claim, result)
    if all(line.agrees for line in lines):
        return Check(lines, AGREE, "")
    found, tried = _search(case, rules, result, [line for line in lines if not line.agrees])
    lines = [line if line.agrees else _explain(line, found.get(line.period, []), len(tried)) for line in lines]
    periods = [line for line in lines[:-1] if not line.agrees]
    total = lines[-1]
    if total.explained or (periods and all(line.explained for line in periods)):
        status = EXPLAINED
    else:
        status = ASK
    if total.explained or not periods:
        reason = total.reason
    else:
        reason = "；".join(f"{line.label}：{line.reason}" for line in periods)
        reason += f"；合计相差 {fmt_amount(total.difference)} 元"
    return Check(lines, status, reason, tried)


def _lines(claim: dict, result) -> list[Line]:
    ours = claimed.period_figures(result)
    lines = []
    if claim["periods"]:
        asked = {p["period"]: p for p in claim["periods"]}
        for number in sorted(set(asked) | set(ours)):
            subsidy, interest = ours.get(number, (ZERO, ZERO))
            entry = asked.get(number, {})
            lines.append(Line(number, entry.get("subsidy", ZERO), subsidy, entry.get("interest"),
                              interest if entry.get("interest") is not None else None))
    lines.append(Line(None, claim["amount"], result.total))
    return lines


def _figures(result, line: Line) -> tuple[Decimal, Decimal | None]:
    if line.period is None:
        return result.total, None
    return claimed.period_figures(result).get(line.period, (ZERO, ZERO))


def _reproduces(result, line: Line) -> bool:
    subsidy, interest = _figures(result, line)
    return subsidy == line.claimed and (line.claimed_interest is None or interest == line.claimed_interest)


def _search(case: Case, rules, result, open_lines: list[Line]):
    """Recompute under each reading, then each pair, until every differing line is reproduced by some reading.

    Returns {line's period: [(reading keys, Change), ...] that reproduce it} and the readings tried, in words.
    Pairs are tried only for lines no single reading reproduces.
    """
    singles = []
    for reading in readings(case.kind):
        change = reading.vary(case.inputs, case.applicant, rules, result)
        if change is not None:
            singles.append((reading, change))
    found: dict[int | None, list[tuple[tuple[str, ...], Change]]] = {}
    tried: list[str] = []
    seen: set = set()

    def attempt(tried_readings: list[tuple[Reading, Change]], lines: list[Line]) -> None:
        changes = [c for _, c in tried_readings]
        merged = Change("、".join(c.theirs for c in changes), "、".join(c.ours for c in changes),
                        inputs={k: v for c in changes for k, v in c.inputs.items()},
                        rules={k: v for c in changes for k, v in c.rules.items()})
        key = (repr(sorted(merged.inputs.items())), repr(sorted(merged.rules.items())))
        if key in seen:
            return
        seen.add(key)
        tried.append(merged.theirs)
        other = _recompute(case, rules, merged)
        if other is None:
            return
        for line in lines:
            if _reproduces(other, line):
                found.setdefault(line.period, []).append((tuple(r.key for r, _ in tried_readings), merged))

    for single in singles:
        attempt([single], open_lines)
    left = [line for line in open_lines if line.period not in found]
    if left:
        for a, b in combinations(singles, 2):
            if a[0].group != b[0].group:
                attempt([a, b], left)
    return found, tried


def _recompute(case: Case, rules, change: Change):
    """The case computed as the reading reads it, through the one compute entry; None if it makes no valid case."""
    inputs = {**case.inputs, **change.inputs}
    if measure(case.kind).check(inputs):
        return None
    other = Case(case.kind, case.applicant, inputs)
    try:
        return compute(other, Adjusted(rules, change.rules) if change.rules else rules)
    except InputError:
        return None


def _explain(line: Line, found: list[tuple[tuple[str, ...], Change]], tried: int) -> Line:
    gap = f"相差 {fmt_amount(abs(line.difference))} 元"
    if found:
        reason = "；或".join(f"申请金额按{c.theirs}计算，与本程序按{c.ours} {gap}" for _, c in found[:3])
    else:
        reason = (f"{gap}，另按 {tried} 种口径（单独及两两组合）重算均不能得出申请金额，请向申请单位核实"
                  if tried else f"{gap}，没有可试的其他口径，请向申请单位核实")
    if line.claimed_interest is not None and line.claimed_interest != line.approved_interest:
        reason += f"（银行利息 {fmt_amount(line.claimed_interest)} 元，本程序 {fmt_amount(line.approved_interest)} 元）"
    return Line(line.period, line.claimed, line.approved, line.claimed_interest, line.approved_interest,
                reason, found[0][0] if found else ())
