"""规则变更影响 streamed: read in chunks by id, computed here or by a pool of processes, the same list either way;
a case the new rules cannot compute is listed with the reason; a cancel stops it."""
import json
from decimal import Decimal


from subsidy_desk.ledger import impact
from subsidy_desk.ledger.office_rules import check
from subsidy_desk.ledger.schema import case_versions, cases

from .conftest import case_data
from .test_office_rules import LOWER


def fill(staff, case_of, n: int) -> list[int]:
    return staff["li"].add_many([(case_of("guarantee_fee", contract_no=f"DB-{i}", amount=f"{100000 + i}.00"), None)
                                 for i in range(n)])


def test_the_cases_are_read_in_chunks_from_where_the_last_ended(staff, case_of):
    ids = fill(staff, case_of, 5)
    staff["li"].add(case_of("guarantee_fee", contract_no="DRAFT"), draft=True)  # no total: nothing to compare
    sizes = [[r.id for r in rows] for rows in impact.chunks(staff["li"].engine, size=2)]
    assert sizes == [ids[:2], ids[2:4], ids[4:]]


def test_a_pool_of_processes_finds_what_this_process_finds(staff, case_of, monkeypatch):
    ids = fill(staff, case_of, 7)
    staff["li"].add(case_of("six_taxes"))  # computed, unchanged by a guarantee rate
    rules = check(LOWER)
    here = staff["wang"].rule_impact(rules, workers=1)
    monkeypatch.setattr(impact, "POOL_FROM", 0)
    monkeypatch.setattr(impact, "CHUNK", 3)
    pooled = staff["wang"].rule_impact(rules, workers=2)
    assert pooled == here and [i.id for i in here] == ids
    assert all(i.new < i.old and i.recomputable for i in here)


def test_a_cancel_stops_the_impact_list(staff, case_of, monkeypatch):
    fill(staff, case_of, 5)
    monkeypatch.setattr(impact, "CHUNK", 2)
    seen = []
    assert staff["wang"].rule_impact(check(LOWER), progress=lambda done, total: seen.append((done, total)) or False,
                                     workers=1) is None
    assert seen == [(2, 5)]


def test_a_case_the_new_rules_cannot_compute_is_listed_with_the_reason(staff, case_of, tmp_path):
    from openpyxl import load_workbook

    from subsidy_desk.ledger.export import write_impact

    data = case_data("guarantee_fee", contract_no="DB-BAD", amount="一百万")  # written by plain SQL, never computed
    with staff.owner.engine.begin() as conn:
        case_id = conn.execute(cases.insert().values(
            kind="guarantee_fee", title="", applicant_name="=HYPERLINK(\"x\")", credit_code="", county="",
            claim_key="guarantee_fee|DB-BAD", status="已计算", version=1, total_fen=100, created_by="li",
            created_at="2022-10-01T00:00:00+00:00").returning(cases.c.id)).scalar_one()
        conn.execute(case_versions.insert().values(
            case_id=case_id, version=1, case_json=json.dumps(data, ensure_ascii=False), total_fen=100,
            computed_by="li", computed_at="2022-10-01T00:00:00+00:00", program_version="psql"))
    [found] = staff["wang"].rule_impact(check(LOWER))
    assert (found.id, found.old, found.new, found.difference, found.recomputable) == (
        case_id, Decimal("1.00"), None, None, False)
    assert found.problem.startswith("inputs.amount: 不是数字")
    write_impact([found], tmp_path / "影响.xlsx")
    ws = load_workbook(tmp_path / "影响.xlsx").active
    assert ws.cell(2, 3).data_type == "s" and ws.cell(2, 3).value.startswith("=HYPERLINK")
    assert ws.cell(2, 9).value.startswith("无法按新规则计算：")
    assert [ws.cell(3, c).value for c in (1, 6, 9)] == ["合计", 0, "1 件无法计算，不计入合计"]


def test_apply_recomputes_from_a_list_already_made(staff, case_of):
    ids = fill(staff, case_of, 3)
    staff["wang"].publish_rules(LOWER, "忻府区财政局〔2022〕7号", "担保费补贴比例")
    listed = staff["li"].rule_impact(staff["li"].rules())
    steps = []
    assert staff["li"].apply_rules(progress=lambda n, total: steps.append((n, total)), impacts=listed) == ids
    assert steps == [(1, 3), (2, 3), (3, 3)]
    assert [staff["li"].current(i).number for i in ids] == [2, 2, 2]
    assert staff["li"].rule_impact(staff["li"].rules()) == []
