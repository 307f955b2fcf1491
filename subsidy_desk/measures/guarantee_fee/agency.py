"""The guarantee agencies of a batch list: each agency's guarantees become its claim (担保机构保费补贴申请).

Measure 3 is about the agencies (resources/rules/guarantee_fee.json, docs/batch.md): 年化担保额, the average fee rate and
its cap test, the subsidy per guarantee and in total are what the agency's claim computes (measures/agency_claim).
The results workbook's 担保机构 sheet shows those claims, each computed by that calculator from the agency's rows, so
the agency view is never a second computation that could disagree with the claim. A group's claim period is the span
of its guarantees.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from ...fields import FieldError, InputError, dump_value, parse_fields
from ...rules.model import OutOfRange, StraddlesChange
from ..agency_claim import calculator as claim_calc
from ..measure import ResultsSheet
from .calculator import KIND, LEVELS

NO_NAME = "（未填写担保机构名称）"


@dataclass
class Claim:
    """One agency's claim made from a list's rows: its inputs and result, or why it could not be computed."""

    name: str
    level: str
    entries: list = field(default_factory=list)
    inputs: dict | None = None
    result: object = None
    problem: str = ""

    def figure(self, key: str) -> Decimal | None:
        if self.result is None:
            return None
        if key == "average_rate":
            return claim_calc.average_rate(self.result)
        return next(f.value for f in self.result.figures if f.key == key)

    @property
    def amount(self) -> Decimal:
        return sum((e.case.inputs["amount"] for e in self.entries), Decimal("0.00"))


def _guarantee(entry) -> dict:
    i = entry.case.inputs
    end = i["end_date"] if i["end_day"] == "inclusive" else i["end_date"] - timedelta(days=1)
    g = {"enterprise": entry.case.applicant.get("name") or f"第 {entry.number} 行", "business_type": i["business_type"],
         "industry": i["industry"], "amount": i["amount"], "start_date": i["start_date"], "end_date": end,
         "fee_rate": i["fee_rate"], "fee_charged": i["fee_charged"], "contract_no": i["contract_no"]}
    return {k: v for k, v in g.items() if v is not None}


def claim_inputs(name: str, level: str, entries: list) -> dict:
    """The claim of one agency's rows, as a case file holds it: its guarantees over the span of their periods."""
    guarantees = [_guarantee(e) for e in entries]
    return dump_value({"agency_name": name, "agency_level": level,
                       "period_from": min(g["start_date"] for g in guarantees),
                       "period_to": max(g["end_date"] for g in guarantees), "guarantees": guarantees})


def claims(entries, rules) -> list[Claim]:
    """Group the computed guarantees by agency, in the order agencies first appear, and compute each claim."""
    out: dict[tuple[str, str], Claim] = {}
    for entry in entries:
        if entry.case.kind != KIND:
            continue
        name = entry.case.inputs.get("agency_name") or NO_NAME
        out.setdefault((name, entry.case.inputs["agency_level"]), Claim(name, entry.case.inputs["agency_level"])) \
            .entries.append(entry)
    for claim in out.values():
        claim.inputs = claim_inputs(claim.name, claim.level, claim.entries)
        errors: list[FieldError] = []
        inputs = parse_fields(claim_calc.FIELDS, claim.inputs, "inputs", errors)
        errors = errors or claim_calc.check(inputs)
        try:
            if errors:
                raise InputError(errors)
            claim.result = claim_calc.compute(inputs, {"name": claim.name}, rules)
        except (InputError, OutOfRange, StraddlesChange) as exc:
            claim.problem = str(exc)
    return list(out.values())


def target_text(claim: Claim) -> str:
    if claim.result is None:
        return "—"
    return "超过上限" if any(w.code == "average_above_cap" for w in claim.result.warnings) else "在上限以内"


def sheets(entries, rules) -> list[ResultsSheet]:
    """The 担保机构 sheet of a batch's results: each agency's claim, and every guarantee in it, computed with the
    rules the batch was computed with."""
    groups = claims(entries, rules) if any(e.case.kind == KIND for e in entries) else []
    if not groups:
        return []
    return [ResultsSheet(
        "担保机构",
        [("担保机构", "text", 30), ("层级", "text", 14), ("笔数", "int", 8), ("担保金额合计（元）", "money", 18),
         ("年化担保额（元）", "money", 18), ("担保费合计（元）", "money", 16), ("平均担保费率（%）", "percent", 16),
         ("平均费率检验", "center", 16), ("担保机构申请补贴额（元）", "money", 20), ("说明", "note", 40)],
        [[a.name, LEVELS[a.level], len(a.entries), a.amount, a.figure("annualised"), a.figure("fee"),
          a.figure("average_rate"), target_text(a), a.result.total if a.result else None, a.problem or None]
         for a in groups],
        notes=["每家担保机构的各笔担保按“担保机构保费补贴申请”计算（申请期间取各笔担保期限的起止）：年化担保额 = Σ 担保金额 × 天数 ÷ 365"
               "（逐笔到分后相加）；平均担保费率 = Σ 担保费 ÷ 年化担保额；忻政办发〔2022〕36号第3条：平均担保费率降至 1% 以下。"
               "可在窗口的“担保机构保费补贴申请”中打开、打印和登记。"],
        detail_columns=[("逐笔明细", "text"), ("行号", "center"), ("申请人", "text"), ("担保金额（元）", "money"),
                        ("天数", "int"), ("担保费（元）", "money"), ("年化担保额（元）", "money"), ("保费补贴（元）", "money")],
        detail_rows=[[a.name, e.number, row.enterprise, row.amount, row.days, row.fee, row.annualised, row.subsidy]
                     for a in groups if a.result for e, row in zip(a.entries, a.result.rows)],
    )]
