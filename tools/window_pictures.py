"""Window pictures for docs/ at the size a clerk's screen gives (1366×768 less the taskbar and title bar): each
calculator with its example case, a loan and a guarantee agency each claimed for two periods, a form with
problems, 300万 typed, the 工具 menu, the window in English, the user guide (F1), the one question before closing
with unsaved work, and (in a second process at QT_SCALE_FACTOR=1.5) the window at 150%.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/window_pictures.py docs/

Needs a Chinese font (fonts-wqy-microhei). Window state, settings and drafts go to a throw-away folder.
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ["SUBSIDY_DESK_DATA_DIR"] = tempfile.mkdtemp(prefix="subsidy-desk-shots-")

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1366, 705)  # a maximised window on a 1366×768 screen


def _scroll_to(page, key: str) -> None:
    """Scroll the form down to a field and the lines under it (its last line in view, the field above it)."""
    box = page.form.rows[key].box
    page.scroll.ensureWidgetVisible(box.itemAt(box.count() - 1).widget())


def main(out: Path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from subsidy_desk.ui.app import create_application
    from subsidy_desk.ui.language import restore_language

    out.mkdir(parents=True, exist_ok=True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)  # the language choice too stays in the throw-away folder
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, os.environ["SUBSIDY_DESK_DATA_DIR"])
    app = create_application([])
    restore_language()
    from subsidy_desk.ui.main_window import MainWindow

    from subsidy_desk.ledger import Ledger

    settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
    settings.setValue("ledger/url", "")  # a throw-away ledger in the throw-away data folder
    settings.setValue("ledger/user", "李敏")
    settings.setValue("review/offered", True)  # the first start's banner is not what these pictures show
    with Ledger(None, "管理员") as ledger:
        ledger.grant("管理员", "审核")  # a new ledger's first grant names its reviewer
        ledger.grant("李敏", "经办")
    window = MainWindow(settings=settings)
    window.resize(*SIZE)
    window.show()

    def settle():
        for _ in range(30):
            app.processEvents()

    for kind in ("startup_loan", "guarantee_fee", "agency_claim", "six_taxes"):
        page = window.pages[kind]
        window.show_page(page)
        page.load(json.loads((ROOT / "docs" / "cases" / f"{kind}.json").read_text(encoding="utf-8")), None,
                  modified=kind != "guarantee_fee")
        settle()
        if kind == "agency_claim":  # its list of guarantees, every column shown whole
            _scroll_to(page, "inputs.guarantees")
            settle()
        window.grab().save(str(out / f"window-{kind}.png"))
    # A loan entered once, two quarters claimed from it: the 申请期间 group lists them and what is left.
    from datetime import date

    QMessageBox.information = lambda *a, **k: QMessageBox.StandardButton.Ok
    page = window.pages["startup_loan"]
    window.show_page(page)
    loan = json.loads((ROOT / "docs" / "cases" / "startup_loan.json").read_text(encoding="utf-8"))
    for key in ("claim_from", "claim_to"):
        loan["inputs"].pop(key, None)
    page.load(loan, None)
    page.claims.today = lambda: date(2022, 10, 15)
    for button in ("previous", "next"):
        page.claims.buttons[button].click()
        page.recompute()
        window.register_case()
    settle()
    window.grab().save(str(out / "window-loan-claims.png"))
    # A guarantee agency's list, entered once, claimed by calendar quarter: two quarters in the ledger.
    page = window.pages["agency_claim"]
    window.show_page(page)
    agency = json.loads((ROOT / "docs" / "cases" / "agency_claim.json").read_text(encoding="utf-8"))
    del agency["inputs"]["period_from"], agency["inputs"]["period_to"]
    agency["title"] = "定襄县融资担保有限公司 保费补贴（按季度申请）"
    agency["inputs"]["guarantees"][1].update(start_date="2023-02-15", end_date="2024-02-14")
    page.load(agency, None)
    page.claims.today = lambda: date(2023, 5, 10)
    for button in ("previous", "next"):
        page.claims.buttons[button].click()
        page.recompute()
        window.register_case()
    page.scroll.verticalScrollBar().setValue(0)
    settle()
    window.grab().save(str(out / "window-agency-claims.png"))
    window.open_guide()
    window.help_window.resize(900, 640)
    settle()
    window.help_window.grab().save(str(out / "window-guide.png"))
    window.help_window.close()

    def shot(box):
        box.show()
        settle()
        box.grab().save(str(out / "window-unsaved.png"))
        return QMessageBox.StandardButton.Discard

    more(app, window, out, settle)
    QMessageBox.exec = shot
    window.close()
    print(f"pictures in {out}")


def more(app, window, out: Path, settle) -> None:
    """The pictures docs/window.md shows beside the calculators: problems, 300万, the 工具 menu, English."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from subsidy_desk.ui.language import switch_language

    page = window.pages["startup_loan"]
    window.show_page(page)
    loan = json.loads((ROOT / "docs" / "cases" / "startup_loan.json").read_text(encoding="utf-8"))
    wrong = json.loads(json.dumps(loan))
    wrong["applicant"]["credit_code"] = "91140900MA0K5YQ12D"  # a check digit miscopied
    wrong["inputs"]["maturity_date"] = "2022-05-01"
    wrong["inputs"]["repayments"] = [{"date": "2023-06-20", "amount": "2500000.00"}]
    page.load(wrong, None)
    page.form.reveal_all = True
    page.recompute()
    _scroll_to(page, "inputs.maturity_date")
    settle()
    window.grab().save(str(out / "window-problems.png"))

    page.set_modified(False)
    window.new_case()
    settle()
    for key, typed in (("inputs.principal", "300万"), ("inputs.staff_count", "4人")):
        edit = page.form.rows[key].input
        edit.setFocus()
        for char in typed:  # as a Chinese input method delivers them, key by key
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
    settle()
    group = next(g for g, title in page.form.groups if title == page.measure.title)
    group.grab().save(str(out / "window-amount-in-wan.png"))
    page.load(loan, None)
    settle()

    bar = window.menuBar()
    tools = next(a for a in bar.actions() if a.text().startswith("工具"))
    menu = tools.menu()
    menu.popup(bar.mapToGlobal(bar.actionGeometry(tools).bottomLeft()))
    settle()
    app.primaryScreen().grabWindow(0, 0, 0, *SIZE).save(str(out / "window-tools-menu.png"))
    menu.close()

    switch_language("en")
    settle()
    window.grab().save(str(out / "window-english.png"))
    switch_language("zh_CN")
    settle()


def scaled(out: Path) -> None:
    """The loan at Windows' 150% on a 1366×768 screen (911×470 logical pixels less taskbar and title bar)."""
    from subsidy_desk.ui.app import create_application

    app = create_application([])
    from PySide6.QtCore import QSettings

    from subsidy_desk.ui.main_window import MainWindow

    settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
    settings.setValue("review/offered", True)
    window = MainWindow(settings=settings)
    window.resize(911, 470)
    window.show()
    page = window.pages["startup_loan"]
    page.load(json.loads((ROOT / "docs" / "cases" / "startup_loan.json").read_text(encoding="utf-8")), None)
    for _ in range(30):
        app.processEvents()
    window.grab().save(str(out / "window-startup_loan-150.png"))
    page.set_modified(False)
    window.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--scaled"]:
        scaled(Path(sys.argv[2]))
        sys.exit(0)
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs")
    main(folder)
    subprocess.run([sys.executable, __file__, "--scaled", str(folder)], env={**os.environ, "QT_SCALE_FACTOR": "1.5"},
                   check=True)
