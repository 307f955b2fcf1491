"""`subsidy-desk worksheet` and `subsidy-desk summary`: the worksheets from the command line.

Heavy imports (openpyxl, Qt for --pdf) happen inside ``run`` so that other subcommands stay quick.
Exit 0 written, 2 bad input or an output that cannot be written (one message per problem, no traceback).
"""
from __future__ import annotations

import sys
from pathlib import Path

EXIT_INPUT = 2


def register(sub, print_pdf) -> None:
    """``print_pdf(case, result, path, office, check)`` prints a worksheet to PDF through Qt and returns its pages: the
    window's own printing, handed down by the command line (cli.py), since this package knows no Qt."""
    w = sub.add_parser("worksheet", help="生成申请表工作簿（Excel），或经 Qt 打印为 PDF")
    w.add_argument("case", type=Path, help="案例文件（JSON，格式 subsidy-desk/case@2）")
    w.add_argument("-o", "--output", type=Path, help="输出的工作簿（.xlsx）")
    w.add_argument("--pdf", type=Path, help="同时打印为 PDF 文件（不需要显示器）")
    w.add_argument("--force", action="store_true", help="输出文件为只读时仍然覆盖（默认拒绝并说明原因）")
    w.set_defaults(run=run_worksheet, print_pdf=print_pdf)
    s = sub.add_parser("summary", help="多个案例的汇总表工作簿（按县、按类型合计）")
    s.add_argument("cases", type=Path, nargs="+", help="案例文件（JSON）")
    s.add_argument("-o", "--output", type=Path, required=True, help="输出的汇总表工作簿（.xlsx）")
    s.add_argument("--force", action="store_true", help="输出文件为只读时仍然覆盖（默认拒绝并说明原因）")
    s.set_defaults(run=run_summary)


def _fail(messages, code: int = EXIT_INPUT) -> int:
    for m in messages:
        print(str(m), file=sys.stderr)
    return code


def _computed(path: Path, rules):
    """The case in ``path`` and its result; InputError names the file in each message."""
    from ..case import compute, read_case
    from ..fields import FieldError, InputError

    try:
        case = read_case(path)
        return case, compute(case, rules)
    except InputError as exc:
        raise InputError([e if e.field == str(path) else FieldError(f"{path}: {e.field}", e.message)
                          for e in exc.errors]) from None


def run_worksheet(args) -> int:
    from ..fields import InputError
    from ..office import load_office
    from ..rules.load import load_rules
    from ..files import SaveError

    if args.output is None and args.pdf is None:
        return _fail(["请用 -o 指定工作簿文件（.xlsx），或用 --pdf 指定 PDF 文件"])
    if args.pdf is not None and args.pdf.suffix.lower() != ".pdf":
        return _fail([f"--pdf: 文件名应以 .pdf 结尾（{args.pdf}）"])
    from ..readings import check_claim

    rules = load_rules()
    try:
        case, result = _computed(args.case, rules)
    except InputError as exc:
        return _fail(exc.errors)
    check = check_claim(case, rules, result)
    office = load_office()
    from ..measures.sheet import identity_gaps

    for gap in identity_gaps(case):  # printed all the same, but never silently
        print(f"注意：{args.case}：{gap}未填写，工作表上该栏标为“（未填写）”", file=sys.stderr)
    if args.output is not None:
        from .xlsx import write_workbook

        try:
            print(write_workbook(case, result, args.output, office, check))
        except SaveError as exc:
            return _fail([f"-o: {exc}"])
    if args.pdf is not None:
        try:
            pages = args.print_pdf(case, result, args.pdf, office, check)
        except SaveError as exc:
            return _fail([f"--pdf: {exc}"])
        print(f"{args.pdf}（{pages} 页）")
    return 0


def run_summary(args) -> int:
    from ..fields import InputError
    from ..rules.load import load_rules
    from ..files import SaveError
    from .xlsx import write_summary

    rules = load_rules()
    entries, errors = [], []
    for path in args.cases:
        try:
            entries.append(_computed(path, rules))
        except InputError as exc:
            errors.extend(exc.errors)
    if errors:
        return _fail(errors)
    try:
        print(write_summary(entries, args.output))
    except SaveError as exc:
        return _fail([f"-o: {exc}"])
    return 0
