"""The 核对 sheet of a batch's results: the list sent back to the bank or agency, as it is.

Every row of their list with the amount they claimed, the amount approved, the difference and the reason found
(readings.py). The rows that need a question to them come first, then the rows whose difference a reading
explains, then the rows that agree, then rows that stated no amount. Under them, the claimed and approved totals by
bank or agency and by county. One fen is a difference: nothing is rounded away or hidden.
"""
from __future__ import annotations

from collections import defaultdict

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .. import sheet_text


from ..files import page_setup
from ..measures.registry import titles
from ..money import ZERO
from ..readings import AGREE, ASK, EXPLAINED

TITLE = "核对"
NO_CLAIM = "未填申请金额"
ORDER = {ASK: 0, EXPLAINED: 1, AGREE: 2, None: 3}


def has_claims(entries) -> bool:
    return any(e.check is not None for e in entries)


def write(wb, entries, group_name) -> None:
    """Add the 核对 sheet to the write-only workbook ``wb``; ``group_name(entry)`` names its bank or agency."""
    from .results import _Col, _county_order, _Table, new_sheet

    ws = new_sheet(wb, TITLE)
    cols = [_Col("行号", "center", 7), _Col("核对结论", "text", 16), _Col("申请人名称", "text", 26),
            _Col("经办银行 / 担保机构", "text", 22), _Col("所属县（市、区）", "text", 14),
            _Col("合同编号", "text", 18), _Col("申请金额（元）", "money", 15), _Col("核定金额（元）", "money", 15),
            _Col("差额（元）", "money", 13), _Col("差异原因", "note", 60)]
    # A write-only sheet takes its widths and page set-up before its first row: A4 landscape, one page wide.
    for i, c in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(i)].width = c.width
    ws.freeze_panes = "C5"
    page_setup(ws, title_rows="4:4")
    checked = [e for e in entries if e.check is not None]
    claimed = sum((e.check.claimed for e in checked), ZERO)
    approved = sum((e.check.approved for e in checked), ZERO)
    counts = {s: sum(1 for e in checked if e.check.status == s) for s in (AGREE, EXPLAINED, ASK)}
    kinds = "、".join(titles()[k] for k in dict.fromkeys(e.case.kind for e in entries))
    ws.append([_title(ws, f"申请金额核对表（{kinds}）")])
    ws.append([f"共 {len(entries)} 件，填写申请金额 {len(checked)} 件：需向申请单位核实 {counts[ASK]} 件，"
               f"口径不同 {counts[EXPLAINED]} 件，一致 {counts[AGREE]} 件；申请金额合计 {claimed:,} 元，"
               f"核定金额合计 {approved:,} 元，差额 {claimed - approved:,} 元。"])
    ws.append(["差额 = 申请金额 − 核定金额，相差一分也列为差额。差异原因由本程序按其他计息口径逐一重算得出；"
               "“需向申请单位核实”的各行，请申请单位说明计算方法。"])
    table = _Table(ws, cols, rows_above=3)
    for e in sorted(entries, key=lambda e: (ORDER[e.check.status if e.check else None], e.number)):
        c = e.check
        appl = e.case.applicant
        table.row([e.number, c.status_text if c else NO_CLAIM, appl.get("name"), group_name(e),
                   appl.get("county"), e.case.inputs.get("contract_no"), c.claimed if c else None, e.result.total,
                   c.difference if c else None, (c.reason or None) if c else None])
    table.row(["合计", f"{len(entries)} 件", None, None, None, None, claimed, approved, claimed - approved, None],
              total=True)
    _totals(ws, table, "经办银行 / 担保机构", _grouped(checked, group_name))
    counties = _grouped(checked, lambda e: e.case.applicant.get("county") or "（未填写）")
    _totals(ws, table, "县（市、区）", dict(sorted(counties.items(), key=lambda kv: _county_order(kv[0]))))


def _grouped(entries, key) -> dict[str, list]:
    groups: dict[str, list] = defaultdict(list)
    for e in entries:
        groups[key(e)].append(e)
    return dict(groups)


def _totals(ws, above, header: str, groups: dict[str, list]) -> None:
    """Claimed against approved per bank (or county), with the count of each conclusion, under the list's own
    wide columns (from C, the applicant's), so the sheet prints as one table wide."""
    from openpyxl.cell import WriteOnlyCell

    from .results import BOLD, FORMATS, HEADER_FILL, TOTAL_FILL

    def line(values, head=False, total=False):
        cells = [None, None]
        for i, v in enumerate(values):
            cell = WriteOnlyCell(ws)
            sheet_text.put(cell, v)  # a bank's name is text, never a formula
            if head:
                cell.font, cell.fill = BOLD, HEADER_FILL
            elif i >= 4:
                cell.number_format = FORMATS["money"]
            if total:
                cell.font, cell.fill = BOLD, TOTAL_FILL
            cells.append(cell)
        above.plain(cells)

    above.plain([])
    above.plain([_title(ws, f"按{header.replace(' / ', '或')}汇总")])
    line([header, "件数", "需核实", "口径不同", "申请金额合计（元）", "核定金额合计（元）", "差额（元）"], head=True)
    sums = [0, 0, 0, ZERO, ZERO]
    for name, items in groups.items():
        asked = sum((e.check.claimed for e in items), ZERO)
        approved = sum((e.check.approved for e in items), ZERO)
        row = [len(items), _count(items, ASK), _count(items, EXPLAINED), asked, approved]
        sums = [a + b for a, b in zip(sums, row)]
        line([name, *row, asked - approved])
    line(["合计", *sums, sums[3] - sums[4]], total=True)


def _count(items, status: str) -> int:
    return sum(1 for e in items if e.check.status == status)


def _title(ws, text: str):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws)
    sheet_text.put(cell, text)
    cell.font = Font(bold=True, size=14)
    return cell
