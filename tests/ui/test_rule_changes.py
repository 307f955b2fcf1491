"""The banner of a case reopened after the rules changed: only values that really differ are named."""
import json

from subsidy_desk.case import compute, read_case, stamp
from subsidy_desk.ui.rule_changes import differences, notice_html

from .conftest import ROOT_CASES


def saved_then_changed_elsewhere(rules):
    """A case saved under this rule set, then the rule set changed in a value the case does not use: the stamp
    goes through JSON exactly as a file does."""
    result = compute(read_case(ROOT_CASES / "startup_loan.json"), rules)
    computed = json.loads(json.dumps(stamp(result), ensure_ascii=False))
    computed["rule_set"] = {**computed["rule_set"], "version": "2022.1", "hash": "sha256:old"}
    return computed, result


def test_unchanged_list_values_are_not_different(rules):
    computed, result = saved_then_changed_elsewhere(rules)
    assert any(isinstance(r["value"], list) for r in computed["rules_used"])  # the case does use list values
    assert differences(computed, result) == []
    text = notice_html(computed, result)
    assert "本案例用到的规则值没有变化" in text and "不同的规则值" not in text


def test_a_changed_value_shows_its_saved_date_like_the_current_one(rules):
    computed, result = saved_then_changed_elsewhere(rules)
    counties = next(r for r in computed["rules_used"] if r["key"] == "startup_loan.poverty_counties")
    counties["value"], counties["shown"] = counties["value"][:1], "某县"
    counties["from"] = "2022-06-21"
    (label, then, now), = differences(computed, result)
    assert then == "某县（2022年6月21日起）"
    assert "年" in now and "-" not in then
