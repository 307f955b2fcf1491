"""A read-only file is replaced only when the clerk says so (the command line's --force, asked in the window).

The writers themselves refuse a read-only target (files.ReadOnlyTarget); the window asks first, before any work
starts, and then writes inside files.read_only_allowed — in the worker thread too, where the writing happens.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from ..files import is_read_only, read_only_allowed
from ..i18n import _


def confirm(parent, path) -> bool:
    """True to go on writing ``path``: it is not a read-only file, or the clerk agreed to replace it."""
    if not is_read_only(Path(path)):
        return True
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, _("只读文件"),
                                  _("“{path}”是只读文件。\n仍要用新内容覆盖它吗？（覆盖后仍为只读）").format(path=path),
                                  buttons, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def write(action):
    """Run ``action()`` allowing a read-only target: call only after ``confirm`` said yes."""
    with read_only_allowed():
        return action()
