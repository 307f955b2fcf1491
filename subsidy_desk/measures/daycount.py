"""Day-count conventions of 银发〔2005〕129号, as a year fraction that interest and subsidy share.

Interest accrues from the first day up to, not including, the end day (算头不算尾). Each convention gives the
year fraction as whole numbers, ``units / base`` (the month-based one as (360 × years + 30 × months + odd days) / 360),
so interest is one exact product divided once, with nothing truncated before the half-up rounding at the fen.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from functools import lru_cache
from datetime import date

from ..i18n import N_

CONVENTIONS = {
    "act360": N_("实际天数/360（按日计息，年基准 360 天）"),
    "month": N_("整年整月按年/月利率，零头天数按日利率（日利率 = 年利率 ÷ 360）"),
    "act365": N_("实际天数/365"),
}
FORMULAS = {
    "act360": "余额 × 年利率 × 实际天数 ÷ 360",
    "month": "余额 ×（整年数 × 年利率 + 整月数 × 年利率 ÷ 12）+ 余额 × 零头天数 × 年利率 ÷ 360",
    "act365": "余额 × 年利率 × 实际天数 ÷ 365",
}


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (1月31日 + 1个月 = 2月28日或29日)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    if day.day <= 28:  # a day every month has: no month's length to look up (most loans start on one)
        return date(year, month, day.day)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Span:
    """How a convention measured one accrual span: the year fraction and the words to explain it."""

    units: int
    base: int
    days: int
    years: int = 0
    months: int = 0
    odd_days: int = 0

    def words(self, convention: str) -> str:
        if convention == "month":
            parts = [f"{self.years} 年" if self.years else "", f"{self.months} 个月" if self.months else "",
                     f"{self.odd_days} 天" if self.odd_days or not (self.years or self.months) else ""]
            return "".join(parts)
        return f"{self.days} 天 ÷ {360 if convention == 'act360' else 365}"


_BASES = {"act360": 360, "act365": 365}


@lru_cache(maxsize=1024)
def _actual(days: int, base: int) -> Span:
    """Under an actual-day count a span is its days over the base: the few hundred there are, made once."""
    return Span(days, base, days)


def span(convention: str, start: date, end: date) -> Span:
    """Year fraction of [start, end) under the convention."""
    days = (end - start).days
    if convention in _BASES:
        return _actual(days, _BASES[convention])
    if convention != "month":
        raise ValueError(convention)
    months = 0
    while add_months(start, months + 1) <= end:
        months += 1
    odd = (end - add_months(start, months)).days
    years, rest = divmod(months, 12)
    return Span(360 * years + 30 * rest + odd, 360, days, years, rest, odd)
