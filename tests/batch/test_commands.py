"""`subsidy-desk template` and `subsidy-desk batch`: exit codes, messages, and nothing written when rows are bad."""
import subprocess
import sys

from openpyxl import load_workbook

from subsidy_desk.cli import main

from ..conftest import ROOT
from .conftest import GUARANTEE, LOAN, credit_code


def test_template_then_batch_as_a_real_process(tmp_path):
    template = tmp_path / "模板.xlsx"
    p = subprocess.run([sys.executable, "-m", "subsidy_desk", "template", "guarantee_fee", "-o", str(template)],
                       capture_output=True, text=True, encoding="utf-8", cwd=ROOT)
    assert p.returncode == 0, p.stderr
    assert load_workbook(template).sheetnames == ["担保费补贴", "填写说明"]


def test_batch_good_list(filled, tmp_path, capsys):
    path = filled("guarantee_fee", [GUARANTEE, {**GUARANTEE, "申请人名称": "乙", "统一社会信用代码": credit_code(1)}])
    out = tmp_path / "results.xlsx"
    assert main(["batch", str(path), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "已计算 2 件，金额合计 4931.50 元" in err and "\r" not in err  # no progress line when not on a terminal
    assert "明细-担保费补贴" in load_workbook(out).sheetnames


def test_progress_line_on_a_terminal(filled, tmp_path, capsys, monkeypatch):
    path = filled("guarantee_fee", [GUARANTEE])
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["batch", str(path), "-o", str(tmp_path / "r.xlsx")]) == 0
    assert "\r计算中 1/1\n" in capsys.readouterr().err


def test_bad_rows_write_nothing_and_exit_2(filled, tmp_path, capsys):
    path = filled("startup_loan", [LOAN, {**LOAN, "序号": 2, "到期日": "2024-02-30"},
                                   {**LOAN, "序号": 3, "统一社会信用代码": "123"}])
    out = tmp_path / "results.xlsx"
    assert main(["batch", str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("第 4 行 到期日：日期不存在（'2024-02-30'）")
    assert err[1].startswith("第 5 行 统一社会信用代码：'123' 应为 18 位")
    assert "共 3 行，其中 2 行有误" in err[-1]
    assert not out.exists()


def test_rows_the_rules_do_not_cover_are_bad_rows_too(filled, tmp_path, capsys):
    path = filled("guarantee_fee", [GUARANTEE, {**GUARANTEE, "统一社会信用代码": credit_code(4),
                                                "担保期限起": "2012-01-01", "担保期限止（含当日）": "2012-06-01"}])
    out = tmp_path / "results.xlsx"
    assert main(["batch", str(path), "-o", str(out)]) == 2
    assert "第 4 行 担保期限起：" in capsys.readouterr().err
    assert not out.exists()


def test_refused_file_exit_2(tmp_path, capsys):
    path = tmp_path / "list.xlsm"
    path.write_bytes(b"PK")
    assert main(["batch", str(path), "-o", str(tmp_path / "r.xlsx")]) == 2
    assert "启用宏" in capsys.readouterr().err


def test_empty_list_exit_2(tmp_path, capsys):
    template = tmp_path / "t.xlsx"
    assert main(["template", "six_taxes", "-o", str(template)]) == 0
    assert main(["batch", str(template), "-o", str(tmp_path / "r.xlsx")]) == 2
    assert "没有数据行" in capsys.readouterr().err


def test_how_messy_cells_were_read_is_said_on_stderr_and_in_the_results(filled, tmp_path, capsys, monkeypatch):
    path = filled("guarantee_fee", [{**GUARANTEE, "担保金额（元）": "1,000,000.00"}])
    out = tmp_path / "results.xlsx"
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["batch", str(path), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    progress = "\r计算中 1/1\n"
    lines = err[err.index(progress) + len(progress):].split("\n")
    assert lines[:3] == ["读取说明：H3 担保金额（元）：金额按文本 '1,000,000.00' 读取",
                         "读取说明：I3 担保期限起：日期按文本 '2022-07-01' 读取为 2022年7月1日",
                         "读取说明：J3 担保期限止（含当日）：日期按文本 '2022-12-27' 读取为 2022年12月27日"]
    sheet = load_workbook(out)["读取说明"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("行号", "单元格", "列", "读取说明")
    assert rows[1] == (3, "H3", "担保金额（元）", "金额按文本 '1,000,000.00' 读取") and len(rows) == 4


def test_clean_list_has_no_reading_notes(filled, tmp_path, capsys):
    from datetime import date

    path = filled("guarantee_fee", [{**GUARANTEE, "担保期限起": date(2022, 7, 1), "担保期限止（含当日）": date(2022, 12, 27)}])
    out = tmp_path / "results.xlsx"
    assert main(["batch", str(path), "-o", str(out)]) == 0
    assert "读取说明" not in capsys.readouterr().err
    assert "读取说明" not in load_workbook(out).sheetnames
