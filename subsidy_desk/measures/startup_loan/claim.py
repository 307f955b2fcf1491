"""The loan's claim key: credit code (or, for a person without one, the name) + loan contract number + interest
period (the claim window if given, else the first and last computed period dates)."""
from __future__ import annotations

from ...fields import FieldError, InputError
from ..measure import need

LABELS = ("借款人", "借款合同", "贴息期起", "贴息期止")


def claim(case, result=None) -> list[str]:
    inputs = case.inputs
    who = case.applicant.get("credit_code") or need(case.applicant.get("name"), "applicant.name",
                                                    "申请人名称或统一社会信用代码")
    contract = need(inputs.get("contract_no"), "inputs.contract_no", "借款合同编号")
    first, last = inputs.get("claim_from"), inputs.get("claim_to")
    if (first is None or last is None) and result is not None and result.rows:
        first = first or result.rows[0].from_day
        last = last or result.rows[-1].to_day
    if first is None or last is None:
        raise InputError([FieldError("inputs.claim_from", "登记台账需要贴息期间：请填写申请贴息起止日，或先计算")])
    return [who, contract, first.isoformat(), last.isoformat()]
