"""An agency's claim in a batch list: one row per agency and period, its guarantees written in one cell.

Most agencies' lists arrive as the guarantee template (one row per guarantee); the results workbook then makes each
agency's claim from them (measures/guarantee_fee/agency.py). This form is for a list of claims.
"""
from __future__ import annotations

from datetime import date

from ..measure import Batch, InCell

BATCH = Batch(
    example={"applicant.name": "定襄县融资担保有限公司", "applicant.credit_code": "91140900MA0GRT8W60",
             "applicant.county": "定襄县", "inputs.agency_name": "定襄县融资担保有限公司",
             "inputs.agency_level": "县级担保机构", "inputs.period_from": date(2023, 1, 1),
             "inputs.period_to": date(2023, 12, 31),
             "inputs.guarantees": "甲公司/中小微企业/一般行业/1000000/2023-01-01/2023-12-31/1.2//DB-1; "
                                  "乙合作社/“三农”/一般行业/3000000/2023-01-01/2023-12-31/0.8//DB-2"},
    key_inputs=("agency_name", "agency_level", "period_from", "period_to"),
    flat={"guarantees": InCell(
        sep="[/／]", unit="笔", shape="被担保企业/业务类型/所属行业/担保金额/担保期限起/担保期限止/担保费率/实收担保费/合同编号",
        format="企业/业务类型/行业/金额/起/止/费率/实收/编号; ……", example="甲公司/中小微企业/一般行业/1000000/2023-01-01/2023-12-31/1.2//DB-1",
        help="每笔担保写“被担保企业/业务类型/所属行业/担保金额/担保期限起/担保期限止/担保费率/实收担保费/合同编号”，"
             "费率和实收担保费填一项（另一项留空），多笔用分号隔开")},
    group_by="agency_name",
)
