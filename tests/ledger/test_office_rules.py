"""The office's rules live in the ledger: published by a 审核 with document and note, versioned, used by every
clerk's program in place of a PC's own values; their effect seen before publishing and applied in one step."""
import json
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from subsidy_desk.case import compute
from subsidy_desk.cli import main
from subsidy_desk.ledger import Forbidden, Ledger, LedgerError
from subsidy_desk.paths import overrides_file

from .conftest import CASES, Staff, pg_database, requires_pg
from .test_guards import log, raw, refused

LOWER = {"format": "subsidy-desk/overrides@1", "county": "忻府区", "parameters": {"guarantee_fee.subsidy_rate": [
    {"from": "2022-06-08", "value": "0.4", "document": "忻府区财政局〔2022〕7号", "note": "本县按 0.4% 补贴"}]}}


def publish(staff, overrides=LOWER, **kw):
    return staff["wang"].publish_rules(overrides, kw.get("document", "忻府区财政局〔2022〕7号"),
                                       kw.get("note", "担保费补贴比例"), kw.get("office_name"))


def test_a_reviewer_publishes_the_offices_rules_and_every_clerk_computes_with_them(staff, case_of):
    before = staff["li"].add(case_of("guarantee_fee"))
    assert staff["li"].office_rules() is None
    office = publish(staff, office_name="忻府区财政局")
    assert (office.version, office.published_by, office.office_name) == (1, staff.login("wang"), "忻府区财政局")
    rules = staff["li"].rules()
    assert rules.hash == office.rules_hash and rules.version.endswith("+本单位1")
    assert rules.overridden_keys == ["guarantee_fee.subsidy_rate"]
    after = staff["li"].add(case_of("guarantee_fee", contract_no="DB-NEW"))
    assert (staff["li"].get(before).total, staff["li"].get(after).total) == (Decimal("2465.75"), Decimal("1972.60"))
    assert staff["li"].versions(after)[0].rule_hash == office.rules_hash
    event = staff["li"].history()[-2]  # the publication, before the second case's 登记
    assert (event.action, event.detail["版本"], event.detail["文件依据"]) == ("发布规则", 1, "忻府区财政局〔2022〕7号")
    assert publish(staff, office_name=None).office_name == "忻府区财政局"  # version 2 keeps the name
    assert [o.version for o in staff["zhao"].rule_history()] == [1, 2]


def test_a_pcs_own_values_apply_only_without_office_rules(staff, case_of):
    overrides_file().write_text(json.dumps({**LOWER, "parameters": {"guarantee_fee.subsidy_rate": [
        {**LOWER["parameters"]["guarantee_fee.subsidy_rate"][0], "value": "0.3"}]}}), encoding="utf-8")
    first = staff["li"].add(case_of("guarantee_fee"))
    assert staff["li"].get(first).total == Decimal("1479.45")  # this PC's 0.3%
    office = publish(staff)
    second = staff["chen"].add(case_of("guarantee_fee", contract_no="DB-2"))
    assert staff["chen"].get(second).total == Decimal("1972.60")  # the office's 0.4%, whatever this PC says
    staff["wang"].approve(second)  # checked with the office's rule set, found by its hash in the ledger
    assert staff["wang"].get(second).approved_total == Decimal("1972.60") and office.version == 1


def test_only_a_reviewer_publishes_and_with_document_and_note(staff):
    with pytest.raises(Forbidden, match="没有“审核”角色，不能发布本单位规则"):
        staff["li"].publish_rules(LOWER, "文件", "说明")
    with pytest.raises(LedgerError, match="文件依据和说明"):
        staff["wang"].publish_rules(LOWER, "文件", " ")
    bad = {**LOWER, "parameters": {"guarantee_fee.no_such": []}}
    with pytest.raises(LedgerError, match="规则有误，未发布.*没有这个政策参数"):
        staff["wang"].publish_rules(bad, "文件", "说明")
    assert staff["wang"].office_rules() is None


def test_the_effect_is_listed_before_publishing_and_applied_in_one_step(staff, case_of, tmp_path):
    from openpyxl import load_workbook

    from subsidy_desk.ledger.export import write_impact
    from subsidy_desk.ledger.office_rules import check

    entered = staff["li"].add(case_of("guarantee_fee"))
    approved = staff["li"].add(case_of("guarantee_fee", contract_no="DB-A"))
    staff["wang"].approve(approved)
    paid = staff["li"].add(case_of("guarantee_fee", contract_no="DB-P"))
    staff["wang"].approve(paid)
    staff["zhao"].pay(paid, date.today(), Decimal("2465.75"), "P-1")
    staff["li"].add(case_of("six_taxes"))  # not touched by the change
    impacts = staff["wang"].rule_impact(check(LOWER))
    assert [(i.id, i.old, i.new, i.difference, i.recomputable) for i in impacts] == [
        (entered, Decimal("2465.75"), Decimal("1972.60"), Decimal("-493.15"), True),
        (approved, Decimal("2465.75"), Decimal("1972.60"), Decimal("-493.15"), False)]
    write_impact(impacts, tmp_path / "影响.xlsx")
    ws = load_workbook(tmp_path / "影响.xlsx").active
    assert [c.value for c in ws[1]][:3] == ["台账号", "类型", "申请人"] and str(ws.cell(2, 8).value) == "-493.15"
    assert [ws.cell(4, c).value for c in (1, 2)] == ["合计", "2 件"] and Decimal(str(ws.cell(4, 8).value)) == Decimal("-986.30")
    publish(staff)
    assert staff["li"].apply_rules() == [entered]
    entry = staff["li"].get(entered)
    assert (entry.version, entry.total, entry.status) == (2, Decimal("1972.60"), "已计算")
    assert staff["li"].history(entered)[-1].action == "重新计算"
    assert staff["li"].apply_rules() == []  # nothing left to change


def test_an_exported_rule_set_imported_elsewhere_shows_the_same_hash(staff, tmp_path, capsys):
    office = publish(staff, office_name="忻府区财政局")
    staff["wang"].export_rules(tmp_path / "本单位规则.json")
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    with Ledger(other, "孙审核") as elsewhere:
        elsewhere.grant("孙审核", "审核")
        imported = elsewhere.import_rules(tmp_path / "本单位规则.json")
        assert (imported.rules_hash, imported.office_name) == (office.rules_hash, "忻府区财政局")
        assert elsewhere.rules().hash == office.rules_hash
    data = json.loads((tmp_path / "本单位规则.json").read_text(encoding="utf-8"))
    data["overrides"]["parameters"]["guarantee_fee.subsidy_rate"][0]["value"] = "0.9"
    (tmp_path / "changed.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with Ledger(other, "孙审核") as elsewhere, pytest.raises(LedgerError, match="哈希.*不同"):
        elsewhere.import_rules(tmp_path / "changed.json")


@pytest.fixture
def run(capsys, staff):
    def run(*args, as_="li"):
        user = [] if staff.pg else ["--user", as_]
        code = main(["ledger", *map(str, args), "--db", staff.url_for(as_), *user])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_rules_on_the_command_line(run, staff, tmp_path):
    (tmp_path / "lower.json").write_text(json.dumps(LOWER, ensure_ascii=False), encoding="utf-8")
    assert "还没有发布本单位规则" in run("rules", "show")[1]
    assert run("add", CASES / "guarantee_fee.json")[0] == 0
    code, _, err = run("rules", "publish", tmp_path / "lower.json", "--document", "文件", "--note", "说明")
    assert code == 2 and "没有“审核”角色，不能发布本单位规则" in err  # a 经办
    code, out, _ = run("rules", "impact", tmp_path / "lower.json", "-o", tmp_path / "影响.xlsx", as_="wang")
    assert code == 0 and "1 件未拨付的案例金额会改变" in out and "-493.15" in out and (tmp_path / "影响.xlsx").is_file()
    code, out, _ = run("rules", "publish", tmp_path / "lower.json", "--document", "文件", "--note", "说明", as_="wang")
    assert code == 0 and "已发布：本单位规则第 1 版  sha256:" in out
    assert "本单位规则第 1 版" in run("rules", "show")[1]
    assert run("rules", "history")[1].splitlines()[0].startswith("版本\t发布人")
    assert "重新计算 1 件：1" in run("rules", "apply")[1]
    code, out, _ = run("rules", "export", tmp_path / "r.json")
    assert code == 0 and json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["hash"] in out


def test_a_case_file_computed_with_other_rules_is_recomputed_and_the_difference_said(run, staff, tmp_path):
    publish(staff)
    data = json.loads((CASES / "guarantee_fee.json").read_text(encoding="utf-8"))
    data["computed"] = {"total": "2465.75", "rule_set": {"version": "2022.1", "hash": "sha256:x"}}
    (tmp_path / "c.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("add", tmp_path / "c.json")
    assert code == 0 and "文件中记录的金额 2,465.75 元（规则集 2022.1）" in err and "1,972.60 元，差额 -493.15 元" in err
    assert staff["li"].get(int(out)).total == Decimal("1972.60")


@requires_pg
def test_no_login_publishes_rules_by_plain_sql():
    for url in pg_database():
        staff = Staff(url)
        try:
            insert = ("INSERT INTO office_rules VALUES (1, '{}', '', 'sha256:x', '文件', '说明', :by, "
                      "'2022-10-01T08:00:00+00:00')")
            detail = '{"版本": 1}'
            refused(staff, "li", insert, log("sdt_li", "发布规则", detail=detail), by="sdt_li", match="没有“审核”角色")
            refused(staff, "wang", insert, by="sdt_wang", match="没有“发布规则”历史记录")
            refused(staff, "wang", insert.replace("(1,", "(5,"), log("sdt_wang", "发布规则", detail=detail),
                    by="sdt_wang", match="下一版")
            raw(staff, "wang", insert, log("sdt_wang", "发布规则", detail=detail), by="sdt_wang")
            refused(staff, "wang", "UPDATE office_rules SET note = 'x'", match="只能追加|permission denied")
        finally:
            staff.close()
