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


BLANK = "（未填写）"


def identity_gaps(case) -> list[str]:
    """What the form would print blank about who applies: 申请人名称, and an organisation's 统一社会信用代码.

    The window asks before exporting or printing such a form and the command line says so; the form marks each
    blank （未填写）, so an anonymous worksheet is never printed without anyone noticing.
    """
    from .registry import measure

    labels = {f.name: f.label for f in APPLICANT_FIELDS}
    gaps = [] if (case.applicant.get("name") or "").strip() else [labels["name"]]
    if measure(case.kind).worksheet.organisation(case.inputs) and not (case.applicant.get("credit_code") or "").strip():
        gaps.append(labels["credit_code"])
    return gaps


def applicant_items(case, name_label: str) -> list[Item]:
    """The applicant's name (under the measure's own word for it), credit code, county and contact; a name, or an
    organisation's code, left blank prints as （未填写）."""
    appl = case.applicant
    labels = {f.name: f.label for f in APPLICANT_FIELDS}
    gaps = identity_gaps(case)
    name = appl.get("name") or (BLANK if labels["name"] in gaps else "")
    code = appl.get("credit_code") or (BLANK if labels["credit_code"] in gaps else "")
    return [Item(name_label, name), Item(labels["credit_code"], code),
            Item(labels["county"], appl.get("county") or ""), Item(labels["contact"], appl.get("contact") or "")]
