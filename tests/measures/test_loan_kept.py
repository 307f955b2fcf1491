"""What a rule set keeps for loans (the values a loan reads, for the stretch of days between two changes; the
shares) gives every loan exactly what reading its own dates afresh gives: the same JSON and the same words."""
import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from subsidy_desk.case import FORMAT, compute, parse_case
from subsidy_desk.rules.load import load_rules


def _county_rules(tmp_path_factory):
    """A county that moved the switch to 财金〔2023〕75号, set its own cap and shares for a while, and a spread that
    ends: values that start and end inside the years the loans are drawn from."""
    path = tmp_path_factory.mktemp("kept") / "overrides.json"
    values = {
        "startup_loan.regime": [{"from": "2020-01-01", "value": "caijin_2020_21"},
                                {"from": "2023-05-01", "value": "caijin_2023_75"}],
        "startup_loan.max_principal_small_micro": [{"from": "2022-03-01", "to": "2022-11-30", "value": "1500000"}],
        "startup_loan.share_county": [{"from": "2022-09-01", "to": "2023-02-28", "value": "10"}],
        "startup_loan.share_city": [{"from": "2022-09-01", "to": "2023-02-28", "value": "15"}],
        "startup_loan.rate_cap_spread": [{"from": "2023-07-01", "to": "2023-12-31", "value": "2.00"}],
    }
    parameters = {key: [{**v, "document": "某县财〔2022〕9号", "note": "测试"} for v in entries]
                  for key, entries in values.items()}
    path.write_text(json.dumps({"format": "subsidy-desk/overrides@1", "parameters": parameters}, ensure_ascii=False),
                    encoding="utf-8")
    return path


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 900), st.sampled_from(["individual", "graduate", "small_micro",
                                                                  "partnership"]),
                          st.integers(20, 300), st.sampled_from(["", "五台县"]), st.booleans()),
                min_size=20, max_size=40))
def test_loans_computed_with_what_the_rule_set_keeps_read_as_if_afresh(tmp_path_factory, loans):
    path = _county_rules(tmp_path_factory)
    shared = load_rules(overrides=path)
    for offset, borrower, thousands, county, staffed in loans:
        start = date(2022, 1, 1) + timedelta(days=offset)
        inputs = {"borrower_type": borrower, "principal": f"{thousands * 10000}.00", "contract_date": start.isoformat(),
                  "maturity_date": (start + timedelta(days=730)).isoformat(), "contract_rate": "4.35",
                  "partners": 3}
        if staffed:
            inputs.update(staff_count=40, new_hires=6)
        case = parse_case({"format": FORMAT, "kind": "startup_loan", "applicant": {"county": county},
                           "inputs": inputs})
        kept, afresh = compute(case, shared), compute(case, load_rules(overrides=path))
        assert json.dumps(kept.to_json(), ensure_ascii=False, sort_keys=True) == \
            json.dumps(afresh.to_json(), ensure_ascii=False, sort_keys=True)
        assert kept.explanation_text() == afresh.explanation_text()
