"""The readings a guarantee agency may have used for the fee and the subsidy, other than the program's own.

Each is data for readings.py (see measures/reading.py): the end day of the guarantee counted or not (the case's
``end_day``), a year of 360 or 365 days instead of the rule's.
"""
from __future__ import annotations

from ..reading import Change, Reading, choice

END_DAYS = {"inclusive": "担保到期日当日计入天数（两头计算）", "exclusive": "担保到期日当日不计入天数"}


def _year_days(days: int):
    def vary(inputs, applicant, rules, result):
        ours = int(rules.get("guarantee_fee.year_days", inputs["start_date"]).value)
        if ours == days:
            return None
        return Change(f"一年 {days} 天", f"一年 {ours} 天", rules={"guarantee_fee.year_days": days})

    return vary


READINGS = (
    *(choice(f"end_day.{k}", "end_day", "end_day", k, END_DAYS) for k in END_DAYS),
    Reading("year_days.360", "year_days", "一年按 360 天计", _year_days(360)),
    Reading("year_days.365", "year_days", "一年按 365 天计", _year_days(365)),
)
