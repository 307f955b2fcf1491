"""Two workbooks compared as a spreadsheet program sees them: every sheet's cells (value, type, number format, font,
alignment, border, fill), merged ranges, row heights, column widths, frozen rows, page set-up, footer, page breaks,
print titles and area, defined names and the file's title and author. What each file's XML looks like byte for byte
(style numbering, attribute order) does not matter; what prints does."""
from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree

from openpyxl import load_workbook

_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?")  # a 计算时间 written a minute apart is the same time here


def _cell(cell) -> tuple:
    value = _TIME.sub("T", cell.value) if isinstance(cell.value, str) else cell.value
    f, a, b, fill = cell.font, cell.alignment, cell.border, cell.fill
    return (value, cell.data_type, cell.number_format,
            (f.name, f.sz, bool(f.b), f.charset),
            (a.horizontal, a.vertical, bool(a.wrap_text), a.textRotation or 0),
            tuple(getattr(b, side).style for side in ("left", "right", "top", "bottom")),
            (fill.fill_type, fill.fgColor.rgb if fill.fill_type else None))


def written_borders(path) -> dict:
    """(sheet part, cell) → the border sides its style carries, read from the XML itself: openpyxl, reading a
    merged range, lends its edge cells the first cell's border, so it would not see an edge cell written without."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as z:
        styles = ElementTree.fromstring(z.read("xl/styles.xml"))
        borders = [tuple(bool(b.find(f"m:{side}", ns) is not None and b.find(f"m:{side}", ns).get("style"))
                         for side in ("left", "right", "top", "bottom")) for b in styles.find("m:borders", ns)]
        xfs = [int(xf.get("borderId")) for xf in styles.find("m:cellXfs", ns)]
        out = {}
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                for c in ElementTree.fromstring(z.read(name)).iter(f"{{{ns['m']}}}c"):
                    sides = borders[xfs[int(c.get("s", 0))]]
                    if any(sides):
                        out[name, c.get("r")] = sides
    return out


def describe(path) -> dict:
    wb = load_workbook(path)
    out = {"sheets": wb.sheetnames, "title": wb.properties.title, "creator": wb.properties.creator,
           "names": {n: d.attr_text for n, d in wb.defined_names.items()}, "borders": written_borders(path)}
    for ws in wb.worksheets:
        cells = {}
        for (r, c), cell in ws._cells.items():
            if cell.has_style or cell.value is not None:
                cells[cell.coordinate] = _cell(cell)
        ps, m = ws.page_setup, ws.page_margins
        out[ws.title] = {
            "cells": cells,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "heights": {r: d.height for r, d in ws.row_dimensions.items() if d.height is not None},
            "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth},
            "freeze": ws.freeze_panes,
            "setup": (ps.orientation, str(ps.paperSize), ps.fitToWidth, ps.fitToHeight,
                      ws.sheet_properties.pageSetUpPr.fitToPage, ws.print_options.horizontalCentered,
                      ws.sheet_view.showGridLines),
            "margins": (m.left, m.right, m.top, m.bottom, m.header, m.footer),
            "footer": (ws.oddFooter.center.text, ws.oddFooter.center.font, ws.oddFooter.center.size),
            "breaks": [b.id for b in ws.row_breaks.brk],
            "titles": ws.print_title_rows,
            "area": ws.print_area,
            "names": {n: d.attr_text for n, d in ws.defined_names.items()},
        }
    return out


def differences(a, b) -> list[str]:
    """Where two workbooks differ, in words (empty when they print alike)."""
    da, db = describe(a), describe(b)
    out = []
    for key in ("sheets", "title", "creator", "names"):
        if da[key] != db[key]:
            out.append(f"{key}: {da[key]!r} != {db[key]!r}")
    for where in sorted(set(da["borders"]) | set(db["borders"])):
        if da["borders"].get(where) != db["borders"].get(where):
            out.append(f"{where} borders written: {da['borders'].get(where)} != {db['borders'].get(where)}")
    for title in da["sheets"]:
        if title not in db:
            continue
        sa, sb = da[title], db[title]
        for key in sa:
            if key == "cells":
                for coord in sorted(set(sa["cells"]) | set(sb["cells"])):
                    if sa["cells"].get(coord) != sb["cells"].get(coord):
                        out.append(f"{title}!{coord}: {sa['cells'].get(coord)} != {sb['cells'].get(coord)}")
            elif sa[key] != sb[key]:
                out.append(f"{title} {key}: {sa[key]!r} != {sb[key]!r}")
    return out
