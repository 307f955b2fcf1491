"""The readings a bank may have used for a loan's interest and subsidy, other than the program's own.

Each is data for readings.py (see measures/reading.py): the day count, one rounding per settlement period or per
balance segment, the LPR of another month, the principal above the cap subsidised anyway, the maturity day counted.
"""
from __future__ import annotations

from datetime import date, timedelta

from ...format import fmt_date, fmt_percent
from ...fields import MAX_MONEY
from ..reading import Change, Reading, choice

ROUNDINGS = {"period": "积数计息（每个结息期四舍五入一次）", "segment": "逐笔计息（每段余额分别四舍五入）"}
DAY_COUNTS = {"act360": "实际天数/360", "act365": "实际天数/365", "month": "整年整月加零头天数（日利率 = 年利率 ÷ 360）"}

# Setting every limit out of reach is how "the whole principal was subsidised" is read through the normal compute.
CAP_KEYS = ("startup_loan.max_principal_individual", "startup_loan.max_principal_graduate",
            "startup_loan.max_principal_small_micro",
            "startup_loan.partnership_per_partner", "startup_loan.max_principal_partnership_total")


def _lpr_used(inputs, rules) -> tuple:
    """The LPR the program used and how it says so: the contract's, or the table's on the contract date."""
    if inputs["lpr"] is not None:
        return inputs["lpr"], f"合同约定的LPR {fmt_percent(inputs['lpr'])}"
    table = rules.lpr(inputs["contract_date"], inputs["lpr_term"])
    return table.value, f"合同签订日适用的LPR {fmt_percent(table.value)}（{fmt_date(table.start)}公布）"


def _published_in(rules, day: date) -> date | None:
    """The day the LPR was published in ``day``'s month, if the table has that month."""
    return next((r.published for r in rules.lpr_table.rows
                 if (r.published.year, r.published.month) == (day.year, day.month)), None)


def _lpr_reading(key: str, words: str, pick) -> Reading:
    """The LPR read as of another day: ``pick(inputs, rules)`` gives that day, or None."""

    def vary(inputs, applicant, rules, result):
        day = pick(inputs, rules)
        found = rules.find_lpr(day, inputs["lpr_term"]) if day else None
        ours, our_words = _lpr_used(inputs, rules)
        if found is None or found.value == ours:
            return None
        return Change(f"{words} {fmt_percent(found.value)}（{fmt_date(found.start)}公布）", our_words,
                      inputs={"lpr": found.value})

    return Reading(key, "lpr", words, vary)


def _whole_principal(inputs, applicant, rules, result):
    if not any(w.code == "amount_cap" for w in result.warnings):
        return None
    return Change("全部本金（含超过额度上限的部分）", "额度上限以内的本金",
                  rules={key: MAX_MONEY for key in CAP_KEYS})


def _maturity_day(inputs, applicant, rules, result):
    maturity = inputs["maturity_date"]
    later = maturity + timedelta(days=1)
    changed = {"maturity_date": later}
    if inputs["repayments"]:
        changed["repayments"] = [{**r, "date": later if r["date"] == maturity else r["date"]}
                                 for r in inputs["repayments"]]
    if inputs["claim_to"] == maturity - timedelta(days=1):
        changed["claim_to"] = maturity
    return Change("到期日当日也计息（算头又算尾）", "到期日当日不计息（算头不算尾）", inputs=changed)


READINGS = (
    *(choice(f"day_count.{k}", "day_count", "day_count", k, DAY_COUNTS) for k in DAY_COUNTS),
    # Rounding differs only where a repayment splits a settlement period.
    *(choice(f"rounding.{k}", "rounding", "rounding", k, ROUNDINGS, when=lambda inputs: bool(inputs["repayments"]))
      for k in ROUNDINGS),
    _lpr_reading("lpr.contract_month", "合同签订当月公布的LPR",
                 lambda inputs, rules: _published_in(rules, inputs["contract_date"])),
    _lpr_reading("lpr.disbursement", "放款日适用的LPR",
                 lambda inputs, rules: inputs["start_date"] or inputs["contract_date"]),
    _lpr_reading("lpr.disbursement_month", "放款当月公布的LPR",
                 lambda inputs, rules: _published_in(rules, inputs["start_date"] or inputs["contract_date"])),
    Reading("cap.whole_principal", "cap", "超过额度上限的本金也贴息", _whole_principal),
    Reading("maturity.counted", "maturity", "到期日当日也计息", _maturity_day),
)
