"""The flat columns of an import sheet, one list per kind, derived from the calculator and applicant FIELDS.

A case has nested "records" (repayments, tax items, quarters) that a spreadsheet row cannot hold as such; this module
decides their flat form once, so the template, its 填写说明 and the importer cannot disagree:

- 还款计划: one text cell, ``2023-03-01:50000; 2023-09-01:50000`` (日期:还款本金, items separated by ;).
- 税（费）目: two number columns per item, ``<税目>应纳（元）`` and ``<税目>其他减免（元）``; an item is present when
  its 应纳 cell is filled.
- 各季度从业人数和资产总额: one text cell, ``季初人数/季末人数/季初资产/季末资产`` per quarter, quarters separated by ;.
"""
from __future__ import annotations

from dataclasses import dataclass, field as dc_field

from .. import applicant, claimed
from ..case import KINDS, calculators
from ..fields import Field

SEQ_HEADER = "序号"
EXAMPLE_MARK = "示例"
REPAYMENTS_FORMAT = "日期:金额; 日期:金额"
QUARTERS_FORMAT = "季初人数/季末人数/季初资产/季末资产; ……"


@dataclass(frozen=True)
class Col:
    """One column of the import sheet: where its value goes in the case and how a clerk is told to fill it."""

    key: str  # "seq", "notes", "applicant.<name>", "inputs.<name>", "claim.<name>", "item.<item>.payable|other_relief"
    header: str
    type: str  # a field type, or "repayments" / "quarters" (the flat text forms) / "seq"
    required: str = ""  # "" optional, "必填", or the condition under which it is required
    choices: dict[str, str] = dc_field(default_factory=dict)
    help: str = ""
    field: Field | None = None

    @property
    def name(self) -> str:
        return self.key.split(".", 1)[-1]


UNITS = {"money": "元，数字，最多两位小数；可带千分位逗号", "percent": "百分数：5.2、5.2% 均表示 5.2%",
         "date": "日期：2022-06-21、2022/6/21 或 2022年6月21日", "int": "整数", "choice": "从下拉列表选择",
         "bool": "是 / 否", "text": "文字", "seq": "任意编号，仅供核对；示例行填“示例”",
         "repayments": f"文字：{REPAYMENTS_FORMAT}", "quarters": f"文字：{QUARTERS_FORMAT}"}


def _applicant_cols(kind: str) -> list[Col]:
    cols = []
    for f in applicant.FIELDS:
        required = ""
        if f.name == "name":
            required = "必填"
        elif f.name == "credit_code":
            required = "必填（借款人类型为“个人”时可不填）" if kind == "startup_loan" else "必填"
        cols.append(Col(f"applicant.{f.name}", f.label, f.type, required, dict(f.choices), f.help, f))
    return cols


def _input_cols(kind: str) -> list[Col]:
    cols = []
    for f in calculators()[kind].FIELDS:
        required = "必填" if f.required else ""
        if f.type != "records":
            cols.append(Col(f"inputs.{f.name}", f.label, f.type, required, dict(f.choices), f.help, f))
        elif f.name == "repayments":
            cols.append(Col("inputs.repayments", f.label, "repayments", "",
                            help=f"{f.help}。每笔写“还款日:还款本金”，多笔用分号隔开，如 2023-03-01:50000; 2023-09-01:50000；"
                                 "各笔合计须等于贷款本金", field=f))
        elif f.name == "items":
            item_field = f.sub[0]
            for key, label in item_field.choices.items():
                cols.append(Col(f"item.{key}.payable", f"{label}应纳（元）", "money",
                                help=f"{label}的应纳税（费）额；填写即表示申报该税（费）目", field=f.sub[1]))
                cols.append(Col(f"item.{key}.other_relief", f"{label}其他减免（元）", "money",
                                help=f"{label}已享受的其他减免额；不填为 0", field=f.sub[2]))
        elif f.name == "slp_quarters":
            cols.append(Col("inputs.slp_quarters", f.label, "quarters",
                            help="按汇算清缴判定小型微利企业时填写：每个季度写“季初人数/季末人数/季初资产/季末资产”，"
                                 "季度之间用分号隔开，如 20/22/3000000/3200000; 22/25/3200000/3500000", field=f))
        else:  # a new records field must get a flat form here before it can be imported
            raise AssertionError(f"no flat form for records field {kind}.{f.name}")
    return cols


def _claim_cols() -> list[Col]:
    """What the bank or agency asks for (claimed.py): checked against the computed figure, never computed from."""
    amount = claimed.FIELDS[0]
    return [Col("claim.amount", amount.label, "money", help=f"{amount.help}；不填则不核对", field=amount)]


def columns(kind: str) -> list[Col]:
    """Every column of the import sheet for ``kind``, in template order."""
    return ([Col("seq", SEQ_HEADER, "seq", help="行的编号，导入时不使用；示例行此格为“示例”，导入时跳过")]
            + _applicant_cols(kind) + _input_cols(kind) + _claim_cols()
            + [Col("notes", "备注", "text", help="随案例保存的备注")])


def sheet_title(kind: str) -> str:
    """The data sheet is named after the kind, which is how an import knows what a filled template holds."""
    return KINDS[kind]
