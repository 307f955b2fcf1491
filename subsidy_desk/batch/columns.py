"""The flat columns of an import sheet, one list per kind, derived from the measure's and the applicant's FIELDS.

A case has nested "records" (repayments, tax items, quarters) that a spreadsheet row cannot hold as such; each
measure declares their flat form once (``Measure.batch.flat``), and this module turns it into columns, so the
template, its 填写说明 and the importer cannot disagree:

- ``InCell``: one text cell, items separated by ;, an item's values by the form's separator
  (还款计划 ``2023-03-01:50000; 2023-09-01:50000``).
- ``Grid``: one group of number columns per choice of the first sub-field (六税两费: ``<税目>应纳（元）`` and
  ``<税目>其他减免（元）``); an item is present when its first column is filled.
"""
from __future__ import annotations

from dataclasses import dataclass, field as dc_field

from .. import applicant, claimed
from ..fields import Field
from ..measures.measure import Grid, InCell
from ..measures.registry import measure

SEQ_HEADER = "序号"
EXAMPLE_MARK = "示例"


@dataclass(frozen=True)
class Col:
    """One column of the import sheet: where its value goes in the case and how a clerk is told to fill it."""

    key: str  # "seq", "notes", "applicant.<name>", "inputs.<name>", "claim.<name>", "item.<choice>.<part>" (a Grid's
    # cell)
    header: str
    type: str  # a field type, or "incell" (a records field in one cell) / "seq"
    required: str = ""  # "" optional, "必填", or the condition under which it is required
    choices: dict[str, str] = dc_field(default_factory=dict)
    help: str = ""
    field: Field | None = None
    records: Field | None = None  # the records field an "incell" or Grid column belongs to
    flat: InCell | Grid | None = None

    @property
    def name(self) -> str:
        return self.key.split(".", 1)[-1]


UNITS = {"money": "元，数字，最多两位小数；可带千分位逗号", "percent": "百分数：5.2、5.2% 均表示 5.2%",
         "date": "日期：2022-06-21、2022/6/21 或 2022年6月21日", "int": "整数", "choice": "从下拉列表选择",
         "bool": "是 / 否", "text": "文字", "seq": "任意编号，仅供核对；示例行填“示例”"}


def unit(col: Col) -> str:
    """What the 填写说明 says a column holds."""
    if col.type == "incell":
        return f"文字：{col.flat.format}"
    return UNITS.get(col.type, "")


def _applicant_cols(kind: str) -> list[Col]:
    exempt = measure(kind).batch.credit_code_exempt
    cols = []
    for f in applicant.FIELDS:
        required = ""
        if f.name == "name":
            required = "必填"
        elif f.name == "credit_code":
            required = f"必填（{exempt[2]}）" if exempt else "必填"
        cols.append(Col(f"applicant.{f.name}", f.label, f.type, required, dict(f.choices), f.help, f))
    return cols


def _input_cols(kind: str) -> list[Col]:
    m = measure(kind)
    cols = []
    for f in m.fields:
        required = "必填" if f.required else ""
        flat = m.batch.flat.get(f.name)
        if f.type != "records":
            cols.append(Col(f"inputs.{f.name}", f.label, f.type, required, dict(f.choices), f.help, f))
        elif isinstance(flat, InCell):
            cols.append(Col(f"inputs.{f.name}", f.label, "incell", "", help="。".join(h for h in (f.help, flat.help) if h),
                            field=f, records=f, flat=flat))
        elif isinstance(flat, Grid):
            subs = {s.name: s for s in f.sub}
            for key, label in f.sub[0].choices.items():
                for part, suffix, help_ in flat.parts:
                    cols.append(Col(f"item.{key}.{part}", f"{label}{suffix}", subs[part].type,
                                    help=help_.format(label=label), field=subs[part], records=f, flat=flat))
        else:  # a new records field must get a flat form in its measure before it can be imported
            raise AssertionError(f"no flat form for records field {kind}.{f.name}")
    return cols


# The bank's periods in one cell of an import sheet: 1:367.50:697.50; 2:1263.89 (期次:申请贴息[:银行利息]).
PERIODS_IN_CELL = InCell(sep="[:：]", unit="期", shape="期次:申请贴息:银行利息（利息可不写）", format="期次:贴息:利息; 期次:贴息",
                         example="2:1263.89:2350.83",
                         help="银行按结息期列出的，每期写“期次:申请贴息:银行利息”，利息可不写，多期用分号隔开，"
                              "如 1:367.50:697.50; 2:1263.89；填写后申请金额可不填（为各期之和）")


def _claim_cols(kind: str) -> list[Col]:
    """What the bank or agency asks for (claimed.py): checked against the computed figure, never computed from;
    for a loan also the bank's list by settlement period, in one cell."""
    amount, *periods = claimed.fields_for(measure(kind).columns)
    cols = [Col("claim.amount", amount.label, "money", help=f"{amount.help}；不填则不核对", field=amount)]
    for f in periods:
        flat = PERIODS_IN_CELL
        cols.append(Col(f"claim.{f.name}", f.label, "incell", help=flat.help, field=f, records=f, flat=flat))
    return cols


def columns(kind: str) -> list[Col]:
    """Every column of the import sheet for ``kind``, in template order."""
    return ([Col("seq", SEQ_HEADER, "seq", help="行的编号，导入时不使用；示例行此格为“示例”，导入时跳过")]
            + _applicant_cols(kind) + _input_cols(kind) + _claim_cols(kind)
            + [Col("notes", "备注", "text", help="随案例保存的备注")])


def sheet_title(kind: str) -> str:
    """The data sheet is named after the kind, which is how an import knows what a filled template holds."""
    return measure(kind).title
