"""The guarantee agency's application worksheet: 申请单位 = the agency, with its seal block and finance's."""
from __future__ import annotations

from ...format import fmt_date
from ..guarantee_fee.calculator import LEVELS
from .calculator import average_rate, claim_span
from ..measure import Worksheet
from ..result import Result
from ..sheet import DATE_LINE, Item, Section, SignBlock

TITLE = "担保机构保费补贴申请表"
COLUMNS = ("n", "enterprise", "amount", "from", "to", "days", "annualised", "fee_rate", "fee", "cap", "subsidy", "note")
SUMMED = frozenset({"annualised", "fee", "subsidy"})
DECLARATION = ("申请单位承诺：以上担保业务真实发生，所填担保金额、期限、费率和实收担保费与担保合同及收费凭证一致；"
               "如有虚假，自愿退回已获补贴资金并承担相应法律责任。")


def sections(case, result: Result, office: dict):
    """The agency, its average fee rate and who pays; the agency seals, the finance level that pays reviews
    (谁受益、谁补偿、谁补贴)."""
    i = case.inputs
    appl = case.applicant
    agency = [Item("担保机构名称", i["agency_name"]), Item("担保机构层级", LEVELS[i["agency_level"]]),
              Item("统一社会信用代码", appl.get("credit_code") or ""), Item("所属县（市、区）", appl.get("county") or ""),
              Item("联系人及电话", appl.get("contact") or ""),
              Item("申请期间", "至".join(fmt_date(day) for day in claim_span(i))),
              Item("担保笔数", f"{len(result.rows)} 笔" + (f"（清单共 {len(i['guarantees'])} 笔，其余不在本期）"
                                                        if len(i["guarantees"]) > len(result.rows) else ""))]
    figures = {f.key: f for f in result.figures}
    average = [Item("年化担保额（元）", figures["annualised"].value, "money"),
               Item("担保费合计（元）", figures["fee"].value, "money"),
               Item("平均担保费率", average_rate(result), "percent")]
    split = [Item(figures[k].label, figures[k].value, "money") for k in ("city", "county")]
    payer = "市级财政部门审核意见" if i["agency_level"] == "city" else "县级财政部门审核意见"
    signatures = [
        SignBlock("申请单位（担保机构盖章）", ("法定代表人签字：", DATE_LINE)),
        SignBlock(payer, ("经办人：", "（盖章）", DATE_LINE)),
    ]
    return [Section("申请单位", agency)], [Section("平均担保费率", average), Section("资金分担", split)], signatures


WORKSHEET = Worksheet(title=TITLE, number_prefix="DJ", clause="第3条", columns=COLUMNS, declaration=DECLARATION,
                      sections=sections, summed=SUMMED, row_unit="笔", organisation=lambda inputs: True)
