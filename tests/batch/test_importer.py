"""Every bad row named by its row, its column and the reason; good rows go on; the errors go back to the clerk."""
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from subsidy_desk.batch.importer import ERROR_HEADER, export_errors, read_rows
from subsidy_desk.case import compute
from subsidy_desk.fields import InputError

from .conftest import GUARANTEE, LOAN, credit_code, rewrite_member, sub


def _reasons(result):
    return {(p.row, p.column): p.reason for p in result.problems}


def test_each_kind_of_bad_row_is_named(filled):
    rows = [
        LOAN,                                                                         # row 3: good
        {**LOAN, "序号": 2, "合同签订日": "2022-02-30"},                                # 4: impossible date
        {**LOAN, "序号": 3, "统一社会信用代码": None},                                   # 5: missing credit code
        {**LOAN, "序号": 4, "统一社会信用代码": "91140900MA0K5YQ12D"},                   # 6: bad check character
        {**LOAN, "序号": 5, "贷款本金（元）": "三百万"},                                   # 7: amount not a number
        {**LOAN, "序号": 6},                                                          # 8: duplicate of row 3
        {**LOAN, "序号": 7, "借款人类型": None},                                         # 9: missing required value
        {**LOAN, "序号": 8, "申请人名称": "乙", "还款计划": "2023-06-20:1000000"},          # 10: repayments ≠ principal
    ]
    result = read_rows(filled("startup_loan", rows))
    reasons = _reasons(result)
    assert [r.number for r in result.good] == [3]
    assert "2月没有30日" in reasons[(4, "合同签订日")]
    assert "必须填写" in reasons[(5, "统一社会信用代码")]
    assert "校验位错误" in reasons[(6, "统一社会信用代码")]
    assert "金额不是数字" in reasons[(7, "贷款本金（元）")]
    assert "与第 3 行内容完全相同" in reasons[(8, "整行")]
    assert "必须填写" in reasons[(9, "借款人类型")]
    assert "与贷款本金" in reasons[(10, "还款计划")]
    assert str(result.problems[0]).startswith("第 4 行 合同签订日：")


def test_individual_borrower_needs_no_credit_code(filled):
    result = read_rows(filled("startup_loan", [{**LOAN, "借款人类型": "个人", "统一社会信用代码": None}]))
    assert result.good and not result.problems


def test_same_contract_number_twice_is_flagged(filled):
    rows = [{**GUARANTEE, "担保合同编号": "DB-1"},
            {**GUARANTEE, "申请人名称": "另一家", "统一社会信用代码": credit_code(2), "担保合同编号": "DB-1"}]
    result = read_rows(filled("guarantee_fee", rows))
    assert "与第 3 行相同" in _reasons(result)[(4, "担保合同编号")]


def test_lookalike_contract_number_is_the_same_contract(filled):
    """Full-width dashes, lower case and a trailing space make no new contract: the ledger would see one claim."""
    rows = [{**GUARANTEE, "担保合同编号": "DB-2022-0621"},
            {**GUARANTEE, "申请人名称": "另一家", "统一社会信用代码": credit_code(2), "担保合同编号": "db－2022－0621 "}]
    result = read_rows(filled("guarantee_fee", rows))
    assert "与第 3 行相同" in _reasons(result)[(4, "担保合同编号")]
    assert [r.number for r in result.good] == [3]


def test_messy_cells_are_noted_with_their_cell(filled):
    result = read_rows(filled("startup_loan", [{**LOAN, "贷款本金（元）": "3,000,000.00", "合同签订日": "2022年6月21日",
                                                "合同年利率（%）": 0.052}]))
    (row,) = result.rows
    assert row.ok
    assert any(n.startswith("H3 贷款本金（元）：金额按文本 '3,000,000.00'") for n in row.notes)
    assert any("I3 合同签订日：日期按文本 '2022年6月21日'" in n for n in row.notes)
    assert any("按小数 0.052 读取为 5.20%" in n for n in row.notes)
    assert row.case.inputs["contract_rate"] == Decimal("5.2")


def test_formula_read_as_saved_result_never_executed(filled, tmp_path):
    path = filled("startup_loan", [{**LOAN, "贷款本金（元）": "=1000*3000"},
                                   {**LOAN, "申请人名称": "乙", "统一社会信用代码": credit_code(3), "贷款本金（元）": "=1+1"}])
    # Excel saves the last result beside a formula; openpyxl writes none. Give the first one a result as Excel would.
    rewrite_member(path, "xl/worksheets/sheet1.xml", sub(r"<f>1000\*3000</f><v\s*/?>(</v>)?", "<f>1000*3000</f><v>3000000</v>"))
    result = read_rows(path)
    first, second = result.rows
    assert first.ok and first.case.inputs["principal"] == 3000000
    assert any("公式按 Excel 保存的计算结果 3000000 读取，未执行公式" in n for n in first.notes)
    assert not second.ok and "公式没有保存的计算结果" in _reasons(result)[(4, "贷款本金（元）")]


def test_unknown_columns_are_ignored_with_a_note(filled, tmp_path):
    path = filled("guarantee_fee", [GUARANTEE])
    wb = load_workbook(path)
    wb.worksheets[0].cell(1, 30, "内部编号")
    wb.save(path)
    result = read_rows(path)
    assert result.good and any("内部编号" in n for n in result.notes)


def test_compute_refusal_marks_the_row(filled, rules):
    result = read_rows(filled("guarantee_fee", [{**GUARANTEE, "担保期限起": "2010-01-01", "担保期限止（含当日）": "2010-06-01"}]))
    (row,) = result.good
    with pytest.raises(InputError) as refused:  # the rules do not cover 2010
        compute(row.case, rules)
    result.mark_failed(row, refused.value)
    assert not result.good and result.problems[0].column == "担保期限起"


def test_export_errors_adds_a_column_and_round_trips(filled, tmp_path):
    path = filled("guarantee_fee", [GUARANTEE, {**GUARANTEE, "担保金额（元）": "一百万", "统一社会信用代码": credit_code(9)}])
    result = read_rows(path)
    out = tmp_path / "errors.xlsx"
    export_errors(result, out)
    ws = load_workbook(out).worksheets[0]
    headers = [c.value for c in ws[1]]
    assert headers[-1] == ERROR_HEADER
    col = len(headers)
    assert ws.cell(3, col).value is None
    assert "担保金额（元）：金额不是数字" in ws.cell(4, col).value
    assert ws.cell(4, 8).value == "一百万"  # the clerk's own cells are untouched
    shade = {c: ws.cell(r, c).fill.fgColor.rgb[-6:] for r in (3, 4) for c in range(1, col + 1)}
    assert {ws.cell(4, c).fill.fgColor.rgb[-6:] for c in range(1, col + 1)} == {"FFC7CE"}, shade  # the bad row
    assert "FFC7CE" not in {ws.cell(3, c).fill.fgColor.rgb[-6:] for c in range(1, col + 1)}  # the good one not
    # the error file is itself importable once fixed: the error column is ignored
    ws.cell(4, 8).value = 1000000
    fixed = tmp_path / "fixed.xlsx"
    ws.parent.save(fixed)
    assert len(read_rows(fixed).good) == 2


def test_excel_error_values_are_named(filled):
    path = filled("guarantee_fee", [{**GUARANTEE, "担保金额（元）": "=1/0"}, {**GUARANTEE, "担保合同编号": "#N/A"}])
    # as Excel saves it: the formula with its error result, the cell typed "e"
    rewrite_member(path, "xl/worksheets/sheet1.xml",
                   sub(r'(<c r="H3"[^>]*)>\s*<f>1/0</f>\s*(<v\s*/>|<v>\s*</v>)?', r'\1 t="e"><f>1/0</f><v>#DIV/0!</v>'))
    result = read_rows(path)
    assert "Excel 错误值 #DIV/0!" in _reasons(result)[(3, "担保金额（元）")]
    assert "Excel 错误值 #N/A" in _reasons(result)[(4, "担保合同编号")]  # Excel stores a typed #N/A as an error too


def test_every_problem_of_a_row_at_once(filled):
    result = read_rows(filled("startup_loan", [{**LOAN, "合同签订日": "2022-02-30", "借款人类型": None,
                                                "合同年利率（%）": "abc"}]))
    reasons = _reasons(result)
    assert set(reasons) == {(3, "合同签订日"), (3, "借款人类型"), (3, "合同年利率（%）")}
    assert "2月没有30日" in reasons[(3, "合同签订日")] and "必须填写" in reasons[(3, "借款人类型")]


def test_a_loan_beyond_the_policys_bounds_is_refused_on_its_row(filled):
    """1,000 rows of 2022–2099 monthly loans once took a minute and 3 GB: now each is refused as it is read."""
    repayments = "; ".join(f"{2022 + i // 12}-{i % 12 + 1:02d}-05:100" for i in range(7, 7 + 600))
    rows = [{**LOAN, "到期日": "2099-06-20"},
            {**LOAN, "序号": 2, "申请人名称": "乙", "贷款本金（元）": 60000, "还款计划": repayments}]
    result = read_rows(filled("startup_loan", rows))
    reasons = _reasons(result)
    assert not result.good
    assert "到期日距放款日超过 5 年" in reasons[(3, "到期日")]
    assert "还款计划有 600 笔，最多 60 笔" in reasons[(4, "还款计划")]


def test_rows_are_the_same_case_exactly_when_their_case_files_are():
    """The duplicate check's key tells two cases apart as their case files do (but for title and notes): every
    case of tests/data, each with a decimal written longer, a day, a repayment or an applicant's field changed."""
    import json
    from itertools import combinations
    from pathlib import Path

    from subsidy_desk.batch.importer import _content_key
    from subsidy_desk.case import FORMAT, parse_case

    def as_file(case):
        data = case.to_json()
        data.pop("title", None)
        data.pop("notes", None)
        return json.dumps(data, sort_keys=True, ensure_ascii=False)

    cases = []
    for path in sorted((Path(__file__).parents[1] / "data").glob("*.json")):
        kind = path.stem
        if kind == "claims":
            continue
        for given in json.loads(path.read_text(encoding="utf-8"))["cases"][:6]:
            base = {"format": FORMAT, "kind": kind, "applicant": given.get("applicant", {}),
                    "inputs": given["inputs"], "claim": given.get("claim")}
            variants = [base, {**base, "title": "另一个名称", "notes": "备注"},
                        {**base, "applicant": {**base["applicant"], "name": "甲公司"}}]
            for key, value in given["inputs"].items():
                if isinstance(value, str) and value[:1].isdigit() and "." in value and "-" not in value:
                    variants.append({**base, "inputs": {**given["inputs"], key: value + "0"}})  # 5.15 → 5.150
                elif isinstance(value, str) and value.count("-") == 2:
                    variants.append({**base, "inputs": {**given["inputs"], key: value[:-1] + "9"}})
                elif isinstance(value, list) and value:
                    variants.append({**base, "inputs": {**given["inputs"], key: value[:-1]}})
            for data in variants:
                try:
                    cases.append(parse_case({k: v for k, v in data.items() if v is not None}))
                except InputError:
                    pass
    assert len(cases) > 60
    same_file = same_key = 0
    for a, b in combinations(cases, 2):
        if a.kind == b.kind:
            files_alike = as_file(a) == as_file(b)
            assert (_content_key(a) == _content_key(b)) == files_alike, (as_file(a), as_file(b))
            same_file += files_alike
            same_key += _content_key(a) == _content_key(b)
    assert same_file == same_key > 0
    assert any(as_file(a) != as_file(b) and a.inputs == b.inputs for a, b in combinations(cases, 2))  # 5.15, 5.150
