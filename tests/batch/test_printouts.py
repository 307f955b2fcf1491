"""The batch's application worksheets: one workbook per case, or all in one, each page as it prints alone."""
from openpyxl import load_workbook

from subsidy_desk.batch.printouts import file_name, write_combined, write_each
from subsidy_desk.batch.results import Entry
from subsidy_desk.case import compute
from subsidy_desk.cli import main

from .conftest import GUARANTEE, credit_code

OFFICE = {"name": "忻州市某县财政局", "clerk": "张三"}


def _entries(make_case, rules, n=3):
    out = []
    for i in range(n):
        case = make_case("guarantee_fee", {"business_type": "small_micro", "amount": f"{(i + 1) * 100000}.00",
                                           "start_date": "2022-07-01", "end_date": "2022-12-27", "fee_rate": "0.80",
                                           "agency_level": "county"},
                         {"name": f"企业/{i}", "credit_code": credit_code(i), "county": "定襄县"})
        out.append(Entry(i + 3, case, compute(case, rules)))
    return out


def test_one_workbook_each(tmp_path, make_case, rules):
    entries = _entries(make_case, rules)
    written = write_each(entries, tmp_path / "申请表", OFFICE)
    assert [p.name for p in written] == [file_name(e) for e in entries]
    assert written[0].name == "0003-企业_0-担保费补贴.xlsx"
    wb = load_workbook(written[1])
    assert wb.sheetnames[0] == "申请表"


def test_one_combined_workbook(tmp_path, make_case, rules):
    entries = _entries(make_case, rules)
    path = write_combined(entries, tmp_path / "all.xlsx", OFFICE)
    wb = load_workbook(path)
    assert wb.sheetnames == ["3_企业_0", "4_企业_1", "5_企业_2"]
    for ws, e in zip(wb.worksheets, entries):
        ref = ws.defined_names["合计金额"].attr_text
        sheet, cell = ref.split("!")
        assert sheet.strip("'") == ws.title
        assert ws[cell.replace("$", "")].value == float(e.result.total)
        assert ws.print_area


def test_cancel_stops_between_files(tmp_path, make_case, rules):
    entries = _entries(make_case, rules)
    assert write_each(entries, tmp_path / "ws", OFFICE, progress=lambda done, total: done < 2) is None
    assert len(list((tmp_path / "ws").iterdir())) == 2


def test_cli_worksheets(filled, tmp_path, capsys):
    path = filled("guarantee_fee", [GUARANTEE, {**GUARANTEE, "申请人名称": "乙", "统一社会信用代码": credit_code(7)}])
    folder = tmp_path / "申请表"
    assert main(["batch", str(path), "-o", str(tmp_path / "r.xlsx"), "--worksheets", str(folder)]) == 0
    assert len(list(folder.glob("*.xlsx"))) == 2
    assert main(["batch", str(path), "-o", str(tmp_path / "r.xlsx"), "--worksheets", str(folder), "--combined"]) == 0
    assert len(load_workbook(folder / "申请表（合并）.xlsx").sheetnames) == 2
    assert main(["batch", str(path), "-o", str(tmp_path / "r.xlsx"), "--combined"]) == 2
    assert "--combined 须与 --worksheets" in capsys.readouterr().err


def test_combined_workbook_keeps_a_long_loans_attachment(tmp_path, make_case, rules):
    """A loan whose periods do not fit its page gets its 附表 sheet right after its 申请表 sheet."""
    from subsidy_desk.case import read_case

    from ..worksheets.conftest import case_path

    case = read_case(case_path("two_year_monthly_loan"))
    entries = [Entry(7, case, compute(case, rules))] + _entries(make_case, rules, 1)
    wb = load_workbook(write_combined(entries, tmp_path / "all.xlsx", OFFICE))
    assert wb.sheetnames == ["7_忻州某食品有限公司", "7_附表", "3_企业_0"]
    assert wb["7_附表"]["A1"].value.endswith("附表") and wb["7_附表"].print_title_rows



def test_a_long_list_is_written_by_a_pool_of_processes(tmp_path, make_case, rules, monkeypatch):
    from subsidy_desk.batch import printouts

    monkeypatch.setattr(printouts, "POOL_FROM", 2)
    monkeypatch.setattr(printouts, "CHUNK", 2)
    entries = _entries(make_case, rules, n=5)
    seen = []
    written = write_each(entries, tmp_path / "pool", OFFICE, workers=2,
                         progress=lambda done, total: seen.append((done, total)) or True)
    assert [p.name for p in written] == [file_name(e) for e in entries]
    assert seen[-1] == (5, 5) and len(seen) == 3  # one report per chunk of two
    for path, e in zip(written, entries):
        ws = load_workbook(path)["申请表"]
        sheet, cell = ws.parent.defined_names["合计金额"].attr_text.split("!")
        assert ws[cell.replace("$", "")].value == float(e.result.total)
    monkeypatch.setattr(printouts, "CHUNK", 1)
    many = _entries(make_case, rules, n=12)
    cancelled = write_each(many, tmp_path / "cancelled", OFFICE, workers=2, progress=lambda done, total: False)
    assert cancelled is None
    # Two workbooks queued per worker at most: those finish, whole; the rest are never started.
    assert 1 <= len(list((tmp_path / "cancelled").iterdir())) <= 4


def test_a_long_combined_workbook_is_laid_out_by_a_pool_and_written_by_one(tmp_path, make_case, rules, monkeypatch):
    """The pool's sheets come back in row order into one file that prints as the one written in this process;
    a cancel leaves no file at all (nor its temporary file)."""
    from subsidy_desk.batch import printouts
    from subsidy_desk.case import read_case

    from ..worksheets.conftest import case_path
    from ..worksheets.same_workbook import differences

    monkeypatch.setattr(printouts, "POOL_FROM", 2)
    monkeypatch.setattr(printouts, "CHUNK", 2)
    long_loan = read_case(case_path("two_year_monthly_loan"))  # its 附表 sheet follows its 申请表 sheet
    entries = _entries(make_case, rules, n=2) + [Entry(9, long_loan, compute(long_loan, rules))] + _entries(
        make_case, rules, n=2)
    seen = []
    pooled = write_combined(entries, tmp_path / "pooled.xlsx", OFFICE, workers=2,
                            progress=lambda done, total: seen.append((done, total)) or True)
    alone = write_combined(entries, tmp_path / "alone.xlsx", OFFICE, workers=1)
    assert seen == [(2, 5), (4, 5), (5, 5)]  # one report per chunk of two
    assert load_workbook(pooled).sheetnames == ["3_企业_0", "4_企业_1", "9_忻州某食品有限公司", "9_附表", "3_企业_0_4",
                                                "4_企业_1_5"]
    assert differences(pooled, alone) == []
    assert write_combined(entries, tmp_path / "cancelled.xlsx", OFFICE, workers=2,
                          progress=lambda done, total: False) is None
    assert sorted(p.name for p in tmp_path.iterdir() if "xlsx" in p.name) == ["alone.xlsx", "pooled.xlsx"]
