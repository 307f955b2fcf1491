"""`subsidy-desk ledger ...` end to end: ids printed, duplicates exit 2 naming the earlier id, export, backup."""
from datetime import date

import pytest

from subsidy_desk.cli import main

from .conftest import CASES

TODAY = date.today().isoformat()


@pytest.fixture
def run(capsys, staff):
    """Run a ledger command as clerk ``as_`` on the test database; return (exit code, stdout, stderr)."""
    def run(*args, as_="li"):
        user = [] if staff.pg else ["--user", as_]
        code = main(["ledger", *map(str, args), "--db", staff.url_for(as_), *user])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_add_approve_pay_and_history(run):
    code, out, _ = run("add", CASES / "startup_loan.json")
    assert (code, out) == (0, "1\n")
    code, _, err = run("add", CASES / "startup_loan.json", as_="chen")
    assert code == 2 and "已登记为台账第 1 号" in err and "Traceback" not in err
    code, _, err = run("approve", 1)
    assert code == 2 and "没有“审核”角色" in err
    assert run("approve", 1, as_="wang")[0] == 0
    code, _, err = run("pay", 1, "--date", TODAY, "--amount", "28366.00", "--doc", "P-1", as_="zhao")
    assert code == 2 and "与审定金额 28,366.67 元不符" in err
    assert run("pay", 1, "--date", TODAY, "--amount", "28,366.67", "--doc", "P-1", as_="zhao")[0] == 0
    code, out, _ = run("history", 1)
    assert [line.split("\t")[2] for line in out.splitlines()] == ["登记", "审核通过", "拨付"]
    code, out, _ = run("list")
    assert "已拨付\t28,366.67" in out


def test_return_needs_a_reason_and_shows_it(run):
    run("add", CASES / "six_taxes.json")
    assert run("return", 1, "--reason", "缺完税证明", as_="wang")[0] == 0
    assert "退回原因：缺完税证明" in run("list", "--status", "已退回")[1]


def test_bad_case_file_and_bad_date_give_one_message_per_field(run, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text((CASES / "guarantee_fee.json").read_text(encoding="utf-8").replace('"DB-2022-0701"', '""'),
                   encoding="utf-8")
    code, _, err = run("add", bad)
    assert code == 2 and "inputs.contract_no" in err and "担保合同编号" in err
    code, _, err = run("pay", 1, "--date", "2022-13-01", "--amount", "1", "--doc", "x", as_="zhao")
    assert code == 2 and err.startswith("--date")


def test_adding_several_files_is_all_or_none(run):
    code, _, err = run("add", CASES / "guarantee_fee.json", CASES / "guarantee_fee.json")
    assert code == 2 and "第 2 条与第 1 条是同一申请" in err
    assert run("list")[1] == "台账号\t类型\t申请人\t统一社会信用代码\t县区\t状态\t金额\t登记人\t登记日期\n"  # headers only
    code, out, _ = run("add", CASES / "guarantee_fee.json", CASES / "six_taxes.json")
    assert out.split() == ["1", "2"]


def test_export_writes_the_ledger_and_its_summaries(run, tmp_path):
    from decimal import Decimal

    from openpyxl import load_workbook

    run("add", CASES / "startup_loan.json", CASES / "guarantee_fee.json", CASES / "six_taxes.json")
    run("approve", 1, as_="wang")
    code, out, _ = run("export", "-o", tmp_path / "台账.xlsx")
    assert code == 0 and "已导出 3 条" in out
    wb = load_workbook(tmp_path / "台账.xlsx")
    assert wb.sheetnames == ["台账", "汇总", "企业汇总"]
    rows = list(wb["台账"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [1, 2, 3] and rows[0][5] == "已审核"
    summary = {(r[0], r[1]): r[2:] for r in wb["汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary[("合计", "小计")][0] == 3
    assert Decimal(str(summary[("合计", "小计")][1])) == Decimal("28366.67") + Decimal("2465.75") + Decimal("225.00")
    assert Decimal(str(summary[("合计", "已审核")][2])) == Decimal("28366.67")
    firms = list(wb["企业汇总"].iter_rows(min_row=2, values_only=True))
    assert len(firms) == 3


def test_backup_and_restore_commands(run, tmp_path, staff):
    import json

    run("add", CASES / "startup_loan.json")
    code, out, _ = run("backup", tmp_path / "b.json")
    assert code == 0 and "cases 1 行" in out
    code, _, err = run("restore", tmp_path / "b.json")
    assert code == 2 and "只能恢复到空的台账" in err
    assert json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["tables"]["cases"][0]["id"] == 1


def test_a_newer_database_is_refused_by_the_command_line(run, staff):
    import sqlalchemy as sa

    with staff.owner.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = 'ffff'"))
    code, _, err = run("list")
    assert code == 2 and "较新版本的程序" in err


def test_a_sent_back_case_is_recomputed_from_its_corrected_file(run, tmp_path):
    run("add", CASES / "six_taxes.json")
    run("return", 1, "--reason", "缺完税证明", as_="wang")
    fixed = tmp_path / "fixed.json"
    fixed.write_text((CASES / "six_taxes.json").read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run("recompute", 1, fixed)
    assert (code, out, err) == (0, "台账第 1 号已重新计算，现为第 2 版\n", "")
    assert "\t已计算\t" in run("list")[1]
    code, _, err = run("recompute", 1, CASES / "startup_loan.json")
    assert code == 2 and "不能改为" in err and "Traceback" not in err
    run("approve", 1, as_="wang")
    code, _, err = run("recompute", 1, fixed)
    assert code == 2 and "状态为“已审核”" in err


@pytest.mark.parametrize("args, said", [
    (["return", "1"], "缺少参数：--reason（退回原因）"),
    (["pay", "1", "--date", "2022-10-08"], "缺少参数：--amount（拨付金额（元））、--doc（拨付凭证号）"),
    (["show", "x"], "id（台账号）：台账号应为正整数（如 12），不是“x”"),
    (["recompute", "1"], "缺少参数：case（改正后的案例文件（JSON））"),
    ([], "缺少参数：台账命令"),
    (["nosuch"], "台账命令：'nosuch' 不是可选值"),
], ids=["return", "pay", "show", "recompute", "no-command", "unknown-command"])
def test_argument_mistakes_are_told_in_chinese(capsys, args, said):
    with pytest.raises(SystemExit) as exit_:
        main(["ledger", *args])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "required" not in err and "invalid" not in err


def test_list_prints_its_column_headers_over_the_rows(run):
    run("add", CASES / "six_taxes.json")
    header, row = run("list")[1].splitlines()
    assert header.split("\t")[:3] == ["台账号", "类型", "申请人"] and len(header.split("\t")) == len(row.split("\t"))


def test_the_first_grant_on_the_command_line_must_be_a_reviewer(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    assert main(["ledger", "grant", "li", "经办", "--db", url, "--user", "admin"]) == 2
    assert "新台账的第一个角色必须是“审核”" in capsys.readouterr().err
    assert main(["ledger", "grant", "wang", "审核", "--db", url, "--user", "admin"]) == 0
    assert main(["ledger", "grant", "li", "经办", "--db", url, "--user", "wang"]) == 0
    assert main(["ledger", "revoke", "li", "经办", "--db", url, "--user", "wang"]) == 0
    capsys.readouterr()
    assert main(["ledger", "users", "--db", url, "--user", "wang"]) == 0
    assert capsys.readouterr().out == "wang\t审核\n"
