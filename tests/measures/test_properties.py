"""Properties that must hold for any input: shares add up, nothing negative, never above the interest or fee."""
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from subsidy_desk.case import FORMAT, compute, parse_case
from subsidy_desk.money import split_by_shares

money = st.decimals(min_value=Decimal("1000"), max_value=Decimal("5000000"), places=2)
rate = st.decimals(min_value=Decimal("0.50"), max_value=Decimal("8.00"), places=2)
day = st.dates(min_value=date(2021, 1, 1), max_value=date(2025, 12, 31))


def _case(kind, inputs):
    return parse_case({"format": FORMAT, "kind": kind, "applicant": {}, "inputs": inputs})


@settings(max_examples=120, deadline=None)
@given(principal=money, lpr=st.decimals(min_value=Decimal("2.50"), max_value=Decimal("4.50"), places=2),
       spread=st.decimals(min_value=Decimal("-1.00"), max_value=Decimal("1.60"), places=2), contract=day,
       months=st.integers(1, 40), borrower=st.sampled_from(["individual", "small_micro", "partnership"]),
       settlement=st.sampled_from(["quarterly", "monthly", "at_maturity"]),
       conv=st.sampled_from(["act360", "month", "act365"]), repay_part=st.decimals(0, 1, places=2),
       claim=st.one_of(st.none(), st.tuples(st.integers(0, 600), st.integers(0, 600))),
       overdue=st.one_of(st.none(), st.integers(1, 900)))
def test_startup_loan_properties(rules, principal, lpr, spread, contract, months, borrower, settlement, conv,
                                 repay_part, claim, overdue):
    """Mostly within the rate cap (LPR + 1.50), so most examples pay a subsidy rather than a trivial zero."""
    contract_rate = lpr + spread
    maturity = contract + timedelta(days=30 * months)
    first = (principal * repay_part).quantize(Decimal("0.01"))
    repayments = [{"date": (contract + timedelta(days=15 * months)).isoformat(), "amount": str(first)},
                  {"date": maturity.isoformat(), "amount": str(principal - first)}] if 0 < first < principal else []
    inputs = {"borrower_type": borrower, "principal": str(principal), "contract_date": contract.isoformat(),
              "maturity_date": maturity.isoformat(), "contract_rate": str(contract_rate), "lpr": str(lpr),
              "settlement": settlement, "day_count": conv, "partners": 3, "repayments": repayments}
    if overdue is not None:
        inputs["overdue_from"] = (contract + timedelta(days=overdue)).isoformat()
    if claim is not None:
        lo, hi = sorted(claim)
        inputs["claim_from"] = (contract + timedelta(days=lo)).isoformat()
        inputs["claim_to"] = (contract + timedelta(days=hi)).isoformat()
    r = compute(_case("startup_loan", inputs), rules)
    assert r.total == sum((row.subsidy for row in r.rows), Decimal("0.00"))
    assert sum(v for _, v in r.shares) == r.total
    if claim is None:
        assert sum(row.days for row in r.rows) == (maturity - contract).days
        # the same loan claimed in two parts at a settlement day is worth exactly the same as claimed whole; a cut
        # inside a settlement period makes that period two rows, each rounded to the fen (积数计息 rounds per row
        # reported), so the two parts may differ from the whole by one fen, never more
        boundary = r.rows[len(r.rows) // 2].from_day if len(r.rows) > 1 else None
        middle = contract + timedelta(days=(maturity - contract).days // 2)
        for cut, slack in ((boundary, Decimal("0.00")), (middle, Decimal("0.01"))):
            if cut is None or not contract < cut:
                continue
            parts = [compute(_case("startup_loan", {**inputs, **window}), rules).total for window in
                     ({"claim_to": (cut - timedelta(days=1)).isoformat()}, {"claim_from": cut.isoformat()})]
            assert abs(sum(parts) - r.total) <= slack, (cut, parts, r.total)
    for row in r.rows:
        assert Decimal(0) <= row.national <= row.subsidy <= row.interest
        assert row.national + row.topup == row.subsidy
        assert row.subsidy + row.borrower == row.interest
        assert row.subsidy.as_tuple().exponent == -2


@settings(max_examples=80, deadline=None)
@given(amount=money, fee_rate=st.decimals(min_value=Decimal("0.05"), max_value=Decimal("2"), places=2),
       start=st.dates(min_value=date(2022, 6, 8), max_value=date(2026, 1, 1)), days=st.integers(1, 1200),
       method=st.sampled_from(["amount_rate", "fee_share", "rate_gap"]), level=st.sampled_from(["city", "county"]),
       industry=st.sampled_from(["general", "catering"]), recipient=st.sampled_from(["agency", "enterprise"]))
def test_guarantee_fee_properties(tmp_path_factory, amount, fee_rate, start, days, method, level, industry,
                                  recipient):
    import json

    from subsidy_desk.rules.load import load_rules

    over = tmp_path_factory.mktemp("o") / "overrides.json"
    over.write_text(json.dumps({"format": "subsidy-desk/overrides@1", "parameters": {
        "guarantee_fee.subsidy_method": [{"from": "2022-06-08", "value": method, "document": "t", "note": "t"}],
        "guarantee_fee.recipient": [{"from": "2022-06-08", "value": recipient, "document": "t", "note": "t"}],
        "guarantee_fee.city_share_county_agency": [{"from": "2022-06-08", "value": "33.3", "document": "t",
                                                    "note": "t"}]}}))
    r = compute(_case("guarantee_fee", {
        "business_type": "small_micro", "industry": industry, "amount": str(amount), "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=days - 1)).isoformat(), "fee_rate": str(fee_rate), "agency_level": level,
    }), load_rules(overrides=over))
    fee = r.rows[0].fee
    assert Decimal(0) <= r.total
    if recipient == "enterprise":  # the fee paid bounds the subsidy only where the enterprise is paid
        assert r.total <= fee
    assert sum(v for _, v in r.shares) == r.total


@settings(max_examples=80, deadline=None)
@given(values=st.lists(st.tuples(st.sampled_from(["resource_tax", "property_tax", "land_use_tax", "stamp_duty",
                                                   "farmland_occupation_tax"]),
                                 st.decimals(0, 100000, places=2), st.decimals(0, 1, places=2)),
                       min_size=1, max_size=5, unique_by=lambda t: t[0]),
       who=st.sampled_from(["small_scale", "small_low_profit", "individual_business", "general"]))
def test_six_taxes_properties(rules, values, who):
    items = [{"item": k, "payable": str(p), "other_relief": str((p * f).quantize(Decimal("0.01")))}
             for k, p, f in values]
    r = compute(_case("six_taxes", {"taxpayer_type": who, "period_start": "2023-01-01", "period_end": "2023-03-31",
                                    "items": items}), rules)
    assert r.total == sum((row.reduction for row in r.rows), Decimal("0.00"))
    for row in r.rows:
        assert Decimal(0) <= row.reduction <= row.base
        assert row.reduction + row.due + row.other_relief == row.payable


@given(total=st.decimals(0, 10**9, places=2),
       shares=st.lists(st.decimals(0, 100, places=2), min_size=1, max_size=6).filter(lambda s: sum(s) > 0))
def test_split_by_shares_adds_up_and_is_fair(total, shares):
    parts = split_by_shares(total, [(str(i), s) for i, s in enumerate(shares)])
    assert sum(v for _, v in parts) == total
    weight = sum(shares)
    for (_, v), s in zip(parts, shares):
        assert v >= 0 and abs(v - total * s / weight) < Decimal("0.01")
