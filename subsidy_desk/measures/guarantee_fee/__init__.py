"""担保费补贴 (measure 3 of 忻政办发〔2022〕36号): the guarantee fee subsidy, as one Measure.

calculator.py holds its fields, checks and computation; claim.py its ledger key; worksheet.py its printed form;
readings.py the other ways a claim may have been computed; batch.py its import columns and results, with
agency.py the guarantee agencies' view of a list.
"""
from decimal import Decimal

from ..measure import Measure
from . import calculator, claim, readings, worksheet
from .batch import BATCH

# The self-test's example: the inputs of docs/cases and the total the policy example gives.
EXAMPLE = ({"business_type": "small_micro", "amount": "1000000.00", "start_date": "2022-07-01",
           "end_date": "2022-12-27", "fee_rate": "0.8", "agency_level": "county"}, Decimal("2465.75"))

MEASURE = Measure.of(calculator, claim, worksheet.WORKSHEET, BATCH, EXAMPLE, readings.READINGS)
