"""The ledger as a workbook: one line per case, a summary by measure and status, and each enterprise's support.

Amounts are written as exact decimals (openpyxl stores a Decimal's own digits) with a 0.00 format.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Iterable

from .. import sheet_text
from ..files import page_setup, save_workbook
from ..format import text_units
from ..measures.registry import titles
from .schema import STATUSES
from .store import Entry, support_summary

MONEY = "#,##0.00"
# Widths in characters (a Chinese character counts two); the ledger fits an A4 landscape page across.
COLUMNS = [("台账号", 7), ("类型", 10), ("申请人", 18), ("统一社会信用代码", 20), ("县（市、区）", 8), ("状态", 7),
           ("退回原因", 14), ("版本", 5), ("计算金额", 12), ("经办人", 8), ("登记日期", 11), ("审核人", 8),
           ("审定金额", 12), ("拨付日期", 11), ("拨付金额", 12), ("凭证号", 14)]
LINE_HEIGHT = 15  # points per wrapped line


def _row(e: Entry) -> list:
    return [e.id, e.kind_title, e.applicant_name, e.credit_code, e.county, e.status, e.return_reason or "",
            e.version, e.total, e.created_by, e.created_on, e.approved_by or "", e.approved_total, e.paid_on,
            e.paid_amount, e.doc_no or ""]


def _header(ws, names: list[tuple[str, int]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.append(sheet_text.row(ws, [n for n, _ in names]))
    for i, (_, width) in enumerate(names, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
        ws.cell(row=1, column=i).font = Font(bold=True)
    ws.freeze_panes = "A2"


def _format(ws, money_cols: Iterable[int], date_cols: Iterable[int] = ()) -> None:
    """Number formats, wrapped text with row heights to match (Excel does not grow rows by itself), and an A4
    landscape page as wide as the sheet, the header repeated on every page."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    money_cols, date_cols = set(money_cols), set(date_cols)
    widths = {i: ws.column_dimensions[get_column_letter(i)].width or 10 for i in range(1, ws.max_column + 1)}
    for r, row in enumerate(ws.iter_rows(), start=1):
        lines = 1
        for i, cell in enumerate(row, start=1):
            if r > 1 and i in money_cols:
                cell.number_format = MONEY
            elif r > 1 and i in date_cols:
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center" if r == 1 else "general")
            if isinstance(cell.value, str):
                lines = max(lines, -(-text_units(cell.value) // max(1, int(widths[i]) - 1)))
        if lines > 1:
            ws.row_dimensions[r].height = LINE_HEIGHT * lines
    page_setup(ws, title_rows="1:1")


def write_workbook(entries: list[Entry], path: Path, title: str = "纾困补贴台账") -> None:
    """Write ``entries`` (the whole or a filtered ledger) and their summaries to ``path``, atomically."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    _header(ws, COLUMNS)
    for e in entries:
        ws.append(sheet_text.row(ws, _row(e)))
    _format(ws, (9, 13, 15), (11, 14))

    summary = wb.create_sheet("汇总")
    _header(summary, [("类型", 18), ("状态", 8), ("件数", 6), ("计算金额", 16), ("审定金额", 16), ("拨付金额", 16)])
    zero = Decimal("0.00")
    for kind, kind_title in [*titles().items(), (None, "合计")]:
        for status in [*STATUSES, "小计"]:
            rows = [e for e in entries if (kind is None or e.kind == kind) and (status == "小计" or e.status == status)]
            if not rows and status != "小计":
                continue
            summary.append(sheet_text.row(summary, [
                kind_title, status, len(rows), sum((e.total or zero for e in rows), zero),
                sum((e.approved_total or zero for e in rows), zero), sum((e.paid_amount or zero for e in rows), zero)]))
    _format(summary, (4, 5, 6))

    firms = wb.create_sheet("企业汇总")
    kinds = list(titles().values())
    _header(firms, [("统一社会信用代码", 20), ("申请人", 24), ("件数", 6)]
            + [(f"{k}（审定）", 14) for k in kinds] + [("审定合计", 14), ("拨付合计", 14)])
    by_code: dict[str, list[Entry]] = {}
    for e in entries:
        by_code.setdefault(e.credit_code or e.applicant_name, []).append(e)
    for code, group in sorted(by_code.items()):
        s = support_summary(group)
        firms.append(sheet_text.row(firms, [group[0].credit_code, group[-1].applicant_name, s["合计"]["件数"]]
                                    + [s[k]["审定"] for k in kinds] + [s["合计"]["审定"], s["合计"]["拨付"]]))
    _format(firms, range(4, 4 + len(kinds) + 2))
    wb.properties.title = sheet_text.visible(title)

    save_workbook(wb, path)


IMPACT_COLUMNS = [("台账号", 7), ("类型", 12), ("申请人", 20), ("统一社会信用代码", 20), ("状态", 7), ("现金额", 13),
                  ("新金额", 13), ("差额", 13), ("处理", 30)]


def impact_action(impact) -> str:
    """What a clerk does about one changed case: recompute it, have it sent back first, or see why it fails."""
    if impact.new is None:
        return "无法按新规则计算：" + impact.problem
    return "可重新计算" if impact.recomputable else "已审核：须先退回"


def write_impact(impacts, path: Path, title: str = "规则变更影响") -> Path:
    """规则变更影响 as a workbook: each unpaid case a rule change would change, its total now and after, with a
    last line of totals (over the cases the new rules compute). Saved through ``files.save_workbook`` (atomic; a file open in Excel is said in words);
    text cells are text (an applicant named "=1+1" is never a formula)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "规则变更影响"
    _header(ws, IMPACT_COLUMNS)
    zero = Decimal("0.00")
    for i in impacts:
        ws.append(sheet_text.row(ws, [i.id, i.kind_title, i.applicant_name, i.credit_code, i.status, i.old, i.new,
                                      i.difference, impact_action(i)]))
    computed = [i for i in impacts if i.new is not None]  # the totals compare like with like
    ws.append(sheet_text.row(ws, ["合计", f"{len(impacts)} 件", "", "", "", sum((i.old or zero for i in computed), zero),
                                  sum((i.new for i in computed), zero), sum((i.difference for i in computed), zero),
                                  f"{len(impacts) - len(computed)} 件无法计算，不计入合计" if len(computed) < len(impacts)
                                  else ""]))
    _format(ws, (6, 7, 8))
    wb.properties.title = sheet_text.visible(title)
    return save_workbook(wb, path)
