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
    rules = cmds.add_parser("rules", help="本单位规则：查看、发布（审核）、影响、历史、导出、导入")
    rules_cmds = rules.add_subparsers(dest="rules_command", metavar="规则命令", required=True,
                                      parser_class=_ChineseParser)

    def rules_cmd(name, help, run):
        p = rules_cmds.add_parser(name, help=help, parents=[common])
        p.set_defaults(run=run)
        return p

    rules_cmd("show", "显示本单位现行规则（版本、哈希、依据、调整项）", _rules_show)
    p = rules_cmd("publish", "发布本地规则调整文件为本单位规则的下一版（只限审核）；先列出规则变更影响", _rules_publish)
    p.add_argument("file", type=Path, help="本地规则调整文件（格式 subsidy-desk/overrides@1）")
    p.add_argument("--document", required=True, help="文件依据")
    p.add_argument("--note", required=True, help="说明")
    p.add_argument("--office-name", help="单位名称（不填则沿用）")
    p = rules_cmd("impact", "规则变更影响：按该文件的规则，哪些未拨付的案例金额会改变、改变多少", _rules_impact)
    p.add_argument("file", type=Path, help="本地规则调整文件（格式 subsidy-desk/overrides@1）")
    p.add_argument("-o", "--output", type=Path, help="同时导出到 Excel 工作簿")
    rules_cmd("apply", "按本单位现行规则重新计算金额有变化的案例（各存为新版本，只限经办）", _rules_apply)
    rules_cmd("history", "本单位规则的各版本", _rules_history)
    rules_cmd("export", "导出本单位现行规则为一个文件（供没有服务器的单位在各电脑导入）", _rules_export).add_argument(
        "file", type=Path)
    rules_cmd("import", "导入本单位规则文件，发布为本台账的下一版（只限审核）", _rules_import).add_argument(
        "file", type=Path)
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
    from ..files import SaveError
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
    except (LedgerError, SaveError) as exc:
        return _refuse(str(exc))
    except sa_exc.DBAPIError as exc:  # a text file, a folder, a server that is not a ledger
        return _refuse(f"--db 所指的不是可用的台账数据库（{str(exc.orig).splitlines()[0][:120]}）；请检查路径或服务器")


def _add(args) -> int:
    """Compute each case with the office's rules; a case file that records another total (computed elsewhere,
    with other rules) is stored with the office's figure and the difference is said, never silently."""
    from ..case import compute, read_case
    from ..format import fmt_amount
    from ..money import parse_decimal

    def act(ledger):
        rules = ledger.rules()
        items = []
        for path in args.case:
            case = read_case(path)
            result = compute(case, rules)
            said = (case.computed or {}).get("total")
            if said is not None and parse_decimal(said) != result.total:
                before = (case.computed.get("rule_set") or {}).get("version") or "?"
                print(f"{path}：文件中记录的金额 {fmt_amount(parse_decimal(said))} 元（规则集 {before}），按本单位规则"
                      f"（{rules.version}）重新计算为 {fmt_amount(result.total)} 元，差额 "
                      f"{fmt_amount(result.total - parse_decimal(said))} 元；登记的是重新计算的金额", file=sys.stderr)
            items.append((case, result))
        for case_id in ledger.add_many(items):
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
    return _change_roles(args, lambda ledger, role: ledger.grant(args.name, role))


def _revoke(args) -> int:
    return _change_roles(args, lambda ledger, role: ledger.revoke(args.name, role))


def _change_roles(args, change) -> int:
    def act(ledger):
        for role in args.role:
            change(ledger, role)
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


def _describe_rules(office) -> str:
    return (f"本单位规则第 {office.version} 版  {office.rules_hash}\n"
            f"发布：{office.published_by} {office.published_at}；依据：{office.document}；说明：{office.note}"
            + (f"；单位：{office.office_name}" if office.office_name else ""))


def _rules_show(args) -> int:
    def act(ledger):
        office = ledger.office_rules()
        rules = ledger.rules()
        if office is None:
            print(f"本台账还没有发布本单位规则；本机使用自己的规则：规则集 {rules.version}  {rules.hash}")
        else:
            print(_describe_rules(office))
        print("调整项：" + ("、".join(rules.overridden_keys) or "无（全部为程序自带的规则）"))

    return _run(args, act)


def _print_impact(ledger, rules, output=None) -> None:
    from ..format import fmt_amount
    from .export import impact_action, write_impact

    impacts = ledger.rule_impact(rules)
    print(f"规则变更影响：{len(impacts)} 件未拨付的案例金额会改变")
    if impacts:
        print("台账号\t类型\t申请人\t状态\t现金额\t新金额\t差额\t处理")
    for i in impacts:
        print(f"{i.id}\t{i.kind_title}\t{i.applicant_name}\t{i.status}\t{fmt_amount(i.old)}\t"
              f"{fmt_amount(i.new) if i.new is not None else '—'}\t"
              f"{fmt_amount(i.difference) if i.new is not None else '—'}\t{impact_action(i)}")
    if output is not None:
        write_impact(impacts, output)
        print(f"已导出到 {output}")


def _rules_impact(args) -> int:
    from .office_rules import check, read_overrides

    def act(ledger):
        _print_impact(ledger, check(read_overrides(args.file)), args.output)

    return _run(args, act)


def _rules_publish(args) -> int:
    from .office_rules import check, read_overrides

    def act(ledger):
        if "审核" not in ledger.roles():  # before any reading or computing: the reason, exit 2
            from .store import Forbidden

            raise Forbidden(f"用户 {ledger.user} 没有“审核”角色，不能发布本单位规则（只有审核人员可以发布）")
        overrides = read_overrides(args.file)
        _print_impact(ledger, check(overrides))
        office = ledger.publish_rules(overrides, args.document, args.note, args.office_name)
        print("已发布：" + _describe_rules(office))

    return _run(args, act)


def _rules_apply(args) -> int:
    def act(ledger):
        ids = ledger.apply_rules()
        print(f"已按本单位现行规则重新计算 {len(ids)} 件" + (f"：{'、'.join(map(str, ids))}" if ids else ""))

    return _run(args, act)


def _rules_history(args) -> int:
    def act(ledger):
        print("版本\t发布人\t发布时间\t文件依据\t说明\t规则集哈希")
        for o in ledger.rule_history():
            print(f"{o.version}\t{o.published_by}\t{o.published_at}\t{o.document}\t{o.note}\t{o.rules_hash}")

    return _run(args, act)


def _rules_export(args) -> int:
    def act(ledger):
        office = ledger.export_rules(args.file)
        print(f"已导出本单位规则第 {office.version} 版到 {args.file}；规则集哈希 {office.rules_hash}")

    return _run(args, act)


def _rules_import(args) -> int:
    def act(ledger):
        office = ledger.import_rules(args.file)
        print(f"已导入并发布为本台账的本单位规则第 {office.version} 版；规则集哈希 {office.rules_hash}（应与导出时显示的一致）")

    return _run(args, act)
