"""Checking a claim: each reading a bank may have used is named when — and only when — it gives the claimed figure.

The claims are in tests/data/claims.json, each worked by hand from the reading it used.
"""
import json
from decimal import Decimal

import pytest

from subsidy_desk.case import FORMAT, compute, parse_case
from subsidy_desk.measures.reading import Adjusted
from subsidy_desk.readings import ASK, check_claim, readings

from .conftest import ROOT

CASES = json.loads((ROOT / "tests" / "data" / "claims.json").read_text(encoding="utf-8"))["cases"]


def _case(entry):
    return parse_case({"format": FORMAT, "kind": entry["kind"], "applicant": {"county": "忻府区"},
                       "inputs": entry["inputs"], "claim": entry["claim"]})


@pytest.mark.parametrize("entry", CASES, ids=[c["name"] for c in CASES])
def test_the_reading_the_bank_used_is_named(entry, rules):
    if "rules" in entry:  # the county's own value
        rules = Adjusted(rules, {k: Decimal(v) for k, v in entry["rules"].items()})
    check = check_claim(_case(entry), rules)
    assert check.status == entry["status"]
    if entry["status"] == ASK:
        assert check.reason.startswith(entry["reason"])
    else:
        assert check.reason == entry["reason"]
    assert check.readings == entry.get("readings", [])
    if "lines" in entry:
        assert [[line.label, str(line.claimed), str(line.approved)] for line in check.lines] == entry["lines"]


def test_every_reading_is_exercised_by_a_claim():
    """Each reading a measure lists must be the one found for some hand-worked claim."""
    named = {key for c in CASES for key in c.get("readings", [])}
    assert {r.key for kind in ("startup_loan", "guarantee_fee") for r in readings(kind)} <= named


def test_no_claim_no_check(rules, make_case):
    case = make_case("guarantee_fee", CASES[-1]["inputs"])
    assert case.claim is None
    assert check_claim(case, rules) is None


def test_a_check_recomputes_through_the_one_compute_entry(rules, monkeypatch):
    """The readings engine has no calculator of its own: every figure it tries comes from case.compute."""
    import subsidy_desk.readings as engine

    calls = []
    real = engine.compute
    monkeypatch.setattr(engine, "compute", lambda case, r: calls.append(case.inputs) or real(case, r))
    entry = next(c for c in CASES if c["name"] == "银行按实际天数/365计算")
    check = check_claim(_case(entry), rules)
    assert check.reason.startswith("申请金额按实际天数/365")
    assert {c["day_count"] for c in calls} >= {"act360", "act365", "month"}


def test_the_case_itself_is_not_changed(rules):
    entry = CASES[0]
    case = _case(entry)
    before = case.to_json()
    check_claim(case, rules)
    assert case.to_json() == before
    assert compute(case, rules).total == check_claim(case, rules).approved


def test_check_as_json(rules):
    check = check_claim(_case(CASES[0]), rules)
    data = check.to_json()
    assert data["status_text"] == "口径不同"
    assert data["difference"] == "-17.15"
    assert data["lines"] == [{"label": "合计", "claimed": "1235.07", "approved": "1252.22", "difference": "-17.15",
                              "reason": CASES[0]["reason"], "readings": ["day_count.act365"]}]
