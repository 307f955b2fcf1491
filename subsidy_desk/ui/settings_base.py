"""Pieces the settings pages share: date conversions, the message line, Enter handling, retranslating pages."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt
from PySide6.QtWidgets import QDateEdit, QLabel, QWidget

from .. import i18n
from .language import QT_LOCALES

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5300;"
DONE_STYLE = "color: #1b5e20;"


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def qt_locale() -> QLocale:
    """The calendar pop-ups' month and day names follow the interface language."""
    return QT_LOCALES[i18n.language()]


class EnterKey(QObject):
    """Enter in a field runs the page's own action and goes no further: in a dialog an unhandled Enter presses
    保存, and finishing a rate or a filter with Enter must not save and close the dialog by surprise."""

    def __init__(self, action, widgets, parent):
        super().__init__(parent)
        self.action = action
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.action()
            return True
        return False


def show_message(label: QLabel, text: str, style: str) -> None:
    label.setStyleSheet(style)
    label.setText(text)


class Page(QWidget):
    """A page that re-sets its texts when the language changes."""

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        raise NotImplementedError
