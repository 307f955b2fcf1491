"""The ledger's rules: versions, four eyes, roles, payment, duplicate claims, append-only history."""
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from subsidy_desk.fields import InputError
from subsidy_desk.ledger import DuplicateClaim, Forbidden, LedgerError

from .conftest import Staff, pg_database, requires_pg


def approved(staff, case):
    case_id = staff["li"].add(case)
    staff["wang"].approve(case_id)
    return case_id


def test_a_case_goes_from_entry_to_payment_with_its_history(staff, case_of):
    case_id = staff["li"].add(case_of("startup_loan"))
    entry = staff["li"].get(case_id)
    assert (entry.status, entry.total, entry.created_by) == ("已计算", Decimal("28366.67"), staff.login("li"))
    staff["li"].mark_printed(case_id)
    staff["wang"].approve(case_id)
    staff["zhao"].pay(case_id, date.today(), Decimal("28366.67"), "拨-2022-001")
    entry = staff["zhao"].get(case_id)
    assert (entry.status, entry.approved_by, entry.approved_total) == ("已拨付", staff.login("wang"), entry.total)
    assert (entry.paid_on, entry.paid_amount, entry.doc_no) == (date.today(), Decimal("28366.67"), "拨-2022-001")
    events = staff["li"].history(case_id)
    assert [e.action for e in events] == ["登记", "打印", "审核通过", "拨付"]
    assert [e.user for e in events] == [staff.login(n) for n in ("li", "li", "wang", "zhao")]
    assert events[-1].detail["状态"] == ["已审核", "已拨付"] and events[0].program_version


def test_version_keeps_inputs_result_explanation_and_rule_set(staff, case_of, rules):
    case_id = staff["li"].add(case_of("guarantee_fee"))
    (v,) = staff["li"].versions(case_id)
    assert v.case.inputs["contract_no"] == "DB-2022-0701"
    assert v.result["total"] == str(v.total) and v.explanation.startswith("1. ")
    assert (v.rule_version, v.rule_hash) == (rules.version, rules.hash)


def test_recomputation_is_a_new_version_and_the_old_one_stays(staff, case_of):
    case_id = staff["li"].add(case_of("guarantee_fee"))
    staff["wang"].send_back(case_id, "担保金额与合同不符")
    assert staff["li"].get(case_id).return_reason == "担保金额与合同不符"
    assert staff["li"].recompute(case_id, case_of("guarantee_fee", amount="500000.00")) == 2
    first, second = staff["li"].versions(case_id)
    assert (first.total, second.total) == (Decimal("2465.75"), Decimal("1232.88"))
    entry = staff["li"].get(case_id)
    assert (entry.version, entry.status, entry.total, entry.return_reason) == (2, "已计算", second.total, None)
    assert staff["li"].history(case_id)[-1].detail["版本"] == [1, 2]


def test_a_draft_is_stored_without_a_result(staff, case_of):
    case_id = staff["li"].add(case_of("guarantee_fee"), draft=True)
    assert staff["li"].get(case_id).status == "草稿"
    with pytest.raises(Forbidden, match="草稿"):
        staff["wang"].approve(case_id)


def test_the_same_claim_twice_names_the_earlier_case(staff, case_of):
    first = staff["li"].add(case_of("startup_loan"))
    with pytest.raises(DuplicateClaim, match=f"台账第 {first} 号") as caught:
        staff["chen"].add(case_of("startup_loan", principal="1000000.00"))
    assert caught.value.earlier_id == first
    # another period of the same loan is another claim
    staff["li"].add(case_of("startup_loan", claim_from="2022-09-21", claim_to="2022-12-20"))


@pytest.mark.parametrize("kind, change", [
    ("guarantee_fee", {"amount": "900000.00"}),
    ("six_taxes", {"taxpayer_type": "small_low_profit"}),
    ("agency_claim", {"agency_level": "city"}),  # the agency + period is the claim, whatever its figures
])
def test_duplicates_of_each_kind(staff, case_of, kind, change):
    first = staff["li"].add(case_of(kind))
    with pytest.raises(DuplicateClaim) as caught:
        staff["li"].add(case_of(kind, **change))
    assert caught.value.earlier_id == first


def test_an_agency_claims_each_period_once(staff, case_of):
    first = staff["li"].add(case_of("agency_claim"))
    (entry,) = [e for e in staff["li"].entries() if e.id == first]
    assert entry.claim_key == "agency_claim|91140900MA0GRT8W60|2023-01-01|2023-12-31"
    staff["li"].add(case_of("agency_claim", period_from="2024-01-01", period_to="2024-12-31", guarantees=[
        {"enterprise": "甲公司", "business_type": "small_micro", "amount": "1000000.00",
         "start_date": "2024-01-01", "end_date": "2024-12-31", "fee_rate": "0.8"}]))


def test_a_loan_without_a_claim_window_is_keyed_by_its_computed_periods(staff, case_of):
    staff["li"].add(case_of("startup_loan", claim_from=None, claim_to=None))
    with pytest.raises(DuplicateClaim):
        staff["li"].add(case_of("startup_loan", claim_from=None, claim_to=None))


def test_a_claim_without_its_contract_number_is_refused_naming_the_field(staff, case_of):
    with pytest.raises(InputError) as caught:
        staff["li"].add(case_of("guarantee_fee", contract_no=""))
    assert caught.value.errors[0].field == "inputs.contract_no"


def test_a_batch_is_stored_all_or_none(staff, case_of):
    good = [(case_of("guarantee_fee", contract_no=f"DB-{i}"), None) for i in range(3)]
    earlier = staff["li"].add(case_of("guarantee_fee", contract_no="DB-X"))
    with pytest.raises(DuplicateClaim, match="第 4 条.*整批未登记"):
        staff["li"].add_many([*good, (case_of("guarantee_fee", contract_no="DB-X"), None)])
    with pytest.raises(DuplicateClaim, match="第 2 条与第 1 条"):
        staff["li"].add_many([good[0], good[0]])
    assert [e.id for e in staff["li"].entries()] == [earlier]
    assert staff["li"].add_many(good, progress=lambda done, total: done < 2) == []  # cancelled
    assert len(staff["li"].entries()) == 1
    ids = staff["li"].add_many(good)
    assert len(ids) == 3 and len(staff["li"].entries()) == 4


# --- every forbidden step ----------------------------------------------------------------------------------------

def test_the_clerk_who_entered_a_case_cannot_approve_it_even_as_a_reviewer(staff, case_of):
    case_id = staff["chen"].add(case_of("guarantee_fee"))
    with pytest.raises(Forbidden, match="双人复核"):
        staff["chen"].approve(case_id)
    assert staff["chen"].get(case_id).status == "已计算"


def test_whoever_recomputed_a_case_cannot_approve_it(staff, case_of):
    case_id = staff["li"].add(case_of("guarantee_fee"))
    staff["chen"].recompute(case_id, case_of("guarantee_fee", amount="500000.00"))
    with pytest.raises(Forbidden, match="双人复核"):
        staff["chen"].approve(case_id)


def test_the_database_itself_refuses_an_approval_by_the_entrant(staff, case_of):
    case_id = staff["li"].add(case_of("guarantee_fee"))
    with staff.owner.engine.connect() as conn, pytest.raises(sa.exc.IntegrityError):
        conn.execute(sa.text("UPDATE cases SET status = '已审核', approved_by = created_by WHERE id = :i"),
                     {"i": case_id})
        conn.commit()


@pytest.mark.parametrize("who, step, role", [
    ("li", "approve", "审核"), ("zhao", "approve", "审核"), ("li", "send_back", "审核"),
    ("wang", "add", "经办"), ("zhao", "add", "经办"), ("wang", "mark_printed", "经办"),
])
def test_a_step_outside_ones_role_is_refused(staff, case_of, who, step, role):
    case_id = staff["li"].add(case_of("guarantee_fee", contract_no="R-1"))
    ledger = staff[who]
    calls = {"approve": lambda: ledger.approve(case_id), "send_back": lambda: ledger.send_back(case_id, "不全"),
             "add": lambda: ledger.add(case_of("guarantee_fee", contract_no="R-2")),
             "mark_printed": lambda: ledger.mark_printed(case_id)}
    with pytest.raises(Forbidden, match=f"没有“{role}”角色"):
        calls[step]()
    assert len(ledger.entries()) == 1 and ledger.get(case_id).status == "已计算"


def test_roles_are_granted_by_a_reviewer_and_never_to_oneself(staff):
    with pytest.raises(Forbidden, match="没有“审核”角色，不能授予角色"):
        staff["li"].grant(staff.login("li"), "审核")
    with pytest.raises(Forbidden, match="不能给自己授予角色"):
        staff["wang"].grant(staff.login("wang"), "财务")
    assert staff["li"].roles() == {"经办"} and staff["wang"].roles() == {"审核"}
    staff["chen"].grant("newcomer", "经办")
    assert staff["li"].users()["newcomer"] == {"经办"}
    assert staff["li"].history()[-1].detail == {"用户": "newcomer", "角色": "经办"}


def test_only_finance_records_a_payment(staff, case_of):
    case_id = approved(staff, case_of("guarantee_fee"))
    with pytest.raises(Forbidden, match="财务"):
        staff["wang"].pay(case_id, date.today(), staff["wang"].get(case_id).approved_total, "P-1")


@pytest.mark.parametrize("status", ["已计算", "已打印", "已退回", "草稿"])
def test_only_an_approved_case_can_be_paid(staff, case_of, status):
    case_id = staff["li"].add(case_of("guarantee_fee"), draft=status == "草稿")
    if status == "已打印":
        staff["li"].mark_printed(case_id)
    if status == "已退回":
        staff["wang"].send_back(case_id, "材料不全")
    with pytest.raises(Forbidden, match=f"状态为“{status}”，不能登记拨付"):
        staff["zhao"].pay(case_id, date.today(), Decimal("2465.75"), "P-1")
    assert staff["zhao"].get(case_id).paid_on is None


def test_the_paid_amount_must_equal_the_approved_total(staff, case_of):
    case_id = approved(staff, case_of("guarantee_fee"))
    with pytest.raises(Forbidden, match="与审定金额 2,465.75 元不符"):
        staff["zhao"].pay(case_id, date.today(), Decimal("2465.74"), "P-1")


def test_a_case_is_paid_once_and_a_payment_document_used_once(staff, case_of):
    first = approved(staff, case_of("guarantee_fee"))
    second = approved(staff, case_of("guarantee_fee", contract_no="DB-2"))
    staff["zhao"].pay(first, date.today(), Decimal("2465.75"), "P-1")
    with pytest.raises(Forbidden, match="已拨付"):
        staff["zhao"].pay(first, date.today(), Decimal("2465.75"), "P-2")
    with pytest.raises(Forbidden, match=f"P-1 已用于台账第 {first} 号"):
        staff["zhao"].pay(second, date.today(), Decimal("2465.75"), "P-1")


@pytest.mark.parametrize("status", ["已审核", "已拨付"])
def test_an_approved_or_paid_case_cannot_be_recomputed(staff, case_of, status):
    case_id = approved(staff, case_of("guarantee_fee"))
    if status == "已拨付":
        staff["zhao"].pay(case_id, date.today(), Decimal("2465.75"), "P-1")
        with pytest.raises(Forbidden):
            staff["wang"].send_back(case_id, "再看看")
    with pytest.raises(Forbidden, match=f"状态为“{status}”"):
        staff["li"].recompute(case_id, case_of("guarantee_fee", amount="1.00"))


def test_sending_back_needs_a_reason(staff, case_of):
    case_id = staff["li"].add(case_of("guarantee_fee"))
    with pytest.raises(LedgerError, match="原因"):
        staff["wang"].send_back(case_id, "  ")


@pytest.mark.parametrize("table", ["history", "case_versions"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET program_version = 'x'", "DELETE FROM {t}"])
def test_the_database_refuses_to_change_history_or_a_stored_version(staff, case_of, table, statement):
    staff["li"].add(case_of("guarantee_fee"))
    with staff.owner.engine.connect() as conn:
        with pytest.raises(sa.exc.DatabaseError, match="只能追加"):
            conn.execute(sa.text(statement.format(t=table)))
        conn.rollback()
        assert conn.scalar(sa.text(f"SELECT count(*) FROM {table} WHERE program_version <> 'x'")) >= 1


def test_an_enterprise_record_totals_its_support_across_the_measures(staff, case_of):
    from subsidy_desk.case import parse_case

    from .conftest import case_data

    code = "91140900MA0K5YQ12C"
    loan = approved(staff, case_of("startup_loan"))
    fee = parse_case({**case_data("guarantee_fee"), "applicant": {"name": "忻州某科技有限公司", "credit_code": code}})
    staff["li"].add(fee)
    staff["zhao"].pay(loan, date.today(), Decimal("28366.67"), "P-1")
    record = staff["li"].enterprise(code)
    assert record["合计"] == {"件数": 2, "申报": Decimal("30832.42"), "审定": Decimal("28366.67"),
                            "拨付": Decimal("28366.67")}
    assert record["担保费补贴"]["件数"] == 1 and record["六税两费减征"]["件数"] == 0


@requires_pg
def test_postgresql_user_is_the_login():
    from subsidy_desk.ledger import Ledger

    for url in pg_database():
        staff = Staff(url)
        try:
            assert staff["li"].user == "sdt_li"
            with pytest.raises(LedgerError, match="数据库登录名（sdt_li），不能另指定用户 wang"):
                Ledger(staff.url_for("li"), "wang")
        finally:
            staff.close()
