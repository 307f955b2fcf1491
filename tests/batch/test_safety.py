"""Hostile or unsuitable files are refused with a clear Chinese message, in bounded time and memory."""
import re
import shutil
import zipfile

import openpyxl
import pytest

from subsidy_desk.batch import importer
from subsidy_desk.batch.importer import read_rows
from subsidy_desk.batch.safety import MAX_UNCOMPRESSED, WorkbookRefused

from .conftest import GUARANTEE, rewrite_member, sub

LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
          + "]>")


@pytest.fixture
def good(filled):
    return filled("guarantee_fee", [GUARANTEE])


def test_macro_workbook_refused(good, tmp_path):
    xlsm = tmp_path / "list.xlsm"
    shutil.copy(good, xlsm)
    with pytest.raises(WorkbookRefused, match="启用宏的工作簿.*另存为 .xlsx"):
        read_rows(xlsm)


def test_macros_inside_an_xlsx_are_ignored_not_run(good):
    with zipfile.ZipFile(good, "a") as z:
        z.writestr("xl/vbaProject.bin", b"\x00" * 64)
    result = read_rows(good)
    assert result.good and "宏已忽略" in result.notes[0]


def test_not_a_workbook(tmp_path):
    fake = tmp_path / "list.xlsx"
    fake.write_text("申请人名称,担保金额\n", encoding="utf-8")
    with pytest.raises(WorkbookRefused, match="不是有效的 .xlsx"):
        read_rows(fake)
    with pytest.raises(WorkbookRefused, match="另存为 .xlsx"):
        read_rows(tmp_path / "list.xls")


def test_zip_bomb_refused_from_the_directory(good):
    """60 MB of zeros compress to ~60 KB; the stated size is checked before anything is inflated."""
    with zipfile.ZipFile(good, "a", zipfile.ZIP_DEFLATED) as z, z.open("xl/media/bomb.bin", "w") as fh:
        chunk = b"\x00" * (1 << 20)
        for _ in range(MAX_UNCOMPRESSED // len(chunk) + 10):
            fh.write(chunk)
    assert good.stat().st_size < 1_000_000
    with pytest.raises(WorkbookRefused, match="压缩炸弹"):
        read_rows(good)


def test_entity_bomb_refused(good):
    rewrite_member(good, "xl/styles.xml", sub(r"^(<\?xml[^>]*\?>)?", LAUGHS))
    with pytest.raises(WorkbookRefused, match="XML 实体声明"):
        read_rows(good)


def _with_far_doctype(text: str) -> str:
    """The bomb behind a comment longer than the pre-check reads, so that only defusedxml stands in its way."""
    body = re.sub(r"^(<\?xml[^>]*\?>)?", "", text)
    return '<?xml version="1.0"?><!--' + "x" * 70_000 + "-->" + LAUGHS.split("?>", 1)[1] + body


@pytest.mark.parametrize("member", ["xl/styles.xml", "xl/worksheets/sheet1.xml"])
def test_defusedxml_guards_openpyxl_as_well(good, member):
    """The second line: a DOCTYPE beyond what the pre-check reads is refused by defusedxml inside openpyxl, whether
    openpyxl parses the member on opening (styles) or lazily while rows are read (the sheet in read-only mode)."""
    from defusedxml.common import DefusedXmlException

    assert openpyxl.DEFUSEDXML
    rewrite_member(good, member, _with_far_doctype)
    with open(good, "rb") as fh, pytest.raises(Exception) as raised:
        openpyxl.load_workbook(fh)
    chain = raised.value
    while chain is not None and not isinstance(chain, DefusedXmlException):
        chain = chain.__cause__ or chain.__context__
    assert isinstance(chain, DefusedXmlException)
    with pytest.raises(WorkbookRefused, match="XML 实体声明"):
        read_rows(good)


def test_rows_beyond_the_limit_refused(filled):
    rows = [{**GUARANTEE, "担保合同编号": f"DB-{i}"} for i in range(6)]
    with pytest.raises(WorkbookRefused, match="超过 5 行的上限（第 8 行仍有内容）"):  # row 2 is the 示例
        read_rows(filled("guarantee_fee", rows), row_limit=5)
    with pytest.raises(WorkbookRefused, match="超过 5 行的上限（第 7 行仍有内容）"):
        read_rows(filled("guarantee_fee", rows, name="no-example.xlsx", keep_example=False), row_limit=5)


def test_the_example_row_does_not_count_against_the_limit(filled):
    """A full list of exactly the limit imports, with the template's 示例 row kept or deleted (issue 14, point 6)."""
    rows = [{**GUARANTEE, "序号": i + 1, "担保合同编号": f"DB-{i}"} for i in range(5)]
    assert len(read_rows(filled("guarantee_fee", rows), row_limit=5).good) == 5
    assert len(read_rows(filled("guarantee_fee", rows, name="b.xlsx", keep_example=False), row_limit=5).good) == 5


def test_sheet_claiming_a_million_rows(good):
    """A stated dimension of a million rows is not trusted; real content there is refused without reading a million."""
    rewrite_member(good, "xl/worksheets/sheet1.xml", sub(r'<dimension ref="[^"]*" ?/>', '<dimension ref="A1:XFD1048576"/>'))
    assert len(read_rows(good).good) == 1
    rewrite_member(good, "xl/worksheets/sheet1.xml",
                   sub(r"</sheetData>", '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'))
    with pytest.raises(WorkbookRefused, match="20,000 行的上限（第 1,048,576 行仍有内容）"):
        read_rows(good)


def test_missing_required_column(good):
    rewrite_member(good, "xl/worksheets/sheet1.xml", lambda t: t.replace("担保金额（元）", "金额"))
    with pytest.raises(WorkbookRefused, match="缺少必填列：担保金额（元）"):
        read_rows(good)
    assert importer.ROW_LIMIT == 20_000
