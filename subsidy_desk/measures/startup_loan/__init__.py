"""创业担保贷款贴息 (measure 2 of 忻政办发〔2022〕36号): the loan's interest subsidy, as one Measure.

calculator.py holds its fields, checks and computation; claim.py its ledger key; worksheet.py its printed form;
readings.py the other ways a claim may have been computed; batch.py its import columns and results.
"""
from dataclasses import replace
from decimal import Decimal

from ...i18n import N_
from ..measure import Measure
from . import calculator, claim, claim_periods, readings, worksheet
from .batch import BATCH

# The self-test's example: the inputs of docs/cases and the total the policy example gives.
EXAMPLE = ({"borrower_type": "small_micro", "principal": "3000000.00", "contract_date": "2022-06-21",
           "maturity_date": "2024-06-20", "contract_rate": "5.20", "settlement": "quarterly",
           "day_count": "act360", "claim_from": "2022-06-21", "claim_to": "2022-09-20"}, Decimal("28366.67"))

# A loan is entered once and claimed quarter by quarter (claim_periods.py).
MEASURE = replace(Measure.of(calculator, claim, worksheet.WORKSHEET, BATCH, EXAMPLE, readings.READINGS),
                  claim_window=("claim_from", "claim_to"), periods=claim_periods.quarters,
                  claim_subject=N_("本笔贷款"))
