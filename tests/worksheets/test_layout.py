"""The one description of a worksheet: what it says for each kind, before any output is made."""
import subprocess
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from subsidy_desk.worksheets.layout import (MM, SEAL_HEIGHT_MM, Item, arrange, build_worksheet, case_number, fit_label,
                                            fits_signed_page, page_height, pair_spans, print_scale, seal_pt,
                                            signed_page_height, split_columns, text_units, with_attachment)

from ..conftest import ROOT
from .conftest import KINDS, OFFICE

SIGNATURES = {  # issue 3, per kind, in order
    "startup_loan": ["申请人（盖章）", "经办银行意见", "人社部门审核意见", "财政部门审核意见"],
    "guarantee_fee": ["申请单位（盖章）", "担保机构意见", "财政部门审核意见"],
    "agency_claim": ["申请单位（担保机构盖章）", "县级财政部门审核意见"],  # issue 9: the agency, and finance
    "six_taxes": ["经办人", "日期"],
}


@pytest.mark.parametrize("kind", KINDS)
def test_signature_blocks_per_kind(computed, kind):
    sheet = build_worksheet(*computed(kind), OFFICE)
    assert [b.title for b in sheet.signatures] == SIGNATURES[kind]
    assert all(b.seal for b in sheet.signatures) == (kind != "six_taxes")


@pytest.mark.parametrize("kind", KINDS + ("long_monthly_loan",))
def test_totals_row_adds_the_rows_shown(computed, kind):
    case, result = computed(kind)
    sheet = build_worksheet(case, result, OFFICE)
    table = sheet.attachment or sheet.table
    keys = [c.key for c in table.columns]
    total_key = {"startup_loan": "subsidy", "guarantee_fee": "subsidy", "agency_claim": "subsidy",
                 "six_taxes": "reduction"}[case.kind]
    col = keys.index(total_key)
    assert table.totals[0] == sheet.table.totals[0] == "合计"
    assert table.totals[col] == sum(r[col] for r in table.rows if r[col] is not None) == result.total
    assert sheet.table.totals[col] == result.total  # the page to sign keeps the 合计 row when the rows are on the 附表
    assert sheet.capitals.startswith("人民币") and sheet.total == result.total


def test_basis_starts_with_the_measure(computed):
    for kind, clause in (("startup_loan", "第2条"), ("guarantee_fee", "第3条"), ("six_taxes", "第4条")):
        sheet = build_worksheet(*computed(kind), OFFICE)
        assert sheet.basis[0] == f"忻政办发〔2022〕36号（{clause}）"
        assert not any(line.startswith("本程序默认") for line in sheet.basis)


def test_loan_shows_lpr_with_its_date_and_day_count(computed):
    sheet = build_worksheet(*computed("startup_loan"), OFFICE)
    items = {i.label: i.text() for s in sheet.sections for i in s.items}
    assert items["LPR"] == "3.70%（1年期LPR，2022年6月20日公布）"
    assert items["计息方式"].startswith("实际天数/360")
    assert items["贷款本金（元）"] == "3,000,000.00"
    assert [s.title for s in sheet.figures] == ["资金分担"]
    assert sum(i.value for i in sheet.figures[0].items) == sheet.total


def test_six_taxes_lists_the_eight_items_in_order(computed):
    sheet = build_worksheet(*computed("six_taxes"), OFFICE)
    assert [r[0] for r in sheet.table.rows] == ["资源税", "城市维护建设税", "房产税", "城镇土地使用税", "印花税",
                                                "耕地占用税", "教育费附加", "地方教育附加"]
    assert sheet.signatures[0].lines == ("张三",)
    assert not sheet.landscape


def test_case_number_is_stable_and_ignores_title_notes_and_history(computed):
    case, _ = computed("startup_loan")
    number = case_number(case)
    assert number.startswith("DK-") and len(number) == 11
    assert case_number(replace(case, title="x", notes="y", computed={"total": "1"})) == number
    assert case_number(replace(case, inputs=dict(reversed(case.inputs.items())))) == number  # key order
    changed = replace(case, applicant={**case.applicant, "name": "另一家公司"})
    assert case_number(changed) != number


def test_header_and_provenance(computed):
    from datetime import datetime

    case, result = computed("guarantee_fee")
    sheet = build_worksheet(case, result, OFFICE, today=date(2026, 1, 5), now=datetime(2026, 1, 5, 9, 30))
    assert sheet.header_line.startswith(f"编号：{case_number(case)}　　填表日期：2026年1月5日　　经办单位：忻府区财政局")
    prov = {i.label: i.value for i in sheet.provenance}
    assert prov["计算人"] == "张三" and prov["计算时间"] == "2026-01-05 09:30"
    assert prov["规则集校验值"] == result.rule_set["hash"]
    blank = build_worksheet(case, result, None)
    assert "经办单位" not in blank.header_line


def test_warnings_reach_the_sheet(computed, make_case, rules):
    from subsidy_desk.case import compute

    case = make_case("startup_loan", {"borrower_type": "individual", "principal": "100000",
                                      "contract_date": "2022-09-01", "maturity_date": "2023-09-01",
                                      "contract_rate": "7.00"})
    sheet = build_worksheet(case, compute(case, rules), OFFICE)
    assert sheet.warnings and "超过上限" in sheet.warnings[0]
    assert sheet.capitals == "人民币零元整"


def test_arrangement_gives_long_values_a_whole_row():
    widths = [5, 17, 17, 6, 14, 9, 14, 9, 14, 14, 14, 14]
    items = [Item("甲", "短"), Item("乙", "很长的说明" * 8), Item("丙", "短"), Item("丁", "短"), Item("戊", "短")]
    rows = arrange(items, widths)
    assert [[p[2].label for p in row] for row in rows] == [["甲"], ["乙"], ["丙", "丁", "戊"]]
    assert rows[1][0][1][1] == len(widths)  # the long value runs to the last column
    # A long value that the rest of its row holds ends that row rather than leaving a gap above it.
    items = [Item("甲", "短"), Item("乙", "很长的说明" * 4), Item("丙", "短")]
    rows = arrange(items, widths)
    assert [[p[2].label for p in row] for row in rows] == [["甲", "乙"], ["丙"]]
    assert rows[0][1][1][1] == len(widths)
    for (l1, l2), (v1, v2) in pair_spans(widths, first=2):
        assert l1 >= 2 and l2 < v1 <= v2


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
def test_split_columns_covers_every_column_once(k):
    widths = [5, 17, 17, 6, 14, 9, 14, 9, 14, 14, 14, 14]
    groups = split_columns(widths, k)
    assert groups[0][0] == 1 and groups[-1][1] == len(widths)
    assert all(a[1] + 1 == b[0] for a, b in zip(groups, groups[1:]))
    assert all(g[0] <= g[1] for g in groups)


def test_text_units_count_chinese_double():
    assert text_units("2022年6月21日") == 13 and text_units("abc") == 3


def test_no_openpyxl_or_qt_until_writing():
    """The window imports worksheets at start; openpyxl and Qt come only when a workbook or a print is made."""
    code = ("import sys, subsidy_desk.worksheets.xlsx, subsidy_desk.worksheets.layout, "
            "subsidy_desk.worksheets.commands, subsidy_desk.office\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'PySide6')]\nassert not bad, bad\n")
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr


def test_file_stem_is_a_safe_file_name(computed):
    from subsidy_desk.worksheets.layout import file_stem

    case, _ = computed("startup_loan")
    assert file_stem(case) == f"创业担保贷款贴息-忻州某科技有限公司-{case_number(case)}"
    odd = replace(case, applicant={**case.applicant, "name": 'A/B:C*D?"E"<F>|G  H'})
    assert file_stem(odd) == f"创业担保贷款贴息-A_B_C_D_E_F_G_H-{case_number(odd)}"
    nameless = replace(case, applicant={})
    assert file_stem(nameless) == f"创业担保贷款贴息-{case_number(nameless)}"


@pytest.mark.parametrize("kind", KINDS + ("long_monthly_loan", "two_year_monthly_loan"))
def test_the_page_to_sign_fits_one_page(computed, kind):
    """Rows go to a 附表 exactly when they would push the totals, declaration or seals off the signed page."""
    case, result = computed(kind)
    sheet = build_worksheet(case, result, OFFICE)
    assert fits_signed_page(sheet)
    if sheet.attachment is not None:
        assert not fits_signed_page(replace(sheet, table=sheet.attachment, attachment=None))
        assert sheet.table.rows == [] and sheet.attachment.rows
    assert (sheet.attachment is not None) == (kind in ("long_monthly_loan", "two_year_monthly_loan"))


def test_a_two_year_monthly_loan_points_to_its_attachment(computed):
    case, result = computed("two_year_monthly_loan")
    sheet = build_worksheet(case, result, OFFICE)
    assert len(result.rows) == 26 and sheet.row_count == 25  # a repayment splits one period into two rows
    assert sheet.attachment_note == "明细见附表（共 25 期）"
    assert sheet.number in sheet.attachment_line and "忻州某食品有限公司" in sheet.attachment_line
    keys = [c.key for c in sheet.table.columns]
    assert sheet.table.totals[keys.index("from")] == result.rows[0].from_day
    assert sheet.table.totals[keys.index("to")] == result.rows[-1].to_day
    assert with_attachment(sheet) is sheet


@pytest.mark.parametrize("landscape", (True, False))
def test_seal_boxes_print_45_mm_high_after_fitting_the_width(landscape):
    widths = [5, 16, 16, 6, 16, 9, 16, 9, 16, 16, 16, 16]
    assert seal_pt(widths, landscape) * print_scale(widths, landscape) >= 45 * MM
    assert SEAL_HEIGHT_MM >= 45


def test_signed_page_height_grows_with_rows(computed):
    sheet = build_worksheet(*computed("long_monthly_loan"), OFFICE)
    full = replace(sheet, table=sheet.attachment, attachment=None)
    assert signed_page_height(full) > page_height(full.landscape) > signed_page_height(sheet)


@pytest.mark.parametrize("label, units, lines", [
    ("所属县（市、区）", 16, ["所属县", "（市、区）"]),
    ("借款人类型", 9, ["借款人", "类型"]),
    ("放款（起息）日", 9, ["放款", "（起息）", "日"]),
    ("其中：中央政策贴息", 16, ["其中：", "中央政策贴息"]),
    ("职工人数 / 新招用", 16, ["职工人数", "/ 新招用"]),
    ("中央财政（中央政策贴息）", 16, ["中央财政", "（中央政策", "贴息）"]),
    ("贷款本金（元）", 16, ["贷款本金（元）"]),
])
def test_labels_break_between_words(label, units, lines):
    assert fit_label(label, units).split("\n") == lines


@pytest.mark.parametrize("kind", KINDS + ("two_year_monthly_loan",))
def test_every_label_fits_its_box_or_breaks_between_words(computed, kind):
    """No label box ends with a lone bracket or a character cut from its word: each line fits its box."""
    sheet = build_worksheet(*computed(kind), OFFICE)
    widths = sheet.table.widths
    for section in sheet.sections:
        for row in arrange(section.items, widths):
            for (l1, l2), _value, item in row:
                for line in item.label.split("\n"):
                    assert text_units(line) + 1 <= sum(widths[l1 - 1:l2]), (kind, item.label)


def test_a_form_without_identity_marks_the_blanks(computed):
    """No anonymous worksheet: a blank name, and a company's blank credit code, print as （未填写）."""
    from subsidy_desk.measures.sheet import BLANK, identity_gaps

    case, result = computed("startup_loan")
    assert identity_gaps(case) == []
    case.applicant = {"county": "忻府区"}
    assert identity_gaps(case) == ["申请人名称", "统一社会信用代码"]  # 小微企业: an organisation
    items = {i.label: i.value for i in build_worksheet(case, result, OFFICE).sections[0].items}
    assert items["借款人名称"] == items["统一社会信用代码"] == BLANK
    case.inputs = {**case.inputs, "borrower_type": "individual"}
    assert identity_gaps(case) == ["申请人名称"]  # a person's code may be blank


def test_the_claimed_period_is_the_span_of_the_rows(computed):
    """申请贴息期间 says what the rows add up: it ends the day the last row ends, and says once when that is because
    the maturity day accrues no interest."""
    def period(name):
        case, result = computed(name)
        sheet = build_worksheet(case, result, OFFICE)
        return {i.label: i.value for s in sheet.sections for i in s.items}["申请贴息期间"], result

    text, result = period("startup_loan")
    assert text == "2022年6月21日至2022年9月20日"  # the quarter claimed, before maturity: nothing to say
    text, result = period("two_year_monthly_loan")
    assert result.rows[-1].to_day == date(2025, 1, 9)
    assert text == "2023年1月10日至2025年1月9日（到期日2025年1月10日当日不计息）"
    assert text.count("不计息") == 1


def test_six_taxes_summary_adds_up_on_its_face(computed, make_case, rules):
    """应纳 = 其他减免 + 免征 + 减征 + 减征后应纳, the 免征 line only when the two fees are exempt."""
    from subsidy_desk.case import compute

    def strip(case, result):
        (summary,) = build_worksheet(case, result, OFFICE).figures
        return [(i.label, i.value) for i in summary.items]

    case, result = computed("six_taxes")
    items = strip(case, result)
    assert [label for label, _v in items] == ["应纳税（费）额合计", "＝ 减征额", "＋ 减征后应纳"]
    assert items[0][1] == items[1][1] + items[2][1] == Decimal("450.00")
    exempt = make_case("six_taxes", {"taxpayer_type": "small_scale", "period_start": "2023-04-01",
                                     "period_end": "2023-06-30", "sales": "150000",
                                     "items": [{"item": "stamp_duty", "payable": "100.00"},
                                               {"item": "education_surcharge", "payable": "60.00"},
                                               {"item": "local_education_surcharge", "payable": "40.00"}]})
    items = strip(exempt, compute(exempt, rules))
    assert [label for label, _v in items] == ["应纳税（费）额合计", "＝ 免征额（两费）", "＋ 减征额", "＋ 减征后应纳"]
    assert items[1][1] == Decimal("100.00")  # both fees exempt
    assert items[0][1] == sum(v for _l, v in items[1:]) == Decimal("200.00")


def test_a_blank_sales_figure_says_the_exemption_was_not_checked(make_case, rules):
    from subsidy_desk.case import compute

    inputs = {"taxpayer_type": "small_scale", "period_start": "2023-04-01", "period_end": "2023-06-30",
              "items": [{"item": "education_surcharge", "payable": "60.00"}]}
    warned = [w.message for w in compute(make_case("six_taxes", inputs), rules).warnings]
    assert any("未填写本期销售额，未检查教育费附加、地方教育附加能否免征" in w for w in warned)
    checked = [w.message for w in compute(make_case("six_taxes", {**inputs, "sales": "150000"}), rules).warnings]
    assert not any("未检查" in w for w in checked)
    no_fees = {**inputs, "items": [{"item": "stamp_duty", "payable": "60.00"}]}
    assert not any("未检查" in w.message for w in compute(make_case("six_taxes", no_fees), rules).warnings)


def test_the_basis_marks_values_the_county_has_not_confirmed(rules, make_case, tmp_path):
    """计算依据: an [S]/[D] value is printed 未经本县确认 until the county confirms it with its document."""
    import json

    from subsidy_desk.case import compute
    from subsidy_desk.rules.load import load_rules
    from subsidy_desk.worksheets.layout import build_worksheet as build

    inputs = {"borrower_type": "individual", "principal": "200000.00", "contract_date": "2023-10-01",
              "maturity_date": "2024-10-01", "contract_rate": "4.45", "lpr": "3.45", "settlement": "at_maturity"}
    case = make_case("startup_loan", inputs)

    def regime_row(rule_set):
        sheet = build(case, compute(case, rule_set))
        return [row for row in sheet.rules_table.rows if row[1] == "适用的中央创业担保贷款政策（按合同签订日）"][0]

    assert regime_row(rules)[4].endswith("[S]（未经本县确认）")
    over = tmp_path / "overrides.json"
    over.write_text(json.dumps({"format": "subsidy-desk/overrides@1", "confirmed": [
        {"key": "startup_loan.regime", "from": "2023-10-01", "document": "某县财〔2024〕2号"}]}), encoding="utf-8")
    assert regime_row(load_rules(overrides=over))[4].endswith("[S]")


def test_the_agency_claim_has_its_own_worksheet_with_the_agencys_seal_and_finances(rules):
    """申请单位 = the guarantee agency; its seal block, then the finance level that pays (谁受益、谁补偿、谁补贴)."""
    from decimal import Decimal

    from subsidy_desk.case import compute, read_case
    from subsidy_desk.worksheets.layout import build_worksheet

    from ..conftest import ROOT

    case = read_case(ROOT / "docs" / "cases" / "agency_claim.json")
    sheet = build_worksheet(case, compute(case, rules))
    assert sheet.title == "担保机构保费补贴申请表" and sheet.number.startswith("DJ-")
    assert [b.title for b in sheet.signatures] == ["申请单位（担保机构盖章）", "县级财政部门审核意见"]
    items = {i.label: i.value for s in sheet.figures for i in s.items}
    assert items["年化担保额（元）"] == Decimal("4000000.00") and items["平均担保费率"] == Decimal("0.9000")
    assert sheet.total == Decimal("20000.00") and sheet.capitals == "人民币贰万元整"
    assert [c.key for c in sheet.table.columns][:3] == ["n", "enterprise", "amount"]
