"""Result rows are typed: each measure's row declares its columns, and what is stored of a row is exactly those."""
import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from subsidy_desk.measures.registry import measures
from subsidy_desk.measures.result import Row, columns, stored_rows


@pytest.mark.parametrize("kind", list(measures()))
def test_a_measures_columns_are_its_row_types_declared_fields(kind, rules, make_case):
    m = measures()[kind]
    inputs, total = m.example
    result = m.compute(make_case(kind, inputs).inputs, {}, rules)
    assert result.total == total and result.rows
    row_type = type(result.rows[0])
    assert issubclass(row_type, Row) and dataclasses.is_dataclass(row_type)
    assert not hasattr(result.rows[0], "__dict__")  # slotted: a row holds its declared fields and nothing else
    assert columns(row_type) == m.columns == result.columns
    for row in result.rows:
        stored = row.to_json()
        assert [c.key for c in m.columns] == [k for k in stored if k in {c.key for c in m.columns}]
        for c in m.columns:
            value = c.of(row)
            assert stored[c.key] == (value.isoformat() if isinstance(value, date) else
                                     str(value) if isinstance(value, Decimal) else value)
    # Read back from the JSON the ledger stores, by the declared columns: the same values.
    back = stored_rows(m.columns, [r.to_json() for r in result.rows])
    assert [[c.of(r) for c in m.columns] for r in back] == [[c.of(r) for c in m.columns] for r in result.rows]


def test_from_and_to_are_columns_of_attributes_named_for_them(rules, make_case):
    kind = "startup_loan"
    m = measures()[kind]
    result = m.compute(make_case(kind, m.example[0]).inputs, {}, rules)
    by_key = {c.key: c for c in m.columns}
    first = result.rows[0]
    assert by_key["from"].of(first) == first.from_day and by_key["to"].of(first) == first.to_day
    assert first.to_json()["from"] == first.from_day.isoformat()
    assert "eligible" not in first.to_json() and "segments" not in first.to_json()  # working fields stay out


@pytest.mark.parametrize("kind", list(measures()))
def test_a_result_sent_to_a_worksheet_process_arrives_whole(kind, rules, make_case):
    import pickle

    m = measures()[kind]
    result = m.compute(make_case(kind, m.example[0]).inputs, {}, rules)
    back = pickle.loads(pickle.dumps(result))
    assert back.to_json() == result.to_json() and back.explanation_text() == result.explanation_text()
