"""What a worksheet says, once, independent of how it is output.

The Excel workbook (xlsx.py) and Qt printing (ui/printing.py) both render this one description, in the same
order, so a page printed from the program and a page printed from Excel carry the same figures and the same words.
Everything here is plain data already decided: values keep their type (Decimal, date, int, str) so the workbook
can write numbers and dates, and ``Item.text()`` gives the one way each is shown on paper.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from itertools import combinations, product
from typing import Any

from .. import __version__
from ..format import fmt_amount, fmt_date, text_units
from ..measures.registry import measure
from ..measures.result import Column, Result, Row
from ..measures.sheet import Item, Section, SignBlock, shown
from ..money import ZERO
from ..rules.model import UNCONFIRMED
from .capitals import to_capitals

__all__ = ["Item", "Section", "SignBlock", "shown", "text_units"]  # the measures' words for a worksheet, drawn from here

# Width of each column kind in character units (a Chinese character is two): enough for the longest value
# (2022年12月31日; 999,999,999.99 in bold with the space the amount format keeps before the border, since
# LibreOffice's fallback digits run wider than 宋体's); headers wrap onto two lines rather than widen a column.
LONGEST_AMOUNT = "999,999,999.99"
WIDTHS = {"date": 16, "money": 16, "percent": 9, "int": 6, "text": 16}
# Wider than this many units and the table goes on a landscape page (A4 portrait holds about 100 at full size;
# fitting 122 to the width still prints 8.6 pt text). 122 keeps the guarantee and six-taxes forms portrait.
PORTRAIT_UNITS = 122

# The page that gets signed: A4, the workbook's margins (the tighter of the two outputs: 0.55 in at the sides,
# 0.4 in at the top, 0.5 in at the foot with the footer inside it) and its row heights, which both outputs follow.
A4_PT = (595.3, 841.9)
MARGINS_PT = (0.55 * 72, 0.4 * 72, 0.55 * 72, 0.5 * 72)  # left, top, right, bottom
MIN_ROW_PT = 18
LINE_PT = 14.5  # one wrapped line of 10.5 pt text, with room for fallback fonts that run taller
TITLE_ROW_PT = 30
SIGNED_PAGE_SLACK = 0.98  # the workbook sets every row's height, so the estimate is close; a little room for rounding
# Seal boxes as printed, whatever a fit-to-width print shrinks: 45 mm high at least and wider than a 42 mm seal.
MM = 72 / 25.4
SEAL_HEIGHT_MM, SEAL_WIDTH_MM = 46, 44
@dataclass(frozen=True)
class Table:
    """Rows of typed values under a header; ``totals`` is the 合计 row (None where a column is not summed)."""

    columns: list[Column]
    rows: list[list[Any]]
    totals: list[Any] | None = None
    sizes: tuple[int, ...] = ()  # column widths when not the defaults of their kinds

    @property
    def widths(self) -> list[int]:
        return list(self.sizes) or [column_width(c) for c in self.columns]


@dataclass(frozen=True)
class Explanation:
    """One explanation step as text, its lazy parts already rendered."""

    title: str
    formula: str
    values: str
    result: str


@dataclass
class Worksheet:
    """Everything one worksheet prints, in printing order; built by ``build_worksheet``, rendered by
    ``xlsx.write_sheet`` and ``ui.printing.paint_worksheet``."""

    kind: str
    title: str
    number: str
    date: date
    office_name: str
    clerk: str
    sections: list[Section]
    table: Table
    detail: Table
    figures: list[Section]  # strips of figures under the table (资金分担, 补贴测算), not repeating its 合计 row
    total_label: str
    total: Decimal
    capitals: str
    basis: list[str]
    warnings: list[str]
    notes: str
    declaration: str
    signatures: list[SignBlock]
    explanation: list[Explanation]
    attachment: Table | None = None  # 附表: the table's rows when they do not fit on the page to sign
    rules: list = field(default_factory=list)  # RuleValue, in the order first used
    rule_set: dict = field(default_factory=dict)
    program_version: str = __version__
    prepared_at: datetime | None = None

    @property
    def landscape(self) -> bool:
        return sum(self.table.widths) > PORTRAIT_UNITS

    @property
    def row_count(self) -> int:
        """Settlement periods (a period split by a repayment is two rows but one period), else rows."""
        table = self.attachment or self.table
        keys = [c.key for c in table.columns]
        if "period" in keys:
            return len({row[keys.index("period")] for row in table.rows})
        return len(table.rows)

    @property
    def attachment_note(self) -> str:
        """The line on the signed page that points to the 附表: 明细见附表（共 26 期）."""
        return f"明细见附表（共 {self.row_count} {measure(self.kind).worksheet.row_unit}）"

    @property
    def attachment_title(self) -> str:
        return f"{self.title} 附表"

    @property
    def attachment_line(self) -> str:
        """Printed on every page of the 附表: which case it belongs to, so a loose page finds its form."""
        parts = [f"编号：{self.number}"]
        name = next((i.text() for s in self.sections for i in s.items if i.label.endswith("名称")), "")
        if name:
            parts.append(f"申请人：{name}")
        parts.append(f"共 {self.row_count} {measure(self.kind).worksheet.row_unit}")
        parts.append("金额单位：元")
        return "　　".join(parts)

    @property
    def header_line(self) -> str:
        """The line under the title: number, date, office, unit."""
        parts = [f"编号：{self.number}", f"填表日期：{fmt_date(self.date)}"]
        if self.office_name:
            parts.append(f"经办单位：{self.office_name}")
        parts.append("金额单位：元")
        return "　　".join(parts)

    @property
    def steps_table(self) -> Table:
        """计算依据, part one: each explanation step."""
        columns = [Column("n", "序号", "int"), Column("title", "步骤", "text"), Column("formula", "公式", "text"),
                   Column("values", "数值", "text"), Column("result", "结果", "text")]
        rows = [[n, e.title, e.formula, e.values, e.result] for n, e in enumerate(self.explanation, start=1)]
        return Table(columns, rows, sizes=BASIS_WIDTHS)

    @property
    def rules_table(self) -> Table:
        """计算依据, part two: every rule value used, with its document, dates and confidence mark."""
        columns = [Column("n", "序号", "int"), Column("label", "参数", "text"), Column("value", "取值", "text"),
                   Column("source", "文件及条款", "text"), Column("period", "生效期间 / 可信度", "text")]
        rows = []
        for n, rule in enumerate(self.rules, start=1):
            source = rule.source + (f"；{rule.note}" if rule.note else "")
            period = f"{rule.period} {rule.mark}" + ("（本地调整）" if rule.overridden else "") \
                + (f"（{UNCONFIRMED}）" if rule.unconfirmed else "")
            rows.append([n, rule.label, rule.shown(), source, period])
        return Table(columns, rows, sizes=BASIS_WIDTHS)

    @property
    def provenance(self) -> list[Item]:
        """Who computed it, when, and under which rules and program: what an auditor needs to redo it."""
        stamp = self.rule_set or {}
        overrides = stamp.get("overrides") or []
        return [
            Item("规则集版本", stamp.get("version", "")),
            Item("规则集校验值", stamp.get("hash", "")),
            Item("本地调整的参数", "、".join(overrides) if overrides else "无"),
            Item("程序版本", f"纾困补贴计算台 {self.program_version}"),
            Item("计算人", self.clerk or "（未填写经办人）"),
            Item("计算时间", self.prepared_at.strftime("%Y-%m-%d %H:%M") if self.prepared_at else ""),
        ]


def print_scale(widths: list[int], landscape: bool) -> float:
    """How much "fit to one page wide" shrinks a sheet of these column widths (Excel's width unit is about
    5.25 pt plus 3.75 pt of padding a column): everything on the page, the seal boxes too, prints this much smaller."""
    page_width = (A4_PT[1] if landscape else A4_PT[0]) - MARGINS_PT[0] - MARGINS_PT[2]
    return min(1.0, page_width / sum(5.25 * w + 3.75 for w in widths))


def page_height(landscape: bool) -> float:
    return (A4_PT[0] if landscape else A4_PT[1]) - MARGINS_PT[1] - MARGINS_PT[3]


def wrapped_lines(text: str, units: float) -> int:
    """Lines a text takes in a cell ``units`` wide (one unit of padding), counting each of its own lines."""
    room = max(units - 1, 1)
    return sum(max(1, math.ceil(text_units(part) / room)) for part in (text or "").split("\n"))


def row_pt(lines: int) -> float:
    return max(MIN_ROW_PT, lines * LINE_PT + 2)


def seal_pt(widths: list[int], landscape: bool) -> float:
    """Height of the seal boxes on the sheet, so that they print SEAL_HEIGHT_MM high after fitting to the width."""
    return SEAL_HEIGHT_MM * MM / print_scale(widths, landscape)


def signed_page_height(sheet: Worksheet) -> float:
    """The 申请表's height as printed, in points, estimated the way the workbook sets its row heights."""
    widths = sheet.table.widths
    n = len(widths)

    def units(c1: int, c2: int) -> int:
        return sum(widths[c1 - 1:c2])

    def cells(pairs) -> float:
        return row_pt(max(wrapped_lines(text, units(c1, c2)) for c1, c2, text in pairs))

    l2 = label_columns(widths)[1]

    def full(text: str) -> float:
        return cells([(l2 + 1, n, text)])

    height = TITLE_ROW_PT + cells([(1, n, sheet.header_line)])
    for section in sheet.sections:
        for placed in arrange(section.items, widths):
            height += cells([(a, b, item.label) for (a, b), _, item in placed]
                            + [(a, b, item.text()) for _, (a, b), item in placed])
    table = sheet.table
    height += cells([(c, c, fit_label(col.label, widths[c - 1])) for c, col in enumerate(table.columns, start=1)])
    for values in table.rows + ([table.totals] if table.totals else []):
        height += cells([(c, c, shown(v, col.kind)) for c, (col, v) in enumerate(zip(table.columns, values), 1)])
    if sheet.attachment is not None:
        height += full(sheet.attachment_note)
    for strip in sheet.figures:
        groups = split_columns(widths, len(strip.items), first=l2 + 1)
        height += cells([(a, b, fit_label(item.label, units(a, b))) for (a, b), item in zip(groups, strip.items)])
        height += cells([(a, b, item.text()) for (a, b), item in zip(groups, strip.items)])
    height += cells([(_capitals_column(widths), n, sheet.capitals)])
    height += full("；".join(sheet.basis)) + sum(full(w) for w in sheet.warnings)
    if sheet.notes:
        height += full(sheet.notes)
    height += cells([(1, n, sheet.declaration)]) + 8
    seal = any(b.seal for b in sheet.signatures)
    height += seal_pt(widths, sheet.landscape) if seal else 30
    return height * print_scale(widths, sheet.landscape)


def _capitals_column(widths: list[int]) -> int:
    """Where the 大写 amount starts on the total row."""
    return pair_spans(widths, 2, first=2)[1][1][0]


def fits_signed_page(sheet: Worksheet) -> bool:
    return signed_page_height(sheet) <= page_height(sheet.landscape) * SIGNED_PAGE_SLACK


def with_attachment(sheet: Worksheet) -> Worksheet:
    """The same worksheet with its rows moved to a 附表: the page to sign keeps the period count and the 合计 row
    (its first and last dates the span of the rows), so totals, 大写, declaration and seals stay on one page."""
    if sheet.attachment is not None:
        return sheet
    table = sheet.table
    totals = list(table.totals or [None] * len(table.columns))
    for c, col in enumerate(table.columns):
        dates = [row[c] for row in table.rows if row[c] is not None]
        if col.kind == "date" and dates and totals[c] is None:
            totals[c] = min(dates) if col.key == "from" else max(dates)
    summary = Table(table.columns, [], totals, table.sizes or tuple(table.widths))
    return replace(sheet, table=summary, attachment=table)


RULES_HEADING = "所用政策参数（[C] 官方文件 [S] 二手来源 [D] 本程序默认 [L] 本地调整）"
BASIS_WIDTHS = (6, 26, 34, 40, 34)
LABEL_UNITS = 16  # a label gets at least this width where the columns allow (8 Chinese characters)
VALUE_UNITS = 22  # three label/value pairs to a row only if each value gets this much


def split_columns(widths: list[int], k: int, first: int = 1) -> list[tuple[int, int]]:
    """k groups of adjacent columns (1-based, inclusive) from ``first`` to the last, of about equal width.

    Both renderers place pairs, figure strips and signature boxes on the table's own columns with this, so the
    printed page and the Excel page are arranged alike.
    """
    n = len(widths)
    if not 1 <= k <= n - first + 1:
        raise ValueError(f"cannot split columns {first}..{n} into {k} groups")
    total, acc, c = sum(widths[first - 1:]), 0, first
    groups = []
    for i in range(1, k + 1):
        start = c
        acc += widths[c - 1]
        c += 1
        while c <= n - (k - i) and acc + widths[c - 1] / 2 <= total * i / k:
            acc += widths[c - 1]
            c += 1
        groups.append((start, c - 1))
    groups[-1] = (groups[-1][0], n)
    return groups


def pair_spans(widths: list[int], k: int | None = None, first: int = 1):
    """(label columns, value columns) for each of k label/value pairs across a row, from column ``first``.

    Three pairs on a wide sheet when each value still gets VALUE_UNITS, else two.
    """
    room = (len(widths) - first + 1) // 2  # pairs that fit at all: a label column and a value column each
    if k is None:
        if room >= 3:
            three = pair_spans(widths, 3, first)
            if min(sum(widths[v[0] - 1:v[1]]) for _, v in three) >= VALUE_UNITS:
                return three
        return pair_spans(widths, min(2, max(room, 1)), first)
    if k > room:  # a table too narrow for k pairs: the columns shared out as evenly as they go
        out = []
        for start, last in split_columns(widths, k, first):
            out.append(((start, start), (min(start + 1, last), last)))
        return out
    return list(_pairs(tuple(widths), k, first))


@lru_cache(maxsize=128)
def _pairs(widths: tuple[int, ...], k: int, first: int):
    """The k pairs that give every label LABEL_UNITS if they can (so 所属县（市、区） is one line), then the
    narrowest value the most room, then labels no wider than they need: every split of the columns is tried."""
    n = len(widths)
    if not 1 <= k <= (n - first + 1) // 2:
        raise ValueError(f"cannot place {k} label/value pairs on columns {first}..{n}")

    def units(a: int, b: int) -> int:
        return sum(widths[a - 1:b])

    best, best_score = None, None
    for starts in combinations(range(first + 2, n + 1), k - 1):
        bounds = (first, *starts, n + 1)
        groups = [(bounds[i], bounds[i + 1] - 1) for i in range(k)]
        if any(b <= a for a, b in groups):
            continue
        for ends in product(*(range(a, b) for a, b in groups)):
            pairs = tuple(((a, c), (c + 1, b)) for (a, b), c in zip(groups, ends))
            labels = [units(*label) for label, _ in pairs]
            values = [units(*value) for _, value in pairs]
            score = (min(min(w, LABEL_UNITS) for w in labels), min(values),
                     -sum(abs(w - LABEL_UNITS) for w in labels))
            if best_score is None or score > best_score:
                best, best_score = pairs, score
    return best


def label_columns(widths: list[int]) -> tuple[int, int]:
    """Where a row's label goes when the row has no section column: under the section column and the labels."""
    return 1, pair_spans(widths, first=2)[0][0][1]


Placed = tuple[tuple[int, int], tuple[int, int], Item]


def arrange(items: list[Item], widths: list[int]) -> list[list[Placed]]:
    """A section's items in rows of (label columns, value columns, item), right of the section column.

    Two (or three) to a row; a value too long for its place takes the rest of its row, or a row of its own. Both renderers
    use this, so the printed page and the Excel page put every item in the same place.
    """
    spans = pair_spans(widths, first=2)
    room = min(sum(widths[v[0] - 1:v[1]]) for _, v in spans)
    rows: list[list[Placed]] = []
    pending: list[Item] = []

    def fitted(item: Item, label: tuple[int, int]) -> Item:
        return replace(item, label=fit_label(item.label, sum(widths[label[0] - 1:label[1]])))

    def flush():
        if pending:
            rows.append([(label, value, fitted(item, label)) for item, (label, value) in zip(pending, spans)])
            pending.clear()

    for item in items:
        if text_units(item.text()) + 1.5 > room:
            # A long value ends the row it starts in when the rest of that row holds it, else takes a row.
            label, value = spans[len(pending)]
            if pending and text_units(item.text()) + 1.5 > sum(widths[value[0] - 1:]):
                flush()
                label, value = spans[0]
            rows.append([(lbl, val, fitted(it, lbl)) for it, (lbl, val) in zip(pending, spans)]
                        + [(label, (value[0], len(widths)), fitted(item, label))])
            pending.clear()
        else:
            pending.append(item)
            if len(pending) == len(spans):
                flush()
    flush()
    return rows


# Where a label too long for its box breaks: before a bracket, after a colon, at " / ", or before the word it ends
# with, so a box never holds 所属县（市、区 with "）" alone on the next line, nor 借款人类 / 型.
LABEL_ENDINGS = ("类型", "名称", "信用代码", "代码", "层级", "编号", "金额", "费率", "期间", "电话", "到期日", "起始日", "签订日",
                 "年利率", "贴息）", "新招用")


def fit_label(label: str, units: float) -> str:
    """The label with line breaks where a reader expects them, when it does not fit ``units`` on one line."""
    if "\n" in label or text_units(label) + 2 <= units:
        return label
    for sep, keep in ((" / ", "/ "), ("（", "（")):
        at = label.find(sep)
        if at > 0:
            return label[:at].rstrip() + "\n" + fit_label(keep + label[at + len(sep):], units)
    at = label.find("：")
    if 0 < at < len(label) - 1:
        return label[:at + 1] + "\n" + fit_label(label[at + 1:], units)
    at = label.find("）")
    if 0 < at < len(label) - 1:
        return label[:at + 1] + "\n" + fit_label(label[at + 1:], units)
    for ending in LABEL_ENDINGS:
        if label.endswith(ending) and len(label) > len(ending) + 1:
            return label[:-len(ending)] + "\n" + ending
    return label


def stacked(title: str, width: int) -> bool:
    """A section title in a column too narrow for it is stacked one character a line, as paper forms do."""
    return text_units(title) + 2 > width


def column_width(column: Column) -> int:
    if column.key == "period":
        return 5  # also holds the section titles, two characters to a line
    if column.key == "note":
        return 16
    return max(WIDTHS[column.kind], (text_units(column.label) + 1) // 2 + 2)


def case_number(case) -> str:
    """A stable number from what the case says (kind, applicant, inputs): the same case always prints the same one."""
    data = case.to_json()
    content = {k: data.get(k) for k in ("kind", "applicant", "inputs")}
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
    return f"{measure(case.kind).worksheet.number_prefix}-{digest[:8].upper()}"


def file_stem(case) -> str:
    """A file name (without suffix) a clerk recognises in a folder: 创业担保贷款贴息-忻州某科技有限公司-DK-43CB68ED.

    Characters Windows refuses in file names become "_"; the applicant's name is cut to 30 characters.
    """
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", (case.applicant.get("name") or "").strip())[:30].strip("._")
    return "-".join(p for p in (measure(case.kind).title, name, case_number(case)) if p)


def build_worksheet(case, result: Result, office: dict | None = None, *, today: date | None = None,
                    now: datetime | None = None, check=None) -> Worksheet:
    """Describe the worksheet of a computed case. ``office`` is {"name": 单位名称, "clerk": 经办人}; ``check``
    (readings.Check) adds the claim against the result as the last step of the 计算依据."""
    office = office or {}
    now = now or datetime.now().replace(microsecond=0)
    spec = measure(case.kind).worksheet
    sections, figures, signatures = spec.sections(case, result, office)
    table = _table(result, spec)
    sheet = Worksheet(
        kind=case.kind, title=spec.title, number=case_number(case), date=today or now.date(),
        office_name=office.get("name", ""), clerk=office.get("clerk", ""), sections=sections, table=table,
        detail=_typed(list(result.columns), result.rows, spec.summed), figures=figures, total_label=result.total_label, total=result.total,
        capitals=to_capitals(result.total), basis=_basis(result, spec.clause), warnings=[w.message for w in result.warnings],
        notes=case.notes, declaration=spec.declaration, signatures=signatures,
        explanation=[_explain(s) for s in result.steps] + ([_claim_step(check)] if check else []),
        rules=result.rules_used, rule_set=dict(result.rule_set),
        prepared_at=now,
    )
    return sheet if fits_signed_page(sheet) else with_attachment(sheet)


def _table(result: Result, spec) -> Table:
    """The table of the page to sign: the measure's columns (a sparse one, such as 说明, only when some row has a
    value in it), a 合计 row."""
    by_key = {c.key: c for c in result.columns}
    rows = spec.rows(result) if spec.rows else result.rows
    columns = [c for c in (by_key[k] for k in spec.columns) if c.key not in spec.sparse or any(c.of(r) for r in rows)]
    return _typed(columns, rows, spec.summed)


def _typed(columns: list[Column], rows: list[Row], summed: frozenset[str]) -> Table:
    body = [[c.of(row) for c in columns] for row in rows]
    totals: list[Any] = []
    for n, c in enumerate(columns):
        if c.key in summed:
            values = [v for v in (c.of(row) for row in rows) if v is not None]
            totals.append(sum(values, 0 if c.kind == "int" else ZERO))
        else:
            totals.append(None)
    label_at = 0 if columns and columns[0].key not in summed else None
    if label_at is not None:
        totals[label_at] = "合计"
    return Table(columns, body, totals)


POLICY = "忻政办发〔2022〕36号"


def _basis(result: Result, clause: str) -> list[str]:
    """The documents the figures rest on, each once with its clauses, the measure first: the 政策依据 line.

    Only documents: values that are our own defaults ([D]) are cited on the 计算依据 sheet with their mark, and
    the line says so, rather than passing a default off as a document.
    """
    clauses: dict[str, list[str]] = {POLICY: [clause]}
    defaults = False
    for rule in result.rules_used:
        if rule.confidence == "D" or rule.overridden:
            defaults = True
        if rule.confidence not in ("C", "S") or rule.key.startswith("lpr") or not rule.document:
            continue
        got = clauses.setdefault(rule.document, [])
        if rule.clause and rule.clause not in got:
            got.append(rule.clause)
    lines = [doc + ("（" + "、".join(c) + "）" if c else "") for doc, c in clauses.items()]
    if defaults:
        lines.append("部分参数为本程序默认值或本地调整值，见“计算依据”")
    return lines


def _claim_step(check) -> Explanation:
    """申请金额核对 on the 计算依据: each figure asked for against ours, the conclusion and the reason found."""
    values = "；".join(f"{line.label} 申请 {fmt_amount(line.claimed)} 核定 {fmt_amount(line.approved)} "
                      f"差额 {fmt_amount(line.difference)}" for line in check.lines)
    reasons = [f"{line.label}：{line.reason}" for line in check.lines[:-1] if line.reason] or \
        ([check.total.reason] if check.total.reason else [])
    return Explanation("申请金额核对", "差额 = 申请金额 − 核定金额，相差一分也列为差额；不同时按其他计息口径（单独及两两组合）"
                       "重算，找出能得出申请金额的口径；拨付以核定金额为准", values,
                       "；".join([check.status_text, *reasons]))


def _explain(step) -> Explanation:
    values = "；".join(f"{k} {v}" for k, v in step.values)
    return Explanation(str(step.title), step.formula, values, str(step.result) if step.result else "")
