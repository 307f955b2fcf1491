"""One table of statuses and steps (ledger/steps.py): the window asks it, the data layer refuses by it, and on
PostgreSQL the database's guards agree with it — every step tried from every status by a login of the right role."""
import pytest
import sqlalchemy as sa

from subsidy_desk.ledger.steps import STATUSES, STEPS, allowed_actions
from subsidy_desk.ledger.store import Entry

from .conftest import Staff, pg_database, requires_pg
from .test_guards import AT, log, raw

ACTOR = {"recompute": "li", "print": "li", "approve": "wang", "send_back": "wang", "pay": "zhao"}


def _entry(status: str, created_by="li", computed_by="li") -> Entry:
    return Entry(1, "guarantee_fee", "", "", "", "", status, None, 1, None, created_by, AT, None, None, None, None,
                 None, "k", computed_by, None)


def test_the_window_is_offered_exactly_the_steps_of_the_table():
    everyone = {"经办", "审核", "财务"}
    assert allowed_actions(_entry("已计算"), "wang", everyone) == {"recompute", "print", "approve", "send_back"}
    assert allowed_actions(_entry("已计算"), "li", everyone) == {"recompute", "print", "send_back"}  # four eyes
    assert allowed_actions(_entry("已审核"), "zhao", {"财务"}) == {"pay"}
    assert allowed_actions(_entry("已拨付"), "wang", everyone) == set()
    assert allowed_actions(_entry("已计算"), "zhao", set()) == set()


def _setup(staff, status: str, n: int) -> int:
    """A case in ``status`` written by the ledger's owner (the guards do not check the owner)."""
    approved = status in ("已审核", "已拨付")
    with staff.owner.engine.begin() as conn:
        case_id = conn.execute(sa.text(
            "INSERT INTO cases (kind, claim_key, status, return_reason, version, total_fen, created_by, created_at, "
            "approved_by, approved_at, approved_total_fen) VALUES ('guarantee_fee', :key, :status, :reason, 1, 500, "
            "'sdt_li', :at, :by, :ap, :apt) RETURNING id"),
            {"key": f"guarantee_fee|S{n}|2022-07-01|2022-12-28", "status": status, "at": AT,
             "reason": "x" if status == "已退回" else None, "by": "sdt_wang" if approved else None,
             "ap": AT if approved else None, "apt": 500 if approved else None}).scalar_one()
        conn.execute(sa.text("INSERT INTO case_versions (case_id, version, case_json, total_fen, computed_by, "
                             "computed_at, program_version) VALUES (:i, 1, '{}', 500, 'sdt_li', :at, 't')"),
                     {"i": case_id, "at": AT})
        if status == "已拨付":
            conn.execute(sa.text("INSERT INTO payments (case_id, paid_on, amount_fen, doc_no, doc_key, recorded_by, "
                                 "recorded_at) VALUES (:i, CURRENT_DATE, 500, :d, :d, 'sdt_zhao', :at)"),
                         {"i": case_id, "d": f"OLD{n}", "at": AT})
    return case_id


def _sql(step: str, case_id: int, status: str, n: int) -> list[str]:
    me = f"sdt_{ACTOR[step]}"
    if step == "recompute":
        return [f"UPDATE cases SET version = 2, status = '已计算', return_reason = NULL, approved_by = NULL, "
                f"approved_at = NULL, approved_total_fen = NULL WHERE id = {case_id}",
                "INSERT INTO case_versions (case_id, version, case_json, total_fen, computed_by, computed_at, "
                f"program_version) VALUES ({case_id}, 2, '{{}}', 500, '{me}', '{AT}', 't')",
                log(me, "重新计算", case_id)]
    if step == "print":
        change = [] if status == "已打印" else [f"UPDATE cases SET status = '已打印' WHERE id = {case_id}"]
        return [*change, log(me, "打印", case_id)]
    if step == "approve":
        return [f"UPDATE cases SET status = '已审核', approved_by = '{me}', approved_at = '{AT}', "
                f"approved_total_fen = total_fen WHERE id = {case_id}", log(me, "审核通过", case_id)]
    if step == "send_back":
        return [f"UPDATE cases SET status = '已退回', return_reason = 'x', approved_by = NULL, approved_at = NULL, "
                f"approved_total_fen = NULL WHERE id = {case_id}", log(me, "退回", case_id)]
    return [f"UPDATE cases SET status = '已拨付' WHERE id = {case_id}",
            "INSERT INTO payments (case_id, paid_on, amount_fen, doc_no, doc_key, recorded_by, recorded_at) "
            f"VALUES ({case_id}, CURRENT_DATE, 500, 'NEW{n}', 'NEW{n}', '{me}', '{AT}')",
            log(me, "拨付", case_id)]


@requires_pg
def test_the_database_guards_allow_exactly_the_steps_of_the_table():
    for url in pg_database():
        staff = Staff(url)
        try:
            disagree = []
            for n, (step, status) in enumerate((s, t) for s in STEPS for t in STATUSES):
                case_id = _setup(staff, status, n)
                try:
                    raw(staff, ACTOR[step], *_sql(step, case_id, status, n))
                    allowed = True
                except sa.exc.DBAPIError as exc:
                    assert exc.orig.sqlstate in ("42501", "23505"), exc
                    allowed = False
                if allowed != (status in STEPS[step].sources):
                    disagree.append((step, status, allowed))
            assert disagree == []
        finally:
            staff.close()
