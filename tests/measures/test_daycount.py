"""Day counts: a month later is the same day, or the month's last when it has no such day."""
import calendar
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from subsidy_desk.measures.daycount import add_months


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2094, 12, 31)), st.integers(0, 60))
def test_add_months_is_the_same_day_or_the_months_last(day, months):
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == min(day.day, calendar.monthrange(later.year, later.month)[1])


def test_add_months_clamps_to_the_end_of_february():
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2022, 8, 29), 6) == date(2023, 2, 28)
    assert add_months(date(2022, 6, 21), 24) == date(2024, 6, 21)
