"""Benchmark: 10,000 two-year quarterly loans (small/micro, actual/360) parsed and computed with explanations,
against a plain Decimal loop doing the same arithmetic, measured in the same run.

The yardstick is the least a program could do for these loans: read the same case dicts (Decimal and ISO dates
from the same strings), find the LPR in force on the contract date, cut the same quarterly periods (the 20th of
the quarter's last month), compute each period's interest, subsidy and national part rounded half-up to the fen
as the program does, and add up the rows. No checks, no rule sources, no explanation. The program does all of
that too. Both are timed in CPU seconds of this process, five times interleaved, medians compared (a single run
on a shared 2-core machine moves by a third). Target: the program within 2× the loop. Mixed cases (all three
kinds, bench_core.py) are reported beside it. Run: python bench/bench_loans.py [N] [--instructions]

With --instructions, the loop and the program are also run once each in a process of their own under valgrind,
which counts the instructions the process runs: a figure a busy machine does not change (CPU times on a shared
2-core machine vary by a quarter from run to run), for comparing two versions of the program. A third process does
everything but the work (imports, rules, the loans made), and its count is taken from both, so the ratio is of
the work alone. Needs valgrind (Debian: valgrind); hash seeds are fixed for that run.
"""
from __future__ import annotations

import bisect
import gc
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

os.environ.setdefault("SUBSIDY_DESK_DATA_DIR", "/nonexistent-bench-data")

from subsidy_desk.case import FORMAT, compute_all, parse_case  # noqa: E402
from subsidy_desk.measures.daycount import add_months  # noqa: E402
from subsidy_desk.rules.load import load_rules  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import make_cases  # noqa: E402

FEN = Decimal("0.01")
SWITCH = date(2023, 10, 1)  # 财金〔2023〕75号: national subsidy = 50% of the contract rate from this contract date


def make_loans(n: int, rules, seed: int = 7) -> list[dict]:
    """Two-year quarterly small/micro loans, act/360, within every cap (so each pays a subsidy every period)."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        start = date(2022, 7, 1) + timedelta(days=rnd.randrange(0, 1000))
        lpr = rules.lpr(start, "1y").value
        out.append({"format": FORMAT, "kind": "startup_loan", "applicant": {"name": f"企业{i}"}, "inputs": {
            "borrower_type": "small_micro", "principal": f"{rnd.randrange(100, 3000) * 1000}.00",
            "contract_date": start.isoformat(), "maturity_date": add_months(start, 24).isoformat(),
            "contract_rate": str(lpr + Decimal(rnd.randrange(0, 150)) / 100), "settlement": "quarterly",
            "day_count": "act360"}})
    return out


def yardstick(loans: list[dict], lpr_days: list[date], lpr_values: list[Decimal]) -> Decimal:
    """The same arithmetic as a plain loop: the total of every loan's rounded periods."""
    grand = Decimal("0.00")
    for data in loans:
        inputs = data["inputs"]
        principal = Decimal(inputs["principal"])
        rate = Decimal(inputs["contract_rate"])
        start = date.fromisoformat(inputs["contract_date"])
        end = date.fromisoformat(inputs["maturity_date"])
        lpr = lpr_values[bisect.bisect_right(lpr_days, start) - 1]
        if start < SWITCH:
            national = min(max(rate - (lpr - Decimal("1.50")), Decimal(0)), rate)
        else:
            national = rate * Decimal(50) / 100
        subsidy_rate = max(national, min(lpr, rate))
        cuts = [date(y, m, 20) + timedelta(days=1) for y in range(start.year, end.year + 1) for m in (3, 6, 9, 12)]
        lo = start
        total = interest_sum = national_sum = Decimal("0.00")
        for hi in [d for d in cuts if start < d < end] + [end]:
            days = (hi - lo).days
            interest = (principal * rate * days / 36000).quantize(FEN, ROUND_HALF_UP)
            subsidy = min((principal * subsidy_rate * days / 36000).quantize(FEN, ROUND_HALF_UP), interest)
            part = min((principal * national * days / 36000).quantize(FEN, ROUND_HALF_UP), subsidy)
            total += subsidy
            interest_sum += interest
            national_sum += part
            lo = hi
        grand += total
    return grand


def program(loans: list[dict], rules) -> Decimal:
    results = compute_all([parse_case(c) for c in loans], rules)
    return sum((r.total for r in results), Decimal("0.00"))


def timed(fn, *args) -> tuple[float, object]:
    """CPU seconds of this process: on a shared machine the time others take is not counted against either side."""
    gc.collect()
    t = time.process_time()
    out = fn(*args)
    return time.process_time() - t, out


def instructions(n: int, work: str) -> int:
    """The instructions a fresh process runs to make the rules and ``n`` loans and then do ``work`` on them
    ("loop", "program" or "none"), to its exit (valgrind's count)."""
    p = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                        sys.executable, __file__, str(n), "--one", work],
                       env={**os.environ, "PYTHONHASHSEED": "0"}, capture_output=True, text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", p.stderr)
    assert p.returncode == 0 and found, p.stderr[-2000:]
    return int(found[1].replace(",", ""))


def one(n: int, work: str) -> None:
    """What one counted process does (see ``instructions``)."""
    rules = load_rules()
    table = [(row.published, row.lpr_1y) for row in rules.lpr_table.rows]
    lpr_days, lpr_values = [d for d, _ in table], [v for _, v in table]
    loans = make_loans(n, rules)
    if work == "loop":
        yardstick(loans, lpr_days, lpr_values)
    elif work == "program":
        program(loans, rules)


def main() -> None:
    if "--one" in sys.argv:
        return one(int(sys.argv[1]), sys.argv[sys.argv.index("--one") + 1])
    args = [a for a in sys.argv[1:] if a != "--instructions"]
    n = int(args[0]) if args else 10_000
    rules = load_rules()
    table = [(row.published, row.lpr_1y) for row in rules.lpr_table.rows]
    lpr_days, lpr_values = [d for d, _ in table], [v for _, v in table]
    loans = make_loans(n, rules)
    mixed = make_cases(n)
    runs = {"loop": [], "program": [], "mixed": []}
    for _ in range(5):  # interleaved, so load on the machine falls on both alike
        t, expected = timed(yardstick, loans, lpr_days, lpr_values)
        runs["loop"].append(t)
        t, got = timed(program, loans, rules)
        runs["program"].append(t)
        assert got == expected, (got, expected)  # the same arithmetic: the same figure to the fen
        runs["mixed"].append(timed(lambda: compute_all([parse_case(c) for c in mixed], rules))[0])
    loop, ours, mix = (statistics.median(runs[k]) for k in ("loop", "program", "mixed"))
    print(f"{n:,} two-year quarterly loans (small/micro, act/360), total {expected:,} 元 both ways")
    print(f"  plain Decimal loop     median {loop:6.2f} s CPU  (runs {', '.join(f'{x:.2f}' for x in runs['loop'])})"
          f"  {loop / n * 1e6:.0f} µs a loan")
    print(f"  parsed + computed      median {ours:6.2f} s CPU  (runs {', '.join(f'{x:.2f}' for x in runs['program'])})"
          f"  {ours / n * 1e6:.0f} µs a loan, with explanations")
    print(f"  ratio {ours / loop:.2f}× (target ≤ 2×; each run's: "
          f"{', '.join(f'{b / a:.2f}' for a, b in zip(runs['loop'], runs['program']))})")
    print(f"{n:,} mixed cases (bench_core.py: loans, guarantees, taxes) median {mix:.2f} s CPU "
          f"= {mix / loop:.2f}× the loans' loop ({mix / n * 1e6:.0f} µs a case)")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} (other work on the machine slows both sides)")
    if "--instructions" in sys.argv:
        if shutil.which("valgrind") is None:
            sys.exit("--instructions needs valgrind")
        none, loop_count, ours_count = (instructions(n, work) for work in ("none", "loop", "program"))
        print(f"instructions (valgrind, {n:,} loans, less {none / 1e6:,.0f} M of imports, rules and loans made): "
              f"loop {(loop_count - none) / 1e6:,.0f} M, program {(ours_count - none) / 1e6:,.0f} M: "
              f"{(ours_count - none) / (loop_count - none):.2f}×")


if __name__ == "__main__":
    main()
