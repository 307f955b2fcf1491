"""The interface language: remembered in QSettings, applied to every open window at once.

Chinese is the default and the source language. Switching sends QEvent.LanguageChange to each top-level window;
Qt passes it on to every child widget, and each widget that shows text re-sets it in ``changeEvent``.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from .. import i18n
from . import options

QT_LOCALES = {"zh_CN": QLocale(QLocale.Language.Chinese, QLocale.Country.China),
              "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)}
_qt = {"translator": None}


def _install_qt_translation(lang: str) -> None:
    """Qt's own dialogs (print preview, file dialogs, message box buttons) speak the chosen language too.

    Qt's texts are English; for Chinese its shipped qtbase_zh_CN catalog is installed (kept in the bundle by
    build.spec). Missing catalog: Qt's English, nothing worse.
    """
    app = QCoreApplication.instance()
    if app is None:
        return
    if _qt["translator"] is not None:
        app.removeTranslator(_qt["translator"])
        _qt["translator"] = None
    QLocale.setDefault(QT_LOCALES[lang])
    if lang == i18n.DEFAULT:
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(QT_LOCALES[lang], "qtbase", "_", folder):
            app.installTranslator(translator)
            _qt["translator"] = translator


def restore_language() -> str:
    """At start-up, before the first window is built: the language chosen last time (an unknown value: Chinese)."""
    lang = options.LANGUAGE.read()
    if lang not in i18n.LANGUAGES:
        lang = i18n.DEFAULT
    i18n.set_language(lang)
    _install_qt_translation(lang)
    return lang


def switch_language(lang: str) -> None:
    """Change the language now and for the next start."""
    i18n.set_language(lang)
    _install_qt_translation(lang)
    options.LANGUAGE.write(lang)
    for widget in QApplication.topLevelWidgets():
        QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))


def babel_locale() -> str:
    """The locale figures and dates are shown in on screen (worksheets stay Chinese: they are filed)."""
    return i18n.language()
