"""Real processes: one killed (SIGKILL) in the middle of committing a batch, two writing at the same moment."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

WORKER = Path(__file__).with_name("ledger_worker.py")
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")


def worker(staff, who, *args):
    user = "" if staff.pg else who
    return subprocess.Popen([sys.executable, str(WORKER), args[0], staff.url_for(who), user, *map(str, args[1:])],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc) -> list[str]:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return out.split("\n")[:-1]


def check_whole(staff) -> dict:
    """Every case has its first version and its 登记 history row, and nothing exists without its case."""
    with staff.owner.engine.connect() as conn:
        q = lambda sql: conn.execute(sa.text(sql)).scalar()  # noqa: E731
        counts = {"cases": q("SELECT count(*) FROM cases"),
                  "versions": q("SELECT count(*) FROM case_versions"),
                  "registered": q("SELECT count(*) FROM history WHERE action = '登记'"),
                  "orphans": q("SELECT count(*) FROM case_versions v LEFT JOIN cases c ON c.id = v.case_id "
                               "WHERE c.id IS NULL"),
                  "without_version": q("SELECT count(*) FROM cases c LEFT JOIN case_versions v ON v.case_id = c.id "
                                       "WHERE v.case_id IS NULL")}
    assert counts["cases"] == counts["versions"] == counts["registered"]
    assert counts["orphans"] == counts["without_version"] == 0
    return counts


def test_killing_the_program_while_it_commits_a_batch_loses_nothing_and_leaves_no_half_case(staff):
    first = finish(worker(staff, "li", "batch", "A", 30))
    assert len(first) == 30
    proc = worker(staff, "li", "batch", "B", 200, 120)
    assert proc.stdout.readline() == "inside\n"  # 120 cases written, not yet committed
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert check_whole(staff)["cases"] == 30
    assert [e.id for e in staff["li"].entries()] == [int(i) for i in first]
    # the ledger takes the same batch again afterwards, whole
    assert len(finish(worker(staff, "li", "batch", "B", 200))) == 200
    assert check_whole(staff)["cases"] == 230


@pytest.mark.parametrize("moment", ["ready", "at 1", "at 150", "at 300"])
def test_a_kill_at_any_moment_of_a_batch_leaves_all_or_none(staff, moment):
    """Killed as soon as the worker says it has reached ``moment`` (computed; one, half or every case written, the
    commit under way): the batch is in the ledger whole or not at all."""
    proc = worker(staff, "li", "tell", "C", 300)
    said = []
    while not said or said[-1] != moment:
        line = proc.stdout.readline()
        assert line, f"the worker ended before {moment}: {said[-3:]}"
        said.append(line.strip())
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate(timeout=60)
    stored = check_whole(staff)["cases"]  # never a part of the batch
    assert stored == 300 if "committed" in out.split() else stored in (0, 300)


def test_two_processes_writing_at_once_lose_nothing(staff):
    start = time.time() + 4
    procs = [worker(staff, "li", "each", "L", 40, start), worker(staff, "chen", "each", "C", 40, start)]
    ids = [int(line) for p in procs for line in finish(p)]
    assert len(ids) == len(set(ids)) == 80
    assert check_whole(staff)["cases"] == 80
    assert {e.created_by for e in staff["li"].entries()} == {staff.login("li"), staff.login("chen")}


def test_two_clerks_submitting_the_same_claims_at_once_store_each_once(staff):
    """Both processes submit claims D-0 ... D-29 at the same moment: the unique constraint lets exactly one of each
    pair through, and the other is told the id of the one that won."""
    start = time.time() + 4
    a, b = (finish(p) for p in [worker(staff, "li", "each", "D", 30, start), worker(staff, "chen", "each", "D", 30,
                                                                                   start)])
    entries = {e.claim_key.split("|")[1]: e.id for e in staff["li"].entries()}
    assert len(entries) == 30
    for i, (x, y) in enumerate(zip(a, b)):
        winner = entries[f"D{i}"]  # the claim key holds the contract number normalised
        assert sorted([x, y]) == sorted([str(winner), f"dup {winner}"]), (i, x, y)
    check_whole(staff)
