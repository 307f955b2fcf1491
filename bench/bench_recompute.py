"""Benchmark: a whole ledger recomputed after a rule change and compared with what it holds.

The office-rules work (issue 10) is building the ledger's impact list of a rule change; until it lands this
measures the paths the ledger has now, on the same stored cases:

- ``listed``: what the ledger's API offers today — ``entries()`` (every case at once), then each case's latest
  version with ``versions(id)``, recomputed under the changed rules and compared with the stored total;
- ``streamed``: one query over the cases and their current versions read in batches (``yield_per``), each case
  parsed, recomputed and compared as it arrives, so memory stays flat however large the ledger.

The rule change is a county's own 担保费补贴 rate (0.5% → 0.6% from 2022-06-08, as in the README), so every
stored guarantee case changes its figure. Prints cases/s, the projection to 100,000 cases against the target
(≤ 60 s) and the memory each path grew by. Run: python bench/bench_recompute.py [N] [DB_URL]
(default N 10,000 on a fresh SQLite file; a PostgreSQL URL runs it there on the login's own ledger).
"""
from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from subsidy_desk.case import compute, parse_case
from subsidy_desk.ledger import Ledger
from subsidy_desk.ledger.schema import case_versions, cases
from subsidy_desk.ledger.store import fen_of
from subsidy_desk.rules.load import load_rules

ROOT = Path(__file__).resolve().parent.parent
TARGET_CASES, TARGET_S = 100_000, 60.0


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:  # current, not peak: what each path grew by
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def changed_rules(folder: Path):
    path = folder / "overrides.json"
    path.write_text(json.dumps({"format": "subsidy-desk/overrides@1", "parameters": {"guarantee_fee.subsidy_rate": [
        {"from": "2022-06-08", "value": "0.6", "document": "某县财〔2023〕1号", "note": "本县保费补贴按 0.6%"}]}},
        ensure_ascii=False), encoding="utf-8")
    return load_rules(overrides=path)


def fill(ledger: Ledger, n: int, rules) -> None:
    data = json.loads((ROOT / "docs" / "cases" / "guarantee_fee.json").read_text(encoding="utf-8"))
    stamp = time.time_ns()
    done = 0
    while done < n:
        items = []
        for i in range(done, min(n, done + 2000)):
            data["inputs"]["contract_no"] = f"BENCH-{stamp}-{i}"
            data["inputs"]["amount"] = f"{100000 + i * 10}.00"
            case = parse_case(data)
            items.append((case, compute(case, rules)))
        ledger.add_many(items)
        done += len(items)


def listed(ledger: Ledger, rules) -> tuple[int, int]:
    seen = changed = 0
    for entry in ledger.entries():
        latest = ledger.versions(entry.id)[-1]
        seen += 1
        changed += compute(latest.case, rules).total != latest.total
    return seen, changed


def streamed(ledger: Ledger, rules) -> tuple[int, int]:
    query = (sa.select(case_versions.c.case_json, case_versions.c.total_fen)
             .select_from(cases.join(case_versions, (case_versions.c.case_id == cases.c.id)
                                     & (case_versions.c.version == cases.c.version)))
             .order_by(cases.c.id))
    seen = changed = 0
    with ledger.engine.connect() as conn:
        for row in conn.execution_options(yield_per=1000).execute(query):
            seen += 1
            changed += fen_of(compute(parse_case(json.loads(row.case_json)), rules).total) != row.total_fen
    return seen, changed


def main(n: int, url: str | None) -> None:
    folder = Path(tempfile.mkdtemp())
    url = url or f"sqlite:///{folder}/bench.sqlite3"
    rules = load_rules()
    with Ledger(url, None if url.startswith("postgresql") else "bench") as ledger:
        ledger.grant(ledger.user, "经办")
        before = ledger.engine.connect().execute(sa.select(sa.func.count()).select_from(cases)).scalar_one()
        t = time.perf_counter()
        fill(ledger, n, rules)
        print(f"{ledger.engine.dialect.name}: stored {n:,} guarantee cases in {time.perf_counter() - t:.1f} s "
              f"({before:,} there before)")
        new_rules = changed_rules(folder)
        for name, path in (("streamed", streamed), ("listed", listed)):
            rss = rss_mb()
            t = time.perf_counter()
            seen, changed = path(ledger, new_rules)
            took = time.perf_counter() - t
            projected = took / seen * TARGET_CASES
            print(f"  {name:8s} {seen:,} cases recomputed and compared in {took:.1f} s ({seen / took:,.0f}/s; "
                  f"{changed:,} changed); {TARGET_CASES:,} cases ≈ {projected:.0f} s (target ≤ {TARGET_S:.0f} s); "
                  f"memory grew {rss_mb() - rss:+.0f} MB")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (max RSS, whole run)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000, sys.argv[2] if len(sys.argv) > 2 else None)
