"""Filling a generated template the way a clerk would: by column header, with whatever Excel holds."""
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from subsidy_desk.batch.columns import columns
from subsidy_desk.batch.template import write_template


def fill(kind: str, rows: list[dict], path: Path, keep_example: bool = True) -> Path:
    """Write the template for ``kind`` and append ``rows`` (dicts by Chinese header) below the example."""
    write_template(kind, path)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    index = {c.header: i for i, c in enumerate(columns(kind), start=1)}
    if not keep_example:
        ws.delete_rows(2)
    for values in rows:
        r = ws.max_row + 1
        for header, value in values.items():
            ws.cell(r, index[header], value)
    wb.save(path)
    return path


def rewrite_member(path: Path, member: str, change) -> None:
    """Rewrite one XML member of an .xlsx in place: for building files openpyxl would never write."""
    with zipfile.ZipFile(path) as src:
        items = [(i, src.read(i.filename)) for i in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            if info.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            out.writestr(info.filename, data)


def shared_strings(path: Path) -> Path:
    """Rewrite an openpyxl-written workbook's text cells as Excel and WPS save them: each text once in a shared
    string table (xl/sharedStrings.xml), the cells pointing into it (openpyxl writes each text in its cell)."""
    strings: dict[str, int] = {}

    def shared(m) -> str:
        index = strings.setdefault(m[2], len(strings))
        return f'<c{m[1]} t="s"><v>{index}</v></c>'

    with zipfile.ZipFile(path) as src:
        items = [(i, src.read(i.filename)) for i in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            text = data.decode("utf-8")
            if info.filename.startswith("xl/worksheets/sheet"):
                text = re.sub(r'<c([^>]*?) t="inlineStr"><is><t(?: [^>]*)?>(.*?)</t></is></c>', shared, text)
            elif info.filename == "[Content_Types].xml":
                text = text.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                text = text.replace("</Relationships>", '<Relationship Id="rIdStrings" Type="http://schemas.'
                                    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                                    'Target="sharedStrings.xml"/></Relationships>')
            out.writestr(info, text.encode("utf-8"))
        table = "".join(f"<si><t>{s}</t></si>" for s in strings)
        out.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="'
                     f'http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" '
                     f'uniqueCount="{len(strings)}">{table}</sst>')
    return path


def sub(pattern: str, replacement: str):
    return lambda text: re.sub(pattern, replacement, text, count=1)


LOAN = {"序号": 1, "申请人名称": "忻州某科技有限公司", "统一社会信用代码": "91140900MA0K5YQ12C", "所属县（市、区）": "忻府区",
        "借款人类型": "小微企业", "贷款本金（元）": 3000000, "合同签订日": "2022-06-21", "到期日": "2024-06-20",
        "合同年利率（%）": 5.2}
GUARANTEE = {"序号": 1, "申请人名称": "忻州某农业专业合作社", "统一社会信用代码": "91140900MA0GRT8W60",
             "所属县（市、区）": "定襄县", "业务类型": "中小微企业", "担保金额（元）": 1000000, "担保期限起": "2022-07-01",
             "担保期限止（含当日）": "2022-12-27", "担保费率（年，%）": 0.8, "担保机构层级": "县级担保机构",
             "担保机构名称": "定襄县融资担保有限公司"}


@pytest.fixture
def filled(tmp_path):
    def make(kind, rows, name="list.xlsx", **kw):
        return fill(kind, rows, tmp_path / name, **kw)

    return make


def credit_code(n: int) -> str:
    """A valid 统一社会信用代码 numbered ``n`` (the GB 32100 check character computed)."""
    from subsidy_desk.applicant import _CHARSET, _WEIGHTS

    body = f"91140900MA{n:07d}"
    total = sum(_CHARSET.index(c) * w for c, w in zip(body, _WEIGHTS))
    return body + _CHARSET[(31 - total % 31) % 31]
