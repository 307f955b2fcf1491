"""`subsidy-desk worksheet` and `subsidy-desk summary` run as a clerk's IT person would: real processes."""
import json
import subprocess
import sys
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ..conftest import ROOT
from .conftest import KINDS, case_path


def run(*args, env_extra=None, data_dir=None):
    import os

    env = dict(os.environ)
    env.update(env_extra or {})
    if data_dir is not None:
        env["SUBSIDY_DESK_DATA_DIR"] = str(data_dir)
    return subprocess.run([sys.executable, "-m", "subsidy_desk", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env)


@pytest.mark.parametrize("kind", KINDS)
def test_worksheet_writes_the_workbook(tmp_path, kind):
    out = tmp_path / f"{kind}.xlsx"
    p = run("worksheet", case_path(kind), "-o", out)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == str(out)
    assert load_workbook(out).sheetnames == ["申请表", "计算明细", "计算依据"]


def test_worksheet_uses_the_office_settings(tmp_path, data_dir):
    (data_dir / "office.json").write_text(json.dumps({"name": "原平市财政局", "clerk": "王五"}), encoding="utf-8")
    out = tmp_path / "w.xlsx"
    p = run("worksheet", case_path("six_taxes"), "-o", out, data_dir=data_dir)
    assert p.returncode == 0, p.stderr
    text = " ".join(str(c.value) for r in load_workbook(out)["申请表"].iter_rows() for c in r if c.value)
    assert "原平市财政局" in text and "经办人：王五" in text


def test_bad_case_exits_2_with_field_messages(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "subsidy-desk/case@1", "kind": "startup_loan",
                               "inputs": {"borrower_type": "individual", "principal": "x",
                                          "contract_date": "2022-09-01", "maturity_date": "2023-09-01",
                                          "contract_rate": "-1"}}), encoding="utf-8")
    out = tmp_path / "out.xlsx"
    p = run("worksheet", bad, "-o", out)
    assert p.returncode == 2
    assert "inputs.principal" in p.stderr and "inputs.contract_rate" in p.stderr and str(bad) in p.stderr
    assert "Traceback" not in p.stderr and not out.exists()


def test_unwritable_output_exits_2_with_a_message(tmp_path):
    p = run("worksheet", case_path("six_taxes"), "-o", tmp_path / "no" / "such" / "folder.xlsx")
    assert p.returncode == 2 and "-o: 文件夹不存在" in p.stderr and "Traceback" not in p.stderr


def test_worksheet_needs_an_output(tmp_path):
    p = run("worksheet", case_path("six_taxes"))
    assert p.returncode == 2 and "-o" in p.stderr


def test_summary(tmp_path):
    out = tmp_path / "sum.xlsx"
    p = run("summary", *(case_path(k) for k in KINDS), case_path("long_monthly_loan"), "-o", out)
    assert p.returncode == 0, p.stderr
    ws = load_workbook(out)["汇总表"]
    grand = next(r for r in ws.iter_rows(values_only=True) if r[1] == "合计")
    assert Decimal(str(grand[8])) == (Decimal("28366.67") + Decimal("2465.75") + Decimal("20000.00") + Decimal("225.00")
                                      + Decimal("10046.64"))


def test_summary_lists_every_bad_file_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    out = tmp_path / "sum.xlsx"
    p = run("summary", case_path("six_taxes"), bad, tmp_path / "missing.json", "-o", out)
    assert p.returncode == 2
    assert "这不是本程序的案例文件" in p.stderr and "文件不存在" in p.stderr
    assert not out.exists()


def test_a_claim_is_checked_on_the_basis_sheet_and_the_pdf(tmp_path):
    data = json.loads(case_path("startup_loan").read_text(encoding="utf-8"))
    data["claim"] = {"amount": "27978.08"}
    path = tmp_path / "claimed.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out, pdf = tmp_path / "c.xlsx", tmp_path / "c.pdf"
    p = run("worksheet", path, "-o", out, "--pdf", pdf)
    assert p.returncode == 0, p.stderr
    basis = [[c for c in row if c is not None] for row in load_workbook(out)["计算依据"].iter_rows(values_only=True)]
    step = next(row for row in basis if "申请金额核对" in row)
    assert "合计 申请 27,978.08 核定 28,366.67 差额 -388.59" in step
    assert "口径不同；申请金额按实际天数/365计算，与本程序按实际天数/360 相差 388.59 元" in step
    assert pdf.stat().st_size > 0


def test_worksheet_without_a_name_says_so(tmp_path):
    data = json.loads(case_path("six_taxes").read_text(encoding="utf-8"))
    data["applicant"].pop("name", None)
    path = tmp_path / "anon.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    p = run("worksheet", path, "-o", tmp_path / "a.xlsx")
    assert p.returncode == 0 and "申请人名称未填写" in p.stderr and "（未填写）" in p.stderr
