"""Reading fields: each given field is read by its own reader, made once per field (fields._reader), and what it
reads — every value and every message, in the same order — is what the field-by-field reading of the form says,
and what the reading before those readers said (``_before``, kept here as it was)."""
from datetime import date
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from subsidy_desk import applicant, claimed
from subsidy_desk.fields import (FIRST_DAY, LAST_DAY, MAX_INT, MAX_MONEY, _ISO_DAY, _PLAIN_NUMBER, Field, FieldError,
                                 _in_order, _join, check_text, parse_date, parse_fields)
from subsidy_desk.measures.registry import measures
from subsidy_desk.money import parse_amount, parse_count, parse_percent

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


def test_a_blank_value_of_an_unknown_key_is_still_named():
    errors = []
    parse_fields(LOAN, {"bogus": "", "borrower_type": "individual"}, "inputs", errors)
    assert errors[0] == FieldError("inputs.bogus", "未知字段（请检查拼写）")


def test_each_case_gets_a_list_of_its_own():
    first, second = parse_fields(LOAN, {}, "inputs", []), parse_fields(LOAN, {}, "inputs", [])
    assert first["repayments"] == [] and first["repayments"] is not second["repayments"]


def test_fields_made_afresh_read_the_same_and_are_not_all_kept():
    from subsidy_desk import fields

    for i in range(5000):
        f = Field("amount", "金额", "money", positive=True)
        assert parse_fields((f,), {"amount": f"{i + 1}.00"}, "x", []) == {"amount": Decimal(f"{i + 1}.00")}
    assert len(fields._readers) <= 4096 and len(fields._specs) <= 4096 and len(fields._by_tuple) <= 64


def test_a_list_of_fields_made_afresh_each_time_reads_the_same():
    for _ in range(100):  # claimed.fields_for slices a new tuple on each call
        assert parse_fields(tuple(claimed.FIELDS[:1]), {"amount": "1.50"}, "claim", []) == {"amount": Decimal("1.50")}


# Every kind's fields, the applicant's, the claim's and a repayment's, with values good and bad of every type.
FIELD_SETS = [*(m.fields for m in measures().values()), applicant.FIELDS, claimed.FIELDS,
              next(f.sub for f in LOAN if f.name == "repayments")]
MORE = ["100000", "100000.5", "100000.001", "0.00", "000012.50", "1000000000000.00",
        "1000000000000.01", "9999999999999.99", "99.99", "100", "4.350", "-0", ".5", "12.",
        "1989-12-31", "2099-12-31", "2022/7/1", "2022年7月1日", "20220701", "2022-W01-1",
        "忻府区", "individual", "month", "segment", "5y", 0, -2, 10**7, 10**20, False,
        Decimal("12.345"), Decimal("5"), "\x07", "x" * 2001, "  名称  ", ["x"], [{}],
        [{"period": 1, "subsidy": "10.00"}], [{"period": "0", "subsidy": "x"}],
        [{"date": "2023-01-01", "amount": "100", "extra": 1}], date(2022, 7, 1)]
ANY = st.one_of(VALUES, st.sampled_from(MORE), st.text(max_size=8), st.integers(),
                st.decimals(allow_nan=False, allow_infinity=False, places=3))


EDGES = [*VALUES.elements, *MORE]


def test_every_field_reads_every_edge_value_as_it_read_before():
    for fields in FIELD_SETS:
        for f in fields:
            for value in EDGES:
                now, before = [], []
                got = parse_fields(fields, {f.name: value}, "inputs", now)
                assert repr(got) == repr(_before(fields, {f.name: value}, "inputs", before)), (f.name, value)
                assert now == before, (f.name, value)


@settings(max_examples=600, deadline=None)
@given(st.data())
def test_every_field_reads_as_it_read_before(data):
    fields = data.draw(st.sampled_from(FIELD_SETS))
    raw = data.draw(st.one_of(
        st.dictionaries(st.sampled_from([f.name for f in fields] + ["unknown"]), ANY, max_size=10),
        st.sampled_from([None, [], "x", 3])))
    now, before = [], []
    assert repr(parse_fields(fields, raw, "inputs", now)) == repr(_before(fields, raw, "inputs", before))
    assert now == before


# The reading as it was before each field had its reader: the yardstick the readers are compared with.
def _before(fields, raw, prefix, errors):
    if not isinstance(raw, dict):
        errors.append(FieldError(prefix or "-", "应为对象（{...}）"))
        return {f.name: f.default for f in fields}
    out, known = {}, {f.name for f in fields}
    for key in raw:
        if key not in known:
            errors.append(FieldError(_join(prefix, key), "未知字段（请检查拼写）"))
    for f in fields:
        value = raw.get(f.name)
        if value is None or value == "" or value == []:
            if f.required:
                errors.append(FieldError(_join(prefix, f.name), "必须填写"))
            out[f.name] = f.default if f.type != "records" else (f.default or [])
            continue
        out[f.name] = _before_one(f, value, prefix, errors)
    return out


def _before_one(f: Field, raw, prefix, errors):
    try:
        if f.type in ("money", "percent"):
            if raw.__class__ is str and _PLAIN_NUMBER.fullmatch(raw):
                value = Decimal(raw)
            else:
                value = parse_amount(raw) if f.type == "money" else parse_percent(raw)
            if value < 0:
                raise ValueError("不能为负数")
            if f.positive and value == 0:
                raise ValueError("必须大于 0")
            if f.type == "percent":
                if value >= 100:
                    raise ValueError(f"{value}% 不合理：请按百分数填写，如 5.20 表示 5.20%")
                return value
            if value > MAX_MONEY:
                raise ValueError("金额过大（超过一万亿元），请检查")
            if value != value.quantize(Decimal("0.01")):
                raise ValueError("金额最多两位小数（到分）")
            return value.quantize(Decimal("0.01"))
        if f.type == "date":
            if raw.__class__ is str and _ISO_DAY.fullmatch(raw):
                try:
                    day = date.fromisoformat(raw)
                except ValueError:
                    day = None
                if day is not None and FIRST_DAY <= day <= LAST_DAY:
                    return day
            return parse_date(raw)
        if f.type == "int":
            if not isinstance(raw, (int, str)):
                raise ValueError(f"应为整数（{str(raw)[:40]}）")
            value = parse_count(raw)
            if value < 0:
                raise ValueError("不能为负数")
            if value > MAX_INT:
                raise ValueError(f"数值 {value} 过大，请检查")
            if f.positive and value == 0:
                raise ValueError("必须大于 0")
            return value
        if f.type == "choice":
            if isinstance(raw, str) and raw in f.choices:
                return raw
            by_label = {label: key for key, label in f.choices.items()}
            if isinstance(raw, str) and raw in by_label:
                return by_label[raw]
            raise ValueError(f"应为以下之一：{'、'.join(f'{k}（{v}）' for k, v in f.choices.items())}")
        if f.type == "bool":
            if isinstance(raw, bool):
                return raw
            raise ValueError("应为 true 或 false")
        if f.type == "text":
            return check_text(raw)
        if f.type == "records":
            if not isinstance(raw, list):
                raise ValueError("应为列表")
            return [_before(f.sub, item, f"{_join(prefix, f.name)}[{i + 1}]", errors) for i, item in enumerate(raw)]
    except ValueError as exc:
        errors.append(FieldError(_join(prefix, f.name), str(exc)))
        return None
    raise AssertionError(f.type)


_ITEM_VALUES = st.sampled_from(["2023-01-01", "2023-02-30", "２０２３-01-01", "100", "100.00", "100.001", "0", "-5",
                                "1,000", "abc", "", None, 100, 2.5, [], "2023/3/1"])
_ITEM = st.one_of(st.dictionaries(st.sampled_from(["date", "amount", "unknown"]), _ITEM_VALUES, max_size=3),
                  st.lists(st.sampled_from(["date", "amount"]), min_size=2, max_size=2, unique=True).flatmap(
                      lambda keys: st.tuples(_ITEM_VALUES, _ITEM_VALUES).map(lambda v: dict(zip(keys, v)))),
                  st.sampled_from(["x", 3, None, []]))


@settings(max_examples=400, deadline=None)
@given(items=st.lists(_ITEM, max_size=6), good=st.integers(0, 5))
def test_a_list_whose_columns_are_all_required_reads_as_item_by_item(items, good):
    """还款计划's rows, read straight when each is its two texts (fields._records), are what reading each item by
    its fields gives — values, their order in each row, and the message of the first problem when there is one."""
    repayments = next(f for f in LOAN if f.name == "repayments")
    items = [{"date": f"2023-0{k % 9 + 1}-05", "amount": f"{k + 1}000"} for k in range(good)] + items
    errors: list[FieldError] = []
    got = parse_fields((repayments,), {"repayments": items}, "inputs", errors)
    mine: list[FieldError] = []
    each = [parse_fields(repayments.sub, item, "", mine) for item in items]
    if mine:
        assert errors and errors[0].message == mine[0].message
    else:
        assert not errors and repr(got["repayments"]) == repr(each)
