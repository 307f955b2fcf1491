"""The workbook XML written directly (worksheets/ooxml.py) prints exactly as the same sheets written through
openpyxl's own calls: the same layout is recorded once and saved both ways, then both files are read back as a
spreadsheet program sees them (same_workbook.py) — cells, styles, merged ranges and their edge borders, heights,
widths, page set-up, names."""
from __future__ import annotations

import pytest

from subsidy_desk import sheet_text
from subsidy_desk.batch.printouts import write_combined
from subsidy_desk.batch.results import Entry
from subsidy_desk.worksheets import ooxml, xlsx

from .conftest import KINDS, OFFICE
from .same_workbook import differences


class _Recorded(ooxml.Sheet):
    """A sheet that also remembers the calls that built it, to replay them into openpyxl."""

    def __init__(self, title, widths):
        super().__init__(title, widths)
        self.calls = []

    def put(self, row, column, value, style):
        super().put(row, column, value, style)
        self.calls.append(("put", row, column, value, style))

    def merge(self, r1, c1, r2, c2):
        super().merge(r1, c1, r2, c2)
        self.calls.append(("merge", r1, c1, r2, c2))


class _ThroughOpenpyxl(ooxml.Book):
    """Saves its recorded sheets the ordinary openpyxl way: a cell, a Font, an Alignment... and ws.merge_cells."""

    def save(self, path):
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
        from openpyxl.utils.indexed_list import IndexedList
        from openpyxl.workbook.defined_name import DefinedName
        from openpyxl.worksheet.pagebreak import Break

        wb = Workbook()
        font = Font(name=xlsx.DEFAULT_FONT[0], size=xlsx.DEFAULT_FONT[1], family=2)
        wb._fonts = IndexedList([font])
        wb._named_styles["Normal"].font = font
        wb.remove(wb.active)
        thin = Side(style="thin")
        for sheet in [*self.worksheets, *self._stream]:
            ws = wb.create_sheet(sheet.title)
            for call in sheet.calls:
                if call[0] == "merge":
                    ws.merge_cells(start_row=call[1], start_column=call[2], end_row=call[3], end_column=call[4])
                    continue
                _, r, c, value, (number_format, (name, size, bold), alignment, mask, fill) = call
                cell = ws.cell(row=r, column=c)
                if value is not None:
                    sheet_text.put(cell, value)
                if number_format:
                    cell.number_format = number_format
                cell.font = Font(name=name, size=size, bold=bold, charset=xlsx.GB2312)
                horizontal, vertical, wrap, rotation = alignment
                cell.alignment = Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap,
                                           textRotation=rotation)
                assert mask in (0, ooxml.ALL_SIDES)
                if mask:
                    cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
                if fill:
                    cell.fill = PatternFill("solid", fgColor=xlsx.FILL)
            for i, width in enumerate(sheet.widths, start=1):
                ws.column_dimensions[ooxml.letter(i)].width = width
            for r, height in sheet.heights.items():
                ws.row_dimensions[r].height = height
            if sheet.freeze_row:
                ws.freeze_panes = f"A{sheet.freeze_row}"
            for r in sheet.breaks:
                ws.row_breaks.append(Break(id=r))
            for key in ("orientation", "paperSize", "fitToHeight", "fitToWidth"):
                setattr(ws.page_setup, key, getattr(sheet.page_setup, key))
            ws.sheet_properties.pageSetUpPr.fitToPage = sheet.sheet_properties.pageSetUpPr.fitToPage
            ws.print_options.horizontalCentered = True
            ws.page_margins.left, ws.page_margins.top, ws.page_margins.right, ws.page_margins.bottom = sheet.margins
            ws.page_margins.footer = 0.25
            ws.oddFooter.center.text = xlsx.FOOTER
            ws.oddFooter.center.font = xlsx.SONG
            ws.oddFooter.center.size = 9
            if sheet.print_title_rows:
                ws.print_title_rows = sheet.print_title_rows
            ws.print_area = sheet.print_area
            ws.sheet_view.showGridLines = False
            for name, cell in sheet.names.items():
                ws.defined_names[name] = DefinedName(name, attr_text=f"{ooxml.quote_sheet(ws.title)}!"
                                                                     f"{ooxml.absolute(cell)}")
        for name, (sheet, cell) in self.names.items():
            wb.defined_names[name] = DefinedName(name, attr_text=f"{ooxml.quote_sheet(sheet.title)}!"
                                                                 f"{ooxml.absolute(cell)}")
        wb.properties.title = self.title or None
        wb.properties.creator = self.creator
        wb.save(path)


@pytest.fixture
def both_ways(tmp_path, monkeypatch):
    """write(name, fn) → (direct file, openpyxl file): ``fn(path)`` run once each way."""
    monkeypatch.setattr(ooxml, "Sheet", _Recorded)

    def write(name, fn):
        fn(tmp_path / f"{name}.xlsx")
        with monkeypatch.context() as m:
            m.setattr(xlsx, "new_book", lambda: _ThroughOpenpyxl(xlsx.DEFAULT_FONT, xlsx.GB2312, xlsx.FILL))
            fn(tmp_path / f"{name}-openpyxl.xlsx")
        return tmp_path / f"{name}.xlsx", tmp_path / f"{name}-openpyxl.xlsx"

    return write


@pytest.mark.parametrize("name", [*KINDS, "long_monthly_loan", "hostile_text"])
def test_a_worksheet_prints_as_through_openpyxl(both_ways, computed, name):
    case, result = computed(name)
    sheet = xlsx.build_worksheet(case, result, OFFICE)  # built once: its 计算时间 is the same in both files
    direct, through = both_ways(name, lambda path: xlsx.write_sheet(sheet, path))
    assert differences(direct, through) == []


def test_combined_and_summary_print_as_through_openpyxl(both_ways, computed):
    pairs = [computed(name) for name in (*KINDS, "long_monthly_loan", "hostile_text")]
    entries = [Entry(i, case, result) for i, (case, result) in enumerate(pairs, start=1)]
    assert differences(*both_ways("combined", lambda path: write_combined(entries, path, OFFICE))) == []
    assert differences(*both_ways("summary", lambda path: xlsx.write_summary(pairs, path))) == []


def test_the_comparison_sees_a_difference(both_ways, computed, tmp_path, monkeypatch):
    """same_workbook.differences is no rubber stamp: one border side less, or another case, is a difference."""
    case, result = computed("startup_loan")
    sheet = xlsx.build_worksheet(case, result, OFFICE)
    direct, through = both_ways("loan", lambda path: xlsx.write_sheet(sheet, path))
    original = ooxml.Sheet.merge

    def lopsided(self, r1, c1, r2, c2):  # a merged range's bottom-right cell loses its bottom border
        original(self, r1, c1, r2, c2)
        if (r2, c2) in self.cells:
            value, style = self.cells[r2, c2]
            self.cells[r2, c2] = (value, (*style[:3], style[3] & ~ooxml.BOTTOM, style[4]))

    monkeypatch.setattr(ooxml.Sheet, "merge", lopsided)
    xlsx.write_sheet(sheet, tmp_path / "lopsided.xlsx")
    monkeypatch.setattr(ooxml.Sheet, "merge", original)
    assert any("borders written" in d for d in differences(tmp_path / "lopsided.xlsx", through))
    other, _ = both_ways("fee", lambda path: xlsx.write_workbook(*computed("guarantee_fee"), path, OFFICE))
    assert differences(direct, other)
