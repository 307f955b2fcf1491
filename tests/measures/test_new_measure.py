"""A measure the program has never heard of, registered from the test suite, works everywhere a case goes:
computed on the command line, in a batch template and its import and results, kept in the ledger, written as a
worksheet, shown as a tab of the window. Nothing outside measures/ was changed for it."""
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from subsidy_desk.measures import registry

from ..batch.conftest import fill
from ..ledger.conftest import Staff
from . import made_up

TITLE = made_up.MEASURE.title


@pytest.fixture
def measure():
    registry.register(made_up.MEASURE)
    yield made_up.MEASURE
    registry.unregister(made_up.KIND)


@pytest.fixture
def case(measure):
    from subsidy_desk.case import parse_case

    return parse_case(made_up.CASE)


def test_the_registry_lists_it_after_the_builtin_measures(measure):
    kinds = list(registry.measures())
    assert len(kinds) == 5 and kinds[-1] == made_up.KIND and registry.titles()[made_up.KIND] == TITLE
    with pytest.raises(ValueError, match="already registered"):
        registry.register(made_up.MEASURE)


def test_computed_on_the_command_line(measure, tmp_path, capsys):
    from subsidy_desk.cli import main

    path = tmp_path / "case.json"
    path.write_text(json.dumps(made_up.CASE, ensure_ascii=False), encoding="utf-8")
    assert main(["compute", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["kind"], out["total"], out["rows"][0]["people"]) == (made_up.KIND, "6000.00", 4)
    made_up.CASE["inputs"]["people"] = 501
    try:
        path.write_text(json.dumps(made_up.CASE, ensure_ascii=False), encoding="utf-8")
        assert main(["compute", str(path)]) == 2
        assert capsys.readouterr().err.strip() == "inputs.people: 一次最多 500 人"
    finally:
        made_up.CASE["inputs"]["people"] = 4


def test_a_batch_template_imports_computes_and_adds_up(measure, tmp_path, rules):
    from subsidy_desk.batch.importer import read_rows
    from subsidy_desk.batch.results import Entry, write_results
    from subsidy_desk.case import compute

    row = {"序号": 1, "申请人名称": "甲公司", "统一社会信用代码": "91140900MA0K5YQ12C", "所属县（市、区）": "忻府区",
           "吸纳日期": "2022-08-01", "吸纳人数": 2, "每人补贴标准（元）": "1,000", "劳动合同编号": "LD-9"}
    imported = read_rows(fill(made_up.KIND, [row, {**row, "序号": 2, "劳动合同编号": "LD-10", "吸纳人数": "两"}],
                              tmp_path / "list.xlsx"))
    assert (imported.kind, imported.sheet) == (made_up.KIND, TITLE)
    assert [(p.row, p.column) for p in imported.problems] == [(4, "吸纳人数")]
    (good,) = imported.good
    assert good.case.inputs["per_head"] == Decimal("1000.00") and good.number == 3
    entries = [Entry(good.number, good.case, compute(good.case, rules))]
    write_results(entries, tmp_path / "out.xlsx")
    sheet = load_workbook(tmp_path / "out.xlsx")[f"明细-{TITLE}"]
    headers = [c.value for c in sheet[1]]
    assert headers[4:7] == ["吸纳日期", "吸纳人数", "每人补贴标准（元）"]
    assert [c.value for c in sheet[3]][:8] == ["合计", "1 件", None, None, None, None, None, 2000]


def test_kept_in_the_ledger(measure, case, tmp_path):
    from subsidy_desk.ledger import DuplicateClaim

    staff = Staff(f"sqlite:///{tmp_path / 'ledger.sqlite3'}")
    try:
        case_id = staff["li"].add(case)
        entry = staff["li"].get(case_id)
        assert (entry.kind_title, entry.total, entry.claim_key) == (TITLE, Decimal("6000.00"), "hire_bonus|LD1|2022-07-01")  # parts normalised
        with pytest.raises(DuplicateClaim, match="劳动合同 LD1，吸纳日期 2022-07-01"):
            staff["li"].add(case)
        assert staff["li"].enterprise("91140900MA0K5YQ12C")[TITLE]["申报"] == Decimal("6000.00")
    finally:
        staff.close()


def test_written_as_a_worksheet(measure, case, rules, tmp_path):
    from subsidy_desk.case import compute
    from subsidy_desk.worksheets.layout import build_worksheet
    from subsidy_desk.worksheets.xlsx import write_workbook

    result = compute(case, rules)
    sheet = build_worksheet(case, result)
    assert (sheet.title, sheet.number[:3], sheet.basis[0]) == ("一次性吸纳就业补贴申请表", "JY-", "忻政办发〔2022〕36号（（测试））")
    assert [s.title for s in sheet.sections] == ["用人单位", "吸纳就业"] and sheet.table.totals == ["合计", 4, None, Decimal("6000.00")]
    wb = load_workbook(write_workbook(case, result, tmp_path / "ws.xlsx"))
    texts = {c.value.split("\n")[0] for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)}
    assert {"一次性吸纳就业补贴申请表", "用人单位（盖章）", "人社部门审核意见", "申请单位承诺：以上所填内容真实。"} <= texts


def test_shown_as_a_tab(measure, qtbot, rules, tmp_path):
    from PySide6.QtCore import QSettings

    from subsidy_desk.ui.main_window import MainWindow

    window = MainWindow(rules=rules, settings=QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    assert window.tabs.count() == 5 and window.tabs.tabText(4) == TITLE
    page = window.pages[made_up.KIND]
    window.show_page(page)
    assert window.tabs.currentIndex() == 4
    page.form.set_data({"title": "t", "applicant": made_up.CASE["applicant"], "inputs": made_up.MEASURE.example[0]})
    page.recompute()
    assert page.result.total == made_up.MEASURE.example[1] == Decimal("6000.00")
    page.set_modified(False)
