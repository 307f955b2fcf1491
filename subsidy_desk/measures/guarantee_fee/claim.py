"""The guarantee's claim key: guarantee contract number + guarantee period."""
from __future__ import annotations

from ..measure import need

LABELS = ("担保合同", "担保期起", "担保期止")


def claim(case, result=None) -> list[str]:
    inputs = case.inputs
    contract = need(inputs.get("contract_no"), "inputs.contract_no", "担保合同编号")
    return [contract, inputs["start_date"].isoformat(), inputs["end_date"].isoformat()]
