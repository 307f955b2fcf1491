"""Styles looked up once per workbook write exactly what openpyxl's own calls write, byte for byte."""
import re
import zipfile

import pytest

from subsidy_desk.batch.printouts import write_combined
from subsidy_desk.batch.results import Entry
from subsidy_desk.worksheets import xlsx

from .conftest import OFFICE


def _plain_style(self, cell, number_format, font, alignment, border, fill):
    """The ordinary openpyxl way: a new style object set on every cell."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    if number_format is not None:
        cell.number_format = number_format
    cell.font = Font(name=font[0], size=font[1], bold=font[2], charset=xlsx.GB2312)
    cell.alignment = Alignment(horizontal=alignment[0], vertical=alignment[1], wrap_text=alignment[2])
    if border:
        side = Side(style="thin")
        cell.border = Border(left=side, right=side, top=side, bottom=side)
    if fill:
        cell.fill = PatternFill("solid", fgColor=xlsx.FILL)


def _plain_merge(self, ws, r1, c1, r2, c2):
    ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def _members(path):
    """Every member but the save time (core.xml); a 计算时间 written a minute apart is the same time here."""
    with zipfile.ZipFile(path) as z:
        return {n: re.sub(rb"\d{4}-\d\d-\d\d \d\d:\d\d", b"T", z.read(n)) for n in z.namelist()
                if n != "docProps/core.xml"}


@pytest.mark.parametrize("name", ["startup_loan", "guarantee_fee", "six_taxes", "long_monthly_loan", "hostile_text"])
def test_cached_styles_write_the_same_workbook(tmp_path, monkeypatch, computed, name):
    case, result = computed(name)
    sheet = xlsx.build_worksheet(case, result, OFFICE)  # built once: its 计算时间 is the same in both files
    entries = [Entry(1, case, result), Entry(2, case, result)]
    xlsx.write_sheet(sheet, tmp_path / "fast.xlsx")
    write_combined(entries, tmp_path / "fast-combined.xlsx", OFFICE)
    monkeypatch.setattr(xlsx._Styles, "style", _plain_style)
    monkeypatch.setattr(xlsx._Styles, "merge", _plain_merge)
    xlsx.write_sheet(sheet, tmp_path / "plain.xlsx")
    write_combined(entries, tmp_path / "plain-combined.xlsx", OFFICE)
    assert _members(tmp_path / "fast.xlsx") == _members(tmp_path / "plain.xlsx")
    assert _members(tmp_path / "fast-combined.xlsx") == _members(tmp_path / "plain-combined.xlsx")
