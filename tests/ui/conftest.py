"""The real main window, offscreen, with its window state in a private file; and a way to type into it."""
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from subsidy_desk.ui.inputs import BoolInput, ChoiceInput, DateInput
from subsidy_desk.ui.records import RecordsInput


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch):
    """A message box nobody expected fails the test instead of waiting forever offscreen."""
    from PySide6.QtWidgets import QMessageBox

    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:3]}")

    for name in ("exec", "question", "warning", "critical", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, unexpected)


@pytest.fixture
def window(qtbot, rules, settings):
    from subsidy_desk.ui.main_window import MainWindow

    w = MainWindow(rules=rules, settings=settings)
    w.show()
    w.activateWindow()
    qtbot.waitActive(w)
    yield w
    for page in w.pages.values():  # nothing left to ask about when the fixture closes it
        page.set_modified(False)
    w.close()
    w.deleteLater()


def type_into(qtbot, page, key: str, value) -> None:
    """Fill one field the way a user does: keys into text fields, a pick from a list, rows typed cell by cell."""
    widget = page.form.rows[key].input
    if isinstance(widget, ChoiceInput):
        widget.setFocus()
        widget.setCurrentIndex(widget.findData(value))
    elif isinstance(widget, BoolInput):
        widget.setChecked(bool(value))
    elif isinstance(widget, RecordsInput):
        for row in value:
            qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)
            r = widget.model.rowCount() - 1
            for c, f in enumerate(widget.field.sub):
                if f.name not in row:
                    continue
                widget.view.setCurrentIndex(widget.model.index(r, c))
                if f.type == "choice":
                    widget.model.setData(widget.model.index(r, c), row[f.name])
                else:
                    qtbot.keyClick(widget.view, Qt.Key.Key_F2)
                    editor = widget.view.indexWidget(widget.model.index(r, c))
                    editor.selectAll()
                    qtbot.keyClicks(editor, str(row[f.name]))
                    qtbot.keyClick(editor, Qt.Key.Key_Return)  # commits through a queued call: let it run
                    qtbot.waitUntil(lambda: widget.view.indexWidget(widget.model.index(r, c)) is None)
    else:
        target = widget.edit if isinstance(widget, DateInput) else widget
        target.setFocus()
        target.selectAll()
        qtbot.keyClicks(target, str(value))


def fill(qtbot, window, kind, inputs, applicant=None):
    page = window.pages[kind]
    window.show_page(page)
    for key, value in (applicant or {}).items():
        type_into(qtbot, page, f"applicant.{key}", value)
    for key, value in inputs.items():
        type_into(qtbot, page, f"inputs.{key}", value)
    return page


def settle(qtbot, page):
    """Wait for the debounced computation to run."""
    qtbot.waitUntil(lambda: not page.timer.isActive(), timeout=3000)


ROOT_CASES = Path(__file__).resolve().parents[2] / "docs" / "cases"
