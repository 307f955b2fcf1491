"""The command line: the same cases and results as the window, for scripts, IT staff and batch runs.

Exit status: 0 computed (also when a warning zeroes the amount), 2 invalid input (one message per bad field on
stderr), 3 the rule files themselves are broken, 1 an internal error (a sentence on stderr, never a traceback).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from . import __version__

EXIT_INPUT = 2
EXIT_RULES = 3
EXIT_INTERNAL = 1


def print_pdf(case, result, path: Path, office: dict, check=None) -> int:
    """Print a worksheet to PDF through the window's own printing (ui/printing.py), with no screen: the offscreen
    platform unless one was chosen, an application if none. Handed to the worksheet subcommand."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .ui.printing import application, print_to_pdf

    app = application()  # noqa: F841 - must stay alive while printing
    return print_to_pdf(case, result, path, office, check)


def _parser():
    import argparse

    from .batch import commands as batch_commands
    from .ledger import commands as ledger_commands
    from .worksheets import commands as worksheet_commands

    p = argparse.ArgumentParser(prog="subsidy-desk", description="纾困补贴计算台（忻政办发〔2022〕36号）：不带参数时打开窗口。")
    p.add_argument("--version", action="version", version=f"subsidy-desk {__version__}")
    p.add_argument("--self-test", action="store_true",
                   help="检查安装：经窗口计算三个内置案例并写出工作表，输出一行结果（无显示器时设 QT_QPA_PLATFORM=offscreen）")
    sub = p.add_subparsers(dest="command", metavar="命令")
    c = sub.add_parser("compute", help="计算一个案例文件，结果以 JSON 输出")
    c.add_argument("case", type=Path, help="案例文件（JSON，格式 subsidy-desk/case@2）")
    c.add_argument("--text", action="store_true", help="输出便于阅读的计算说明，而不是 JSON")
    r = sub.add_parser("rules", help="列出政策参数及其依据，或检查规则文件")
    r.add_argument("--as-of", help="只列出该日期适用的取值（YYYY-MM-DD）")
    r.add_argument("--json", action="store_true", help="以 JSON 输出")
    c.set_defaults(run=cmd_compute)
    r.set_defaults(run=cmd_rules)
    # Packages that add their own subcommands set ``run`` on their parsers, and import their heavy dependencies
    # inside it, so `subsidy-desk compute` stays quick.
    worksheet_commands.register(sub, print_pdf)
    ledger_commands.register(sub)
    batch_commands.register(sub)
    return p


def _fail(errors, code: int) -> int:
    for e in errors:
        print(str(e), file=sys.stderr)
    return code


def cmd_compute(args) -> int:
    from .case import compute, read_case
    from .fields import InputError
    from .readings import check_claim
    from .rules.load import load_rules

    try:
        case = read_case(args.case)
        rules = load_rules()
        result = compute(case, rules)
    except InputError as exc:
        return _fail(exc.errors, EXIT_INPUT)
    check = check_claim(case, rules, result)
    if args.text:
        print(f"{result.title}：{result.total_label} {result.total} 元")
        if check is not None:
            print(f"申请金额 {check.claimed} 元，核定金额 {check.approved} 元，差额 {check.difference} 元："
                  f"{check.status_text}{'。' + check.reason if check.reason else ''}")
        for w in result.warnings:
            print(f"注意：{w.message}")
        print()
        print(result.explanation_text())
    else:
        out = result.to_json()
        out["applicant"] = case.to_json()["applicant"]
        if check is not None:
            out["claim_check"] = check.to_json()
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
    return 0


def cmd_rules(args) -> int:
    from .fields import parse_date
    from .rules.load import load_rules

    rules = load_rules()
    if args.as_of:
        try:
            day = parse_date(args.as_of)
        except ValueError as exc:
            return _fail([f"--as-of: {exc}"], EXIT_INPUT)
        listing = []
        for key in rules.parameters:
            try:
                listing.append(rules.get(key, day))
            except LookupError:
                continue
    else:
        listing = [v for key in rules.parameters for v in rules.series(key)]
    if args.json:
        json.dump({"rule_set": rules.stamp(), "values": [v.to_json() for v in listing]}, sys.stdout,
                  ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"规则集版本 {rules.version}  {rules.hash}")
    if rules.overrides_path:
        print(f"本地调整文件：{rules.overrides_path}")
    for v in listing:
        print(f"{v.key}\t{v.label}\t{v.shown()}\t{v.period}\t{v.source}\t{v.mark}")
    return 0


def _opens_the_window(argv: list[str]) -> bool:
    """No command, no help and no version asked: the window, started without building the commands' parser
    (argparse and every subcommand's options are not worth delaying the window for; docs/speed.md)."""
    return all(a.startswith("-") for a in argv) and not {"-h", "--help", "--version"} & set(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if _opens_the_window(argv):  # the remaining arguments go to Qt; --self-test is the window's own
        from .ui.app import run

        return run(argv)
    from .rules.model import RuleError

    parser = _parser()
    args, rest = parser.parse_known_args(argv)  # a word that is no command is refused here, by argparse
    if rest:
        parser.error("无法识别的参数：" + " ".join(rest))
    from .files import read_only_allowed, reason

    for stream in (sys.stdout, sys.stderr):  # a name the terminal cannot show is shown escaped, never a traceback
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        with read_only_allowed(getattr(args, "force", False)):
            return args.run(args)
    except RuleError as exc:
        return _fail([f"规则文件有误：{exc}"], EXIT_RULES)
    except BrokenPipeError:  # output piped into `head` and the like
        return 0
    except OSError as exc:  # a file that cannot be read or written: the clerk's to fix, with the reason
        where = f"{exc.filename}：" if getattr(exc, "filename", None) else ""
        return _fail([f"{where}{reason(exc)}"], EXIT_INPUT)
    except Exception as exc:  # noqa: BLE001 - the last resort: a clerk gets a sentence, not a traceback
        return _fail([f"程序内部错误，未能完成（{type(exc).__name__}: {exc}）。请把所用文件和这段文字发给维护人员。"],
                     EXIT_INTERNAL)


if __name__ == "__main__":
    sys.exit(main())
