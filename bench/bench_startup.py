"""Benchmark: process start to the main window shown, against a bare PySide6 window, in the same run.

Each start is a fresh Python process (offscreen unless QT_QPA_PLATFORM says otherwise) that prints once its window
has been shown and painted; the time is measured from just before the process is spawned to that line. The program
starts through its entry point (``subsidy_desk.cli.main``, what ``subsidy-desk`` runs), with its event loop
replaced by one round of events (the first paint) and a line. Window state and settings go to a scratch folder.
Target: the program's window within 1.5× the bare window. Run: python bench/bench_startup.py [runs] [--instructions]

A second yardstick says how much of that any program showing this window must pay: the same window made by hand.
The program's window, once painted, is written down as plain data (each widget's Qt class, place, size, text,
alignment, a list's items, a table's headers, the menus and the toolbar), and a script of plain PySide6 calls puts
the same widgets at the same places with no layouts, no program behind it and nothing to compute. It is the least
a process can do to show these widgets, so "ours ÷ hand-made" is what the program's own code costs and
"hand-made ÷ bare" is what the window's widgets cost whoever writes them.

With --instructions, each start is also run once under valgrind, which counts the instructions the whole process
runs: a figure a busy machine does not change (times on a shared 2-core machine vary by a quarter from run to run),
for comparing two versions of the program. Needs valgrind (Debian: valgrind); hash seeds are fixed for that run.
"""
from __future__ import annotations

import ast
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


# Run in the program's process once its window is painted: the window as plain data, for HAND_MADE.
DESCRIBE = """
import sys
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QGroupBox, QLabel, QLineEdit, QMainWindow,
                               QMenu, QScrollArea, QSplitter, QTabWidget, QTableView, QToolBar, QWidget)

def qt_class(w):
    return next(c.__name__ for c in type(w).__mro__ if c.__module__.startswith("PySide6."))

def describe(app):
    app.processEvents()
    win = next(w for w in app.topLevelWidgets() if isinstance(w, QMainWindow))
    nodes = []

    def add(w, parent):
        from PySide6.QtCore import Qt

        g = w.geometry()
        text, extra, align = "", None, 0
        if isinstance(w, (QLabel, QAbstractButton, QLineEdit)):
            text = w.text()
        elif isinstance(w, QGroupBox):
            text = w.title()
        elif isinstance(w, QComboBox):
            extra = [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QTableView):
            extra = [str(w.model().headerData(c, Qt.Orientation.Horizontal)) for c in range(w.model().columnCount())]
        elif isinstance(w, QSplitter):
            extra = w.sizes()
        if isinstance(w, (QLabel, QLineEdit)):
            align = w.alignment().value
        i = len(nodes)
        nodes.append((qt_class(w), parent, (g.x(), g.y(), g.width(), g.height()), text, extra, align, w.isHidden()))
        if isinstance(w, QTabWidget):
            for k in range(w.count()):
                nodes.append(("tab", i, None, w.tabText(k), None, 0, False))
                inside(w.widget(k), len(nodes) - 1)
        elif isinstance(w, QSplitter):
            for k in range(w.count()):
                add(w.widget(k), i)
        elif isinstance(w, QScrollArea):
            add(w.widget(), i)
        elif not isinstance(w, (QComboBox, QLineEdit, QAbstractButton, QLabel, QTableView)):
            inside(w, i)

    def inside(w, i):
        for c in w.children():
            if isinstance(c, QWidget) and not c.isWindow():
                add(c, i)

    add(win.centralWidget(), -1)
    menus = [(m.title(), [a.text() for a in m.actions()]) for m in win.menuBar().findChildren(QMenu)
             if m.parent() is win.menuBar()]
    tools = [a.text() for a in win.findChildren(QToolBar)[0].actions()]
    print(repr({"size": (win.width(), win.height()), "font": app.font().families(), "nodes": nodes,
                "menus": menus, "tools": tools}), flush=True)
    return 0

QApplication.exec = describe
from subsidy_desk.cli import main
main([])
"""

# The same window by hand: plain PySide6 calls, widgets placed where the program's layouts put them.
HAND_MADE = """
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QFrame, QGroupBox, QLabel, QLineEdit, QMainWindow,
                               QPushButton, QScrollArea, QSplitter, QTabWidget, QTableView, QToolButton, QWidget)
from PySide6.QtGui import QFont, QStandardItemModel

WINDOW = %r
app = QApplication([])
font = QFont(app.font())
font.setFamilies(WINDOW["font"])
app.setFont(font)
win = QMainWindow()
win.resize(*WINDOW["size"])
for title, names in WINDOW["menus"]:
    menu = win.menuBar().addMenu(title)
    for name in names:
        menu.addAction(name) if name else menu.addSeparator()
bar = win.addToolBar("")
for name in WINDOW["tools"]:
    bar.addAction(name) if name else bar.addSeparator()
win.statusBar()
made = []
for cls, parent, place, text, extra, align, hidden in WINDOW["nodes"]:
    up = made[parent] if parent >= 0 else None
    if cls == "QSplitterHandle":  # made by its splitter
        made.append(None)
        continue
    if cls == "tab":
        page = QWidget()
        up.addTab(page, text)
        made.append(page)
        continue
    w = globals()[cls]()
    if text and hasattr(w, "setText"):
        w.setText(text)
    elif cls == "QGroupBox":
        w.setTitle(text)
    elif cls == "QComboBox":
        w.addItems(extra)
    elif cls == "QTableView":
        model = QStandardItemModel(0, len(extra), w)
        model.setHorizontalHeaderLabels(extra)
        w.setModel(model)
    if align and align != w.alignment().value:  # Qt's enums, as any window that aligns a figure needs them
        from PySide6.QtCore import Qt

        w.setAlignment(Qt.AlignmentFlag(align))
    if up is None:
        win.setCentralWidget(w)
    elif isinstance(up, QSplitter):
        up.addWidget(w)
    elif isinstance(up, QScrollArea):
        w.resize(*place[2:])
        up.setWidget(w)
    else:
        w.setParent(up)
        w.setGeometry(*place)
    if hidden:
        w.hide()
    made.append(w)
for w, node in zip(made, WINDOW["nodes"]):
    if node[0] == "QSplitter":
        w.setSizes(node[4])
win.show()
app.processEvents()
print("shown", flush=True)
"""


def hand_made(env: dict) -> str:
    """HAND_MADE for the program's window as it is painted here."""
    p = subprocess.run([sys.executable, "-c", DESCRIBE], cwd=ROOT, env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr[-2000:]
    return HAND_MADE % (ast.literal_eval(p.stdout.strip().splitlines()[-1]),)


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
    program, by_hand = PROGRAM, hand_made(env)
    for code in (BARE, by_hand, program):  # warm the file cache for each
        time_start(code, env)
    bare, hand, ours, after = [], [], [], ""
    for _ in range(runs):  # interleaved, so load on the machine affects all alike
        bare.append(time_start(BARE, env)[:2])
        hand.append(time_start(by_hand, env)[:2])
        t, cpu, after = time_start(program, env)
        ours.append((t, cpu))
    for name, got in (("bare PySide6 window", bare), ("the same window by hand", hand), ("subsidy-desk window", ours)):
        print(f"{name}: median {statistics.median(w for w, _ in got) * 1000:.0f} ms wall, "
              f"{statistics.median(c for _, c in got) * 1000:.0f} ms CPU   "
              f"(wall runs: {', '.join(f'{w * 1000:.0f}' for w, _ in got)})")

    def ratio(a, b, i):
        return statistics.median(x[i] for x in a) / statistics.median(x[i] for x in b)

    heavy, measures = (line.split(":", 1)[1] for line in after.splitlines())
    print(f"ratio {ratio(ours, bare, 0):.2f}× wall, {ratio(ours, bare, 1):.2f}× CPU (target ≤ 1.5×); "
          f"heavy modules loaded at start: {heavy or 'none'}; measures loaded: {measures}")
    print(f"the same window by hand: {ratio(hand, bare, 0):.2f}× wall, {ratio(hand, bare, 1):.2f}× CPU the bare "
          f"window; the program {ratio(ours, hand, 0):.2f}× wall, {ratio(ours, hand, 1):.2f}× CPU the hand-made one")
    if "--instructions" in sys.argv:
        if shutil.which("valgrind") is None:
            sys.exit("--instructions needs valgrind")
        bare_count, hand_count, ours_count = (instructions(code, env) for code in (BARE, by_hand, program))
        print(f"instructions (valgrind): bare {bare_count / 1e6:,.0f} M, by hand {hand_count / 1e6:,.0f} M "
              f"({hand_count / bare_count:.2f}×), subsidy-desk {ours_count / 1e6:,.0f} M: "
              f"{ours_count / bare_count:.2f}× the bare window, {ours_count / hand_count:.2f}× the hand-made one")


if __name__ == "__main__":
    main()
