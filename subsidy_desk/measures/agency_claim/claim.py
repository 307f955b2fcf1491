"""The agency's claim key: the agency (its credit code, else its name) + the claim period (as entered, or the span
of its list when none was entered)."""
from __future__ import annotations

from ...fields import FieldError, InputError
from ..measure import need
from .calculator import claim_span

LABELS = ("担保机构", "申请期间起", "申请期间止")


def claim(case, result=None) -> list[str]:
    inputs = case.inputs
    agency = case.applicant.get("credit_code") or need(inputs.get("agency_name"), "inputs.agency_name", "担保机构名称")
    first, last = claim_span(inputs)
    if first is None or last is None:
        raise InputError([FieldError("inputs.period_from", "登记台账需要申请期间：请填写申请期间起止日或担保业务清单")])
    return [agency, first.isoformat(), last.isoformat()]
