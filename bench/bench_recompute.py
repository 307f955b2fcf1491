"""Benchmark: a whole ledger recomputed after a rule change and compared with what it holds (issue 13, target 4).

What is timed is the program's own impact list, ``Ledger.rule_impact`` (``subsidy_desk/ledger/impact.py``: the
unpaid cases read in chunks by id, computed by a pool of processes, one per core), the function behind 设置 →
本单位规则 → 预览影响 and ``subsidy-desk ledger rules impact``; the same function computing in this one process
(``workers=1``) is printed beside it as the yardstick (from 2,000 cases on, the program uses a process per core). The target is time, not a ratio: 100,000 stored cases in
≤ 60 s with memory flat. Wall and CPU seconds are both printed: on a machine others are using, CPU seconds ÷ cores
is what the run would take on an idle one.

The ledger is filled with half 担保费补贴 and half two-year quarterly 创业担保贷款 cases (each its own contract number
and amount, computed and stored as the ledger stores them); the rule change is a county's own 担保费补贴 rate (0.5% → 0.6% from
2022-06-08, as in the README), so every guarantee case changes its figure and every loan is recomputed and found
unchanged. Prints cases/s, the projection to 100,000 cases (a projection, stated as such) and how much memory
grew. Run: python bench/bench_recompute.py [N] [URL] — default N 10,000 on a fresh SQLite file; with a PostgreSQL
URL (a login that may create databases) the bench makes a database of its own on that server and drops it after.
"""
from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from subsidy_desk.case import compute, parse_case
from subsidy_desk.ledger import Ledger, impact
from subsidy_desk.ledger.claims import claim_key
from subsidy_desk.ledger.office_rules import check
from subsidy_desk.ledger.schema import case_versions, cases
from subsidy_desk.rules.load import load_rules

ROOT = Path(__file__).resolve().parent.parent
TARGET_CASES, TARGET_S = 100_000, 60.0
CHANGE = {"format": "subsidy-desk/overrides@1", "parameters": {"guarantee_fee.subsidy_rate": [
    {"from": "2022-06-08", "value": "0.6", "document": "某县财〔2023〕1号", "note": "本县保费补贴按 0.6%"}]}}


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:  # current, not peak: what the run grew by
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def cpu_s() -> float:
    """CPU seconds of this process and of its finished children (the pool's processes, once it has shut down)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def fill(ledger: Ledger, n: int, rules) -> None:
    """``n`` cases as the ledger stores them (a case row with its claim key and total, its current version's
    inputs), half 担保费补贴 and half two-year quarterly 创业担保贷款, each its own contract number and amount,
    computed with ``rules``. Written in bulk rows (the bench's own login owns its ledger): registering through
    ``add_many`` would store the same columns the impact reads, with explanations and history rows it does not
    read, and would take half an hour for 100,000 cases on this machine."""
    examples = [json.loads((ROOT / "docs" / "cases" / f"{kind}.json").read_text(encoding="utf-8"))
                for kind in ("guarantee_fee", "startup_loan")]
    with ledger.engine.begin() as conn:
        start = conn.scalar(sa.select(sa.func.coalesce(sa.func.max(cases.c.id), 0)))
    stamp = "2022-10-01T00:00:00+00:00"
    for first in range(0, n, 2000):
        rows, versions = [], []
        for i in range(first, min(n, first + 2000)):
            data = examples[i % 2]
            data["inputs"]["contract_no"] = f"BENCH-{i}"
            data["inputs"]["principal" if i % 2 else "amount"] = f"{100000 + i * 10}.00"
            case = parse_case(data)
            result = compute(case, rules)
            total = int(result.total.scaleb(2))
            rows.append({"id": start + i + 1, "kind": case.kind, "title": case.title,
                         "applicant_name": case.applicant.get("name") or "", "credit_code": case.applicant.get(
                             "credit_code") or "", "county": "", "claim_key": claim_key(case, result),
                         "status": "已计算", "version": 1, "total_fen": total, "created_by": ledger.user,
                         "created_at": stamp})
            versions.append({"case_id": start + i + 1, "version": 1, "total_fen": total, "computed_by": ledger.user,
                             "computed_at": stamp, "program_version": "bench", "rule_hash": rules.hash,
                             "case_json": json.dumps(case.to_json(), ensure_ascii=False, sort_keys=True)})
        with ledger.engine.begin() as conn:
            conn.execute(cases.insert(), rows)
            conn.execute(case_versions.insert(), versions)
    if ledger.engine.dialect.name == "postgresql":  # ids were given: move the sequence past them
        with ledger.engine.begin() as conn:
            conn.exec_driver_sql("SELECT setval('cases_id_seq', (SELECT max(id) FROM cases))")


def staffed(url: str, pg: bool) -> Ledger:
    """The ledger opened by the bench's user, named its reviewer (the first grant); on PostgreSQL the bench's login
    owns its database, so its bulk rows are not checked by the guards."""
    ledger = Ledger(url, None if pg else "bench")
    ledger.grant(ledger.user, "审核")
    return ledger


def run(url: str, n: int) -> None:
    rules = load_rules()
    with staffed(url, url.startswith("postgresql")) as ledger:
        t = time.perf_counter()
        fill(ledger, n, rules)
        print(f"{ledger.engine.dialect.name}: stored {n:,} cases (half guarantees, half loans) in "
              f"{time.perf_counter() - t:.0f} s")
        changed_rules = check(CHANGE)
        for name, workers in (("as shipped", None), ("1 process", 1)):
            rss, cpu = rss_mb(), cpu_s()
            t = time.perf_counter()
            impacts = ledger.rule_impact(changed_rules, workers=workers)
            took, cpu = time.perf_counter() - t, cpu_s() - cpu
            pooled = workers is None and n >= impact.POOL_FROM  # fewer cases are computed in one process anyway
            projected, cores = took / n * TARGET_CASES, min(os.cpu_count() or 1, 4) if pooled else 1
            idle = cpu / cores / n * TARGET_CASES
            print(f"  rule_impact, {name:10s}: {n:,} cases recomputed and compared in {took:.1f} s wall, "
                  f"{cpu:.1f} s CPU ({n / took:,.0f}/s; {len(impacts):,} change); memory grew {rss_mb() - rss:+.0f} MB"
                  f"\n    projected to {TARGET_CASES:,} cases: {projected:.0f} s wall as loaded now, {idle:.0f} s on "
                  f"{cores} idle core{'s' if cores > 1 else ''} (CPU ÷ cores); target ≤ {TARGET_S:.0f} s")
            assert len(impacts) == (n + 1) // 2, "every guarantee case changes, no loan does"
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (max RSS of this process)")


def main(n: int, url: str | None) -> None:
    if url is None or not url.startswith("postgresql"):
        run(url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3", n)
        return
    name = f"bench_recompute_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        run(sa.make_url(url).set(database=name).render_as_string(hide_password=False), n)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000, sys.argv[2] if len(sys.argv) > 2 else None)
