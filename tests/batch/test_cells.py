"""How messy cells are read, and that each messy reading is said out loud."""
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidy_desk.batch import cells
from subsidy_desk.measures.registry import measure

# Where each measure says its rates plainly live.
LOAN_RATE = measure("startup_loan").batch.plausible_percent["contract_rate"]
FEE_RATE = measure("guarantee_fee").batch.plausible_percent["fee_rate"]


def read_in_cell(kind, name, value):
    """A records field written in one cell, read by the flat form its measure declares."""
    m = measure(kind)
    return cells.read_in_cell(value, next(f for f in m.fields if f.name == name).sub, m.batch.flat[name])

# (reader, cell value, number format, expected value, words the note must contain or None for no note)
TABLE = [
    (cells.read_money, 1000000, "General", "1000000", None),
    (cells.read_money, 1234.5, "#,##0.00", "1234.5", None),
    (cells.read_money, "1,000,000.00", "General", "1000000", "金额按文本 '1,000,000.00' 读取"),
    (cells.read_money, "￥50,000元", "General", "50000", "金额按文本"),
    (cells.read_money, " 88 ", "@", "88", "金额按文本"),
    (cells.read_date, datetime(2022, 6, 21), "yyyy-mm-dd", "2022-06-21", None),
    (cells.read_date, date(2022, 6, 21), "yyyy-mm-dd", "2022-06-21", None),
    (cells.read_date, "2022-06-21", "General", "2022-06-21", "日期按文本 '2022-06-21' 读取为 2022年6月21日"),
    (cells.read_date, "2022/6/21", "General", "2022-06-21", "日期按文本 '2022/6/21' 读取为 2022年6月21日"),
    (cells.read_date, "2022年6月21日", "General", "2022-06-21", "2022年6月21日"),
    (cells.read_date, "2022.6.21", "General", "2022-06-21", "日期按文本"),
    (cells.read_date, "20220621", "General", "2022-06-21", "日期按文本"),
    (cells.read_date, 44733, "General", "2022-06-21", "Excel 日期序号 44733"),
    (cells.read_percent, 5.2, "General", "5.2", None),
    (cells.read_percent, "5.2%", "General", "5.2", "利率按文本 '5.2%' 读取为 5.20%"),
    (cells.read_percent, "5.2", "@", "5.2", "利率按文本"),
    (cells.read_percent, 0.052, "0.00%", "5.2", "百分比格式"),
    (cells.read_percent, 0.052, "General", "5.2", "按小数 0.052 读取为 5.20%"),
    (cells.read_int, 12.0, "General", 12, None),
    (cells.read_int, "12", "@", 12, None),
]


@pytest.mark.parametrize("reader, value, fmt, expected, note", TABLE)
def test_messy_cells(reader, value, fmt, expected, note):
    if reader is cells.read_percent:
        got, said = reader(value, fmt, LOAN_RATE)
    else:
        got, said = reader(value, fmt)
    assert got == expected
    if note is None:
        assert said is None
    else:
        assert note in said


def test_fee_rate_below_one_percent_is_taken_as_typed():
    """0.8 as a guarantee fee rate is 0.8% (the usual case), not 80%: only the loan rate ranges rescale."""
    assert cells.read_percent(0.8, "General", FEE_RATE) == ("0.8", None)
    assert cells.read_percent(0.008, "General", FEE_RATE)[0] == "0.8"


@pytest.mark.parametrize("reader, value, words", [
    (cells.read_date, "2022-02-30", "2月没有30日"),
    (cells.read_date, "2022-13-01", "没有13月"),
    (cells.read_date, "21/6/2022", "应写作"),
    (cells.read_date, "明天", "不是日期"),
    (cells.read_money, "三十万", "金额不是数字"),
    (cells.read_money, 0.1 + 0.2, "超过两位小数"),
    (cells.read_money, True, "不是金额"),
    (cells.read_percent, "约5%", "不是利率"),
    (cells.read_int, "12.5", "应为整数"),
])
def test_bad_cells_say_why(reader, value, words):
    with pytest.raises(ValueError, match=words):
        reader(value)


def test_choice_bool_and_records():
    assert cells.read_choice(" 个人 ", {"individual": "个人"}) == ("individual", None)
    with pytest.raises(ValueError, match="下拉列表"):
        cells.read_choice("公司", {"individual": "个人"})
    assert cells.read_bool("是") == (True, None) and cells.read_bool(0) == (False, None)
    plan, _ = read_in_cell("startup_loan", "repayments", "2023-03-01:50000;\n2023/9/1：50,000")
    assert plan == [{"date": "2023-03-01", "amount": "50000"}, {"date": "2023-09-01", "amount": "50000"}]
    with pytest.raises(ValueError, match="第 2 笔"):
        read_in_cell("startup_loan", "repayments", "2023-03-01:50000; 2023-09-01 50000")
    with pytest.raises(ValueError, match="第 1 季度"):
        read_in_cell("six_taxes", "slp_quarters", "20/22/300")

amounts = st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False, allow_infinity=False)


@given(amounts)
def test_any_amount_survives_thousands_separators(amount):
    got, note = cells.read_money(f"{amount:,.2f}")
    assert Decimal(got) == amount and note


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_any_date_in_every_spelling(day):
    spellings = [day, datetime(day.year, day.month, day.day), day.isoformat(), f"{day.year}/{day.month}/{day.day}",
                 f"{day.year}年{day.month}月{day.day}日", day.strftime("%Y%m%d")]
    assert {cells.read_date(s)[0] for s in spellings} == {day.isoformat()}


@given(st.decimals(min_value=1, max_value=30, places=2))
def test_loan_rate_as_percent_or_as_fraction(rate):
    assert Decimal(cells.read_percent(str(rate), "General", LOAN_RATE)[0]) == rate
    assert Decimal(cells.read_percent(f"{rate}%", "General", LOAN_RATE)[0]) == rate
    assert Decimal(cells.read_percent(float(rate / 100), "General", LOAN_RATE)[0]) == rate


# -- amounts as clerks write them (issue 9, point 6); numbers bounded before any arithmetic (issue 14) -----------
@pytest.mark.parametrize("value,amount", [("20万", "200000"), ("300万元", "3000000"), ("30.5万", "305000"),
                                          ("３００万", "3000000"), ("¥1,000,000.00", "1000000")])
def test_money_cells_in_wan(value, amount):
    reading, note = cells.read_money(value)
    assert reading == amount
    assert ("1万 = 10000 元" in note) == ("万" in value)


@pytest.mark.parametrize("reader,value,words", [
    (cells.read_money, "1e999", "数值过大"), (cells.read_money, 1e300, "数值过大"), (cells.read_money, float("inf"), "不是有效数字"),
    (cells.read_money, "1__0", "金额不是数字"), (cells.read_money, "٣٠٠", "不是 0–9 的数字"),
    (cells.read_percent, "1e-999999999", "不是利率"), (cells.read_percent, 1e-300, "小数位数过多"),
    (cells.read_int, "1__0", "应为整数"), (cells.read_int, "٤٠", "不是 0–9 的数字"), (cells.read_int, "²", "应为整数"),
    (cells.read_int, 1e300, "应为整数"), (cells.read_date, float("inf"), "不是日期"), (cells.read_date, float("nan"), "不是日期"),
])
def test_hostile_cells_are_refused_in_words(reader, value, words):
    with pytest.raises(ValueError, match=words):
        reader(value)


def test_a_yes_no_cell_holding_a_huge_number_is_refused_in_words():
    assert cells.read_bool(1.0) == (True, None)
    with pytest.raises(ValueError, match="应为“是”或“否”"):
        cells.read_bool(10 ** 400)


# -- a list cell read fast, and bounded before it is read (issue 13, target 5) ---------------------------------------
def _either(reader, piece):
    try:
        return reader(piece)
    except ValueError as exc:
        return f"refused: {exc}"


pieces = st.one_of(st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
                   st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
                   st.from_regex(r"[0-9]{1,17}(\.[0-9]{0,3})?", fullmatch=True),
                   st.decimals(min_value=0, max_value=10**16, allow_nan=False, allow_infinity=False).map(str),
                   st.text(alphabet="0123456789-.,万元 ٣", max_size=20))


@given(pieces)
def test_a_list_cells_pieces_read_straight_as_the_full_readers_read_them(piece):
    """The straight path for 2023-03-01 and 50000 gives what read_date and read_money give, or their refusal."""
    assert _either(cells._date_piece, piece) == _either(lambda p: cells.read_date(p)[0], piece)
    assert _either(cells._money_piece, piece) == _either(lambda p: cells.read_money(p)[0], piece)


def test_a_list_cell_beyond_the_measures_bound_is_refused_before_it_is_read():
    """60 repayments are read; 61 are counted and refused in the calculator's words without reading one of them,
    even when one is written wrong; a cell too long for 60 is refused by its length."""
    days = [f"{2022 + (7 + i) // 12}-{(7 + i) % 12 + 1:02d}-05" for i in range(61)]
    plan, _ = read_in_cell("startup_loan", "repayments", "; ".join(f"{d}:1000" for d in days[:60]))
    assert len(plan) == 60
    with pytest.raises(ValueError, match=r"^还款计划有 61 笔，最多 60 笔（5 年内每月一笔），请核对$"):
        read_in_cell("startup_loan", "repayments", "；".join(f"{d}:1000" for d in days[:60]) + ";\n2099-99-99:x")
    with pytest.raises(ValueError, match=r"^还款计划过长（6,001 个字符）"):
        read_in_cell("startup_loan", "repayments", "2023-03-01:" + "1" * 5990)
    with pytest.raises(ValueError, match="第 1 笔"):  # a long cell of few items within the bound is read as before
        read_in_cell("startup_loan", "repayments", "2023-03-01:" + "1" * 5000)


def _read_item_by_item(value, sub, flat):
    """The list cell reader before it read 2023-03-01:50000 straight: every piece through read_date/read_money."""
    readers = {"date": cells.read_date, "money": cells.read_money}
    out = []
    for i, part in enumerate(cells._parts(str(value)), start=1):
        pieces = [p.strip() for p in __import__("re").split(flat.sep, part)]
        if len(pieces) != 2:
            raise ValueError(f"第 {i} {flat.unit}（'{part}'）应写作“{flat.shape}”" + (f"，如 {flat.example}" if flat.example else ""))
        try:
            out.append({f.name: readers[f.type](piece)[0] for f, piece in zip(sub, pieces)})
        except ValueError as exc:
            raise ValueError(f"第 {i} {flat.unit}（'{part}'）：{exc}") from None
    return out


items = st.tuples(st.one_of(st.from_regex(r"20[0-9]{2}-[01][0-9]-[0-3][0-9]", fullmatch=True),
                            st.sampled_from(["2023/3/1", "2023年3月1日", "2023-3-1", "20230301"])),
                  st.sampled_from([":", "：", " : ", ":  ", " ：", "::"]),
                  st.one_of(st.from_regex(r"[0-9]{1,16}(\.[0-9]{0,3})?", fullmatch=True),
                            st.sampled_from(["1,000", "5万", "-1", "１０００"])))


@given(st.lists(items, min_size=1, max_size=8), st.sampled_from(["; ", "；", "\n", ";"]))
def test_a_repayment_list_read_straight_is_read_as_item_by_item(parts, between):
    m = measure("startup_loan")
    sub, flat = next(f for f in m.fields if f.name == "repayments").sub, m.batch.flat["repayments"]
    text = between.join(f"{day}{sep}{amount}" for day, sep, amount in parts)
    assert _either(lambda t: cells.read_in_cell(t, sub, flat)[0], text) == _either(
        lambda t: _read_item_by_item(t, sub, flat), text)
