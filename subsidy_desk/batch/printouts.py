"""The application worksheets of a batch, ready to print: one workbook per case, or one combined workbook.

The page itself is the worksheets package's (layout + xlsx); this module only decides file names, which cases, and
how many sheets go into one workbook. Each file is written atomically; a cancel stops between files.

A long list of separate workbooks is written by a pool of processes, one per core: a workbook takes tens of
milliseconds of pure Python, so a county's 10,000 cases use both cores of an office PC. Processes are started
("spawn", as on Windows) rather than forked, whatever the platform, so the window's threads are never copied.
"""
from __future__ import annotations

import os
import re
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
    from ..worksheets import xlsx

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    office = _office(office)
    jobs = [(entry.case, entry.result, folder / file_name(entry), entry.check) for entry in entries]
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if workers > 1 and len(jobs) >= POOL_FROM:
        return _write_pooled(jobs, office, progress, workers)
    written = []
    for i, (case, result, path, check) in enumerate(jobs, start=1):
        written.append(xlsx.write_workbook(case, result, path, office, check))
        if progress is not None and progress(i, len(jobs)) is False:
            return None
    return written


def _write_pooled(jobs: list, office: dict, progress, workers: int) -> list[Path] | None:
    """write_each's work in ``workers`` processes, a few chunks queued ahead of each, reported as chunks finish."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    chunks = [jobs[i:i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    written: list[list[Path]] = [[] for _ in chunks]
    done = 0
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        queued = iter(enumerate(chunks))
        running: dict = {}

        def feed() -> None:
            while len(running) < 2 * workers:
                item = next(queued, None)
                if item is None:
                    return
                running[pool.submit(_write_chunk, item[1], office)] = item[0]

        feed()
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                index = running.pop(future)
                try:
                    written[index] = future.result()
                except BaseException:
                    pool.shutdown(cancel_futures=True)
                    raise
                done += len(written[index])
            if progress is not None and progress(done, len(jobs)) is False:
                pool.shutdown(cancel_futures=True)
                return None
            feed()
    return [path for chunk in written for path in chunk]


def _write_chunk(jobs: list, office: dict) -> list[Path]:
    """A worker's task: some workbooks, each written atomically."""
    from ..worksheets import xlsx

    return [xlsx.write_workbook(case, result, path, office, check) for case, result, path, check in jobs]


def write_combined(entries, path: Path, office: dict | None = None, progress=None) -> Path | None:
    """Every case's 申请表 as one sheet of one workbook, in row order, each sheet printing as it would alone
    (a 附表 sheet after it when its rows did not fit the page).

    The worksheet's key cells (合计金额, 大写金额) become names local to their sheet, so each stays findable.
    """
    from ..worksheets import xlsx
    from ..worksheets.layout import build_worksheet

    office = _office(office)
    book = xlsx.new_book()
    used: set[str] = set()

    def unique(title: str) -> str:
        while title in used:
            title = f"{title[:28]}_{len(used)}"
        used.add(title)
        return title

    for i, entry in enumerate(entries, start=1):
        sheet = build_worksheet(entry.case, entry.result, office, check=entry.check)
        xlsx._application(book, sheet, unique(_safe(f"{entry.number} {entry.case.applicant.get('name') or ''}", 31)),
                          local_names=True)
        if sheet.attachment is not None:  # the rows that did not fit the page, right after it
            xlsx._attachment(book, sheet, unique(_safe(f"{entry.number} 附表", 31)))
        if progress is not None and progress(i, len(entries)) is False:
            return None
    return save_workbook(book, path)


def _office(office: dict | None) -> dict:
    if office is not None:
        return office
    from ..office import load_office

    return load_office()
