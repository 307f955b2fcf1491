"""The words a worksheet is made of: labelled values in sections, and boxes to sign.

A measure says what its worksheet holds with these (its ``worksheet.py``); worksheets/layout.py places them and the
workbook and the printer draw them. Values keep their type (Decimal, date, int, str) so the workbook can write
numbers and dates, and ``Item.text()`` gives the one way each is shown on paper.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..applicant import FIELDS as APPLICANT_FIELDS
from ..format import fmt_amount, fmt_date, fmt_percent

DATE_LINE = "年　　月　　日"


@dataclass(frozen=True)
class Item:
    """A labelled value: 贷款本金 3,000,000.00 元. ``kind`` is a column kind (date/money/percent/int/text)."""

    label: str
    value: Any
    kind: str = "text"

    def text(self) -> str:
        return shown(self.value, self.kind)


@dataclass(frozen=True)
class Section:
    """A block of labelled values under a heading (借款人, 贷款合同, ...)."""

    title: str
    items: list[Item]


@dataclass(frozen=True)
class SignBlock:
    """A box to sign and stamp in: its heading, the lines inside, and whether a seal must fit (about 4.2 cm)."""

    title: str
    lines: tuple[str, ...] = ()
    seal: bool = True


def shown(value: Any, kind: str) -> str:
    """How a value reads on paper: amounts grouped to the fen, rates in percent, dates 2022年6月21日."""
    if value is None or value == "":
        return ""
    if kind == "money":
        return fmt_amount(value)
    if kind == "percent":
        return fmt_percent(value)
    if kind == "date":
        return fmt_date(value)
    return str(value)


def applicant_items(case, name_label: str) -> list[Item]:
    """The applicant's name (under the measure's own word for it), credit code, county and contact."""
    appl = case.applicant
    labels = {f.name: f.label for f in APPLICANT_FIELDS}
    return [Item(name_label, appl.get("name") or ""), Item(labels["credit_code"], appl.get("credit_code") or ""),
            Item(labels["county"], appl.get("county") or ""), Item(labels["contact"], appl.get("contact") or "")]
