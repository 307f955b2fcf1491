"""The command line as a script or a clerk's IT person would run it: real processes, real files."""
import json
import subprocess
import sys

import pytest

from .conftest import ROOT


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "subsidy_desk", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT)


@pytest.mark.parametrize("kind,total", [("startup_loan", "28366.67"), ("guarantee_fee", "2465.75"),
                                        ("six_taxes", "225.00")])
def test_compute_documented_examples(kind, total):
    p = run("compute", ROOT / "docs" / "cases" / f"{kind}.json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["kind"] == kind and out["total"] == total
    assert out["rows"] and out["explanation"] and out["rule_set"]["hash"].startswith("sha256:")
    for step in out["explanation"]:
        for rule in step["rules"]:
            assert rule["document"] and rule["confidence"]


def write(tmp_path, text):
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    return path


def case_text(**inputs):
    base = {"borrower_type": "individual", "principal": "100000", "contract_date": "2022-09-01",
            "maturity_date": "2023-09-01", "contract_rate": "5.15"}
    return json.dumps({"format": "subsidy-desk/case@1", "kind": "startup_loan", "inputs": {**base, **inputs}})


@pytest.mark.parametrize("text,message", [
    ("{not json", "这不是本程序的案例文件"),
    ('{"name": "某公司", "amount": 1}', "这不是本程序的案例文件"),  # another program's JSON: one sentence
    ("[1, 2]", "这不是本程序的案例文件"),
    (json.dumps({"format": "subsidy-desk/case@9", "kind": "startup_loan"}), "请升级本程序后再打开"),
    (json.dumps({"format": "subsidy-desk/case@1", "kind": "lottery"}), "kind: 未知的类型"),
    (case_text(contract_date="2022-02-30"), "inputs.contract_date: 不是有效日期（2022-02-30），请按 2022-06-21 填写"),
    (case_text(principal="-100"), "inputs.principal: 不能为负数"),
    (case_text(principal="0"), "inputs.principal: 必须大于 0"),
    (case_text(contract_rate="abc"), "inputs.contract_rate: 不是数字（abc）"),
    (case_text(contract_date="2018-01-01", maturity_date="2019-01-01"), "该日期不在政策有效期内"),
    (case_text(colour="red"), "inputs.colour: 未知字段"),
    (case_text(principal="1e30"), "inputs.principal: 数值过大"),
    (case_text(borrower_type="partnership", partners=10**32), "inputs.partners: 数值"),
    (case_text(partners="²"), "inputs.partners: 应为整数"),
    (case_text(claim_to="9999-12-31"), "inputs.claim_to: 日期 9999-12-31 超出可处理的范围"),
    (case_text(maturity_date="9999-12-31"), "inputs.maturity_date: 日期 9999-12-31 超出可处理的范围"),
    (case_text(borrower_type=["individual"]), "inputs.borrower_type: 应为以下之一"),
    (json.dumps({"format": "subsidy-desk/case@1", "kind": ["x"]}), "kind: 未知的类型"),
    (json.dumps({"format": "subsidy-desk/case@1", "kind": "six_taxes", "applicant": {"county": {"a": 1}},
                 "inputs": {"taxpayer_type": "small_scale", "period_start": "2023-01-01", "period_end": "2023-03-31",
                            "items": [{"item": "stamp_duty", "payable": "1"}]}}), "applicant.county: 应为以下之一"),
    (json.dumps({"format": "subsidy-desk/case@1", "kind": "six_taxes",
                 "inputs": {"taxpayer_type": "small_low_profit", "period_start": "2023-01-01",
                            "period_end": "2023-03-31", "slp_basis": "annual_filing", "slp_filing_year": 9999,
                            "slp_taxable_income": "1", "slp_quarters": [{"headcount_start": 1, "headcount_end": 1,
                                                                          "assets_start": "1", "assets_end": "1"}],
                            "items": [{"item": "stamp_duty", "payable": "1"}]}}),
     "inputs.slp_filing_year: 汇算清缴年度应为四位年份"),
])
def test_bad_input_is_a_clear_message_and_exit_2(tmp_path, text, message):
    p = run("compute", write(tmp_path, text))
    assert p.returncode == 2
    assert message in p.stderr
    assert "Traceback" not in p.stderr and p.stdout == ""


def test_missing_file(tmp_path):
    p = run("compute", tmp_path / "nothing.json")
    assert p.returncode == 2 and "文件不存在" in p.stderr


def test_every_bad_field_is_listed(tmp_path):
    p = run("compute", write(tmp_path, case_text(principal="x", contract_rate="-1")))
    assert p.returncode == 2
    assert "inputs.principal" in p.stderr and "inputs.contract_rate" in p.stderr


def test_warning_that_zeroes_is_still_exit_0(tmp_path):
    p = run("compute", write(tmp_path, case_text(contract_rate="7.00")))
    assert p.returncode == 0
    out = json.loads(p.stdout)
    assert out["total"] == "0.00" and out["warnings"][0]["blocking"]


def test_rules_listing_shows_marks_and_sources():
    p = run("rules", "--as-of", "2023-10-01")
    assert p.returncode == 0
    assert "财金〔2023〕75号" in p.stdout and "[D]" in p.stdout


def test_broken_rule_files_exit_3(tmp_path, monkeypatch):
    over = tmp_path / "userdata" / "overrides.json"
    over.write_text('{"format": "subsidy-desk/overrides@1", "parameters": {"nope": []}}', encoding="utf-8")
    p = run("compute", ROOT / "docs" / "cases" / "six_taxes.json")
    assert p.returncode == 3 and "overrides.json: nope: 没有这个政策参数" in p.stderr


def test_compute_checks_the_claim(tmp_path):
    data = json.loads((ROOT / "docs" / "cases" / "startup_loan.json").read_text(encoding="utf-8"))
    data["claim"] = {"amount": "27978.08"}
    path = write(tmp_path, json.dumps(data, ensure_ascii=False))
    out = json.loads(run("compute", path).stdout)
    assert out["claim_check"]["status_text"] == "口径不同"
    assert out["claim_check"]["reason"] == "申请金额按实际天数/365计算，与本程序按实际天数/360 相差 388.59 元"
    text = run("compute", "--text", path).stdout
    assert "申请金额 27978.08 元，核定金额 28366.67 元，差额 -388.59 元：口径不同。申请金额按实际天数/365计算" in text
