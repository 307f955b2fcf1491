"""The application worksheets of a batch, ready to print: one workbook per case, or one combined workbook.

The page itself is the worksheets package's (layout + xlsx); this module only decides file names, which cases, and
how many sheets go into one workbook. Each file is written atomically; a cancel stops between files.

A long list is written by a pool of processes, one per core: a workbook takes milliseconds of pure Python, so a
county's 10,000 cases use both cores of an office PC; for the combined workbook the processes lay out the sheets
and this one writes them into the file. Processes are started
("spawn", as on Windows) rather than forked, whatever the platform, so the window's threads are never copied.
"""
from __future__ import annotations

import re
from contextlib import closing
from pathlib import Path

from ..files import save_workbook
from ..measures.registry import titles

COMBINED_NAME = "申请表（合并）.xlsx"
_UNSAFE = re.compile(r'[\\/:*?"<>|\[\]\s]+')
POOL_FROM = 200  # fewer workbooks than this are written in this process: starting the pool costs about a second
CHUNK = 25  # workbooks per task handed to a worker: progress every few, little to pickle at once


def _safe(text: str, limit: int) -> str:
    """A piece of a file or sheet name: no characters Windows or Excel refuse, not too long."""
    return _UNSAFE.sub("_", text).strip("_.")[:limit] or "未命名"


def file_name(entry) -> str:
    """第 12 行 某公司 → 0012-某公司-创业担保贷款贴息.xlsx: sorts by row, says whose it is and what."""
    return f"{entry.number:04d}-{_safe(entry.case.applicant.get('name') or '', 40)}-{titles()[entry.case.kind]}.xlsx"


def write_each(entries, folder: Path, office: dict | None = None, progress=None,
               workers: int | None = None) -> list[Path] | None:
    """One worksheet workbook per case in ``folder``; None when ``progress(done, total)`` returned False.

    ``workers`` processes write them (default: one per core, at most 4) when there are at least POOL_FROM.
    A cancel lets the workbooks being written finish (each file is whole) and starts no more.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    office = _office(office)
    jobs = [(entry.case, entry.result, folder / file_name(entry), entry.check) for entry in entries]
    written: list[Path] = []
    with closing(_chunks(_write_chunk, jobs, office, _workers(workers, len(jobs)))) as chunks:
        for paths in chunks:
            written.extend(paths)
            if progress is not None and progress(len(written), len(jobs)) is False:
                return None
    return written


def _workers(workers: int | None, jobs: int) -> int:
    """Processes for ``jobs`` workbooks: one per core (at most 4) for a long list, none (this one) for a short."""
    from .pool import workers as count

    return count(workers, jobs, POOL_FROM)


def _chunks(task, jobs: list, office: dict, workers: int):
    """Yield ``task(chunk, office)`` for each chunk of ``jobs``, in order (pool.ordered): in this process a
    workbook at a time, so progress is reported after each; with ``workers`` processes CHUNK at a time."""
    from .pool import ordered

    size = CHUNK if workers else 1
    return ordered(task, (jobs[i:i + size] for i in range(0, len(jobs), size)), (office,), workers)


def _write_chunk(jobs: list, office: dict) -> list[Path]:
    """A worker's task: some workbooks, each written atomically."""
    from ..worksheets import xlsx

    return [xlsx.write_workbook(case, result, path, office, check) for case, result, path, check in jobs]


class _Cancelled(Exception):
    """The clerk cancelled a combined workbook: it is not saved (no half file), and nothing else goes wrong."""


def write_combined(entries, path: Path, office: dict | None = None, progress=None,
                   workers: int | None = None) -> Path | None:
    """Every case's 申请表 as one sheet of one workbook, in row order, each sheet printing as it would alone
    (a 附表 sheet after it when its rows did not fit the page); None when ``progress(done, total)`` returned False.

    The worksheet's key cells (合计金额, 大写金额) become names local to their sheet, so each stays findable. For a long
    list the sheets are laid out by a pool of processes (as write_each's workbooks) and written into the one file,
    as they come, by this one; a cancel leaves no file.
    """
    from ..worksheets import xlsx

    office = _office(office)
    jobs = [(entry.case, entry.result, entry.check) for entry in entries]
    book = xlsx.new_book()
    used: set[str] = set()

    def unique(title: str) -> str:
        while title in used:
            title = f"{title[:28]}_{len(used)}"
        used.add(title)
        return title

    def sheets():
        done = 0
        laid_out = _chunks(_lay_out_chunk, jobs, office, _workers(workers, len(jobs)))
        for chunk in laid_out:
            for sheet in chunk:
                entry = entries[done]
                done += 1
                application, *attachment = sheet
                application.title = unique(_safe(f"{entry.number} {entry.case.applicant.get('name') or ''}", 31))
                yield application
                for extra in attachment:  # the rows that did not fit the page, right after it
                    extra.title = unique(_safe(f"{entry.number} 附表", 31))
                    yield extra
            if progress is not None and progress(done, len(jobs)) is False:
                laid_out.close()
                raise _Cancelled

    book.stream(sheets())
    try:
        return save_workbook(book, path)
    except _Cancelled:
        return None


def _lay_out_chunk(jobs: list, office: dict) -> list[list]:
    """A worker's task for the combined workbook: each case's 申请表 sheet (and 附表 sheet), laid out, not written."""
    from ..worksheets import xlsx
    from ..worksheets.layout import build_worksheet

    out = []
    for case, result, check in jobs:
        book = xlsx.new_book()
        sheet = build_worksheet(case, result, office, check=check)
        xlsx._application(book, sheet, "申请表", local_names=True)
        if sheet.attachment is not None:
            xlsx._attachment(book, sheet, "附表")
        out.append(book.worksheets)
    return out


def _office(office: dict | None) -> dict:
    if office is not None:
        return office
    from ..office import load_office

    return load_office()
