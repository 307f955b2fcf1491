"""Where the window finds the ledger, opening it with every problem told in words, and the ledger in its own window.

The location lives in QSettings (options.LEDGER_URL: empty for the SQLite file in the data folder, else a PostgreSQL
URL; the clerk's one name is 本单位's 经办人; on PostgreSQL the database login is the user). Opening happens here, in one
place, so the main window, the ledger window and the batch dialog all say the same thing about a ledger on a
network share, one from a newer program or a server that does not answer: a message, never a traceback.
"""
from __future__ import annotations

import warnings

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QVBoxLayout, QWidget

from ..i18n import _
from . import options

def ledger_location(settings: QSettings | None = None) -> tuple[str | None, str | None]:
    """(url, user) as the clerk set them: url None is the SQLite file in the data folder; user None on PostgreSQL
    (the login is the user) or when no name was set (the ledger then asks for one; never the computer login)."""
    from ..office import load_office

    url = options.LEDGER_URL.read(settings).strip() or None
    # one name: 本单位's 经办人; the ledger's own key only as kept by an older version
    user = load_office()["clerk"] or options.LEDGER_USER.read(settings).strip() or None
    if url and url.startswith("postgresql"):
        user = None
    return url, user


def clerk_name(settings: QSettings | None = None) -> str:
    """The one name this clerk has on worksheets, in the ledger, its history and the status bar: the login on a
    PostgreSQL ledger; on one PC the name set in the program (never the computer's login)."""
    from ..office import default_user

    url, user = ledger_location(settings)
    if url and url.startswith("postgresql"):
        from ..ledger.database import server_parts

        return server_parts(url) and _login(url) or ""
    return user or default_user()


def _login(url: str) -> str:
    import urllib.parse

    netloc = urllib.parse.urlsplit(url).netloc
    return urllib.parse.unquote(netloc.rsplit("@", 1)[0].split(":", 1)[0]) if "@" in netloc else ""


def office_rules_at(url: str | None):
    """(the office's published rules in the ledger at ``url`` or None, why the ledger could not be read or "").
    Safe in any thread: it shows nothing (ui/rules_reader.py calls it off the GUI thread)."""
    from ..ledger import LedgerError, published_rules

    try:
        return published_rules(url), ""
    except (LedgerError, OSError) as exc:
        return None, ledger_problem(exc)


def ledger_problem(exc: Exception) -> str:
    """The clerk's sentence for a ledger that cannot be opened or used (the ledger's own messages are Chinese)."""
    from ..ledger import LedgerError

    if isinstance(exc, LedgerError):
        return str(exc)
    return _("无法连接台账数据库，请检查设置中的台账位置，或请管理员检查数据库服务器。原因：{error}").format(
        error=str(getattr(exc, "orig", None) or exc).strip())


def open_ledger(parent: QWidget | None, settings: QSettings | None = None):
    """The ledger as set in the settings, or None after telling the clerk why not. A SQLite file on a network
    share opens, but only after the clerk has read the warning (it can corrupt the file)."""
    from ..ledger import Ledger, LedgerError, NetworkShareWarning

    url, user = ledger_location(settings)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", NetworkShareWarning)
            ledger = Ledger(url, user)
    except (LedgerError, OSError) as exc:
        QGuiApplication.restoreOverrideCursor()
        QMessageBox.critical(parent, _("无法打开台账"), ledger_problem(exc))
        return None
    QGuiApplication.restoreOverrideCursor()
    for warning in caught:
        if issubclass(warning.category, NetworkShareWarning):
            QMessageBox.warning(parent, _("台账位置不安全"), str(warning.message))
    return ledger


def bring_forward(window: QWidget) -> None:
    """Show a window that may be hidden behind another. The offscreen platform (tests, --self-test) has no
    stacking order and warns on raise(); a Qt warning fails a test, so it is not asked there."""
    window.show()
    if QGuiApplication.platformName() != "offscreen":
        window.raise_()
    window.activateWindow()


class LedgerWindow(QWidget):
    """The ledger view in a window of its own beside the main window; it owns the ledger it opened and closes it
    with itself. ``open_case(case, ledger_id)`` passes a case on to the main window's calculator."""

    open_case = Signal(object, int)

    def __init__(self, ledger, parent=None):
        from .ledger_view import LedgerView

        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ledger = ledger
        self.view = LedgerView(ledger, self)
        self.view.open_case.connect(self.open_case)
        self.view.title_changed.connect(self.setWindowTitle)
        self.setWindowTitle(self.view.windowTitle())
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        screen = (parent.screen() if parent is not None else None) or self.screen()
        available = screen.availableGeometry()
        self.resize(min(1280, available.width() - 40), min(720, available.height() - 60))

    def closeEvent(self, event) -> None:
        self.ledger.close()
        super().closeEvent(event)
