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


def test_who_pays_is_split_when_first_read_and_as_split_at_once(rules, rules_with, make_case):
    """The split of a loan's subsidy among the levels of finance is made when first read (a Deferred list) where it
    cannot fail — shares in hundredths adding up to 100% — and at once otherwise; either way the parts
    ``money.split_by_shares`` gives, the zero parts left out."""
    from subsidy_desk.measures.result import Deferred
    from subsidy_desk.measures.startup_loan import calculator
    from subsidy_desk.money import split_by_shares

    inputs = {"borrower_type": "small_micro", "principal": "3000000.00", "contract_date": "2022-06-21",
              "maturity_date": "2024-06-20", "contract_rate": "5.20"}
    thirds = rules_with({"startup_loan.share_central": "33.335", "startup_loan.share_province": "33.335",
                         "startup_loan.share_city": "33.33", "startup_loan.share_county": "0"})
    for rule_set, later in ((rules, True), (thirds, False)):
        result = calculator.compute(make_case("startup_loan", inputs).inputs, {}, rule_set)
        assert isinstance(result.shares, Deferred) is later
        figures = {f.key: f.value for f in result.figures}
        on = date(2022, 6, 21)
        expected = [(label, part) for levels, amount in ((calculator._NATIONAL_SHARES, figures["national"]),
                                                         (calculator._TOPUP_SHARES, figures["topup"]))
                    for label, part in split_by_shares(amount, [(label, rule_set.get(key, on).value)
                                                                for key, label in levels]) if part]
        assert list(result.shares) == expected and figures["topup"] and len(expected) > 3
