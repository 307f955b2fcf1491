"""Benchmark: committing a batch of computed guarantee cases to the ledger in one step, then listing it.

Prints cases/s for the commit and the time to read every entry. Target (2-core machine): 1,000 cases committed in
under 5 s on SQLite. Run: python bench/bench_ledger.py [N] [DB_URL]   (default: a fresh SQLite file)
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from subsidy_desk.case import compute, parse_case
from subsidy_desk.ledger import Ledger
from subsidy_desk.rules.load import load_rules

ROOT = Path(__file__).resolve().parent.parent


def main(n: int = 1000, url: str | None = None) -> None:
    url = url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    data = json.loads((ROOT / "docs" / "cases" / "guarantee_fee.json").read_text(encoding="utf-8"))
    rules = load_rules()
    items = []
    for i in range(n):
        data["inputs"]["contract_no"] = f"BENCH-{time.time_ns()}-{i}"
        case = parse_case(data)
        items.append((case, compute(case, rules)))
    with Ledger(url, None if url.startswith("postgresql") else "bench") as ledger:
        ledger.grant(ledger.user, "经办")
        t0 = time.perf_counter()
        ledger.add_many(items)
        t1 = time.perf_counter()
        entries = ledger.entries()
        t2 = time.perf_counter()
    print(f"{ledger.engine.dialect.name}: committed {n} cases in {t1 - t0:.2f} s ({n / (t1 - t0):.0f} cases/s); "
          f"listed {len(entries)} entries in {t2 - t1:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000, sys.argv[2] if len(sys.argv) > 2 else None)
