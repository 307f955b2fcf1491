"""Starting the program: the QApplication (names for QSettings, a Chinese font that is really there), the main
window, the offer to restore unsaved drafts, and ``--self-test`` for checking an installation on a new PC."""
from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from ..i18n import N_
from ..paths import APP_NAME, resources_dir

APP_TITLE = N_("纾困补贴计算台")  # the program's name in window titles and message boxes
ORGANIZATION = "Xinzhou"
# Tried in order, so Chinese text never falls back to empty boxes: Windows, macOS, then common Linux fonts.
CHINESE_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "PingFang SC", "Noto Sans CJK SC",
                 "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei"]


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "subsidy-desk", *argv])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    font = QFont(app.font())
    font.setFamilies([font.family(), *CHINESE_FONTS])
    app.setFont(font)
    icon = resources_dir() / "icons" / "subsidy-desk.png"
    if icon.is_file():  # the taskbar and title bar; a missing icon is no reason not to start
        app.setWindowIcon(QIcon(str(icon)))
    return app


def run(argv: list[str]) -> int:
    """``subsidy-desk`` with no command: the window; ``--self-test``: see selftest.py. Other arguments go to Qt."""
    if "--self-test" in argv:
        from .selftest import self_test

        return self_test([a for a in argv if a != "--self-test"])
    app = create_application(argv)
    from .language import restore_language
    from .main_window import MainWindow

    restore_language()
    window = MainWindow()
    window.show()
    window.after_first_paint(window.offer_drafts)
    return app.exec()
