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
from typing import Any

from .. import __version__
from ..measures.result import Column, Result
from ..format import fmt_amount, fmt_date, fmt_percent
from ..money import ZERO
from .capitals import to_capitals

TITLES = {
    "startup_loan": "创业担保贷款贴息申请表",
    "guarantee_fee": "担保费补贴申请表",
    "six_taxes": "六税两费减征计算表（留存备查）",
}
NUMBER_PREFIX = {"startup_loan": "DK", "guarantee_fee": "DB", "six_taxes": "LS"}

# Columns whose rows add up to something meaningful; the totals row sums only these (rounded rows, as shown).
SUMMED = {"days", "interest", "subsidy", "national", "topup", "borrower", "fee", "payable", "other_relief", "exempt",
          "base", "reduction", "due"}

# The columns of the page to sign; 计算明细 keeps every column of the result.
PRINTED_COLUMNS = {
    "startup_loan": ("period", "from", "to", "days", "balance", "rate", "interest", "subsidy_rate", "subsidy",
                     "national", "topup", "borrower", "note"),
    "guarantee_fee": ("item", "amount", "from", "to", "days", "fee_rate", "fee", "cap", "subsidy", "note"),
    "six_taxes": ("item", "payable", "other_relief", "exempt", "base", "rate", "reduction", "due", "note"),
}

# The eight items of measure 4 (REFERENCE.md section 3), always listed so the record shows what was not declared.
SIX_TAX_ITEMS = ("resource_tax", "urban_maintenance_tax", "property_tax", "land_use_tax", "stamp_duty",
                 "farmland_occupation_tax", "education_surcharge", "local_education_surcharge")

# Width of each column kind in character units (a Chinese character is two): enough for the longest value
# (2022年12月31日; 999,999,999.99 in bold with the space the amount format keeps before the border, since
# LibreOffice's fallback digits run wider than 宋体's); headers wrap onto two lines rather than widen a column.
LONGEST_AMOUNT = "999,999,999.99"
WIDTHS = {"date": 16, "money": 16, "percent": 9, "int": 6, "text": 16}
# Wider than this many units and the table goes on a landscape page (A4 portrait holds about 100 at full size;
# fitting 122 to the width still prints 8.6 pt text). 122 keeps the guarantee and six-taxes forms portrait.
PORTRAIT_UNITS = 122

DECLARATIONS = {
    "startup_loan": "申请人承诺：以上所填内容及所附借款合同、借款借据、付息凭证等材料真实、准确、完整；"
                    "如有虚假，自愿退回已获贴息资金并承担相应法律责任。",
    "guarantee_fee": "申请单位承诺：以上所填内容及所附担保合同、担保费缴纳凭证等材料真实、准确、完整；"
                     "如有虚假，自愿退回已获补贴资金并承担相应法律责任。",
    "six_taxes": "说明：本表依据纳税人提供的数据计算，减征额在纳税申报时直接享受；本表及相关资料由纳税人留存备查。"
                 "纳税人对所提供资料的真实性、准确性负责。",
}

_DATE_LINE = "年　　月　　日"

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
# What one detail row counts: 共 26 期 for a loan's settlement periods, 共 8 项 for a tax record's items.
ROW_UNITS = {"startup_loan": "期"}


@dataclass(frozen=True)
class Item:
    """A labelled value: 贷款本金 3,000,000.00 元. ``kind`` is a column kind (date/money/percent/int/text)."""

    label: str
    value: Any
    kind: str = "text"

    def text(self) -> str:
        return shown(self.value, self.kind)


@dataclass(frozen=True)
class Section:
    """A block of labelled values under a heading (借款人, 贷款合同, ...)."""

    title: str
    items: list[Item]


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
class SignBlock:
    """A box to sign and stamp in: its heading, the lines inside, and whether a seal must fit (about 4.2 cm)."""

    title: str
    lines: tuple[str, ...] = ()
    seal: bool = True


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
        return f"明细见附表（共 {self.row_count} {ROW_UNITS.get(self.kind, '项')}）"

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
        parts.append(f"共 {self.row_count} {ROW_UNITS.get(self.kind, '项')}")
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
            period = f"{rule.period} {rule.mark}" + ("（本地调整）" if rule.overridden else "")
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
    height += cells([(c, c, col.label) for c, col in enumerate(table.columns, start=1)])
    for values in table.rows + ([table.totals] if table.totals else []):
        height += cells([(c, c, shown(v, col.kind)) for c, (col, v) in enumerate(zip(table.columns, values), 1)])
    if sheet.attachment is not None:
        height += full(sheet.attachment_note)
    for strip in sheet.figures:
        groups = split_columns(widths, len(strip.items), first=l2 + 1)
        height += cells([(a, b, item.label) for (a, b), item in zip(groups, strip.items)])
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
LABEL_UNITS = 17  # a label takes the columns closest to this width
VALUE_UNITS = 26  # three label/value pairs to a row only if each value gets this much


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
    if k is None:
        three = pair_spans(widths, 3, first)
        if min(sum(widths[v[0] - 1:v[1]]) for _, v in three) >= VALUE_UNITS:
            return three
        return pair_spans(widths, 2, first)
    out = []
    for start, last in split_columns(widths, k, first):
        c, acc = start, widths[start - 1]
        while c < last - 1 and abs(acc + widths[c] - LABEL_UNITS) < abs(acc - LABEL_UNITS):
            c += 1
            acc += widths[c - 1]
        out.append(((start, c), (c + 1, last)))
    return out


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

    def flush():
        if pending:
            rows.append([(label, value, item) for item, (label, value) in zip(pending, spans)])
            pending.clear()

    for item in items:
        if text_units(item.text()) + 1.5 > room:
            # A long value ends the row it starts in when the rest of that row holds it, else takes a row.
            label, value = spans[len(pending)]
            if pending and text_units(item.text()) + 1.5 > sum(widths[value[0] - 1:]):
                flush()
                label, value = spans[0]
            rows.append([(lbl, val, it) for it, (lbl, val) in zip(pending, spans)]
                        + [(label, (value[0], len(widths)), item)])
            pending.clear()
        else:
            pending.append(item)
            if len(pending) == len(spans):
                flush()
    flush()
    return rows


def shown(value: Any, kind: str) -> str:
    """How a value reads on paper: amounts grouped to the fen, rates in percent, dates 2022年6月21日."""
    if value is None or value == "":
        return ""
    if kind == "money":
        return fmt_amount(value)
    if kind == "percent":
        return fmt_percent(value)
    if kind == "date":
        return fmt_date(value)
    return str(value)


def stacked(title: str, width: int) -> bool:
    """A section title in a column too narrow for it is stacked one character a line, as paper forms do."""
    return text_units(title) + 2 > width


def column_width(column: Column) -> int:
    if column.key == "period":
        return 5  # also holds the section titles, two characters to a line
    if column.key == "note":
        return 16
    return max(WIDTHS[column.kind], (text_units(column.label) + 1) // 2 + 2)


def text_units(text: str) -> int:
    """Width of a text in character units: CJK and full-width characters count two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def case_number(case) -> str:
    """A stable number from what the case says (kind, applicant, inputs): the same case always prints the same one."""
    data = case.to_json()
    content = {k: data.get(k) for k in ("kind", "applicant", "inputs")}
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
    return f"{NUMBER_PREFIX.get(case.kind, 'XX')}-{digest[:8].upper()}"


def file_stem(case) -> str:
    """A file name (without suffix) a clerk recognises in a folder: 创业担保贷款贴息-忻州某科技有限公司-DK-43CB68ED.

    Characters Windows refuses in file names become "_"; the applicant's name is cut to 30 characters.
    """
    from ..case import KINDS

    name = re.sub(r'[\\/:*?"<>|\s]+', "_", (case.applicant.get("name") or "").strip())[:30].strip("._")
    return "-".join(p for p in (KINDS[case.kind], name, case_number(case)) if p)


def build_worksheet(case, result: Result, office: dict | None = None, *, today: date | None = None,
                    now: datetime | None = None) -> Worksheet:
    """Describe the worksheet of a computed case. ``office`` is {"name": 单位名称, "clerk": 经办人}."""
    office = office or {}
    now = now or datetime.now().replace(microsecond=0)
    builder = {"startup_loan": _startup_loan, "guarantee_fee": _guarantee_fee, "six_taxes": _six_taxes}[case.kind]
    sections, figures, signatures = builder(case, result, office)
    columns = PRINTED_COLUMNS[case.kind]
    if not any(row.get("exempt") for row in result.rows):
        columns = tuple(c for c in columns if c != "exempt")  # printed only when the two fees were exempted
    table = _table(result, columns, case)
    sheet = Worksheet(
        kind=case.kind, title=TITLES[case.kind], number=case_number(case), date=today or now.date(),
        office_name=office.get("name", ""), clerk=office.get("clerk", ""), sections=sections, table=table,
        detail=_detail(result), figures=figures, total_label=result.total_label, total=result.total,
        capitals=to_capitals(result.total), basis=_basis(result), warnings=[w.message for w in result.warnings],
        notes=case.notes, declaration=DECLARATIONS[case.kind], signatures=signatures,
        explanation=[_explain(s) for s in result.steps], rules=result.rules_used, rule_set=dict(result.rule_set),
        prepared_at=now,
    )
    return sheet if fits_signed_page(sheet) else with_attachment(sheet)


def _applicant_items(case, name_label: str) -> list[Item]:
    from ..applicant import FIELDS

    appl = case.applicant
    labels = {f.name: f.label for f in FIELDS}
    return [Item(name_label, appl.get("name") or ""), Item(labels["credit_code"], appl.get("credit_code") or ""),
            Item(labels["county"], appl.get("county") or ""), Item(labels["contact"], appl.get("contact") or "")]


def _startup_loan(case, result: Result, office: dict):
    from ..measures import daycount
    from ..measures.startup_loan import calculator as calc

    i = case.inputs
    people = _applicant_items(case, "借款人名称")
    people.append(Item("借款人类型", calc.BORROWERS[i["borrower_type"]]))
    if i["borrower_type"] == "partnership":
        people.append(Item("合伙人数", f"{i['partners']} 人"))
    if i["borrower_type"] == "small_micro" and i["staff_count"] is not None:
        people.append(Item("职工人数 / 新招用", f"{i['staff_count']} 人 / {i['new_hires'] or 0} 人"))
    lpr = next((r for r in result.rules_used if r.key.startswith("lpr")), None)
    if i["lpr"] is not None:
        lpr_text = f"{fmt_percent(i['lpr'])}（借款合同约定）"
    elif lpr is not None:
        lpr_text = f"{fmt_percent(lpr.value)}（{calc.TERMS[i['lpr_term']]}，{fmt_date(lpr.start)}公布）"
    else:
        lpr_text = ""
    claim_from = i["claim_from"] or i["start_date"] or i["contract_date"]
    claim_to = i["claim_to"] or i["maturity_date"]
    loan = [
        Item("借款合同编号", i["contract_no"] or ""), Item("经办银行", i["bank"] or ""),
        Item("贷款本金（元）", i["principal"], "money"), Item("合同签订日", i["contract_date"], "date"),
        Item("放款（起息）日", i["start_date"] or i["contract_date"], "date"), Item("到期日", i["maturity_date"], "date"),
        Item("合同年利率", i["contract_rate"], "percent"), Item("LPR", lpr_text),
        Item("计息方式", daycount.CONVENTIONS[i["day_count"]]), Item("结息方式", calc.SETTLEMENTS[i["settlement"]]),
        Item("申请贴息期间", f"{fmt_date(claim_from)}至{fmt_date(claim_to)}"),
    ]
    if i["repayments"]:
        plan = "；".join(f"{fmt_date(r['date'])} {fmt_amount(r['amount'])}" for r in i["repayments"])
        loan.append(Item("还款计划（元）", plan))
    if i["overdue_from"]:
        loan.append(Item("逾期/展期起日", i["overdue_from"], "date"))
    sections = [Section("借款人", people), Section("贷款合同", loan)]
    figures = [Section("资金分担", [Item(label, value, "money") for label, value in result.shares])]
    figures = [f for f in figures if f.items]  # nothing to share when the subsidy is refused
    signatures = [
        SignBlock("申请人（盖章）", ("法定代表人（借款人）签字：", _DATE_LINE)),
        SignBlock("经办银行意见", ("经办人：", "（盖章）", _DATE_LINE)),
        SignBlock("人社部门审核意见", ("经办人：", "（盖章）", _DATE_LINE)),
        SignBlock("财政部门审核意见", ("经办人：", "（盖章）", _DATE_LINE)),
    ]
    return sections, figures, signatures


def _guarantee_fee(case, result: Result, office: dict):
    from ..measures.guarantee_fee import calculator as calc

    i = case.inputs
    firm = _applicant_items(case, "申请单位名称")
    firm += [Item("业务类型", calc.BUSINESS[i["business_type"]]), Item("所属行业", calc.INDUSTRIES[i["industry"]])]
    deal = [
        Item("担保机构", i["agency_name"] or ""), Item("担保机构层级", calc.LEVELS[i["agency_level"]]),
        Item("担保合同编号", i["contract_no"] or ""), Item("担保金额（元）", i["amount"], "money"),
        Item("担保期限起", i["start_date"], "date"), Item("担保期限止（含当日）", i["end_date"], "date"),
    ]
    if i["fee_charged"] is not None:
        deal.append(Item("实收担保费（元）", i["fee_charged"], "money"))
    else:
        deal.append(Item("担保费率（年）", i["fee_rate"], "percent"))
    row = result.rows[0]
    cap_ok = row["fee_rate"] <= row["cap"]
    test = [Item("费率上限检查", f"年化费率 {fmt_percent(row['fee_rate'])}，上限 {fmt_percent(row['cap'])}，"
                             + ("符合" if cap_ok else "超过上限"))]
    test += [Item(f"补贴{f.label}", f.value, "money") for f in result.figures if f.key == "formula_value"]
    # Both levels always: a reviewer checks that the level which pays is the agency's (谁受益、谁补偿、谁补贴).
    split = [Item(f.label, f.value, "money") for f in result.figures if f.key in ("city", "county")]
    figures = [Section("补贴测算", test), Section("资金分担", split)]
    signatures = [
        SignBlock("申请单位（盖章）", ("法定代表人签字：", _DATE_LINE)),
        SignBlock("担保机构意见", ("经办人：", "（盖章）", _DATE_LINE)),
        SignBlock("财政部门审核意见", ("经办人：", "（盖章）", _DATE_LINE)),
    ]
    return [Section("申请单位", firm), Section("担保业务", deal)], figures, signatures


def _six_taxes(case, result: Result, office: dict):
    from ..measures.six_taxes import calculator as calc

    i = case.inputs
    payer = _applicant_items(case, "纳税人名称")
    payer += [Item("纳税人类型", calc.TAXPAYERS[i["taxpayer_type"]]),
              Item("税款所属期", f"{fmt_date(i['period_start'])}至{fmt_date(i['period_end'])}")]
    basis = [Item("资格判定", str(result.steps[0].result))]
    if i["taxpayer_type"] == "small_low_profit" and i["slp_basis"]:
        year = f"（{i['slp_filing_year']} 年度）" if i["slp_filing_year"] else ""
        basis.append(Item("小型微利企业判定", calc.SLP_BASIS[i["slp_basis"]] + year))
    for rule in result.rules_used:
        if rule.key in ("six_taxes.reduction_rate", "six_taxes.eligible_types"):
            basis.append(Item(rule.label, f"{rule.shown()}（{rule.source}）{rule.mark}"))
    if i["vat_paid"] is not None:
        basis.append(Item("城建税及两费计税依据", f"实缴增值税 {fmt_amount(i['vat_paid'])} 元"
                          + (f"、消费税 {fmt_amount(i['consumption_tax_paid'])} 元" if i["consumption_tax_paid"] else "")
                          + f"，所在地 {calc.LOCATIONS[i['location']]}"))
    figures: list[Section] = []  # 应纳合计 and 减征后应纳合计 are the table's 合计 row
    clerk = office.get("clerk", "")
    signatures = [SignBlock("经办人", (clerk,), seal=False), SignBlock("日期", (_DATE_LINE,), seal=False)]
    return [Section("纳税人", payer), Section("减征资格", basis)], figures, signatures


def _table(result: Result, keys: tuple[str, ...], case) -> Table:
    """The table of the page to sign: the kind's columns (说明 only when some row has one), a 合计 row."""
    by_key = {c.key: c for c in result.columns}
    rows = result.rows
    if case.kind == "six_taxes":
        rows = _eight_items(result)
    columns = [by_key[k] for k in keys if k != "note" or any(r.get("note") for r in rows)]
    return _typed(columns, rows)


def _detail(result: Result) -> Table:
    return _typed(list(result.columns), result.rows)


def _typed(columns: list[Column], rows: list[dict]) -> Table:
    body = [[row.get(c.key) for c in columns] for row in rows]
    totals: list[Any] = []
    for n, c in enumerate(columns):
        if c.key in SUMMED:
            values = [row.get(c.key) for row in rows if row.get(c.key) is not None]
            totals.append(sum(values, 0 if c.kind == "int" else ZERO))
        else:
            totals.append(None)
    label_at = 0 if columns and columns[0].key not in SUMMED else None
    if label_at is not None:
        totals[label_at] = "合计"
    return Table(columns, body, totals)


def _eight_items(result: Result) -> list[dict]:
    """Every item of measure 4 in its fixed order, declared or not, plus any excluded item that was entered."""
    from ..measures.six_taxes.calculator import ITEMS

    declared = {row["key"]: row for row in result.rows}
    out = []
    for key in ITEMS:
        if key in declared:
            out.append(declared[key])
        elif key in SIX_TAX_ITEMS:
            out.append({"item": ITEMS[key], "key": key, "note": "本期未申报"})
    return out


MEASURES = {"startup_loan": "第2条", "guarantee_fee": "第3条", "six_taxes": "第4条"}
POLICY = "忻政办发〔2022〕36号"


def _basis(result: Result) -> list[str]:
    """The documents the figures rest on, each once with its clauses, the measure first: the 政策依据 line.

    Only documents: values that are our own defaults ([D]) are cited on the 计算依据 sheet with their mark, and
    the line says so, rather than passing a default off as a document.
    """
    clauses: dict[str, list[str]] = {POLICY: [MEASURES[result.kind]]}
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


def _explain(step) -> Explanation:
    values = "；".join(f"{k} {v}" for k, v in step.values)
    return Explanation(str(step.title), step.formula, values, str(step.result) if step.result else "")
