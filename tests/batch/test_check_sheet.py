"""A bank's quarter list checked row by row: the 核对 sheet names the reading behind every difference.

The bank's figures are worked here from plain formulas (never through the program's calculator): 个人 loans under
财金〔2020〕21号, 中央贴息率 = 合同利率 − (LPR − 1.50%), one quarter's subsidy = 本金 × 贴息率 × 天数 ÷ 360.
"""
import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import load_workbook

from subsidy_desk.batch.check_sheet import TITLE
from subsidy_desk.cli import main

from .conftest import credit_code

QUARTERS = [(date(2022, 9, 21), date(2022, 12, 20)), (date(2022, 12, 21), date(2023, 3, 20)),
            (date(2023, 3, 21), date(2023, 6, 20))]
BANKS = ("忻州某农商银行", "忻州某城商银行", "忻州某国有银行")
COUNTIES = ("忻府区", "原平市", "定襄县", "五台县")


def _fen(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _lpr(rules, day: date) -> Decimal:
    return rules.lpr(day).value


def _bank_list(rules):
    """200 loans: 163 claimed as the program computes, 30 by actual/365, 5 with a repayment inside the quarter
    rounded per balance segment (逐笔计息), and 2 claimed for two quarters by period (分期申请), the second quarter
    with the LPR of the contract's month."""
    rng = random.Random(15)
    rows, expected = [], {}
    for n in range(200):
        number = n + 3  # Excel row: header and example above
        kind = "agree" if n < 163 else "act365" if n < 193 else "segment" if n < 198 else "lpr"
        if kind == "lpr":  # signed before August's LPR (3.65%) was published; the bank took August's anyway
            contract = date(2022, 8, rng.randint(1, 19))
        else:
            contract = date(2022, rng.randint(1, 8), rng.randint(1, 19))
        maturity = date(2024, contract.month, contract.day)
        ours = _lpr(rules, contract)
        bank_lpr = _lpr(rules, date(2022, 8, 22)) if kind == "lpr" else ours
        # within the cap LPR + 1.50% whichever LPR is read
        rate = bank_lpr + Decimal(rng.choice(("0.50", "0.75", "1.00", "1.25", "1.50")))
        subsidy_rate = (rate - (bank_lpr - Decimal("1.50"))) / 100
        start, end = rng.choice(QUARTERS)
        days = (end - start).days + 1
        row = {}
        if kind == "lpr":  # from the loan's first day to the end of the next quarter, listed by period
            start, end = contract, date(2022, 12, 20)
            first = (date(2022, 9, 21) - contract).days
            ours_rate = (rate - (ours - Decimal("1.50"))) / 100
            principal = Decimal(rng.randrange(50_000, 200_001, 1_000))
            periods = (_fen(principal * ours_rate * first / 360), _fen(principal * subsidy_rate * 91 / 360))
            row = {"分期申请": f"1:{periods[0]}; 2:{periods[1]}"}
            claim = None
        while kind != "lpr":
            principal = Decimal(rng.randrange(50_000, 200_001, 1_000))
            if kind != "segment":
                claim = _fen(principal * subsidy_rate * days / (365 if kind == "act365" else 360))
                break
            # A part repaid inside the quarter: two balances, rounded each (the bank) or once (the program).
            paid, first = Decimal(rng.randrange(10_000, 40_001, 1_000)), rng.randint(10, days - 10)
            later = principal - paid
            claim = _fen(principal * subsidy_rate * first / 360) + _fen(later * subsidy_rate * (days - first) / 360)
            if claim != _fen((principal * first + later * (days - first)) * subsidy_rate / 360):
                day = date.fromordinal(start.toordinal() + first)
                row = {"还款计划": f"{day.isoformat()}:{paid}; {maturity.isoformat()}:{later}"}
                break
        rows.append({"序号": n + 1, "申请人名称": f"借款人{n + 1:03d}", "统一社会信用代码": credit_code(n + 1),
                     "所属县（市、区）": COUNTIES[n % 4], "借款人类型": "个人", "贷款本金（元）": principal,
                     "合同签订日": contract, "到期日": maturity, **row,
                     "合同年利率（%）": rate, "申请贴息起日": start, "申请贴息止日": end, "经办银行": BANKS[n % 3],
                     "借款合同编号": f"JK-2022-{n + 1:04d}", **({"申请金额（元）": claim} if claim else {})})
        expected[number] = kind
    return rows, expected


def test_a_bank_list_of_200_loans(filled, tmp_path, rules, capsys):
    rows, expected = _bank_list(rules)
    path = filled("startup_loan", rows)
    out = tmp_path / "结果.xlsx"
    assert main(["batch", str(path), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "核对申请金额：一致 163 件，口径不同 37 件，需向申请单位核实 0 件" in err
    ws = load_workbook(out)[TITLE]
    sheet = [list(r) for r in ws.iter_rows(values_only=True)]
    head = sheet.index(next(r for r in sheet if r[0] == "行号"))
    cols = sheet[head]
    body = sheet[head + 1: head + 201]
    at = {name: cols.index(name) for name in ("行号", "核对结论", "申请金额（元）", "核定金额（元）", "差额（元）", "差异原因")}
    assert len(body) == 200 and sheet[head + 201][0] == "合计"
    # The rows that differ come first, then the agreeing ones.
    assert [r[at["核对结论"]] for r in body] == ["口径不同"] * 37 + ["一致"] * 163
    for r in body:
        kind = expected[r[at["行号"]]]
        reason, difference = r[at["差异原因"]], Decimal(str(r[at["差额（元）"]]))
        assert Decimal(str(r[at["申请金额（元）"]])) - Decimal(str(r[at["核定金额（元）"]])) == difference
        if kind == "agree":
            assert difference == 0 and reason is None
        elif kind == "act365":
            assert difference < 0
            assert reason == f"申请金额按实际天数/365计算，与本程序按实际天数/360 相差 {-difference:,.2f} 元"
        elif kind == "segment":
            assert reason == (f"申请金额按逐笔计息（每段余额分别四舍五入）计算，与本程序按积数计息（每个结息期四舍五入一次） "
                              f"相差 {abs(difference):,.2f} 元")
        else:  # one quarter of two claimed with the wrong LPR month: said for that quarter
            assert difference > 0
            assert reason == (f"第2期：申请金额按合同签订当月公布的LPR 3.65%（2022年8月22日公布）计算，与本程序按合同签订日"
                              f"适用的LPR 3.70%（2022年7月20日公布） 相差 {difference:,.2f} 元；合计相差 {difference:,.2f} 元")
    # Totals by bank and by county: claimed against approved, adding up to the list's.
    total = sheet[head + 201]
    claimed, approved = Decimal(str(total[at["申请金额（元）"]])), Decimal(str(total[at["核定金额（元）"]]))
    assert claimed == sum(Decimal(str(r[at["申请金额（元）"]])) for r in body)
    for header in ("经办银行 / 担保机构", "县（市、区）"):
        top = next(i for i, r in enumerate(sheet) if r[2] == header)
        groups = []
        for r in sheet[top + 1:]:
            if r[2] == "合计":
                break
            groups.append(r)
        assert len(groups) == (3 if header.startswith("经办") else 4)
        assert sum(r[3] for r in groups) == 200
        assert sum(Decimal(str(r[6])) for r in groups) == claimed
        assert sum(Decimal(str(r[7])) for r in groups) == approved
        assert sum(r[5] for r in groups) == 37
    # The detail sheet carries the same reason in its 差异原因 column.
    detail = [list(r) for r in load_workbook(out)["明细-创业担保贷款贴息"].iter_rows(values_only=True)]
    reasons = {r[0]: r[detail[0].index("差异原因")] for r in detail[1:-1]}
    assert reasons == {r[at["行号"]]: r[at["差异原因"]] for r in body}


def test_the_banks_periods_in_one_cell(filled):
    from subsidy_desk.batch.importer import read_rows

    from .conftest import LOAN

    good = {**LOAN, "申请贴息起日": "2022-06-21", "申请贴息止日": "2022-09-20", "借款合同编号": "A",
            "分期申请": "1:28366.67:39866.67"}
    bad = {**good, "序号": 2, "借款合同编号": "B", "统一社会信用代码": credit_code(2), "分期申请": "1:28366.67:1:2; 2:x"}
    rows = read_rows(filled("startup_loan", [good, bad])).rows
    assert rows[0].case.claim == {"amount": Decimal("28366.67"), "periods": [
        {"period": 1, "subsidy": Decimal("28366.67"), "interest": Decimal("39866.67")}]}
    assert [(p.column, p.reason) for p in rows[1].problems] == [
        ("分期申请", "第 1 期（'1:28366.67:1:2'）应写作“期次:申请贴息:银行利息（利息可不写）”，如 2:1263.89:2350.83")]
