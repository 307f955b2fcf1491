"""Benchmark: how long a clerk waits for a worksheet, and a county's whole list for all of them.

Prints seconds per output for the documented cases, then for N cases (mixed kinds, bench_core.py) the time to
write one workbook each (batch/printouts.py: a process per core) and one combined workbook (its sheets laid out
by the same pool, written into the file by this process), and the Qt PDFs of N/10 of them, one after another in
this process as the program prints them. Targets (2-core machine): one workbook or one PDF well under a second; 10,000 workbooks, each way,
within 2 minutes; 1,000 PDFs within 1 minute. A smaller N prints the projection to the target's size.
Run: python bench/bench_worksheets.py [N]   (default 10,000)
"""
from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from subsidy_desk.case import compute, compute_all, parse_case, read_case  # noqa: E402
from subsidy_desk.rules.load import load_rules  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CASES = [ROOT / "docs" / "cases" / f"{k}.json" for k in ("startup_loan", "guarantee_fee", "six_taxes")]
CASES.append(ROOT / "tests" / "worksheets" / "cases" / "long_monthly_loan.json")
OFFICE = {"name": "忻府区财政局", "clerk": "张三"}


def cpu() -> float:
    """CPU seconds of this process and of the worker processes it has waited for."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds): on a shared machine the wall time says how loaded it was, the CPU time how
    much work was done, and CPU ÷ cores what the wall time is on an idle machine of that many cores."""
    wall, used = time.perf_counter(), cpu()
    fn()
    return time.perf_counter() - wall, cpu() - used


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(n: int) -> None:
    rules = load_rules()
    folder = Path(tempfile.mkdtemp())
    from subsidy_desk.ui.printing import application, print_to_pdf
    from subsidy_desk.worksheets.xlsx import write_summary, write_workbook

    app = application()  # noqa: F841
    for path in CASES:
        case = read_case(path)
        result = compute(case, rules)
        xlsx = best_of(3, lambda: write_workbook(case, result, folder / "w.xlsx", OFFICE))
        pages = []
        pdf = best_of(3, lambda: pages.append(print_to_pdf(case, result, folder / "w.pdf", OFFICE)))
        print(f"{path.stem:20s} {len(result.rows):3d} rows  xlsx {xlsx:.3f} s  pdf {pdf:.3f} s ({pages[-1]} pages)")

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_core import make_cases

    from subsidy_desk.batch.printouts import write_combined, write_each
    from subsidy_desk.batch.results import Entry

    cases = [parse_case(c) for c in make_cases(n)]
    results = compute_all(cases, rules)
    pairs = [(c, r) for c, r in zip(cases, results) if not isinstance(r, Exception)]
    summary = best_of(1, lambda: write_summary(pairs, folder / "s.xlsx"))
    print(f"summary of {len(pairs)} cases: {summary:.2f} s ({(folder / 's.xlsx').stat().st_size // 1024} KB)")
    entries = [Entry(i, c, r) for i, (c, r) in enumerate(pairs, start=1)]
    scale, cores = 10_000 / len(entries), os.cpu_count() or 1
    wall, used = timed(lambda: write_each(entries, folder / "each", OFFICE))
    print(f"{len(entries):,} workbooks, one each, {cores} processes: {wall:.1f} s, {used:.1f} s CPU "
          f"({used / len(entries) * 1000:.0f} ms a workbook); 10,000 ≈ {wall * scale:.0f} s here, "
          f"{used * scale / cores:.0f} s on idle cores (target ≤ 120 s)")
    wall, used = timed(lambda: write_combined(entries, folder / "all.xlsx", OFFICE))
    print(f"{len(entries):,} sheets in one workbook, laid out by {cores} processes, written by one: {wall:.1f} s, "
          f"{used:.1f} s CPU ({used / len(entries) * 1000:.0f} ms a sheet, "
          f"{(folder / 'all.xlsx').stat().st_size / 1e6:.1f} MB); 10,000 ≈ {wall * scale:.0f} s here, "
          f"{used * scale / cores:.0f} s on idle cores (target ≤ 120 s)")
    some = entries[: max(1, len(entries) // 10)]
    wall, used = timed(lambda: [print_to_pdf(e.case, e.result, folder / "p.pdf", OFFICE) for e in some])
    print(f"{len(some):,} Qt PDFs: {wall:.1f} s, {used:.1f} s CPU ({used / len(some) * 1000:.0f} ms a PDF); "
          f"1,000 ≈ {wall / len(some) * 1000:.0f} s here, {used / len(some) * 1000:.0f} s on an idle core "
          f"(target ≤ 60 s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
