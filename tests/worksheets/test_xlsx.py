"""The workbook as Excel will see it: opened again with openpyxl, and its XML read where openpyxl would hide things."""
import zipfile
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from subsidy_desk.files import SaveError
from subsidy_desk.worksheets import layout
from subsidy_desk.worksheets.capitals import to_capitals
from subsidy_desk.worksheets.layout import RULES_HEADING
from subsidy_desk.worksheets.xlsx import FOOTER, MONEY, write_summary, write_workbook

from .conftest import KINDS, OFFICE


def named(wb, name):
    """The cell a workbook-level defined name points at."""
    ((sheet, ref),) = list(wb.defined_names[name].destinations)
    return wb[sheet][ref.replace("$", "")]


def cells(ws):
    return [c for row in ws.iter_rows() for c in row if c.value is not None]


@pytest.fixture
def book(tmp_path, computed):
    def make(name, office=OFFICE):
        case, result = computed(name)
        path = write_workbook(case, result, tmp_path / f"{name}.xlsx", office)
        return load_workbook(path), case, result, path

    return make


@pytest.mark.parametrize("kind", KINDS)
def test_sheets_and_print_settings(book, kind):
    wb, case, result, _ = book(kind)
    assert wb.sheetnames == ["申请表", "计算明细", "计算依据"]  # a 附表 only when the rows do not fit
    for ws in wb:
        setup = ws.page_setup
        assert int(setup.paperSize) == 9  # A4
        assert setup.orientation in ("portrait", "landscape")
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 1 if ws.title == "申请表" else 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.oddFooter.center.text == FOOTER == "第 &P 页 共 &N 页"
        assert ws.print_area == f"'{ws.title}'!$A$1:${get_column_letter(ws.max_column)}${ws.max_row}"
        fonts = {c.font.name for c in cells(ws)}
        assert fonts <= {"宋体", "黑体"}, fonts
    assert wb["申请表"].print_title_rows and wb["计算明细"].print_title_rows
    assert wb["申请表"]["A1"].value == {"startup_loan": "创业担保贷款贴息申请表", "guarantee_fee": "担保费补贴申请表",
                                        "agency_claim": "担保机构保费补贴申请表",
                                        "six_taxes": "六税两费减征计算表（留存备查）"}[kind]


def test_orientation_follows_table_width(book):
    assert book("startup_loan")[0]["申请表"].page_setup.orientation == "landscape"
    assert book("six_taxes")[0]["申请表"].page_setup.orientation == "portrait"


@pytest.mark.parametrize("kind", KINDS + ("long_monthly_loan",))
def test_total_and_capitals(book, kind):
    wb, case, result, _ = book(kind)
    total = named(wb, "合计金额")
    assert total.data_type == "n" and total.number_format == MONEY
    assert Decimal(str(total.value)) == result.total
    capitals = named(wb, "大写金额")
    assert capitals.data_type == "s" and capitals.value == to_capitals(result.total)
    assert capitals.coordinate != total.coordinate  # the capitals are in a cell of their own


@pytest.mark.parametrize("kind", KINDS + ("long_monthly_loan",))
def test_detail_is_numbers_and_dates_that_add_up(book, kind):
    wb, case, result, _ = book(kind)
    ws = wb["计算明细"]
    header_row = int(ws.print_title_rows.split(":")[0].strip("$"))
    labels = [c.value.replace("\n", "") for c in ws[header_row]]  # long labels break between words
    assert labels == [c.label for c in result.columns]
    body = list(ws.iter_rows(min_row=header_row + 1, max_row=header_row + len(result.rows)))
    for col, column in enumerate(result.columns):
        for cells_, row in zip(body, result.rows):
            cell, value = cells_[col], column.of(row)
            if column.kind == "money":
                assert cell.number_format == MONEY and Decimal(str(cell.value)) == value
            elif column.kind == "date":
                assert isinstance(cell.value, datetime) and cell.value.date() == value
            elif column.kind == "percent" and value is not None:
                assert cell.number_format.endswith("%")
                assert Decimal(str(cell.value)) * 100 == pytest.approx(value)
    key = "reduction" if result.kind == "six_taxes" else "subsidy"
    col = [c.key for c in result.columns].index(key)
    column_sum = sum(Decimal(str(r[col].value)) for r in body)
    totals = ws.cell(row=header_row + len(result.rows) + 1, column=col + 1)
    assert column_sum == Decimal(str(totals.value)) == result.total


def test_attachment_lists_every_period_of_a_long_loan(book):
    """The 申请表 prints on one page; the periods are on the 附表, its title, case number and header on each page."""
    wb, case, result, _ = book("long_monthly_loan")
    assert wb.sheetnames == ["申请表", "附表", "计算明细", "计算依据"]
    ws = wb["附表"]
    first, last = (int(r.strip("$")) for r in ws.print_title_rows.split(":"))
    assert (first, last) == (1, 3)
    assert ws["A1"].value == "创业担保贷款贴息申请表 附表"
    assert ws["A2"].value.startswith(f"编号：{layout.case_number(case)}")
    assert [c.value for c in ws[last]][:3] == ["期次", "起息日", "止息日"]
    assert len(result.rows) > 30
    assert [ws.cell(row=last + 1 + n, column=1).value for n in range(len(result.rows))] == [
        r.period for r in result.rows]
    assert ws.cell(row=last + len(result.rows) + 1, column=1).value == "合计"
    assert ws.oddFooter.center.text == FOOTER


def test_two_year_monthly_loan_signs_on_one_page(book):
    """Totals, 大写, declaration and all four seal boxes on the one page the workbook prints the 申请表 on."""
    wb, case, result, _ = book("two_year_monthly_loan")
    ws = wb["申请表"]
    sheet = layout.build_worksheet(case, result, OFFICE)
    text = [c.value for c in cells(ws)]
    assert "明细见附表（共 25 期）" in text and sheet.declaration in text and sheet.capitals in text
    assert any(str(v).startswith("财政部门审核意见") for v in text)
    assert not ws.row_breaks.brk and ws.page_setup.fitToHeight == 1
    # The rows' heights as set, scaled as fitting the width scales them, fit the page: fitToHeight never shrinks.
    scale = layout.print_scale(sheet.table.widths, sheet.landscape)
    printed = sum(ws.row_dimensions[r].height or 15 for r in range(1, ws.max_row + 1)) * scale
    assert printed <= layout.page_height(sheet.landscape)
    seal_rows = [r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value
                 and str(ws.cell(row=r, column=1).value).startswith("申请人（盖章）")]
    (top,) = seal_rows
    seal = sum(ws.row_dimensions[r].height for r in range(top, ws.max_row + 1)) * scale
    assert seal >= 45 * layout.MM
    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1)]
    for rng in ws.merged_cells.ranges:
        if rng.min_row == top:  # each box wider than a 42 mm seal once printed
            box = sum(5.25 * w + 3.75 for w in widths[rng.min_col - 1:rng.max_col]) * scale
            assert box >= layout.SEAL_WIDTH_MM * layout.MM


def test_basis_sheet_names_rules_version_and_who(book):
    wb, case, result, _ = book("startup_loan")
    text = "\n".join(str(c.value) for c in cells(wb["计算依据"]))
    assert result.rule_set["hash"] in text and result.rule_set["version"] in text
    assert "纾困补贴计算台 0." in text and "张三" in text
    for rule in result.rules_used:
        assert rule.label in text and rule.mark in text and rule.document in text
    for step in result.steps:
        assert str(step.title) in text


def test_six_taxes_record_lists_all_eight_items(book):
    wb, *_ = book("six_taxes")
    text = [c.value for c in cells(wb["申请表"])]
    for item in ("资源税", "城市维护建设税", "房产税", "城镇土地使用税", "印花税", "耕地占用税", "教育费附加", "地方教育附加"):
        assert item in text
    assert any(isinstance(t, str) and t.startswith("经办人：张三") for t in text)


HOSTILE = ["=1+1", "+cmd|' /C calc'!A0", "-2", "@x", '=HYPERLINK("http://example.invalid","点我")']


def test_hostile_text_stays_text(book):
    wb, case, result, path = book("hostile_text")
    values = {c.value: c for ws in wb for c in cells(ws)}
    for text in HOSTILE:
        found = [v for v in values if isinstance(v, str) and text in v]
        assert found == [text]  # written as typed, whole, not escaped or evaluated
        assert values[text].data_type == "s"
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                xml = z.read(name).decode("utf-8")
                assert "<f>" not in xml and "<f " not in xml, name  # no formula anywhere


def test_office_from_settings_when_not_given(tmp_path, computed):
    from subsidy_desk.office import save_office

    save_office({"name": "定襄县财政局", "clerk": "李四"})
    case, result = computed("guarantee_fee")
    wb = load_workbook(write_workbook(case, result, tmp_path / "o.xlsx"))
    text = " ".join(str(c.value) for c in cells(wb["申请表"]))
    assert "定襄县财政局" in text


def test_same_case_same_number(book):
    first = book("startup_loan")[0]["申请表"]["A2"].value
    again = book("startup_loan")[0]["申请表"]["A2"].value
    assert first.split("　")[0] == again.split("　")[0]
    assert first.startswith("编号：DK-")


# -- atomic writing --------------------------------------------------------------------------------------------------

def test_failed_write_leaves_old_file_intact(tmp_path, computed, monkeypatch):
    from subsidy_desk.worksheets import ooxml

    case, result = computed("startup_loan")
    target = tmp_path / "out.xlsx"
    write_workbook(case, result, target, OFFICE)
    before = target.read_bytes()

    def broken_save(self, filename):
        with open(filename, "wb") as fh:
            fh.write(b"PK half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ooxml.Book, "save", broken_save)
    with pytest.raises(SaveError, match="磁盘空间不足.*原文件未改动"):
        write_workbook(case, result, target, OFFICE)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["out.xlsx"]  # no temp file left behind


@pytest.mark.parametrize("name,lock", [("out.xlsx", "~$out.xlsx"), ("贴息申请表.xlsx", ".~lock.贴息申请表.xlsx#")])
def test_file_open_in_excel_or_wps_is_a_clear_message(tmp_path, computed, name, lock):
    case, result = computed("six_taxes")
    target = tmp_path / name
    target.write_bytes(b"the clerk's open file")
    (tmp_path / lock).write_text("locked")
    with pytest.raises(SaveError, match="正在被 Excel、WPS 或其他程序打开"):
        write_workbook(case, result, target, OFFICE)
    assert target.read_bytes() == b"the clerk's open file"


def test_replace_refused_is_a_clear_message(tmp_path, computed, monkeypatch):
    import os

    case, result = computed("six_taxes")
    target = tmp_path / "out.xlsx"

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(SaveError, match="没有写入权限，或文件正被 Excel、WPS 等程序打开"):
        write_workbook(case, result, target, OFFICE)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == []


@pytest.mark.parametrize("name,message", [("out.xls", "应以 .xlsx 结尾"), ("missing/out.xlsx", "文件夹不存在")])
def test_bad_targets(tmp_path, computed, name, message):
    case, result = computed("six_taxes")
    with pytest.raises(SaveError, match=message):
        write_workbook(case, result, tmp_path / name, OFFICE)


# -- summary ---------------------------------------------------------------------------------------------------------

def test_summary_rows_and_totals_by_county_and_kind(tmp_path, computed):
    names = KINDS + ("long_monthly_loan", "hostile_text")
    entries = [computed(n) for n in names]
    path = write_summary(entries, tmp_path / "sum.xlsx")
    ws = load_workbook(path)["汇总表"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = rows.index(next(r for r in rows if r[0] == "序号"))
    body = rows[header + 1:header + 1 + len(entries)]
    assert [r[0] for r in body] == list(range(1, len(entries) + 1))
    grand = sum(res.total for _, res in entries)
    assert rows[header + 1 + len(entries)][1] == "合计"
    assert Decimal(str(rows[header + 1 + len(entries)][8])) == grand
    text = [r[0] for r in rows]
    five_tai = sum(res.total for c, res in entries if c.applicant.get("county") == "五台县")
    county_row = next(r for r in rows[header + len(entries) + 2:] if r[0] == "五台县")
    assert county_row[4] == 2 and Decimal(str(county_row[6])) == five_tai
    loans = sum(res.total for c, res in entries if c.kind == "startup_loan")
    kind_row = next(r for r in rows[header + len(entries) + 2:] if r[0] == "创业担保贷款贴息")
    assert kind_row[4] == 2 and Decimal(str(kind_row[6])) == loans
    assert "按所属县（市、区）合计" in text and "按类型合计" in text
    assert ws.print_title_rows and ws.page_setup.orientation == "landscape"
    hostile = next(c for r in ws.iter_rows() for c in r if c.value == "=1+1")
    assert hostile.data_type == "s"


def _data_cases():
    import json

    from ..conftest import ROOT

    out = []
    for kind in KINDS:
        data = json.loads((ROOT / "tests" / "data" / f"{kind}.json").read_text(encoding="utf-8"))
        out += [pytest.param(kind, c, id=c["name"][:40]) for c in data["cases"]]
    return out


@pytest.mark.parametrize("kind,data", _data_cases())
def test_every_checked_case_writes(tmp_path, rules, make_case, kind, data):
    """Refused, capped, partial and multi-row cases alike: the workbook is written and its total is the result's."""
    from subsidy_desk.case import compute

    case = make_case(kind, data["inputs"], data.get("applicant"))
    result = compute(case, rules)
    wb = load_workbook(write_workbook(case, result, tmp_path / "c.xlsx", OFFICE))
    assert Decimal(str(named(wb, "合计金额").value)) == result.total
    assert named(wb, "大写金额").value == to_capitals(result.total)
    text = [c.value for c in cells(wb["申请表"])]
    for warning in result.warnings:
        assert warning.message in text


@pytest.mark.parametrize("kind", KINDS + ("long_monthly_loan", "hostile_text"))
def test_no_overlapping_merges(book, kind):
    """Overlapping merged ranges make Excel 'repair' the file and drop content."""
    wb, *_ = book(kind)
    for ws in wb:
        seen = set()
        for rng in ws.merged_cells.ranges:
            cells_ = {(r, c) for r in range(rng.min_row, rng.max_row + 1) for c in range(rng.min_col, rng.max_col + 1)}
            assert not cells_ & seen, (ws.title, str(rng))
            seen |= cells_


def test_basis_pages_each_open_with_their_tables_header(book):
    """计算依据 holds two tables, so print_title_rows cannot repeat them: our page breaks repeat each one's header."""
    from subsidy_desk.worksheets.xlsx import A4_PT, MARGIN_BOTTOM_PT, MARGIN_TOP_PT

    wb, case, result, _ = book("long_monthly_loan")
    ws = wb["计算依据"]
    steps, rules = ["序号", "步骤", "公式", "数值", "结果"], ["序号", "参数", "取值", "文件及条款", "生效期间 / 可信度"]

    def values(r):
        return [ws.cell(row=r, column=c).value for c in range(1, 6)]

    breaks = sorted(b.id for b in ws.row_breaks.brk)
    assert len(breaks) >= 3, "a 39-period loan's steps run over several pages"
    current = None  # the header in force: the last table header above
    starts = [1] + [b + 1 for b in breaks]
    for start, end in zip(starts, [b for b in breaks] + [ws.max_row]):
        first = values(start)
        if first[0] == RULES_HEADING:
            current = rules
            assert values(start + 1) == rules
        elif start > 1:
            assert first == current, f"page starting at row {start} opens with {first}"
        for r in range(start, end + 1):
            if values(r) in (steps, rules):
                current = values(r)
        last = values(end)
        assert last not in (steps, rules) and last[0] not in ("计算步骤", RULES_HEADING), f"row {end} ends a page"
        height = sum(ws.row_dimensions[r].height for r in range(start, end + 1))
        assert height <= A4_PT[0] - MARGIN_TOP_PT - MARGIN_BOTTOM_PT
    assert ws.cell(row=ws.max_row, column=1).value == len(result.rules_used)


def _money_cells(ws):
    """(cell, width of the cell or of the merged range it opens) for every amount on the sheet."""
    spans = {(m.min_row, m.min_col): range(m.min_col, m.max_col + 1) for m in ws.merged_cells.ranges}
    for cell in cells(ws):
        if cell.number_format == MONEY:
            columns = spans.get((cell.row, cell.column), [cell.column])
            yield cell, sum(ws.column_dimensions[get_column_letter(c)].width for c in columns)


def test_amount_columns_hold_a_billion_with_room_to_the_border(book, tmp_path, computed):
    """1,000,000.00 touched its border in LibreOffice: amounts keep a space before the border, and fit 999,999,999.99."""
    from subsidy_desk.worksheets.layout import LONGEST_AMOUNT, text_units

    assert MONEY.startswith("#,##0.00") and MONEY.endswith("_ ")  # the figure, then a space's width
    room = text_units(LONGEST_AMOUNT) + 2  # the space, and bold digits running wider
    sheets = [(book(kind)[0]["申请表"], [computed(kind)[1].total]) for kind in KINDS]
    summary = load_workbook(write_summary([computed(k) for k in KINDS], tmp_path / "s.xlsx"))["汇总表"]
    sheets.append((summary, [computed(k)[1].total for k in KINDS]))
    for ws, totals in sheets:
        found = list(_money_cells(ws))
        assert {float(t) for t in totals} <= {c.value for c, _ in found}, ws.title  # the totals are amounts
        narrow = [(c.coordinate, w) for c, w in found if w < room]
        assert not narrow, (ws.title, narrow)
