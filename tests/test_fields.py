"""Reading fields: the quick reading of a case's given fields says exactly what the field-by-field reading says."""
from hypothesis import given, settings, strategies as st

from subsidy_desk.fields import _in_order, parse_fields
from subsidy_desk.measures.registry import measures

LOAN = measures()["startup_loan"].fields
VALUES = st.sampled_from([None, "", [], "0", "12", "100000.00", "4.35", "3,000", "300万", "１２", "1e3", "-1", "abc",
                          "2022-07-01", "2022-02-30", "２０２２-07-01", "2100-01-01", " 2022-07-01", "small_micro",
                          "小微企业", "quarterly", "act360", "period", 3, 2.5, True, {"x": 1},
                          [{"date": "2023-01-01", "amount": "100"}], [{"date": "x"}], "JK-1"])
NAMES = st.sampled_from([f.name for f in LOAN] + ["unknown", "principle"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(NAMES, VALUES, max_size=12))
def test_quick_reading_is_the_field_by_field_reading(raw):
    quick, slow = [], []
    assert parse_fields(LOAN, raw, "inputs", quick) == _in_order(LOAN, raw, "inputs", slow)
    assert quick == slow


def test_problems_are_named_in_the_forms_order_unknown_keys_first():
    errors = []
    parse_fields(LOAN, {"maturity_date": "x", "unknown": 1, "principal": "-1"}, "inputs", errors)
    assert [e.field for e in errors] == ["inputs.unknown", "inputs.borrower_type", "inputs.principal",
                                         "inputs.contract_date", "inputs.maturity_date", "inputs.contract_rate"]
