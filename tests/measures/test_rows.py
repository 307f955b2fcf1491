"""Result rows are typed: each measure's row declares its columns, and what is stored of a row is exactly those."""
import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

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


def test_a_deferred_list_reads_as_the_list_it_stands_for():
    """Result.rows and Result.steps may be made when first read (result.Deferred): to every reader, and to a
    worksheet process, they are the list itself, made once."""
    import pickle

    from subsidy_desk.measures.result import Deferred

    calls = []

    def make(n):
        calls.append(n)
        return [n, n + 1, n + 2]

    later = Deferred(make, 1)
    assert calls == []  # nothing made until read
    assert later == [1, 2, 3] and len(later) == 3 and later[0] == 1 and later[-1] == 3 and later[1:] == [2, 3]
    assert list(later) == [1, 2, 3] and bool(later) and 2 in later and later.index(3) == 2
    assert calls == [1]  # made once
    back = pickle.loads(pickle.dumps(later))
    assert back == [1, 2, 3] and type(back) is list
    assert not Deferred(list, ())


_places = st.integers(0, 20)


@st.composite
def _rate(draw, below=Decimal(100)):
    """A rate in percent with up to 20 places, as a case may give it (money.MAX_SCALE)."""
    value = Decimal(draw(st.integers(1, 10**22))).scaleb(-draw(_places))
    assume(Decimal(0) < value < below)
    return value


@settings(max_examples=300, deadline=None)
@given(balance=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000000000"), places=2),
       rate=_rate(), subsidy=st.decimals(0, 1, places=6), national=st.decimals(0, 1, places=6),
       cap=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000000"), places=2), days=st.integers(1, 1900),
       conv=st.sampled_from(["act360", "act365"]), refused=st.sampled_from(["", "blocked", "overdue", "term"]))
# 100.00 × 1.8% × 1 day ÷ 360 is half a fen exactly, and so is 73.00 × 2.5% × 1 ÷ 365: rounded up
@example(balance=Decimal("100.00"), rate=Decimal("1.8"), subsidy=Decimal(1), national=Decimal(1), cap=Decimal("100.00"),
         days=1, conv="act360", refused="")
@example(balance=Decimal("73.00"), rate=Decimal("2.5"), subsidy=Decimal(1), national=Decimal(1), cap=Decimal("100.00"),
         days=1, conv="act365", refused="")
def test_a_whole_period_in_whole_fen_is_the_period_in_decimals(balance, rate, subsidy, national, cap, days, conv,
                                                                refused):
    """A settlement period nothing cuts is computed in whole fen from exact integer fractions (calculator._whole);
    the general way (_unit, a 60-digit division) gives the same row to the fen, note and rates included."""
    from subsidy_desk.measures.startup_loan import calculator as calc

    lo = date(2023, 1, 1)
    hi = lo + timedelta(days=days)
    later = hi + timedelta(days=400)
    t = calc._Loan()
    t.cap, t.subsidy_rate, t.national_rate = cap, rate * subsidy, rate * subsidy * national
    t.blocked = "不符合" if refused == "blocked" else ""
    t.term_end = lo if refused == "term" else later
    inputs = {"contract_rate": rate, "overdue_from": lo if refused == "overdue" else None, "maturity_date": later}
    row = calc._whole(inputs, t, conv)
    record = row(1, lo, hi, balance)
    t.records, t.rate = [record], rate
    (made,) = calc._made_rows(t)
    (general,) = calc._unit(1, [(lo, hi, balance)], [lo, hi], (lo, hi), inputs, t, conv)
    assert made.to_json() == general.to_json()
    # A loan nothing cuts (calculator._every): its periods' figures the same, in fen, when none is refused.
    every = calc._every(inputs, t, conv, (lo, hi), (days,), balance)
    assert (every is None) == bool(refused)
    if every is not None:
        assert list(calc.fen_figures(every)) == list(record[5:8]) == list(t.sums)
        assert [str(x) for x in (general.interest, general.subsidy, general.national)] == \
            [str(calc.FEN * x) for x in calc.fen_figures(every)]
    assert (made.eligible, made.subsidy_rate) == (general.eligible, general.subsidy_rate)
    assert [str(x) for x in (made.interest, made.subsidy, made.national, made.topup, made.borrower)] == \
        [str(x) for x in (general.interest, general.subsidy, general.national, general.topup, general.borrower)]


@settings(max_examples=60, deadline=None)
@given(offset=st.integers(0, 1200), months=st.integers(1, 40), thousands=st.integers(1, 6000),
       spread=st.integers(-100, 200), borrower=st.sampled_from(["individual", "graduate", "small_micro"]),
       conv=st.sampled_from(["act360", "act365"]), settlement=st.sampled_from(["quarterly", "monthly", "at_maturity"]))
def test_a_loan_nothing_cuts_is_its_periods_computed_one_by_one(rules, offset, months, thousands, spread, borrower,
                                                                conv, settlement):
    """A loan repaid at maturity and claimed whole (calculator._every, one loop) gives what the same loan gives
    period by period (calculator._whole's rows, as when something cuts it): every figure, row and word."""
    from unittest import mock

    from subsidy_desk.case import FORMAT, parse_case
    from subsidy_desk.measures.daycount import add_months
    from subsidy_desk.measures.startup_loan import calculator as calc

    start = date(2022, 1, 1) + timedelta(days=offset)
    rate = rules.lpr(start, "1y").value + Decimal(spread) / 100
    assume(rate > 0)
    case = parse_case({"format": FORMAT, "kind": "startup_loan", "inputs": {
        "borrower_type": borrower, "principal": f"{thousands * 1000}.00", "contract_date": start.isoformat(),
        "maturity_date": add_months(start, months).isoformat(), "contract_rate": str(rate), "day_count": conv,
        "settlement": settlement}})
    fast = calc.compute(case.inputs, {}, rules)
    with mock.patch.object(calc, "_every", lambda *args: None):
        slow = calc.compute(case.inputs, {}, rules)
    assert fast.to_json() == slow.to_json() and fast.explanation_text() == slow.explanation_text()


@settings(max_examples=300, deadline=None)
@given(balances=st.lists(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000000"), places=3),
                         min_size=2, max_size=4),
       cuts=st.lists(st.integers(1, 120), min_size=4, max_size=4), rate=_rate(),
       subsidy=st.decimals(0, 1, places=6), national=st.decimals(0, 1, places=6),
       cap=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000000"), places=2),
       conv=st.sampled_from(["act360", "act365"]), refused=st.sampled_from(["", "blocked", "overdue", "term"]))
# 100.00 × 1.8% × (1 + 1) days ÷ 360 over two segments is one fen exactly; 100.00 and 50.00 for a day each at 2.4%:
# half a fen, rounded up
@example(balances=[Decimal("100.00"), Decimal("100.00")], cuts=[1, 1, 1, 1], rate=Decimal("1.8"), subsidy=Decimal(1),
         national=Decimal(1), cap=Decimal("100.00"), conv="act360", refused="")
@example(balances=[Decimal("100.00"), Decimal("50.00")], cuts=[1, 1, 1, 1], rate=Decimal("2.4"), subsidy=Decimal(1),
         national=Decimal("0.5"), cap=Decimal("60.00"), conv="act360", refused="")
def test_a_period_its_repayments_cut_in_whole_fen_is_the_period_in_decimals(balances, cuts, rate, subsidy, national,
                                                                            cap, conv, refused):
    """A settlement period cut by repayments into segments of their own balances (积数计息), nothing else cutting
    it, is computed in whole fen (calculator._summed); the general way (_unit, sums of decimals and a 60-digit
    division) gives the same row: figures, note, rates, segments and the words of its explanation."""
    from subsidy_desk.measures.startup_loan import calculator as calc

    lo = date(2023, 1, 1)
    bounds = [lo]
    for days in cuts[:len(balances)]:
        bounds.append(bounds[-1] + timedelta(days=days))
    unit = [(a, b, balance) for a, b, balance in zip(bounds, bounds[1:], balances)]
    hi = bounds[-1]
    later = hi + timedelta(days=400)
    t = calc._Loan()
    t.cap, t.subsidy_rate, t.national_rate = cap, rate * subsidy, rate * subsidy * national
    t.blocked = "不符合" if refused == "blocked" else ""
    t.term_end = lo if refused == "term" else later
    inputs = {"contract_rate": rate, "overdue_from": lo if refused == "overdue" else None, "maturity_date": later,
              "day_count": conv}
    record = calc._summed(inputs, t, conv)(1, lo, hi, unit)
    t.records, t.rate, t.inputs = [record], rate, inputs
    (made,) = calc._made_rows(t)
    (general,) = calc._unit(1, unit, [lo, hi], (lo, hi), inputs, t, conv)
    assert made.to_json() == general.to_json() and made.note == record[8]
    assert [str(x) for x in (made.interest, made.subsidy, made.national, made.topup, made.borrower)] == \
        [str(x) for x in (general.interest, general.subsidy, general.national, general.topup, general.borrower)]
    assert (made.eligible, made.subsidy_rate, made.segments) == (general.eligible, general.subsidy_rate,
                                                                 general.segments)
    assert str(made.span) == str(general.span)


@settings(max_examples=40, deadline=None)
@given(offset=st.integers(0, 1200), months=st.integers(2, 60), day=st.integers(1, 28), thousands=st.integers(1, 3000),
       spread=st.integers(-100, 200), borrower=st.sampled_from(["individual", "graduate", "small_micro"]),
       conv=st.sampled_from(["act360", "act365"]), settlement=st.sampled_from(["quarterly", "monthly"]),
       claim=st.sampled_from([None, 30, 400]), overdue=st.sampled_from([None, 200, 700]))
def test_a_loan_its_repayments_cut_is_its_periods_computed_the_general_way(rules, offset, months, day, thousands,
                                                                         spread, borrower, conv, settlement, claim,
                                                                         overdue):
    """A loan repaid in instalments, each cutting a period (calculator._summed for the periods nothing else cuts),
    gives what the general way (_unit for every period) gives: every figure, row, warning and word."""
    from unittest import mock

    from subsidy_desk.case import FORMAT, parse_case
    from subsidy_desk.measures.daycount import add_months
    from subsidy_desk.measures.startup_loan import calculator as calc

    start = date(2022, 1, 1) + timedelta(days=offset)
    rate = rules.lpr(start, "1y").value + Decimal(spread) / 100
    assume(rate > 0)
    days = [add_months(start.replace(day=day), k) for k in range(1, months + 1)]
    days = sorted({d for d in days if start < d <= add_months(start, 60)})
    assume(days)
    inputs = {"borrower_type": borrower, "principal": f"{thousands * len(days)}.00", "contract_date": start.isoformat(),
              "maturity_date": max(days[-1], add_months(start, 24)).isoformat(), "contract_rate": str(rate),
              "day_count": conv, "settlement": settlement,
              "repayments": [{"date": d.isoformat(), "amount": f"{thousands}.00"} for d in days]}
    if claim:
        inputs["claim_from"] = (start + timedelta(days=claim)).isoformat()
    if overdue:
        inputs["overdue_from"] = (start + timedelta(days=overdue)).isoformat()
    case = parse_case({"format": FORMAT, "kind": "startup_loan", "inputs": inputs})
    fast = calc.compute(case.inputs, {}, rules)
    with mock.patch.object(calc, "_whole", lambda *args: None):
        slow = calc.compute(case.inputs, {}, rules)
    assert fast.to_json() == slow.to_json() and fast.explanation_text() == slow.explanation_text()
    assert fast.warnings == slow.warnings
