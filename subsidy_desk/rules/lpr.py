"""The LPR table: published 1-year and 5-year-plus rates by publication date."""
from __future__ import annotations

import bisect
import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ..format import fmt_date
from ..money import parse_decimal
from .model import OutOfRange, RuleError, RuleValue

HEADER = ["date", "lpr_1y", "lpr_5y"]
DOCUMENT = "全国银行间同业拆借中心 贷款市场报价利率（LPR）公告"
TERMS = {"1y": ("lpr_1y", "1年期LPR"), "5y": ("lpr_5y", "5年期以上LPR")}


@dataclass(frozen=True)
class LprRow:
    published: date
    lpr_1y: Decimal
    lpr_5y: Decimal
    local: bool = False  # added by this office, not shipped
    note: str = ""


def parse_row(where: str, day: object, one: object, five: object) -> tuple[date, Decimal, Decimal]:
    """Check one LPR month, as shipped or as a clerk types it; raise RuleError naming the month and the problem."""
    try:
        published = date.fromisoformat(str(day))
    except ValueError:
        raise RuleError(where, str(day), "日期无效，应为 YYYY-MM-DD") from None
    rates = []
    for name, text in (("lpr_1y", one), ("lpr_5y", five)):
        try:
            rate = parse_decimal(text)
        except ValueError as exc:
            raise RuleError(where, f"{published} {name}", str(exc)) from None
        if not Decimal("0") < rate < Decimal("20"):
            raise RuleError(where, f"{published} {name}", f"利率 {rate}% 不合理（应在 0 到 20 之间，以百分数填写）")
        rates.append(rate)
    return published, rates[0], rates[1]


def read_csv(text: str, where: str) -> list[LprRow]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header != HEADER:
        raise RuleError(where, "表头", f"应为 {','.join(HEADER)}，实际为 {header}")
    rows = []
    for line, record in enumerate(reader, start=2):
        if not record:
            continue
        if len(record) != 3:
            raise RuleError(where, f"第{line}行", "应有 3 列")
        rows.append(LprRow(*parse_row(where, *record)))
    return rows


class LprTable:
    """Shipped months plus the months a clerk added; a later publication replaces nothing shipped."""

    def __init__(self, rows: list[LprRow], where: str):
        rows = sorted(rows, key=lambda r: r.published)
        for a, b in zip(rows, rows[1:]):
            if a.published == b.published:
                raise RuleError(where, a.published.isoformat(), "同一日期的 LPR 出现两次")
        if not rows:
            raise RuleError(where, "LPR", "表为空")
        self.rows = rows
        self._published = [r.published for r in rows]

    def at(self, day: date, term: str = "1y") -> RuleValue:
        """The LPR in force on ``day``: the latest publication on or before it.

        LPR is published around the 20th of each month, so the newest row is only trusted up to the 19th of the
        following month; after that the table must be brought up to date rather than the old rate assumed.
        """
        column, label = TERMS[term]
        key = f"lpr.{term}"
        if day < self.rows[0].published:
            raise OutOfRange(key, label, day, f"LPR 表从 {fmt_date(self.rows[0].published)} 开始")
        index = bisect.bisect_right(self._published, day) - 1  # rows are sorted by publication, each date once
        row = self.rows[index]
        if index == len(self.rows) - 1:
            nxt = _next_month_19th(row.published)
            if day > nxt:
                raise OutOfRange(
                    key, label, day,
                    f"LPR 表只到 {fmt_date(row.published)} 公布的一期，请在「政策参数」中补充之后各月的 LPR",
                )
            end = None
        else:
            end = self.rows[index + 1].published - timedelta(days=1)
        return RuleValue(
            key=key, label=label, unit="percent", value=getattr(row, column), start=row.published, end=end,
            document=DOCUMENT if not row.local else f"{DOCUMENT}（本地补充）",
            clause=f"{fmt_date(row.published)}公布", confidence="L" if row.local else "C",
            note=row.note, overridden=row.local,
        )


    def changes(self) -> list[date]:
        """The days on which the LPR in force changes: each publication, and the day after the newest is trusted."""
        return [*self._published, _next_month_19th(self.rows[-1].published) + timedelta(days=1)]


def _next_month_19th(day: date) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, 19)
