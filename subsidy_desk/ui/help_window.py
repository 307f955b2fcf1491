"""帮助 → 使用说明 (F1): the clerk's guide, in Chinese, read inside the program from the shipped resources/help folder,
so it opens on a PC with no network and no browser set up."""
from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from ..i18n import _
from ..paths import resources_dir

GUIDE = "guide.html"


def guide_path():
    return resources_dir() / "help" / GUIDE


class HelpWindow(QDialog):
    """A window of its own beside the calculators (not modal): a clerk reads a step and does it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)  # everything it links is inside the guide
        path = guide_path()
        self.browser.setSearchPaths([str(path.parent)])
        if path.is_file():
            self.browser.setSource(QUrl.fromLocalFile(str(path)))
        else:
            self.browser.setPlainText(_("找不到使用说明文件 {path}（安装不完整），请重新安装本程序。").format(path=path))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("关闭"))
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self, self.browser.backward)
        self.setWindowTitle(_("使用说明"))
        self.resize(820, 640)

    def show_section(self, anchor: str) -> None:
        self.browser.scrollToAnchor(anchor)
