"""A loan's claim periods: a loan is entered once and its interest subsidy claimed quarter by quarter.

A quarter's claim runs to the quarter's settlement day (the rules' startup_loan.settlement_day of the
startup_loan.quarter_end_months: the 20th of March, June, September and December), from the day after the previous
one, within the loan: from its first interest day to the day before maturity (the maturity day accrues no
interest). The window offers 本季度, 上季度 and the next quarter not yet claimed, and shows what is left to claim.
"""
from __future__ import annotations

from datetime import date, timedelta

from ..periods import Span
from .calculator import settlement_dates


def loan_span(inputs: dict) -> Span:
    """The loan's interest days: from its first interest day to the day before it is repaid, or overdue."""
    first = inputs["start_date"] or inputs["contract_date"]
    end = max([r["date"] for r in inputs.get("repayments") or []] or [inputs["maturity_date"]])
    if inputs.get("overdue_from"):
        end = min(end, inputs["overdue_from"])
    return first, end - timedelta(days=1)


def quarters(inputs: dict, rules) -> list[Span]:
    """The loan's claim quarters, in order, the first and last cut to the loan."""
    first, last = loan_span(inputs)
    if last < first:
        return []
    on = inputs["contract_date"]
    day = int(rules.get("startup_loan.settlement_day", on).value)
    months = tuple(int(m) for m in rules.get("startup_loan.quarter_end_months", on).value)
    spans, lo = [], first
    for settle in settlement_dates("quarterly", first, last + timedelta(days=1), day, months):
        spans.append((lo, settle))
        lo = settle + timedelta(days=1)
    spans.append((lo, last))
    return spans
