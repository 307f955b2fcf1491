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


# -- what a case file may not say (issue 14, points 2, 4 and 5) and amounts in 万 (issue 9, point 6) --------------
def _loan_text(**inputs) -> str:
    data = json.loads((ROOT / "docs" / "cases" / "startup_loan.json").read_text(encoding="utf-8"))
    data["inputs"].update(inputs)
    return json.dumps(data)  # \uXXXX escapes: a lone surrogate arrives as JSON carries it


def _refused(tmp_path, text: str) -> str:
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_case(path)
    return str(err.value)


def test_a_loan_in_wan_reads_as_yuan(tmp_path, rules):
    path = tmp_path / "case.json"
    for typed in ("300万", "300万元", "３００万"):
        path.write_text(_loan_text(principal=typed), encoding="utf-8")
        case = read_case(path)
        assert str(case.inputs["principal"]) == "3000000.00"
    path.write_text(_loan_text(principal="30.5万"), encoding="utf-8")
    assert str(read_case(path).inputs["principal"]) == "305000.00"


@pytest.mark.parametrize("text,words", [
    ('{"format": "subsidy-desk/case@1", "kind": "six_taxes", "kind": "startup_loan"}', "键“kind”出现了两次"),
    ("[" * 5000 + "]" * 5000, "嵌套层数过深"),
    ('{"format": ' + "9" * 5000 + "}", "数字过长"),
    ('{"format": NaN}', "NaN 不是有效数字"),
    ('{"format": "subsidy-desk/case@1"', "这不是本程序的案例文件"),
])
def test_malformed_json_is_refused_in_words(tmp_path, text, words):
    assert words in _refused(tmp_path, text)


@pytest.mark.parametrize("inputs,words", [
    ({"contract_rate": "1e-999999999"}, "inputs.contract_rate: 小数位数过多"),
    ({"contract_rate": 1e-300}, "inputs.contract_rate: 小数位数过多"),
    ({"principal": "1e999"}, "inputs.principal: 数值过大"),
    ({"principal": "1__0"}, "inputs.principal: 不是数字"),
    ({"principal": "٣٠٠٠٠٠"}, "“٣”不是 0–9 的数字"),
    ({"staff_count": "1__0"}, "inputs.staff_count: 应为整数"),
    ({"staff_count": "٤٠"}, "inputs.staff_count: 应为整数"),
    ({"staff_count": 10 ** 20}, "inputs.staff_count: 数值过大"),
    ({"contract_date": "2022-W25-2"}, "inputs.contract_date: 不是有效日期"),
    ({"contract_date": "20220621"}, "inputs.contract_date: 不是有效日期"),
    ({"contract_date": "2022-06-21T00:00"}, "inputs.contract_date: 不是有效日期"),
    ({"bank": "忻州\x01银行"}, "inputs.bank: 含有不可见的控制字符（U+0001"),
    ({"bank": "忻州\ud800银行"}, "inputs.bank: 含有不可见的控制字符（U+D800"),
])
def test_numbers_dates_and_text_are_refused_field_by_field(tmp_path, inputs, words):
    assert words in _refused(tmp_path, _loan_text(**inputs))


def test_full_width_digits_stay_accepted(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(_loan_text(staff_count="４０", contract_date="２０２２－０６－２１"), encoding="utf-8")
    case = read_case(path)
    assert case.inputs["staff_count"] == 40 and case.inputs["contract_date"].isoformat() == "2022-06-21"


def test_a_control_character_in_a_name_is_refused(tmp_path):
    data = json.loads(_loan_text())
    data["applicant"]["name"] = "忻州\x01某公司"
    assert "applicant.name: 含有不可见的控制字符" in _refused(tmp_path, json.dumps(data))
