"""A long list's work spread over a pool of processes, one per core, the results coming back in the list's order.

A batch's rows are pure Python (reading a 60-instalment 还款计划, computing 60 periods, laying out a worksheet), so
one process uses one core of an office PC however long the list. The work goes out in chunks, a few queued ahead of
each process, and comes back chunk by chunk in order; memory holds only the chunks in flight. When the caller stops
asking (a cancel), the chunks running finish whole and no more are started.

Processes are started ("spawn", as on Windows) rather than forked, whatever the platform, so the window's threads
are never copied; each imports the program afresh, about half a second, which is why a short list stays in this
process. The rules a batch computes with go to each process once, when it starts.
"""
from __future__ import annotations

import os
from typing import Callable, Iterable, Iterator

MAX_WORKERS = 4


def workers(asked: int | None, jobs: int, pool_from: int) -> int:
    """Processes for ``jobs`` items: ``asked``, or one per core (at most MAX_WORKERS), when there are at least
    ``pool_from`` of them and more than one core; 0 (this process) otherwise."""
    count = asked if asked is not None else min(os.cpu_count() or 1, MAX_WORKERS)
    return count if count > 1 and jobs >= pool_from else 0


def ordered(task: Callable, chunks: Iterable[list], args: tuple = (), count: int = 0, rules=None) -> Iterator:
    """Yield ``task(chunk, *args)`` for each chunk, in order: in ``count`` processes, or in this one when 0.

    ``chunks`` may be a generator (the rows of a sheet as they are read): it is drawn from only as processes need
    work. ``rules``, when given, are what ``worker_rules()`` returns in the processes. Closing the generator this
    returns (a cancel) lets the chunks running finish and starts no more.
    """
    if not count:
        if rules is not None:
            _start(rules)
        for chunk in chunks:
            yield task(chunk, *args)
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"), initializer=_start,
                             initargs=(rules,)) as pool:
        try:
            queued = enumerate(chunks)
            running: dict = {}
            finished: dict[int, object] = {}
            following = 0
            exhausted = False
            while True:
                while not exhausted and len(running) + len(finished) < 2 * count:
                    item = next(queued, None)
                    if item is None:
                        exhausted = True
                        break
                    running[pool.submit(task, item[1], *args)] = item[0]
                if not running and not finished:
                    return
                while following not in finished:
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        finished[running.pop(future)] = future.result()
                yield finished.pop(following)
                following += 1
        finally:
            pool.shutdown(cancel_futures=True)


_rules = None


def _start(rules) -> None:
    global _rules
    _rules = rules


def worker_rules():
    """The rules the pool was started with (in this process, the ones ``ordered`` was last given)."""
    return _rules
