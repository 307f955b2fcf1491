"""The agency's claim key: the agency (its credit code, else its name) + the claim period."""
from __future__ import annotations

from ..measure import need

LABELS = ("担保机构", "申请期间起", "申请期间止")


def claim(case, result=None) -> list[str]:
    inputs = case.inputs
    agency = case.applicant.get("credit_code") or need(inputs.get("agency_name"), "inputs.agency_name", "担保机构名称")
    return [agency, inputs["period_from"].isoformat(), inputs["period_to"].isoformat()]
