"""Benchmark: how long a clerk waits for a worksheet, and a batch for its summary. Prints seconds per output.

Targets (2-core machine): one workbook or one PDF well under a second, so saving and printing feel immediate;
a 1,000-case summary in a few seconds. Run: python bench/bench_worksheets.py [N]
"""
from __future__ import annotations

import os
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
    start = time.perf_counter()
    import openpyxl  # noqa: F401 - measured once: what the first save of a session pays

    print(f"import openpyxl (first save of a session): {time.perf_counter() - start:.3f} s")
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

    cases = [parse_case(c) for c in make_cases(n)]
    results = compute_all(cases, rules)
    entries = [(c, r) for c, r in zip(cases, results) if not isinstance(r, Exception)]
    summary = best_of(1, lambda: write_summary(entries, folder / "s.xlsx"))
    print(f"summary of {len(entries)} cases: {summary:.2f} s ({(folder / 's.xlsx').stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
