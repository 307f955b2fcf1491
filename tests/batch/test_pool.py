"""A long list is read and computed by a process per core (batch/pool.py): the same rows, problems, notes and
results, in the same order, as in one process; progress and cancel work as before."""
import os
from pathlib import Path

import pytest

from subsidy_desk.batch import importer, run
from subsidy_desk.batch.importer import read_rows
from subsidy_desk.batch.run import compute_rows
from subsidy_desk.rules.load import load_rules

from .conftest import LOAN, credit_code, rewrite_member, sub

REPAID = {**LOAN, "结息方式": "按月结息（每月20日）", "还款计划": "2023-06-20:1000000; 2024-06-20:2000000"}


def _list(filled):
    rows = [REPAID,                                                                      # row 3: good
            {**REPAID, "序号": 2, "合同签订日": "2022-02-30"},                              # 4: impossible date
            {**REPAID, "序号": 3, "申请人名称": "乙", "统一社会信用代码": credit_code(3),
             "贷款本金（元）": "3,000,000.00", "合同年利率（%）": 0.052},                     # 5: messy cells, noted
            {**REPAID, "序号": 4},                                                        # 6: duplicate of row 3
            {**REPAID, "序号": 5, "申请人名称": "丙", "统一社会信用代码": credit_code(5),
             "贷款本金（元）": "=1000*3000"},                                               # 7: a formula, saved result
            {**REPAID, "序号": 6, "申请人名称": "丁", "统一社会信用代码": credit_code(6),
             "合同签订日": "2010-06-21", "到期日": "2012-06-20",
             "还款计划": "2011-06-20:1000000; 2012-06-20:2000000"},                       # 8: rules do not cover 2010
            *({**REPAID, "序号": 6 + i, "申请人名称": f"企业{i}", "统一社会信用代码": credit_code(100 + i),
               "贷款本金（元）": 3000000 + i, "还款计划": f"2023-06-20:1000000; 2024-06-20:{2000000 + i}",
               **({"申请金额（元）": "1,000.00"} if i % 3 == 0 else {})} for i in range(1, 12))]
    path = filled("startup_loan", rows)
    rewrite_member(path, "xl/worksheets/sheet1.xml", sub(r"<f>1000\*3000</f><v\s*/?>(</v>)?", "<f>1000*3000</f><v>3000000</v>"))
    return path


def _rows(result):
    return [(r.number, r.name, r.problems, [(n, n.cell, n.column, n.text) for n in r.notes],
             r.case.to_json() if r.case else None) for r in result.rows]


def _entries(entries):
    return [(e.number, e.case.to_json(), e.result.total, e.result.figures, e.result.warnings, e.notes, e.check)
            for e in entries]


@pytest.fixture
def pooled(monkeypatch):
    """The pool used from the second row on, two rows a task, so a short list crosses many chunks."""
    monkeypatch.setattr(importer, "POOL_FROM", 2)
    monkeypatch.setattr(importer, "CHUNK", 2)
    monkeypatch.setattr(run, "POOL_FROM", 2)
    monkeypatch.setattr(run, "CHUNK", 2)


def test_a_list_read_and_computed_by_a_pool_is_the_same_as_in_one_process(filled, rules, pooled):
    path = _list(filled)
    alone, shared = read_rows(path, workers=0), read_rows(path, workers=2)
    assert _rows(shared) == _rows(alone)
    assert [r.number for r in alone.good] == [3, 5, 7, 8, *range(9, 20)] and len(alone.bad) == 2
    assert any(r.case.claim for r in alone.good)  # claimed amounts are checked in the pool too
    seen = []
    entries = compute_rows(shared, rules, workers=2, progress=lambda done, total: seen.append((done, total)))
    assert _entries(entries) == _entries(compute_rows(alone, rules, workers=0))
    assert _rows(shared) == _rows(alone)  # row 8 marked bad alike
    assert [e.number for e in entries] == [3, 5, 7, *range(9, 20)]
    assert seen == sorted(seen) and seen[-1] == (15, 15)


def test_a_list_read_with_its_rules_is_computed_as_it_is_read(filled, rules, pooled, monkeypatch):
    path = _list(filled)
    expected = _entries(compute_rows(read_rows(path, workers=0), rules, workers=0))
    for workers in (0, 2):
        imported = read_rows(path, rules=rules, workers=workers)
        with monkeypatch.context() as m:  # nothing is computed again
            m.setattr(run, "settle", None)
            assert _entries(compute_rows(imported, rules, workers=workers)) == expected
    again = read_rows(path, rules=rules, workers=0)
    other = load_rules(overrides=Path(os.devnull))  # other rules (the same values): computed with them
    assert _entries(compute_rows(again, other, workers=0)) == expected


def test_a_pooled_computation_is_cancelled_between_chunks(filled, rules, pooled):
    imported = read_rows(_list(filled), workers=0)
    assert compute_rows(imported, rules, workers=2, progress=lambda done, total: done < 4) is None
    assert len(imported.bad) == 2  # nothing marked
