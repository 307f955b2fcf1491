"""The window in English: the result's labels, table headers and status bar follow the language; the explanation
steps and warnings stay Chinese (the filed record), and the window says so."""
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from subsidy_desk import i18n

from .conftest import ROOT_CASES


@pytest.fixture
def english():
    yield
    i18n.set_language(i18n.DEFAULT)


def switch(window, lang):
    i18n.set_language(lang)
    QCoreApplication.sendEvent(window, QEvent(QEvent.Type.LanguageChange))


def test_the_result_and_the_status_bar_speak_english(qtbot, window, english):
    assert window.open_path(ROOT_CASES / "six_taxes.json")
    view = window.page.view
    assert not view.record_note.isVisible()  # in Chinese there is nothing to explain
    switch(window, "en")
    assert view.total.text().startswith("Reduction&nbsp;")
    assert "Total payable" in view.figures.text() and "应纳合计" not in view.figures.text()
    headers = [view.table_model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.table_model.columnCount())]
    assert "Reduction rate" in headers and not any("减征" in h for h in headers)
    assert window.statusBar().currentMessage() == f"Opened {ROOT_CASES / 'six_taxes.json'}"
    assert view.record_note.isVisible() and "stay in Chinese" in view.record_note.text()
    assert "减征" in view.explanation.toPlainText()  # the steps are the filed record: Chinese
    switch(window, i18n.DEFAULT)
    assert view.total.text().startswith("减征额") and not view.record_note.isVisible()
    assert window.statusBar().currentMessage().startswith("已打开 ")
