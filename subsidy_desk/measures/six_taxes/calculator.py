"""六税两费减征 (measure 4): who qualifies for the tax period, and the reduction of each of the eight items.

减征额 = (应纳税(费)额 − 已享受其他减免额) × 减征比例, each item rounded to the fen (resources/rules/six_taxes.json).
Rules are read as of the first day of the tax period; a period that straddles a change of rules is refused. A
period that crosses 1 July, when 小型微利企业 status is re-determined, is judged month by month and reduced pro rata
by the months that qualify (a [D] reading a county can switch back to refusing, ``six_taxes.slp_straddle``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from ...fields import Field, FieldError
from ...format import fmt_date, fmt_percent
from ...i18n import N_
from ...money import ZERO, fen
from ...rules.model import RuleSet, StraddlesChange
from ..result import Figure, Notice, Phrase, Result, Row, Step, column, columns, recorded, yuan

KIND = "six_taxes"
TITLE = N_("六税两费减征")
TAXPAYERS = {"small_scale": N_("增值税小规模纳税人"), "small_low_profit": N_("小型微利企业"),
             "individual_business": N_("个体工商户"), "general": N_("其他纳税人")}
ITEMS = {"resource_tax": N_("资源税"), "water_resource_tax": N_("水资源税"), "urban_maintenance_tax": N_("城市维护建设税"),
         "property_tax": N_("房产税"), "land_use_tax": N_("城镇土地使用税"), "stamp_duty": N_("印花税"),
         "securities_stamp_duty": N_("证券交易印花税"), "farmland_occupation_tax": N_("耕地占用税"),
         "education_surcharge": N_("教育费附加"), "local_education_surcharge": N_("地方教育附加")}
TWO_FEES = ("education_surcharge", "local_education_surcharge")
LOCATIONS = {"city": N_("市区"), "town": N_("县城、镇"), "other": N_("其他地区")}
SLP_BASIS = {"annual_filing": N_("按上年度企业所得税汇算清缴结果"), "new_enterprise": N_("新设立企业（首次汇算前）")}

# Rules are read as of this input; a date outside the policy is reported against it.
AS_OF_FIELD = "period_start"

FIELDS = (
    Field("taxpayer_type", N_("纳税人类型"), "choice", required=True, choices=TAXPAYERS),
    Field("period_start", N_("税款所属期起"), "date", required=True),
    Field("period_end", N_("税款所属期止"), "date", required=True),
    Field("items", N_("税（费）目"), "records", sub=(
        Field("item", N_("税（费）目"), "choice", required=True, choices=ITEMS),
        Field("payable", N_("应纳税（费）额（元）"), "money", required=True),
        Field("other_relief", N_("已享受其他减免额（元）"), "money", default=ZERO),
    )),
    Field("vat_paid", N_("实缴增值税（元）"), "money", help=N_("填写则按税基计算城建税和两费")),
    Field("consumption_tax_paid", N_("实缴消费税（元）"), "money"),
    Field("vat_refund", N_("本期退还的增量留抵税额（元）"), "money", help=N_("城建税和两费的计税依据要扣除")),
    Field("location", N_("纳税人所在地"), "choice", choices=LOCATIONS, help=N_("按税基计算城建税时必填")),
    Field("sales", N_("本期销售额（元）"), "money", help=N_("用于判断两费免征")),
    Field("slp_basis", N_("小型微利企业判定依据"), "choice", choices=SLP_BASIS),
    Field("slp_filing_year", N_("汇算清缴年度"), "int"),
    Field("slp_restricted_industry", N_("从事国家限制或禁止行业"), "bool", default=False),
    Field("slp_taxable_income", N_("年度应纳税所得额（元）"), "money"),
    Field("slp_quarters", N_("各季度从业人数和资产总额"), "records", sub=(
        Field("headcount_start", N_("季初从业人数"), "int", required=True),
        Field("headcount_end", N_("季末从业人数"), "int", required=True),
        Field("assets_start", N_("季初资产总额（元）"), "money", required=True),
        Field("assets_end", N_("季末资产总额（元）"), "money", required=True),
    )),
    Field("slp_other_months", N_("所属期其余月份也符合（相邻年度汇算）"), "bool", default=False,
          help=N_("所属期跨7月1日时：另一汇算年度的结果也符合小型微利企业条件的，勾选并附该年度汇算结果")),
    Field("slp_headcount", N_("上月末从业人数"), "int"),
    Field("slp_assets", N_("上月末资产总额（元）"), "money"),
)



@dataclass(slots=True)
class TaxRow(Row):
    """One tax or fee item; the worksheet lists the eight items undeclared too, with only ``item``, ``key``, ``note``."""

    item: str = column(N_("税（费）目"), "text")
    key: str = recorded()  # the item's key in ITEMS
    payable: Decimal | None = column(N_("应纳税（费）额"), "money", default=None)
    other_relief: Decimal | None = column(N_("其他减免额"), "money", default=None)
    exempt: Decimal | None = column(N_("免征额"), "money", default=None)
    base: Decimal | None = column(N_("减征基数"), "money", default=None)
    rate: Decimal | None = column(N_("减征比例"), "percent", default=None)
    reduction: Decimal | None = column(N_("减征额"), "money", default=None)
    due: Decimal | None = column(N_("减征后应纳"), "money", default=None)
    note: str = column(N_("说明"), "text", default="")


COLUMNS = columns(TaxRow)


def check(inputs: dict) -> list[FieldError]:
    errors = []
    if inputs["period_end"] < inputs["period_start"]:
        errors.append(FieldError("inputs.period_end", "税款所属期止不能早于起"))
    seen = set()
    for i, row in enumerate(inputs["items"], start=1):
        if row["item"] in seen:
            errors.append(FieldError(f"inputs.items[{i}].item", f"{ITEMS[row['item']]} 重复填写"))
        seen.add(row["item"])
        if row["other_relief"] > row["payable"]:
            errors.append(FieldError(f"inputs.items[{i}].other_relief", "其他减免额不能大于应纳税（费）额"))
    if inputs["vat_paid"] is not None:
        for key in ("urban_maintenance_tax", *TWO_FEES):
            if key in seen:
                errors.append(FieldError("inputs.items", f"已填写实缴增值税，{ITEMS[key]}将按税基计算，请勿重复填写"))
        if inputs["location"] is None:
            errors.append(FieldError("inputs.location", "按实缴增值税计算城建税时必须填写所在地（市区、县城镇或其他）"))
    elif not inputs["items"]:
        errors.append(FieldError("inputs.items", "请至少填写一个税（费）目，或填写实缴增值税"))
    if inputs["slp_basis"] == "annual_filing":
        for key in ("slp_filing_year", "slp_taxable_income", "slp_quarters"):
            if inputs[key] in (None, []):
                errors.append(FieldError(f"inputs.{key}", "按汇算清缴判定时必须填写"))
        if len(inputs["slp_quarters"]) > 4:
            errors.append(FieldError("inputs.slp_quarters", "一个汇算年度最多 4 个季度"))
        if inputs["slp_filing_year"] is not None and not 2000 <= inputs["slp_filing_year"] <= 2097:
            errors.append(FieldError("inputs.slp_filing_year", "汇算清缴年度应为四位年份，如 2022"))
    if inputs["slp_basis"] == "new_enterprise":
        for key in ("slp_headcount", "slp_assets"):
            if inputs[key] is None:
                errors.append(FieldError(f"inputs.{key}", "新设立企业判定时必须填写"))
    return errors


def _months(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def compute(inputs: dict, applicant: dict, rules: RuleSet) -> Result:
    on, until = inputs["period_start"], inputs["period_end"]
    steps: list[Step] = []
    warnings: list[Notice] = []

    def get(key: str):
        """Read as of the period's first day, and refuse a period that straddles a change of the value."""
        first, last = rules.get(f"six_taxes.{key}", on), rules.get(f"six_taxes.{key}", until)
        if (first.start, first.overridden) != (last.start, last.overridden):
            raise StraddlesChange(f"税款所属期跨越政策调整日 {fmt_date(last.start)}（{first.label}），请按调整日分段计算")
        return first

    rate = get("reduction_rate")
    types = get("eligible_types")
    excluded = get("excluded_items")
    taxpayer = inputs["taxpayer_type"]
    blocked = ""
    ok_type = taxpayer in types.value
    steps.append(Step(f"确定适用主体（税款所属期 {fmt_date(on)}至{fmt_date(until)}）",
                      values=[("纳税人类型", TAXPAYERS[taxpayer]), ("减征比例", fmt_percent(rate.value))],
                      result="属于减征范围" if ok_type else "不属于本期减征范围，减征额为 0",
                      rules=[types, rate]))
    if not ok_type:
        blocked = f"「{TAXPAYERS[taxpayer]}」不属于 {fmt_date(on)} 所属期的六税两费减征主体，减征额为 0"
    share = None  # (qualifying months, months): the 小型微利企业 months of a period that crosses 1 July
    if ok_type and taxpayer == "small_low_profit":
        blocked, share = _small_low_profit(inputs, get, steps, warnings)
    if blocked:
        warnings.append(Notice("not_eligible", blocked, blocking=True))

    items = {row["item"]: (row["payable"], row["other_relief"]) for row in inputs["items"]}
    if inputs["vat_paid"] is not None:
        items.update(_from_base(inputs, get, steps))

    # The two fees are exempt for small sales: that exemption comes first, then the halving of what is left.
    exempt_fees = False
    months = _months(on, until)
    if inputs["sales"] is not None and any(k in items for k in TWO_FEES):
        limit_rule = get("two_fees_exempt_monthly_sales")
        limit = limit_rule.value * months
        exempt_fees = inputs["sales"] <= limit
        steps.append(Step("判断两费免征", formula="销售额 ≤ 月销售额标准 × 所属期月数 时，免征教育费附加、地方教育附加",
                          values=[("销售额", yuan(inputs["sales"])), ("所属期月数", f"{months} 个月")],
                          result=Phrase("标准 {}，{}", yuan(limit), "免征两费，先免后减" if exempt_fees else "不适用免征"),
                          rules=[limit_rule]))

    if inputs["sales"] is None and any(k in items for k in TWO_FEES):
        warnings.append(Notice("fees_unchecked", "未填写本期销售额，未检查教育费附加、地方教育附加能否免征；"
                                                 "请补填本期销售额，以便按月销售额标准判断"))

    rows = []
    for key in ITEMS:
        if key not in items:
            continue
        payable, other = items[key]
        exempt = payable - other if exempt_fees and key in TWO_FEES else ZERO
        base = payable - other - exempt
        note = ""
        if blocked:
            reduction, note = ZERO, "不符合减征条件"
        elif key in excluded.value:
            reduction, note = ZERO, "不属于减征范围"
        else:
            if share:
                reduction = fen(base, rate.value, share[0], per=100 * share[1])
                note = f"按符合条件月数 {share[0]}/{share[1]} 减征"
            else:
                reduction = fen(base, rate.value, per=100)
            if exempt:
                note = "；".join(x for x in ("已免征", note) if x)
        rows.append(TaxRow(ITEMS[key], key, payable, other, exempt, base,
                           ZERO if blocked or key in excluded.value else rate.value, reduction, base - reduction, note))
        steps.append(Step(f"{ITEMS[key]}减征额",
                          formula="（应纳税（费）额 − 其他减免额 − 免征额）× 减征比例"
                                  + ("× 符合条件月数 ÷ 所属期月数" if share else "") + "，四舍五入到分",
                          values=[("应纳", yuan(payable)), ("其他减免", yuan(other)), ("免征", yuan(exempt)),
                                  ("减征比例", fmt_percent(rate.value)),
                                  *([("符合条件月数", f"{share[0]} / {share[1]} 个月")] if share else [])],
                          result=Phrase("减征 {}，减征后应纳 {}{}", yuan(reduction), yuan(base - reduction),
                                        f"（{note}）" if note else ""),
                          rules=[excluded] if key in excluded.value else [rate]))
    total = sum((r.reduction for r in rows), ZERO)
    payable_total = sum((r.payable for r in rows), ZERO)
    due_total = sum((r.due for r in rows), ZERO)
    steps.append(Step("合计", formula="各税（费）目减征额相加", values=[("应纳合计", yuan(payable_total)),
                                                             ("减征后应纳合计", yuan(due_total))],
                      result=Phrase("减征额 {}", yuan(total))))
    return Result(
        kind=KIND, title=TITLE, as_of=on, total=total, total_label=N_("减征额"),
        figures=[Figure("payable", N_("应纳合计"), payable_total), Figure("due", N_("减征后应纳合计"), due_total)],
        columns=COLUMNS, rows=rows, warnings=warnings, steps=steps, rule_set=rules.stamp(),
    )


def _from_base(inputs: dict, get, steps: list[Step]) -> dict[str, tuple[Decimal, Decimal]]:
    """The helper: 城建税 and the two fees from the VAT and consumption tax actually paid."""
    base = max(inputs["vat_paid"] + (inputs["consumption_tax_paid"] or ZERO) - (inputs["vat_refund"] or ZERO), ZERO)
    urban = get({"city": "urban_rate_city", "town": "urban_rate_town", "other": "urban_rate_other"}[inputs["location"]])
    edu, local = get("education_rate"), get("local_education_rate")
    out = {}
    for key, rule in (("urban_maintenance_tax", urban), ("education_surcharge", edu), ("local_education_surcharge", local)):
        amount = fen(base, rule.value, per=100)
        out[key] = (amount, ZERO)
        steps.append(Step(f"按税基计算{ITEMS[key]}",
                          formula="（实缴增值税 + 实缴消费税 − 本期退还的增量留抵税额）× 税（费）率",
                          values=[("计税依据", yuan(base)), ("所在地", LOCATIONS[inputs["location"]]),
                                  ("税（费）率", fmt_percent(rule.value))],
                          result=yuan(amount), rules=[rule]))
    return out


def _month_list(start: date, end: date) -> list[date]:
    """The first day of each calendar month the period touches."""
    out, day = [], date(start.year, start.month, 1)
    while day <= end:
        out.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def _month_span(months: list[date]) -> str:
    first, last = months[0], months[-1]
    if first == last:
        return f"{first.year}年{first.month}月"
    return f"{first.year}年{first.month}月至{last.year}年{last.month}月"


def _small_low_profit(inputs: dict, get, steps: list[Step], warnings: list[Notice]) -> tuple[str, tuple | None]:
    """The 小型微利企业 test: why the taxpayer fails it ("" when it passes or was not checked), and, for a period
    that crosses 1 July under the month-by-month reading, (qualifying months, months of the period)."""
    income_max, head_max, assets_max = get("slp_income_max"), get("slp_headcount_max"), get("slp_assets_max")
    basis = inputs["slp_basis"]
    if basis is None:
        warnings.append(Notice("slp_unchecked", "未填写小型微利企业判定数据，未核验其资格，请经办人核实"))
        return "", None
    used = [income_max, head_max, assets_max]
    covered = uncovered = None
    if basis == "new_enterprise":
        head, assets_exact, income_ok = inputs["slp_headcount"], Fraction(inputs["slp_assets"]), True
        values = [("上月末从业人数", f"{head} 人"), ("上月末资产总额", yuan(inputs["slp_assets"]))]
    else:
        year = inputs["slp_filing_year"]
        month = get("slp_status_start_month")
        reading = get("slp_straddle")
        used.append(month)
        first = date(year + 1, int(month.value), 1)
        window = (first, date(year + 2, int(month.value), 1) - timedelta(days=1))
        months = _month_list(inputs["period_start"], inputs["period_end"])
        covered = [m for m in months if window[0] <= m <= window[1]]
        uncovered = [m for m in months if m not in covered]
        refuse = (not covered and not inputs["slp_other_months"]) or (uncovered and reading.value == "refuse")
        if refuse:
            return (f"{year} 年度汇算清缴确定的小型微利企业身份适用于 {fmt_date(window[0])}至{fmt_date(window[1])}，"
                    "不覆盖本税款所属期，请按适用年度的汇算结果判定"), None
        quarters = inputs["slp_quarters"]
        n = len(quarters)
        heads = sum((Fraction(q["headcount_start"] + q["headcount_end"], 2) for q in quarters), Fraction(0)) / n
        head = -(-heads.numerator // heads.denominator)  # round up to a whole person
        # Compared exactly: 50,000,000.0033 is over the limit even though it shows as 50,000,000.00.
        assets_exact = sum((Fraction(q["assets_start"] + q["assets_end"]) for q in quarters), Fraction(0)) / (2 * n)
        income_ok = inputs["slp_taxable_income"] <= income_max.value
        values = [("汇算年度", f"{year} 年"), ("季度数", str(n)), ("应纳税所得额", yuan(inputs["slp_taxable_income"])),
                  ("全年季度平均从业人数（向上取整）", f"{head} 人"),
                  ("全年季度平均资产总额", yuan(fen(assets_exact.numerator, per=assets_exact.denominator)))]
    fails = []
    if inputs["slp_restricted_industry"]:
        fails.append("从事国家限制或禁止行业")
    if not income_ok:
        fails.append(f"应纳税所得额超过 {income_max.shown()}")
    if head > head_max.value:
        fails.append(f"从业人数超过 {head_max.shown()}")
    if assets_exact > assets_max.value:
        fails.append(f"资产总额超过 {assets_max.shown()}")
    steps.append(Step("判定小型微利企业", formula="非限制或禁止行业，且应纳税所得额、从业人数、资产总额均不超过标准；"
                      "季度平均值 =（季初值 + 季末值）÷ 2，全年平均 = 各季度平均值之和 ÷ 季度数",
                      values=[("判定依据", SLP_BASIS[basis]), *values],
                      result="符合小型微利企业条件" if not fails else "不符合：" + "；".join(fails),
                      rules=used))
    if not uncovered:
        return ("不符合小型微利企业条件（" + "；".join(fails) + "），减征额为 0" if fails else ""), None

    # The period crosses the day the status is re-determined: judge it month by month ([D] reading).
    qualifying = ([] if fails else covered) + (uncovered if inputs["slp_other_months"] else [])
    qualifying.sort()
    total = len(covered) + len(uncovered)
    lines = []
    if covered:
        lines.append((_month_span(covered), f"按 {inputs['slp_filing_year']} 年度汇算结果"
                      + ("不符合" if fails else "符合")))
    lines.append((_month_span(uncovered), "经办人确认相邻年度汇算结果亦符合" if inputs["slp_other_months"]
                  else "不在该汇算结果的适用期内，未判定为小型微利企业"))
    steps.append(Step("按月判定小型微利企业身份（所属期跨7月1日）",
                      formula="身份按月判定，减征额 = 全期减征额 × 符合条件月数 ÷ 所属期月数",
                      values=lines, result=f"所属期 {total} 个月中 {len(qualifying)} 个月符合",
                      rules=[reading]))
    if not qualifying:
        return "不符合小型微利企业条件（" + "；".join(fails) + "），减征额为 0", None
    warnings.append(Notice("slp_months", f"所属期跨7月1日，小型微利企业身份按月判定：{total} 个月中 {len(qualifying)} 个月"
                                         f"（{_month_span(qualifying)}）符合，按 {len(qualifying)}/{total} 减征"))
    if len(qualifying) == total:
        return "", None
    return "", (len(qualifying), total)
