"""Computing the good rows of an import: the one path the command line and the batch dialog share."""
from __future__ import annotations

from ..case import compute_all
from ..fields import InputError
from .importer import ImportResult
from .results import Entry


def compute_rows(imported: ImportResult, rules, progress=None) -> list[Entry] | None:
    """Compute every good row; a row whose computation is refused (a date the rules do not cover) becomes bad.

    ``progress(done, total)`` may return False to cancel: then None is returned and nothing is marked.
    """
    rows = imported.good
    cancelled = False

    def report(done: int, total: int):
        nonlocal cancelled
        if progress is not None and progress(done, total) is False:
            cancelled = True
            return False
        return True

    outcomes = compute_all([r.case for r in rows], rules, progress=report)
    if cancelled or len(outcomes) < len(rows):
        return None
    entries = []
    for row, outcome in zip(rows, outcomes):
        if isinstance(outcome, InputError):
            imported.mark_failed(row, outcome)
        else:
            entries.append(Entry(row.number, row.case, outcome, tuple(row.notes)))
    return entries
