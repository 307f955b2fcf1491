"""A batch keeps each row's result small (batch/results.py Kept) and computes the rest again, the same, on demand."""
import pickle

from openpyxl import load_workbook

from subsidy_desk.batch.importer import read_rows
from subsidy_desk.batch.results import Entry, Kept, write_results
from subsidy_desk.batch.run import compute_rows
from subsidy_desk.case import compute

from .conftest import fill

LOAN = {"申请人名称": "忻州某科技有限公司", "统一社会信用代码": "91140900MA0K5YQ12C", "所属县（市、区）": "忻府区",
        "借款人类型": "小微企业", "贷款本金（元）": 600000, "合同签订日": "2022-07-05", "到期日": "2024-07-05",
        "合同年利率（%）": 4.35, "经办银行": "某银行", "借款合同编号": "JK-1", "结息方式": "按月结息（每月20日）",
        "还款计划": "2023-01-05:300000; 2024-07-05:300000"}


def _entries(tmp_path, rules, rows):
    imported = read_rows(fill("startup_loan", rows, tmp_path / "list.xlsx", keep_example=False))
    assert not imported.bad
    return compute_rows(imported, rules)


def test_a_batch_keeps_what_its_sheets_read_and_computes_the_rest_again(tmp_path, rules):
    (entry,) = _entries(tmp_path, rules, [LOAN])
    kept, whole = entry.result, compute(entry.case, rules)
    assert isinstance(kept, Kept) and not hasattr(kept, "__dict__")
    assert (kept.total, kept.figures, kept.warnings) == (whole.total, whole.figures, whole.warnings)
    assert kept.to_json() | {"program_version": ""} == whole.to_json() | {"program_version": ""}
    assert kept.explanation_text() == whole.explanation_text()
    assert [r.to_json() for r in kept.rows] == [r.to_json() for r in whole.rows] and len(whole.rows) > 20
    assert kept.full() is kept.full()  # asked twice in a row (a worksheet reading its parts): computed once
    sent = pickle.loads(pickle.dumps(kept))  # to a worksheet process: the whole result
    assert type(sent) is type(whole) and sent.to_json() | {"program_version": ""} == whole.to_json() | {"program_version": ""}


def test_the_results_workbook_is_the_same_from_kept_and_whole_results(tmp_path, rules):
    second = {**LOAN, "申请人名称": "另一家公司", "统一社会信用代码": "91140900MA0K5YQ207", "借款合同编号": "JK-2",
              "贷款本金（元）": 3500000, "还款计划": "2023-01-05:500000; 2024-07-05:3000000"}
    entries = _entries(tmp_path, rules, [LOAN, second])
    whole = [Entry(e.number, e.case, compute(e.case, rules), e.notes, e.check) for e in entries]
    write_results(entries, tmp_path / "kept.xlsx")
    write_results(whole, tmp_path / "whole.xlsx")
    a, b = load_workbook(tmp_path / "kept.xlsx"), load_workbook(tmp_path / "whole.xlsx")
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        assert list(a[name].iter_rows(values_only=True)) == list(b[name].iter_rows(values_only=True)), name
    assert any(w.code == "amount_cap" for w in entries[1].result.warnings)
