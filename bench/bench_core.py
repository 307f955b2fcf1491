"""Benchmark: 10,000 mixed cases computed with explanations. Prints cases/s and peak memory.

Target (2-core machine): the 10,000 cases in under 2 s. Run: python bench/bench_core.py [N]
"""
from __future__ import annotations

import os
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from subsidy_desk.case import FORMAT, compute_all, parse_case
from subsidy_desk.rules.load import load_rules


def make_cases(n: int, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        kind = ("startup_loan", "guarantee_fee", "six_taxes")[i % 3]
        start = date(2022, 6, 8) + timedelta(days=rnd.randrange(0, 900))
        if kind == "startup_loan":
            inputs = {"borrower_type": rnd.choice(["individual", "small_micro"]),
                      "principal": f"{rnd.randrange(50, 3000) * 1000}.00", "contract_date": start.isoformat(),
                      "maturity_date": (start + timedelta(days=rnd.choice([365, 730]))).isoformat(),
                      "contract_rate": f"{rnd.uniform(3.5, 5.0):.2f}", "settlement": "quarterly",
                      "day_count": rnd.choice(["act360", "month", "act365"])}
        elif kind == "guarantee_fee":
            inputs = {"business_type": "small_micro", "amount": f"{rnd.randrange(10, 8000) * 1000}.00",
                      "start_date": start.isoformat(),
                      "end_date": (start + timedelta(days=rnd.randrange(30, 720))).isoformat(),
                      "fee_rate": f"{rnd.uniform(0.3, 1.4):.2f}", "agency_level": rnd.choice(["city", "county"])}
        else:
            q = date(rnd.choice([2022, 2023, 2024]), rnd.choice([1, 4, 7, 10]), 1)
            inputs = {"taxpayer_type": rnd.choice(["small_scale", "individual_business"]),
                      "period_start": q.isoformat(),
                      "period_end": (date(q.year + (q.month == 10), (q.month + 2) % 12 + 1, 1) - timedelta(days=1)).isoformat(),
                      "vat_paid": f"{rnd.randrange(100, 20000)}.00", "location": "town",
                      "items": [{"item": "stamp_duty", "payable": f"{rnd.randrange(1, 900)}.50"}]}
        out.append({"format": FORMAT, "kind": kind, "applicant": {"name": f"测试{i}"}, "inputs": inputs})
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    os.environ.setdefault("SUBSIDY_DESK_DATA_DIR", str(Path("/nonexistent-bench-data")))
    raw = make_cases(n)
    t0 = time.perf_counter()
    rules = load_rules()
    t1 = time.perf_counter()
    cases = [parse_case(c) for c in raw]
    t2 = time.perf_counter()
    results = compute_all(cases, rules)
    assert not [r for r in results if isinstance(r, Exception)]
    t3 = time.perf_counter()
    steps = sum(len(r.steps) for r in results)
    t4 = time.perf_counter()
    chars = sum(len(r.explanation_text()) for r in results[:1000])
    t5 = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"cases            {n}")
    print(f"load rules       {t1 - t0:.3f} s")
    print(f"parse cases      {t2 - t1:.3f} s")
    print(f"compute+explain  {t3 - t2:.3f} s  ({steps} explanation steps)")
    print(f"total            {t3 - t0:.3f} s  = {n / (t3 - t0):,.0f} cases/s  (target: {n} in < 2 s)")
    print(f"render text      {t5 - t4:.3f} s for 1,000 explanations ({chars:,} characters; done when shown or printed)")
    print(f"peak memory      {peak_mb:.0f} MB (max RSS)")


if __name__ == "__main__":
    main()
