"""A separate process writing to a ledger, for the reliability tests (run as a script, not collected by pytest).

    ledger_worker.py batch URL USER PREFIX COUNT [PAUSE_AFTER]  one transaction; with PAUSE_AFTER, print "inside"
                                                                 after that many cases and hang there
    ledger_worker.py tell URL USER PREFIX COUNT                 one transaction, saying where it is as it goes:
                                                                 "ready" (computed), "at N" after each case written,
                                                                 "committed" once the transaction is
    ledger_worker.py each URL USER PREFIX COUNT START_AT         one case per transaction, from time START_AT
Cases are the example guarantee (docs/cases) with contract numbers PREFIX-0, PREFIX-1, ...; computed before the
start so that the processes race in the database only. Prints one line per case: its id, or "dup EARLIER_ID".
"""
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from subsidy_desk.case import compute, parse_case  # noqa: E402
from subsidy_desk.ledger import DuplicateClaim, Ledger  # noqa: E402
from subsidy_desk.rules.load import load_rules  # noqa: E402


def cases(prefix: str, count: int):
    data = json.loads((ROOT / "docs" / "cases" / "guarantee_fee.json").read_text(encoding="utf-8"))
    rules = load_rules()
    out = []
    for i in range(count):
        data["inputs"]["contract_no"] = f"{prefix}-{i}"
        case = parse_case(data)
        out.append((case, compute(case, rules)))
    return out


def main(mode, url, user, prefix, count, extra=None):
    items = cases(prefix, int(count))
    with Ledger(url, user or None) as ledger:
        if mode == "tell":
            print("ready", flush=True)
            ledger.add_many(items, progress=lambda done, total: print(f"at {done}", flush=True))
            print("committed", flush=True)
        elif mode == "batch":
            def progress(done, total):
                if extra is not None and done == int(extra):
                    print("inside", flush=True)
                    time.sleep(600)

            for case_id in ledger.add_many(items, progress=progress):
                print(case_id)
        else:
            time.sleep(max(0.0, float(extra) - time.time()))
            for case, result in items:
                try:
                    print(ledger.add(case, result), flush=True)
                except DuplicateClaim as exc:
                    print(f"dup {exc.earlier_id}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
