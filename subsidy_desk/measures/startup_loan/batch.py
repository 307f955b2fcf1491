"""The loan in a batch list: its import columns' flat forms, the template's example, the results' key inputs."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..measure import Batch, InCell
from .calculator import MAX_REPAYMENTS, MAX_YEARS

BATCH = Batch(
    example={"inputs.borrower_type": "小微企业", "inputs.principal": 3000000, "inputs.contract_date": date(2022, 6, 21),
             "inputs.maturity_date": date(2024, 6, 20), "inputs.contract_rate": 5.2, "inputs.lpr_term": "1年期LPR",
             "inputs.day_count": "实际天数/360（按日计息，年基准 360 天）", "inputs.settlement": "按季结息（每季末月20日）",
             "inputs.repayments": "2023-06-20:1000000; 2024-06-20:2000000",
             "inputs.claim_from": date(2022, 6, 21), "inputs.claim_to": date(2022, 9, 20), "inputs.staff_count": 40,
             "inputs.new_hires": 8, "inputs.bank": "忻州某银行", "inputs.contract_no": "JK-2022-0621"},
    key_inputs=("borrower_type", "principal", "contract_date", "maturity_date", "contract_rate", "bank", "contract_no"),
    flat={"repayments": InCell(
        sep="[:：]", unit="笔", shape="还款日:还款本金", format="日期:金额; 日期:金额", example="2023-03-01:50000",
        help="每笔写“还款日:还款本金”，多笔用分号隔开，如 2023-03-01:50000; 2023-09-01:50000；各笔合计须等于贷款本金",
        most=MAX_REPAYMENTS, too_many=f"还款计划有 {{count}} 笔，最多 {MAX_REPAYMENTS} 笔（{MAX_YEARS} 年内每月一笔），请核对",
        too_long=f"还款计划过长（{{chars:,}} 个字符），最多 {MAX_REPAYMENTS} 笔（{MAX_YEARS} 年内每月一笔），请核对")},
    group_by="bank",
    credit_code_exempt=("borrower_type", ("individual", "graduate"), "借款人类型为“个人”“高校毕业生”时可不填"),
    plausible_percent={"contract_rate": (Decimal("1"), Decimal("30")), "lpr": (Decimal("1"), Decimal("30"))},
)
