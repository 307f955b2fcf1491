"""六税两费减征 (measure 4 of 忻政办发〔2022〕36号): the reduction of six taxes and two fees, as one Measure.

calculator.py holds its fields, checks and computation; claim.py its ledger key; worksheet.py its printed sheet;
batch.py its import columns.
"""
from decimal import Decimal

from ..measure import Measure
from . import calculator, claim, worksheet
from .batch import BATCH

# The self-test's example: the inputs of docs/cases and the total the policy example gives.
EXAMPLE = ({"taxpayer_type": "individual_business", "period_start": "2023-04-01", "period_end": "2023-06-30",
           "items": [{"item": "urban_maintenance_tax", "payable": "225.00"},
                     {"item": "education_surcharge", "payable": "135.00"},
                     {"item": "local_education_surcharge", "payable": "90.00"}]}, Decimal("225.00"))

MEASURE = Measure.of(calculator, claim, worksheet.WORKSHEET, BATCH, EXAMPLE)
