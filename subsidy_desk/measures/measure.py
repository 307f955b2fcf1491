"""What a measure is: everything the rest of the program needs to know about one kind of case, in one record.

A kind's package (``measures/<kind>/``) builds one ``Measure`` and ``registry.py`` lists it. The case format, the
command line, batch lists, the ledger, worksheets and the window ask the registry for it and never name a kind, so
a new measure is a new package and one line in the registry (docs/architecture.md).

Everything here is plain data and plain functions over the core's own values (cases, results, fields): how a batch
sheet, a worksheet or a ledger screen draws them is decided above, in the packages that draw.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

from ..fields import Field, FieldError, InputError, normalise_identifier
from .result import Column, Result, Row
from .sheet import Section, SignBlock


@dataclass(frozen=True)
class InCell:
    """A records field written in one cell of an import sheet: items separated by ;, an item's values by ``sep``.

    The item's values are the records field's sub-fields, in order (还款计划: ``2023-03-01:50000; 2023-09-01:50000``).
    """

    sep: str  # a regular-expression character class: "[:：]"
    unit: str  # what one item is called in a message: 第 2 笔, 第 2 季度
    shape: str  # how one item is written, in words: 还款日:还款本金
    format: str  # the cell's format for the template's 单位/格式 column: 日期:金额; 日期:金额
    example: str = ""  # one item, quoted in the message for a badly written one
    help: str = ""
    # The most items the measure accepts (0: no bound), so that a batch refuses a longer cell before reading it:
    # ``too_many`` says so with {count}, ``too_long`` for a cell too long to hold that many items, with {chars}.
    most: int = 0
    too_many: str = ""
    too_long: str = ""


@dataclass(frozen=True)
class Grid:
    """A records field as columns of an import sheet: one group per choice of its first sub-field, one column per
    other sub-field in ``parts`` (六税两费: 城市维护建设税应纳（元）, 城市维护建设税其他减免（元）, ...).

    An item is present when its first part is filled.
    """

    parts: tuple[tuple[str, str, str], ...]  # (sub-field, header after the choice's label, help with {label})
    missing: str  # the problem when a later part is filled but not the first
    whole: str  # the column named for a problem of the list as a whole


@dataclass(frozen=True)
class ResultsSheet:
    """An extra sheet of the batch results workbook (the guarantee agencies' view): a summary table, a total row,
    sentences under it, then a detail table."""

    title: str
    columns: list[tuple[str, str, int]]  # (header, kind, width); kinds as in batch/results.py
    rows: list[list[Any]]
    total: list[Any] | None = None
    notes: list[str] = field(default_factory=list)
    detail_columns: list[tuple[str, str]] = field(default_factory=list)
    detail_rows: list[list[Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Worksheet:
    """The measure's part of its printed worksheet (worksheets/layout.py draws the rest)."""

    title: str  # 创业担保贷款贴息申请表
    number_prefix: str  # the worksheet number's prefix: DK-43CB68ED
    clause: str  # the measure's clause of 忻政办发〔2022〕36号, cited first on the 政策依据 line
    columns: tuple[str, ...]  # the result columns on the page to sign, in order
    declaration: str  # the applicant's pledge (or the note) above the signatures
    # (case, result, office) -> (sections, figure strips, signature boxes)
    sections: Callable[[Any, Result, dict], tuple[list[Section], list[Section], list[SignBlock]]]
    summed: frozenset[str] = frozenset()  # the columns the 合计 row adds up (rounded rows, as shown)
    sparse: tuple[str, ...] = ("note",)  # columns printed only when some row has a value
    rows: Callable[[Result], list[Row]] | None = None  # the rows on the page to sign, when not the result's
    row_unit: str = "项"  # what one row of the table counts, on the 附表 line: 共 26 期, 共 8 项
    # Whether the applicant is an organisation, whose 统一社会信用代码 the form must carry (a person's may be blank).
    organisation: Callable[[dict], bool] = lambda inputs: False


@dataclass(frozen=True)
class Batch:
    """How the measure's cases travel in a list: import columns, the template's example, the results workbook."""

    example: dict[str, Any]  # the template's example row by column key ("inputs.principal", "applicant.name", ...)
    key_inputs: tuple[str, ...]  # the inputs a reviewer checks a row by, in the results' detail sheet
    flat: dict[str, InCell | Grid] = field(default_factory=dict)  # the flat form of each records field
    group_by: str = ""  # the input naming the bank or agency, for 按经办银行或担保机构汇总
    credit_code_exempt: tuple[str, tuple[str, ...], str] | None = None  # (input, values, words): no code needed then
    plausible_percent: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)  # where a rate lives
    # Extra results sheets from the computed entries, (entries, rules) -> sheets: the rules the batch was computed with.
    sheets: Callable[[list, Any], list[ResultsSheet]] | None = None


# What one claim period of a measure claimed period by period may be: a quarter, a half-year or a year.
PERIOD_UNITS = ("quarter", "half", "year")


@dataclass(frozen=True)
class Measure:
    kind: str  # the case file's "kind"
    title: str  # N_("创业担保贷款贴息"): the tab, the worksheet file name, every summary
    fields: tuple[Field, ...]  # the inputs, in the order of the paper form
    check: Callable[[dict], list[FieldError]]  # cross-field checks of parsed inputs
    compute: Callable[[dict, dict, Any], Result]  # (inputs, applicant, rules) -> Result
    as_of_field: str  # rules are read as of this input; a date outside the policy is reported against it
    columns: list[Column]  # the result's row columns
    # What makes two ledger entries the same claim: the key's parts after the kind; raises InputError naming a
    # field that must be filled to register. ``claim_labels`` name the parts on the ledger's screens.
    claim: Callable[[Any, Result | None], list[str]]
    claim_labels: tuple[str, ...]
    worksheet: Worksheet
    batch: Batch
    example: tuple[dict, Decimal]  # the self-test's inputs and the total the policy example gives
    # The inputs a case file of an older format version implied: {"subsidy-desk/case@1": {"end_day": "exclusive"}}.
    format_defaults: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Day counts the form shows beside an end date as it is typed: {end: (start, rule field, count(start, end, rule))}.
    day_counters: dict[str, tuple[str, str, Callable]] = field(default_factory=dict)
    # Other ways a bank or agency may have computed a claim, tried when its figure differs (readings.py).
    readings: tuple = ()
    # A case entered once and claimed period by period (a loan, quarter by quarter): the two inputs holding the
    # claim window, and the periods a clerk picks from, (inputs, rules) -> [(first, last)], both days included.
    claim_window: tuple[str, str] | None = None
    periods: Callable[[dict, Any], list[tuple]] | None = None
    # Whose claims they are, in the window's words (N_("本笔贷款"), N_("本担保机构")), and the length of a period,
    # (inputs, rules) -> one of PERIOD_UNITS; None: by quarter.
    claim_subject: str = ""
    period_unit: Callable[[dict, Any], str] | None = None

    @classmethod
    def of(cls, calculator, claim, worksheet: Worksheet, batch: Batch, example: tuple[dict, Decimal],
           readings: tuple = ()) -> "Measure":
        """A measure from its package's modules: the calculator's KIND, TITLE, FIELDS, check, compute,
        AS_OF_FIELD, COLUMNS and, where it has them, FORMAT_DEFAULTS and DAY_COUNTERS; the claim module's claim and
        LABELS."""
        return cls(kind=calculator.KIND, title=calculator.TITLE, fields=calculator.FIELDS, check=calculator.check,
                   compute=calculator.compute, as_of_field=calculator.AS_OF_FIELD, columns=calculator.COLUMNS,
                   claim=claim.claim, claim_labels=claim.LABELS, worksheet=worksheet, batch=batch, example=example,
                   format_defaults=getattr(calculator, "FORMAT_DEFAULTS", {}),
                   day_counters=getattr(calculator, "DAY_COUNTERS", {}), readings=readings)


def need(value: Any, field_path: str, label: str) -> str:
    """A claim key part that must be filled to register a case in the ledger (blank also when only spaces, dashes
    or invisible characters were typed: the ledger compares the part normalised)."""
    text = str(value or "").strip()
    if not normalise_identifier(text):
        raise InputError([FieldError(field_path, f"登记台账需要填写{label}（用于查重，防止同一申请登记两次）")])
    return text
