"""Cases the worksheet tests print: the documented examples plus a long loan and a case full of hostile text."""
from pathlib import Path

import pytest

from ..conftest import ROOT

CASES = Path(__file__).resolve().parent / "cases"
KINDS = ("startup_loan", "guarantee_fee", "agency_claim", "six_taxes")
OFFICE = {"name": "忻府区财政局", "clerk": "张三"}


def case_path(name: str) -> Path:
    if name in KINDS:
        return ROOT / "docs" / "cases" / f"{name}.json"
    return CASES / f"{name}.json"


@pytest.fixture
def computed(rules):
    """name -> (case, result) for a documented kind or a case in tests/worksheets/cases."""
    from subsidy_desk.case import compute, read_case

    def get(name: str):
        case = read_case(case_path(name))
        return case, compute(case, rules)

    return get
