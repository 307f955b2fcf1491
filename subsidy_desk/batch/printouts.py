"""The application worksheets of a batch, ready to print: one workbook per case, or one combined workbook.

The page itself is the worksheets package's (layout + xlsx); this module only decides file names, which cases, and
how many sheets go into one workbook. Each file is written atomically; a cancel stops between files.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..files import save_workbook
from ..measures.registry import titles

COMBINED_NAME = "申请表（合并）.xlsx"
_UNSAFE = re.compile(r'[\\/:*?"<>|\[\]\s]+')


def _safe(text: str, limit: int) -> str:
    """A piece of a file or sheet name: no characters Windows or Excel refuse, not too long."""
    return _UNSAFE.sub("_", text).strip("_.")[:limit] or "未命名"


def file_name(entry) -> str:
    """第 12 行 某公司 → 0012-某公司-创业担保贷款贴息.xlsx: sorts by row, says whose it is and what."""
    return f"{entry.number:04d}-{_safe(entry.case.applicant.get('name') or '', 40)}-{titles()[entry.case.kind]}.xlsx"


def write_each(entries, folder: Path, office: dict | None = None, progress=None) -> list[Path] | None:
    """One worksheet workbook per case in ``folder``; None when ``progress(done, total)`` returned False."""
    from ..worksheets import xlsx

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    office = _office(office)
    written = []
    for i, entry in enumerate(entries, start=1):
        written.append(xlsx.write_workbook(entry.case, entry.result, folder / file_name(entry), office, entry.check))
        if progress is not None and progress(i, len(entries)) is False:
            return None
    return written


def write_combined(entries, path: Path, office: dict | None = None, progress=None) -> Path | None:
    """Every case's 申请表 as one sheet of one workbook, in row order, each sheet printing as it would alone
    (a 附表 sheet after it when its rows did not fit the page).

    The worksheet's key cells (合计金额, 大写金额) become names local to their sheet, so each stays findable.
    """
    from ..worksheets import xlsx
    from ..worksheets.layout import build_worksheet

    office = _office(office)
    wb = xlsx.new_workbook()
    wb.remove(wb.active)
    used: set[str] = set()

    def unique(title: str) -> str:
        while title in used:
            title = f"{title[:28]}_{len(used)}"
        used.add(title)
        return title

    for i, entry in enumerate(entries, start=1):
        ws = wb.create_sheet()
        sheet = build_worksheet(entry.case, entry.result, office, check=entry.check)
        xlsx._application(ws, sheet)
        ws.title = unique(_safe(f"{entry.number} {entry.case.applicant.get('name') or ''}", 31))
        _localise_names(wb, ws)
        if sheet.attachment is not None:  # the rows that did not fit the page, right after it
            xlsx._attachment(wb.create_sheet(), sheet)
            wb.worksheets[-1].title = unique(_safe(f"{entry.number} 附表", 31))
        if progress is not None and progress(i, len(entries)) is False:
            return None
    return save_workbook(wb, path)


def _localise_names(wb, ws) -> None:
    from openpyxl.utils import absolute_coordinate, quote_sheetname
    from openpyxl.workbook.defined_name import DefinedName

    for name in list(wb.defined_names):
        ref = wb.defined_names.pop(name).attr_text
        cell = ref.split("!")[-1].replace("$", "")
        ws.defined_names[name] = DefinedName(name, attr_text=f"{quote_sheetname(ws.title)}!{absolute_coordinate(cell)}")


def _office(office: dict | None) -> dict:
    if office is not None:
        return office
    from ..office import load_office

    return load_office()
