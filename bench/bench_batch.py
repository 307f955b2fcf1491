"""Benchmark: a 10,000-row loan list and a 10,000-row guarantee list, imported, computed and exported.

Prints each stage's time, the peak memory, and the time of a plain openpyxl write-only dump of the same result cells
(no styles, no summaries computed) as the floor the export is compared with.
Targets (2-core machine): the whole 10,000-row loan run under 15 s, the export within 1.5x the plain dump, peak
memory under 500 MB. Run: python bench/bench_batch.py [N]
"""
from __future__ import annotations

import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook, load_workbook

from subsidy_desk.applicant import _CHARSET, _WEIGHTS, COUNTIES
from subsidy_desk.batch.columns import columns, sheet_title
from subsidy_desk.batch.importer import read_rows
from subsidy_desk.batch.results import write_results
from subsidy_desk.batch.run import compute_rows
from subsidy_desk.rules.load import load_rules


def credit_code(n: int) -> str:
    body = f"91140900MA{n:07d}"
    total = sum(_CHARSET.index(c) * w for c, w in zip(body, _WEIGHTS))
    return body + _CHARSET[(31 - total % 31) % 31]


def loan_row(i: int, rnd: random.Random) -> dict:
    start = date(2022, 6, 8) + timedelta(days=rnd.randrange(0, 900))
    principal = rnd.randrange(50, 3000) * 1000
    row = {"申请人名称": f"企业{i}", "统一社会信用代码": credit_code(i), "所属县（市、区）": rnd.choice(COUNTIES),
           "借款人类型": rnd.choice(["个人", "小微企业"]), "贷款本金（元）": principal,
           "合同签订日": start, "到期日": start + timedelta(days=rnd.choice([365, 730])),
           "合同年利率（%）": round(rnd.uniform(3.5, 5.0), 2), "经办银行": f"银行{i % 12}", "借款合同编号": f"JK-{i}"}
    if i % 7 == 0:  # the messy cells real lists have
        row["贷款本金（元）"] = f"{principal:,}.00"
        row["合同签订日"] = f"{start.year}/{start.month}/{start.day}"
    return row


def guarantee_row(i: int, rnd: random.Random) -> dict:
    start = date(2022, 6, 8) + timedelta(days=rnd.randrange(0, 900))
    return {"申请人名称": f"企业{i}", "统一社会信用代码": credit_code(i), "所属县（市、区）": rnd.choice(COUNTIES),
            "业务类型": "中小微企业", "担保金额（元）": rnd.randrange(10, 8000) * 1000, "担保期限起": start,
            "担保期限止（含当日）": start + timedelta(days=rnd.randrange(30, 720)), "担保费率（年，%）": round(rnd.uniform(0.3, 1.4), 2),
            "担保机构层级": rnd.choice(["市级担保机构", "县级担保机构"]), "担保机构名称": f"担保公司{i % 9}",
            "担保合同编号": f"DB-{i}"}


def make_list(kind: str, n: int, path: Path) -> None:
    rnd = random.Random(7)
    make = loan_row if kind == "startup_loan" else guarantee_row
    headers = [c.header for c in columns(kind)]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(kind))
    ws.append(headers)
    for i in range(1, n + 1):
        values = make(i, rnd)
        ws.append([i] + [values.get(h) for h in headers[1:]])
    wb.save(path)


ROUNDS = 3  # the machine is shared: export and floor are each timed best of three


def plain_dump(source: Path, target: Path) -> float:
    """Time writing the results workbook's cells again with write-only openpyxl and nothing else."""
    wb = load_workbook(source, read_only=True)
    sheets = [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in wb.worksheets]
    wb.close()
    best = float("inf")
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        out = Workbook(write_only=True)
        for title, rows in sheets:
            ws = out.create_sheet(title)
            for r in rows:
                ws.append(r)
        out.save(target)
        best = min(best, time.perf_counter() - t0)
    return best


def run(kind: str, n: int, folder: Path, rules) -> None:
    source = folder / f"{kind}.xlsx"
    t = time.perf_counter()
    make_list(kind, n, source)
    generate = time.perf_counter() - t
    t0 = time.perf_counter()
    imported = read_rows(source)
    t1 = time.perf_counter()
    assert not imported.bad, imported.problems[:3]
    entries = compute_rows(imported, rules)
    assert entries is not None and len(entries) == n, imported.problems[:3]
    t2 = time.perf_counter()
    out = folder / f"{kind}-results.xlsx"
    write_results(entries, out)
    t3 = time.perf_counter()
    export = t3 - t2
    for _ in range(ROUNDS - 1):
        t = time.perf_counter()
        write_results(entries, out)
        export = min(export, time.perf_counter() - t)
    floor = plain_dump(out, folder / f"{kind}-plain.xlsx")
    notes = sum(len(r.notes) for r in imported.rows)
    print(f"{kind}: {n:,} rows (list generated in {generate:.2f} s, {source.stat().st_size / 1e6:.1f} MB)")
    print(f"  import   {t1 - t0:6.2f} s  ({notes:,} messy cells noted)")
    print(f"  compute  {t2 - t1:6.2f} s")
    print(f"  export   {t3 - t2:6.2f} s  ({out.stat().st_size / 1e6:.1f} MB; best of {ROUNDS}: {export:.2f} s)")
    print(f"  floor    {floor:6.2f} s  plain write-only dump of the same cells, best of {ROUNDS} -> export is "
          f"{export / floor:.2f}x (target <= 1.5x)")
    print(f"  total    {t3 - t0:6.2f} s  (target for loans: < 15 s)")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    os.environ.setdefault("SUBSIDY_DESK_DATA_DIR", str(Path("/nonexistent-bench-data")))
    rules = load_rules()
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("startup_loan", "guarantee_fee"):
            run(kind, n, Path(tmp), rules)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak_mb:.0f} MB (max RSS, whole run; target < 500 MB)")


if __name__ == "__main__":
    main()
