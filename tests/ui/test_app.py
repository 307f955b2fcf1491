"""The program as a whole: `subsidy-desk --self-test`, shortcuts, re-labelling when the language changes, settings."""
import os
import re
import subprocess
import sys

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication

from subsidy_desk import i18n
from subsidy_desk.ui import options

from ..conftest import ROOT


def test_self_test_through_the_command(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SUBSIDY_DESK_DATA_DIR": str(tmp_path)}
    p = subprocess.run([sys.executable, "-m", "subsidy_desk", "--self-test"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    (line,) = p.stdout.splitlines()
    assert line.startswith("自检通过") and "28,366.67" in line and "2,465.75" in line and "225.00" in line


def test_every_action_has_its_own_shortcut(window):
    keys = [a.shortcut().toString() for a in window.actions.values()]
    assert all(keys) and len(set(keys)) == len(keys)
    expected = {"new": "Ctrl+N", "open": "Ctrl+O", "save": "Ctrl+S", "save_as": "Ctrl+Shift+S", "export": "Ctrl+E",
                "print": "Ctrl+P"}
    assert {k: window.actions[k].shortcut().toString() for k in expected} == expected


class Shouting:
    """A stand-in catalog that makes every translated string visible."""

    def gettext(self, message):
        return f"«{message}»"


def test_language_change_relabels_the_window(qtbot, window, monkeypatch):
    monkeypatch.setitem(i18n._state, "catalog", Shouting())
    QApplication.sendEvent(window, QEvent(QEvent.Type.LanguageChange))
    assert window.actions["save"].text() == "«保存»"
    assert window.tabs.tabText(0) == "«创业担保贷款贴息»"
    assert window.pages["startup_loan"].form.rows["inputs.principal"].label.text().startswith("«贷款本金（元）»")
    monkeypatch.setitem(i18n._state, "catalog", i18n.gettext.NullTranslations())
    window.retranslate()
    assert window.actions["save"].text() == "保存"


def test_settings_are_declared_once_and_read_back_typed(tmp_path):
    """Every QSettings key the window uses is an options.Option; an INI file's one-item list, a number and a
    boolean written as text come back as the declared type, and a value of the wrong type is refused, not stored."""
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    options.RECENT_FILES.write(["C:/案例/甲.json"], settings)
    options.REVIEW_OFFERED.write(True, settings)
    settings.setValue(options.LEDGER_USER.key, 7)
    settings.sync()
    again = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert options.RECENT_FILES.read(again) == ["C:/案例/甲.json"] and options.LEDGER_USER.read(again) == "7"
    assert options.REVIEW_OFFERED.read(again) is True
    assert options.WINDOW_GEOMETRY.read(again) is None and options.LANGUAGE.read(again) == "zh_CN"
    with pytest.raises(TypeError):
        options.WINDOW_TAB.write(3, again)
    options.LEDGER_USER.forget(again)
    assert options.LEDGER_USER.read(again) == ""
    spelt = set()
    for path in (ROOT / "subsidy_desk").rglob("*.py"):
        if path.name != "options.py":
            spelt |= set(re.findall(r"\.(?:value|setValue|remove|contains)\(\s*[\"']([^\"']+)",
                                    path.read_text(encoding="utf-8")))
    assert spelt == set()  # no key spelt outside the registry
