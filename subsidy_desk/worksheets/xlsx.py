"""The worksheet as an Excel workbook: 申请表 to print and sign, 计算明细 with every row, 计算依据 for the auditor.

Print settings travel with the file (A4, orientation by table width, fit to one page wide, header rows repeated,
"第 N 页 共 M 页" footer, print area), so a clerk presses Print in Excel or WPS and gets the page we looked at.
Amounts and dates are real numbers and dates (the file can be summed); the capitals are text; anything a user
typed is forced to text so that "=1+1" prints as typed and never becomes a formula.

The cells are laid out here and written as XML by ooxml.py, without openpyxl: a county's 10,000 workbooks.
"""
from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import sheet_text
from ..files import page_setup, save_workbook
from ..measures.result import Column
from . import ooxml
from .layout import (A4_PT, BASIS_WIDTHS, LINE_PT, MARGINS_PT, MIN_ROW_PT, RULES_HEADING, WIDTHS, Item, Table, Worksheet,
                     arrange, build_worksheet, fit_label, label_columns, pair_spans, seal_pt, shown, split_columns,
                     stacked, text_units)

SONG, HEI = "宋体", "黑体"
GB2312 = 134  # font charset: tells Excel/WPS to substitute a Chinese font when 宋体/黑体 is missing
BODY_PT, HEAD_PT, TITLE_PT = 10.5, 10.5, 16
MONEY = "#,##0.00_ "  # a space's width after the fen: right-aligned amounts keep off the cell border
PERCENT = "0.00##%"
DATE = 'yyyy"年"m"月"d"日"'
FOOTER = "第 &P 页 共 &N 页"
# The workbook's default font measures its column widths. Arial is on every Windows PC and LibreOffice has its
# metric twin (Liberation Sans), so Excel, WPS and LibreOffice all fit a sheet to the page at the same scale —
# with Calibri, missing outside Office, LibreOffice shrank the 申请表 to 65 % and its seal boxes with it.
DEFAULT_FONT = ("Arial", 10)
FILL = "F2F2F2"
SEAL_ROWS = 6  # the seal boxes' rows, together layout.seal_pt high
# Page geometry (points) for sheets we paginate ourselves: the margins finish() sets.
MARGIN_TOP_PT, MARGIN_BOTTOM_PT = MARGINS_PT[1], MARGINS_PT[3]
HEIGHT_SLACK = 0.97  # room for a program whose page body comes out a little shorter
DEFAULT_ROW_PT = 15
_ALIGN = {"money": "right", "percent": "right", "int": "center", "date": "center"}


def write_workbook(case, result, path, office: dict | None = None, check=None) -> Path:
    """Write the case's worksheet workbook to ``path`` atomically; raise files.SaveError if it cannot be written.
    ``check`` (readings.Check) puts the claim against the result on the 计算依据."""
    from ..office import load_office

    sheet = build_worksheet(case, result, office if office is not None else load_office(), check=check)
    return write_sheet(sheet, path)


def new_book() -> ooxml.Book:
    """An empty workbook whose column widths every spreadsheet program measures alike (see DEFAULT_FONT)."""
    return ooxml.Book(DEFAULT_FONT, GB2312, FILL)


def write_sheet(sheet: Worksheet, path) -> Path:
    """Write an already built Worksheet (the window builds one for preview and saves the same one)."""
    book = new_book()
    _application(book, sheet)
    if sheet.attachment is not None:
        _attachment(book, sheet, "附表")
    _detail(book, sheet)
    _basis(book, sheet)
    book.title = sheet_text.visible(sheet.title)
    book.creator = f"纾困补贴计算台 {sheet.program_version}"  # the version that computed it, as the sheet says
    return save_workbook(book, path)


def write_summary(entries: list, path) -> Path:
    """汇总表: one row per (case, result), then totals by county and by kind. Atomic like every workbook."""
    from ..measures.registry import titles
    from .layout import case_number

    book = new_book()
    columns = [Column("n", "序号", "int"), Column("number", "编号", "text"), Column("kind", "类型", "text"),
               Column("name", "申请人", "text"), Column("credit_code", "统一社会信用代码", "text"),
               Column("county", "所属县（市、区）", "text"), Column("as_of", "政策取值日", "date"),
               Column("total_label", "项目", "text"), Column("total", "金额", "money"),
               Column("warnings", "注意事项", "text")]
    widths = [6, 13, 16, 26, 20, 16, 14, 8, WIDTHS["money"], 36]
    g = _Grid(book, "汇总表", widths)
    g.title("纾困补贴汇总表")
    g.line(f"共 {len(entries)} 件　　金额单位：元")
    header = g.header(columns)
    by_county: dict[str, Decimal] = defaultdict(Decimal)
    by_kind: dict[str, Decimal] = defaultdict(Decimal)
    count_county: dict[str, int] = defaultdict(int)
    count_kind: dict[str, int] = defaultdict(int)
    grand = Decimal("0.00")
    titled = titles()
    for n, (case, result) in enumerate(entries, start=1):
        county = case.applicant.get("county") or "（未填写）"
        values = [n, case_number(case), titled[case.kind], case.applicant.get("name") or "",
                  case.applicant.get("credit_code") or "", county, result.as_of, result.total_label, result.total,
                  "；".join(w.message for w in result.warnings)]
        g.row(columns, values)
        by_county[county] += result.total
        by_kind[case.kind] += result.total
        count_county[county] += 1
        count_kind[case.kind] += 1
        grand += result.total
    g.row(columns, [None, "合计", None, f"{len(entries)} 件", None, None, None, None, grand, None], bold=True)
    g.space()
    g.heading("按所属县（市、区）合计")
    sub = [Column("county", "所属县（市、区）", "text"), Column("count", "件数", "int"), Column("total", "金额", "money")]
    g.header(sub, spans=[(1, 4), (5, 6), (7, 9)])
    for county in sorted(by_county, key=_county_order):
        g.row(sub, [county, count_county[county], by_county[county]], spans=[(1, 4), (5, 6), (7, 9)])
    g.space()
    g.heading("按类型合计")
    kinds = [Column("kind", "类型", "text"), Column("count", "件数", "int"), Column("total", "金额", "money")]
    g.header(kinds, spans=[(1, 4), (5, 6), (7, 9)])
    for kind in titled:
        if kind in by_kind:
            g.row(kinds, [titled[kind], count_kind[kind], by_kind[kind]], spans=[(1, 4), (5, 6), (7, 9)])
    g.sheet.freeze_row = header + 1
    g.finish(landscape=True, title_row=header)
    return save_workbook(book, path)


def _county_order(county: str) -> tuple:
    from ..applicant import COUNTIES

    return (COUNTIES.index(county), "") if county in COUNTIES else (len(COUNTIES), county)


class _Grid:
    """Writes a sheet row by row on a fixed column grid, tracking the row heights that wrapped text needs."""

    def __init__(self, book: ooxml.Book, title: str, widths: list[int]):
        self.sheet = book.add(ooxml.Sheet(title, widths))
        self.widths, self.r = widths, 0
        self.heights: dict[int, float] = {}
        self.n = len(widths)

    # -- cells --------------------------------------------------------------------------------------------------
    def put(self, row: int, c1: int, c2: int, value: Any, kind: str = "text", *, font=None, bold=False,
            align=None, valign="center", wrap=True, border=True, fill=False, rows: int = 1, turned=False) -> None:
        """Write one value into columns c1..c2 (1-based, merged when wider than one) of ``rows`` rows;
        ``turned``: the text stands one character above the next (a narrow column's title)."""
        number_format = None
        if kind == "percent" and value is not None and value != "":
            typed, number_format = value / 100, PERCENT
        elif kind == "money" and isinstance(value, Decimal):
            typed, number_format = value, MONEY
        elif kind == "date" and value is not None and value != "":
            typed, number_format = value if isinstance(value, date) else str(value), DATE
        elif kind == "int" and isinstance(value, int):
            typed, number_format = value, "0"
        elif value is not None and value != "":
            typed = str(value)  # user text, even "=1+1", stays text: never a formula (ooxml.text_cell)
        else:
            typed = None
        name, size = font or (SONG, BODY_PT)
        horizontal = align or _ALIGN.get(kind, "left")
        alignment = (horizontal, valign, wrap, 0) if not turned else ("center", "center", True, 255)
        self.sheet.put(row, c1, typed, (number_format, (name, size, bold), alignment, ooxml.ALL_SIDES if border else 0,
                                      fill))
        if c2 > c1 or rows > 1:
            self.sheet.merge(row, c1, row + rows - 1, c2)
        if wrap and rows == 1:
            self.need(row, self.lines(shown(value, kind), c1, c2, size), size)

    def lines(self, text: str, c1: int, c2: int, size: float = BODY_PT) -> int:
        room = max(sum(self.widths[c1 - 1:c2]) * BODY_PT / size - 1, 1)
        if not text:
            return 1
        if "\n" not in text:
            return max(1, math.ceil(_units(text) / room))
        return sum(max(1, math.ceil(_units(part) / room)) for part in text.split("\n"))

    def need(self, row: int, lines: int, size: float = BODY_PT) -> None:
        self.heights[row] = max(self.heights.get(row, 0), _height(lines, size))

    def row_height(self, columns: list[Column], values: list, spans=None) -> float:
        """The height row() will give these values, known before writing them (for page breaks)."""
        height = 0.0
        for (c1, c2), col, value in zip(spans or self._singles(), columns, values):
            kind = "text" if c1 == 1 and value == "合计" else col.kind
            height = max(height, _height(self.lines(shown(value, kind), c1, c2)))
        return height

    # -- blocks -------------------------------------------------------------------------------------------------
    def next(self) -> int:
        self.r += 1
        return self.r

    def title(self, text: str) -> None:
        r = self.next()
        self.put(r, 1, self.n, text, font=(HEI, TITLE_PT), align="center", border=False)
        self.heights[r] = 30

    def line(self, text: str) -> None:
        self.put(self.next(), 1, self.n, text, border=False)

    def heading(self, text: str) -> None:
        self.put(self.next(), 1, self.n, text, font=(HEI, HEAD_PT), fill=True)

    def space(self, height: float = 8) -> None:
        self.heights[self.next()] = height

    def header(self, columns: list[Column], spans=None) -> int:
        r = self.next()
        for (c1, c2), col in zip(spans or self._singles(), columns):
            self.put(r, c1, c2, fit_label(col.label, self._units(c1, c2)), font=(HEI, HEAD_PT), align="center",
                     fill=True)
        return r

    def row(self, columns: list[Column], values: list, *, bold=False, spans=None) -> int:
        r = self.next()
        for (c1, c2), col, value in zip(spans or self._singles(), columns, values):
            label = c1 == 1 and value == "合计"  # the totals row's label, not a value of the column
            self.put(r, c1, c2, value, "text" if label else col.kind, bold=bold, align="center" if label else None)
        return r

    def table(self, table: Table) -> int:
        """Header, rows, 合计 row; returns the header row (repeated on every printed page)."""
        header = self.header(table.columns)
        for values in table.rows:
            self.row(table.columns, values)
        if table.totals:
            self.row(table.columns, table.totals, bold=True)
        return header

    # -- pages we break ourselves ---------------------------------------------------------------------------------
    def paginate(self, *, landscape: bool) -> None:
        """Track each page's height, so that tables break with their header repeated.

        A sheet holding two tables with different headers cannot use print_title_rows (one header for the whole
        sheet), so its page breaks are ours. Every row height is set, so a page holds a known height of rows at a
        known scale. Fit-to-width only ever shrinks, and each program measures columns by its own default font
        (Excel prints 计算依据 at 100 %, LibreOffice without Calibri shrinks it to about 70 %), so pages are filled
        as at 100 %: a program that shrinks more leaves room at the foot of a page but never breaks a page
        where we did not, so every page still opens with its table's header.
        """
        short, long = A4_PT
        height = short if landscape else long
        self.budget = (height - MARGIN_TOP_PT - MARGIN_BOTTOM_PT) * HEIGHT_SLACK
        self.page_start = 1

    def used(self) -> float:
        """Height taken so far on the current page (rows since the last break)."""
        return sum(self.heights.get(r, DEFAULT_ROW_PT) for r in range(self.page_start, self.r + 1))

    def page_break(self) -> None:
        self.sheet.breaks.append(self.r)
        self.page_start = self.r + 1

    def paged_table(self, heading: str, table: Table) -> None:
        """Heading, header and rows; on each new page the header again. The heading and header never end a page."""
        rows = [(values, False) for values in table.rows] + ([(table.totals, True)] if table.totals else [])
        header = max(_height(self.lines(col.label, c, c)) for c, col in enumerate(table.columns, start=1))
        opening = _height(self.lines(heading, 1, self.n)) + header
        if rows:
            opening += self.row_height(table.columns, rows[0][0])
        if self.r >= self.page_start and self.used() + opening > self.budget:
            self.page_break()
        self.heading(heading)
        self.header(table.columns)
        for values, bold in rows:
            if self.used() + self.row_height(table.columns, values) > self.budget:
                self.page_break()
                self.header(table.columns)
            self.row(table.columns, values, bold=bold)

    def section(self, title: str, items: list[Item]) -> None:
        """The section's title down the first column, its items in labelled pairs beside it."""
        first = self.r + 1
        for placed in arrange(items, self.widths):
            r = self.next()
            for (l1, l2), (v1, v2), item in placed:
                self.put(r, l1, l2, item.label, font=(HEI, BODY_PT), fill=True)
                self.put(r, v1, v2, item.value, item.kind, align="left")
            end = placed[-1][1][1]
            if end < self.n:
                self.put(r, end + 1, self.n, "")
        self.put(first, 1, 1, title, font=(HEI, BODY_PT), fill=True, align="center", rows=self.r - first + 1,
                 turned=stacked(title, self.widths[0]))

    def full(self, label: str, value: Any, kind: str = "text", *, bold=False) -> str:
        """A label and a value across the rest of the row; returns the value's cell (A1 style)."""
        l1, l2 = label_columns(self.widths)
        r = self.next()
        self.put(r, l1, l2, label, font=(HEI, BODY_PT), fill=True)
        self.put(r, l2 + 1, self.n, value, kind, bold=bold, align="left")
        return f"{ooxml.letter(l2 + 1)}{r}"

    def total(self, label: str, total: Decimal, capitals: str) -> tuple[str, str]:
        """小写 and 大写 on one row: the amount a number, the capitals text in its own cell."""
        (l1, v1), (l2, v2) = pair_spans(self.widths, 2, first=2)
        l1 = (1, l1[1])
        r = self.next()
        self.put(r, *l1, f"{label}（小写）", font=(HEI, BODY_PT), fill=True)
        self.put(r, *v1, total, "money", bold=True, align="left")
        self.put(r, *l2, "（大写）", font=(HEI, BODY_PT), fill=True)
        self.put(r, v2[0], self.n, capitals, bold=True, align="left")
        return f"{ooxml.letter(v1[0])}{r}", f"{ooxml.letter(v2[0])}{r}"

    def strip(self, title: str, items: list[Item]) -> None:
        """A titled strip of figures: labels on one row, values under them, sharing the width."""
        label_span = label_columns(self.widths)
        r = self.next()
        self.r += 1
        self.put(r, *label_span, title, font=(HEI, BODY_PT), fill=True, rows=2, wrap=False)
        groups = self._split(len(items), first=label_span[1] + 1)
        for (c1, c2), item in zip(groups, items):
            self.put(r, c1, c2, fit_label(item.label, self._units(c1, c2)), font=(HEI, BODY_PT), fill=True,
                     align="center")
            self.put(r + 1, c1, c2, item.value, item.kind, align="center")

    def signatures(self, blocks, seal_height: float) -> None:
        """Boxes side by side: the heading at the top, room for a signature and a seal, the lines at the bottom.

        ``seal_height`` (points on the sheet) is what prints 45 mm high or more once the sheet is fitted to the page.
        """
        groups = self._split(len(blocks))
        seal = any(b.seal for b in blocks)
        start = self.r + 1
        rows = SEAL_ROWS if seal else 1
        lines_fit = int(seal_height / LINE_PT) - 1
        for (c1, c2), block in zip(groups, blocks):
            if seal:
                width = self._units(c1, c2)
                body = [self._right(line, width) if line.startswith("年") else line for line in block.lines]
                text = block.title + "\n" * (lines_fit - len(body)) + "\n".join(body)
                self.put(start, c1, c2, text, valign="top", rows=rows)
            else:
                self.put(start, c1, c2, f"{block.title}：{' '.join(block.lines)}", rows=1)
        for r in range(start, start + rows):
            self.heights[r] = seal_height / SEAL_ROWS if seal else 30
        self.r = start + rows - 1

    @staticmethod
    def _right(line: str, width: int) -> str:
        """Push a date line towards the right edge of its box with full-width spaces."""
        return "　" * max(0, (width - text_units(line) - 3) // 2) + line

    # -- geometry -----------------------------------------------------------------------------------------------
    def _singles(self):
        return [(c, c) for c in range(1, self.n + 1)]

    def _units(self, c1: int, c2: int) -> int:
        return sum(self.widths[c1 - 1:c2])

    def _split(self, k: int, first: int = 1):
        return split_columns(self.widths, k, first)

    # -- print settings -----------------------------------------------------------------------------------------
    def finish(self, *, landscape: bool, title_row: int | str | None, one_page: bool = False) -> None:
        """Print settings: A4, fitted to one page wide (and to one page high when ``one_page``), header rows
        (``title_row``, or "first:last") repeated, the page footer, the print area."""
        sheet = self.sheet
        sheet.heights = self.heights
        rows = "" if not title_row else title_row if isinstance(title_row, str) else f"{title_row}:{title_row}"
        page_setup(sheet, landscape=landscape, pages_tall=1 if one_page else 0, title_rows=rows)
        sheet.print_area = f"A1:{ooxml.letter(self.n)}{self.r}"
        sheet.margins = tuple(m / 72 for m in MARGINS_PT)
        sheet.footer = f'&C&"{SONG}"&9 {FOOTER}'


@lru_cache(maxsize=16384)
def _wide_units(text: str) -> int:
    return text_units(text)


def _units(text: str) -> int:
    """text_units, at once for plain ASCII (amounts, dates' digits, codes) and remembered for the rest: a county's
    worksheets repeat the same labels, headings and rule texts thousands of times."""
    return len(text) if text.isascii() else _wide_units(text)


def _height(lines: int, size: float = BODY_PT) -> float:
    return max(MIN_ROW_PT, lines * LINE_PT * size / BODY_PT + 2)


def _application(book: ooxml.Book, sheet: Worksheet, title: str = "申请表", *, local_names: bool = False) -> None:
    """申请表: the page to print, sign and stamp, on one page; rows that do not fit it are on the 附表.

    Its key cells get names (合计金额, 大写金额) where a reader, a test or a checking macro finds the figures without
    knowing the layout: names of the workbook, or of the sheet (``local_names``) where one workbook holds many."""
    g = _Grid(book, title, sheet.table.widths)
    g.title(sheet.title)
    g.line(sheet.header_line)
    for section in sheet.sections:
        g.section(section.title, section.items)
    header = g.table(sheet.table)
    if sheet.attachment is not None:
        g.full("附表", sheet.attachment_note, bold=True)
    for strip in sheet.figures:
        g.strip(strip.title, strip.items)
    total_cell, capitals_cell = g.total(sheet.total_label, sheet.total, sheet.capitals)
    g.full("政策依据", "；".join(sheet.basis))
    for warning in sheet.warnings:
        g.full("注意", warning, bold=True)
    if sheet.notes:
        g.full("备注", sheet.notes)
    g.put(g.next(), 1, g.n, sheet.declaration)
    g.space()
    g.signatures(sheet.signatures, seal_pt(sheet.table.widths, sheet.landscape))
    g.finish(landscape=sheet.landscape, title_row=header, one_page=True)
    if local_names:
        g.sheet.names.update({"合计金额": total_cell, "大写金额": capitals_cell})
    else:
        book.names.update({"合计金额": (g.sheet, total_cell), "大写金额": (g.sheet, capitals_cell)})


def _attachment(book: ooxml.Book, sheet: Worksheet, title: str) -> None:
    """附表: the rows of the 申请表's table, its title, case number and header repeated on every printed page."""
    table = sheet.attachment
    g = _Grid(book, title, table.widths)
    g.title(sheet.attachment_title)
    g.line(sheet.attachment_line)
    header = g.table(table)
    g.finish(landscape=sheet.landscape, title_row=f"1:{header}")


def _detail(book: ooxml.Book, sheet: Worksheet) -> None:
    """计算明细: every column of every row, as numbers and dates, for checking and summing."""
    widths = sheet.detail.widths
    g = _Grid(book, "计算明细", widths)
    g.title(f"{sheet.title} 计算明细")
    g.line(sheet.header_line)
    header = g.table(sheet.detail)
    g.sheet.freeze_row = header + 1  # the header stays in view while scrolling
    g.finish(landscape=sum(widths) > 100, title_row=header)


def _basis(book: ooxml.Book, sheet: Worksheet) -> None:
    """计算依据: each explanation step, each rule value with its dates, document and mark, and who computed it."""
    g = _Grid(book, "计算依据", list(BASIS_WIDTHS))
    g.paginate(landscape=True)
    g.title(f"{sheet.title} 计算依据")
    g.line(sheet.header_line)
    g.heading("计算记录")
    for item in sheet.provenance:  # label over 序号 and 步骤, value over the rest
        r = g.next()
        g.put(r, 1, 2, item.label, font=(HEI, BODY_PT), fill=True)
        g.put(r, 3, g.n, item.value)
    g.space()
    g.paged_table("计算步骤", sheet.steps_table)
    g.space()
    g.paged_table(RULES_HEADING, sheet.rules_table)
    # Two tables with different headers: no print_title_rows; paged_table repeats each table's own header.
    g.finish(landscape=True, title_row=None)
