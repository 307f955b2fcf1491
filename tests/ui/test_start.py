"""Starting the window: nothing heavy before the first paint, and the office's rules read in a thread after it.

The ledger, SQLAlchemy, babel's dates, the workbook library, printing, batch and the settings dialog are loaded when
first used, never to show the window; the office's published rules are read off the GUI thread once the window is
painted, and a case computed before they arrive is computed again with them (docs/speed.md, docs/ledger.md)."""
import os
import subprocess
import sys
import threading

from PySide6.QtWidgets import QMessageBox

from subsidy_desk.ledger import Ledger
from subsidy_desk.measures.registry import titles

from ..conftest import ROOT
from .conftest import ROOT_CASES

# What must not be loaded when the window first shows, as the `subsidy-desk` entry point starts it.
HEAVY = ("sqlalchemy", "alembic", "babel.dates", "openpyxl", "PySide6.QtPrintSupport", "subsidy_desk.ledger.store",
         "subsidy_desk.ledger.database", "subsidy_desk.batch.importer", "subsidy_desk.batch.run",
         "subsidy_desk.ui.batch_dialog", "subsidy_desk.ui.settings_dialog", "subsidy_desk.ui.ledger_view",
         "subsidy_desk.rules.load")

START = """
import sys
import threading

from PySide6.QtWidgets import QApplication

HEAVY = {heavy!r}
loaded = []  # what was loaded when the first thread started (the rules reader, after the first paint)
start = threading.Thread.start

def started(thread):
    loaded.append([m for m in HEAVY if m in sys.modules])
    start(thread)

threading.Thread.start = started

def shown(app):
    app.processEvents()  # the first paint
    print(",".join(loaded[0] if loaded else [m for m in HEAVY if m in sys.modules]) or "none", flush=True)
    return 0

QApplication.exec = shown
from subsidy_desk.cli import main
sys.exit(main([]))
"""


def test_the_entry_point_shows_the_window_without_the_heavy_parts(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SUBSIDY_DESK_DATA_DIR": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    p = subprocess.run([sys.executable, "-c", START.format(heavy=HEAVY)], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "none"


# Only the calculator shown is loaded and built at start (the other measures' packages when their tab is opened),
# and no style sheet is parsed to show it.
MEASURES = """
import sys
from PySide6.QtWidgets import QApplication
from subsidy_desk.measures.registry import titles

def shown(app):
    app.processEvents()
    print(" ".join(k for k in titles() if "subsidy_desk.measures." + k in sys.modules), flush=True)
    window = next(w for w in app.topLevelWidgets() if w.inherits("QMainWindow"))
    print(sum(1 for w in app.allWidgets() if w.styleSheet()), flush=True)  # no style sheet to parse to start
    print(" ".join(window.pages), flush=True)
    window.tabs.setCurrentIndex(3)
    print(" ".join(window.pages), window.page.kind == list(titles())[3], flush=True)
    return 0

QApplication.exec = shown
from subsidy_desk.cli import main
sys.exit(main([]))
"""


def test_the_entry_point_loads_and_builds_only_the_calculator_shown(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SUBSIDY_DESK_DATA_DIR": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    p = subprocess.run([sys.executable, "-c", MEASURES], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    first, fourth = list(titles())[0], list(titles())[3]
    assert p.stdout.splitlines() == [first, "0", first, f"{first} {fourth} True"]


def test_drafts_are_offered_once_the_window_is_painted(qtbot, settings, rules, data_dir, monkeypatch):
    """The clerk sees the window before its question: the offer of last time's unsaved cases waits for the first
    paint (app.run hands it to the window), as the reading of the office's rules does."""
    from subsidy_desk.ui import drafts
    from subsidy_desk.ui.main_window import MainWindow

    drafts.write_draft(list(titles())[1], {"title": "上次未保存"}, None)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    window = MainWindow(rules=rules, settings=settings)
    qtbot.addWidget(window)
    window.after_first_paint(window.offer_drafts)
    qtbot.wait(50)
    assert asked == []  # not shown, not painted: nothing asked
    window.show()
    qtbot.waitUntil(lambda: asked != [])
    assert "上次未保存" in asked[0]


def test_the_command_line_registers_the_ledger_commands_without_the_database_library():
    code = ("import sys; from subsidy_desk import cli; cli._parser(); "
            "print([m for m in ('sqlalchemy', 'subsidy_desk.ledger.store') if m in sys.modules])")
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (p.returncode, p.stdout.strip()) == (0, "[]"), p.stderr


LOWER = {"format": "subsidy-desk/overrides@1", "parameters": {"guarantee_fee.subsidy_rate": [
    {"from": "2022-06-08", "value": "0.4", "document": "忻府区财政局〔2022〕7号", "note": "本县按 0.4% 补贴"}]}}


def _held_reader(monkeypatch):
    """The office's rules read as the window does, but held until the test lets them go; where they were read."""
    from subsidy_desk.ui import ledger_window

    go, seen = threading.Event(), []
    real = ledger_window.office_rules_at

    def held(url):
        seen.append(threading.current_thread())
        assert go.wait(30)
        return real(url)

    monkeypatch.setattr(ledger_window, "office_rules_at", held)
    return go, seen


def _published(settings):
    settings.setValue("ledger/url", "")
    with Ledger(None, "管理员") as ledger:
        ledger.grant("管理员", "审核")
        return ledger.publish_rules(LOWER, "忻府区财政局〔2022〕7号", "担保费补贴比例", "忻府区财政局")


def test_the_offices_rules_are_read_after_the_first_paint_in_a_thread_and_recompute_the_case(
        qtbot, settings, data_dir, monkeypatch):
    from subsidy_desk.ui.main_window import MainWindow

    office = _published(settings)
    go, seen = _held_reader(monkeypatch)
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    assert window.reader is None and seen == []  # nothing read before the window is painted
    window.show()
    qtbot.waitUntil(lambda: seen != [])
    assert seen[0] is not threading.main_thread()
    assert window.rules_label.text() == "正在读取规则…"
    window.open_path(ROOT_CASES / "guarantee_fee.json")  # computed at once, with this PC's rules for now
    page = window.page
    assert str(page.result.total) == "2465.75"
    go.set()
    qtbot.waitUntil(lambda: window.rules_label.text().endswith("本单位规则第 1 版"))
    assert window.rules.hash == office.rules_hash and str(page.result.total) == "1972.60"
    assert page.result.rule_set["hash"] == office.rules_hash
    window.open_batch()  # a list is computed with the same rules as the calculators
    assert window.batch_dialog.rules().hash == office.rules_hash
    window.batch_dialog.reject()


def test_nothing_leaves_the_window_before_the_offices_rules_are_in(qtbot, settings, data_dir, monkeypatch, tmp_path):
    """Exporting while the rules are still being read waits for them: the worksheet carries the office's figure."""
    from openpyxl import load_workbook

    from subsidy_desk.ui.main_window import MainWindow

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    _published(settings)
    go, seen = _held_reader(monkeypatch)
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: seen != [])
    window.open_path(ROOT_CASES / "guarantee_fee.json")
    assert str(window.page.result.total) == "2465.75"
    threading.Timer(0.5, go.set).start()
    assert window.export_to(tmp_path / "w.xlsx", ask_open=False)
    assert str(window.page.result.total) == "1972.60"
    cells = {c.value for row in load_workbook(tmp_path / "w.xlsx").worksheets[0].iter_rows() for c in row}
    assert 1972.6 in cells and 2465.75 not in cells  # openpyxl reads the figures back as numbers


def test_a_new_case_makes_no_table_nor_explanation_the_first_result_does(qtbot, window):
    """The result's table and explanation are made with the first result, not to start the window: a new case
    shows neither (docs/speed.md). Once made they stay, hidden again for a new case."""
    from PySide6.QtWidgets import QTableView, QTextBrowser

    page = window.page
    assert page.view.findChildren(QTextBrowser) == [] and page.view.findChildren(QTableView) == []
    assert "尚未算出" in page.view.total.text()
    assert window.open_path(ROOT_CASES / f"{page.kind}.json")
    assert page.view.details.isVisible() and page.view.table_model.rowCount() > 0
    assert "元" in page.view.explanation.toPlainText() and len(page.view.findChildren(QTextBrowser)) == 1
    window.new_case()
    assert not page.view.details.isVisible() and page.view.explanation.toPlainText() == ""
    assert "尚未算出" in page.view.total.text()
