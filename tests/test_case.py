"""The case format: round trip, atomic writes, many cases at once."""
import json

import pytest

from subsidy_desk.case import FORMAT, compute, compute_all, parse_case, read_case, write_case
from subsidy_desk.fields import InputError

from .conftest import ROOT


@pytest.mark.parametrize("kind", ["startup_loan", "guarantee_fee", "agency_claim", "six_taxes"])
def test_documented_example_round_trips(tmp_path, rules, kind):
    case = read_case(ROOT / "docs" / "cases" / f"{kind}.json")
    folder = tmp_path / "cases"
    folder.mkdir()
    write_case(case, folder / "c.json")
    again = read_case(folder / "c.json")
    assert again == case
    assert compute(again, rules).total == compute(case, rules).total
    assert [p.name for p in folder.iterdir()] == ["c.json"]  # no temp file left behind


def test_numbers_are_accepted_for_amounts(rules):
    case = parse_case({"format": FORMAT, "kind": "guarantee_fee", "inputs": {
        "business_type": "small_micro", "amount": 1000000, "start_date": "2022-07-01", "end_date": "2022-12-27",
        "fee_rate": 0.8, "agency_level": "county"}})
    assert str(compute(case, rules).total) == "2465.75"


def test_money_with_three_places_is_refused():
    with pytest.raises(InputError, match="inputs.amount: 金额最多两位小数"):
        parse_case({"format": FORMAT, "kind": "guarantee_fee", "inputs": {
            "business_type": "small_micro", "amount": "100.005", "start_date": "2022-07-01",
            "end_date": "2022-12-27", "fee_rate": "0.8", "agency_level": "county"}})


def test_cross_field_checks():
    with pytest.raises(InputError) as err:
        parse_case({"format": FORMAT, "kind": "startup_loan", "inputs": {
            "borrower_type": "partnership", "principal": "100000", "contract_date": "2022-09-01",
            "maturity_date": "2022-08-01", "contract_rate": "5", "repayments": [{"date": "2023-01-01", "amount": "1"}]}})
    fields = {e.field for e in err.value.errors}
    assert {"inputs.maturity_date", "inputs.partners", "inputs.repayments"} <= fields


def test_compute_all_reports_errors_in_place_and_can_cancel(rules):
    good = read_case(ROOT / "docs" / "cases" / "six_taxes.json")
    late = parse_case({**good.to_json(), "inputs": {**good.to_json()["inputs"], "period_start": "2028-01-01",
                                                     "period_end": "2028-03-31"}})
    results = compute_all([good, late], rules)
    assert str(results[0].total) == "225.00"
    assert isinstance(results[1], InputError) and "inputs.period_start" in str(results[1])
    seen = []
    partial = compute_all([good] * 250, rules, progress=lambda done, total: seen.append(done) or done < 200)
    assert len(partial) == 200 and seen == [100, 200]


def test_saved_case_keeps_every_value_and_writes_defaults_out():
    data = json.loads((ROOT / "docs" / "cases" / "startup_loan.json").read_text(encoding="utf-8"))
    saved = read_case(ROOT / "docs" / "cases" / "startup_loan.json").to_json()
    assert saved["inputs"] == {**data["inputs"], "lpr_term": "1y", "rounding": "period"}
    assert {k: v for k, v in saved.items() if k != "inputs"} == {k: v for k, v in data.items() if k != "inputs"}
