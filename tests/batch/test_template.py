"""The template a clerk fills, read back into exactly the cases the clerk meant."""
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from subsidy_desk.batch.columns import EXAMPLE_MARK, columns
from subsidy_desk.batch.importer import read_rows
from subsidy_desk.batch.template import write_template
from subsidy_desk.case import FORMAT, compute, parse_case
from subsidy_desk.measures.registry import titles

from .conftest import credit_code


@pytest.mark.parametrize("kind", list(titles()))
def test_template_layout(tmp_path, kind):
    path = tmp_path / "t.xlsx"
    write_template(kind, path)
    wb = load_workbook(path)
    data, guide = wb.worksheets
    assert data.title == titles()[kind] and guide.title == "填写说明"
    headers = [c.value for c in data[1]]
    assert headers == [c.header for c in columns(kind)]
    assert data.cell(2, 1).value == EXAMPLE_MARK
    # every column is explained, by its header, in the guide
    explained = {row[1] for row in guide.iter_rows(values_only=True)}
    assert set(headers) <= explained
    # every choice column has a drop-down list covering its labels
    ranges = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in data.data_validations.dataValidation}
    for i, col in enumerate(columns(kind), start=1):
        if col.type == "choice":
            letter = data.cell(1, i).column_letter
            assert all(label in ranges[f"{letter}2"] for label in col.choices.values())
    # dates are dates, not text
    for i, col in enumerate(columns(kind), start=1):
        if col.type == "date" and data.cell(2, i).value is not None:
            assert isinstance(data.cell(2, i).value, datetime)


@pytest.mark.parametrize("kind,total", [("startup_loan", "28366.67"), ("guarantee_fee", "2465.75"),
                                        ("six_taxes", "225.00")])
def test_example_row_is_skipped_but_would_import(tmp_path, rules, kind, total):
    """The example is the documented case of docs/cases: it imports and computes to the same total."""
    path = tmp_path / "t.xlsx"
    write_template(kind, path)
    assert read_rows(path).rows == []
    wb = load_workbook(path)
    wb.worksheets[0].cell(2, 1, "1")
    wb.save(path)
    (row,) = read_rows(path).rows
    assert row.ok, row.problems
    assert str(compute(row.case, rules).total) == total


def test_round_trip_every_kind(filled):
    """Rows typed the way clerks type them come back as the cases a case file would hold."""
    loan = filled("startup_loan", [{
        "序号": 1, "申请人名称": "  某面馆 ", "借款人类型": "个人", "贷款本金（元）": "200,000.00",
        "合同签订日": datetime(2022, 7, 1), "到期日": "2024/6/30", "合同年利率（%）": "4.65%", "结息方式": "按月结息（每月20日）",
        "还款计划": "2023-06-30:100000；2024年6月30日：100,000", "经办银行": "忻州某银行", "借款合同编号": 20220701,
        "所属县（市、区）": "原平市"}], name="loan.xlsx")
    (row,) = read_rows(loan).rows
    assert row.ok, row.problems
    expected = parse_case({"format": FORMAT, "kind": "startup_loan", "title": "某面馆",
                           "applicant": {"name": "某面馆", "county": "原平市"},
                           "inputs": {"borrower_type": "individual", "principal": "200000", "contract_date": "2022-07-01",
                                      "maturity_date": "2024-06-30", "contract_rate": "4.65", "settlement": "monthly",
                                      "repayments": [{"date": "2023-06-30", "amount": "100000"},
                                                     {"date": "2024-06-30", "amount": "100000"}],
                                      "bank": "忻州某银行", "contract_no": "20220701"}})
    assert row.case.to_json() == expected.to_json()

    taxes = filled("six_taxes", [{
        "序号": 1, "申请人名称": "某公司", "统一社会信用代码": credit_code(5), "纳税人类型": "小型微利企业",
        "税款所属期起": date(2022, 1, 1), "税款所属期止": date(2022, 12, 31), "房产税应纳（元）": 1200.5,
        "房产税其他减免（元）": 200, "印花税应纳（元）": "88", "小型微利企业判定依据": "按上年度企业所得税汇算清缴结果",
        "汇算清缴年度": 2021, "从事国家限制或禁止行业": "否", "年度应纳税所得额（元）": 1500000,
        "各季度从业人数和资产总额": "20/22/3,000,000/3200000; 22/25/3200000/3500000"}], name="tax.xlsx")
    (row,) = read_rows(taxes).rows
    assert row.ok, row.problems
    inputs = row.case.to_json()["inputs"]
    assert inputs["items"] == [{"item": "property_tax", "payable": "1200.50", "other_relief": "200.00"},
                               {"item": "stamp_duty", "payable": "88.00", "other_relief": "0.00"}]
    assert inputs["slp_quarters"][0] == {"headcount_start": 20, "headcount_end": 22, "assets_start": "3000000.00",
                                         "assets_end": "3200000.00"}
    assert inputs["slp_restricted_industry"] is False and inputs["slp_filing_year"] == 2021
