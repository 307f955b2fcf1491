"""The workbook as it comes out of a printer: LibreOffice Calc prints it to PDF (as Excel or WPS prints it on a
clerk's PC, with the page setup the workbook carries), and the PDF's pages are read back as text.

Issue 11: a two-year monthly loan (25 periods) signs on one page — totals, 大写, the pledge and all four seal
boxes — and its periods print as the 附表 after it, with the case number on it."""
import re
import shutil
import subprocess

import pytest

from subsidy_desk.worksheets import layout
from subsidy_desk.worksheets.xlsx import write_workbook

from .conftest import OFFICE, computed  # noqa: F401 - computed is a fixture

SOFFICE = shutil.which("soffice")


def printed(path, tmp_path):
    """The workbook's pages as text, one string a page (pdftotext spaces Chinese text unpredictably)."""
    if SOFFICE is None or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice Calc（soffice）或 pdftotext 未安装：无法把工作簿打印成 PDF 核对")
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=300)
    pdf = path.with_suffix(".pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f") if page.strip()]


def test_two_year_monthly_loan_signs_on_one_printed_page(computed, tmp_path):
    case, result = computed("two_year_monthly_loan")
    sheet = layout.build_worksheet(case, result, OFFICE)
    pages = printed(write_workbook(case, result, tmp_path / "two.xlsx", OFFICE), tmp_path)
    first, second = pages[0], pages[1]
    for text in ("创业担保贷款贴息申请表", sheet.number, "明细见附表（共25期）", "130,183.30", sheet.capitals,
                 sheet.declaration.replace(" ", ""), "申请人（盖章）", "经办银行意见", "人社部门审核意见",
                 "财政部门审核意见", f"第1页共{len(pages)}页"):
        assert text in first, text
    assert "2024年12月21日" not in first  # the periods are not on the page to sign
    assert "附表" in second and sheet.number in second and "共25期" in second
    assert "2023年1月10日" in second and "2024年12月21日" in second and "130,183.30" in second
    assert "申请人（盖章）" not in second and f"第2页共{len(pages)}页" in second
