"""担保机构保费补贴申请 (measure 3 as its text reads): the agency's claim for a period over its guarantees.

The agency's guarantees are entered once and claimed period by period (claim_periods.py): a claim counts each
guarantee's days inside its period and leaves out the guarantees wholly outside it. A claim with no period entered
covers the whole list, from its first guarantee day to its last (as a batch list's agency claim does).

Measure 3 asks government guarantee agencies to bring their **average** fee rate to 1% or below and has city and
county finance pay 保费补贴 (谁受益、谁补偿、谁补贴). The claim computes, over the agency's list:

- each guarantee's days inside the claim period (both ends counted), its 年化担保额 = 担保金额 × 天数 ÷ 365 and its
  fee for those days;
- 平均担保费率 = Σ 担保费 ÷ Σ 年化担保额, and the cap test on that average: Σ 担保费 ≤ Σ 担保金额 × 各笔上限 × 天数 ÷
  365 (each guarantee's cap as the rules say: 1%, 1.5% above 5,000,000, Shanxi's 0.5% industries), in fen;
- the subsidy of each guarantee by the county's method and its total, split between city and county by the
  agency's level.

The county's rule choices (guarantee_fee.recipient, cap_test, subsidy_method) are read as of the period's first
day; each guarantee's own values (caps, rates) as of its start, exactly as the single-guarantee calculator reads them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from ...fields import Field, FieldError
from ...format import fmt_date, fmt_percent
from ...i18n import N_
from ...money import ZERO, fen, split_by_shares
from ...rules.model import OutOfRange, RuleSet
from ..guarantee_fee.calculator import BUSINESS, INDUSTRIES, LEVELS, fee_cap, subsidy_formula
from ..result import Figure, Notice, Phrase, Result, Row, Step, column, columns, yuan

KIND = "agency_claim"
TITLE = N_("担保机构保费补贴申请")

# Rules are read as of this input; a date outside the policy is reported against it.
AS_OF_FIELD = "period_from"
RATE_PLACES = Decimal("0.0001")

FIELDS = (
    Field("agency_name", N_("担保机构名称"), "text", required=True),
    Field("agency_level", N_("担保机构层级"), "choice", required=True, choices=LEVELS),
    Field("period_from", N_("申请期间起"), "date",
          help=N_("不填则从第一笔担保的起日算起；可用上方的“本季度”“上季度”按钮填写")),
    Field("period_to", N_("申请期间止（含当日）"), "date", help=N_("不填则算到最后一笔担保的止日")),
    Field("guarantees", N_("担保业务清单"), "records", sub=(
        Field("enterprise", N_("被担保企业"), "text", required=True),
        Field("business_type", N_("业务类型"), "choice", required=True, choices=BUSINESS),
        Field("industry", N_("所属行业"), "choice", default="general", choices=INDUSTRIES, aside=True),
        Field("amount", N_("担保金额（元）"), "money", required=True, positive=True),
        Field("start_date", N_("担保期限起"), "date", required=True),
        Field("end_date", N_("担保期限止（含当日）"), "date", required=True),
        Field("fee_rate", N_("担保费率（年，%）"), "percent"),
        Field("fee_charged", N_("实收担保费（元）"), "money", aside=True),
        Field("contract_no", N_("担保合同编号"), "text", aside=True),
    ), help=N_("每笔担保一行；担保期限按合同“自……至……”填写，只计申请期间内的天数")),
)



@dataclass(slots=True)
class GuaranteeRow(Row):
    """One guarantee of the claim: its days in the period, 年化担保额, fee, cap and subsidy."""

    n: int = column(N_("序号"), "int")
    enterprise: str = column(N_("被担保企业"), "text")
    amount: Decimal = column(N_("担保金额"), "money")
    from_day: date = column(N_("计费起"), "date", key="from")
    to_day: date = column(N_("计费止"), "date", key="to")
    days: int = column(N_("天数"), "int")
    annualised: Decimal = column(N_("年化担保额"), "money")
    fee_rate: Decimal = column(N_("年化费率"), "percent")
    fee: Decimal = column(N_("担保费"), "money")
    cap: Decimal = column(N_("费率上限"), "percent")
    subsidy: Decimal = column(N_("补贴额"), "money")
    note: str = column(N_("说明"), "text")
    # For the claim's average-rate test and its warning; neither shown nor stored.
    cap_fee: Decimal = ZERO
    refused: bool = False


COLUMNS = columns(GuaranteeRow)


def claim_span(inputs: dict) -> tuple[date | None, date | None]:
    """The claim's period: as entered, a blank end taken from the list (its first or last guaranteed day; None for
    an empty list)."""
    guarantees = inputs["guarantees"]
    on = inputs["period_from"] or min((g["start_date"] for g in guarantees), default=None)
    until = inputs["period_to"] or max((g["end_date"] for g in guarantees), default=None)
    return on, until


def in_period(g: dict, on: date, until: date) -> bool:
    return g["start_date"] <= until and g["end_date"] >= on


def check(inputs: dict) -> list[FieldError]:
    errors = []
    if inputs["period_from"] and inputs["period_to"] and inputs["period_to"] < inputs["period_from"]:
        errors.append(FieldError("inputs.period_to", "申请期间止不能早于申请期间起"))
    if not inputs["guarantees"]:
        errors.append(FieldError("inputs.guarantees", "请至少填写一笔担保业务"))
    for i, g in enumerate(inputs["guarantees"], start=1):
        where = f"inputs.guarantees[{i}]"
        if g["end_date"] < g["start_date"]:
            errors.append(FieldError(f"{where}.end_date", "担保期限止不能早于担保期限起"))
        if (g["fee_rate"] is None) == (g["fee_charged"] is None):
            errors.append(FieldError(f"{where}.fee_rate", "担保费率与实收担保费填写一项（只填一项）"))
    if inputs["guarantees"] and not errors:
        on, until = claim_span(inputs)
        if not any(in_period(g, on, until) for g in inputs["guarantees"]):
            errors.append(FieldError("inputs.period_from", "申请期间内没有担保业务：各笔担保期限都不在申请期间内，"
                                                           "请核对申请期间（如 2023-01-01 至 2023-03-31）"))
    return errors


def compute(inputs: dict, applicant: dict, rules: RuleSet) -> Result:
    on, until = claim_span(inputs)
    get = lambda key: rules.get(f"guarantee_fee.{key}", on)  # noqa: E731 - the county's choices for the period
    steps: list[Step] = []
    warnings: list[Notice] = []
    recipient, cap_test = get("recipient"), get("cap_test")
    year_days = get("year_days")
    base = int(year_days.value)
    counted = [g for g in inputs["guarantees"] if in_period(g, on, until)]
    left_out = len(inputs["guarantees"]) - len(counted)
    steps.append(Step(f"适用口径（申请期间 {fmt_date(on)}至{fmt_date(until)}）",
                      formula="第3条：政府性担保机构将平均担保费率降至1%以下，市、县财政按“谁受益、谁补偿、谁补贴”予以保费补贴",
                      values=[("拨付对象", recipient.shown()), ("上限检验", cap_test.shown()),
                              ("担保机构", f"{inputs['agency_name']}（{LEVELS[inputs['agency_level']]}）"),
                              *([("本期计入", f"{len(counted)} 笔（另有 {left_out} 笔担保期限不在申请期间内，不计入本期）")]
                                if left_out else [])],
                      result=("补贴给担保机构，不以担保费为限" if recipient.value == "agency"
                              else "补贴给企业，各笔以其缴纳的担保费为限")
                      + ("；检验担保机构的平均费率" if cap_test.value == "average" else "；逐笔检验费率上限"),
                      rules=[recipient, cap_test, year_days]))

    rows = [_guarantee(n, g, on, until, base, rules, recipient, cap_test, steps) for n, g in enumerate(counted, start=1)]

    annualised = sum((r.annualised for r in rows), ZERO)
    fees = sum((r.fee for r in rows), ZERO)
    cap_fees = sum((r.cap_fee for r in rows), ZERO)
    average = _rate(fees, annualised)
    weighted_cap = (cap_fees * 100 / annualised).quantize(RATE_PLACES, rounding=ROUND_HALF_UP) if annualised else ZERO
    within = fees <= cap_fees
    steps.append(Step("平均担保费率",
                      formula=f"年化担保额 = Σ 担保金额 × 天数 ÷ {base}（各笔到分后相加）；平均担保费率 = Σ 担保费 ÷ 年化担保额；"
                              "上限检验：Σ 担保费 ≤ Σ 担保金额 × 各笔上限 × 天数 ÷ 365（到分后相加，不按折算费率比较）",
                      values=[("年化担保额", yuan(annualised)), ("担保费合计", yuan(fees)),
                              ("按各笔上限计算的担保费合计", yuan(cap_fees)), ("加权上限", fmt_percent(weighted_cap))],
                      result=Phrase("平均担保费率 {}，{}", fmt_percent(average),
                                    "在上限以内" if within else "超过上限"),
                      rules=[]))
    blocked = ""
    if cap_test.value == "average" and not within:
        blocked = (f"担保机构平均担保费率 {fmt_percent(average)} 超过上限 {fmt_percent(weighted_cap)}"
                   "（第3条要求降至1%以下），本期不予补贴，补贴为 0")
        warnings.append(Notice("average_above_cap", blocked, blocking=True))
        for r in rows:
            r.subsidy = ZERO
            r.note = "；".join(x for x in (r.note, "平均费率超过上限") if x)
    refused = [r for r in rows if r.refused]
    if refused and not blocked:
        warnings.append(Notice("guarantee_refused", f"{len(refused)} 笔担保不予补贴：" + "；".join(
            f"第{r.n}笔 {r.note}" for r in refused)))
    total = sum((r.subsidy for r in rows), ZERO)
    steps.append(Step("补贴合计", formula="各笔补贴四舍五入到分后相加",
                      values=[("笔数", f"{len(rows)} 笔"), ("不予补贴", f"{len(refused)} 笔")],
                      result=Phrase("补贴额 {}", yuan(total))))

    level = inputs["agency_level"]
    city_share = get("city_share_city_agency" if level == "city" else "city_share_county_agency")
    shares = split_by_shares(total, [("市级财政", city_share.value), ("县级财政", 100 - city_share.value)])
    if total:
        steps.append(Step("资金分担", formula=f"{LEVELS[level]}：市级承担比例 × 补贴额，其余由县级承担（谁受益、谁补偿、谁补贴）",
                          values=[(k, yuan(v)) for k, v in shares], result=Phrase("合计 {}", yuan(total)),
                          rules=[city_share]))
    return Result(
        kind=KIND, title=TITLE, as_of=on, total=total, total_label=N_("补贴额"),
        figures=[Figure("annualised", N_("年化担保额"), annualised), Figure("fee", N_("担保费合计"), fees),
                 Figure("city", N_("市级财政"), shares[0][1]), Figure("county", N_("县级财政"), shares[1][1])],
        columns=COLUMNS, rows=rows, warnings=warnings, steps=steps, rule_set=rules.stamp(),
        shares=[(k, v) for k, v in shares if v],
    )


def _rate(fees: Decimal, annualised: Decimal) -> Decimal:
    return (fees * 100 / annualised).quantize(RATE_PLACES, rounding=ROUND_HALF_UP) if annualised else ZERO


def average_rate(result: Result) -> Decimal:
    """平均担保费率 in percent, four places: 担保费合计 ÷ 年化担保额 (the figures are amounts; the rate is made here)."""
    figures = {f.key: f.value for f in result.figures}
    return _rate(figures["fee"], figures["annualised"])


def _guarantee(n: int, g: dict, on: date, until: date, base: int, rules: RuleSet, recipient, cap_test,
               steps: list[Step]) -> GuaranteeRow:
    """One guarantee of the list: its days in the period, 年化担保额, fee, cap and subsidy.

    Its values are read as of its start, as the single-guarantee calculator reads them; a guarantee begun before
    the measure (a list entered once runs back that far) is read as of its first day this claim counts."""
    lo, hi = max(g["start_date"], on), min(g["end_date"], until)

    def get(key: str):
        try:
            return rules.get(f"guarantee_fee.{key}", g["start_date"])
        except OutOfRange:
            return rules.get(f"guarantee_fee.{key}", lo)

    days = (hi - lo).days + 1
    term = (g["end_date"] - g["start_date"]).days + 1
    amount = g["amount"]
    annualised = fen(amount, days, per=base)
    if g["fee_charged"] is not None:
        # A fee charged for the whole term counts for the days inside the period, shared by days.
        fee = g["fee_charged"] if days == term else fen(g["fee_charged"], days, per=term)
        exact_rate = Fraction(fee) * 100 * base / (Fraction(amount) * days)
        fee_words = f"实收 {yuan(g['fee_charged'])}" + ("" if days == term else f" × {days}/{term} 天")
    else:
        exact_rate = Fraction(g["fee_rate"])
        fee = fen(amount, g["fee_rate"], days, per=100 * base)
        fee_words = f"{fmt_percent(g['fee_rate'])} × {days} 天 ÷ {base}"
    rate = (Decimal(exact_rate.numerator) / Decimal(exact_rate.denominator)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
    cap, cap_rules = fee_cap(get, amount, g["industry"])
    cap_fee = fen(amount, cap, days, per=100 * base)
    eligible = get("eligible_business")
    note, refused = "", False
    if g["business_type"] not in eligible.value:
        note, refused = f"「{BUSINESS[g['business_type']]}」不属于补贴范围", True
    elif cap_test.value == "each" and fee > cap_fee:
        note, refused = f"费率 {fmt_percent(rate)} 超过上限 {fmt_percent(cap)}", True
    formula_value, formula, method_rules = subsidy_formula(get, g["business_type"], amount, days, fee, exact_rate, base)
    subsidy = ZERO if refused else formula_value
    if not refused and recipient.value == "enterprise" and formula_value > fee:
        subsidy, note = fee, "以担保费为限"
    steps.append(Step(
        Phrase("第{}笔 {} {}至{}（{} 天）", n, g["enterprise"], fmt_date(lo), fmt_date(hi), days),
        formula=f"年化担保额 = 担保金额 × 天数 ÷ {base}；担保费 = {fee_words}；{formula}",
        values=[("担保金额", yuan(amount)), ("业务类型", BUSINESS[g["business_type"]]),
                ("所属行业", INDUSTRIES[g["industry"]]), ("年化担保额", yuan(annualised)), ("担保费", yuan(fee)),
                ("年化费率", fmt_percent(rate)), ("费率上限", fmt_percent(cap)), ("按上限计算的担保费", yuan(cap_fee))],
        result=Phrase("补贴 {}{}", yuan(subsidy), f"（{note}）" if note else ""),
        rules=[*cap_rules, eligible, *method_rules]))
    return GuaranteeRow(n, g["enterprise"], amount, lo, hi, days, annualised, rate, fee, cap, subsidy, note,
                        cap_fee=cap_fee, refused=refused)
