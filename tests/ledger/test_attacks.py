"""The attacks an office ledger must withstand, each on SQLite and (where a login could try it) PostgreSQL:
the first grant spent on 经办, a total inflated by plain SQL, a forged backup, a free-standing history row with a
made-up time. (Lookalike contract numbers: test_claims.py.)"""
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from subsidy_desk.ledger import Forbidden, Ledger, LedgerError

from .conftest import BACKENDS, Staff, new_url, pg_database, requires_pg
from .test_guards import AT, log, raw, refused


# --- setting up: the first grant names a reviewer ---------------------------------------------------------------

@pytest.mark.parametrize("role", ["经办", "财务"])
def test_the_first_grant_of_a_new_ledger_must_name_a_reviewer(db_url, role):
    pg = db_url.startswith("postgresql")
    with Ledger(db_url, None if pg else "admin") as owner:
        with pytest.raises(Forbidden, match="第一个角色必须是“审核”"):
            owner.grant("li", role)
        assert owner.is_new() and owner.users() == {}
        owner.grant("wang", "审核")
        assert owner.users() == {"wang": {"审核"}} and not owner.is_new()


@requires_pg
def test_a_clerk_login_cannot_spend_the_first_grant_on_anything_but_a_reviewer():
    for url in pg_database():
        staff = Staff.__new__(Staff)
        staff.url, staff.pg, staff._open = url, True, {}
        staff.owner = Ledger(url)
        try:
            grant = ("INSERT INTO users (name, role, granted_by, granted_at) VALUES ('sdt_li', :role, 'sdt_li', "
                     f"'{AT}')")
            refused(staff, "li", grant, log("sdt_li", "授权", detail='{"用户": "sdt_li", "角色": "经办"}'), role="经办",
                    match="第一个角色必须是“审核”")
            assert staff.owner.is_new()
        finally:
            staff.close()


def test_a_clerk_who_left_is_stopped_with_a_history_row_and_nothing_deleted(staff, case_of):
    li = staff.login("li")
    staff["wang"].revoke(li, "经办")
    assert "经办" not in staff["li"].roles()
    with pytest.raises(Forbidden, match="没有“经办”角色"):
        staff["li"].add(case_of("guarantee_fee"))
    (grant,) = [g for g in staff["wang"].grants() if g.name == li]
    assert (grant.role, grant.revoked_by) == ("经办", staff.login("wang")) and grant.revoked_at
    assert [(e.action, e.detail) for e in staff["wang"].history()][-1] == ("停用", {"用户": li, "角色": "经办"})
    with pytest.raises(Forbidden, match="不能停用自己"):
        staff["wang"].revoke(staff.login("wang"), "审核")
    staff["wang"].grant(li, "经办")  # back again
    assert staff["li"].roles() == {"经办"}
    staff["wang"].revoke(staff.login("chen"), "审核")
    with pytest.raises(Forbidden, match="没有“审核”角色"):
        staff["chen"].revoke(staff.login("wang"), "审核")


# --- the inflated total --------------------------------------------------------------------------------------------

def _inflated_case(staff, case_of, conn_runner) -> int:
    """Enter a case with its real inputs, its real rule set, and 100 times its total, by plain SQL as clerk li."""
    honest = staff["chen"].add(case_of("guarantee_fee", contract_no="HONEST"))
    v = staff["chen"].versions(honest)[0]
    case = case_of("guarantee_fee", contract_no="DB-INFLATED")
    key = "guarantee_fee|DBINFLATED|2022-07-01|2022-12-28"
    total = int(v.total * 100) * 100
    li = staff.login("li")
    conn_runner(
        "INSERT INTO cases (kind, title, applicant_name, credit_code, county, claim_key, status, version, total_fen, "
        f"created_by, created_at) VALUES ('guarantee_fee', '', '', '', '', '{key}', '已计算', 1, {total}, '{li}', "
        f"'{AT}')",
        "INSERT INTO case_versions (case_id, version, case_json, result_json, explanation, total_fen, rule_version, "
        f"rule_hash, computed_by, computed_at, program_version) SELECT max(id), 1, :case, NULL, '', {total}, "
        f":rv, :rh, '{li}', '{AT}', 'psql' FROM cases",
        "INSERT INTO history (case_id, at, user_name, action, detail, program_version) "
        f"SELECT max(id), '{AT}', '{li}', '登记', '{{}}', 'psql' FROM cases",
        case=json.dumps(case.to_json(), ensure_ascii=False), rv=v.rule_version, rh=v.rule_hash)
    return max(e.id for e in staff["wang"].entries())


def _runner(staff):
    if staff.pg:
        return lambda *sql, **params: raw(staff, "li", *sql, **params)

    def run(*sql, **params):
        with staff.owner.engine.begin() as conn:
            for s in sql:
                conn.execute(sa.text(s), params)
    return run


def test_a_total_inflated_by_plain_sql_is_refused_at_approval(staff, case_of):
    case_id = _inflated_case(staff, case_of, _runner(staff))
    assert staff["wang"].get(case_id).total == Decimal("246575.00")  # it is in the ledger...
    with pytest.raises(Forbidden, match="金额核对不符.*重新计算 2,465.75 元.*台账 246,575.00 元"):
        staff["wang"].approve(case_id)  # ...but never approved
    assert staff["wang"].get(case_id).status == "已计算"


def test_an_approved_total_raised_afterwards_is_refused_at_payment(staff, case_of):
    case_id = staff["li"].add(case_of("guarantee_fee"))
    staff["wang"].approve(case_id)
    raise_total = ("UPDATE cases SET approved_total_fen = approved_total_fen * 100, total_fen = total_fen * 100 "
                   f"WHERE id = {case_id}")
    if staff.pg:  # on PostgreSQL no clerk login can raise it in the first place
        for clerk in ("li", "wang", "zhao"):
            refused(staff, clerk, raise_total)
        return
    with staff.owner.engine.begin() as conn:
        conn.execute(sa.text(raise_total))
    with pytest.raises(Forbidden, match="金额核对不符"):
        staff["zhao"].pay(case_id, date.today(), Decimal("246575.00"), "P-1")
    assert staff["zhao"].get(case_id).status == "已审核"


def test_a_claim_key_that_is_not_the_cases_own_is_refused_at_approval(staff, case_of):
    case_id = staff["li"].add(case_of("guarantee_fee"))
    if staff.pg:
        refused(staff, "li", f"UPDATE cases SET claim_key = claim_key || 'x' WHERE id = {case_id}")
        return
    with staff.owner.engine.begin() as conn:
        conn.execute(sa.text("UPDATE cases SET claim_key = claim_key || 'X' WHERE id = :i"), {"i": case_id})
    with pytest.raises(Forbidden, match="查重键与案例内容不符"):
        staff["wang"].approve(case_id)


@requires_pg
def test_a_lookalike_claim_key_written_by_plain_sql_is_refused(case_of):
    for url in pg_database():
        staff = Staff(url)
        try:
            with pytest.raises(sa.exc.DBAPIError, match="未规范化"):
                _inflated_case(staff, case_of, lambda *sql, **p: raw(
                    staff, "li", *(s.replace("DBINFLATED", "db-inflated") for s in sql), **p))
        finally:
            staff.close()


def test_payment_date_cannot_precede_the_approval(staff, case_of):
    case_id = staff["li"].add(case_of("guarantee_fee"))
    staff["wang"].approve(case_id)
    with pytest.raises(LedgerError, match="早于审核日期"):
        staff["zhao"].pay(case_id, date.today() - timedelta(days=2), Decimal("2465.75"), "P-1")


def test_payment_document_numbers_are_unique_however_typed(staff, case_of):
    first = staff["li"].add(case_of("guarantee_fee"))
    second = staff["li"].add(case_of("guarantee_fee", contract_no="DB-2"))
    for case_id in (first, second):
        staff["wang"].approve(case_id)
    staff["zhao"].pay(first, date.today(), Decimal("2465.75"), "拨-2022-001")
    with pytest.raises(Forbidden, match=f"已用于台账第 {first} 号"):
        staff["zhao"].pay(second, date.today(), Decimal("2465.75"), "拨 2022 001")


# --- forged backups --------------------------------------------------------------------------------------------

def _forge(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["tables"])
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _row(tables, name, **match):
    return next(r for r in tables[name] if all(r[k] == v for k, v in match.items()))


FORGERIES = {
    "payment raised": (lambda t: _row(t, "payments", case_id=1).update(amount_fen=9_999_999),
                       "拨付金额与审定金额不一致"),
    "approved by the entrant": (lambda t: _row(t, "cases", id=1).update(approved_by=_row(t, "cases", id=1)["created_by"]),
                                "审核人缺失或就是登记人"),
    "approved by a non-reviewer": (lambda t: (_row(t, "cases", id=1).update(approved_by=_row(t, "payments", case_id=1)["recorded_by"]),
                                              _row(t, "history", case_id=1, action="审核通过").update(
                                                  user_name=_row(t, "payments", case_id=1)["recorded_by"])),
                                   "没有“审核”角色"),
    "status without its history": (lambda t: t["history"].remove(_row(t, "history", case_id=1, action="审核通过")),
                                   "历史不连贯|缺少通向这一状态的历史"),
    "claim key changed": (lambda t: _row(t, "cases", id=2).update(claim_key="guarantee_fee|OTHER|2022-07-01|2022-12-28"),
                          "查重键与案例内容不符"),
    "total raised everywhere": (lambda t: [r.update(total_fen=1, approved_total_fen=1) if "approved_total_fen" in r
                                           else r.update(total_fen=1) for r in (*t["cases"], *t["case_versions"])
                                           if r.get("case_id", r.get("id")) == 1] and _row(t, "payments", case_id=1).update(amount_fen=1),
                                "金额|不一致"),
}


@pytest.mark.parametrize("forgery", FORGERIES)
@pytest.mark.parametrize("target", BACKENDS)
def test_a_forged_backup_is_refused_naming_the_first_inconsistency(staff, case_of, tmp_path, target, forgery):
    paid = staff["li"].add(case_of("startup_loan"))
    staff["wang"].approve(paid)
    staff["zhao"].pay(paid, date.today(), Decimal("28366.67"), "P-1")
    staff["li"].add(case_of("guarantee_fee"))
    staff.owner.backup(tmp_path / "b.json")
    change, said = FORGERIES[forgery]
    _forge(tmp_path / "b.json", change)
    for url in new_url(target, tmp_path, "restored"):
        with Ledger(url, None if url.startswith("postgresql") else "admin") as empty:
            with pytest.raises(LedgerError, match=f"前后不一致，拒绝恢复.*({said})"):
                empty.restore(tmp_path / "b.json")
            assert empty.entries() == [] and empty.is_new()


# --- history rows -----------------------------------------------------------------------------------------------

@requires_pg
def test_no_login_writes_a_free_standing_history_row_or_a_made_up_time(case_of):
    for url in pg_database():
        staff = Staff(url)
        try:
            case_id = staff["li"].add(case_of("guarantee_fee"))
            staff["li"].mark_printed(case_id)
            # a finance clerk "printed" it in 2022: neither the step nor the time is theirs to make up
            refused(staff, "zhao", log("sdt_zhao", "打印", case_id), match="“打印”历史记录")
            # a whole step sent by hand is recorded at the database's time, not the one written
            raw(staff, "wang", "UPDATE cases SET status = '已审核', approved_by = 'sdt_wang', approved_at = :at, "
                f"approved_total_fen = total_fen WHERE id = {case_id}", log("sdt_wang", "审核通过", case_id), at=AT)
            row = staff["wang"].history(case_id)[-1]
            assert row.action == "审核通过" and row.at != AT and row.at.startswith(str(date.today().year))
            refused(staff, "li", log("sdt_li", "停用", detail='{"用户": "sdt_zhao", "角色": "财务"}'),
                    match="“停用”历史记录")
        finally:
            staff.close()
