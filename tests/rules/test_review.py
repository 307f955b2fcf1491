"""本县参数确认 in the core: every [S]/[D] value is a reading the county confirms with its own document."""
import json
import re
from datetime import date

import pytest

from subsidy_desk.rules.load import load_rules
from subsidy_desk.rules.model import RuleError


def write(tmp_path, confirmed, parameters=None):
    over = tmp_path / "overrides.json"
    over.write_text(json.dumps({"format": "subsidy-desk/overrides@1", "parameters": parameters or {},
                                "confirmed": confirmed}, ensure_ascii=False), encoding="utf-8")
    return over


def test_every_s_and_d_value_is_listed_and_unconfirmed_until_the_county_confirms_it(rules, tmp_path):
    review = rules.review()
    assert review and {v.confidence for v in review} == {"S", "D"}
    assert len(rules.unconfirmed()) == len(review)
    regime = rules.get("startup_loan.regime", date(2023, 10, 1))
    assert regime.unconfirmed and regime.confirmation == ""
    confirmed = load_rules(overrides=write(tmp_path, [
        {"key": "startup_loan.regime", "from": "2023-10-01", "document": "某县财〔2024〕2号", "note": "与本县一致"}]))
    regime = confirmed.get("startup_loan.regime", date(2023, 10, 1))
    assert regime.confirmation == "某县财〔2024〕2号" and not regime.unconfirmed
    assert confirmed.get("startup_loan.regime", date(2023, 9, 30)).unconfirmed  # each dated value on its own
    assert len(confirmed.unconfirmed()) == len(review) - 1


def test_a_value_the_county_set_itself_needs_no_confirming(tmp_path):
    rules = load_rules(overrides=write(tmp_path, [], {"guarantee_fee.subsidy_rate": [
        {"from": "2022-06-08", "value": "0.6", "document": "某县财〔2023〕1号", "note": "本县 0.6%"}]}))
    shipped = [v for v in rules.review() if v.key == "guarantee_fee.subsidy_rate"][0]
    assert rules.replaced(shipped) and shipped not in rules.unconfirmed()
    assert not rules.get("guarantee_fee.subsidy_rate", date(2023, 1, 1)).unconfirmed


@pytest.mark.parametrize("item,problem", [
    ({"key": "six_taxes.education_rate", "from": "2019-01-01", "document": "x"}, "没有 2019-01-01 起的 [S]/[D] 取值"),
    ({"key": "startup_loan.regime", "from": "2023-10-02", "document": "x"}, "没有 2023-10-02 起"),
    ({"key": "startup_loan.regime", "from": "2023-10-01", "document": " "}, "确认须写明本县文件"),
    ({"key": "startup_loan.nope", "from": "2023-10-01", "document": "x"}, "没有这个政策参数"),
])
def test_a_confirmation_must_name_a_shipped_reading_and_the_countys_document(tmp_path, item, problem):
    with pytest.raises(RuleError, match=re.escape(problem)):
        load_rules(overrides=write(tmp_path, [item]))
