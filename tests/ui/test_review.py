"""本县参数确认 driven as a clerk would: offered at first start, counted in the status bar, confirmed in 设置."""
import json

from PySide6.QtCore import QItemSelectionModel, Qt

from subsidy_desk.paths import overrides_file
from subsidy_desk.rules.load import load_rules
from subsidy_desk.ui.settings_dialog import SettingsDialog


def test_first_start_offers_the_review_and_the_status_bar_counts_what_is_unconfirmed(qtbot, window, rules):
    pending = len(rules.unconfirmed())
    assert pending > 0
    assert window.review_banner.isVisible() and f"有 {pending} 项取值" in window.review_text.text()
    assert window.review_button.isVisible() and window.review_button.text() == f"本县尚有 {pending} 项参数未确认"
    # styled when first shown (no style sheet before the window's first paint), and so in its own colours
    assert window.review_banner.grab().toImage().pixelColor(2, 2).name() == "#fff4e5"
    assert window.review_button.palette().color(window.review_button.foregroundRole()).name() == "#8a5300"
    qtbot.mouseClick(window.review_later, Qt.MouseButton.LeftButton)
    assert not window.review_banner.isVisible()
    assert window.settings.value("review/offered", type=bool) is True
    window.retranslate()
    assert not window.review_banner.isVisible()  # offered once; the status bar keeps counting
    assert window.review_button.isVisible()


def test_confirming_selected_values_with_the_countys_document(qtbot):
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_page("review")
    page = dialog.review_page
    total = len(page.local.rules.review())
    assert f"共 {total} 项 [S]/[D] 取值，{total} 项未经本县确认" in page.count_label.text()
    rows = [r for r in range(page.model.rowCount()) if page.model.value(r).key == "startup_loan.regime"]
    selection = page.view.selectionModel()
    for r in rows:
        selection.select(page.proxy.mapFromSource(page.model.index(r, 0)),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert page.confirm_button.isEnabled() and page.edit_button.isEnabled()
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    confirm = page.dialog
    confirm.accept()  # no document: refused inside the dialog, which stays open
    assert "请填写本县确认所依据的文件" in confirm.message.text() and confirm.isVisible()
    confirm.document_edit.setText("某县财〔2024〕2号")
    confirm.accept()
    assert "已确认 2 项" in page.message.text()
    assert f"{total - 2} 项未经本县确认" in page.count_label.text()
    page.only_pending.setChecked(True)
    assert page.proxy.rowCount() == total - 2
    dialog.accept()
    saved = json.loads(overrides_file().read_text(encoding="utf-8"))
    assert {(c["key"], c["from"], c["document"]) for c in saved["confirmed"]} == {
        ("startup_loan.regime", "2020-01-01", "某县财〔2024〕2号"), ("startup_loan.regime", "2023-10-01", "某县财〔2024〕2号")}
    assert len(load_rules().unconfirmed()) == total - 2
