"""The results workbook of a batch: one row per case, summaries by county, by bank or agency and by kind, and the
sheets a measure adds (the guarantee agencies' view).

Written in openpyxl's write-only mode (rows stream to disk, memory stays flat at 10,000 cases) and saved atomically:
a crash or a cancel leaves the previous file, never half of one. Every amount is the case's rounded total; every
summary figure is the sum of those rounded figures, so the sheets add up exactly.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.dimensions import RowDimension

from ..applicant import COUNTIES
from ..case import Case, compute
from ..files import check_target, page_setup, save_workbook
from ..format import text_units
from ..measures.measure import ResultsSheet
from ..measures.registry import measure, titles
from ..money import ZERO
from .. import sheet_text
from . import check_sheet


class Entry(NamedTuple):
    """A computed row of a batch: the Excel row it came from, its case and its result."""

    number: int
    case: Case
    result: object  # measures.result.Result, or the Kept part of it a long batch holds
    notes: tuple = ()  # importer.Note: how the row's messy cells were read
    check: object = None  # readings.Check: the claim against the result, when the row states a claimed amount


class Kept:
    """A computed row's result as a batch holds it until its workbooks are written and it is registered: what the
    results sheets read (the total, the figures, the warnings) and the case and rules to compute the rest again.

    A loan of five years settled monthly has a full result (rows and explanation) of about 150 KB, so 20,000 held
    whole do not fit in 1 GB. A computation is deterministic, so the rest (rows, steps, JSON) is computed again,
    the same, when it is asked for: once per case as its worksheet is written or it is registered (the last one
    asked for is kept, so one worksheet reading many parts computes it once). Sent to another process (the
    worksheet pool), it goes as the full result.
    """

    __slots__ = ("kind", "title", "as_of", "total", "total_label", "figures", "warnings", "_case", "_rules")

    def __init__(self, result, case: Case, rules):
        self._keep(self.part(result), case, rules)

    def _keep(self, part: tuple, case: Case, rules) -> None:
        self.kind, self.title, self.as_of, self.total, self.total_label, self.figures, self.warnings = part
        self._case, self._rules = case, rules

    @staticmethod
    def part(result) -> tuple:
        """What is kept of a result, as a pool's process sends it back (the case and rules are this process's)."""
        return result.kind, result.title, result.as_of, result.total, result.total_label, result.figures, \
            result.warnings

    @classmethod
    def of(cls, part: tuple, case: Case, rules) -> "Kept":
        kept = cls.__new__(cls)
        kept._keep(part, case, rules)
        return kept

    def full(self):
        """The whole result, computed again."""
        last = _last_full[0]
        if last is not None and last[0] is self:
            return last[1]
        result = compute(self._case, self._rules)
        _last_full[0] = (self, result)
        return result

    def __getattr__(self, name: str):  # rows, columns, steps, shares, rule_set, rules_used, to_json, ...
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.full(), name)

    def __reduce__(self):
        return _same, (self.full(),)


_last_full: list = [None]  # (Kept, its full result): the one most recently asked for


def _same(value):
    return value


@dataclass(frozen=True)
class _Col:
    header: str
    kind: str  # money / percent / date / int / text, note (text that wraps), center (a short mark or row number)
    width: int


# Rates are percent numbers (5.2 is 5.2%, the header says so) and whole numbers read well unformatted; leaving them
# plain keeps styled cells, the costly part of a write-only export, to the amounts and dates.
FORMATS = {"money": "#,##0.00", "date": "yyyy-mm-dd"}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center")
NO_VALUE = "（未填写）"


class _Cell(Cell):
    """A styled cell that carries one column's values row after row through a write-only sheet.

    Its style never changes once set up, so its style id is looked up once, not for every value written; and
    openpyxl, which first tries the cell as a value and formats it into an error message it then discards, gets a
    cheap repr. Together they keep the styled export close to a plain dump of the same values.
    """

    __slots__ = ("_style_id",)

    @property
    def style_id(self) -> int:
        try:
            return self._style_id
        except AttributeError:
            self._style_id = Cell.style_id.fget(self)
            return self._style_id

    def __repr__(self) -> str:
        return "<cell>"


class _Sheet(WriteOnlyWorksheet):
    """A write-only sheet that also takes a row as its finished XML: a _Table's rows, made in a few string steps
    instead of openpyxl building and serialising an element per cell (most of a 20,000-row list's export).

    Rows appended as values go through openpyxl as on any write-only sheet; a row appended as text is written as
    it is, between them, in the same <sheetData>."""

    def _write_rows(self):
        try:
            xf = self._writer.xf.send(True)
        except StopIteration:
            self._already_saved()
        with xf.element("sheetData"):
            row_idx = 1
            try:
                while True:
                    row = (yield)
                    if isinstance(row, str):
                        xf._file(row)  # the XML writer's own output: the <sheetData> tag is already written
                    else:
                        self._writer.write_row(xf, self._values_to_row(row, row_idx), row_idx)
                    row_idx += 1
            except GeneratorExit:
                pass
        self._writer.xf.send(None)

    def append(self, row) -> None:
        if not isinstance(row, str):
            return super().append(row)
        self._get_writer()  # WriteOnlyWorksheet.append's steps, for a row of finished XML
        if self._rows is None:
            self._rows = self._write_rows()
            next(self._rows)
        self._rows.send(row)


def new_sheet(wb, title: str) -> _Sheet:
    """A sheet of the write-only workbook ``wb`` that takes finished rows (Workbook.create_sheet's steps)."""
    ws = _Sheet(parent=wb, title=title)
    wb._add_sheet(sheet=ws)
    return ws


def _escape(text: str) -> str:
    """Text as the XML writer escapes it (ElementTree's _escape_cdata)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


class _Table:
    """Rows written through one reusable styled cell per column: styling costs little more than plain values.

    openpyxl writes each row out as it is appended, so reusing the cell objects from row to row is safe. On a
    _Sheet a row is made as its XML directly, the same elements and attributes openpyxl writes for it (its style
    ids are the styled cells' own); a row holding a value of another kind goes through openpyxl.
    """

    def __init__(self, ws, cols: list[_Col], rows_above: int = 0):
        self.ws = ws
        self.cols = cols
        self._notes = [i for i, c in enumerate(cols) if c.kind == "note"]
        self.rows = rows_above + 1  # the rows written to the sheet so far, this table's header included
        self._heights: dict[int, RowDimension] = {}
        self._cells = [self._cell(c.kind) for c in cols]
        self._total_cells = [self._cell(c.kind, bold=True) for c in cols]
        self._raw = isinstance(ws, _Sheet)
        self._letters = [get_column_letter(i) for i in range(1, len(cols) + 1)]
        self._epoch = ws.parent.epoch
        head = []
        for c in cols:
            cell = _Cell(ws)
            sheet_text.put(cell, c.header)
            cell.font = BOLD
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            head.append(cell)
        ws.append(head)

    @classmethod
    def sheet(cls, wb, title: str, cols: list[_Col], pages_wide: int = 1) -> "_Table":
        """A new sheet holding this table: column widths, frozen header, landscape pages ``pages_wide`` across
        (a wide list prints on two pages side by side, each repeating the row number and the applicant)."""
        ws = new_sheet(wb, title)
        for i, c in enumerate(cols, start=1):
            ws.column_dimensions[get_column_letter(i)].width = c.width
        ws.freeze_panes = "B2"
        page_setup(ws, pages_wide=pages_wide, title_rows="1:1", title_cols="A:B" if pages_wide > 1 else "")
        return cls(ws, cols)

    def _cell(self, kind: str, bold: bool = False) -> Cell | None:
        """The styled cell a column's values are written through; None where a plain value looks the same."""
        if kind not in FORMATS and kind not in ("note", "center") and not bold:
            return None
        cell = _Cell(self.ws)
        if kind in FORMATS:
            cell.number_format = FORMATS[kind]
        if kind == "note":
            cell.alignment = WRAP
        if kind == "center":
            cell.alignment = CENTER
        if bold:
            cell.font = BOLD
            cell.fill = TOTAL_FILL
        return cell

    def row(self, values, total: bool = False) -> None:
        self.rows += 1
        lines = max((-(-text_units(str(values[i])) // max(self.cols[i].width - 2, 1)) for i in self._notes
                     if values[i]), default=1)
        if lines > 1:  # no reader sizes a row to wrapped text on opening: give it the height it needs
            # One row-dimension object per height, shared by every row of that height: openpyxl writes each row's
            # own number, and building one per row costs more than writing the row.
            if lines not in self._heights:
                self._heights[lines] = RowDimension(self.ws, ht=14 * lines + 2)
            self.ws.row_dimensions[self.rows] = self._heights[lines]
        if self._raw:
            xml = self._xml(values, self._total_cells if total else self._cells, self._heights.get(lines))
            if xml is not None:
                self.ws.append(xml)
                return
        out = []
        for cell, value in zip(self._total_cells if total else self._cells, values):
            if cell is None or value is None:
                out.append(sheet_text.value(self.ws, value))
            else:
                sheet_text.put(cell, value)
                out.append(cell)
        self.ws.append(out)

    def _xml(self, values, cells, height: RowDimension | None) -> str | None:
        """The row as openpyxl writes it (write_row, etree_write_cell): a text as an inline string (kept as typed
        when it has spaces at an end), a number or date as a number (a date as its Excel serial), each styled
        column's style id; None, for openpyxl to write it, when a value is of any other kind or an empty text."""
        r = self.rows
        attrs = "".join(f' {k}="{v}"' for k, v in dict(height).items()) if height is not None else ""
        out = [f'<row r="{r}"{attrs}>']
        for letter, cell, value in zip(self._letters, cells, values):
            if value is None:
                continue
            styled = f' s="{cell.style_id}"' if cell is not None and cell.has_style else ""
            kind = type(value)
            if kind is str:
                text = sheet_text.visible(value)
                if not text:
                    return None
                stripped = text.strip()
                space = ' xml:space="preserve"' if stripped and stripped != text else ""
                out.append(f'<c r="{letter}{r}"{styled} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>')
            elif kind is int or kind is Decimal and value.is_finite():
                out.append(f'<c r="{letter}{r}"{styled} t="n"><v>{safe_string(value)}</v></c>')
            elif kind is date:
                out.append(f'<c r="{letter}{r}"{styled} t="n"><v>{safe_string(to_excel(value, self._epoch))}</v></c>')
            else:
                return None
        out.append("</row>")
        return "".join(out)

    def plain(self, values) -> None:
        """A row outside the table (a blank line, a sentence), counted so that row heights land right."""
        self.rows += 1
        self.ws.append(sheet_text.row(self.ws, values))


def _display(field, value):
    """An input value as a reviewer reads it: choices by their label, amounts and dates as themselves."""
    if value is None or value == "":
        return None
    if field.type == "choice":
        return field.choices.get(value, value)
    return value


def _detail_sheet(wb, kind: str, entries: list[Entry]) -> None:
    m = measure(kind)
    fields = {f.name: f for f in m.fields}
    inputs = m.batch.key_inputs  # what a reviewer checks a row by, in order
    first = entries[0].result
    figure_keys = [(f.key, f.label) for f in first.figures]
    cols = [_Col("行号", "center", 7), _Col("申请人名称", "text", 26), _Col("统一社会信用代码", "text", 21),
            _Col("所属县（市、区）", "text", 14)]
    for name in inputs:
        f = fields[name]
        cols.append(_Col(f.label, {"choice": "text"}.get(f.type, f.type), 16 if f.type != "text" else 22))
    cols.append(_Col(first.total_label + "（元）", "money", 16))
    cols += [_Col(label + "（元）", "money", 15) for _, label in figure_keys]
    claims = check_sheet.has_claims(entries)
    if claims:  # what was asked for beside what is approved (the total above), and why they differ
        cols += [_Col("申请金额（元）", "money", 15), _Col("差额（元）", "money", 13), _Col("核对结论", "text", 14),
                 _Col("差异原因", "note", 50)]
    cols.append(_Col("提示", "note", 40))
    sheet = _Table.sheet(wb, f"明细-{m.title}", cols, pages_wide=2)
    total = asked = ZERO
    sums = [ZERO] * len(figure_keys)
    for e in entries:
        values = {f.key: f.value for f in e.result.figures}
        figs = [values.get(key, ZERO) for key, _ in figure_keys]
        sums = [s + v for s, v in zip(sums, figs)]
        total += e.result.total
        appl = e.case.applicant
        c = e.check
        asked += c.claimed if c else ZERO
        checked = [c.claimed, c.difference, c.status_text, c.reason or None] if c else [None, None, check_sheet.NO_CLAIM, None]
        sheet.row([e.number, appl.get("name"), appl.get("credit_code"), appl.get("county"),
                   *(_display(fields[n], e.case.inputs.get(n)) for n in inputs), e.result.total, *figs,
                   *(checked if claims else []), "；".join(w.message for w in e.result.warnings) or None])
    claimed_total = [asked, None, None, None] if claims else []
    sheet.row(["合计", f"{len(entries)} 件", None, None, *(None for _ in inputs), total, *sums, *claimed_total, None],
              total=True)


def _group_sheet(wb, title: str, key_header: str, groups: dict[tuple[str, str], list[Entry]],
                 by_kind: bool = False) -> None:
    """One row per (key, kind); ``by_kind`` when the key is the kind itself, which then is not repeated."""
    kind_col = [] if by_kind else [_Col("类型", "text", 18)]
    sheet = _Table.sheet(wb, title, [_Col(key_header, "text", 30), *kind_col, _Col("件数", "int", 8),
                                     _Col("金额合计（元）", "money", 18), _Col("其中有提示的件数", "int", 14)])
    count, total = 0, ZERO
    for (key, kind), items in groups.items():
        amount = sum((e.result.total for e in items), ZERO)
        flagged = sum(1 for e in items if e.result.warnings)
        sheet.row([key, *([] if by_kind else [titles()[kind]]), len(items), amount, flagged])
        count += len(items)
        total += amount
    sheet.row(["合计", *([] if by_kind else [None]), count, total, None], total=True)


def _notes_sheet(wb, entries: list[Entry]) -> None:
    """读取说明: every messy cell of the computed rows and how it was read, for the reviewer to check against the list."""
    sheet = _Table.sheet(wb, "读取说明", [_Col("行号", "center", 8), _Col("单元格", "center", 9),
                                         _Col("列", "text", 22), _Col("读取说明", "note", 80)])
    for e in entries:
        for note in e.notes:
            sheet.row([e.number, note.cell, note.column, note.text])


def _county_order(name: str) -> tuple[int, str]:
    return (COUNTIES.index(name) if name in COUNTIES else len(COUNTIES), name)


def _by(entries: list[Entry], key) -> dict[tuple[str, str], list[Entry]]:
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for e in entries:
        k = key(e)
        if k is not None:
            groups[(k, e.case.kind)].append(e)
    return groups


def _bank_or_agency(e: Entry) -> str | None:
    """The bank or agency a case went through, by the input its measure names (none for a measure without one)."""
    field = measure(e.case.kind).batch.group_by
    return (e.case.inputs.get(field) or NO_VALUE) if field else None


def _extra_sheet(wb, extra: ResultsSheet) -> None:
    """A sheet a measure adds: its table and total row, sentences under it, then its detail table."""
    sheet = _Table.sheet(wb, extra.title, [_Col(*c) for c in extra.columns])
    for row in extra.rows:
        sheet.row(row)
    if extra.total is not None:
        sheet.row(extra.total, total=True)
    if extra.notes:
        sheet.plain([])
        for note in extra.notes:
            sheet.plain([note])
        sheet.plain([])
    if extra.detail_columns:
        detail = _Table(sheet.ws, [_Col(h, k, 0) for h, k in extra.detail_columns], rows_above=sheet.rows)
        for row in extra.detail_rows:
            detail.row(row)


def write_results(entries: list[Entry], path: Path, failed: list[tuple[int, str, str]] = (), rules=None) -> None:
    """Write the results workbook for computed ``entries``; ``failed`` lists (row, column, reason) not computed.

    ``rules`` are the rules the batch was computed with: a measure's own sheets (the agencies' claims) are computed
    with them too. Without them, this PC's current rules are read.
    """
    check_target(path)  # before any sheet is started: a write-only sheet cannot be abandoned quietly
    entries = list(entries)
    wb = Workbook(write_only=True)
    by_kind: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_kind[e.case.kind].append(e)
    kinds = titles()
    _group_sheet(wb, "按类型汇总", "类型", {(kinds[k], k): by_kind[k] for k in kinds if by_kind.get(k)}, by_kind=True)
    for kind in kinds:
        if by_kind.get(kind):
            _detail_sheet(wb, kind, by_kind[kind])
    counties = _by(entries, lambda e: e.case.applicant.get("county") or NO_VALUE)
    _group_sheet(wb, "按县（市、区）汇总", "县（市、区）",
                 dict(sorted(counties.items(), key=lambda kv: (_county_order(kv[0][0]), list(kinds).index(kv[0][1])))))
    banks = _by(entries, _bank_or_agency)
    if banks:
        _group_sheet(wb, "按经办银行或担保机构汇总", "经办银行 / 担保机构",
                     dict(sorted(banks.items(), key=lambda kv: (list(kinds).index(kv[0][1]), kv[0][0]))))
    for kind in kinds:
        if by_kind.get(kind) and measure(kind).batch.sheets:
            if rules is None:
                from ..rules.load import load_rules

                rules = load_rules()
            for extra in measure(kind).batch.sheets(by_kind[kind], rules):
                _extra_sheet(wb, extra)
    if check_sheet.has_claims(entries):
        check_sheet.write(wb, entries, lambda e: _bank_or_agency(e) or NO_VALUE)
    if any(e.notes for e in entries):
        _notes_sheet(wb, entries)
    if failed:
        sheet = _Table.sheet(wb, "未能计算", [_Col("行号", "center", 8), _Col("列", "text", 20), _Col("原因", "note", 80)])
        for row in failed:
            sheet.row(list(row))
    if not wb.worksheets:
        _Table.sheet(wb, "按类型汇总", [_Col("类型", "text", 30)])
    save_workbook(wb, path)

