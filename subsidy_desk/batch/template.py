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

from .. import sheet_text
from ..files import page_setup, save_workbook
from ..format import text_units
from ..measures.measure import Grid
from ..measures.registry import measure, measures
from .columns import EXAMPLE_MARK, Col, columns, sheet_title, unit

VALIDATED_ROWS = 20001  # the import's row limit, plus the header
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
EXAMPLE_FONT = Font(color="808080", italic=True)
NUMBER_FORMATS = {"money": "#,##0.00", "date": "yyyy-mm-dd", "percent": "0.00##"}
TEXT_KEYS = {"applicant.credit_code", "inputs.contract_no", "applicant.contact"}

_APPLICANT = {"applicant.name": "忻州某科技有限公司", "applicant.credit_code": "91140900MA0K5YQ12C",
              "applicant.county": "忻府区", "applicant.contact": "王经理 0350-0000000"}
_COUNT = {1: "一", 2: "两", 3: "三", 4: "四"}


def example_row(kind: str) -> dict[str, object]:
    """The example's values by column key: a case that imports and computes cleanly."""
    return {"seq": EXAMPLE_MARK, **_APPLICANT, **measure(kind).batch.example}


def _labels(col: Col) -> list[str]:
    return ["是", "否"] if col.type == "bool" else list(col.choices.values())


def _allowed(col: Col) -> str:
    return "、".join(_labels(col))


def _data_sheet(ws, kind: str, cols: list[Col]) -> None:
    ws.title = sheet_title(kind)
    example = example_row(kind)
    for i, col in enumerate(cols, start=1):
        letter = get_column_letter(i)
        head = ws.cell(1, i)
        sheet_text.put(head, col.header)
        head.font = Font(bold=True)
        head.fill = REQUIRED_FILL if col.required else HEADER_FILL
        head.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        value = example.get(col.key)
        shown = value.isoformat() if isinstance(value, date) else str(value or "")
        width = max(10, min(40, max(text_units(col.header), text_units(shown)) + 2))
        ws.column_dimensions[letter].width = width
        fmt = "@" if col.key in TEXT_KEYS else NUMBER_FORMATS.get(col.type)
        if fmt:
            ws.column_dimensions[letter].number_format = fmt
        cell = ws.cell(2, i)
        sheet_text.put(cell, value)
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
    page_setup(ws, pages_wide=0, title_rows="1:1")


def _records_line(kind: str) -> list[str]:
    """How the kind's records fields are written in their flat form, as one line of the 填写说明 (none without)."""
    m = measure(kind)
    parts = []
    for f in m.fields:
        flat = m.batch.flat.get(f.name)
        if isinstance(flat, Grid):
            words = "".join(f"“{suffix.split('（')[0]}”" for _, suffix, _ in flat.parts)
            parts.append(f"每个{f.sub[0].label}各占{words}{_COUNT.get(len(flat.parts), len(flat.parts))}列")
        elif flat is not None:
            parts.append(f"{f.label}写作“{flat.format}”")
    return ["；".join(parts) + "。"] if parts else []


def _help_sheet(ws, kind: str, cols: list[Col]) -> None:
    ws.title = "填写说明"
    intro = [
        f"{measure(kind).title} 导入模板 填写说明",
        f"在“{sheet_title(kind)}”表中每行填写一笔业务；第 1 行为列名，请勿修改或删除。",
        f"第 2 行为示例，其“序号”格为“{EXAMPLE_MARK}”，导入时跳过；可直接覆盖或保留。",
        "底色为橙色的列为必填列。选项列请从下拉列表选择；金额、日期、利率可按下表“单位/格式”填写。",
        *_records_line(kind),
        "导入时不执行任何公式或宏：公式单元格按 Excel 保存的计算结果读取；请不要使用 .xlsm 文件。",
    ]
    intro[1:] = [f"{n}. {line}" for n, line in enumerate(intro[1:], start=1)]
    for r, line in enumerate(intro, start=1):
        cell = ws.cell(r, 1)
        sheet_text.put(cell, line)
        cell.font = Font(bold=r == 1, size=14 if r == 1 else 11)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
    top = len(intro) + 2
    heads = ("列", "列名", "是否必填", "单位/格式", "可选值", "说明")
    for i, h in enumerate(heads, start=1):
        cell = ws.cell(top, i)
        sheet_text.put(cell, h)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, col in enumerate(cols, start=1):
        r = top + n
        values = (get_column_letter(n), col.header, col.required or "选填", unit(col),
                  _allowed(col) if col.type in ("choice", "bool") else "", col.help)
        longest = 1
        for i, v in enumerate(values, start=1):
            cell = ws.cell(r, i)
            sheet_text.put(cell, v)
            cell.alignment = wrap
        widths = (6, 24, 16, 30, 40, 50)
        for v, w in zip(values, widths):
            longest = max(longest, -(-text_units(str(v)) // (w - 2)))
        ws.row_dimensions[r].height = 15 * longest + 3
    for i, w in enumerate((6, 24, 16, 30, 40, 50), start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    page_setup(ws, title_rows=f"{top}:{top}")


def write_template(kind: str, path: Path) -> None:
    """Write the import template for ``kind`` (a kind of measures/registry.py) to ``path``, atomically."""
    if kind not in measures():
        raise ValueError(f"未知的类型 {kind!r}，应为 {'、'.join(measures())}")
    cols = columns(kind)
    wb = Workbook()
    _data_sheet(wb.active, kind, cols)
    _help_sheet(wb.create_sheet(), kind, cols)
    save_workbook(wb, path)
