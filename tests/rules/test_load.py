"""Strict loading of rule files and overrides, as-of look-ups, and the hash every result carries."""
import json
import os
import shutil
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from subsidy_desk.case import compute
from subsidy_desk.rules.load import load_rules, save_overrides
from subsidy_desk.rules.model import OutOfRange, RuleError

from ..conftest import ROOT

NO_OVERRIDES = Path(os.devnull)


@pytest.fixture
def res(tmp_path):
    """A private copy of resources/ to break on purpose."""
    copy = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", copy)
    return copy


def edit(path: Path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_every_shipped_value_has_a_reference_and_a_mark(rules):
    assert len(rules.parameters) > 40
    for key in rules.parameters:
        for v in rules.series(key):
            assert v.document and v.confidence in "CSD" and v.label, key


def test_values_marked_s_or_d_can_be_overridden_and_are_reported(tmp_path, make_case):
    over = tmp_path / "overrides.json"
    over.write_text(json.dumps({"format": "subsidy-desk/overrides@1", "parameters": {
        "guarantee_fee.subsidy_rate": [{"from": "2022-06-08", "value": "0.6", "document": "某县财〔2022〕9号",
                                        "note": "本县按 0.6% 补贴"}]}}), encoding="utf-8")
    rules = load_rules(overrides=over)
    case = make_case("guarantee_fee", {"business_type": "small_micro", "amount": "1000000.00",
                                       "start_date": "2022-07-01", "end_date": "2022-12-27", "fee_rate": "0.8",
                                       "agency_level": "county"})
    result = compute(case, rules)
    assert result.total == D("2958.90")  # 1,000,000 × 0.6% × 180 / 365
    assert result.rule_set["overrides"] == ["guarantee_fee.subsidy_rate"]
    used = {r.key: r for r in result.rules_used}
    assert used["guarantee_fee.subsidy_rate"].overridden and used["guarantee_fee.subsidy_rate"].confidence == "L"
    assert rules.hash != load_rules(overrides=NO_OVERRIDES).hash


def test_override_adds_lpr_months(tmp_path):
    over = tmp_path / "overrides.json"
    with pytest.raises(OutOfRange, match="补充"):
        load_rules(overrides=NO_OVERRIDES).lpr(date(2026, 9, 25))
    over.write_text(json.dumps({"format": "subsidy-desk/overrides@1", "lpr": [
        {"date": "2026-09-22", "lpr_1y": "2.95", "lpr_5y": "3.45", "note": "人行公告"}]}), encoding="utf-8")
    rules = load_rules(overrides=over)
    v = rules.lpr(date(2026, 9, 25))
    assert v.value == D("2.95") and v.overridden
    assert rules.lpr(date(2026, 9, 21)).value == D("3.00")


def test_lpr_in_force_is_latest_publication_on_or_before(rules):
    assert rules.lpr(date(2022, 6, 19)).value == D("3.70")
    assert rules.lpr(date(2022, 8, 21)).value == D("3.70")
    assert rules.lpr(date(2022, 8, 22)).value == D("3.65")
    assert rules.lpr(date(2022, 8, 22), "5y").value == D("4.30")
    with pytest.raises(OutOfRange):
        rules.lpr(date(2019, 8, 19))


@pytest.mark.parametrize("key,day_before,before,day_of,after", [
    ("startup_loan.regime", "2023-09-30", "caijin_2020_21", "2023-10-01", "caijin_2023_75"),
    ("startup_loan.max_principal_graduate", "2021-12-31", "200000", "2022-01-01", "300000"),
    ("startup_loan.max_principal_individual", "2023-09-30", "200000", "2023-10-01", "300000"),
    ("startup_loan.national_method", "2023-09-30", "lpr_minus_spread", "2023-10-01", "share_of_rate"),
    ("startup_loan.new_hire_ratio", "2023-09-30", "15", "2023-10-01", "10"),
    ("startup_loan.topup_borrower_types", "2022-06-07", (), "2022-06-08", ("small_micro",)),
    ("six_taxes.eligible_types", "2021-12-31", ("small_scale",), "2022-01-01",
     ("small_scale", "small_low_profit", "individual_business")),
    ("six_taxes.excluded_items", "2022-12-31", ("securities_stamp_duty",), "2023-01-01",
     ("securities_stamp_duty", "water_resource_tax")),
])
def test_regime_boundaries(rules, key, day_before, before, day_of, after):
    value = lambda d: rules.value(key, date.fromisoformat(d))  # noqa: E731
    norm = lambda v: D(v) if isinstance(v, str) and v.isdigit() else v  # noqa: E731
    assert value(day_before) == norm(before)
    assert value(day_of) == norm(after)


def test_refuses_dates_outside_every_range(rules):
    with pytest.raises(OutOfRange, match="该日期不在政策有效期内"):
        rules.get("six_taxes.reduction_rate", date(2028, 1, 1))
    with pytest.raises(OutOfRange):
        rules.get("startup_loan.national_method", date(2020, 12, 31))


@pytest.mark.parametrize("change,problem", [
    (lambda d: d["parameters"]["subsidy_rate"].update(colour="red"), "未知的键 colour"),
    (lambda d: d["parameters"]["subsidy_rate"]["values"][0].pop("document"), "缺少 document"),
    (lambda d: d["parameters"]["subsidy_rate"].update(unit="furlongs"), "单位 'furlongs' 无效"),
    (lambda d: d["parameters"]["subsidy_rate"]["values"][0].update(value="abc"), "不是数字"),
    (lambda d: d["parameters"]["subsidy_rate"]["values"][0].update(value=0.5), "字符串"),
    (lambda d: d["parameters"]["subsidy_rate"]["values"][0].update({"from": "2022-02-30"}), "日期无效"),
    (lambda d: d["parameters"]["subsidy_rate"]["values"][0].update(confidence="X"), "可信度标记"),
    (lambda d: d["parameters"]["subsidy_rate"]["values"][0].update(to="2021-01-01"), "早于开始日"),
    (lambda d: d["parameters"]["subsidy_rate"]["values"].append(
        {"from": "2022-06-08", "value": "1", "document": "x", "confidence": "D"}), "日期重叠"),
    (lambda d: d["parameters"]["subsidy_method"]["values"][0].update(value="guess"), "不在可选项"),
])
def test_strict_loading_names_file_key_and_problem(res, change, problem):
    path = res / "rules" / "guarantee_fee.json"
    edit(path, change)
    with pytest.raises(RuleError) as err:
        load_rules(res, NO_OVERRIDES)
    assert "guarantee_fee.json" in str(err.value) and "guarantee_fee." in err.value.key
    assert problem in str(err.value)


def test_overlap_with_explicit_end(res):
    def change(d):
        values = d["parameters"]["reduction_rate"]["values"]
        values[0]["to"] = "2022-01-01"
    edit(res / "rules" / "six_taxes.json", change)
    with pytest.raises(RuleError, match="日期重叠"):
        load_rules(res, NO_OVERRIDES)


def test_bad_lpr_table_is_refused(res):
    path = res / "lpr.csv"
    path.write_text(path.read_text() + "2026-09-21,abc,3.5\n", encoding="utf-8")
    with pytest.raises(RuleError, match="lpr.csv.*2026-09-21 lpr_1y"):
        load_rules(res, NO_OVERRIDES)


@pytest.mark.parametrize("overrides,problem", [
    ({"parameters": {"guarantee_fee.nothing": []}}, "没有这个政策参数"),
    ({"parameters": {"guarantee_fee.subsidy_rate": [{"from": "2022-06-08", "value": "0.6", "document": "x"}]}},
     "缺少 note"),
    ({"lpr": [{"date": "2026-08-20", "lpr_1y": "3", "lpr_5y": "3.5"}]}, "已自带"),
    ({"lpr": [{"date": "2026-09-22", "lpr_1y": "30", "lpr_5y": "3.5"}]}, "不合理"),
    ({"colour": 1}, "未知的键"),
])
def test_bad_overrides_are_refused_and_not_saved(tmp_path, overrides, problem):
    path = tmp_path / "overrides.json"
    data = {"format": "subsidy-desk/overrides@1", **overrides}
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(RuleError, match=problem):
        load_rules(overrides=path)
    target = tmp_path / "saved.json"
    with pytest.raises(RuleError):
        save_overrides(target, data)
    assert not target.exists()


def test_save_overrides_round_trip(tmp_path):
    target = tmp_path / "sub" / "overrides.json"
    save_overrides(target, {"format": "subsidy-desk/overrides@1", "lpr": [
        {"date": "2026-09-22", "lpr_1y": "2.95", "lpr_5y": "3.45"}]})
    assert load_rules(overrides=target).lpr(date(2026, 10, 1)).value == D("2.95")


def test_hash_is_stable_and_changes_with_any_value(res):
    first = load_rules(res, NO_OVERRIDES).hash
    assert load_rules(res, NO_OVERRIDES).hash == first
    edit(res / "rules" / "guarantee_fee.json",
         lambda d: d["parameters"]["subsidy_rate"]["values"][0].update(value="0.51"))
    assert load_rules(res, NO_OVERRIDES).hash != first


# The confidence marks of REFERENCE.md: [C] official text, [S] secondary source, [D] this program's default.
# A value whose mark drifts from the reference is a value a county can no longer see it may need to change.
@pytest.mark.parametrize("key,day,mark", [
    ("startup_loan.max_principal_individual", "2023-10-01", "S"),
    ("startup_loan.regime", "2023-10-01", "S"),
    ("startup_loan.max_principal_graduate", "2022-01-01", "S"),
    ("startup_loan.rate_cap_spread", "2022-01-01", "S"),
    ("startup_loan.poverty_counties", "2022-01-01", "D"),
    ("startup_loan.topup_borrower_types", "2022-06-08", "D"),
    ("startup_loan.share_central", "2022-01-01", "D"),
    ("startup_loan.settlement_day", "2022-01-01", "S"),
    ("guarantee_fee.eligible_business", "2023-01-01", "D"),
    ("guarantee_fee.subsidy_method", "2023-01-01", "D"),
    ("guarantee_fee.subsidy_rate", "2023-01-01", "D"),
    ("guarantee_fee.national_cap_small", "2023-01-01", "S"),
    ("guarantee_fee.city_share_county_agency", "2023-01-01", "D"),
    ("six_taxes.reduction_rate", "2020-01-01", "D"),
    ("six_taxes.reduction_rate", "2022-06-01", "D"),
    ("six_taxes.reduction_rate", "2024-01-01", "S"),
    ("six_taxes.urban_rate_town", "2020-01-01", "C"),
    ("six_taxes.education_rate", "2023-01-01", "C"),
    ("six_taxes.local_education_rate", "2023-01-01", "S"),
])
def test_marks_follow_the_reference(rules, key, day, mark):
    assert rules.get(key, date.fromisoformat(day)).confidence == mark


def test_urban_tax_cites_the_regulation_before_the_law(rules):
    assert "暂行条例" in rules.get("six_taxes.urban_rate_city", date(2021, 8, 31)).document
    assert rules.get("six_taxes.urban_rate_city", date(2021, 9, 1)).document == "中华人民共和国城市维护建设税法"
