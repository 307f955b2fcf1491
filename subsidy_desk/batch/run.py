"""Computing the good rows of an import: the one path the command line and the batch dialog share."""
from __future__ import annotations

from ..case import compute_all
from ..fields import InputError
from ..readings import check_claim
from .importer import ImportResult
from .results import Entry, Kept


def compute_rows(imported: ImportResult, rules, progress=None) -> list[Entry] | None:
    """Compute every good row, then check each row's claimed amount against it (readings.py); a row whose
    computation is refused (a date the rules do not cover) becomes bad.

    ``progress(done, total)`` may return False to cancel: then None is returned and nothing is marked. The checks
    count as steps of their own after the rows, since explaining a difference recomputes the row several times.
    """
    rows = imported.good
    claims = sum(1 for r in rows if r.case.claim)
    cancelled = False

    def report(done: int, total: int):
        nonlocal cancelled
        if progress is not None and progress(done, total + claims) is False:
            cancelled = True
            return False
        return True

    # Each result is cut down to what the results sheets read as soon as it is computed, so a list of 20,000 long
    # loans never holds 20,000 full results (results.Kept).
    outcomes = compute_all([r.case for r in rows], rules, progress=report,
                           keep=lambda case, result: Kept(result, case, rules))
    if cancelled or len(outcomes) < len(rows):
        return None
    entries = []
    checked = 0
    for row, outcome in zip(rows, outcomes):
        if isinstance(outcome, InputError):
            imported.mark_failed(row, outcome)
            continue
        check = None
        if row.case.claim:
            check = check_claim(row.case, rules, outcome.full())
            checked += 1
            if checked % 10 == 0 and not report(len(rows) + checked, len(rows)):
                return None
        entries.append(Entry(row.number, row.case, outcome, tuple(row.notes), check))
    if claims and not report(len(rows) + claims, len(rows)):
        return None
    return entries
