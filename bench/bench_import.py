"""Benchmark: a batch import is bounded by the work it asks for.

A loan asks for at most 5 years and 60 repayments (startup_loan/calculator.py, MAX_YEARS / MAX_REPAYMENTS), so the
20,000-row limit of a list is also a limit on time and memory. This runs the worst list the bounds allow — 20,000
loans of 5 years, settled monthly, each repaid in 60 instalments on days that split every period — through
`subsidy-desk batch` as a clerk would (import, check, compute, the results workbook), in a fresh process, and
prints its time and peak memory against the targets (≤ 60 s, ≤ 1 GB): wall time, and CPU time of the process and
of its pool's processes together (a long list is computed by a process per core; on a machine shared with other
work, CPU ÷ cores is what an idle machine of that many cores would take), its peak memory and its largest pool
process's. Then lists that ask for more: 1,000 rows
of 2022–2099 monthly loans (a minute and 3 GB before the bounds) and rows with a 32 KB repayments cell (a second
a row before), each refused row by row, with the time that takes.

Run: python bench/bench_import.py [N]   (N worst-case rows, default 20,000)
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from subsidy_desk.batch.columns import columns, sheet_title
from subsidy_desk.measures.daycount import add_months
from subsidy_desk.measures.startup_loan.calculator import MAX_REPAYMENTS, MAX_YEARS

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import credit_code  # noqa: E402

HEADERS = [c.header for c in columns("startup_loan")]


def write_list(path: Path, rows) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title("startup_loan"))
    ws.append(HEADERS)
    for i, values in enumerate(rows, start=1):
        ws.append([i] + [values.get(h) for h in HEADERS[1:]])
    wb.save(path)


def loan(i: int, start: date, maturity: date, repayments: str | None, principal: int) -> dict:
    return {"申请人名称": f"企业{i}", "统一社会信用代码": credit_code(i), "所属县（市、区）": "忻府区",
            "借款人类型": "小微企业", "贷款本金（元）": principal, "合同签订日": start, "到期日": maturity,
            "合同年利率（%）": 4.35, "经办银行": f"银行{i % 12}", "借款合同编号": f"JK-{i}", "结息方式": "按月结息（每月20日）",
            "还款计划": repayments}


def worst(n: int):
    """Every row at the bounds: 5 years, monthly, 60 repayments on the 5th (each splits a settlement period)."""
    for i in range(1, n + 1):
        start = date(2022, 7, 1 + i % 28)
        days = [add_months(start.replace(day=5), k) for k in range(1, MAX_REPAYMENTS + 1)]
        days[-1] = min(days[-1], add_months(start, 12 * MAX_YEARS))
        yield loan(i, start, days[-1], "; ".join(f"{d.isoformat()}:1000" for d in days), 1000 * MAX_REPAYMENTS)


def too_long(n: int):
    """The list that once took 55 s and 3 GB: monthly loans running to 2099."""
    for i in range(1, n + 1):
        yield loan(i, date(2022, 7, 1 + i % 28), date(2099, 6, 20), None, 100000 + i)


def huge_cell(n: int):
    """A 32 KB repayments cell on every row: ~2,300 instalments."""
    parts = [f"{add_months(date(2022, 8, 5), k // 28).isoformat()[:8]}{k % 28 + 1:02d}:1" for k in range(2300)]
    text = "; ".join(parts)[:32_000].rsplit(";", 1)[0]
    for i in range(1, n + 1):
        yield loan(i, date(2022, 7, 1), date(2024, 7, 1), text, text.count(";") + 1)


RUN = """
import resource, sys, time
from subsidy_desk.cli import main
t = time.perf_counter()
code = main(sys.argv[1:])
wall = time.perf_counter() - t
me, pool = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + pool.ru_utime + pool.ru_stime
print(f"{wall:.2f} {cpu:.2f} {me.ru_maxrss / 1024:.0f} {pool.ru_maxrss / 1024:.0f} {code}")
"""


def batch(path: Path, out: Path) -> tuple[float, float, float, float, int, str]:
    """`subsidy-desk batch` in a fresh process: its wall time and CPU time (seconds, its pool's processes included),
    its peak memory and the largest of its pool's processes' (MB), exit status and last line."""
    env = {**os.environ, "SUBSIDY_DESK_DATA_DIR": str(out.parent)}
    p = subprocess.run([sys.executable, "-c", RUN, "batch", str(path), "-o", str(out)], capture_output=True,
                       text=True, env=env)
    wall, cpu, mb, pool_mb, code = p.stdout.split()[-5:]
    last = p.stderr.strip().splitlines()[-1] if p.stderr.strip() else ""
    return float(wall), float(cpu), float(mb), float(pool_mb), int(code), last


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    folder = Path(tempfile.mkdtemp())
    for label, rows, count in ((f"{n:,} loans at the bounds ({MAX_YEARS} years monthly, {MAX_REPAYMENTS} repayments)",
                                worst, n),
                               ("1,000 loans running to 2099, monthly", too_long, 1000),
                               ("200 rows with a 32 KB repayments cell", huge_cell, 200)):
        path = folder / "list.xlsx"
        t = time.perf_counter()
        write_list(path, rows(count))
        made = time.perf_counter() - t
        wall, cpu, mb, pool_mb, code, last = batch(path, folder / "out.xlsx")
        verdict = "computed" if code == 0 else "refused"
        pooled = f" + {pool_mb:,.0f} MB in each pool process at most" if pool_mb else ""
        print(f"{label}: {verdict} in {wall:.1f} s wall, {cpu:.1f} s CPU (÷{os.cpu_count()} cores: {cpu / (os.cpu_count() or 1):.1f} s), "
              f"peak {mb:,.0f} MB{pooled}  (list of {path.stat().st_size / 1e6:.1f} MB made in {made:.1f} s)")
        print(f"    {last}")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"targets: the worst list the bounds allow ≤ 60 s and ≤ 1,024 MB; longer loans refused row by row "
          f"(load average now {load})")


if __name__ == "__main__":
    main()
