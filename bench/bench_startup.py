"""Benchmark: process start to the main window shown, against a bare PySide6 window, in the same run.

Each start is a fresh Python process (offscreen unless QT_QPA_PLATFORM says otherwise) that prints once its window
has been shown and painted; the time is measured from just before the process is spawned to that line. The program
starts through its entry point (``subsidy_desk.cli.main``, what ``subsidy-desk`` runs), with its event loop
replaced by one round of events (the first paint) and a line. Window state and settings go to a scratch folder.
Target: the program's window within 1.5× the bare window. Run: python bench/bench_startup.py [runs] [--instructions]

With --instructions, each start is also run once under valgrind, which counts the instructions the whole process
runs: a figure a busy machine does not change (times on a shared 2-core machine vary by a quarter from run to run),
for comparing two versions of the program. Needs valgrind (Debian: valgrind); hash seeds are fixed for that run.
"""
from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1280, 720); w.show(); app.processEvents()
print("shown", flush=True)
"""

# `subsidy-desk` with no command, up to its event loop: there, one round of events (the first paint) and a line.
PROGRAM = """
import sys
from PySide6.QtWidgets import QApplication

def shown(app):
    app.processEvents()
    print("shown", flush=True)
    heavy = [m for m in ("sqlalchemy", "openpyxl", "babel.dates", "PySide6.QtPrintSupport") if m in sys.modules]
    print("heavy:" + ",".join(heavy), flush=True)
    from subsidy_desk.measures.registry import titles

    loaded = [kind for kind in titles() if "subsidy_desk.measures." + kind in sys.modules]
    print(f"measures:{','.join(loaded)} of {len(titles())}", flush=True)
    return 0

QApplication.exec = shown
from subsidy_desk.cli import main
main([])
"""


def time_start(code: str, env: dict) -> tuple[float, float, str]:
    """(wall seconds to the window shown, CPU seconds of the whole process, what it printed after)."""
    started = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    line = p.stdout.readline()
    shown = time.perf_counter() - started
    rest = p.stdout.read()
    if hasattr(os, "wait4"):  # the child's own CPU time: what an idle machine would take, whatever else runs
        _pid, _status, usage = os.wait4(p.pid, 0)
        p.returncode = 0
        cpu = usage.ru_utime + usage.ru_stime
    else:
        p.wait()
        cpu = float("nan")
    assert line.strip() == "shown", (line, rest)
    return shown, cpu, rest.strip()


def instructions(code: str, env: dict) -> int:
    """The instructions the whole process runs, to its exit (valgrind's count)."""
    p = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                        sys.executable, "-c", code], cwd=ROOT, env={**env, "PYTHONHASHSEED": "0"},
                       capture_output=True, text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", p.stderr)
    assert p.returncode == 0 and found, p.stderr[-2000:]
    return int(found[1].replace(",", ""))


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--instructions"]
    runs = int(args[0]) if args else 5
    folder = Path(tempfile.mkdtemp())
    env = {**os.environ, "SUBSIDY_DESK_DATA_DIR": str(folder), "XDG_CONFIG_HOME": str(folder / "config")}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # An installed program has its .pyc files (pip compiles on install), like PySide6 here; without this a
    # PYTHONDONTWRITEBYTECODE environment would compile our sources on every start and only ours.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    program = PROGRAM
    time_start(BARE, env)  # warm the file cache for both
    time_start(program, env)
    bare, ours, after = [], [], ""
    for _ in range(runs):  # interleaved, so load on the machine affects both alike
        bare.append(time_start(BARE, env)[:2])
        t, cpu, after = time_start(program, env)
        ours.append((t, cpu))
    for name, got in (("bare PySide6 window", bare), ("subsidy-desk window", ours)):
        print(f"{name}: median {statistics.median(w for w, _ in got) * 1000:.0f} ms wall, "
              f"{statistics.median(c for _, c in got) * 1000:.0f} ms CPU   "
              f"(wall runs: {', '.join(f'{w * 1000:.0f}' for w, _ in got)})")
    wall = statistics.median(w for w, _ in ours) / statistics.median(w for w, _ in bare)
    cpu = statistics.median(c for _, c in ours) / statistics.median(c for _, c in bare)
    heavy, measures = (line.split(":", 1)[1] for line in after.splitlines())
    print(f"ratio {wall:.2f}× wall, {cpu:.2f}× CPU (target ≤ 1.5×); "
          f"heavy modules loaded at start: {heavy or 'none'}; measures loaded: {measures}")
    if "--instructions" in sys.argv:
        if shutil.which("valgrind") is None:
            sys.exit("--instructions needs valgrind")
        bare_count, ours_count = instructions(BARE, env), instructions(program, env)
        print(f"instructions (valgrind): bare {bare_count / 1e6:,.0f} M, subsidy-desk {ours_count / 1e6:,.0f} M: "
              f"{ours_count / bare_count:.2f}×")


if __name__ == "__main__":
    main()
