"""The program as a whole: `subsidy-desk --self-test`, shortcuts, and re-labelling when the language changes."""
import os
import subprocess
import sys

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from subsidy_desk import i18n

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
