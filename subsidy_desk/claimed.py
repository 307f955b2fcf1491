"""What the bank, agency or enterprise asks for: the case's optional ``claim`` section.

A clerk's daily work is checking someone else's figure, so the figure asked for travels with the case — window,
case file, batch row and ledger alike — beside the inputs it is checked against. It is never an input: nothing
here changes what the program computes, only what that figure is compared with.

    "claim": {"amount": "28366.67",
              "periods": [{"period": 1, "subsidy": "28366.67", "interest": "39866.67"}]}

``amount`` is the total asked for (申请金额). ``periods`` is the bank's own list for a loan, one entry per
settlement period of the result (its 期次), with the subsidy claimed and, where the bank states it, the interest it
charged. When both are given they must agree; when only the periods are given the amount is their sum.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from .fields import Field, FieldError, parse_fields
from .i18n import N_
from .money import ZERO

FIELDS = (
    Field("amount", N_("申请金额（元）"), "money", help=N_("银行、担保机构或企业申请的金额；填写后与本程序核定金额逐分核对")),
    Field("periods", N_("分期申请"), "records", sub=(
        Field("period", N_("期次"), "int", required=True, positive=True),
        Field("subsidy", N_("申请贴息（元）"), "money", required=True),
        Field("interest", N_("银行计算利息（元）"), "money"),
    ), help=N_("银行按结息期列出的贴息（和利息），期次与本程序计算明细的期次一致")),
)

# The result columns a claimed period is compared with: a kind has periods when its rows carry all three.
PERIOD_COLUMNS = ("period", "subsidy", "interest")


def has_periods(columns) -> bool:
    """Whether a kind's result is cut into settlement periods a claim can list (the loan)."""
    return set(PERIOD_COLUMNS) <= {c.key for c in columns}


def fields_for(columns) -> tuple[Field, ...]:
    """The claim fields a kind's form and import sheet ask for: the periods only where its result has them."""
    return FIELDS if has_periods(columns) else FIELDS[:1]


def parse_claim(raw: Any, columns, errors: list[FieldError]) -> dict | None:
    """Read the ``claim`` section; None when there is none (or it is empty). Problems go to ``errors``."""
    if raw is None or raw == {}:
        return None
    claim = parse_fields(FIELDS, raw, "claim", errors)
    periods = claim["periods"] or []
    if periods and not has_periods(columns):
        errors.append(FieldError("claim.periods", "该类型不分期，只填写申请金额"))
        return claim
    numbers = [p["period"] for p in periods if p and p.get("period") is not None]
    if len(set(numbers)) != len(numbers):
        errors.append(FieldError("claim.periods", "同一期次出现两次，请合并"))
    if periods and all(p.get("subsidy") is not None for p in periods):
        listed = sum((p["subsidy"] for p in periods), ZERO)
        if claim["amount"] is None:
            claim["amount"] = listed
        elif claim["amount"] != listed:
            errors.append(FieldError("claim.amount", f"申请金额 {claim['amount']} 与分期申请贴息合计 {listed} 不符"))
    if claim["amount"] is None and not periods:
        return None
    claim["periods"] = sorted(periods, key=lambda p: p.get("period") or 0)
    return claim


def period_figures(result) -> dict[int, tuple[Decimal, Decimal]]:
    """(subsidy, interest) of each settlement period of a result, summed over the rows shown for it."""
    out: dict[int, tuple[Decimal, Decimal]] = {}
    if not has_periods(result.columns):
        return out
    by_key = {c.key: c for c in result.columns}
    period, subsidy_of, interest_of = (by_key[k] for k in PERIOD_COLUMNS)
    for row in result.rows:
        number = period.of(row)
        subsidy, interest = out.get(number, (ZERO, ZERO))
        out[number] = (subsidy + subsidy_of.of(row), interest + interest_of.of(row))
    return out
