"""Hostile and careless input through the real console script: a Chinese message and exit 2 (3 for a broken
installation), never a traceback, never exit 1.

Each row runs `subsidy-desk` as a clerk's script would (a subprocess, the installed entry point), in a data folder
of its own. The full disk cannot be made for a subprocess, so it is injected in-process at the bottom.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .batch.conftest import LOAN, fill
from .conftest import ROOT

CASES = ROOT / "docs" / "cases"
SCRIPT = shutil.which("subsidy-desk", path=str(Path(sys.executable).parent)) or shutil.which("subsidy-desk")


def loan(**inputs) -> dict:
    data = json.loads((CASES / "startup_loan.json").read_text(encoding="utf-8"))
    data["inputs"].update(inputs)
    return data


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run(args: list, tmp_path: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, SUBSIDY_DESK_DATA_DIR=str(tmp_path / "userdata"), QT_QPA_PLATFORM="offscreen",
               PYTHONIOENCODING="utf-8")
    return subprocess.run([SCRIPT, *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                          errors="replace", env=env, timeout=120, cwd=tmp_path, input=stdin)


def _case(tmp_path, data) -> Path:
    text = data if isinstance(data, str) else json.dumps(data)  # \\uXXXX escapes: lone surrogates as JSON has them
    return write(tmp_path / "case.json", text)


def _batch(tmp_path, **cells) -> Path:
    return fill("startup_loan", [{**LOAN, **cells}], tmp_path / "名单.xlsx")


def _ledger(tmp_path) -> str:
    """A copy of a ledger with one approved case (li entered it, wang approved it), made once per run."""
    template = tmp_path.parent / "hostile-ledger.sqlite3"  # the run's base folder, shared by these tests
    if not template.exists():
        _make_ledger(tmp_path, template)
    shutil.copyfile(template, tmp_path / "ledger.sqlite3")
    return f"sqlite:///{tmp_path / 'ledger.sqlite3'}"


def _make_ledger(tmp_path, path: Path) -> None:
    db = f"sqlite:///{path}"
    for args in (["grant", "wang", "审核", "--user", "wang"], ["grant", "li", "经办", "--user", "wang"],
                 ["grant", "zhao", "财务", "--user", "wang"], ["add", CASES / "startup_loan.json", "--user", "li"],
                 ["approve", "1", "--user", "wang"]):
        done = run(["ledger", *args, "--db", db], tmp_path)
        assert done.returncode == 0, done.stderr


def _text_file(tmp_path) -> str:
    return f"sqlite:///{write(tmp_path / 'notes.txt', '这是一个文本文件，不是台账。' * 200)}"


def _backup(tmp_path, text) -> Path:
    return write(tmp_path / "backup.json", text)


NOWHERE = "/nonexistent/x.xlsx"
BACKUP_HEAD = '{"format": "subsidy-desk/ledger-backup@1", "schema_revision": "%s", "program_version": "x", '

# (name, arguments given tmp_path, exit status, words the message must hold)
TABLE = [
    ("integer of 5,000 digits", lambda t: ["compute", _case(t, json.dumps(loan()).replace('"3000000.00"', "9" * 5000))],
     2, "数字过长"),
    ("JSON nested 5,000 deep", lambda t: ["compute", _case(t, "[" * 5000 + "]" * 5000)], 2, "嵌套层数过深"),
    ("lone surrogate in a name", lambda t: ["compute", _case(t, {**loan(), "applicant": {"name": "忻州\ud800公司"}})],
     2, "applicant.name: 含有不可见的控制字符"),
    ("control character in a name", lambda t: ["compute", _case(t, {**loan(), "applicant": {"name": "忻州\x01公司"}})],
     2, "U+0001"),
    ("duplicate keys", lambda t: ["compute", _case(t, '{"format": "subsidy-desk/case@1", "kind": "x", "kind": "y"}')],
     2, "出现了两次"),
    ("rate 1e-999999999", lambda t: ["compute", _case(t, loan(contract_rate="1e-999999999"))], 2, "小数位数过多"),
    ("1__0 as staff", lambda t: ["compute", _case(t, loan(staff_count="1__0"))], 2, "inputs.staff_count: 应为整数"),
    ("Arabic-Indic principal", lambda t: ["compute", _case(t, loan(principal="٣٠٠٠٠٠٠"))], 2, "不是 0–9 的数字"),
    ("ISO week date", lambda t: ["compute", _case(t, loan(contract_date="2022-W25-2"))], 2, "不是有效日期"),
    ("1e999 in a batch cell", lambda t: ["batch", _batch(t, **{"贷款本金（元）": "1e999"}), "-o", t / "out.xlsx"],
     2, "数值过大"),
    ("batch -o nowhere", lambda t: ["batch", _batch(t), "-o", NOWHERE], 2, "文件夹不存在"),
    ("batch -o a folder", lambda t: ["batch", _batch(t), "-o", t], 2, "是一个文件夹"),
    ("batch worksheets under a file", lambda t: ["batch", _batch(t), "-o", t / "o.xlsx", "--worksheets",
                                                 write(t / "f.txt", "x") / "dir"], 2, "申请表"),
    ("template nowhere", lambda t: ["template", "startup_loan", "-o", NOWHERE], 2, "文件夹不存在"),
    ("worksheet nowhere", lambda t: ["worksheet", CASES / "startup_loan.json", "-o", NOWHERE], 2, "文件夹不存在"),
    ("summary nowhere", lambda t: ["summary", CASES / "startup_loan.json", "-o", NOWHERE], 2, "文件夹不存在"),
    ("worksheet pdf nowhere", lambda t: ["worksheet", CASES / "startup_loan.json", "--pdf", "/nonexistent/x.pdf"],
     2, "文件夹不存在"),
    ("pay 1e999", lambda t: ["ledger", "pay", "1", "--date", "2022-10-08", "--amount", "1e999", "--doc", "P",
                             "--db", _ledger(t), "--user", "zhao"], 2, "--amount"),
    ("pay NaN", lambda t: ["ledger", "pay", "1", "--date", "2022-10-08", "--amount", "NaN", "--doc", "P",
                           "--db", _ledger(t), "--user", "zhao"], 2, "--amount"),
    ("case id 10^20", lambda t: ["ledger", "show", str(10 ** 20), "--db", _ledger(t), "--user", "li"], 2, "台账号"),
    ("case id -1", lambda t: ["ledger", "approve", "-1", "--db", _ledger(t), "--user", "wang"], 2, "台账号"),
    ("--db a text file", lambda t: ["ledger", "list", "--db", _text_file(t), "--user", "li"], 2, "台账"),
    ("--db a folder", lambda t: ["ledger", "list", "--db", f"sqlite:///{t}", "--user", "li"], 2, "台账"),
    ("--db nonsense", lambda t: ["ledger", "list", "--db", "nosuchdb://x", "--user", "li"], 2, "不支持的台账数据库"),
    ("export nowhere", lambda t: ["ledger", "export", "-o", NOWHERE, "--db", _ledger(t), "--user", "li"], 2,
     "文件夹不存在"),
    ("export into a file", lambda t: ["ledger", "export", "-o", write(t / "f.txt", "x") / "x.xlsx", "--db", _ledger(t),
                                      "--user", "li"], 2, "无法"),
    ("backup nowhere", lambda t: ["ledger", "backup", "/nonexistent/b.json", "--db", _ledger(t), "--user", "li"], 2,
     "文件夹不存在"),
    ("restore not JSON", lambda t: ["ledger", "restore", _backup(t, "not json"), "--db", f"sqlite:///{t / 'n.db'}",
                                    "--user", "wang"], 2, "备份文件"),
    ("restore tables a list", lambda t: ["ledger", "restore", _backup(t, (BACKUP_HEAD % _head()) + '"tables": []}'),
                                         "--db", f"sqlite:///{t / 'n.db'}", "--user", "wang"], 2, "备份文件"),
    ("restore a bad row", lambda t: ["ledger", "restore", _backup(t, (BACKUP_HEAD % _head())
                                                                   + '"tables": {"cases": [{"id": "x", "nope": 1}]}}'),
                                     "--db", f"sqlite:///{t / 'n.db'}", "--user", "wang"], 2, "备份文件"),
    ("restore a bad date", lambda t: ["ledger", "restore", _backup(t, (BACKUP_HEAD % _head())
                                                                    + '"tables": {"payments": [{"paid_on": "2022-W01-1"}]}}'),
                                      "--db", f"sqlite:///{t / 'n.db'}", "--user", "wang"], 2, "备份文件"),
    ("restore nested", lambda t: ["ledger", "restore", _backup(t, "[" * 5000 + "]" * 5000), "--db",
                                  f"sqlite:///{t / 'n.db'}", "--user", "wang"], 2, "嵌套层数过深"),
    ("overrides nested (broken installation)", lambda t: _overrides(t, "[" * 5000 + "]" * 5000), 3, "规则文件有误"),
    ("overrides with a huge number", lambda t: _overrides(t, '{"format": ' + "1" * 5000 + "}"), 3, "规则文件有误"),
]


def _head() -> str:
    from subsidy_desk.ledger.database import head_revision

    return head_revision()


def _overrides(tmp_path, text) -> list:
    (tmp_path / "userdata").mkdir(exist_ok=True)
    write(tmp_path / "userdata" / "overrides.json", text)
    return ["compute", CASES / "startup_loan.json"]


@pytest.mark.skipif(SCRIPT is None, reason="the console script is installed with the package (pip install -e .)")
@pytest.mark.parametrize("name,args,code,words", TABLE, ids=[row[0] for row in TABLE])
def test_hostile_input_gets_a_chinese_message_and_a_clean_exit(tmp_path, name, args, code, words):
    done = run(args(tmp_path), tmp_path)
    assert "Traceback" not in done.stderr and "Error:" not in done.stderr, done.stderr
    assert done.returncode == code, (done.returncode, done.stderr)
    assert words in done.stderr, done.stderr
    assert not list(tmp_path.glob("**/.*.tmp")), "a temporary file was left behind"


@pytest.mark.parametrize("argv", [
    ["worksheet", CASES / "startup_loan.json", "-o", "{t}/w.xlsx"],
    ["summary", CASES / "startup_loan.json", "-o", "{t}/s.xlsx"],
    ["template", "startup_loan", "-o", "{t}/t.xlsx"],
    ["batch", "{list}", "-o", "{t}/r.xlsx"],
])
def test_a_full_disk_is_a_message_and_exit_2_and_the_old_file_stays(tmp_path, monkeypatch, capsys, argv):
    from subsidy_desk.cli import main

    listed = _batch(tmp_path)
    argv = [str(a).replace("{t}", str(tmp_path)).replace("{list}", str(listed)) for a in argv]
    target = Path(argv[-1])
    target.write_bytes(b"the old file")

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "磁盘空间不足" in err and "Traceback" not in err
    assert target.read_bytes() == b"the old file"
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("argv", [
    ["template", "startup_loan", "-o", "{t}/t.xlsx"],
    ["worksheet", CASES / "startup_loan.json", "-o", "{t}/w.xlsx"],
    ["summary", CASES / "startup_loan.json", "-o", "{t}/s.xlsx"],
    ["batch", "{list}", "-o", "{t}/r.xlsx"],
])
def test_a_read_only_target_is_refused_with_the_reason_unless_forced(tmp_path, capsys, argv):
    """Issue 14, point 6: a read-only file is never replaced without a word; --force replaces it, still read-only."""
    import stat

    from subsidy_desk.cli import main

    listed = _batch(tmp_path)
    argv = [str(a).replace("{t}", str(tmp_path)).replace("{list}", str(listed)) for a in argv]
    target = Path(argv[-1])
    target.write_bytes(b"the old file")
    target.chmod(0o444)
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "是只读文件，未覆盖" in err and "--force" in err
    assert target.read_bytes() == b"the old file"
    assert main([*argv, "--force"]) == 0
    assert target.read_bytes()[:2] == b"PK"  # a workbook now
    assert not target.stat().st_mode & stat.S_IWUSR  # and still marked read-only, as the clerk had it
