"""The guarantee agency's view of its portfolio (docs/batch.md, "The agency view"; measure 3 of 忻政办发〔2022〕36号).

年化担保额 = Σ 担保金额 × 天数 ÷ 365; 平均担保费率 = Σ 担保费 ÷ 年化担保额; measure 3 asks that this average be brought
to 1% or below ("降至1%以下"; 以下 includes the number itself). Each guarantee's annualised amount is rounded to the
fen and the agency's figure is the sum of those rounded rows, as every printed total is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ...money import ZERO, fen
from ..measure import ResultsSheet
from .calculator import KIND, LEVELS

AVERAGE_TARGET = Decimal("1")  # percent: measure 3 of 忻政办发〔2022〕36号
RATE_PLACES = Decimal("0.0001")
NO_NAME = "（未填写担保机构名称）"


@dataclass
class Guarantee:
    """One guarantee as the agency view needs it, taken from a computed guarantee fee result."""

    number: int
    applicant: str
    amount: Decimal
    days: int
    fee: Decimal
    annualised: Decimal
    subsidy: Decimal


@dataclass
class Agency:
    name: str
    level: str
    guarantees: list[Guarantee] = field(default_factory=list)

    @property
    def amount(self) -> Decimal:
        return sum((g.amount for g in self.guarantees), ZERO)

    @property
    def annualised(self) -> Decimal:
        return sum((g.annualised for g in self.guarantees), ZERO)

    @property
    def fee(self) -> Decimal:
        return sum((g.fee for g in self.guarantees), ZERO)

    @property
    def subsidy(self) -> Decimal:
        return sum((g.subsidy for g in self.guarantees), ZERO)

    @property
    def average_rate(self) -> Decimal | None:
        """Σ fee ÷ 年化担保额, in percent to four places (None for an empty portfolio)."""
        if not self.annualised:
            return None
        return (self.fee * 100 / self.annualised).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)

    @property
    def meets_target(self) -> bool | None:
        """The 1% test on the exact quotient (not the rounded figure shown)."""
        if not self.annualised:
            return None
        return self.fee * 100 <= AVERAGE_TARGET * self.annualised


def _year_days(result) -> int:
    for r in result.rules_used:
        if r.key == f"{KIND}.year_days":
            return int(r.value)
    return 365


def agencies(entries) -> list[Agency]:
    """Group the computed guarantee entries by agency, in the order agencies first appear."""
    out: dict[tuple[str, str], Agency] = {}
    for entry in entries:
        case, result = entry.case, entry.result
        if case.kind != KIND:
            continue
        row = result.rows[0]
        name = case.inputs.get("agency_name") or NO_NAME
        level = LEVELS[case.inputs["agency_level"]]
        agency = out.setdefault((name, level), Agency(name, level))
        annualised = fen(row["amount"], row["days"], per=_year_days(result))
        agency.guarantees.append(Guarantee(entry.number, case.applicant.get("name") or "", row["amount"], row["days"],
                                           row["fee"], annualised, result.total))
    return list(out.values())


def target_text(agency: Agency) -> str:
    ok = agency.meets_target
    if ok is None:
        return "—"
    return "达标（≤1%）" if ok else "未达标（>1%）"


def sheets(entries) -> list[ResultsSheet]:
    """The 担保机构 sheet of a batch's results: each agency's portfolio, all agencies together, every guarantee."""
    groups = agencies(entries)
    if not groups:
        return []
    everyone = Agency("全部担保机构", "", [g for a in groups for g in a.guarantees])
    return [ResultsSheet(
        "担保机构",
        [("担保机构", "text", 30), ("层级", "text", 14), ("笔数", "int", 8), ("担保金额合计（元）", "money", 18),
         ("年化担保额（元）", "money", 18), ("担保费合计（元）", "money", 16), ("平均担保费率（%）", "percent", 16),
         ("平均费率≤1%", "center", 16), ("保费补贴合计（元）", "money", 18)],
        [[a.name, a.level, len(a.guarantees), a.amount, a.annualised, a.fee, a.average_rate, target_text(a), a.subsidy]
         for a in groups],
        total=[everyone.name, None, len(everyone.guarantees), everyone.amount, everyone.annualised, everyone.fee,
               everyone.average_rate, target_text(everyone), everyone.subsidy],
        notes=["年化担保额 = Σ 担保金额 × 天数 ÷ 365（逐笔到分后相加）；平均担保费率 = Σ 担保费 ÷ 年化担保额；"
               "忻政办发〔2022〕36号第三条：平均担保费率降至 1% 以下。"],
        detail_columns=[("逐笔明细", "text"), ("行号", "center"), ("申请人", "text"), ("担保金额（元）", "money"),
                        ("天数", "int"), ("担保费（元）", "money"), ("年化担保额（元）", "money"), ("保费补贴（元）", "money")],
        detail_rows=[[a.name, g.number, g.applicant, g.amount, g.days, g.fee, g.annualised, g.subsidy]
                     for a in groups for g in a.guarantees],
    )]
