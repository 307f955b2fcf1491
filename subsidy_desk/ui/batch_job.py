"""Before a batch goes into the ledger, every row that cannot is named (the batch's work runs as a ``ui.job.Job``)."""
from __future__ import annotations

from ..i18n import _


def ledger_problems(entries, ledger) -> list[str]:
    """Why rows cannot go into the ledger, one line per row with its Excel row number: a claim without the contract
    number or credit code that identifies it, or a claim the ledger already holds (naming its ledger number)."""
    from ..fields import InputError
    from ..ledger.claims import claim_key

    known = {e.claim_key: e.id for e in ledger.entries()}
    seen: dict[str, int] = {}
    problems = []
    for entry in entries:
        try:
            key = claim_key(entry.case, entry.result)
        except InputError as exc:
            problems += [_("第 {row} 行：{reason}").format(row=entry.number, reason=e.message) for e in exc.errors]
            continue
        if key in known:
            problems.append(_("第 {row} 行（{name}）：已登记为台账第 {id} 号，是同一申请").format(
                row=entry.number, name=entry.case.applicant.get("name") or "", id=known[key]))
        elif key in seen:
            problems.append(_("第 {row} 行：与第 {other} 行是同一申请").format(row=entry.number, other=seen[key]))
        seen.setdefault(key, entry.number)
    return problems
