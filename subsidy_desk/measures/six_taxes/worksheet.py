"""The six taxes' calculation sheet, kept by the taxpayer: who qualifies, each of the eight items, the clerk."""
from __future__ import annotations

from decimal import Decimal

from ...format import fmt_amount, fmt_date
from ..result import Result
from ..measure import Worksheet
from ..sheet import DATE_LINE, Item, Section, SignBlock, applicant_items
from . import calculator as calc

TITLE = "六税两费减征计算表（留存备查）"
COLUMNS = ("item", "payable", "other_relief", "exempt", "base", "rate", "reduction", "due", "note")
SUMMED = frozenset({"payable", "other_relief", "exempt", "base", "reduction", "due"})
DECLARATION = ("说明：本表依据纳税人提供的数据计算，减征额在纳税申报时直接享受；本表及相关资料由纳税人留存备查。"
               "纳税人对所提供资料的真实性、准确性负责。")
# The eight items of measure 4 (docs/case-format.md), always listed so the record shows what was not declared.
EIGHT_ITEMS = ("resource_tax", "urban_maintenance_tax", "property_tax", "land_use_tax", "stamp_duty",
               "farmland_occupation_tax", "education_surcharge", "local_education_surcharge")


def sections(case, result: Result, office: dict):
    i = case.inputs
    payer = applicant_items(case, "纳税人名称")
    payer += [Item("纳税人类型", calc.TAXPAYERS[i["taxpayer_type"]]),
              Item("税款所属期", f"{fmt_date(i['period_start'])}至{fmt_date(i['period_end'])}")]
    basis = [Item("资格判定", str(result.steps[0].result))]
    if i["taxpayer_type"] == "small_low_profit" and i["slp_basis"]:
        year = f"（{i['slp_filing_year']} 年度）" if i["slp_filing_year"] else ""
        basis.append(Item("小型微利企业判定", calc.SLP_BASIS[i["slp_basis"]] + year))
    for rule in result.rules_used:
        if rule.key in (f"{calc.KIND}.reduction_rate", f"{calc.KIND}.eligible_types"):
            basis.append(Item(rule.label, f"{rule.shown()}（{rule.source}）{rule.mark}"))
    if i["vat_paid"] is not None:
        basis.append(Item("城建税及两费计税依据", f"实缴增值税 {fmt_amount(i['vat_paid'])} 元"
                          + (f"、消费税 {fmt_amount(i['consumption_tax_paid'])} 元" if i["consumption_tax_paid"] else "")
                          + f"，所在地 {calc.LOCATIONS[i['location']]}"))
    figures = [adds_up(rows(result))]
    clerk = office.get("clerk", "")
    signatures = [SignBlock("经办人", (clerk,), seal=False), SignBlock("日期", (DATE_LINE,), seal=False)]
    return [Section("纳税人", payer), Section("减征资格", basis)], figures, signatures


def adds_up(rows: list[calc.TaxRow]) -> Section:
    """The summary on its face: 应纳 = 其他减免 + 免征 + 减征 + 减征后应纳, each the sum of the rows shown (免征 and
    其他减免 only when there are any), so a reader checks the record without a calculator."""
    def total(key):
        return sum((getattr(r, key) for r in rows if getattr(r, key) is not None), Decimal("0.00"))

    items = [Item("应纳税（费）额合计", total("payable"), "money")]
    parts = [("other_relief", "其他减免额"), ("exempt", "免征额（两费）"), ("reduction", "减征额"), ("due", "减征后应纳")]
    for key, label in parts:
        if key in ("reduction", "due") or total(key):
            items.append(Item(("＝ " if len(items) == 1 else "＋ ") + label, total(key), "money"))
    return Section("合计核对", items)


def rows(result: Result) -> list[calc.TaxRow]:
    """Every item of measure 4 in its fixed order, declared or not, plus any excluded item that was entered."""
    declared = {row.key: row for row in result.rows}
    out = []
    for key in calc.ITEMS:
        if key in declared:
            out.append(declared[key])
        elif key in EIGHT_ITEMS:
            out.append(calc.TaxRow(calc.ITEMS[key], key, note="本期未申报"))
    return out


WORKSHEET = Worksheet(title=TITLE, number_prefix="LS", clause="第4条", columns=COLUMNS, declaration=DECLARATION,
                      sections=sections, summed=SUMMED, sparse=("note", "exempt"),
                      rows=rows, organisation=lambda i: i.get("taxpayer_type") in ("small_low_profit", "general"))
