"""Window pictures for docs/ at the size a clerk's screen gives (1366×768 less the taskbar and title bar): each
calculator with its example case, the user guide (F1) and the one question before closing with unsaved work.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/window_pictures.py docs/

Needs a Chinese font (fonts-wqy-microhei). Window state and drafts go to a throw-away folder.
"""
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ["SUBSIDY_DESK_DATA_DIR"] = tempfile.mkdtemp(prefix="subsidy-desk-shots-")

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1366, 705)  # a maximised window on a 1366×768 screen


def main(out: Path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from subsidy_desk.ui.app import create_application
    from subsidy_desk.ui.language import restore_language

    app = create_application([])
    restore_language()
    from subsidy_desk.ui.main_window import MainWindow

    from subsidy_desk.ledger import Ledger

    settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
    settings.setValue("ledger/url", "")  # a throw-away ledger in the throw-away data folder
    settings.setValue("ledger/user", "李敏")
    with Ledger(None, "管理员") as ledger:
        ledger.grant("李敏", "经办")
    window = MainWindow(settings=settings)
    window.resize(*SIZE)
    window.show()

    def settle():
        for _ in range(30):
            app.processEvents()

    for kind in ("startup_loan", "guarantee_fee", "six_taxes"):
        page = window.pages[kind]
        window.show_page(page)
        page.load(json.loads((ROOT / "docs" / "cases" / f"{kind}.json").read_text(encoding="utf-8")), None,
                  modified=kind != "guarantee_fee")
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

    QMessageBox.exec = shot
    window.close()
    print(f"pictures in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs"))
