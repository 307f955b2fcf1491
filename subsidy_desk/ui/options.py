"""Every value the window keeps in QSettings, declared once: its key, its type, its default and where it is kept.

As MusicBrainz Picard declares its options: a module asks ``LEDGER_URL.read(settings)`` and gets a ``str`` (never
None, never a QVariant of another type: an INI file gives back a one-item list as a plain string, a number and a
boolean as text), and a new value cannot be stored under a misspelt key or with the wrong type.
``docs/settings.md`` lists what the clerk sets.

Where a value is kept: ``SETTING`` is chosen by the clerk in 设置 and follows them to a new window; ``PERSIST`` is
remembered window state (size, last tab, recent files, a question already asked), harmless to lose.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from .. import i18n

SETTING, PERSIST = "setting", "persist"


@dataclass(frozen=True)
class Option:
    key: str  # the QSettings key; it is stored in clerks' settings, so it never changes
    type: type  # str, bool, list (of str) or QByteArray
    default: Any
    kept: str  # SETTING or PERSIST

    def read(self, settings: QSettings | None = None) -> Any:
        value = (settings if settings is not None else QSettings()).value(self.key)
        if value is None:
            return self.default
        if self.type is list:
            return [value] if isinstance(value, str) else [str(v) for v in value]
        if self.type is str:
            return str(value)
        if self.type is bool:
            return value if isinstance(value, bool) else str(value).lower() in ("true", "1")
        return value if isinstance(value, self.type) else self.default

    def write(self, value: Any, settings: QSettings | None = None) -> None:
        if not (isinstance(value, self.type) or (value is None and self.default is None)):
            raise TypeError(f"{self.key}: {type(value).__name__}, not {self.type.__name__}")
        (settings if settings is not None else QSettings()).setValue(self.key, value)

    def forget(self, settings: QSettings | None = None) -> None:
        """Remove the stored value (read gives the default again)."""
        (settings if settings is not None else QSettings()).remove(self.key)


LANGUAGE = Option("language", str, i18n.DEFAULT, SETTING)
LEDGER_URL = Option("ledger/url", str, "", SETTING)  # empty: the ledger file in the user's data folder
# The clerk's name as an older version kept it; the one name now lives in 本单位 (office.json), this is only read.
LEDGER_USER = Option("ledger/user", str, "", SETTING)
WINDOW_GEOMETRY = Option("window/geometry", QByteArray, None, PERSIST)
WINDOW_STATE = Option("window/state", QByteArray, None, PERSIST)
WINDOW_TAB = Option("window/tab", str, "", PERSIST)  # the measure of the tab shown last
RECENT_FILES = Option("recent_files", list, [], PERSIST)
REVIEW_OFFERED = Option("review/offered", bool, False, PERSIST)  # 本县参数确认 offered once, at the first start

OPTIONS = {o.key: o for o in (LANGUAGE, LEDGER_URL, LEDGER_USER, WINDOW_GEOMETRY, WINDOW_STATE, WINDOW_TAB,
                              RECENT_FILES, REVIEW_OFFERED)}
