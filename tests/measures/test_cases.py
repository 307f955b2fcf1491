"""The clerk-readable cases in tests/data: each computed, each expected figure checked to the fen."""
import json
from decimal import Decimal

import pytest

from subsidy_desk.case import compute

from ..conftest import ROOT


def _cases(kind):
    data = json.loads((ROOT / "tests" / "data" / f"{kind}.json").read_text(encoding="utf-8"))
    return [pytest.param(kind, c, id=c["name"][:40]) for c in data["cases"]]


@pytest.mark.parametrize("kind,case", _cases("startup_loan") + _cases("guarantee_fee") + _cases("agency_claim")
                         + _cases("six_taxes"))
def test_case(kind, case, rules, rules_with, make_case):
    """A case may say how the county set some values ("本县规定"): then it is computed under those."""
    county = rules_with(case["本县规定"]) if "本县规定" in case else rules
    result = compute(make_case(kind, case["inputs"], case.get("applicant")), county)
    expected = case["expected"]
    figures = {f.key: f.value for f in result.figures}
    for key, value in expected.items():
        if key == "total":
            assert result.total == Decimal(value)
            assert str(result.total) == value  # two places, as printed
        elif key == "warnings":
            pass  # compared below, whole
        elif key == "periods":
            assert len({r.period for r in result.rows}) == value
        elif key == "days":
            assert sum(r.days for r in result.rows) == value
        elif key == "average_rate":  # the agency's 平均担保费率, in percent
            from subsidy_desk.measures.agency_claim.calculator import average_rate

            assert average_rate(result) == Decimal(value)
            assert f"平均担保费率 {Decimal(value).quantize(Decimal('0.01'))}%" in result.explanation_text()
        elif key == "rows":
            assert len(result.rows) == value
        elif key.startswith("period_"):
            rows = [r for r in result.rows if r.period == int(key[len("period_"):])]
            for figure, amount in value.items():
                assert sum((getattr(r, figure) for r in rows), Decimal("0.00")) == Decimal(amount), (key, figure)
        elif key == "subsidy_rate":
            assert {r.subsidy_rate for r in result.rows} == {Decimal(value)}
        elif key == "reductions":
            assert {r.item: str(r.reduction) for r in result.rows} == value
        else:
            assert figures[key] == Decimal(value), key
    # Every warning the case gives, no more and no fewer: a case that lists none must give none.
    assert sorted(w.code for w in result.warnings) == sorted(expected.get("warnings", []))
    money = [c for c in result.columns if c.kind == "money" and c.key in ("subsidy", "reduction")]
    assert result.total == sum((money[0].of(r) for r in result.rows), Decimal("0.00"))
    if result.total == 0:
        assert any(w.blocking for w in result.warnings) or not result.rows
