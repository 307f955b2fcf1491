"""The six taxes' claim key: the taxpayer's credit code + tax period."""
from __future__ import annotations

from ..measure import need

LABELS = ("纳税人", "所属期起", "所属期止")


def claim(case, result=None) -> list[str]:
    inputs = case.inputs
    code = need(case.applicant.get("credit_code"), "applicant.credit_code", "纳税人统一社会信用代码")
    return [code, inputs["period_start"].isoformat(), inputs["period_end"].isoformat()]
