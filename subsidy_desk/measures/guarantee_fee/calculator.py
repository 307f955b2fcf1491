"""担保费补贴 (measure 3): the fee, the fee-cap test, the subsidy by the county's rule type, the city/county split.

Rules are read as of the guarantee's start date. The subsidy formula is a [D] default
(resources/rules/guarantee_fee.json): a county switches the rule type or its rates in the override file, never in code.
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
from ...rules.model import RuleSet
from ..result import Figure, Notice, Phrase, Result, Row, Step, column, columns, yuan

KIND = "guarantee_fee"
TITLE = N_("担保费补贴")
BUSINESS = {"small_micro": N_("中小微企业"), "agriculture": N_("“三农”"), "strategic_emerging": N_("战略性新兴产业"),
            "other": N_("其他")}
INDUSTRIES = {"general": N_("一般行业"), "transport": N_("交通运输"), "catering": N_("餐饮"), "lodging": N_("住宿"),
              "tourism": N_("旅游")}
LEVELS = {"city": N_("市级担保机构"), "county": N_("县级担保机构")}

# A guarantee contract's 担保期限 "自2022年8月1日至2023年7月31日" is one year, 365 days: both ends count. Case
# files saved before this reading (format case@1) meant the end day itself was not counted; they keep that meaning
# through FORMAT_DEFAULTS, and say so in their explanation.
END_DAYS = {"inclusive": N_("计入（两头计算，按合同“自……至……”）"), "exclusive": N_("不计入（2026年12月以前保存的案例）")}
FORMAT_DEFAULTS = {"subsidy-desk/case@1": {"end_day": "exclusive"}}


def guarantee_days(start: date, end: date, end_day: str = "inclusive") -> int:
    """Days of a guarantee period: both ends counted, unless an old case file said otherwise."""
    return (end - start).days + (1 if end_day == "inclusive" else 0)


# The window shows the days of the period beside the end date as it is typed: end field -> (start field, the field
# holding the end-day rule, the count).
DAY_COUNTERS = {"end_date": ("start_date", "end_day", guarantee_days)}


# Rules are read as of this input; a date outside the policy is reported against it.
AS_OF_FIELD = "start_date"

FIELDS = (
    Field("business_type", N_("业务类型"), "choice", required=True, choices=BUSINESS),
    Field("industry", N_("所属行业"), "choice", default="general", choices=INDUSTRIES),
    Field("amount", N_("担保金额（元）"), "money", required=True, positive=True),
    Field("start_date", N_("担保期限起"), "date", required=True, help=N_("按担保合同“自……至……”填写")),
    Field("end_date", N_("担保期限止（含当日）"), "date", required=True),
    Field("end_day", N_("到期日当日"), "choice", default="inclusive", choices=END_DAYS),
    Field("fee_rate", N_("担保费率（年，%）"), "percent", help=N_("与实收担保费二选一")),
    Field("fee_charged", N_("实收担保费（元）"), "money", help=N_("填写则按实收金额计算")),
    Field("agency_level", N_("担保机构层级"), "choice", required=True, choices=LEVELS),
    Field("agency_name", N_("担保机构名称"), "text"),
    Field("contract_no", N_("担保合同编号"), "text"),
)



@dataclass(slots=True)
class FeeRow(Row):
    """The guarantee's one row: its days, fee, cap and subsidy."""

    item: str = column(N_("项目"), "text")
    amount: Decimal = column(N_("担保金额"), "money")
    from_day: date = column(N_("起始日"), "date", key="from")
    to_day: date = column(N_("到期日"), "date", key="to")
    days: int = column(N_("天数"), "int")
    fee_rate: Decimal = column(N_("年化费率"), "percent")
    fee: Decimal = column(N_("担保费"), "money")
    cap: Decimal = column(N_("费率上限"), "percent")
    subsidy: Decimal = column(N_("补贴额"), "money")
    note: str = column(N_("说明"), "text")


COLUMNS = columns(FeeRow)


def check(inputs: dict) -> list[FieldError]:
    errors = []
    if guarantee_days(inputs["start_date"], inputs["end_date"], inputs["end_day"]) < 1:
        errors.append(FieldError("inputs.end_date", "担保期限止不能早于担保期限起"))
    if inputs["fee_rate"] is None and inputs["fee_charged"] is None:
        errors.append(FieldError("inputs.fee_rate", "请填写担保费率或实收担保费"))
    if inputs["fee_rate"] is not None and inputs["fee_charged"] is not None:
        errors.append(FieldError("inputs.fee_charged", "担保费率与实收担保费只填一项：按实收金额计算时请清空费率"))
    return errors


def compute(inputs: dict, applicant: dict, rules: RuleSet) -> Result:
    on = inputs["start_date"]
    get = lambda key: rules.get(f"guarantee_fee.{key}", on)  # noqa: E731 - one short alias for many look-ups
    steps: list[Step] = []
    warnings: list[Notice] = []
    amount = inputs["amount"]
    days = guarantee_days(on, inputs["end_date"], inputs["end_day"])
    period = Phrase("{}至{}（{}，共 {} 天）", fmt_date(on), fmt_date(inputs["end_date"]),
                    "两头计算" if inputs["end_day"] == "inclusive" else "不含到期日当日，按旧版案例文件的约定", days)
    year_days = get("year_days")
    base = int(year_days.value)

    # 1. The fee: charged, or amount × rate × days / 365; and the annual rate it amounts to.
    if inputs["fee_charged"] is not None:
        fee = inputs["fee_charged"]
        # The annual rate the fee amounts to, exact for the rate-gap method: fee × 100 × 365 / (amount × days).
        exact_rate = Fraction(fee) * 100 * base / (Fraction(amount) * days)
        rate = Decimal(exact_rate.numerator) / Decimal(exact_rate.denominator)
        shown_rate = rate.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        steps.append(Step("担保费（按实收金额）", formula=f"年化费率 = 实收担保费 ÷（担保金额 × 天数 ÷ {base}）",
                          values=[("实收担保费", yuan(fee)), ("担保金额", yuan(amount)), ("担保期限", period)],
                          result=Phrase("担保费 {}，年化费率 {}", yuan(fee), fmt_percent(shown_rate)),
                          rules=[year_days]))
        if fee > amount:  # a fee is a small part of the amount: more than all of it is a typing slip
            warnings.append(Notice("fee_above_amount", f"实收担保费 {yuan(fee)} 高于担保金额 {yuan(amount)}，"
                                                       "请核对是否填错（如多写了位数，或填成了担保金额）"))
    else:
        rate = shown_rate = inputs["fee_rate"]
        exact_rate = Fraction(rate)
        fee = fen(amount, rate, days, per=100 * base)
        steps.append(Step("计算担保费", formula=f"担保费 = 担保金额 × 年费率 × 天数 ÷ {base}",
                          values=[("担保金额", yuan(amount)), ("年费率", fmt_percent(rate)), ("担保期限", period)],
                          result=yuan(fee), rules=[year_days]))

    # 2. Which reading of measure 3 the county's rules take.
    recipient, cap_test = get("recipient"), get("cap_test")
    steps.append(Step("适用口径", formula="保费补贴拨付对象和费率上限的检验对象由本县规定（默认按第3条原文：担保机构、平均费率）",
                      values=[("拨付对象", recipient.shown()), ("上限检验", cap_test.shown())],
                      result=("补贴给担保机构，不以担保费为限" if recipient.value == "agency"
                              else "补贴给企业，以其缴纳的担保费为限")
                      + ("；平均费率在担保机构申请中检验，本笔不因单笔费率被拒绝" if cap_test.value == "average"
                         else "；逐笔检验费率上限"),
                      rules=[recipient, cap_test]))

    # 3. Who qualifies.
    eligible = get("eligible_business")
    business = inputs["business_type"]
    ok_business = business in eligible.value
    steps.append(Step("检查业务类型", values=[("业务类型", BUSINESS[business])],
                      result="属于补贴范围" if ok_business else "不属于补贴范围，补贴为 0", rules=[eligible]))
    blocked = ""
    if not ok_business:
        blocked = f"业务类型为「{BUSINESS[business]}」，不属于保费补贴范围，补贴为 0"

    # 4. The fee cap: the national cap by amount, the province's cap, the lower for special industries.
    cap, cap_rules = fee_cap(get, amount, inputs["industry"])
    # A fee charged in whole fen is within the cap when it is no more than the cap's fee rounded to the fen, so
    # the same guarantee passes whether the clerk enters the rate or the fee that rate gives.
    cap_fee = fen(amount, cap, days, per=100 * base)
    by_fee = inputs["fee_charged"] is not None
    within = fee <= cap_fee if by_fee else rate <= cap
    each = cap_test.value == "each"
    verdict = "符合" if within else ("超过上限，补贴为 0" if each else "高于单笔上限；按本县规则检验担保机构的平均费率，本笔不拒绝")
    steps.append(Step("检查担保费率上限",
                      formula=(f"实收担保费 ≤ 担保金额 × 上限 × 天数 ÷ {base}（四舍五入到分后比较，不按折算费率比较）"
                               if by_fee else "年费率 ≤ min(国家上限, 山西省上限)"),
                      values=[("年化费率", fmt_percent(shown_rate)), ("所属行业", INDUSTRIES[inputs["industry"]]),
                              *[(r.label, r.shown()) for r in cap_rules if r.unit == "percent"],
                              *([("按上限计算的担保费", yuan(cap_fee))] if by_fee else [])],
                      result=f"上限 {fmt_percent(cap)}，{verdict}", rules=[*cap_rules, cap_test]))
    if not within and not blocked and each:
        blocked = f"年化担保费率 {fmt_percent(shown_rate)} 超过上限 {fmt_percent(cap)}，不予补贴，补贴为 0"
    elif not within:
        warnings.append(Notice("above_cap", f"本笔年化费率 {fmt_percent(shown_rate)} 高于上限 {fmt_percent(cap)}；"
                                            "按本县规则，上限检验的是担保机构的平均费率（见担保机构申请）"))

    # 5. The subsidy by the county's rule type; bounded by the fee only where the enterprise is paid.
    formula_value, formula, method_rules = subsidy_formula(get, business, amount, days, fee, exact_rate, base)
    to_enterprise = recipient.value == "enterprise"
    subsidy = ZERO if blocked else (min(formula_value, fee) if to_enterprise else formula_value)
    note = blocked or ("按公式计算超过担保费，以担保费为限" if to_enterprise and formula_value > fee else "")
    if blocked:
        warnings.append(Notice("not_eligible", blocked, blocking=True))
    elif to_enterprise and formula_value > fee:
        warnings.append(Notice("fee_limit", f"按公式计算 {yuan(formula_value)} 超过实收担保费，补贴以担保费 {yuan(fee)} 为限"))
    steps.append(Step("计算保费补贴", formula=formula + ("；补贴给企业，不超过担保费" if to_enterprise
                                                       else "；补贴给担保机构，不以担保费为限"),
                      values=[(r.label, r.shown()) for r in method_rules] + [("担保费", yuan(fee))],
                      result=Phrase("{}{}", yuan(subsidy), f"（{note}）" if note else ""),
                      rules=[*method_rules, recipient]))

    # 6. Who pays: the level of the agency decides (谁受益、谁补偿、谁补贴).
    level = inputs["agency_level"]
    city_share = get("city_share_city_agency" if level == "city" else "city_share_county_agency")
    shares = split_by_shares(subsidy, [("市级财政", city_share.value), ("县级财政", 100 - city_share.value)])
    if subsidy:
        steps.append(Step("资金分担", formula=f"{LEVELS[level]}业务：市级承担比例 × 补贴额，其余由县级承担",
                          values=[(k, yuan(v)) for k, v in shares], result=Phrase("合计 {}", yuan(subsidy)),
                          rules=[city_share]))
    row = FeeRow(inputs["agency_name"] or LEVELS[level], amount, on, inputs["end_date"], days, shown_rate, fee, cap,
                 subsidy, note)
    return Result(
        kind=KIND, title=TITLE, as_of=on, total=subsidy, total_label=N_("补贴额"),
        figures=[Figure("fee", N_("担保费"), fee), Figure("formula_value", N_("按公式计算"), ZERO if blocked else formula_value),
                 Figure("city", N_("市级财政"), shares[0][1]), Figure("county", N_("县级财政"), shares[1][1])],
        columns=COLUMNS, rows=[row], warnings=warnings, steps=steps, rule_set=rules.stamp(),
        shares=[(k, v) for k, v in shares if v],
    )


def fee_cap(get, amount: Decimal, industry: str):
    """The fee-rate cap of one guarantee: the national cap by amount, the province's, lower for special industries."""
    threshold = get("national_cap_threshold")
    national_cap = get("national_cap_small" if amount <= threshold.value else "national_cap_large")
    special = get("special_industries")
    province_cap = get("province_cap_special" if industry in special.value else "province_cap")
    return min(national_cap.value, province_cap.value), [threshold, national_cap, special, province_cap]


def subsidy_formula(get, business: str, amount: Decimal, days: int, fee: Decimal, exact_rate: Fraction, base: int):
    """The subsidy of one guarantee by the county's method, before any bound: (amount, formula, rules used)."""
    method = get("subsidy_method")
    if method.value == "amount_rate":
        param = get("subsidy_rate")
        return (fen(amount, param.value, days, per=100 * base), f"补贴 = 担保金额 × 补贴费率 × 天数 ÷ {base}",
                [method, param])
    if method.value == "fee_share":
        param = get("fee_share")
        return fen(fee, param.value, per=100), "补贴 = 担保费 × 补贴比例", [method, param]
    high = get("benchmark_high_business")
    param = get("benchmark_rate_high" if business in high.value else "benchmark_rate")
    gap = max(Fraction(param.value) - exact_rate, Fraction(0))
    return (fen(amount, days, gap.numerator, per=100 * base * gap.denominator),
            f"补贴 = 担保金额 ×（盈亏平衡费率 − 实际费率）× 天数 ÷ {base}，不低于 0", [method, high, param])
