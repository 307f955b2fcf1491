"""The results workbook adds up to the fen, sheet by sheet, and the agency view follows REFERENCE.md section 2."""
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from subsidy_desk.measures.guarantee_fee import agency
from subsidy_desk.batch.results import Entry, write_results
from subsidy_desk.case import FORMAT, compute, parse_case


def _entries(make_case, rules):
    cases = [
        ("guarantee_fee", {"business_type": "small_micro", "amount": "1000000.00", "start_date": "2022-07-01",
                           "end_date": "2022-12-27", "fee_rate": "0.80", "agency_level": "county", "agency_name": "甲担保"},
         {"name": "一", "county": "定襄县"}),
        ("guarantee_fee", {"business_type": "small_micro", "amount": "333333.33", "start_date": "2022-08-15",
                           "end_date": "2023-08-14", "fee_charged": "4000.00", "agency_level": "county", "agency_name": "甲担保"},
         {"name": "二", "county": "定襄县"}),
        ("guarantee_fee", {"business_type": "agriculture", "amount": "500000.00", "start_date": "2022-09-01",
                           "end_date": "2023-03-01", "fee_rate": "0.5", "agency_level": "city"}, {"name": "三", "county": "忻府区"}),
        ("startup_loan", {"borrower_type": "individual", "principal": "200000.00", "contract_date": "2022-07-01",
                          "maturity_date": "2024-06-30", "contract_rate": "4.65", "bank": "某银行"}, {"name": "四", "county": "忻府区"}),
        ("six_taxes", {"taxpayer_type": "individual_business", "period_start": "2023-04-01", "period_end": "2023-06-30",
                       "items": [{"item": "stamp_duty", "payable": "100.01"}]}, {"name": "五"}),
    ]
    out = []
    for n, (kind, inputs, appl) in enumerate(cases, start=3):
        case = make_case(kind, inputs, appl)
        out.append(Entry(n, case, compute(case, rules)))
    return out


def _sheet(wb, title):
    return [row for row in wb[title].iter_rows(values_only=True)]


def test_sheets_add_up(tmp_path, make_case, rules):
    entries = _entries(make_case, rules)
    path = tmp_path / "results.xlsx"
    write_results(entries, path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["按类型汇总", "明细-创业担保贷款贴息", "明细-担保费补贴", "明细-六税两费减征",
                             "按县（市、区）汇总", "按经办银行或担保机构汇总", "担保机构"]
    grand = sum(e.result.total for e in entries)
    for title in ("按类型汇总", "按县（市、区）汇总"):
        rows = _sheet(wb, title)
        count, amount = rows[0].index("件数"), rows[0].index("金额合计（元）")
        assert rows[-1][0] == "合计" and rows[-1][count] == len(entries)
        assert Decimal(str(rows[-1][amount])) == grand
        assert sum(Decimal(str(r[amount])) for r in rows[1:-1]) == grand
    assert _sheet(wb, "按类型汇总")[0] == ("类型", "件数", "金额合计（元）", "其中有提示的件数")  # 类型 once
    assert _sheet(wb, "按县（市、区）汇总")[0][:2] == ("县（市、区）", "类型")
    detail = _sheet(wb, "明细-担保费补贴")
    header, body, total = detail[0], detail[1:-1], detail[-1]
    col = header.index("补贴额（元）")
    assert [r[0] for r in body] == [3, 4, 5]
    assert Decimal(str(total[col])) == sum(e.result.total for e in entries if e.case.kind == "guarantee_fee")
    # 4,000 on 333,333.33 for 365 days is 1.2%: above one guarantee's cap, but the agency's average is tested
    assert "高于上限" in body[1][-1] and Decimal(str(body[1][col])) == Decimal("1666.67")
    assert body[0][-1] is None
    counties = [r[0] for r in _sheet(wb, "按县（市、区）汇总")[1:-1]]
    assert counties.index("忻府区") < counties.index("定襄县") < counties.index("（未填写）")


def test_agency_view_is_each_agencys_claim_computed_by_the_core(make_case, rules, tmp_path):
    """Batch's agency view is the agency_claim case, not a second computation."""
    from subsidy_desk.case import FORMAT, compute, parse_case

    entries = _entries(make_case, rules)
    (jia, city) = agency.claims(entries, rules)
    assert jia.name == "甲担保" and len(jia.entries) == 2
    assert (jia.inputs["period_from"], jia.inputs["period_to"]) == ("2022-07-01", "2023-08-14")
    as_a_case = parse_case({"format": FORMAT, "kind": "agency_claim", "applicant": {"name": "甲担保"},
                            "inputs": jia.inputs})
    # 1,000,000 × 180 / 365 = 493,150.684… → 493,150.68; 333,333.33 × 365 / 365 (both ends counted)
    assert [r.annualised for r in jia.result.rows] == [Decimal("493150.68"), Decimal("333333.33")]
    assert jia.figure("annualised") == Decimal("826484.01")
    assert jia.figure("fee") == Decimal("3945.21") + Decimal("4000.00")
    assert jia.figure("average_rate") == Decimal("0.9613")  # (3945.21 + 4000) / 826,484.01
    assert agency.target_text(jia) == "在上限以内"
    assert jia.result.total == compute(as_a_case, rules).total == Decimal("4132.42")  # 2,465.75 + 1,666.67: none refused
    assert city.name == agency.NO_NAME
    path = tmp_path / "results.xlsx"
    write_results(entries, path)
    rows = _sheet(load_workbook(path), "担保机构")
    assert rows[1][:3] == ("甲担保", "县级担保机构", 2) and Decimal(str(rows[1][8])) == Decimal("4132.42")


def test_an_agency_above_the_average_cap_claims_nothing(make_case, rules):
    from subsidy_desk.batch.results import Entry as E

    g = {"business_type": "small_micro", "amount": "1000000.00", "start_date": "2023-01-01", "end_date": "2023-12-31",
         "agency_level": "county", "agency_name": "乙担保"}
    entries = []
    for n, rate in enumerate(("1.5", "0.8"), start=1):
        case = make_case("guarantee_fee", {**g, "fee_rate": rate, "contract_no": f"B-{n}"}, {"name": f"企业{n}"})
        entries.append(E(n, case, compute(case, rules)))
    (yi,) = agency.claims(entries, rules)
    assert yi.figure("average_rate") == Decimal("1.1500") and agency.target_text(yi) == "超过上限"
    assert yi.result.total == Decimal("0.00")


def test_write_is_atomic(tmp_path, make_case, rules, monkeypatch):
    entries = _entries(make_case, rules)
    path = tmp_path / "results.xlsx"
    path.write_bytes(b"previous")

    def boom(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr("subsidy_desk.files.os.replace", boom)
    with pytest.raises(OSError):
        write_results(entries, path)
    assert path.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.xlsx", "userdata"]


def test_rows_with_long_warnings_get_their_height(tmp_path, make_case, rules):
    entries = _entries(make_case, rules)
    path = tmp_path / "results.xlsx"
    write_results(entries, path)
    ws = load_workbook(path)["明细-担保费补贴"]
    assert ws.row_dimensions[3].height > 15  # row 3 holds the guarantee whose long warning wraps
    assert ws.row_dimensions[2].height is None


def test_the_agency_sheet_is_computed_with_the_batchs_rules(make_case, rules, rules_with, tmp_path):
    """A batch computed with the office's rules gets its agencies' claims with the same rules, not this PC's."""
    county = rules_with({"guarantee_fee.subsidy_method": "fee_share"})
    entries = _entries(make_case, county)
    write_results(entries, tmp_path / "county.xlsx", rules=county)
    write_results(entries, tmp_path / "pc.xlsx")
    claimed = {name: Decimal(str(_sheet(load_workbook(tmp_path / name), "担保机构")[1][8]))
               for name in ("county.xlsx", "pc.xlsx")}
    # 甲担保's two fees (3,945.21 + 4,000.00) × 50% under the county's method; the shipped method gives 4,132.42.
    assert claimed == {"county.xlsx": Decimal("3972.61"), "pc.xlsx": Decimal("4132.42")}


def test_rows_written_as_finished_xml_are_what_openpyxl_writes(make_case, rules, tmp_path, monkeypatch):
    """The results' rows are made as their XML directly (results._Sheet): every part of the file is byte for byte
    what openpyxl writes for the same rows — texts that look like formulas or errors, spaces at an end, control
    characters, long warnings with their row heights, dates, amounts, the 核对, 读取说明 and 未能计算 sheets."""
    import zipfile

    from subsidy_desk.batch import results
    from subsidy_desk.batch.importer import Note
    from subsidy_desk.readings import check_claim

    entries = _entries(make_case, rules)
    odd = make_case("guarantee_fee", {"business_type": "small_micro", "amount": "1000000.00", "start_date": "2022-07-01",
                                      "end_date": "2022-12-27", "fee_rate": "0.80", "agency_level": "county",
                                      "agency_name": "=HYPERLINK(\"x\")"}, {"name": "#N/A", "county": "忻府区"})
    claimed = parse_case({"format": FORMAT, "kind": "startup_loan", "applicant": {"name": "  "}, "claim": {"amount": "1.00"},
                          "inputs": {"borrower_type": "individual", "principal": "200000.00", "contract_date": "2022-07-01",
                                     "maturity_date": "2024-06-30", "contract_rate": "4.65", "contract_no": "JK<&>"}})
    entries += [Entry(8, odd, compute(odd, rules), (Note("H8", "担保金额（元）", " 金额按文本 '\x011,000,000' 读取 "),)),
                Entry(9, claimed, compute(claimed, rules), (), check_claim(claimed, rules, compute(claimed, rules)))]
    failed = [(10, "到期日", "到期日距放款日超过 5 年"), (11, "整行", "=1+1"), (12, " ", "#DIV/0!")]
    write_results(entries, tmp_path / "direct.xlsx", failed, rules=rules)
    monkeypatch.setattr(results, "new_sheet", lambda wb, title: wb.create_sheet(title))  # openpyxl's own sheets
    write_results(entries, tmp_path / "openpyxl.xlsx", failed, rules=rules)
    with zipfile.ZipFile(tmp_path / "direct.xlsx") as a, zipfile.ZipFile(tmp_path / "openpyxl.xlsx") as b:
        assert a.namelist() == b.namelist() and "xl/worksheets/sheet10.xml" in a.namelist()
        for name in a.namelist():
            if name != "docProps/core.xml":  # the time it was written
                assert a.read(name) == b.read(name), name
        sheets = "".join(a.read(n).decode() for n in a.namelist() if n.startswith("xl/worksheets/"))
        assert all(part in sheets for part in ('xml:space="preserve"', 'customHeight="1"', "JK&lt;&amp;&gt;", "\u2401",
                                               "=HYPERLINK", "#N/A", 't="n"><v>44743</v>'))  # what is compared is there
