"""The import template a bank or agency fills: a data sheet named after the kind, and a 填写说明 sheet.

Row 1 is the Chinese header, row 2 a filled example whose first cell reads 示例 (the import skips it). Choice and
yes/no columns carry drop-down lists, date and amount columns their number formats, code columns the text format so
that Excel does not turn an 18-character credit code or a contract number into a number.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..case import KINDS
from .atomic import save_workbook
from .columns import EXAMPLE_MARK, QUARTERS_FORMAT, REPAYMENTS_FORMAT, UNITS, Col, columns, sheet_title

VALIDATED_ROWS = 20001  # the import's row limit, plus the header
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
EXAMPLE_FONT = Font(color="808080", italic=True)
NUMBER_FORMATS = {"money": "#,##0.00", "date": "yyyy-mm-dd", "percent": "0.00##"}
TEXT_KEYS = {"applicant.credit_code", "inputs.contract_no", "applicant.contact"}

_APPLICANT = {"applicant.name": "忻州某科技有限公司", "applicant.credit_code": "91140900MA0K5YQ12C",
              "applicant.county": "忻府区", "applicant.contact": "王经理 0350-0000000"}
EXAMPLES = {
    "startup_loan": {"inputs.borrower_type": "小微企业", "inputs.principal": 3000000, "inputs.contract_date": date(2022, 6, 21),
                     "inputs.maturity_date": date(2024, 6, 20), "inputs.contract_rate": 5.2, "inputs.lpr_term": "1年期LPR",
                     "inputs.day_count": "实际天数/360（按日计息，年基准 360 天）", "inputs.settlement": "按季结息（每季末月20日）",
                     "inputs.repayments": "2023-06-20:1000000; 2024-06-20:2000000",
                     "inputs.claim_from": date(2022, 6, 21), "inputs.claim_to": date(2022, 9, 20), "inputs.staff_count": 40,
                     "inputs.new_hires": 8, "inputs.bank": "忻州某银行", "inputs.contract_no": "JK-2022-0621"},
    "guarantee_fee": {"applicant.name": "忻州某农业专业合作社", "applicant.credit_code": "91140900MA0GRT8W60",
                      "applicant.county": "定襄县", "inputs.business_type": "中小微企业", "inputs.industry": "一般行业",
                      "inputs.amount": 1000000, "inputs.start_date": date(2022, 7, 1), "inputs.end_date": date(2022, 12, 27),
                      "inputs.fee_rate": 0.8, "inputs.agency_level": "县级担保机构",
                      "inputs.agency_name": "定襄县融资担保有限公司", "inputs.contract_no": "DB-2022-0701"},
    "six_taxes": {"applicant.name": "五台县某五金店", "applicant.credit_code": "92140902MA0H3C7N5X",
                  "applicant.county": "五台县", "inputs.taxpayer_type": "个体工商户",
                  "inputs.period_start": date(2023, 4, 1), "inputs.period_end": date(2023, 6, 30),
                  "item.urban_maintenance_tax.payable": 225, "item.education_surcharge.payable": 135,
                  "item.local_education_surcharge.payable": 90, "inputs.location": "县城、镇",
                  "inputs.slp_restricted_industry": "否"},
}


def example_row(kind: str) -> dict[str, object]:
    """The example's values by column key: a case that imports and computes cleanly."""
    return {"seq": EXAMPLE_MARK, **_APPLICANT, **EXAMPLES[kind]}


def text_width(text: str) -> int:
    """Column width units a text needs: a Chinese character takes about two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _labels(col: Col) -> list[str]:
    return ["是", "否"] if col.type == "bool" else list(col.choices.values())


def _allowed(col: Col) -> str:
    return "、".join(_labels(col))


def _data_sheet(ws, kind: str, cols: list[Col]) -> None:
    ws.title = sheet_title(kind)
    example = example_row(kind)
    for i, col in enumerate(cols, start=1):
        letter = get_column_letter(i)
        head = ws.cell(1, i, col.header)
        head.font = Font(bold=True)
        head.fill = REQUIRED_FILL if col.required else HEADER_FILL
        head.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        value = example.get(col.key)
        shown = value.isoformat() if isinstance(value, date) else str(value or "")
        width = max(10, min(40, max(text_width(col.header), text_width(shown)) + 2))
        ws.column_dimensions[letter].width = width
        fmt = "@" if col.key in TEXT_KEYS else NUMBER_FORMATS.get(col.type)
        if fmt:
            ws.column_dimensions[letter].number_format = fmt
        cell = ws.cell(2, i, value)
        cell.font = EXAMPLE_FONT
        if fmt:
            cell.number_format = fmt
        if col.type in ("choice", "bool"):
            dv = DataValidation(type="list", formula1='"' + ",".join(_labels(col)) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="请从列表选择", error=f"{col.header}应为：{_allowed(col)}")
            dv.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
            ws.add_data_validation(dv)
    ws.row_dimensions[1].height = 45
    ws.freeze_panes = "C2"
    ws.page_setup.orientation = "landscape"
    ws.print_title_rows = "1:1"


def _help_sheet(ws, kind: str, cols: list[Col]) -> None:
    ws.title = "填写说明"
    intro = [
        f"{KINDS[kind]} 导入模板 填写说明",
        f"1. 在“{sheet_title(kind)}”表中每行填写一笔业务；第 1 行为列名，请勿修改或删除。",
        f"2. 第 2 行为示例，其“序号”格为“{EXAMPLE_MARK}”，导入时跳过；可直接覆盖或保留。",
        "3. 底色为橙色的列为必填列。选项列请从下拉列表选择；金额、日期、利率可按下表“单位/格式”填写。",
        f"4. 还款计划写作“{REPAYMENTS_FORMAT}”；六税两费的每个税（费）目各占“应纳”“其他减免”两列；"
        f"各季度从业人数和资产总额写作“{QUARTERS_FORMAT}”。",
        "5. 导入时不执行任何公式或宏：公式单元格按 Excel 保存的计算结果读取；请不要使用 .xlsm 文件。",
    ]
    for r, line in enumerate(intro, start=1):
        cell = ws.cell(r, 1, line)
        cell.font = Font(bold=r == 1, size=14 if r == 1 else 11)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
    top = len(intro) + 2
    heads = ("列", "列名", "是否必填", "单位/格式", "可选值", "说明")
    for i, h in enumerate(heads, start=1):
        cell = ws.cell(top, i, h)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, col in enumerate(cols, start=1):
        r = top + n
        values = (get_column_letter(n), col.header, col.required or "选填", UNITS.get(col.type, ""),
                  _allowed(col) if col.type in ("choice", "bool") else "", col.help)
        longest = 1
        for i, v in enumerate(values, start=1):
            cell = ws.cell(r, i, v)
            cell.alignment = wrap
        widths = (6, 24, 16, 30, 40, 50)
        for v, w in zip(values, widths):
            longest = max(longest, -(-text_width(str(v)) // (w - 2)))
        ws.row_dimensions[r].height = 15 * longest + 3
    for i, w in enumerate((6, 24, 16, 30, 40, 50), start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{top}:{top}"


def write_template(kind: str, path: Path) -> None:
    """Write the import template for ``kind`` (startup_loan, guarantee_fee, six_taxes) to ``path``, atomically."""
    if kind not in KINDS:
        raise ValueError(f"未知的类型 {kind!r}，应为 {'、'.join(KINDS)}")
    cols = columns(kind)
    wb = Workbook()
    _data_sheet(wb.active, kind, cols)
    _help_sheet(wb.create_sheet(), kind, cols)
    save_workbook(wb, path)
