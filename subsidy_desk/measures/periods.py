"""Claim periods of a case entered once and claimed period by period (a loan's quarters): which period a day falls
in, the one before it, what no claim covers yet and the first period not yet claimed. A measure gives its periods
(``Measure.periods``); these only compare spans of days, both ends included."""
from __future__ import annotations

from datetime import date, timedelta

Span = tuple[date, date]  # first and last day, both included


def containing(spans: list[Span], day: date) -> Span | None:
    """本季度: the quarter ``day`` falls in (the loan's first or last one before or after it)."""
    if not spans:
        return None
    if day < spans[0][0]:
        return spans[0]
    return next((s for s in spans if s[0] <= day <= s[1]), spans[-1])


def before(spans: list[Span], day: date) -> Span | None:
    """上季度: the quarter before the one ``day`` falls in; the loan's first when there is none before."""
    current = containing(spans, day)
    if current is None:
        return None
    i = spans.index(current)
    return spans[i - 1] if i > 0 and day >= spans[0][0] else current


def overlaps(a: Span, b: Span) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def unclaimed(spans: list[Span], claimed: list[Span]) -> list[Span]:
    """The parts of the loan no claim covers, merged into runs: 尚未申请."""
    if not spans:
        return []
    out: list[Span] = []
    day, last = spans[0][0], spans[-1][1]
    for lo, hi in sorted(claimed):
        if hi < day:
            continue
        if lo > day:
            out.append((day, min(lo - timedelta(days=1), last)))
        day = max(day, hi + timedelta(days=1))
        if day > last:
            break
    if day <= last:
        out.append((day, last))
    return [s for s in out if s[0] <= s[1]]


def next_unclaimed(spans: list[Span], claimed: list[Span]) -> Span | None:
    """The first quarter no claim touches."""
    return next((s for s in spans if not any(overlaps(s, c) for c in claimed)), None)


def name(span: Span, unit: str) -> str:
    """How a case's title names a claim period (2022年第3季度, 2023年上半年, 2023年度), by the period's last day: a
    loan's quarter runs to its settlement day, so 2022-06-21 to 2022-09-20 is the third quarter."""
    last = span[1]
    if unit == "year":
        return f"{last.year}年度"
    if unit == "half":
        return f"{last.year}年{'上' if last.month <= 6 else '下'}半年"
    return f"{last.year}年第{(last.month - 1) // 3 + 1}季度"
