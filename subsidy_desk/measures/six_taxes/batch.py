"""The six taxes in a batch list: each tax item as its own columns, the quarters in one cell, the example."""
from __future__ import annotations

from datetime import date

from ..measure import Batch, Grid, InCell

BATCH = Batch(
    example={"applicant.name": "五台县某五金店", "applicant.credit_code": "92140902MA0H3C7N5X",
             "applicant.county": "五台县", "inputs.taxpayer_type": "个体工商户",
             "inputs.period_start": date(2023, 4, 1), "inputs.period_end": date(2023, 6, 30),
             "item.urban_maintenance_tax.payable": 225, "item.education_surcharge.payable": 135,
             "item.local_education_surcharge.payable": 90, "inputs.location": "县城、镇",
             "inputs.slp_restricted_industry": "否"},
    key_inputs=("taxpayer_type", "period_start", "period_end", "vat_paid"),
    flat={
        "items": Grid(parts=(("payable", "应纳（元）", "{label}的应纳税（费）额；填写即表示申报该税（费）目"),
                             ("other_relief", "其他减免（元）", "{label}已享受的其他减免额；不填为 0")),
                      missing="填写了其他减免额，但未填应纳税（费）额", whole="税（费）目各列"),
        "slp_quarters": InCell(
            sep="[/／]", unit="季度", shape="季初人数/季末人数/季初资产/季末资产", format="季初人数/季末人数/季初资产/季末资产; ……",
            help="按汇算清缴判定小型微利企业时填写：每个季度写“季初人数/季末人数/季初资产/季末资产”，"
                 "季度之间用分号隔开，如 20/22/3000000/3200000; 22/25/3200000/3500000"),
    },
)
