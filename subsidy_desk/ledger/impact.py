"""规则变更影响: every ledger case not yet paid, recomputed with other rules and compared with the total it holds.

A reviewer asks this before publishing a change and a clerk after it, on ledgers of a hundred thousand cases, so it
is streamed: the cases are read in chunks by id, each chunk a short read of its own (a clerk's writes are never held
up for the whole run, and memory stays flat however large the ledger is), and the chunks are computed by a pool of
processes, one per core, once there are enough cases to repay starting them (a spawned process imports the program
in about a second). Only the cases that change are kept, each as a small row.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterator

import sqlalchemy as sa

from .schema import case_versions, cases
from .steps import EDITABLE

CHUNK = 400          # cases per read and per task handed to a process
POOL_FROM = 2_000    # fewer cases are computed in this process: starting the pool would cost more than it saves
UNPAID = ("已计算", "已打印", "已审核", "已退回")  # the statuses whose total a rule change can still alter


@dataclass(frozen=True, slots=True)
class Impact:
    """One unpaid ledger case whose total a rule change would change (``new`` None: it cannot be computed with
    the new rules, ``problem`` says why)."""

    id: int
    kind: str
    applicant_name: str
    credit_code: str
    status: str
    old: Decimal | None
    new: Decimal | None
    problem: str = ""

    @property
    def kind_title(self) -> str:
        from ..measures.registry import titles

        return titles().get(self.kind, self.kind)

    @property
    def difference(self) -> Decimal | None:
        return None if self.new is None else self.new - (self.old or Decimal("0.00"))

    @property
    def recomputable(self) -> bool:
        """May simply be recomputed (an approved case must first be sent back by a 审核)."""
        return self.new is not None and self.status in EDITABLE


def _yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else Decimal(fen).scaleb(-2)


def count(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(sa.select(sa.func.count()).select_from(cases).where(
            cases.c.status.in_(UNPAID), cases.c.total_fen.is_not(None)))


def chunks(engine: sa.Engine, size: int | None = None) -> Iterator[list]:
    """The unpaid cases with their current version's inputs, ``size`` at a time in id order, each chunk one
    short query from where the last one ended."""
    current = sa.and_(case_versions.c.case_id == cases.c.id, case_versions.c.version == cases.c.version)
    query = (sa.select(cases.c.id, cases.c.kind, cases.c.applicant_name, cases.c.credit_code, cases.c.status,
                       cases.c.total_fen, case_versions.c.case_json)
             .select_from(cases.join(case_versions, current))
             .where(cases.c.status.in_(UNPAID), cases.c.total_fen.is_not(None))
             .order_by(cases.c.id).limit(size or CHUNK))
    last = 0
    while True:
        with engine.connect() as conn:
            rows = conn.execute(query.where(cases.c.id > last)).all()
        if not rows:
            return
        yield rows
        last = rows[-1].id


def compare(items: list[tuple[int, str, int]], rules=None) -> list[tuple[int, int | None, str]]:
    """(id, new total in fen or None, problem) for each of ``items`` — (id, case JSON, total in fen) — whose total
    ``rules`` change. Runs in a pool's process (with the rules it was started with) or in this one."""
    from ..case import compute, parse_case
    from ..fields import InputError

    rules = rules if rules is not None else _worker_rules
    out = []
    for case_id, case_json, total_fen in items:
        try:
            new = int(compute(parse_case(json.loads(case_json)), rules).total.scaleb(2))
        except InputError as exc:
            out.append((case_id, None, "；".join(map(str, exc.errors))))
            continue
        if new != total_fen:
            out.append((case_id, new, ""))
    return out


_worker_rules = None


def _start_worker(rules) -> None:
    global _worker_rules
    _worker_rules = rules


def rule_impact(engine: sa.Engine, rules, progress: Callable[[int, int], bool | None] | None = None,
                workers: int | None = None) -> list[Impact] | None:
    """Every unpaid case whose total ``rules`` would change, in id order; None when ``progress(done, total)``
    returned False (cancelled). ``workers`` processes (default: one per core, at most 4) when the ledger holds
    at least POOL_FROM unpaid cases; 1 computes here."""
    total = count(engine)
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    found: list[Impact] = []

    def keep(rows, changed) -> None:
        by_id = {r.id: r for r in rows}
        for case_id, new, problem in changed:
            r = by_id[case_id]
            found.append(Impact(r.id, r.kind, r.applicant_name, r.credit_code, r.status, _yuan(r.total_fen),
                                _yuan(new), problem))

    if workers > 1 and total >= POOL_FROM:
        done = _pooled(engine, rules, workers, keep, progress, total)
    else:
        done = 0
        for rows in chunks(engine):
            keep(rows, compare([(r.id, r.case_json, r.total_fen) for r in rows], rules))
            done += len(rows)
            if progress is not None and progress(done, total) is False:
                return None
    if done is None:
        return None
    found.sort(key=lambda i: i.id)
    return found


def _pooled(engine, rules, workers: int, keep, progress, total: int) -> int | None:
    """``rule_impact``'s chunks computed by ``workers`` spawned processes, two chunks queued ahead of each."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    done = 0
    reading = chunks(engine)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_start_worker, initargs=(rules,)) as pool:
        running: dict = {}

        def feed() -> None:
            while len(running) < 2 * workers:
                rows = next(reading, None)
                if rows is None:
                    return
                running[pool.submit(compare, [(r.id, r.case_json, r.total_fen) for r in rows])] = rows

        feed()
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                rows = running.pop(future)
                try:
                    keep(rows, future.result())
                except BaseException:
                    pool.shutdown(cancel_futures=True)
                    raise
                done += len(rows)
            if progress is not None and progress(done, total) is False:
                pool.shutdown(cancel_futures=True)
                return None
            feed()
    return done
