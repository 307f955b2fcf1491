"""Computing the good rows of an import: the one path the command line and the batch dialog share.

A long list is computed by a pool of processes, one per core (pool.py), in chunks of cases; each process sends
back only what the batch keeps of a result (results.Kept) and its claim's check, in the list's order.
"""
from __future__ import annotations

from contextlib import closing

from ..case import compute, paused_gc
from ..fields import InputError
from ..readings import check_claim
from .importer import ImportResult
from .results import Entry, Kept

POOL_FROM = 1000  # rows: fewer are computed in this process (starting the pool costs about a second)
CHUNK = 50  # cases per task handed to a process: progress every few, little to send at once


def settle(case, rules):
    """A row computed as a batch keeps it: (the kept part of its result, the check of its claimed amount or None),
    or the InputError its computation raised (a date the rules do not cover)."""
    try:
        result = compute(case, rules)
    except InputError as exc:
        return exc
    return Kept.part(result), check_claim(case, rules, result) if case.claim else None


def _settle_chunk(cases: list, rules=None) -> list:
    """A process's task: some cases settled with the pool's rules (``rules`` in this process)."""
    from . import pool

    rules = rules if rules is not None else pool.worker_rules()
    with paused_gc():
        return [settle(case, rules) for case in cases]


def compute_rows(imported: ImportResult, rules, progress=None, workers: int | None = None) -> list[Entry] | None:
    """Compute every good row, then check each row's claimed amount against it (readings.py); a row whose
    computation is refused (a date the rules do not cover) becomes bad.

    ``progress(done, total)`` may return False to cancel: then None is returned and nothing is marked. Rows the
    import already computed with the same rules (``read_rows(rules=...)``) are not computed again. ``workers``
    processes compute the rest (default: one per core from POOL_FROM rows on).
    """
    from . import pool

    rows = imported.good
    done_before = imported.outcomes if imported.computed_with is rules else {}
    todo = [r for r in rows if r.number not in done_before]
    count = pool.workers(workers, len(todo), POOL_FROM)
    step = CHUNK if count else 100
    chunks = ([r.case for r in todo[i:i + step]] for i in range(0, len(todo), step))
    outcomes = dict(done_before)
    settled = pool.ordered(_settle_chunk, chunks, (None if count else rules,), count, rules if count else None)
    with paused_gc(), closing(settled):
        done = len(rows) - len(todo)
        for first, chunk in zip(range(0, len(todo), step), settled):
            for row, outcome in zip(todo[first:first + step], chunk):
                outcomes[row.number] = outcome
            done += len(chunk)
            if progress is not None and progress(done, len(rows)) is False:
                return None
    if progress is not None and not todo:
        if progress(len(rows), len(rows)) is False:
            return None
    entries = []
    for row in rows:
        outcome = outcomes[row.number]
        if isinstance(outcome, InputError):
            imported.mark_failed(row, outcome)
            continue
        part, check = outcome
        entries.append(Entry(row.number, row.case, Kept.of(part, row.case, rules), tuple(row.notes), check))
    return entries
