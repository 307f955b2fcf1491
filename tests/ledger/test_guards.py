"""PostgreSQL: a clerk's login with the rights docs/ledger.md recommends cannot get around the rules with plain SQL.

Each attack runs as raw SQL on the clerk's own login, the way `psql` would; the database refuses it and the ledger
is unchanged. The program's own path still works with the same rights, and a 0002 ledger with data upgrades.
"""
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from subsidy_desk.ledger import Forbidden, Ledger, LedgerError, database
from subsidy_desk.ledger.backup import dump

from .conftest import Staff, pg_database, requires_pg

pytestmark = requires_pg
AT = "2022-10-01T08:00:00+00:00"
REFUSED = "数据库拒绝|permission denied"


@pytest.fixture
def pg_staff():
    for url in pg_database():
        staff = Staff(url)
        try:
            yield staff
        finally:
            staff.close()


def raw(staff, name: str, *statements: str, **params):
    """Run ``statements`` as clerk ``name``'s login in one transaction, as psql would."""
    engine = sa.create_engine(staff.url_for(name))
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(sa.text(statement), params)
    finally:
        engine.dispose()


def log(who: str, action: str, case_id="NULL", detail="{}") -> str:
    return ("INSERT INTO history (case_id, at, user_name, action, detail, program_version) "
            f"VALUES ({case_id}, '{AT}', '{who}', '{action}', '{detail}', 'psql')")


def refused(staff, name: str, *statements: str, match: str = REFUSED, **params) -> None:
    before = dump(staff.owner.engine)["tables"]
    with pytest.raises(sa.exc.DBAPIError, match=match) as caught:
        raw(staff, name, *statements, **params)
    assert caught.value.orig.sqlstate == "42501"
    assert dump(staff.owner.engine)["tables"] == before


def approved_and_paid(staff, case_of) -> tuple[int, int]:
    approved = staff["li"].add(case_of("guarantee_fee"))
    staff["wang"].approve(approved)
    paid = staff["li"].add(case_of("startup_loan"))
    staff["wang"].approve(paid)
    staff["zhao"].pay(paid, date.today(), Decimal("28366.67"), "P-1")
    return approved, paid


def test_a_clerk_cannot_grant_themselves_a_role(pg_staff):
    grant = ("INSERT INTO users (name, role, granted_by, granted_at) "
             f"VALUES ('sdt_li', '财务', :by, '{AT}')")
    refused(pg_staff, "li", grant, by="sdt_li", match="数据库拒绝：授权人须为|没有“审核”角色")
    refused(pg_staff, "li", grant, by="sdt_wang", match="授权人须为登录用户 sdt_li")
    refused(pg_staff, "li", grant, log("sdt_li", "授权", detail='{"用户": "sdt_li", "角色": "财务"}'), by="sdt_li",
            match="没有“审核”角色，不能授予角色")
    refused(pg_staff, "wang", grant.replace("'sdt_li'", "'sdt_wang'", 1), by="sdt_wang", match="不能给自己授予角色")
    refused(pg_staff, "li", "UPDATE users SET role = '审核' WHERE name = 'sdt_li'")
    refused(pg_staff, "wang", "DELETE FROM users WHERE name = 'sdt_zhao'")
    assert pg_staff["li"].roles() == {"经办"}


def test_a_clerk_cannot_approve_their_own_case(pg_staff, case_of):
    case_id = pg_staff["li"].add(case_of("guarantee_fee"))
    approve = ("UPDATE cases SET status = '已审核', approved_by = :by, approved_at = :at, "
               f"approved_total_fen = total_fen WHERE id = {case_id}")
    refused(pg_staff, "li", approve, by="sdt_wang", at=AT, match="没有“审核”角色，不能审核")
    refused(pg_staff, "li", approve, log("sdt_wang", "审核通过", case_id), by="sdt_wang", at=AT)
    # chen is both 经办 and 审核: four eyes holds for their own case, also with a proper history row
    own = pg_staff["chen"].add(case_of("six_taxes"))
    refused(pg_staff, "chen", approve.replace(str(case_id), str(own)), log("sdt_chen", "审核通过", own), by="sdt_chen",
            at=AT, match="双人复核")
    # a reviewer may approve, but not name someone else as the approver, nor change the amount
    refused(pg_staff, "wang", approve, log("sdt_wang", "审核通过", case_id), by="sdt_chen", at=AT, match="审核人须为")
    refused(pg_staff, "wang", approve.replace("= total_fen", "= 1"), log("sdt_wang", "审核通过", case_id),
            by="sdt_wang", at=AT, match="审定金额")
    # nor change a case's content without a new version, nor delete it
    refused(pg_staff, "li", f"UPDATE cases SET total_fen = 1 WHERE id = {case_id}", match="重新计算为新版本")
    refused(pg_staff, "li", f"DELETE FROM cases WHERE id = {case_id}")
    assert pg_staff["wang"].get(case_id).status == "已计算"


def test_a_step_without_its_history_row_is_refused_at_commit(pg_staff, case_of):
    case_id = pg_staff["li"].add(case_of("guarantee_fee"))
    approve = ("UPDATE cases SET status = '已审核', approved_by = 'sdt_wang', approved_at = :at, "
               f"approved_total_fen = total_fen WHERE id = {case_id}")
    refused(pg_staff, "wang", approve, at=AT, match="没有登录用户 sdt_wang 的“审核通过”历史记录")
    refused(pg_staff, "wang", approve, log("sdt_wang", "退回", case_id), at=AT, match="历史记录")
    # nor may a history row be made up without its step
    refused(pg_staff, "li", log("sdt_li", "审核通过", case_id), match="须与它记下的那一步在同一事务中写入")
    refused(pg_staff, "li", log("sdt_li", "打印", case_id), match="“打印”历史记录")
    refused(pg_staff, "li", log("sdt_li", "授权", detail='{"用户": "sdt_li", "角色": "审核"}'), match="“授权”历史记录")
    raw(pg_staff, "wang", approve, log("sdt_wang", "审核通过", case_id), at=AT)  # the whole step is allowed
    assert pg_staff["zhao"].get(case_id).approved_by == "sdt_wang"


def test_a_payment_cannot_be_changed_or_made_up(pg_staff, case_of):
    approved, paid = approved_and_paid(pg_staff, case_of)
    for who in ("li", "zhao", "wang"):
        refused(pg_staff, who, f"UPDATE payments SET amount_fen = 1 WHERE case_id = {paid}")
        refused(pg_staff, who, f"DELETE FROM payments WHERE case_id = {paid}")
    pay = ("INSERT INTO payments (case_id, paid_on, amount_fen, doc_no, doc_key, recorded_by, recorded_at) "
           f"VALUES ({approved}, CURRENT_DATE, :amount, 'P-2', 'P2', :by, '{AT}')")
    mark = f"UPDATE cases SET status = '已拨付' WHERE id = {approved}"
    total = pg_staff["zhao"].get(approved).approved_total * 100
    refused(pg_staff, "li", mark, pay, log("sdt_li", "拨付", approved), amount=int(total), by="sdt_li",
            match="没有“财务”角色")
    refused(pg_staff, "zhao", mark, pay, log("sdt_zhao", "拨付", approved), amount=int(total) + 100, by="sdt_zhao",
            match="金额须等于审定金额")
    refused(pg_staff, "zhao", pay, amount=int(total), by="sdt_zhao", match="只能拨付已审核的案例|须与“已拨付”状态一起")
    assert pg_staff["zhao"].get(paid).paid_amount == Decimal("28366.67")


def test_a_refusal_by_the_database_reaches_the_clerk_as_forbidden_in_chinese(pg_staff, case_of, monkeypatch):
    case_id = pg_staff["chen"].add(case_of("guarantee_fee"))
    monkeypatch.setattr(Ledger, "_check", lambda self, conn, step, entry: None)  # the data layer's check gone
    with pytest.raises(Forbidden, match="数据库拒绝：用户 sdt_li 没有“审核”角色，不能审核"):
        pg_staff["li"].approve(case_id)
    assert pg_staff["li"].get(case_id).status == "已计算"


def test_the_whole_path_works_for_logins_with_the_documented_rights(pg_staff, case_of):
    case_id = pg_staff["li"].add(case_of("guarantee_fee"))
    pg_staff["wang"].send_back(case_id, "合同未盖章")
    pg_staff["li"].recompute(case_id, case_of("guarantee_fee", amount="800000.00"))
    pg_staff["li"].mark_printed(case_id)
    pg_staff["wang"].approve(case_id)
    total = pg_staff["zhao"].get(case_id).approved_total
    pg_staff["zhao"].pay(case_id, date.today(), total, "P-9")
    pg_staff["wang"].grant("sdt_li", "财务")
    assert [e.action for e in pg_staff["li"].history(case_id)] == ["登记", "退回", "重新计算", "打印", "审核通过", "拨付"]
    assert pg_staff["li"].get(case_id).status == "已拨付" and pg_staff["li"].roles() == {"经办", "财务"}


def test_a_0002_ledger_with_data_is_upgraded_and_then_guarded(case_of):
    for url in pg_database():
        engine = database.create_engine(url)
        database.upgrade(engine, "0002")
        with engine.begin() as conn:
            for name, role in (("sdt_wang", "审核"), ("sdt_li", "经办"), ("sdt_zhao", "财务")):
                conn.execute(sa.text(f"INSERT INTO users VALUES ('{name}', '{role}', 'admin', '{AT}')"))
            conn.execute(sa.text(
                "INSERT INTO cases (id, kind, claim_key, status, version, total_fen, created_by, created_at) "
                f"VALUES (1, 'six_taxes', 'six_taxes|X|2022-04-01|2022-06-30', '已计算', 1, 5000, 'sdt_li', '{AT}')"))
            conn.execute(sa.text("SELECT setval('cases_id_seq', 1)"))
            conn.execute(sa.text("INSERT INTO case_versions (case_id, version, case_json, total_fen, computed_by, "
                                 f"computed_at, program_version) VALUES (1, 1, '{{}}', 5000, 'sdt_li', '{AT}', '0.1')"))
            conn.execute(sa.text(log("sdt_li", "登记", 1)))
        engine.dispose()
        staff = Staff.__new__(Staff)  # the users are already there: no grants
        staff.url, staff.pg, staff._open = url, True, {}
        with pytest.raises(LedgerError, match="只有台账的所有者"):
            Ledger(staff.url_for("li"))  # a clerk's login cannot upgrade the schema
        staff.owner = Ledger(url)  # the owner opens it: upgraded
        try:
            with staff.owner.engine.connect() as conn:
                assert database.current_revision(conn) == "0005" == database.head_revision()
            assert staff["wang"].get(1).total == Decimal("50.00") and staff["wang"].users()["sdt_li"] == {"经办"}
            refused(staff, "li", "UPDATE cases SET status = '已审核', approved_by = 'sdt_wang', approved_at = :at, "
                    "approved_total_fen = total_fen WHERE id = 1", at=AT)
            with pytest.raises(Forbidden, match="无法核对台账第 1 号"):  # no rule set stored: recompute first
                staff["wang"].approve(1)
            assert [e.action for e in staff["zhao"].history(1)] == ["登记"]
        finally:
            staff.close()
