"""The interface language: remembered in QSettings, applied to every open window at once.

Chinese is the default and the source language. Switching sends QEvent.LanguageChange to each top-level window;
Qt passes it on to every child widget, and each widget that shows text re-sets it in ``changeEvent``.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication

from .. import i18n

SETTINGS_KEY = "language"


def restore_language() -> str:
    """At start-up, before the first window is built: the language chosen last time (an unknown value: Chinese)."""
    lang = QSettings().value(SETTINGS_KEY, i18n.DEFAULT)
    if lang not in i18n.LANGUAGES:
        lang = i18n.DEFAULT
    i18n.set_language(lang)
    return lang


def switch_language(lang: str) -> None:
    """Change the language now and for the next start."""
    i18n.set_language(lang)
    QSettings().setValue(SETTINGS_KEY, lang)
    for widget in QApplication.topLevelWidgets():
        QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))


def babel_locale() -> str:
    """The locale figures and dates are shown in on screen (worksheets stay Chinese: they are filed)."""
    return i18n.language()
