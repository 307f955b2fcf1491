"""The loan's application worksheet: borrower, loan contract, who pays, and the four boxes to sign."""
from __future__ import annotations

from datetime import timedelta

from ...format import fmt_amount, fmt_date, fmt_percent
from .. import daycount
from ..result import Result
from ..measure import Worksheet
from ..sheet import DATE_LINE, Item, Section, SignBlock, applicant_items
from . import calculator as calc

TITLE = "创业担保贷款贴息申请表"
COLUMNS = ("period", "from", "to", "days", "balance", "rate", "interest", "subsidy_rate", "subsidy", "national",
           "topup", "borrower", "note")
SUMMED = frozenset({"days", "interest", "subsidy", "national", "topup", "borrower"})
DECLARATION = ("申请人承诺：以上所填内容及所附借款合同、借款借据、付息凭证等材料真实、准确、完整；"
               "如有虚假，自愿退回已获贴息资金并承担相应法律责任。")


def sections(case, result: Result, office: dict):
    i = case.inputs
    people = applicant_items(case, "借款人名称")
    people.append(Item("借款人类型", calc.BORROWERS[i["borrower_type"]]))
    if i["borrower_type"] == "partnership":
        people.append(Item("合伙人数", f"{i['partners']} 人"))
    if i["borrower_type"] == "small_micro" and i["staff_count"] is not None:
        people.append(Item("职工人数 / 新招用", f"{i['staff_count']} 人 / {i['new_hires'] or 0} 人"))
    lpr = next((r for r in result.rules_used if r.key.startswith("lpr")), None)
    if i["lpr"] is not None:
        lpr_text = f"{fmt_percent(i['lpr'])}（借款合同约定）"
    elif lpr is not None:
        lpr_text = f"{fmt_percent(lpr.value)}（{calc.TERMS[i['lpr_term']]}，{fmt_date(lpr.start)}公布）"
    else:
        lpr_text = ""
    # The period claimed is the span of the rows printed below it; where it stops the day before maturity, because
    # the maturity day accrues no interest (算头不算尾), the form says so once.
    rows = result.rows
    claim_from = rows[0].from_day if rows else i["claim_from"] or i["start_date"] or i["contract_date"]
    claim_to = rows[-1].to_day if rows else i["claim_to"] or i["maturity_date"]
    period = f"{fmt_date(claim_from)}至{fmt_date(claim_to)}"
    if rows and claim_to + timedelta(days=1) == i["maturity_date"]:
        period += f"（到期日{fmt_date(i['maturity_date'])}当日不计息）"
    loan = [
        Item("借款合同编号", i["contract_no"] or ""), Item("经办银行", i["bank"] or ""),
        Item("贷款本金（元）", i["principal"], "money"), Item("合同签订日", i["contract_date"], "date"),
        Item("放款（起息）日", i["start_date"] or i["contract_date"], "date"), Item("到期日", i["maturity_date"], "date"),
        Item("合同年利率", i["contract_rate"], "percent"), Item("LPR", lpr_text),
        Item("计息方式", daycount.CONVENTIONS[i["day_count"]]), Item("结息方式", calc.SETTLEMENTS[i["settlement"]]),
        Item("申请贴息期间", period),
    ]
    if i["repayments"]:
        plan = "；".join(f"{fmt_date(r['date'])} {fmt_amount(r['amount'])}" for r in i["repayments"])
        loan.append(Item("还款计划（元）", plan))
    if i["overdue_from"]:
        loan.append(Item("逾期/展期起日", i["overdue_from"], "date"))
    sections = [Section("借款人", people), Section("贷款合同", loan)]
    figures = [Section("资金分担", [Item(label, value, "money") for label, value in result.shares])]
    figures = [f for f in figures if f.items]  # nothing to share when the subsidy is refused
    signatures = [
        SignBlock("申请人（盖章）", ("法定代表人（借款人）签字：", DATE_LINE)),
        SignBlock("经办银行意见", ("经办人：", "（盖章）", DATE_LINE)),
        SignBlock("人社部门审核意见", ("经办人：", "（盖章）", DATE_LINE)),
        SignBlock("财政部门审核意见", ("经办人：", "（盖章）", DATE_LINE)),
    ]
    return sections, figures, signatures


WORKSHEET = Worksheet(title=TITLE, number_prefix="DK", clause="第2条", columns=COLUMNS, declaration=DECLARATION,
                      sections=sections, summed=SUMMED, row_unit="期",
                      organisation=lambda i: i.get("borrower_type") == "small_micro")
