"""An agency's claim periods: its guarantees are entered once (the list grows as it guarantees more) and the
subsidy claimed period by period, each claim its own worksheet and ledger entry.

The county says how long a period is (guarantee_fee.claim_period: a calendar quarter by default, or a half-year or
a year, as of the period's first day). The periods run from the first day of the agency's guarantees that the
measure covers (the rule's first date) to the last day of its last guarantee, the first and last cut to them; a
claim counts the days of each guarantee inside its period.
"""
from __future__ import annotations

from datetime import date, timedelta

from ..periods import Span

RULE = "guarantee_fee.claim_period"
LAST_MONTHS = {"quarter": (3, 6, 9, 12), "half": (6, 12), "year": (12,)}


def agency_span(inputs: dict) -> Span | None:
    """The first and last guaranteed day of the agency's list (both ends counted), None for an empty list."""
    guarantees = [g for g in inputs.get("guarantees") or [] if g.get("start_date") and g.get("end_date")]
    if not guarantees:
        return None
    return min(g["start_date"] for g in guarantees), max(g["end_date"] for g in guarantees)


def _first_day(inputs: dict, rules) -> date | None:
    """The first day a claim may cover: the agency's first guaranteed day, not before the measure's rules begin."""
    span = agency_span(inputs)
    if span is None:
        return None
    return max(span[0], min(v.start for v in rules.series(RULE)))


def unit(inputs: dict, rules) -> str:
    """How long one claim period is, as of the agency's first claimable day (a quarter when it cannot be told yet)."""
    first = _first_day(inputs, rules)
    found = rules.find(RULE, first) if first else None
    return found.value if found else "quarter"


def period_end(day: date, length: str) -> date:
    """The last day of the calendar quarter, half-year or year ``day`` falls in."""
    month = next(m for m in LAST_MONTHS[length] if m >= day.month)
    following = date(day.year + 1, 1, 1) if month == 12 else date(day.year, month + 1, 1)
    return following - timedelta(days=1)


def periods(inputs: dict, rules) -> list[Span]:
    """The agency's claim periods, in order, the first and last cut to its guarantees."""
    first = _first_day(inputs, rules)
    if first is None:
        return []
    last = agency_span(inputs)[1]
    spans, lo = [], first
    while lo <= last:
        found = rules.find(RULE, lo)
        if found is None:  # the county ended the measure: nothing to claim from then on
            break
        hi = min(period_end(lo, found.value), last)
        spans.append((lo, hi))
        lo = hi + timedelta(days=1)
    return spans
