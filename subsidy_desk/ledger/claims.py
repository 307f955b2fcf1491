"""The claim key: what makes two ledger entries the same claim, so that the database can refuse the second.

- 创业担保贷款贴息: credit code (or, for a person without one, the name) + loan contract number + interest period
  (the claim window if given, else the first and last computed period dates);
- 担保费补贴: guarantee contract number + guarantee period;
- 六税两费减征: the taxpayer's credit code + tax period.
"""
from __future__ import annotations

from ..case import Case
from ..fields import FieldError, InputError


def _need(value, field: str, label: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise InputError([FieldError(field, f"登记台账需要填写{label}（用于查重，防止同一申请登记两次）")])
    return text


def claim_key(case: Case, result=None) -> str:
    """The key for ``case``; ``result`` gives a loan's period when no claim window was entered."""
    inputs = case.inputs
    if case.kind == "startup_loan":
        who = case.applicant.get("credit_code") or _need(case.applicant.get("name"), "applicant.name",
                                                         "申请人名称或统一社会信用代码")
        contract = _need(inputs.get("contract_no"), "inputs.contract_no", "借款合同编号")
        first, last = inputs.get("claim_from"), inputs.get("claim_to")
        if (first is None or last is None) and result is not None and result.rows:
            first = first or result.rows[0]["from"]
            last = last or result.rows[-1]["to"]
        if first is None or last is None:
            raise InputError([FieldError("inputs.claim_from", "登记台账需要贴息期间：请填写申请贴息起止日，或先计算")])
        return f"startup_loan|{who}|{contract}|{first.isoformat()}|{last.isoformat()}"
    if case.kind == "guarantee_fee":
        contract = _need(inputs.get("contract_no"), "inputs.contract_no", "担保合同编号")
        return f"guarantee_fee|{contract}|{inputs['start_date'].isoformat()}|{inputs['end_date'].isoformat()}"
    if case.kind == "six_taxes":
        code = _need(case.applicant.get("credit_code"), "applicant.credit_code", "纳税人统一社会信用代码")
        return f"six_taxes|{code}|{inputs['period_start'].isoformat()}|{inputs['period_end'].isoformat()}"
    raise InputError([FieldError("kind", f"未知的类型 {case.kind!r}")])
