"""A small made-up measure, 一次性吸纳就业补贴 (so much per person hired), written only from measures/measure.py.

It lives in the test suite and is registered at run time: if it works end to end, a fourth real measure needs
nothing outside its own package but a line in the registry.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from subsidy_desk.fields import Field, FieldError
from subsidy_desk.measures.measure import Batch, Measure, Worksheet, need
from subsidy_desk.measures.result import Figure, Result, Row, Step, column, columns, yuan
from subsidy_desk.measures.sheet import DATE_LINE, Item, Section, SignBlock, applicant_items

KIND = "hire_bonus"
FIELDS = (
    Field("hired_on", "吸纳日期", "date", required=True),
    Field("people", "吸纳人数", "int", required=True, positive=True),
    Field("per_head", "每人补贴标准（元）", "money", required=True, positive=True),
    Field("contract_no", "劳动合同编号", "text"),
)


@dataclass(slots=True)
class HireRow(Row):
    item: str = column("项目", "text")
    people: int = column("人数", "int")
    per_head: Decimal = column("标准", "money")
    subsidy: Decimal = column("补贴额", "money")


COLUMNS = columns(HireRow)


def check(inputs: dict) -> list[FieldError]:
    return [FieldError("inputs.people", "一次最多 500 人")] if inputs["people"] > 500 else []


def compute(inputs: dict, applicant: dict, rules) -> Result:
    total = inputs["per_head"] * inputs["people"]
    step = Step("计算补贴", formula="补贴 = 人数 × 每人补贴标准",
                values=[("人数", f"{inputs['people']} 人"), ("标准", yuan(inputs["per_head"]))], result=yuan(total))
    row = HireRow("吸纳就业", inputs["people"], inputs["per_head"], total)
    return Result(kind=KIND, title="一次性吸纳就业补贴", as_of=inputs["hired_on"], total=total, total_label="补贴额",
                  figures=[Figure("per_head", "每人标准", inputs["per_head"])], columns=COLUMNS, rows=[row],
                  warnings=[], steps=[step], rule_set=rules.stamp())


def claim(case, result=None) -> list[str]:
    return [need(case.inputs.get("contract_no"), "inputs.contract_no", "劳动合同编号"), case.inputs["hired_on"].isoformat()]


def sections(case, result, office):
    i = case.inputs
    firm = applicant_items(case, "用人单位名称")
    hires = [Item("吸纳日期", i["hired_on"], "date"), Item("吸纳人数", f"{i['people']} 人"),
             Item("每人补贴标准（元）", i["per_head"], "money")]
    return [Section("用人单位", firm), Section("吸纳就业", hires)], [], [
        SignBlock("用人单位（盖章）", ("法定代表人签字：", DATE_LINE)), SignBlock("人社部门审核意见", ("经办人：", DATE_LINE))]


MEASURE = Measure(
    kind=KIND, title="一次性吸纳就业补贴", fields=FIELDS, check=check, compute=compute, as_of_field="hired_on",
    columns=COLUMNS, claim=claim, claim_labels=("劳动合同", "吸纳日期"),
    worksheet=Worksheet(title="一次性吸纳就业补贴申请表", number_prefix="JY", clause="（测试）", columns=("item", "people",
                        "per_head", "subsidy"), declaration="申请单位承诺：以上所填内容真实。", sections=sections,
                        summed=frozenset({"people", "subsidy"})),
    batch=Batch(example={"inputs.hired_on": date(2022, 7, 1), "inputs.people": 3, "inputs.per_head": 1000,
                         "inputs.contract_no": "LD-2022-01"},
                key_inputs=("hired_on", "people", "per_head")),
    example=({"hired_on": "2022-07-01", "people": "4", "per_head": "1500"}, Decimal("6000.00")),
)

CASE = {"format": "subsidy-desk/case@1", "kind": KIND, "title": "测试",
        "applicant": {"name": "忻州某科技有限公司", "credit_code": "91140900MA0K5YQ12C", "county": "忻府区"},
        "inputs": {"hired_on": "2022-07-01", "people": 4, "per_head": "1500", "contract_no": "LD-1"}}
