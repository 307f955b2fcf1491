"""Claims compared as people mean them: one contract number however it is typed, and the keys refused without it."""
import pytest
from hypothesis import given, strategies as st

from subsidy_desk.fields import InputError
from subsidy_desk.ledger import DuplicateClaim
from subsidy_desk.ledger.claims import normalise

SAME = ["JK-2022-0621", "jk－2022－0621", "JK 2022 0621", " jk\u200b-2022\u20140621 ", "ＪＫ２０２２０６２１", "JK_2022‐0621"]


def test_lookalike_contract_numbers_are_one_number():
    assert {normalise(s) for s in SAME} == {"JK20220621"}
    assert normalise("JK-2022-0622") != normalise("JK-2022-0621")


@given(st.text(max_size=30))
def test_normalising_twice_changes_nothing_and_never_leaves_a_key_separator(text):
    once = normalise(text)
    assert normalise(once) == once and "|" not in once


@pytest.mark.parametrize("lookalike", SAME[1:])
def test_a_lookalike_contract_number_is_the_same_claim(staff, case_of, lookalike):
    first = staff["li"].add(case_of("startup_loan", contract_no="JK-2022-0621"))
    with pytest.raises(DuplicateClaim) as caught:
        staff["chen"].add(case_of("startup_loan", contract_no=lookalike))
    assert caught.value.earlier_id == first


def test_a_lookalike_guarantee_contract_and_credit_code_are_the_same_claim(staff, case_of):
    first = staff["li"].add(case_of("guarantee_fee", contract_no="DB-2022-0701"))
    with pytest.raises(DuplicateClaim):
        staff["li"].add(case_of("guarantee_fee", contract_no="db 2022 0701"))
    tax = case_of("six_taxes")
    staff["li"].add(tax)
    tax.applicant["credit_code"] = tax.applicant["credit_code"].lower()
    with pytest.raises(DuplicateClaim):
        staff["li"].add(tax)
    assert [e.id for e in staff["li"].entries()][0] == first


@pytest.mark.parametrize("kind, field, change", [
    ("startup_loan", "inputs.contract_no", {"contract_no": " \u200b- "}),
    ("guarantee_fee", "inputs.contract_no", {"contract_no": None}),
    ("six_taxes", "applicant.credit_code", {}),
])
def test_a_claim_without_its_number_is_refused_at_registration(staff, case_of, kind, field, change):
    case = case_of(kind, **change)
    if kind == "six_taxes":
        case.applicant["credit_code"] = "  "
    with pytest.raises(InputError) as caught:
        staff["li"].add(case)
    assert caught.value.errors[0].field == field
    assert staff["li"].entries() == []
