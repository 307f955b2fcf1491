"""The guarantee in a batch list: the template's example, the results' key inputs and the agencies' view."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..measure import Batch
from . import agency

BATCH = Batch(
    example={"applicant.name": "忻州某农业专业合作社", "applicant.credit_code": "91140900MA0GRT8W60",
             "applicant.county": "定襄县", "inputs.business_type": "中小微企业", "inputs.industry": "一般行业",
             "inputs.amount": 1000000, "inputs.start_date": date(2022, 7, 1), "inputs.end_date": date(2022, 12, 27),
             "inputs.fee_rate": 0.8, "inputs.agency_level": "县级担保机构",
             "inputs.agency_name": "定襄县融资担保有限公司", "inputs.contract_no": "DB-2022-0701"},
    key_inputs=("business_type", "amount", "start_date", "end_date", "fee_rate", "fee_charged", "agency_name",
                "contract_no"),
    group_by="agency_name",
    plausible_percent={"fee_rate": (Decimal("0.1"), Decimal("5"))},
    sheets=agency.sheets,
)
