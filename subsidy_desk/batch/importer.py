"""Reading a filled template back into cases: every row either a case or the list of what is wrong with it.

Nothing from the workbook is executed. The archive is checked first (safety.py); the sheet is read as openpyxl's
read-only mode reads it (sheet_rows.py, faster), so memory grows with the rows kept, not the rows claimed;
formulas are never evaluated: a formula cell is read as the result Excel saved with it, or reported when there is
none. Good rows can go on to be computed
while the bad ones are fixed; ``export_errors`` hands the clerk back their own workbook with an error column.
"""
from __future__ import annotations

import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .. import applicant, sheet_text
from ..case import FORMAT, Case, parse_case, paused_gc
from ..fields import InputError, normalise_identifier
from ..files import save_workbook
from ..measures.measure import Grid
from ..measures.registry import measure, measures
from . import cells, sheet_rows
from .columns import EXAMPLE_MARK, Col, columns, sheet_title
from .safety import WorkbookRefused, check_archive

ROW_LIMIT = 20_000
MAX_COLUMNS = 200
ERROR_HEADER = "错误说明"
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")


@dataclass(frozen=True)
class Problem:
    row: int
    column: str  # the column header as the clerk sees it
    reason: str

    def __str__(self) -> str:
        return f"第 {self.row} 行 {self.column}：{self.reason}"


class Note(str):
    """How a messy cell was read, as the clerk reads it ("H3 贷款本金（元）：金额按文本 '3,000,000.00' 读取"), still
    knowing its cell and column, so the results workbook can list them in columns."""

    def __new__(cls, cell: str, column: str, text: str) -> "Note":
        note = super().__new__(cls, f"{cell} {column}：{text}")
        note.cell, note.column, note.text = cell, column, text
        return note

    def __reduce__(self):  # back from a pool's process, whole
        return Note, (self.cell, self.column, self.text)


@dataclass
class ImportRow:
    number: int  # the Excel row number
    name: str  # the applicant as typed, to show in a preview
    case: Case | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how messy cells were read
    items: list[str] = field(default_factory=list)  # tax items in case order, to name the cell of an item's error

    @property
    def ok(self) -> bool:
        return self.case is not None and not self.problems


@dataclass
class ImportResult:
    path: Path
    kind: str
    sheet: str
    rows: list[ImportRow]
    notes: list[str] = field(default_factory=list)  # file-level: ignored columns, macros ignored
    # Read with rules (read_rows(rules=...)): the rules, and each good row's outcome by its row number, as
    # run.settle gives it, so that computing them with those rules again is not needed.
    computed_with: object = None
    outcomes: dict = field(default_factory=dict)

    @property
    def good(self) -> list[ImportRow]:
        return [r for r in self.rows if r.ok]

    @property
    def bad(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.ok]

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.rows for p in r.problems]

    def mark_failed(self, row: ImportRow, error: InputError) -> None:
        """Record a computation's InputError (a date the rules do not cover) against the row's cells."""
        row.problems.extend(Problem(row.number, _column_for(e.field, self.kind, row.items), e.message)
                            for e in error.errors)
        row.case = None


def _header_text(value) -> str:
    return re.sub(r"\s+", "", str(value)) if value is not None else ""


def _find_sheet(wb, kind: str | None):
    titles = {sheet_title(k): k for k in measures()}
    for ws in wb.worksheets:
        if ws.title in titles and (kind is None or titles[ws.title] == kind):
            return ws, titles[ws.title]
    if kind is not None:
        return wb.worksheets[0], kind
    first = wb.worksheets[0]
    head = {_header_text(v) for v in next(first.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True), ())}
    best = max(measures(), key=lambda k: sum(c.header in head for c in columns(k) if c.required))
    if not any(c.header in head for c in columns(best) if c.required):
        raise WorkbookRefused(f"找不到数据表：工作表应名为 {'、'.join(titles)} 之一，或第 1 行为导入模板的列名")
    return first, best


def read_rows(path: Path, kind: str | None = None, row_limit: int = ROW_LIMIT, rules=None,
              workers: int | None = None) -> ImportResult:
    """Read a filled template. Raises WorkbookRefused (Chinese message) when the file as a whole cannot be read.

    A long list's rows are read (and with ``rules``, each good row computed too, so a command that computes a list
    at once does it in the same pass: ``run.compute_rows`` then finds them done) by a pool of processes, one per
    core (``workers``, default: one per core from POOL_FROM rows on), as this process reads the sheet.
    """
    path = Path(path)
    notes = check_archive(path)
    with paused_gc():
        with _workbook(path, data_only=False) as wb:
            with _refusing(path):
                ws, kind = _find_sheet(wb, kind)
                ws.reset_dimensions()  # a claimed dimension of a million rows must not make us pad to it
                header = [_header_text(v) for v in next(ws.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True), ())]
            cols, positions, file_notes = _match_header(header, kind)
            formatted = {positions[c.key] for c in cols if c.type == "percent" and c.key in positions}
            held: list = []  # rows with a formula, read once the saved results are filled in
            raw_rows = _raw_rows(ws, len(header), row_limit, formatted, held, positions.get("seq"))
            read = _read_all(_refused(path, raw_rows), kind, positions, rules, workers)
        if held:
            _fill_cached(path, ws.title, held)
            read += _read_chunk(held, kind, positions, rules)
            read.sort(key=lambda r: r[0].number)
    result = ImportResult(path, kind, ws.title, [], notes + file_notes)
    if rules is not None:
        result.computed_with = rules
    seen: dict[bytes, int] = {}
    contracts: dict[str, int] = {}
    for row, key, outcome in read:
        if row.case is not None:
            _check_duplicate(row, key, seen, contracts, cols)
        if outcome is not None and row.ok:
            result.outcomes[row.number] = outcome
        result.rows.append(row)
    return result


POOL_FROM = 1000  # rows: a shorter list is read in this process (starting the pool costs about a second)
CHUNK = 100  # rows per task handed to a process


def _read_all(raw_rows, kind: str, positions: dict[str, int], rules, workers: int | None) -> list[tuple]:
    """(row, its content's key, its outcome) for every data row, in order; in a pool once the list is long."""
    from itertools import chain, islice

    from . import pool

    first = list(islice(raw_rows, POOL_FROM))
    count = pool.workers(workers, len(first), POOL_FROM)
    rest = chain(first, raw_rows)
    chunks = iter(lambda: list(islice(rest, CHUNK)), [])
    out: list[tuple] = []
    for chunk in pool.ordered(_read_chunk, chunks, (kind, positions, True if count and rules is not None else rules),
                              count, rules if count else None):
        out += chunk
    return out


def _read_chunk(raws: list, kind: str, positions: dict[str, int], rules=None) -> list[tuple]:
    """Some rows read into cases, each with the key its duplicates share, and with ``rules`` (True in a pool's
    process: the pool's rules) computed as ``run.compute_rows`` keeps them."""
    from . import pool
    from .run import settle

    cols = columns(kind)
    grid, plausible = _grid(cols), measure(kind).batch.plausible_percent
    if rules is True:
        rules = pool.worker_rules()
    out = []
    with paused_gc():
        for number, values in raws:
            row = _read_row(number, values, cols, positions, kind, grid, plausible)
            if row is None:
                continue
            key = outcome = None
            if row.case is not None:
                key = _content_key(row.case)
                if rules is not None and not row.problems:
                    outcome = settle(row.case, rules)
            out.append((row, key, outcome))
    return out


@contextmanager
def _workbook(path: Path, data_only: bool):
    """A read-only workbook whose file is closed however opening or reading it ends (openpyxl leaves it open when
    opening fails). What is read from it is read inside ``_refusing`` (or ``_refused``)."""
    with open(path, "rb") as fh:
        with _refusing(path):
            wb = sheet_rows.load_workbook(fh, data_only)
        try:
            yield wb
        finally:
            wb.close()


def _refused(path: Path, rows):
    """The rows of a sheet as they are read, its parse errors said as _refusing says them (only the reading's: an
    error in what is done with a row is not the file's)."""
    with _refusing(path):
        yield from rows


@contextmanager
def _refusing(path: Path):
    """openpyxl parses sheets lazily in read-only mode, so parse errors surface while rows are read: map them all."""
    from defusedxml.common import DefusedXmlException

    try:
        yield
    except WorkbookRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file; all mean the same to a clerk
        cause = exc
        while cause is not None and not isinstance(cause, DefusedXmlException):
            cause = cause.__cause__ or cause.__context__
        if cause is not None:
            raise WorkbookRefused(f"“{path.name}”含有 XML 实体声明，可能是恶意构造的文件，不予导入") from None
        raise WorkbookRefused(f"无法读取“{path.name}”：文件已损坏或不是 Excel 工作簿（{type(exc).__name__}）") from None


def _match_header(header: list[str], kind: str) -> tuple[list[Col], dict[str, int], list[str]]:
    cols = columns(kind)
    by_header = {c.header: c for c in cols}
    positions: dict[str, int] = {}
    notes = []
    for i, text in enumerate(header):
        if not text or text == ERROR_HEADER:
            continue
        col = by_header.get(text)
        if col is None:
            notes.append(f"第 {get_column_letter(i + 1)} 列“{text}”不是模板中的列，已忽略")
        elif col.key in positions:
            raise WorkbookRefused(f"列名“{text}”出现了两次（第 {get_column_letter(positions[col.key] + 1)} 列和第 "
                                  f"{get_column_letter(i + 1)} 列），请删除其中一列")
        else:
            positions[col.key] = i
    missing = [c.header for c in cols if c.required and c.key not in positions]
    if missing:
        raise WorkbookRefused(f"第 1 行缺少必填列：{'、'.join(missing)}。请使用本程序生成的{measure(kind).title}导入模板")
    return cols, positions, notes


def _raw_rows(ws, width: int, row_limit: int, formatted: set[int], held: list, seq: int | None = None):
    """The non-blank data rows as (row number, [(value, number format), ...]), as they are read; a row holding a
    formula goes to ``held`` instead (its saved result is read in a second pass), as (row number, values, columns
    of its formulas).

    The limit counts rows below the header, not counting the template's 示例 row in row 2 (column ``seq``): a
    list of exactly ``row_limit`` cases is accepted whether the clerk kept the example or not.

    Only the columns in ``formatted`` (rates: a percent-formatted 0.052 is 5.2%) need their number format, which
    costs a style look-up per cell, so the others get "General".
    """
    blank = None
    last = row_limit + 1
    for number, row in enumerate(sheet_rows.iter_rows(ws, 2, max(width, 1)), start=2):
        # openpyxl stands in for each missing row with one shared tuple: a row far down the sheet costs one identity
        # test per skipped row, not a look at every cell, so a sheet "claiming a million rows" is passed quickly.
        if row is blank:
            continue
        if all(c.value is None for c in row):
            blank = row
            continue
        if number == 2 and seq is not None and seq < len(row) and _is_example(row[seq].value):
            last += 1
        if number > last:
            raise WorkbookRefused(f"数据超过 {row_limit:,} 行的上限（第 {number:,} 行仍有内容），请把名单分成几个文件分别导入")
        values = []
        formulas = []
        for i, c in enumerate(row):
            if c.data_type == "f":
                formulas.append(i)
            elif c.data_type == "e":
                values.append((_ExcelError(c.value), "General"))
                continue
            values.append((c.value, c.number_format if i in formatted and c.value is not None else "General"))
        if formulas:
            held.append((number, values, formulas))
        else:
            yield number, values


def _fill_cached(path: Path, title: str, held: list) -> None:
    """Replace each formula of the ``held`` rows by the result Excel saved with it (None where none was saved),
    leaving them (row number, values) as the other rows."""
    by_number = {number: (values, formulas) for number, values, formulas in held}
    with _workbook(path, data_only=True) as wb, _refusing(path):
        ws = wb[title]
        ws.reset_dimensions()
        for number, row in enumerate(ws.iter_rows(min_row=2, max_row=max(by_number), values_only=True), start=2):
            if number in by_number:
                values, formulas = by_number[number]
                for i in formulas:
                    cached = row[i] if i < len(row) else None
                    values[i] = (_Formula(cached if cached not in ERROR_CODES else _ExcelError(cached)), values[i][1])
    held[:] = [(number, values) for number, values, _ in held]


class _ExcelError(str):
    """An Excel error value (#DIV/0!, #N/A …) standing in a cell, told apart from text that merely looks like one."""


ERROR_CODES = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"}


class _Formula:
    """A formula cell's saved result, marked so the row can say it was read that way."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def _is_example(value) -> bool:
    return isinstance(value, str) and value.strip() == EXAMPLE_MARK


def _read_row(number: int, values: list, cols: list[Col], positions: dict[str, int], kind: str, grid: Col | None,
              plausible: dict) -> ImportRow | None:
    def cell(key):
        i = positions.get(key)
        if i is None or i >= len(values):
            return None, "General", ""
        value, fmt = values[i]
        return value, fmt, f"{get_column_letter(i + 1)}{number}"

    if _is_example(cell("seq")[0]):
        return None
    name = cell("applicant.name")[0]
    row = ImportRow(number, str(name).strip() if name is not None else "")
    raw: dict = {"format": FORMAT, "kind": kind, "applicant": {}, "inputs": {}, "claim": {}}
    items: dict[str, dict] = {}
    for col in cols:
        if col.key == "seq":
            continue
        value, fmt, ref = cell(col.key)
        if isinstance(value, _Formula):
            value = value.value
            if value is None:
                row.problems.append(Problem(number, col.header, "公式没有保存的计算结果（本程序不执行公式）：请在 Excel 中打开并保存，或改填数值"))
                continue
            row.notes.append(Note(ref, col.header, f"公式按 Excel 保存的计算结果 {value} 读取，未执行公式"))
        if isinstance(value, _ExcelError):
            row.problems.append(Problem(number, col.header, f"单元格是 Excel 错误值 {value}，请改为正确的值"))
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            parsed, note = _parse_cell(col, value, fmt, plausible.get(col.name))
        except ValueError as exc:
            row.problems.append(Problem(number, col.header, str(exc)))
            continue
        if note:
            row.notes.append(Note(ref, col.header, note))
        if col.key == "notes":
            raw["notes"] = parsed
        elif col.key.startswith("item."):
            _, item, part = col.key.split(".")
            items.setdefault(item, {col.records.sub[0].name: item})[part] = parsed
        else:
            group, name_ = col.key.split(".", 1)
            raw[group][name_] = parsed
    for item, entry in items.items():
        first = grid.flat.parts[0][0]
        if first not in entry:
            row.problems.append(Problem(number, _grid_header(cols, item, first), grid.flat.missing))
        else:
            row.items.append(item)
    if grid is not None:
        raw["inputs"][grid.records.name] = [items[i] for i in row.items]
    _check_applicant(row, raw, cols, kind)
    raw["title"] = row.name
    try:
        case = parse_case(raw)
    except InputError as exc:
        # Every problem of the row at once; a cell already reported is not reported again as "missing".
        flagged = {p.column for p in row.problems}
        row.problems.extend(Problem(number, column, e.message) for e in exc.errors
                            if (column := _column_for(e.field, kind, row.items)) not in flagged)
    else:
        if not row.problems:
            row.case = case
    return row


def _grid(cols: list[Col]) -> Col | None:
    """A column of the kind's Grid records field (one to a kind), which names the field and its flat form."""
    found = {c.records.name: c for c in cols if isinstance(c.flat, Grid)}
    assert len(found) <= 1, "one Grid records field to a kind"
    return next(iter(found.values()), None)


def _grid_header(cols: list[Col], item: str, part: str) -> str:
    return next(c.header for c in cols if c.key == f"item.{item}.{part}")


def _parse_cell(col: Col, value, fmt: str, plausible=None):
    t = col.type
    if t == "money":
        return cells.read_money(value, fmt)
    if t == "percent":
        return cells.read_percent(value, fmt, plausible)
    if t == "date":
        return cells.read_date(value, fmt)
    if t == "int":
        return cells.read_int(value, fmt)
    if t == "choice":
        return cells.read_choice(value, col.choices)
    if t == "bool":
        return cells.read_bool(value)
    if t == "incell":
        return cells.read_in_cell(value, col.records.sub, col.flat)
    return cells.read_text(value)


def _check_applicant(row: ImportRow, raw: dict, cols: list[Col], kind: str) -> None:
    """A list goes to an auditor: each row must say who it is for (name, and a credit code for any business)."""
    header = {c.key: c.header for c in cols}
    appl = raw["applicant"]
    if not appl.get("name"):
        row.problems.append(Problem(row.number, header["applicant.name"], "必须填写"))
    code = appl.get("credit_code")
    if code:
        problem = applicant.credit_code_problem(code)
        if problem:
            row.problems.append(Problem(row.number, header["applicant.credit_code"], f"'{code}' {problem}"))
    elif not ((exempt := measure(kind).batch.credit_code_exempt) and raw["inputs"].get(exempt[0]) in exempt[1]):
        row.problems.append(Problem(row.number, header["applicant.credit_code"], f"必须填写（{exempt[2]}）" if exempt
                                    else "必须填写"))


def _column_for(path: str, kind: str, items: list[str]) -> str:
    """The column header a core FieldError path ("inputs.items[2].payable") points at."""
    cols = columns(kind)
    by_key = {c.key: c.header for c in cols}
    grid = _grid(cols)
    if grid is not None:
        name, parts = grid.records.name, [p for p, _, _ in grid.flat.parts]
        m = re.match(rf"inputs\.{name}\[(\d+)\]\.(\w+)", path)
        if m and int(m[1]) <= len(items):
            part = m[2] if m[2] in parts else parts[0]
            return by_key[f"item.{items[int(m[1]) - 1]}.{part}"]
        if path.startswith(f"inputs.{name}"):
            return grid.flat.whole
    base = re.sub(r"\[\d+\].*$", "", path)
    return by_key.get(base, path)


def _content_key(case: Case) -> bytes:
    """What two rows share when they hold the same case, but for its title and notes (a digest, to keep it small).

    Two rows are the same when their case files would be (``Case.to_json``): every value as the file writes it,
    a decimal as written (4.35 is not 4.350) and a day as ISO. The parsed values go to the JSON encoder as they are,
    each decimal and day written by ``str`` as the file writes it, instead of through a copy in the file's form
    first: the worst list spent a tenth of its reading on that copy. A field left empty is there on both rows
    (a kind's rows are parsed from the same fields), so it tells no two apart."""
    from hashlib import sha256

    data = (case.kind, case.applicant, case.inputs, case.claim or None, case.computed or None)
    return sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).digest()


def _check_duplicate(row: ImportRow, key: bytes, seen: dict[bytes, int], contracts: dict[str, int],
                     cols: list[Col]) -> None:
    if key in seen:
        row.problems.append(Problem(row.number, "整行", f"与第 {seen[key]} 行内容完全相同（重复行）"))
        row.case = None
        return
    seen[key] = row.number
    contract = row.case.inputs.get("contract_no")
    if contract:
        same = normalise_identifier(contract)  # as the ledger compares claims: JK-2022-0621 is jk－2022－0621
        if same in contracts:
            header = next(c.header for c in cols if c.key == "inputs.contract_no")
            row.problems.append(Problem(row.number, header, f"合同编号“{contract}”与第 {contracts[same]} 行相同（重复录入？）"))
            row.case = None
            return
        contracts[same] = row.number


def export_errors(result: ImportResult, path: Path) -> None:
    """The clerk's own workbook with an 错误说明 column: each bad row's problems, the row shaded. Atomic write."""
    check_archive(result.path)
    try:
        wb = load_workbook(result.path, keep_vba=False, keep_links=False)
    except Exception as exc:
        raise WorkbookRefused(f"无法重新打开“{result.path.name}”（{type(exc).__name__}）") from None
    ws = wb[result.sheet]
    header = [_header_text(c.value) for c in ws[1]]
    column = header.index(ERROR_HEADER) + 1 if ERROR_HEADER in header else len(header) + 1
    top = ws.cell(1, column)
    sheet_text.put(top, ERROR_HEADER)
    top.font = Font(bold=True, color="9C0006")
    top.fill = ERROR_FILL
    ws.column_dimensions[get_column_letter(column)].width = 60
    for r in range(2, ws.max_row + 1):
        ws.cell(r, column).value = None
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in result.rows:
        if not row.problems:
            continue
        cell = ws.cell(row.number, column)
        sheet_text.put(cell, "；\n".join(f"{p.column}：{p.reason}" for p in row.problems))
        cell.alignment = wrap
        for c in range(1, column + 1):  # the whole row shaded, so a bad row stands out while scrolling sideways
            ws.cell(row.number, c).fill = ERROR_FILL
        ws.row_dimensions[row.number].height = 15 * len(row.problems) + 3
    ws.freeze_panes = ws.freeze_panes or "B2"
    save_workbook(wb, path)
