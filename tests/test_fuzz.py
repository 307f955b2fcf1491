"""Fuzzing the two doors input comes in by: the case reader (file text → case → result) and a batch list's cells.

Any exception other than the program's own refusal (InputError for a case, ValueError with a Chinese message for
a cell) fails the test. The number of examples bounds the time (a few seconds each), so CI runs them every time.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from subsidy_desk.batch import cells
from subsidy_desk.case import compute, parse_case, read_case
from subsidy_desk.fields import InputError
from subsidy_desk.measures.registry import measure

from .conftest import ROOT

KINDS = ("startup_loan", "guarantee_fee", "six_taxes")
EXAMPLES = {k: json.loads((ROOT / "docs" / "cases" / f"{k}.json").read_text(encoding="utf-8")) for k in KINDS}
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])

# Texts a clerk, a careless paste or an attacker might put where a number, a date or a name goes.
NASTY = st.sampled_from([
    "1e-999999999", "1e999", "-1e999", "NaN", "Infinity", "1__0", "1_000", "٣٠٠", "３００万", "300万", "30.5万元", "万",
    "9" * 5000, "0." + "0" * 60 + "1", "2022-W25-2", "20220621", "2022-02-30", "9999-12-31", "0000-01-01",
    "=cmd|' /C calc'!A0", "\x01", "\ud800", "", " ", "-0", "+5", "5.2%", "１２", "²", "1,00,0", "¥", "1e5",
])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30), NASTY)
JSONISH = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                       max_leaves=12)


@st.composite
def mutated_cases(draw):
    """A documented example case with some of its values (or keys) replaced by anything at all."""
    kind = draw(st.sampled_from(KINDS))
    data = json.loads(json.dumps(EXAMPLES[kind]))
    for _ in range(draw(st.integers(1, 4))):
        section = draw(st.sampled_from(["inputs", "applicant", "top"]))
        target = data if section == "top" else data.setdefault(section, {})
        if not isinstance(target, dict):
            break
        keys = sorted(target) or ["x"]
        key = draw(st.one_of(st.sampled_from(keys), st.text(max_size=8)))
        target[key] = draw(JSONISH)
    return data


def _read_and_compute(data, rules) -> None:
    try:
        case = parse_case(data)
    except InputError:
        return
    try:
        compute(case, rules)
    except InputError:
        pass


@FUZZ
@given(mutated_cases())
def test_the_case_reader_refuses_or_computes(rules, data):
    _read_and_compute(data, rules)


@FUZZ
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
                 mutated_cases().map(lambda d: json.dumps(d, ensure_ascii=False)),
                 mutated_cases().map(lambda d: json.dumps(d)[:-1]),
                 st.integers(1, 3000).map(lambda n: "[" * n + "]" * n)))
def test_a_case_file_of_any_text_is_refused_in_words_or_read(tmp_path_factory, rules, text):
    path = tmp_path_factory.mktemp("fuzz") / "case.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        case = read_case(path)
    except InputError as exc:
        assert all(e.message for e in exc.errors)
        return
    try:
        compute(case, rules)
    except InputError:
        pass


CELL = st.one_of(SCALARS, st.decimals(allow_nan=True, allow_infinity=True),
                 st.dates(), st.datetimes(), st.text(alphabet="0123456789.,:;/年月日万元%％-+eE ", max_size=25))


PLAUSIBLE = [None, *(r for k in KINDS for r in measure(k).batch.plausible_percent.values())]
IN_CELL = [(f.sub, m.batch.flat[f.name]) for m in map(measure, KINDS) for f in m.fields
           if hasattr(m.batch.flat.get(f.name), "sep")]  # written in one cell (not a grid of columns)


@FUZZ
@given(CELL, st.sampled_from(["General", "0.00%", "@", "#,##0.00", "yyyy-mm-dd"]), st.sampled_from(PLAUSIBLE))
def test_a_batch_cell_is_read_or_refused_in_words(value, number_format, plausible):
    readers = [lambda: cells.read_money(value, number_format), lambda: cells.read_date(value, number_format),
               lambda: cells.read_percent(value, number_format, plausible), lambda: cells.read_int(value, number_format),
               lambda: cells.read_bool(value), lambda: cells.read_text(value),
               lambda: cells.read_choice(value, {"a": "是"}),
               *(lambda sub=sub, flat=flat: cells.read_in_cell(value, sub, flat) for sub, flat in IN_CELL)]
    assert len(IN_CELL) >= 2  # the repayment plan and the quarters, at least
    for read in readers:
        try:
            read()
        except ValueError as exc:
            assert str(exc)  # a refusal always says why


def test_the_fuzzers_reach_both_outcomes(rules):
    """The strategies are not all refusals: an untouched example reads and computes, a nasty one is refused."""
    for kind in KINDS:
        compute(parse_case(EXAMPLES[kind]), rules)
    bad = json.loads(json.dumps(EXAMPLES["startup_loan"]))
    bad["inputs"]["principal"] = "1e999"
    try:
        parse_case(bad)
    except InputError as exc:
        assert "inputs.principal" in str(exc)
    else:
        raise AssertionError("1e999 was read")
    assert cells.read_money(Decimal("12.50"))[0] == "12.5" and cells.read_date(date(2022, 6, 21))[0] == "2022-06-21"
    assert cells.read_date(datetime(2022, 6, 21))[0] == "2022-06-21"
