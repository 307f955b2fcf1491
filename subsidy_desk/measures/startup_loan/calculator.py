"""创业担保贷款贴息 (measure 2): interest subsidy per settlement period, with the Xinzhou top-up.

Rules are read as of the contract date (resources/rules/startup_loan.json, docs/readings.md). The loan is cut
into accrual rows at every settlement date, repayment, maturity, term limit and overdue date; each row's interest and subsidy are rounded to
the fen, and every total is the sum of the rounded rows.
"""
from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from struct import Struct
from typing import Any

from ...fields import Field, FieldError
from ...format import fmt_amount, fmt_date, fmt_percent
from ...i18n import N_
from ...money import FEN, ZERO, Shares, fen, fen_of
from ...rules.model import RuleSet
from .. import daycount
from ..result import Day, Deferred, Figure, Later, Notice, Percent, Phrase, Result, Row, Step, column, columns, yuan

KIND = "startup_loan"
TITLE = N_("创业担保贷款贴息")
BORROWERS = {"individual": N_("个人"), "graduate": N_("高校毕业生"), "partnership": N_("合伙创业"),
             "small_micro": N_("小微企业")}
ROUNDINGS = {"period": N_("积数计息（每个结息期四舍五入一次）"), "segment": N_("逐笔计息（每段余额分别四舍五入）")}
SETTLEMENTS = {"quarterly": N_("按季结息（每季末月20日）"), "monthly": N_("按月结息（每月20日）"), "at_maturity": N_("利随本清（到期一次结息）")}
TERMS = {"1y": N_("1年期LPR"), "5y": N_("5年期以上LPR")}

# Case files saved before one-rounding-per-period (format case@1) were computed segment by segment; they keep
# that meaning, so a case in the ledger recomputes to the figure it was registered with.
FORMAT_DEFAULTS = {"subsidy-desk/case@1": {"rounding": "segment"}}

# Rules are read as of this input; a date outside the policy is reported against it.
AS_OF_FIELD = "contract_date"

# The most work one loan may ask for. The policy subsidises terms of 3 years at most (2 for an enterprise); an
# extension (展期, at most half the term) or late repayment runs on unsubsidised, but not past 5 years from 放款日,
# repaid in at most 60 instalments (monthly over those 5 years). A longer loan is a slip (2099 typed for 2024)
# that would cost a thousand settlement periods, so it is refused as it is read: a list of 20,000 rows is then
# also a bound on time and memory (bench/bench_import.py).
MAX_YEARS = 5
MAX_REPAYMENTS = 60

FIELDS = (
    Field("borrower_type", N_("借款人类型"), "choice", required=True, choices=BORROWERS),
    Field("partners", N_("合伙人数"), "int", help=N_("合伙创业时填写")),
    Field("principal", N_("贷款本金（元）"), "money", required=True, positive=True),
    Field("contract_date", N_("合同签订日"), "date", required=True),
    Field("start_date", N_("放款（起息）日"), "date", help=N_("不填则同合同签订日")),
    Field("maturity_date", N_("到期日"), "date", required=True),
    Field("contract_rate", N_("合同年利率（%）"), "percent", required=True, positive=True),
    Field("lpr", N_("合同约定的LPR（%）"), "percent", positive=True,
          help=N_("不填则取合同签订日适用的LPR")),
    Field("lpr_term", N_("LPR期限"), "choice", default="1y", choices=TERMS),
    Field("day_count", N_("计息方式"), "choice", default="act360", choices=daycount.CONVENTIONS),
    Field("settlement", N_("结息方式"), "choice", default="quarterly", choices=SETTLEMENTS),
    Field("rounding", N_("期内还款的计息"), "choice", default="period", choices=ROUNDINGS,
          help=N_("按经办银行的做法：多数银行按积数计息，与对账单每期一个数字一致")),
    Field("repayments", N_("还款计划"), "records", sub=(
        Field("date", N_("还款日"), "date", required=True),
        Field("amount", N_("还款本金（元）"), "money", required=True, positive=True),
    ), help=N_("不填则到期一次还本")),
    Field("claim_from", N_("申请贴息起日"), "date"),
    Field("claim_to", N_("申请贴息止日"), "date"),
    Field("overdue_from", N_("逾期/展期起日"), "date", help=N_("自该日起不予贴息")),
    Field("staff_count", N_("职工人数"), "int", help=N_("小微企业填写")),
    Field("new_hires", N_("新招用符合条件人员数"), "int", help=N_("小微企业填写")),
    Field("bank", N_("经办银行"), "text"),
    Field("contract_no", N_("借款合同编号"), "text"),
)



@dataclass(slots=True)
class LoanRow(Row):
    """One accrual row: a settlement period, or the piece of one a claim window, an overdue date or a cap cuts."""

    period: int = column(N_("期次"), "int")
    from_day: date = column(N_("起息日"), "date", key="from")
    to_day: date = column(N_("止息日"), "date", key="to")  # the last day that accrues (算头不算尾)
    days: int = column(N_("天数"), "int")
    balance: Decimal = column(N_("计息余额"), "money")
    rate: Decimal = column(N_("合同利率"), "percent")
    interest: Decimal = column(N_("利息"), "money")
    subsidy_rate: Decimal = column(N_("贴息率"), "percent")
    subsidy: Decimal = column(N_("贴息额"), "money")
    national: Decimal = column(N_("其中：中央政策贴息"), "money")
    topup: Decimal = column(N_("其中：市级加大贴息"), "money")
    borrower: Decimal = column(N_("借款人承担"), "money")
    note: str = column(N_("说明"), "text")
    # What the row's explanation step reads: the balance the subsidy ran on, the day count in words, and the
    # balance segments when the balance changed inside the row (积数计息).
    eligible: Decimal = ZERO
    span: Any = None  # the day count in words (result.Later); None for a whole unit, said from its dates
    segments: tuple = ()


COLUMNS = columns(LoanRow)


def check(inputs: dict) -> list[FieldError]:
    """Cross-field checks: the dates must make a loan, the repayments must repay it."""
    errors = []
    start = inputs["start_date"] or inputs["contract_date"]
    if inputs["start_date"] and inputs["start_date"] < inputs["contract_date"]:
        errors.append(FieldError("inputs.start_date", "放款日不能早于合同签订日"))
    maturity = inputs["maturity_date"]
    last = daycount.add_months(start, 12 * MAX_YEARS) if maturity.year - start.year >= MAX_YEARS or \
        inputs["repayments"] else None  # not needed when the maturity lies in an earlier year than it
    if maturity <= start:
        errors.append(FieldError("inputs.maturity_date", "到期日必须晚于放款日"))
    elif last is not None and maturity > last:
        errors.append(FieldError("inputs.maturity_date", f"到期日距放款日超过 {MAX_YEARS} 年（贴息期限最长 3 年，"
                                                         f"含展期也不超过 {MAX_YEARS} 年），请核对年份"))
    if inputs["borrower_type"] == "partnership" and (inputs["partners"] or 0) < 2:
        errors.append(FieldError("inputs.partners", "合伙创业须填写合伙人数（至少 2 人）"))
    repayments = inputs["repayments"]
    if len(repayments) > MAX_REPAYMENTS:
        errors.append(FieldError("inputs.repayments", f"还款计划有 {len(repayments)} 笔，最多 {MAX_REPAYMENTS} 笔"
                                                      f"（{MAX_YEARS} 年内每月一笔），请核对"))
    elif repayments:
        total = sum((r["amount"] for r in repayments), ZERO)
        if total != inputs["principal"]:
            errors.append(FieldError("inputs.repayments", f"还款本金合计 {fmt_amount(total)} 元与贷款本金 "
                                                          f"{fmt_amount(inputs['principal'])} 元不符，请核对还款计划"))
        for i, r in enumerate(repayments, start=1):
            if r["date"] <= start:
                errors.append(FieldError(f"inputs.repayments[{i}].date", "还款日必须晚于放款日"))
            elif r["date"] > last:
                errors.append(FieldError(f"inputs.repayments[{i}].date", f"还款日距放款日超过 {MAX_YEARS} 年，请核对年份"))
        if len({r["date"] for r in repayments}) != len(repayments):
            errors.append(FieldError("inputs.repayments", "同一还款日出现两次，请合并"))
    if inputs["claim_from"] and inputs["claim_to"] and inputs["claim_to"] < inputs["claim_from"]:
        errors.append(FieldError("inputs.claim_to", "申请贴息止日不能早于起日"))
    if inputs["overdue_from"] and inputs["overdue_from"] <= start:
        errors.append(FieldError("inputs.overdue_from", "逾期/展期起日必须晚于放款日"))
    return errors


@lru_cache(maxsize=4096)
def settlement_dates(mode: str, start: date, end: date, day: int, quarter_months: tuple[int, ...]) -> tuple[date, ...]:
    """Settlement days strictly inside the loan: ``day`` of each month, or of the quarter-end months (a batch of
    loans shares few start and end dates, so each set is worked out once)."""
    if mode == "at_maturity":
        return ()
    months = range(1, 13) if mode == "monthly" else quarter_months
    out = []
    for year in range(start.year, end.year + 1):
        for month in months:
            d = date(year, month, day)
            if start <= d and d + timedelta(days=1) < end:
                out.append(d)
    return tuple(out)


@lru_cache(maxsize=4096)
def period_ends(mode: str, start: date, end: date, day: Decimal, quarter_months: tuple[str, ...]) -> tuple[date, ...]:
    """The day after each settlement day inside the loan, where one accrual period ends and the next begins: the
    rules' settlement day and quarter-end months as they hold them, so a loan asks with no conversion."""
    one_day = timedelta(days=1)
    return tuple(d + one_day for d in settlement_dates(mode, start, end, int(day), tuple(map(int, quarter_months))))


class _Loan:
    """A loan as computed: the rule values read, the numbers worked out from them and the rows, kept as values.

    The explanation's steps are worded from these only when it is first read (``_explain``): a loan is computed far
    more often — a batch, every keystroke in the window, a ledger recomputed after a rule change — than it is
    explained, and building a dozen steps with their texts was most of a loan's cost. The rule values are its
    ``basis`` (_Basis); the rows' figures need ``national_rate``, ``subsidy_rate``, ``cap``, ``term_end`` and
    ``blocked``.
    """

    __slots__ = ("inputs", "on", "start", "rate", "borrower", "county", "basis", "rule_day", "lpr", "ceiling", "cap",
                 "cap_words", "term_end", "hires", "national_rate", "subsidy_rate", "blocked", "records", "bounds",
                 "rows", "interest", "national", "topup", "paid_by_borrower", "total", "shares", "share_rules", "split",
                 "top_split", "sums")


def compute(inputs: dict, applicant: dict, rules: RuleSet) -> Result:
    x = _Loan()
    x.inputs = inputs
    x.on = on = inputs["contract_date"]
    x.start = start = inputs["start_date"] or on
    x.rate = rate = inputs["contract_rate"]
    x.borrower = borrower = inputs["borrower_type"]
    x.county = county = applicant.get("county") or ""
    staff = inputs["staff_count"] if inputs["new_hires"] is not None else None
    lpr_given = inputs["lpr"] is not None
    stretch = bisect_right(rules.changes("startup_loan."), on)  # the same values read from any day of it
    x.basis = b = rules.kept(("startup_loan", stretch, borrower, inputs["lpr_term"], lpr_given, county, staff), _Basis,
                             rules, on, borrower, inputs["lpr_term"], lpr_given, county, staff)
    x.rule_day = regime_day(rules, b.regime, on)
    warnings: list[Notice] = []

    # LPR: as agreed in the contract, or the table's rate in force on the contract date.
    table = b.table
    if lpr_given:
        x.lpr = lpr = inputs["lpr"]
        if table is not None and table.value != lpr:
            warnings.append(Notice("lpr_differs", f"填写的LPR {fmt_percent(lpr)} 与合同签订日适用的{table.label} "
                                                  f"{fmt_percent(table.value)} 不一致，请与借款合同核对"))
    else:
        x.lpr = table.value
    _terms(x, b, warnings)

    # 3. Accrual rows.
    conv = inputs["day_count"]
    repayments = inputs["repayments"]
    end = max(r["date"] for r in repayments) if repayments else inputs["maturity_date"]
    ends = period_ends(inputs["settlement"], start, end, *b.settle)
    records = _rows(inputs, start, x, conv, ends)
    if not records:
        warnings.append(_NO_PERIOD)
    late = [(i, r) for i, r in enumerate(repayments, start=1) if r["date"] > inputs["maturity_date"]] if repayments else ()
    if late:  # the plan runs past the contract: interest is counted to the last repayment, as the bank charged it
        i, r = late[0]
        warnings.append(Notice("repayment_after_maturity",
                               f"第 {i} 笔还款日 {fmt_date(r['date'])} 晚于到期日 {fmt_date(inputs['maturity_date'])}"
                               + (f"（共 {len(late)} 笔）" if len(late) > 1 else "")
                               + "，利息计至最后一笔还款日；请核对还款计划与借款合同，是否有展期"))

    # The sums of the rounded rows, in one pass: whole fen for the rows kept as numbers, decimals for the others
    # (each sum is exact either way, so adding the two is the sum of all the rows in order). FEN × a whole
    # number of fen is that amount with its two places (0 fen: 0.00), as a quantized figure is.
    subsidy_fen = interest_fen = national_fen = 0
    rest = []
    overdue = None
    if records.__class__ is bytes:  # every period whole, none refused: _every added them up
        interest_fen, subsidy_fen, national_fen = x.sums
        x.sums = None  # read: a result keeps nothing it does not need
    for r in (records if records.__class__ is not bytes else ()):
        if r.__class__ is tuple:
            interest_fen += r[5]
            subsidy_fen += r[6]
            national_fen += r[7]
            note, from_day = r[8], r[1]
        else:
            rest.append(r)
            note, from_day = r.note, r.from_day
        if overdue is None and note and note.startswith("逾期"):
            overdue = from_day
    if overdue is not None:
        warnings.append(Notice("overdue", f"自{fmt_date(overdue)}起为逾期或展期期间，不予贴息（罚息亦不贴息）"))
    total, interest = FEN * subsidy_fen, FEN * interest_fen
    national, topup = FEN * national_fen, FEN * (subsidy_fen - national_fen)
    paid_by_borrower = FEN * (interest_fen - subsidy_fen)
    for r in rest:
        total += r.subsidy
        interest += r.interest
        national += r.national
        topup += r.topup
        paid_by_borrower += r.borrower
    x.total, x.interest, x.national, x.topup, x.paid_by_borrower = total, interest, national, topup, paid_by_borrower
    x.records = records
    x.rows = rows = Deferred(_made_rows, x)
    x.shares = shares = _shares(x, rules, on, stretch)
    # kind, title, as_of, total, total_label, figures, columns, rows, warnings, steps, rule_set, shares
    return Result(KIND, TITLE, on, total, _TOTAL_LABEL, Deferred(_figures, x), COLUMNS, rows, warnings,
                  Deferred(_explain, x), rules.stamp(), shares)


_TOTAL_LABEL = N_("贴息额")


def _figures(x: _Loan) -> list[Figure]:
    return [Figure("interest", N_("利息合计"), x.interest), Figure("national", N_("中央政策贴息"), x.national),
            Figure("topup", N_("市级加大贴息"), x.topup), Figure("borrower", N_("借款人承担"), x.paid_by_borrower)]


def _explain(x: _Loan) -> list[Step]:
    """The loan's explanation, step by step, from the values ``compute`` kept."""
    inputs, on, rate, b = x.inputs, x.on, x.rate, x.basis
    regime, method, lpr = b.regime, b.method, x.lpr
    values = [("借款人类型", BORROWERS[x.borrower]), ("适用文件", Later(regime.shown)),
              ("中央贴息办法", Later(method.shown)), ("市级全额贴息", "适用" if b.with_topup else "不适用")]
    if x.rule_day != on:
        values.append(("本县切换日", f"本县将{regime.shown()}的适用日期调整为 {regime.period}，额度、期限、比例和贴息办法"
                                   f"按该文件的取值（{fmt_date(x.rule_day)} 的取值）"))
    steps = [Step(
        Phrase("确定适用政策（按合同签订日 {} 取值）", Day(on)),
        formula="财金〔2023〕75号 2023年10月1日起施行，此前签订的合同按财金〔2020〕21号",
        values=values,
        result=Phrase("{}：{}；{}", Later(regime.shown), Later(method.shown),
                      "另按忻政办发〔2022〕36号 第2条对小微企业按LPR全额贴息" if b.with_topup else "无市级加大贴息"),
        rules=[regime, method, b.topup_types],
    )]
    if inputs["lpr"] is not None:
        steps.append(Step("确定LPR", values=[("合同约定的LPR", Percent(lpr))],
                          result=Phrase("按借款合同约定取 {}（由申请人填写，请与合同核对）", Percent(lpr)),
                          rules=[b.table] if b.table else []))
    else:
        steps.append(Step("确定LPR", formula="取合同签订日前最近一次公布的LPR",
                          values=[("合同签订日", Day(on)), ("LPR期限", TERMS[inputs["lpr_term"]])],
                          result=Percent(lpr), rules=[b.table]))

    ok = rate <= x.ceiling
    steps.append(Step("检查合同利率上限", formula="合同利率 ≤ LPR + 加点",
                      values=[("合同利率", Percent(rate)), ("LPR", Percent(lpr)),
                              ("所属县", x.county or "未填写"), ("加点", Percent(b.spread.value))],
                      result=Phrase("上限 {}，{}", Percent(x.ceiling), "符合" if ok else "超过上限，不予贴息"),
                      rules=[b.spread, b.poor]))
    principal = inputs["principal"]
    steps.append(Step("检查贷款额度", formula=x.cap_words, values=[("贷款本金", yuan(principal))],
                      result=Phrase("上限 {}，{}", yuan(x.cap), "在上限以内" if principal <= x.cap else "超过上限的部分不予贴息"),
                      rules=list(b.cap_rules)))
    steps.append(Step("检查贷款期限", formula="到期日 ≤ 放款日 + 期限上限",
                      values=[("放款日", Day(x.start)), ("到期日", Day(inputs["maturity_date"]))],
                      result=Phrase("期限上限至 {}，{}", Day(x.term_end),
                                    "符合" if inputs["maturity_date"] <= x.term_end else "超出期限的部分不予贴息"),
                      rules=[b.term]))
    if x.hires is not None:
        staff, hires, ratio, met = x.hires
        steps.append(Step("检查新招用人员比例", formula="新招用人数 ÷ 职工人数 ≥ 比例下限",
                          values=[("职工人数", Phrase("{} 人", staff)), ("新招用", Phrase("{} 人", hires))],
                          result=Phrase("{}，下限 {}，{}", Percent(ratio.quantize(Decimal("0.01"))),
                                        Percent(b.ratio_rule.value), "符合" if met else "不符合"),
                          rules=[b.ratio_rule, b.threshold]))
    if method.value == "lpr_minus_spread":
        formula = "中央政策贴息率 = 合同利率 −（LPR − 减点），不低于 0、不高于合同利率"
        values = [("合同利率", Percent(rate)), ("LPR", Percent(lpr)), ("减点", Percent(b.rate_rule.value))]
    else:
        formula = "中央政策贴息率 = 合同利率 × 贴息比例"
        values = [("合同利率", Percent(rate)), ("贴息比例", Percent(b.rate_rule.value))]
    if b.with_topup:
        formula += "；小微企业市级全额贴息：贴息率 = max(中央政策贴息率, min(LPR, 合同利率))"
    steps.append(Step("确定贴息率", formula=formula, values=values,
                      result=Phrase("中央政策贴息率 {}，实际贴息率 {}", Percent(x.national_rate),
                                    Percent(x.subsidy_rate)),
                      rules=[method, b.rate_rule]))

    conv, rows = inputs["day_count"], x.rows
    steps.append(Step(
        "划分结息期",
        formula=(f"{SETTLEMENTS[inputs['settlement']]}；算头不算尾（到期日、还款日当日不计息）；"
                 + ("积数计息：结息期内余额变动时，按各段积数（余额 × 天数）合计计算该期利息，结息日一次四舍五入到分；"
                    if inputs["rounding"] == "period" else "逐笔计息：每段余额的利息分别四舍五入到分；")
                 + "申请期间、逾期日等切分一期时，按天数分摊该期利息和贴息，各部分之和等于整期"),
        values=[("放款日", Day(x.start)), ("到期日", Day(inputs["maturity_date"])),
                ("计息方式", daycount.CONVENTIONS[conv]), ("舍入", ROUNDINGS[inputs["rounding"]])],
        result=Later(_counted, rows),
        rules=[b.day, b.months] if inputs["settlement"] != "at_maturity" else [],
    ))
    steps += [_PeriodStep(r, conv) for r in rows]
    steps.append(Step("合计", formula="各行四舍五入到分后相加",
                      values=[("利息合计", yuan(x.interest)), ("中央政策贴息", yuan(x.national)),
                              ("市级加大贴息", yuan(x.topup)), ("借款人承担", yuan(x.paid_by_borrower))],
                      result=Phrase("贴息额 {}", yuan(x.total))))
    if x.total:
        steps.append(Step("资金分担", formula="中央政策贴息按中央/省/市/县比例分担，市级加大贴息按市/县比例分担；"
                                            "按比例取整到分后，余下的分按尾数大小分配，合计与贴息额一致",
                          values=[(k, yuan(v)) for k, v in x.shares], result=Phrase("合计 {}", yuan(x.total)),
                          rules=list(x.share_rules)))
    return steps


def _counted(rows: list[LoanRow]) -> str:
    return f"共 {len({r.period for r in rows})} 期、{len(rows)} 行、{sum(r.days for r in rows)} 天"


def regime_day(rules: RuleSet, regime, on: date) -> date:
    """The day the regime's own values (limits, terms, ratios, national method) are read for.

    Normally the contract date. A county that moved the switch to 财金〔2023〕75号 (provinces adopted it on dates
    of their own) overrides only ``startup_loan.regime``; a contract in the moved stretch is then read on the
    nearest day of the shipped series that belongs to the regime the county chose, so one dated value moves
    every limit with it.
    """
    if not regime.overridden:
        return on
    for entry in rules.parameters["startup_loan.regime"].entries:
        if entry.value == regime.value:
            if on < entry.start:
                return entry.start
            if entry.end is not None and on > entry.end:
                return entry.end
            return on
    return on


class _Basis:
    """The rule values a loan reads, read once for all loans whose contract dates lie between the same two days on
    which any of them changes (RuleSet.changes: a stretch of weeks) and whose inputs choose the same values
    (borrower type, LPR term and whether the contract states its LPR, county, staff count): a batch of a county's
    loans asks for a few dozen. Read as of the first such loan's dates, in the order a loan reads them, so a date
    the rules do not cover is refused naming the same value (and nothing is kept)."""

    __slots__ = ("regime", "method", "topup_types", "with_topup", "table", "poor", "spread", "cap_rules",
                 "term", "term_months", "threshold", "ratio_rule", "rate_rule", "day", "months", "settle")

    def __init__(self, rules: RuleSet, on: date, borrower: str, lpr_term: str, lpr_given: bool, county: str,
                 staff: int | None):
        get = lambda key, day: rules.get("startup_loan." + key, day)  # noqa: E731 - one short name for many

        # Which regime: read as of the contract date; the regime's own values as of the day it rules for.
        self.regime = regime = get("regime", on)
        rule_day = regime_day(rules, regime, on)  # the same for the whole stretch, or its day (regime_day)
        self.method = get("national_method", rule_day)
        self.topup_types = get("topup_borrower_types", on)
        self.with_topup = borrower in self.topup_types.value
        self.table = rules.find_lpr(on, lpr_term) if lpr_given else rules.lpr(on, lpr_term)

        # Rate cap: LPR + 150BP, or + 250BP in a former poverty county.
        self.poor = poor = get("poverty_counties", on)
        self.spread = get("rate_cap_spread_poverty" if county in poor.value else "rate_cap_spread", on)

        # Amount cap: principal above it is not subsidised.
        if borrower == "individual":
            self.cap_rules = [get("max_principal_individual", rule_day)]
        elif borrower == "graduate":
            # Shanxi raised graduates' limit in 2022, before the national switch: dated by the contract itself.
            self.cap_rules = [get("max_principal_graduate", on)]
        elif borrower == "small_micro":
            self.cap_rules = [get("max_principal_small_micro", rule_day)]
        else:
            self.cap_rules = [get("partnership_per_partner", rule_day), get("partnership_markup", rule_day)]
            limit = rules.find("startup_loan.max_principal_partnership_total", rule_day)
            if limit is not None:
                self.cap_rules.append(limit)

        # Term cap: days beyond it get no subsidy.
        self.term = get("max_term_enterprise" if borrower == "small_micro" else "max_term_individual", rule_day)
        self.term_months = int(self.term.value * 12)

        # New hires (small/micro only): a condition of the loan itself.
        self.threshold = self.ratio_rule = None
        if borrower == "small_micro":
            self.threshold = get("large_staff_threshold", rule_day)
            if staff is not None:
                self.ratio_rule = get("new_hire_ratio_large" if staff > self.threshold.value else "new_hire_ratio",
                                      rule_day)

        # Subsidy rate: the national part by LPR − spread, or by a share of the contract rate.
        self.rate_rule = get("borrower_spread" if self.method.value == "lpr_minus_spread" else "national_share_of_rate",
                             rule_day)

        # Settlement: the day of the month and the quarters' months, as period_ends takes them.
        self.day, self.months = get("settlement_day", on), get("quarter_end_months", on)
        self.settle = (self.day.value, tuple(self.months.value))


def _terms(x: _Loan, b: _Basis, warnings: list[Notice]) -> None:
    """The rates and caps that hold for the whole loan, from the rule values read for it."""
    inputs, rate, lpr, borrower = x.inputs, x.rate, x.lpr, x.borrower
    blocked = ""

    x.ceiling = ceiling = lpr + b.spread.value
    if not rate <= ceiling:
        blocked = f"合同利率 {fmt_percent(rate)} 超过上限 {fmt_percent(ceiling)}（LPR + {fmt_percent(b.spread.value)}），不符合创业担保贷款贴息条件，贴息为 0"
        warnings.append(Notice("rate_cap", blocked, blocking=True))

    if borrower == "partnership":
        per, markup = b.cap_rules[0], b.cap_rules[1]
        cap = inputs["partners"] * per.value * markup.value / 100
        cap_words = f"合伙人数 {inputs['partners']} × 每人额度 × {fmt_percent(markup.value)}"
        if len(b.cap_rules) > 2 and b.cap_rules[2].value < cap:
            cap, cap_words = b.cap_rules[2].value, cap_words + "，且不超过合伙创业总额上限"
    else:
        cap, cap_words = b.cap_rules[0].value, _CAP_WORDS[borrower]
    x.cap, x.cap_words = cap, cap_words
    principal = inputs["principal"]
    if principal > cap:
        warnings.append(Notice("amount_cap", f"贷款本金 {yuan(principal)} 超过额度上限 {yuan(cap)}，超出部分不予贴息"))

    x.term_end = term_end = daycount.add_months(x.start, b.term_months)
    if not inputs["maturity_date"] <= term_end:
        warnings.append(Notice("term_cap", f"贷款期限超过 {b.term.shown()}，自{fmt_date(term_end)}起不予贴息"))

    x.hires = None
    if borrower == "small_micro":
        staff, hires = inputs["staff_count"], inputs["new_hires"]
        if staff is None or hires is None:
            warnings.append(_HIRES_UNCHECKED)
        else:
            if hires > staff:
                warnings.append(Notice("new_hires_above_staff", f"新招用人数 {hires} 人多于职工人数 {staff} 人，"
                                                                "请核对（职工人数应包括新招用人员）"))
            ratio = Decimal(hires) * 100 / Decimal(staff) if staff else ZERO
            met = staff > 0 and ratio >= b.ratio_rule.value
            x.hires = (staff, hires, ratio, met)
            if not met:
                blocked = blocked or "新招用人员比例未达到要求，不符合小微企业创业担保贷款条件，贴息为 0"
                warnings.append(_HIRES_SHORT)

    if b.method.value == "lpr_minus_spread":
        national = min(max(rate - (lpr - b.rate_rule.value), ZERO), rate)
    else:
        national = rate * b.rate_rule.value / 100
    x.national_rate = national
    x.subsidy_rate = max(national, min(lpr, rate)) if b.with_topup else national
    x.blocked = blocked


_CAP_WORDS = {"individual": "个人额度上限", "graduate": "高校毕业生额度上限", "small_micro": "小微企业额度上限"}
# The warnings whose words never change, made once (a Notice is frozen: every result may hold the same one).
_NO_PERIOD = Notice("no_period", "申请贴息的起止日期与贷款期间没有重叠，没有可计算的期间", blocking=True)
_HIRES_UNCHECKED = Notice("new_hires_unchecked", "未填写职工人数和新招用人数，未核验小微企业新招用人员比例，请经办人核实")
_HIRES_SHORT = Notice("new_hires", "新招用人员比例未达到要求，不符合小微企业创业担保贷款条件，贴息为 0", blocking=True)


def _rows(inputs: dict, start: date, t: _Loan, conv: str, ends: tuple[date, ...]) -> list:
    """The loan's rows: one per settlement period (积数计息) or per balance segment (逐笔计息), and within it one
    per piece that differs in eligibility or lies inside the claim window. A unit nothing cuts is kept as a
    record of its numbers (``_whole``), any other row as its LoanRow; a loan nothing cuts at all as its periods'
    figures in fen, packed (``_every``), its periods' days in ``t.bounds``."""
    principal = inputs["principal"]
    maturity = inputs["maturity_date"]
    if (not inputs["repayments"] and conv in _DAY_BASES and not inputs["claim_from"] and not inputs["claim_to"]
            and not inputs["overdue_from"] and not start < t.term_end < maturity):
        # Most loans: repaid at maturity, claimed whole, nothing cutting a period — what the test below finds
        # for them, found sooner.
        t.bounds, days = _spans(start, ends, maturity)
        figures = _every(inputs, t, conv, t.bounds, days, principal)
        if figures is not None:
            return figures
    repaid = sorted((r["date"], r["amount"]) for r in inputs["repayments"]) or [(maturity, principal)]
    end = repaid[-1][0]
    claim_lo = inputs["claim_from"] or start
    claim_hi = inputs["claim_to"] + _ONE_DAY if inputs["claim_to"] else end
    marks = [d for d in (maturity, t.term_end, inputs["overdue_from"], claim_lo, claim_hi) if d and start < d < end]
    claim = (claim_lo, claim_hi)
    by_days = conv in _DAY_BASES
    if by_days and len(repaid) == 1 and not marks and claim_lo <= start and end <= claim_hi:
        t.bounds, days = _spans(start, ends, end)  # nothing cuts any period and all are claimed
        figures = _every(inputs, t, conv, t.bounds, days, principal)
        if figures is not None:
            return figures
    whole = _whole(inputs, t, conv) if by_days else None
    if len(repaid) == 1:  # one balance to the end: a period is one segment (every period end lies inside the loan)
        if whole is not None:  # and an actual-day count: each period one unit, whole unless cut
            rows: list = []
            lo = start
            for number, hi in enumerate((*ends, end), start=1):
                inner = [m for m in marks if lo < m < hi] if marks else marks
                if inner:
                    rows += _unit(number, [(lo, hi, principal)], sorted({lo, hi, *inner}), claim, inputs, t, conv)
                elif claim_lo <= lo and hi <= claim_hi:
                    rows.append(whole(number, lo, hi, principal))
                lo = hi
            return rows
        bounds = (start, *ends, end)
        periods = [[(lo, hi, principal)] for lo, hi in zip(bounds, bounds[1:])]
    else:
        period_end = set(ends)
        period_end.add(end)  # the last of all the days below: the segments after it are none
        periods, segments = [], []
        lo, balance, next_repaid, count = start, principal, 0, len(repaid)
        for hi in sorted(period_end.union([d for d, _ in repaid])):
            if hi <= lo:
                continue
            while next_repaid < count and repaid[next_repaid][0] <= lo:  # out of the balance from ``lo`` on
                balance -= repaid[next_repaid][1]
                next_repaid += 1
            segments.append((lo, hi, balance))
            if hi in period_end:
                periods.append(segments)
                segments = []
            lo = hi
    by_period = inputs["rounding"] == "period"
    summed = _summed(inputs, t, conv) if whole is not None and by_period else None
    rows = []
    units = enumerate(periods, start=1) if by_period else \
        ((number, [seg]) for number, segments in enumerate(periods, start=1) for seg in segments)
    for number, unit in units:
        lo, hi = unit[0][0], unit[-1][1]
        inner = [m for m in marks if lo < m < hi] if marks else marks
        if not inner and whole is not None:  # a unit nothing but its repayments cuts (most of a repaid loan)
            if claim_lo <= lo and hi <= claim_hi:
                rows.append(whole(number, *unit[0]) if len(unit) == 1 else summed(number, lo, hi, unit))
            continue
        rows += _unit(number, unit, sorted({lo, hi, *inner}), claim, inputs, t, conv)
    return rows


_ONE_DAY = timedelta(days=1)
# The counts whose year fraction is the days over a base: a unit at one balance is then balance × days × rate ÷
# (100 × base), one division.
_DAY_BASES = {"act360": 36000, "act365": 36500}


def _note(a: date, inputs: dict, t: _Loan) -> str:
    """Why a row that starts on ``a`` gets no subsidy, or "" when it does."""
    if t.blocked:
        return "不符合贴息条件"
    if (inputs["overdue_from"] and a >= inputs["overdue_from"]) or a >= inputs["maturity_date"]:
        return "逾期/展期，不予贴息"
    if a >= t.term_end:
        return "超过期限上限，不予贴息"
    return ""


def _whole(inputs: dict, t: _Loan, conv: str):
    """The row of a rounding unit at one balance that nothing cuts, under an actual-day count: most units of most
    loans. ``row(period, lo, hi, balance)`` gives its record: (period, lo, hi, days, balance, interest, subsidy,
    national — these three in whole fen —, note, eligible balance, subsidy rate shown), made a LoanRow by
    ``_made_rows`` when the rows are read.

    The same figures as ``_unit`` gives it — balance × days × rate ÷ (100 × base), each rounded half-up to the fen
    once at the unit's end — in whole numbers of fen: every amount and rate is an exact fraction of integers
    (Decimal.as_integer_ratio), so the quotient is rounded from its exact remainder, as the 60-digit division of
    ``money.fen`` decides it, without the long division (tests/measures/test_rows.py compares the two).
    """
    rate, cap, subsidy_rate = inputs["contract_rate"], t.cap, t.subsidy_rate
    per = _DAY_BASES[conv] // 100  # fen, not yuan: the rate's percent cancels the hundred
    rp, rq = rate.as_integer_ratio()
    sp, sq = subsidy_rate.as_integer_ratio()
    np_, nq = t.national_rate.as_integer_ratio()
    ratios: dict[Decimal, tuple] = {}  # by balance: it changes only at a repayment
    free_until = _free_until(inputs, t)

    def row(period: int, lo: date, hi: date, balance: Decimal) -> tuple:
        known = ratios.get(balance)
        if known is None:
            bp, bq = balance.as_integer_ratio()
            eligible, capped = _eligible(balance, cap)
            ep, eq = eligible.as_integer_ratio()
            # Each figure is n × days ÷ d rounded half-up, exactly: (2 × n × days + d) ÷ 2d rounded down, as all
            # are ≥ 0 (a balance before its last repayment is positive, and so is every rate).
            known = ratios[balance] = (2 * bp * rp, bq * rq * per, 2 * ep * sp, eq * sq * per, 2 * ep * np_,
                                       eq * nq * per, eligible, capped)
        interest_n, interest_d, subsidy_n, subsidy_d, national_n, national_d, eligible, capped = known
        days = (hi - lo).days
        interest = (interest_n * days + interest_d) // (2 * interest_d)
        if free_until is None or lo >= free_until:  # refused: no subsidy, no rate, nothing eligible
            return period, lo, hi, days, balance, interest, 0, 0, _note(lo, inputs, t), ZERO, ZERO
        subsidy = (subsidy_n * days + subsidy_d) // (2 * subsidy_d)
        if subsidy > interest:
            subsidy = interest
        national = (national_n * days + national_d) // (2 * national_d)
        if national > subsidy:
            national = subsidy
        return period, lo, hi, days, balance, interest, subsidy, national, capped, eligible, subsidy_rate

    return row


def _summed(inputs: dict, t: _Loan, conv: str):
    """The row of a settlement period its repayments cut into segments of their own balances (积数计息) and nothing
    else cuts, under an actual-day count: most periods of a loan repaid in instalments. ``row(period, lo, hi,
    unit)`` gives its record: (period, lo, hi, the unit's segments as (lo, hi, balance), the note of why it is
    refused, interest, subsidy, national — these three in whole fen —, the row's note), made a LoanRow by
    ``_made_rows`` as ``_unit`` makes it.

    The same figures as ``_unit`` gives the period — Σ 余额 × 天数 (summed in decimals as ``_unit`` sums it) × rate
    ÷ (100 × base), rounded half-up to the fen once — in whole numbers of fen from exact integer fractions, as
    ``_whole`` does for a period at one balance (tests/measures/test_rows.py compares the two ways).
    """
    rate, cap = inputs["contract_rate"], t.cap
    per = _DAY_BASES[conv] // 100  # fen, not yuan: the rate's percent cancels the hundred
    rp, rq = rate.as_integer_ratio()
    sp, sq = t.subsidy_rate.as_integer_ratio()
    np_, nq = t.national_rate.as_integer_ratio()
    rq, sq, nq = rq * per, sq * per, nq * per
    free_until = _free_until(inputs, t)
    capped = f"仅 {yuan(cap)} 以内部分贴息"

    def row(period: int, lo: date, hi: date, unit: list) -> tuple:
        # Each figure is p × r ÷ (q × base) rounded half-up, exactly: (2pr + d) ÷ 2d rounded down, d = q × base
        # (every balance of a period before the last repayment is positive, and so is every rate).
        product = 0
        for a, b, balance in unit:
            product += balance * (b - a).days  # as _unit sums it: the same Decimal
        pp, pq = product.as_integer_ratio()
        d = pq * rq
        interest = (2 * pp * rp + d) // (2 * d)
        words = f"期内余额变动，按积数计息（{len(unit)} 段）"
        if free_until is None or lo >= free_until:  # refused: _note says why
            note = _note(lo, inputs, t)
            return period, lo, hi, unit, note, interest, 0, 0, f"{words}；{note}"
        over = False
        for _, _, balance in unit:
            if balance > cap:
                over = True
                break
        if over:
            ep, eq = sum(min(balance, cap) * (b - a).days for a, b, balance in unit).as_integer_ratio()
        else:
            ep, eq = pp, pq
        d = eq * sq
        subsidy = (2 * ep * sp + d) // (2 * d)
        if subsidy > interest:
            subsidy = interest
        d = eq * nq
        national = (2 * ep * np_ + d) // (2 * d)
        if national > subsidy:
            national = subsidy
        return period, lo, hi, unit, "", interest, subsidy, national, f"{words}；{capped}" if over else words

    return row


def _free_until(inputs: dict, t: _Loan) -> date | None:
    """The day before which a row that is not blocked gets its subsidy (_note says why not from then on)."""
    if t.blocked:
        return None
    free_until = min(inputs["maturity_date"], t.term_end)
    if inputs["overdue_from"] and inputs["overdue_from"] < free_until:
        free_until = inputs["overdue_from"]
    return free_until


@lru_cache(maxsize=4096)
def _spans(start: date, ends: tuple[date, ...], end: date) -> tuple[tuple[date, ...], tuple[int, ...]]:
    """The bounds of a loan's periods and the days of each: a batch's loans share few such sets."""
    bounds = (start, *ends, end)
    return bounds, tuple((hi - lo).days for lo, hi in zip(bounds, bounds[1:]))


def _every(inputs: dict, t: _Loan, conv: str, bounds: tuple[date, ...], days: tuple[int, ...],
           balance: Decimal) -> bytes | None:
    """Every period between ``bounds`` (of ``days`` each) at one balance, none of them refused: (interest, subsidy,
    national) in whole fen one after another, packed as 64-bit numbers (``fen_figures`` reads them: a few hundred
    bytes nothing points into, which the garbage collector never walks, where a batch holds thousands), their three
    sums in ``t.sums``; None when a period may be refused (``_whole``'s row gives it its note). Each figure as
    ``_whole``'s row works it out, with nothing else: most loans are this one loop."""
    free_until = _free_until(inputs, t)
    if free_until is None or free_until < bounds[-1]:
        return None
    per = _DAY_BASES[conv] // 100
    rate, subsidy_rate, national_rate = inputs["contract_rate"], t.subsidy_rate, t.national_rate
    rp, rq = rate.as_integer_ratio()
    sp, sq = (rp, rq) if subsidy_rate is rate else subsidy_rate.as_integer_ratio()
    np_, nq = (sp, sq) if national_rate is subsidy_rate else national_rate.as_integer_ratio()
    bp, bq = balance.as_integer_ratio()
    ep, eq = (bp, bq) if balance <= t.cap else t.cap.as_integer_ratio()
    interest_n, interest_d, subsidy_n, subsidy_d, national_n, national_d = (
        2 * bp * rp, bq * rq * per, 2 * ep * sp, eq * sq * per, 2 * ep * np_, eq * nq * per)
    interest_2d, subsidy_2d, national_2d = 2 * interest_d, 2 * subsidy_d, 2 * national_d
    out = []
    for n in days:
        interest = (interest_n * n + interest_d) // interest_2d
        subsidy = (subsidy_n * n + subsidy_d) // subsidy_2d
        if subsidy > interest:
            subsidy = interest
        national = (national_n * n + national_d) // national_2d
        if national > subsidy:
            national = subsidy
        out += (interest, subsidy, national)
    t.sums = (sum(out[0::3]), sum(out[1::3]), sum(out[2::3]))
    packer = _PACKERS.get(len(out))
    if packer is None:
        packer = _PACKERS[len(out)] = Struct(f"={len(out)}q")
    return packer.pack(*out)


_PACKERS: dict[int, Struct] = {}


def fen_figures(packed: bytes) -> array:
    """What ``_every`` packed: interest, subsidy and national part of each period in whole fen, one after another."""
    return array("q", packed)


def _eligible(balance: Decimal, cap: Decimal) -> tuple[Decimal, str]:
    """The part of a balance the subsidy runs on, and the row's note when the cap cuts it."""
    if balance <= cap:
        return balance, ""
    return cap, f"仅 {yuan(cap)} 以内部分贴息"


def _made_rows(x: _Loan) -> list[LoanRow]:
    """The rows of a loan from what ``_rows`` kept: a whole unit's record made a LoanRow, a cut one as it is."""
    rows, rate = [], x.rate
    if x.records.__class__ is bytes:  # every period whole and subsidised, at the principal
        principal, figures = x.inputs["principal"], fen_figures(x.records)
        eligible, note = _eligible(principal, x.cap)
        for n, (lo, hi) in enumerate(zip(x.bounds, x.bounds[1:])):
            interest, subsidy, national = figures[3 * n:3 * n + 3]
            rows.append(LoanRow(n + 1, lo, hi - _ONE_DAY, (hi - lo).days, principal, rate, FEN * interest,
                                x.subsidy_rate, FEN * subsidy, FEN * national, FEN * (subsidy - national),
                                FEN * (interest - subsidy), note, eligible))
        return rows
    for r in x.records:
        if r.__class__ is tuple and len(r) == 9:  # a period its repayments cut (_summed): its row as _unit makes it
            period, lo, hi, unit, note, interest, subsidy, national, _ = r
            cap, conv = x.cap, x.inputs["day_count"]
            segs = [_Segment(a, b, balance, min(balance, cap), daycount.span(conv, a, b)) for a, b, balance in unit]
            rows.append(_piece(period, lo, hi, segs, FEN * interest, FEN * subsidy, FEN * national, note, rate, x,
                               conv))
        elif r.__class__ is tuple:
            period, lo, hi, days, balance, interest, subsidy, national, note, eligible, subsidy_rate = r
            rows.append(LoanRow(period, lo, hi - _ONE_DAY, days, balance, rate, FEN * interest,
                                subsidy_rate, FEN * subsidy, FEN * national,
                                FEN * (subsidy - national), FEN * (interest - subsidy), note, eligible))
        else:
            rows.append(r)
    return rows


def _span_words(conv: str, lo: date, hi: date) -> str:
    return daycount.span(conv, lo, hi).words(conv)


@dataclass(slots=True)
class _Segment:
    """A stretch of one balance inside a rounding unit, measured by the day count; exact values, never rounded."""

    lo: date
    hi: date
    balance: Decimal
    eligible: Decimal
    span: daycount.Span

    def share(self, amount: Decimal, rate: Decimal, upto: date) -> Fraction:
        """amount × rate% × the year fraction of [lo, upto), exactly (a cut inside shares the stretch by days)."""
        k = (min(max(upto, self.lo), self.hi) - self.lo).days
        return Fraction(amount) * Fraction(rate) * self.span.units * k / (100 * self.span.base * self.span.days)


def _unit(period, unit, pieces, claim, inputs, t: _Loan, conv) -> list[LoanRow]:
    """One rounding unit — a settlement period (积数计息) or one balance segment (逐笔计息) — and its rows.

    The unit's interest is the exact sum over its segments (Σ 余额 × 天数 × 利率 ÷ 基数), rounded once at its end.
    A piece of it gets round(exact to the piece's end) − round(exact to its start): pieces always add up to the
    unit computed whole, so a claim window or an overdue date that cuts a period never changes what it is worth.
    """
    rate = inputs["contract_rate"]
    segs = [_Segment(lo, hi, bal, min(bal, t.cap), daycount.span(conv, lo, hi)) for lo, hi, bal in unit]

    # Under actual/360 and actual/365 a segment's year fraction is its days over the base, so the unit's sum is
    # Σ 余额 × 天数 (exact in decimals) × rate ÷ (100 × base): one division. The month-based count weighs each
    # segment's days differently, and a unit of several such segments is summed as fractions.
    by_days = all(seg.span.units == seg.span.days for seg in segs)
    if by_days and len(pieces) == 2:  # the unit whole (most units a repayment falls in): each sum taken once
        a, b = pieces
        if not (claim[0] <= a and b <= claim[1]):
            return []
        per = 100 * segs[0].span.base
        note = _note(a, inputs, t)
        interest = fen_of(sum(seg.balance * (seg.hi - seg.lo).days for seg in segs), rate, per)
        if note:
            subsidy = national = ZERO
        else:
            eligible = sum(seg.eligible * (seg.hi - seg.lo).days for seg in segs)
            subsidy = min(fen_of(eligible, t.subsidy_rate, per), interest)
            national = min(fen_of(eligible, t.national_rate, per), subsidy)
        return [_piece(period, a, b, segs, interest, subsidy, national, note, rate, t, conv)]

    def upto(day: date, which: str, r: Decimal) -> Decimal:
        if day <= segs[0].lo:
            return ZERO  # nothing accrues before the unit starts: a whole period is one rounding, not two
        if by_days or len(segs) == 1:
            s = segs[0].span
            product = sum(getattr(seg, which) * (min(max(day, seg.lo), seg.hi) - seg.lo).days for seg in segs)
            return fen(product, r, per=100 * s.base) if by_days else fen(product, r, s.units, per=100 * s.base * s.days)
        exact = sum((seg.share(getattr(seg, which), r, day) for seg in segs), Fraction(0))
        return fen(exact.numerator, per=exact.denominator)

    out = []
    for a, b in zip(pieces, pieces[1:]):
        if not (claim[0] <= a and b <= claim[1]):
            continue
        note = _note(a, inputs, t)
        inside = [seg for seg in segs if seg.lo < b and a < seg.hi]
        interest = upto(b, "balance", rate) - upto(a, "balance", rate)
        if note:
            subsidy = national = ZERO
        else:
            # The min() only matters when subsidy and interest differ by less than two fen over a cut piece.
            subsidy = min(upto(b, "eligible", t.subsidy_rate) - upto(a, "eligible", t.subsidy_rate), interest)
            national = min(upto(b, "eligible", t.national_rate) - upto(a, "eligible", t.national_rate), subsidy)
        out.append(_piece(period, a, b, inside, interest, subsidy, national, note, rate, t, conv))
    return out


def _piece(period, a: date, b: date, inside: list[_Segment], interest: Decimal, subsidy: Decimal, national: Decimal,
           note: str, rate: Decimal, t: _Loan, conv: str) -> LoanRow:
    """The row of [a, b) in a unit, from its figures: the note says why it is refused, capped or summed by 积数."""
    if not note:
        capped = [seg for seg in inside if seg.eligible < seg.balance]
        if capped:
            note = f"仅 {yuan(capped[0].eligible)} 以内部分贴息"
    if len(inside) > 1:
        note = "；".join(x for x in (f"期内余额变动，按积数计息（{len(inside)} 段）", note) if x)
    first = inside[0]
    whole = len(inside) == 1 and (a, b) == (first.lo, first.hi)
    refused = note.startswith(("不符合", "逾期", "超过"))
    return LoanRow(
        period, a, b - timedelta(days=1), (b - a).days, first.balance, rate, interest,
        ZERO if refused else t.subsidy_rate, subsidy, national, subsidy - national, interest - subsidy, note,
        eligible=ZERO if refused else first.eligible,
        span=Later(first.span.words, conv) if whole else Later(_pieces_words, inside, a, b, conv),
        segments=tuple((seg, max(a, seg.lo), min(b, seg.hi)) for seg in inside) if len(inside) > 1 else (),
    )


class _PeriodStep(Step):
    """One row's step of the explanation, its words put together when the explanation is shown or printed.

    A loan is computed far more often (a batch, every keystroke in the window) than each of its periods'
    explanation is read, so the step keeps the row's figures as they are and formats them on first reading.
    """

    __slots__ = ("_row", "_conv", "_words")
    rules = ()  # a period cites no rule of its own: its rates are explained by the steps before it

    def __init__(self, row: LoanRow, conv: str):
        self._row, self._conv, self._words = row, conv, None

    def __reduce__(self):  # to a worksheet process: the row and the count, worded there when shown
        return _PeriodStep, (self._row, self._conv)

    def _built(self) -> tuple:
        if self._words is None:
            r, rate, conv = self._row, self._row.rate, self._conv
            span = r.span if r.span is not None else _span_words(conv, r.from_day, r.to_day + _ONE_DAY)
            if r.segments:
                product = sum((seg.balance * (b - a).days for seg, a, b in r.segments), ZERO)
                formula = ("利息 = 各段利息之和（各段：" + daycount.FORMULAS[conv] + "），结息日一次四舍五入到分；"
                           "贴息 = 各段可贴息余额 × 贴息率 × 同一计息天数之和，一次四舍五入")
                values = [("计息积数（Σ 余额 × 天数）", fmt_amount(product)), ("合同利率", fmt_percent(rate)),
                          ("贴息率", fmt_percent(r.subsidy_rate)), ("计息期", span),
                          *segment_lines(r, rate, conv)]
            else:
                formula = f"利息 = {daycount.FORMULAS[conv]}；贴息 = 可贴息余额 × 贴息率 × 同一计息天数"
                values = [("计息余额", yuan(r.balance)), ("可贴息余额", yuan(r.eligible)),
                          ("合同利率", fmt_percent(rate)), ("贴息率", fmt_percent(r.subsidy_rate)),
                          ("计息期", span)]
            self._words = (
                Phrase("第{}期 {}至{}（{} 天）", r.period, fmt_date(r.from_day), fmt_date(r.to_day), r.days),
                formula, values,
                Phrase("利息 {}，贴息 {}（中央政策 {}，市级加大 {}），借款人承担 {}{}", yuan(r.interest),
                       yuan(r.subsidy), yuan(r.national), yuan(r.topup), yuan(r.borrower),
                       f"；{r.note}" if r.note else ""))
        return self._words

    title = property(lambda self: self._built()[0])
    formula = property(lambda self: self._built()[1])
    values = property(lambda self: self._built()[2])
    result = property(lambda self: self._built()[3])


def _pieces_words(inside: list[_Segment], a: date, b: date, conv: str) -> str:
    if len(inside) == 1:
        seg = inside[0]
        return f"本段 {seg.span.words(conv)} 中的 {(b - a).days} 天（按天数分摊）"
    return f"{len(inside)} 段，按积数合计"


def _exact_words(value: Fraction) -> str:
    """An unrounded amount for the explanation: six places, marked ≈ when it does not end there."""
    shown = Decimal(value.numerator) / Decimal(value.denominator)
    six = shown.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    return ("" if six == shown else "≈") + f"{six:,}"


def segment_lines(row: LoanRow, rate: Decimal, conv: str) -> list[tuple[str, str]]:
    """The segments beneath a settlement period, unrounded, with their 积数 (余额 × 天数)."""
    out = []
    for i, (seg, a, b) in enumerate(row.segments, start=1):
        days = (b - a).days
        exact = seg.share(seg.balance, rate, b) - seg.share(seg.balance, rate, a)
        out.append((f"第{i}段 {fmt_date(a)}至{fmt_date(b - timedelta(days=1))}",
                    f"余额 {yuan(seg.balance)} × {days} 天 = 积数 {fmt_amount(seg.balance * days)}；"
                    f"利息 {_exact_words(exact)} 元（未舍入）"))
    return out


# Who pays the subsidy: the national part by four levels of finance, the city's top-up by two.
_NATIONAL_SHARES = (("startup_loan.share_central", "中央财政（中央政策贴息）"),
                    ("startup_loan.share_province", "省级财政（中央政策贴息）"),
                    ("startup_loan.share_city", "市级财政（中央政策贴息）"),
                    ("startup_loan.share_county", "县级财政（中央政策贴息）"))
_TOPUP_SHARES = (("startup_loan.topup_share_city", "市级财政（市级加大贴息）"),
                 ("startup_loan.topup_share_county", "县级财政（市级加大贴息）"))


def _shares(x: _Loan, rules: RuleSet, on: date, stretch: int):
    """Who pays: the national part split by four levels of finance, the city's top-up by two. The rules are read
    now (a date they do not cover is the case's error); the split is made when first read (a Deferred list) when
    it cannot fail — shares in hundredths adding up to 100%, as the shipped rules and every county's so far."""
    x.share_rules, x.split = rules.kept(("startup_loan.national_shares", stretch), _share_rules, rules, on,
                                        _NATIONAL_SHARES)
    x.top_split = None
    if x.topup:
        top, x.top_split = rules.kept(("startup_loan.topup_shares", stretch), _share_rules, rules, on, _TOPUP_SHARES)
        x.share_rules = rules.kept(("startup_loan.all_shares", stretch), tuple.__add__, x.share_rules, top)
    if x.split.in_fen and (x.top_split is None or x.top_split.in_fen):
        return Deferred(_split_shares, x)
    return _split_shares(x)


def _split_shares(x: _Loan) -> list[tuple[str, Decimal]]:
    parts = x.split.split(x.national)
    if x.top_split is not None:
        parts += x.top_split.split(x.topup)
    return [(k, v) for k, v in parts if v]


def _share_rules(rules: RuleSet, on: date, keys) -> tuple[tuple, Shares]:
    """The share rules in force on ``on`` and the split they make: the same for every loan of its stretch
    (RuleSet.changes), so the rule set keeps them."""
    used = tuple(rules.get(key, on) for key, _ in keys)
    return used, Shares([(label, r.value) for (_, label), r in zip(keys, used)])
