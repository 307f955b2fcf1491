"""`subsidy-desk ledger ...`: the ledger from the command line, for IT staff and scripts.

Every command takes ``--db URL`` (default: the SQLite file in the user's data folder) and ``--user NAME`` (ignored
in favour of the login on PostgreSQL). Exit 0 done, 2 refused (bad input, duplicate claim, a step the user or the
case's status does not allow, a database from a newer program), with one Chinese message per problem on stderr.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..measures.registry import measures

EXIT_REFUSED = 2


class _ChineseParser(argparse.ArgumentParser):
    """argparse complains in English ("the following arguments are required: --reason"); a clerk running a ledger
    command gets the complaint in Chinese instead, naming the argument and what it is for, and exit 2."""

    def _described(self, name: str) -> str:
        for action in self._actions:
            if name in action.option_strings or name in (action.dest, action.metavar):
                return f"{name}（{action.help}）" if action.help else name
        return name

    def error(self, message: str):
        if m := re.match(r"the following arguments are required: (.+)", message):
            text = "缺少参数：" + "、".join(self._described(n.strip()) for n in m.group(1).split(","))
        elif m := re.match(r"argument (\S+): invalid int value: (.+)", message):
            text = f"{self._described(m.group(1))}：{m.group(2)} 不是整数"
        elif m := re.match(r"argument (\S+): invalid choice: (\S+) \(choose from (.+)\)", message):
            text = f"{self._described(m.group(1))}：{m.group(2)} 不是可选值（可选：{m.group(3)}）"
        elif m := re.match(r"argument (\S+): expected one argument", message):
            text = f"{self._described(m.group(1))} 后面缺少取值"
        elif m := re.match(r"argument (\S+): (.*[\u4e00-\u9fff].*)", message, re.S):  # our own types' words
            text = f"{self._described(m.group(1))}：{m.group(2)}"
        else:
            text = f"命令参数有误：{message}"
        self.exit(EXIT_REFUSED, f"{self.prog}：{text}\n")


def _case_id(text: str) -> int:
    """A 台账号 as typed: a positive whole number a database can hold (10^20 is refused here, not by SQLite)."""
    from ..money import parse_count

    try:
        number = parse_count(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"台账号应为正整数（如 12），不是“{text[:20]}”")
    return number


def register(sub) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", help="台账数据库：sqlite:///文件 或 postgresql+psycopg://用户@服务器/库名；"
                                                    "默认为用户数据文件夹中的 ledger.sqlite3")
    common.add_argument("--user", metavar="NAME", help="用户名（PostgreSQL 上为数据库登录名，无需指定）")
    ledger = sub.add_parser("ledger", help="台账：登记、审核、拨付、查询、导出、备份")
    ledger.__class__ = _ChineseParser  # made by the top-level parser's class; only error() differs
    cmds = ledger.add_subparsers(dest="ledger_command", metavar="台账命令", required=True,
                                 parser_class=_ChineseParser)

    def cmd(name, help, run):
        p = cmds.add_parser(name, help=help, parents=[common])
        p.set_defaults(run=run)
        return p

    cmd("add", "计算并登记案例文件（多个时全部登记或全不登记），输出台账号", _add).add_argument("case", type=Path, nargs="+", help="案例文件（JSON）")
    p = cmd("list", "列出台账", _list)
    p.add_argument("--status", help="只列出该状态")
    p.add_argument("--kind", help=f"只列出该类型（{' / '.join(measures())}）")
    p.add_argument("--credit-code", help="只列出该统一社会信用代码")
    p = cmd("recompute", "按改正后的案例文件重新计算一个台账案例（保存为新版本，旧版本保留；已退回的案例由此重新提交）",
            _recompute)
    p.add_argument("id", type=_case_id, help="台账号")
    p.add_argument("case", type=Path, help="改正后的案例文件（JSON）")
    cmd("show", "显示一个案例的当前版本和计算说明", _show).add_argument("id", type=_case_id, help="台账号")
    cmd("printed", "记录申请表已打印", _printed).add_argument("id", type=_case_id, help="台账号")
    cmd("approve", "审核通过（不能审核自己登记的案例）", _approve).add_argument("id", type=_case_id, help="台账号")
    p = cmd("return", "退回案例", _return)
    p.add_argument("id", type=_case_id, help="台账号")
    p.add_argument("--reason", required=True, help="退回原因")
    p = cmd("pay", "登记拨付（金额须等于审定金额）", _pay)
    p.add_argument("id", type=_case_id, help="台账号")
    p.add_argument("--date", required=True, help="拨付日期 YYYY-MM-DD")
    p.add_argument("--amount", required=True, help="拨付金额（元）")
    p.add_argument("--doc", required=True, help="拨付凭证号")
    cmd("history", "显示一个案例（不给台账号则全部）的变更历史", _history).add_argument("id", type=_case_id, nargs="?", help="台账号")
    p = cmd("export", "导出台账和汇总到 Excel 工作簿", _export)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--force", action="store_true", help="输出文件为只读时仍然覆盖（默认拒绝并说明原因）")
    p = cmd("backup", "备份整个台账（含历史）到一个文件", _backup)
    p.add_argument("file", type=Path)
    p.add_argument("--force", action="store_true", help="输出文件为只读时仍然覆盖（默认拒绝并说明原因）")
    cmd("restore", "从备份文件恢复到空台账", _restore).add_argument("file", type=Path)
    p = cmd("grant", "给用户授予角色（经办、审核、财务）；新台账的第一个角色须是审核", _grant)
    p.add_argument("name")
    p.add_argument("role", nargs="+", choices=["经办", "审核", "财务"])
    p = cmd("revoke", "停用用户的角色（离职人员；记录保留）", _revoke)
    p.add_argument("name")
    p.add_argument("role", nargs="+", choices=["经办", "审核", "财务"])
    cmd("users", "列出用户及其角色", _users)
    cmd("enterprise", "一个企业在三项政策下获得的支持合计", _enterprise).add_argument("credit_code")


def _refuse(*messages: str) -> int:
    for m in messages:
        print(m, file=sys.stderr)
    return EXIT_REFUSED


def _run(args, action) -> int:
    """Open the ledger, run ``action(ledger)``, and turn every refusal into a message and exit 2."""
    import warnings

    import sqlalchemy.exc as sa_exc

    from ..fields import InputError
    from . import Ledger, LedgerError, NetworkShareWarning

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", NetworkShareWarning)
            ledger = Ledger(args.db, args.user)
        for w in caught:
            print(f"警告：{w.message}", file=sys.stderr)
        with ledger:
            return action(ledger) or 0
    except InputError as exc:
        return _refuse(*map(str, exc.errors))
    except LedgerError as exc:
        return _refuse(str(exc))
    except sa_exc.DBAPIError as exc:  # a text file, a folder, a server that is not a ledger
        return _refuse(f"--db 所指的不是可用的台账数据库（{str(exc.orig).splitlines()[0][:120]}）；请检查路径或服务器")


def _add(args) -> int:
    from ..case import read_case

    def act(ledger):
        for case_id in ledger.add_many((read_case(path), None) for path in args.case):
            print(case_id)

    return _run(args, act)


def _recompute(args) -> int:
    from ..case import read_case

    def act(ledger):
        number = ledger.recompute(args.id, read_case(args.case))
        print(f"台账第 {args.id} 号已重新计算，现为第 {number} 版")

    return _run(args, act)


LIST_HEADERS = ("台账号", "类型", "申请人", "统一社会信用代码", "县区", "状态", "金额", "登记人", "登记日期")


def _list(args) -> int:
    from ..format import fmt_amount

    def act(ledger):
        print("\t".join(LIST_HEADERS))
        for e in ledger.entries(credit_code=args.credit_code, status=args.status, kind=args.kind):
            total = fmt_amount(e.total) if e.total is not None else "—"
            print(f"{e.id}\t{e.kind_title}\t{e.applicant_name}\t{e.credit_code}\t{e.county}\t{e.status}\t{total}\t"
                  f"{e.created_by}\t{e.created_on.isoformat()}" + (f"\t退回原因：{e.return_reason}" if e.return_reason else ""))

    return _run(args, act)


def _show(args) -> int:
    def act(ledger):
        e = ledger.get(args.id)
        v = ledger.versions(args.id)[-1]
        print(f"台账第 {e.id} 号 {e.kind_title} {e.applicant_name} 状态 {e.status} 版本 {v.number}")
        print(f"规则集 {v.rule_version} {v.rule_hash}；计算人 {v.computed_by}；程序版本 {v.program_version}")
        print(v.explanation or "（草稿，未计算）")

    return _run(args, act)


def _printed(args) -> int:
    return _run(args, lambda ledger: ledger.mark_printed(args.id))


def _approve(args) -> int:
    return _run(args, lambda ledger: ledger.approve(args.id))


def _return(args) -> int:
    return _run(args, lambda ledger: ledger.send_back(args.id, args.reason))


def _pay(args) -> int:
    from ..fields import parse_date
    from ..money import parse_decimal

    try:
        day = parse_date(args.date)
    except ValueError as exc:
        return _refuse(f"--date：{exc}")
    try:
        amount = parse_decimal(args.amount)
    except ValueError as exc:
        return _refuse(f"--amount：{exc}")
    return _run(args, lambda ledger: ledger.pay(args.id, day, amount, args.doc))


def _history(args) -> int:
    def act(ledger):
        for ev in ledger.history(args.id):
            where = f"第 {ev.case_id} 号\t" if args.id is None and ev.case_id is not None else ""
            print(f"{ev.at}\t{where}{ev.user}\t{ev.action}\t{ev.describe()}\t程序 {ev.program_version}")

    return _run(args, act)


def _export(args) -> int:
    from .export import write_workbook

    def act(ledger):
        entries = ledger.entries()
        write_workbook(entries, args.output)
        print(f"已导出 {len(entries)} 条到 {args.output}")

    return _run(args, act)


def _backup(args) -> int:
    def act(ledger):
        counts = ledger.backup(args.file)
        print(f"已备份到 {args.file}：" + "，".join(f"{k} {v} 行" for k, v in counts.items()))

    return _run(args, act)


def _restore(args) -> int:
    def act(ledger):
        counts = ledger.restore(args.file)
        print(f"已从 {args.file} 恢复：" + "，".join(f"{k} {v} 行" for k, v in counts.items()))

    return _run(args, act)


def _grant(args) -> int:
    def act(ledger):
        for role in args.role:
            ledger.grant(args.name, role)
        print(f"{args.name}：{'、'.join(sorted(ledger.roles(args.name)))}")

    return _run(args, act)


def _revoke(args) -> int:
    def act(ledger):
        for role in args.role:
            ledger.revoke(args.name, role)
        print(f"{args.name}：{'、'.join(sorted(ledger.roles(args.name))) or '（无角色）'}")

    return _run(args, act)


def _users(args) -> int:
    def act(ledger):
        for name, roles in ledger.users().items():
            print(f"{name}\t{'、'.join(sorted(roles))}")

    return _run(args, act)


def _enterprise(args) -> int:
    from ..format import fmt_amount

    def act(ledger):
        for title, row in ledger.enterprise(args.credit_code).items():
            print(f"{title}\t{row['件数']} 件\t申报 {fmt_amount(row['申报'])}\t审定 {fmt_amount(row['审定'])}\t"
                  f"拨付 {fmt_amount(row['拨付'])}")

    return _run(args, act)
