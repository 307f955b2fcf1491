"""The guarantee fee subsidy's application worksheet: the firm, the guarantee, the cap test and who pays."""
from __future__ import annotations

from ...format import fmt_percent
from ..result import Result
from ..measure import Worksheet
from ..sheet import DATE_LINE, Item, Section, SignBlock, applicant_items
from . import calculator as calc

TITLE = "担保费补贴申请表"
COLUMNS = ("item", "amount", "from", "to", "days", "fee_rate", "fee", "cap", "subsidy", "note")
SUMMED = frozenset({"days", "fee", "subsidy"})
DECLARATION = ("申请单位承诺：以上所填内容及所附担保合同、担保费缴纳凭证等材料真实、准确、完整；"
               "如有虚假，自愿退回已获补贴资金并承担相应法律责任。")


def sections(case, result: Result, office: dict):
    i = case.inputs
    firm = applicant_items(case, "申请单位名称")
    firm += [Item("业务类型", calc.BUSINESS[i["business_type"]]), Item("所属行业", calc.INDUSTRIES[i["industry"]])]
    deal = [
        Item("担保机构", i["agency_name"] or ""), Item("担保机构层级", calc.LEVELS[i["agency_level"]]),
        Item("担保合同编号", i["contract_no"] or ""), Item("担保金额（元）", i["amount"], "money"),
        Item("担保期限起", i["start_date"], "date"), Item("担保期限止（含当日）", i["end_date"], "date"),
    ]
    if i["fee_charged"] is not None:
        deal.append(Item("实收担保费（元）", i["fee_charged"], "money"))
    else:
        deal.append(Item("担保费率（年）", i["fee_rate"], "percent"))
    row = result.rows[0]
    cap_ok = row.fee_rate <= row.cap
    test = [Item("费率上限检查", f"年化费率 {fmt_percent(row.fee_rate)}，上限 {fmt_percent(row.cap)}，"
                             + ("符合" if cap_ok else "超过上限"))]
    test += [Item(f"补贴{f.label}", f.value, "money") for f in result.figures if f.key == "formula_value"]
    # Both levels always: a reviewer checks that the level which pays is the agency's (谁受益、谁补偿、谁补贴).
    split = [Item(f.label, f.value, "money") for f in result.figures if f.key in ("city", "county")]
    figures = [Section("补贴测算", test), Section("资金分担", split)]
    signatures = [
        SignBlock("申请单位（盖章）", ("法定代表人签字：", DATE_LINE)),
        SignBlock("担保机构意见", ("经办人：", "（盖章）", DATE_LINE)),
        SignBlock("财政部门审核意见", ("经办人：", "（盖章）", DATE_LINE)),
    ]
    return [Section("申请单位", firm), Section("担保业务", deal)], figures, signatures


WORKSHEET = Worksheet(title=TITLE, number_prefix="DB", clause="第3条", columns=COLUMNS, declaration=DECLARATION,
                      sections=sections, summed=SUMMED,
                      organisation=lambda i: i.get("business_type") in ("small_micro", "strategic_emerging"))
