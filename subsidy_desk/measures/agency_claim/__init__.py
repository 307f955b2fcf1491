"""担保机构保费补贴申请 (measure 3 of 忻政办发〔2022〕36号 as its text reads): a guarantee agency's claim for a period.

calculator.py holds its fields (the agency, the period, its list of guarantees), checks and computation — 年化担保额,
fees, the average fee rate and its cap test, the subsidy per guarantee and in total, the city/county split;
claim.py its ledger key (agency + period); worksheet.py its printed form (the agency's seal, finance's review);
batch.py a list of claims. A batch of guarantee rows becomes such claims in guarantee_fee/agency.py. The agency's
list is entered once and claimed period by period (claim_periods.py), as a loan is claimed quarter by quarter.
"""
from dataclasses import replace
from decimal import Decimal

from ...i18n import N_
from ..measure import Measure
from . import calculator, claim, claim_periods, worksheet
from .batch import BATCH

# The self-test's example: issue 9's check, 1,000,000 at 1.2% and 3,000,000 at 0.8% for one year.
EXAMPLE = ({"agency_name": "定襄县融资担保有限公司", "agency_level": "county", "period_from": "2023-01-01",
            "period_to": "2023-12-31", "guarantees": [
                {"enterprise": "甲公司", "business_type": "small_micro", "amount": "1000000.00",
                 "start_date": "2023-01-01", "end_date": "2023-12-31", "fee_rate": "1.2"},
                {"enterprise": "乙合作社", "business_type": "agriculture", "amount": "3000000.00",
                 "start_date": "2023-01-01", "end_date": "2023-12-31", "fee_rate": "0.8"}]}, Decimal("20000.00"))

MEASURE = replace(Measure.of(calculator, claim, worksheet.WORKSHEET, BATCH, EXAMPLE),
                  claim_window=("period_from", "period_to"), periods=claim_periods.periods,
                  claim_subject=N_("本担保机构"), period_unit=claim_periods.unit)
