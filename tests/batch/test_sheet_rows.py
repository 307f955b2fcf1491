"""The fast reader of a list's sheet (batch/sheet_rows.py) reads every cell as openpyxl's read-only mode does —
value, type and number format — and refuses what openpyxl refuses, with the same exception; on plain sheets, odd
ones and hostile ones, written by openpyxl or by hand, and on any sheet hypothesis makes of the elements cells are
made of."""
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.styles import NamedStyle  # noqa: F401 - the styles below are made by number_format

from subsidy_desk.batch import sheet_rows

from .conftest import GUARANTEE, LOAN, credit_code, rewrite_member, shared_strings, sub

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WIDTH = 12


def _view(rows) -> list:
    return [tuple((c.value, c.data_type, c.number_format if c.value is not None else None) for c in row)
            for row in rows]


def _read(path, fast: bool):
    """(strings, rows) as the importer would see them, or the exception's type and text."""
    try:
        with open(path, "rb") as fh:
            if fast:
                wb = sheet_rows.load_workbook(fh, False)
            else:
                wb = load_workbook(fh, read_only=True, data_only=False, keep_links=False, keep_vba=False)
            try:
                ws = wb.worksheets[0]
                ws.reset_dimensions()
                rows = sheet_rows.iter_rows(ws, 2, WIDTH) if fast else ws.iter_rows(min_row=2, max_col=WIDTH)
                blank = object()
                return list(ws._shared_strings), [r if r is not blank else None for r in _view(rows)]
            finally:
                wb.close()
    except Exception as exc:  # noqa: BLE001 - what is compared is the exception itself
        return type(exc).__name__, str(exc)


def assert_read_alike(path):
    expected = _read(path, fast=False)
    assert _read(path, fast=True) == expected
    return expected


@pytest.fixture
def styled(tmp_path):
    """A sheet of every kind of cell openpyxl writes: shared strings, numbers, dates, percents, booleans, formulas,
    rich text, blanks, rows far apart."""
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "名称", "金额", "日期", "利率"])
    ws.append([1, "忻州某公司", 3000000, "2022-06-21", 0.052])
    ws.append([2, " 带空格 ", 3000000.5, None, "5.2%"])
    ws.append([3, "=A2+1", True, False, "x005F_y"])
    ws["D2"].number_format = "yyyy-mm-dd"
    ws["D3"] = 44733
    ws["D3"].number_format = "yyyy/m/d"
    ws["E2"].number_format = "0.00%"
    ws["C3"].number_format = "#,##0.00"
    ws.cell(40, 3, "far down")
    ws.cell(41, 30, "beyond the width")
    path = tmp_path / "styled.xlsx"
    wb.save(path)
    return shared_strings(path)


def test_lists_as_openpyxl_writes_them_are_read_alike(filled, styled):
    assert assert_read_alike(styled)[1][0][1] == ("忻州某公司", "s", "General")
    for kind, rows in (("startup_loan", [LOAN, {**LOAN, "贷款本金（元）": "3,000,000.00", "合同签订日": "2022年6月21日"}]),
                       ("guarantee_fee", [GUARANTEE] * 3)):
        path = filled(kind, rows, name=f"{kind}.xlsx")
        assert not assert_read_alike(path)[0]  # openpyxl writes text in its cells
        strings, read = assert_read_alike(shared_strings(path))  # Excel in a table of shared strings
        assert "忻州某科技有限公司" in strings or "忻州某农业专业合作社" in strings
        assert len(read) == len(rows) + 1


@pytest.mark.parametrize("change", [
    # shared strings: rich text runs, phonetic runs, attributes, an empty one, escapes, odd spacing
    ("xl/sharedStrings.xml", sub(r"<si><t>忻州某公司</t></si>",
                                 '<si><r><rPr><b/></rPr><t>忻州</t></r><r><t xml:space="preserve">某公司 </t></r><rPh sb="0" eb="1"><t>x</t></rPh></si>')),
    ("xl/sharedStrings.xml", sub(r"<si><t>忻州某公司</t></si>", "<si><t/></si>")),
    ("xl/sharedStrings.xml", sub(r"<si><t>忻州某公司</t></si>", '<si count="1"><t>甲</t></si>')),
    ("xl/sharedStrings.xml", sub(r"<si><t>忻州某公司</t></si>", "<si>\n  <t>甲&amp;乙&#x4e19;</t>\n</si>")),
    ("xl/sharedStrings.xml", sub(r"<si><t>忻州某公司</t></si>", "<si><t>甲</t><t>乙</t></si>")),
    ("xl/sharedStrings.xml", sub(r"<si><t>忻州某公司</t></si>", "<si><t>甲<b>粗</b>乙</t></si>")),
    ("xl/sharedStrings.xml", sub(r"<si><t>忻州某公司</t></si>", "<si><si><t>套</t></si></si>")),
    ("xl/sharedStrings.xml", sub(r"</sst>", "<si><t>未闭合</t>")),
    # cells: inline strings, no coordinates, typed booleans, errors, ISO dates, str, an odd child, rows unordered
    ("xl/worksheets/sheet1.xml", sub(r'<c r="B2" t="s"><v>\d+</v></c>', '<c r="B2" t="inlineStr"><is><t>行内</t></is></c>')),
    ("xl/worksheets/sheet1.xml", sub(r'<c r="B2" t="s"><v>\d+</v></c>',
                                     '<c r="B2" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c>')),
    ("xl/worksheets/sheet1.xml", sub(r'<c r="B2" t="s"><v>\d+</v></c>', '<c t="e"><v>#N/A</v></c><c t="b"><v>1</v></c>'
                                     '<c t="d"><v>2022-06-21T00:00:00</v></c><c t="str"><v>算</v></c><c><v> 7 </v></c>')),
    ("xl/worksheets/sheet1.xml", sub(r'<c r="B2" t="s"><v>\d+</v></c>', '<c r="B2"><v>1</v><v>2</v></c>')),
    ("xl/worksheets/sheet1.xml", sub(r'<c r="B2" t="s"><v>\d+</v></c>', '<c r="B2"><v>1<x/>2</v></c>')),
    ("xl/worksheets/sheet1.xml", sub(r'<c r="B2" t="s"><v>\d+</v></c>', '<c r="B2"><extra/><v>9</v></c><note>?</note>')),
    ("xl/worksheets/sheet1.xml", sub(r'<c r="B2" t="s"><v>\d+</v></c>', '<c r="B2" t="s"><v>999</v></c>')),
    ("xl/worksheets/sheet1.xml", sub(r'<c r="B2" t="s"><v>\d+</v></c>', '<c r="B2"><v>abc</v></c>')),
    ("xl/worksheets/sheet1.xml", sub(r'<c r="B2" t="s"><v>\d+</v></c>', '<c r="B2" s="99"><v>1</v></c>')),
    ("xl/worksheets/sheet1.xml", sub(r'<c r="B2" t="s"><v>\d+</v></c>', '<c r="ZZZZ9"><v>1</v></c>')),
    ("xl/worksheets/sheet1.xml", sub(r'<c r="D3" s="(\d+)" t="n"><v>44733</v>', r'<c r="D3" s="\1" t="n"><v>99999999</v>')),
    ("xl/worksheets/sheet1.xml", sub(r'<row r="3"', '<row r="2.0"')),
    ("xl/worksheets/sheet1.xml", sub(r'<row r="3"', '<row r="x"')),
    ("xl/worksheets/sheet1.xml", sub(r'<row r="3"', "<row")),
    ("xl/worksheets/sheet1.xml", sub(r'<row r="40"', '<row r="2"')),
    # nesting no writer makes: read by openpyxl itself
    ("xl/worksheets/sheet1.xml", sub(r'<c r="B2" t="s"><v>\d+</v></c>', '<c r="B2"><row r="7"><c r="A7"><v>1</v></c></row></c>')),
    ("xl/worksheets/sheet1.xml", sub(r'<c r="B2" t="s"><v>\d+</v></c>', '<c r="B2"><v>1</v><extLst/></c>')),
    ("xl/worksheets/sheet1.xml", sub(r"<sheetData>", '<sheetData><pageMargins left="x"/>')),
    # settings openpyxl reads as it goes, good and bad; a sheet claiming its size, or a wrong one
    ("xl/worksheets/sheet1.xml", sub(r"</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A2:B2"/></mergeCells>'
                                     '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>')),
    ("xl/worksheets/sheet1.xml", sub(r"</sheetData>", '</sheetData><pageMargins left="wide"/>')),
    ("xl/worksheets/sheet1.xml", sub(r"<sheetData>", '<dimension ref="A1:E41"/><sheetData>')),
    ("xl/worksheets/sheet1.xml", sub(r"<sheetData>", '<dimension ref="garbage"/><sheetData>')),
    # broken and hostile XML
    ("xl/worksheets/sheet1.xml", sub(r"</row>", "</rw>")),
    ("xl/worksheets/sheet1.xml", sub(r"</sheetData>", "</sheetData>&undefined;")),
    ("xl/worksheets/sheet1.xml", sub(r"^(<\?xml[^>]*\?>)?", r'\1<!DOCTYPE x [<!ENTITY e "boom">]>')),
    ("xl/worksheets/sheet1.xml", sub(r"^(<\?xml[^>]*\?>)?", r'\1<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd">')),
    ("xl/worksheets/sheet1.xml", sub(r"^(<\?xml[^>]*\?>)?", r'\1<!DOCTYPE worksheet>')),
    ("xl/worksheets/sheet1.xml", sub(r"(<sheetData>)", r'\1<!-- a comment --><?pi data?>')),
    ("xl/sharedStrings.xml", sub(r"^(<\?xml[^>]*\?>)?", r'\1<!DOCTYPE x [<!ENTITY e "boom">]>')),
    ("xl/sharedStrings.xml", sub(r"^(<\?xml[^>]*\?>)?", r'\1<!DOCTYPE sst>')),
    ("xl/workbook.xml", sub(r"<workbookPr", '<workbookPr date1904="1"')),
])
def test_odd_and_hostile_sheets_are_read_or_refused_alike(styled, change):
    member, edit = change
    with zipfile.ZipFile(styled) as z:
        before = z.read(member)
    rewrite_member(styled, member, edit)
    with zipfile.ZipFile(styled) as z:
        assert z.read(member) != before  # the odd part is there
    assert_read_alike(styled)


def test_a_sheet_openpyxl_would_read_slowly_is_read_alike_past_many_blocks(tmp_path):
    """More than a block (16 KB) of rows, a formula among them, a DTD only in the last block: openpyxl takes
    over where the fast reader cannot go on, and nothing is read twice or left out."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名单")
    for i in range(1, 800):
        ws.append([i, f"单位{i}", 1000 * i, "=A1" if i == 400 else None, credit_code(i)])
    path = tmp_path / "long.xlsx"
    wb.save(path)
    strings, rows = assert_read_alike(path)
    assert len(rows) == 798
    rewrite_member(path, "xl/worksheets/sheet1.xml", sub(r'(<row r="700")', r'<row r="699"><c r="A699"><row r="1"/></c></row>\1'))
    assert b'<row r="1"/>' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert_read_alike(path)


# -- any sheet made of the elements cells are made of --------------------------------------------------------------
texts = st.text(alphabet="0123456789.-+eE#!/ABN甲 &<", max_size=8).map(
    lambda t: t.replace("&", "&amp;").replace("<", "&lt;"))
cells = st.builds(
    lambda r, t, s, inner: f"<c{r}{t}{s}>{inner}</c>",
    st.sampled_from(["", ' r="A{row}"', ' r="C{row}"', ' r="B{row}"', ' r="Q{row}"']),
    st.sampled_from(["", ' t="s"', ' t="n"', ' t="b"', ' t="e"', ' t="str"', ' t="d"', ' t="inlineStr"', ' t="x"']),
    st.sampled_from(["", ' s="0"', ' s="1"', ' s="2"', ' s="3"', ' s=""']),
    st.one_of(texts.map(lambda v: f"<v>{v}</v>"), st.just(""), st.just("<v/>"),
              st.sampled_from(["0", "1", "2", "44733", "0.5", "-1"]).map(lambda v: f"<v>{v}</v>"),
              texts.map(lambda v: f"<is><t>{v}</t></is>"), texts.map(lambda v: f"<is><r><t>{v}</t></r></is>"),
              texts.map(lambda v: f"<f>A1</f><v>{v}</v>"), st.just('<f t="shared" si="0" ref="A1:A9">B1</f>'),
              texts.map(lambda v: f" <v>{v}</v> ")))
rows = st.lists(st.tuples(st.sampled_from(["", ' r="{row}"', ' r="1"', ' spans="1:3"']), st.lists(cells, max_size=4)),
                max_size=6)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A workbook with a string table and styles: 1 a date, 2 a percent, 3 a time span."""
    wb = Workbook()
    ws = wb.active
    ws.append(["甲", "乙", "丙"])
    for fmt in ("yyyy-mm-dd", "0.00%", "[h]:mm:ss"):
        ws.append([1])
        ws.cell(ws.max_row, 1).number_format = fmt
    path = tmp_path_factory.mktemp("base") / "base.xlsx"
    wb.save(path)
    return shared_strings(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows)
def test_any_sheet_of_cells_is_read_alike(base, tmp_path, made):
    body = "".join(f"<row{attrs.format(row=n + 2)}>" + "".join(c.format(row=n + 2) for c in cs) + "</row>"
                   for n, (attrs, cs) in enumerate(made))
    path = tmp_path / "made.xlsx"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = (f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>{body}'
                        "</sheetData></worksheet>").encode()
            out.writestr(item, data)
    assert_read_alike(path)


def test_a_plain_list_is_read_without_openpyxls_parser(filled, monkeypatch):
    """What makes it fast: a list as Excel saves it never reaches openpyxl's own parsing of strings or rows."""
    path = shared_strings(filled("startup_loan", [LOAN, {**LOAN, "贷款本金（元）": "=1000*3000"}]))
    expected = _read(path, fast=False)

    def slow(*_args, **_kw):
        raise AssertionError("openpyxl's parser used")

    import openpyxl.reader.excel
    from openpyxl.worksheet._reader import WorkSheetParser

    monkeypatch.setattr(openpyxl.reader.excel, "read_string_table", slow)
    monkeypatch.setattr(WorkSheetParser, "parse", slow)
    monkeypatch.setattr(WorkSheetParser, "parse_dimensions", slow)
    assert _read(path, fast=True) == expected
