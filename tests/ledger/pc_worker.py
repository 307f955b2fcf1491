"""One clerk's PC as a separate process (run as a script, not collected by pytest): its own data folder (so its own
overrides.json, set by the caller through SUBSIDY_DESK_DATA_DIR) and the office's ledger.

    pc_worker.py URL USER   prints one JSON object: each docs/cases example's kind -> [total, rule-set hash],
                            computed with the rules this PC's program uses with that ledger (``Ledger.rules()``:
                            the office's when published, else the PC's own); USER "-" on PostgreSQL (the login)
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from subsidy_desk.case import compute, read_case  # noqa: E402
from subsidy_desk.ledger import Ledger  # noqa: E402


def main(url: str, user: str) -> None:
    with Ledger(url, None if user == "-" else user) as ledger:
        rules = ledger.rules()
    out = {}
    for path in sorted((ROOT / "docs" / "cases").glob("*.json")):
        case = read_case(path)
        out[case.kind] = [str(compute(case, rules).total), rules.hash]
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main(*sys.argv[1:])
