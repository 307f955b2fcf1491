"""`subsidy-desk template KIND -o FILE.xlsx` and `subsidy-desk batch IN.xlsx -o OUT.xlsx`.

A batch with any bad row writes nothing: it lists every bad row (row number, column, reason) on stderr and exits 2,
so a script never picks up a results file that silently left cases out.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..files import SaveError

EXIT_INPUT = 2


def register(sub) -> None:
    from ..measures.registry import titles

    t = sub.add_parser("template", help="生成批量导入模板（.xlsx）")
    t.add_argument("kind", choices=list(titles()), help="、".join(f"{k}（{v}）" for k, v in titles().items()))
    t.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx", help="模板保存位置")
    t.add_argument("--force", action="store_true", help="输出文件为只读时仍然覆盖（默认拒绝并说明原因）")
    t.set_defaults(run=run_template)
    b = sub.add_parser("batch", help="导入填好的模板，逐行检查并计算，输出结果工作簿")
    b.add_argument("input", type=Path, metavar="IN.xlsx", help="填好的导入模板")
    b.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.xlsx", help="结果工作簿保存位置")
    b.add_argument("--worksheets", type=Path, metavar="DIR", help="同时生成各件的申请表工作簿，保存到该文件夹")
    b.add_argument("--combined", action="store_true", help="与 --worksheets 同用：全部申请表合并为一个工作簿")
    b.add_argument("--force", action="store_true", help="输出文件为只读时仍然覆盖（默认拒绝并说明原因）")
    b.set_defaults(run=run_batch)


def run_template(args) -> int:
    from .template import write_template

    try:
        write_template(args.kind, args.output)
    except OSError as exc:  # files.SaveError too: said as it is
        print(_unwritable(args.output, exc), file=sys.stderr)
        return EXIT_INPUT
    print(f"已生成模板：{args.output}", file=sys.stderr)
    return 0


def _unwritable(path: Path, exc: OSError) -> str:
    from ..files import reason

    return str(exc) if isinstance(exc, SaveError) else f"无法写入“{path}”：{reason(exc)}"


def _progress_line(label: str = "计算中"):
    """A progress line on a terminal only: a script's log should not fill with carriage returns."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> bool:
        print(f"\r{label} {done:,}/{total:,}", end="" if done < total else "\n", file=sys.stderr, flush=True)
        return True

    return show


def _worksheets(entries, folder: Path, combined: bool) -> bool:
    from ..worksheets import WorksheetError
    from .printouts import COMBINED_NAME, write_combined, write_each

    try:
        if combined:
            folder.mkdir(parents=True, exist_ok=True)
            write_combined(entries, folder / COMBINED_NAME, progress=_progress_line("生成申请表"))
            print(f"申请表已合并保存到 {folder / COMBINED_NAME}", file=sys.stderr)
        else:
            write_each(entries, folder, progress=_progress_line("生成申请表"))
            print(f"已在 {folder} 生成 {len(entries)} 份申请表", file=sys.stderr)
    except (WorksheetError, OSError) as exc:
        print(f"申请表未能全部生成：{exc}", file=sys.stderr)
        return False
    return True


def run_batch(args) -> int:
    from ..files import check_target
    from ..rules.load import load_rules
    from ..rules.model import RuleError
    from .importer import read_rows
    from .results import write_results
    from .run import compute_rows
    from .safety import WorkbookRefused

    if args.combined and not args.worksheets:
        print("--combined 须与 --worksheets 文件夹 同用", file=sys.stderr)
        return EXIT_INPUT
    try:
        check_target(args.output)  # before reading and computing: a clerk learns at once that it cannot be saved
    except OSError as exc:
        print(_unwritable(args.output, exc), file=sys.stderr)
        return EXIT_INPUT
    try:  # computed as they are read (a long list by a process per core); rules that cannot be read are said
        rules = load_rules()  # below, as before, once the list is known to be good
    except RuleError:
        rules = None
    try:
        imported = read_rows(args.input, rules=rules)
    except WorkbookRefused as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INPUT
    for note in imported.notes:
        print(f"注意：{note}", file=sys.stderr)
    if not imported.bad:
        rules = rules if rules is not None else load_rules()
        entries = compute_rows(imported, rules, progress=_progress_line())
    if imported.bad:
        for problem in imported.problems:
            print(str(problem), file=sys.stderr)
        print(f"共 {len(imported.rows)} 行，其中 {len(imported.bad)} 行有误；请改正后重新导入，未写出任何文件。",
              file=sys.stderr)
        return EXIT_INPUT
    if not entries:
        print(f"“{args.input.name}”中没有数据行（示例行不计）。", file=sys.stderr)
        return EXIT_INPUT
    # After the progress line, one line a note: how each messy cell was read (a failed batch lists only its
    # problems, which are what the clerk must act on first).
    for entry in entries:
        for note in entry.notes:
            print(f"读取说明：{note}", file=sys.stderr)
    try:
        write_results(entries, args.output, rules=rules)
    except OSError as exc:  # files.SaveError too: said as it is
        print(_unwritable(args.output, exc), file=sys.stderr)
        return EXIT_INPUT
    if args.worksheets and not _worksheets(entries, args.worksheets, args.combined):
        return EXIT_INPUT
    total = sum(e.result.total for e in entries)
    print(f"已计算 {len(entries)} 件，金额合计 {total} 元；结果已保存到 {args.output}", file=sys.stderr)
    checks = [e.check for e in entries if e.check is not None]
    if checks:
        from ..readings import AGREE, ASK, EXPLAINED

        count = {s: sum(1 for c in checks if c.status == s) for s in (AGREE, EXPLAINED, ASK)}
        print(f"核对申请金额：一致 {count[AGREE]} 件，口径不同 {count[EXPLAINED]} 件，需向申请单位核实 {count[ASK]} 件"
              f"（见结果工作簿的“核对”表）；申请金额合计 {sum(c.claimed for c in checks)} 元，"
              f"核定金额合计 {sum(c.approved for c in checks)} 元", file=sys.stderr)
    return 0
