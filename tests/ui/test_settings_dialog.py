"""The settings dialog driven as a clerk would: add an LPR month, set a county value, reset it, switch language."""
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QSettings, Qt

from subsidy_desk import i18n
from subsidy_desk.case import compute
from subsidy_desk.fields import InputError
from subsidy_desk.office import load_office
from subsidy_desk.paths import overrides_file
from subsidy_desk.rules.load import load_rules
from subsidy_desk.ui.settings_dialog import SettingsDialog

LOAN = {"borrower_type": "small_micro", "principal": "3000000.00", "contract_date": "2026-10-09",
        "maturity_date": "2027-10-08", "contract_rate": "4.00", "settlement": "quarterly",
        "claim_from": "2026-10-09", "claim_to": "2026-12-20", "staff_count": 40, "new_hires": 8}
GUARANTEE = {"business_type": "small_micro", "amount": "1000000.00", "start_date": "2023-03-01",
             "end_date": "2023-08-27", "fee_rate": "0.80", "agency_level": "county"}


@pytest.fixture(autouse=True)
def settings_store(qapp, tmp_path):
    """QSettings in the test's own folder; the interface back in Chinese afterwards."""
    qapp.setOrganizationName("SubsidyDeskTest")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QSettings().clear()
    yield
    i18n.set_language(i18n.DEFAULT)


@pytest.fixture
def dialog(qtbot):
    d = SettingsDialog()
    qtbot.addWidget(d)
    d.show()
    return d


def add_month(qtbot, page, day, one, five):
    page.date_edit.setDate(day)
    page.one_edit.setText(one)
    page.five_edit.setText(five)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)


def rule_used(result, key):
    (value,) = [r for r in result.rules_used if r.key == key]
    return value


def test_an_added_lpr_month_is_used_for_a_loan_after_it(dialog, qtbot, make_case):
    case = make_case("startup_loan", LOAN)
    with pytest.raises(InputError, match="LPR"):  # the shipped table stops at 2026-08-20
        compute(case, load_rules())
    page = dialog.lpr_page
    add_month(qtbot, page, date(2026, 9, 22), "3.10", "3.60")
    assert "已添加" in page.message.text()
    assert page.model.row(0).local and page.model.data(page.model.index(0, 3)) == "本地补充"
    assert not overrides_file().exists()  # nothing written before 保存
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted and dialog.rules_changed
    result = compute(case, load_rules())
    lpr = rule_used(result, "lpr.1y")
    assert (lpr.value, lpr.confidence, lpr.start) == (Decimal("3.10"), "L", date(2026, 9, 22))
    assert "lpr" in result.rule_set["overrides"]


@pytest.mark.parametrize("day, one, five, field, message", [
    (date(2026, 8, 20), "3.00", "3.50", "date_edit", "必须晚于程序自带的最新一期（2026年8月20日）"),
    (date(2026, 9, 22), "abc", "3.50", "one_edit", "1年期 LPR不是数字：abc"),
    (date(2026, 9, 22), "3.00", "", "five_edit", "请填写5年期以上 LPR"),
    (date(2026, 9, 22), "30", "3.50", "one_edit", "1年期 LPR 30% 不合理"),
    (date(2026, 9, 22), "3.001", "3.50", "one_edit", "最多两位小数"),
])
def test_a_bad_month_shows_its_message_and_saves_nothing(dialog, qtbot, day, one, five, field, message):
    page = dialog.lpr_page
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    page.note_edit.setFocus()
    add_month(qtbot, page, day, one, five)
    assert message in page.message.text()
    assert page.focusWidget() is getattr(page, field)  # the cursor goes to the field the message is about
    assert not any(r.local for r in dialog.local.rules.lpr_table.rows)
    dialog.accept()
    assert not overrides_file().exists()


def test_a_second_month_in_the_same_month_is_refused(dialog, qtbot):
    page = dialog.lpr_page
    add_month(qtbot, page, date(2026, 9, 21), "3.00", "3.50")
    add_month(qtbot, page, date(2026, 9, 28), "3.00", "3.50")
    assert "2026年9月的 LPR 已经有了（2026年9月21日公布）" in page.message.text()
    assert sum(r.local for r in dialog.local.rules.lpr_table.rows) == 1


def test_an_unusual_month_needs_a_second_click(dialog, qtbot):
    page = dialog.lpr_page
    add_month(qtbot, page, date(2026, 9, 22), "3.00", "2.90")
    assert "5年期以上 LPR 低于 1年期 LPR" in page.message.text() and page.add_button.text() == "仍然添加"
    assert not any(r.local for r in dialog.local.rules.lpr_table.rows)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert [r.lpr_5y for r in dialog.local.rules.lpr_table.rows if r.local] == [Decimal("2.90")]


def test_a_local_month_can_be_removed_and_a_shipped_one_cannot(dialog, qtbot):
    page = dialog.lpr_page
    add_month(qtbot, page, date(2026, 9, 22), "3.00", "3.50")
    page.view.selectRow(1)  # 2026-08-20, shipped
    assert not page.remove_button.isEnabled()
    page.view.selectRow(0)
    assert page.remove_button.isEnabled()
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert not any(r.local for r in dialog.local.rules.lpr_table.rows)


def set_local_value(qtbot, dialog, key, value, document, note, start=date(2023, 1, 1)):
    page = dialog.rules_page
    page.select(key)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    editor.from_edit.setDate(start)
    editor.value_input.widget.setText(value)
    editor.document_edit.setText(document)
    editor.note_edit.setText(note)
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return editor


def test_a_county_value_with_its_note_reaches_the_result(dialog, qtbot, make_case):
    key = "guarantee_fee.subsidy_rate"  # [D]
    editor = set_local_value(qtbot, dialog, key, "0.6", "某县财〔2023〕1号", "")
    assert editor.isVisible() and "请填写说明" in editor.message.text()
    editor = set_local_value(qtbot, dialog, key, "0.6", "某县财〔2023〕1号", "本县保费补贴按 0.6%")
    assert not editor.isVisible()
    page = dialog.rules_page
    shown = page.model.value(page.proxy.mapToSource(page.view.selectionModel().selectedRows()[0]).row())
    assert (shown.key, shown.mark, shown.shown()) == (key, "[L]", "0.60%")
    dialog.accept()
    result = compute(make_case("guarantee_fee", GUARANTEE), load_rules())
    used = rule_used(result, key)
    assert (used.value, used.confidence, used.document, used.note) == (
        Decimal("0.6"), "L", "某县财〔2023〕1号", "本县保费补贴按 0.6%")
    assert key in result.rule_set["overrides"]
    assert "某县财〔2023〕1号" in result.explanation_text()


def test_a_bad_value_keeps_the_editor_open(dialog, qtbot):
    editor = set_local_value(qtbot, dialog, "guarantee_fee.subsidy_rate", "-1", "某县财〔2023〕1号", "说明")
    assert editor.isVisible() and "不能为负数" in editor.message.text()
    editor = set_local_value(qtbot, dialog, "guarantee_fee.subsidy_rate", "0.6", "某县财〔2023〕1号", "说明",
                             start=date(2020, 1, 1))
    assert "不能早于该参数的政策起始日（2022年6月8日）" in editor.message.text()
    editor.reject()
    assert not dialog.local.dirty


def test_a_list_value_is_chosen_from_its_choices(dialog, qtbot):
    key = "startup_loan.topup_borrower_types"  # [D] list
    dialog.rules_page.select(key)
    dialog.rules_page.edit_selected()
    editor = dialog.rules_page.editor
    items = editor.value_input.widget
    for i in range(items.count()):
        items.item(i).setCheckState(Qt.CheckState.Checked)
    editor.from_edit.setDate(date(2023, 1, 1))
    editor.document_edit.setText("某县财〔2023〕2号")
    editor.note_edit.setText("本县对个人和合伙创业也全额贴息")
    editor.accept()
    assert dialog.local.rules.get(key, date(2023, 6, 1)).value == ("individual", "graduate", "partnership", "small_micro")


def test_an_official_value_is_not_editable(dialog, qtbot):
    page = dialog.rules_page
    page.select("six_taxes.urban_rate_city")  # [C]
    assert not page.edit_button.isEnabled()
    assert "依据官方文件 [C]，不能在本地修改" in page.message.text()
    page.edit_selected()
    assert page.editor is None
    page.select("six_taxes.local_education_rate")  # [S]
    assert page.edit_button.isEnabled() and page.message.text() == ""


def test_reset_to_shipped(qtbot, make_case, rules):
    key = "guarantee_fee.subsidy_rate"
    first = SettingsDialog()
    qtbot.addWidget(first)
    set_local_value(qtbot, first, key, "0.6", "某县财〔2023〕1号", "本县保费补贴按 0.6%")
    first.accept()
    assert load_rules().parameters[key].local
    second = SettingsDialog()
    qtbot.addWidget(second)
    page = second.rules_page
    page.select(key)
    assert page.reset_button.isEnabled()
    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    assert not page.reset_button.isEnabled() and page.model.value(page.model.first_row_of(key)).mark == "[D]"
    second.accept()
    result = compute(make_case("guarantee_fee", GUARANTEE), load_rules())
    assert rule_used(result, key).value == Decimal("0.5") and result.rule_set["overrides"] == []
    assert result.rule_set["hash"] == rules.hash and not overrides_file().exists()  # as if never changed


def test_cancel_asks_before_dropping_changes_and_writes_nothing(dialog, qtbot):
    add_month(qtbot, dialog.lpr_page, date(2026, 9, 22), "3.00", "3.50")
    dialog.reject()
    box = dialog.discard_box
    assert box.isVisible() and dialog.isVisible()
    qtbot.mouseClick(box.button(box.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # 继续编辑
    dialog.reject()
    qtbot.mouseClick(dialog.discard_box.button(box.StandardButton.Discard), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.result() == SettingsDialog.DialogCode.Rejected
    assert not overrides_file().exists()


def test_a_broken_overrides_file_is_shown_and_kept_aside(data_dir, qtbot):
    overrides_file().write_text('{"format": "subsidy-desk/overrides@1", "lpr": [{"date": "x"}]}', encoding="utf-8")
    d = SettingsDialog()
    qtbot.addWidget(d)
    assert not d.problem.isHidden() and "本地调整文件无法使用" in d.problem.text()
    d.accept()
    assert load_rules().overridden_keys == []
    assert len(list(data_dir.glob("overrides-broken-*.json"))) == 1


def test_office_details_round_trip(qtbot):
    d = SettingsDialog()
    qtbot.addWidget(d)
    d.office_page.name_edit.setText("忻府区财政局")
    d.office_page.clerk_edit.setText("王敏")
    d.accept()
    assert load_office() == {"name": "忻府区财政局", "clerk": "王敏"}
    again = SettingsDialog()
    qtbot.addWidget(again)
    assert again.office_page.name_edit.text() == "忻府区财政局" and again.office_page.clerk_edit.text() == "王敏"


def test_switch_to_english_and_back(dialog, qtbot):
    page = dialog.lpr_page
    assert page.form.title() == "添加月份" and dialog.windowTitle() == "设置"
    dialog.language_page.buttons["en"].click()
    assert i18n.language() == "en" and QSettings().value("language") == "en"
    assert page.form.title() == "Add a month" and dialog.windowTitle() == "Settings"
    assert dialog.tabs.tabText(0) == "Policy · LPR"
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Published"
    assert page.model.data(page.model.index(0, 0)) == "Aug 20, 2026"
    dialog.language_page.buttons["zh_CN"].click()
    assert i18n.language() == "zh_CN" and QSettings().value("language") == "zh_CN"
    assert page.form.title() == "添加月份" and page.model.data(page.model.index(0, 0)) == "2026年8月20日"


def test_qt_own_dialogs_follow_the_language(qapp):
    from PySide6.QtCore import QCoreApplication

    from subsidy_desk.ui.language import restore_language, switch_language

    assert restore_language() == "zh_CN"  # nothing saved yet: Chinese
    assert QCoreApplication.translate("QPrintPreviewDialog", "Print Preview") == "打印预览"  # qtbase_zh_CN
    switch_language("en")
    assert QCoreApplication.translate("QPrintPreviewDialog", "Print Preview") == "Print Preview"
    assert restore_language() == "en"  # remembered for the next start
    switch_language("zh_CN")


def test_a_failed_save_is_shown_and_the_dialog_stays_open(dialog, qtbot, data_dir):
    add_month(qtbot, dialog.lpr_page, date(2026, 9, 22), "3.00", "3.50")
    overrides_file().mkdir()  # a folder where the file should be: the disk refuses the write
    dialog.accept()
    assert dialog.isVisible() and not dialog.save_error.isHidden()
    assert "保存失败，未做任何修改" in dialog.save_error.text()
    overrides_file().rmdir()
    dialog.accept()
    assert not dialog.isVisible() and load_rules().overridden_keys == ["lpr"]


def test_enter_adds_the_month_and_does_not_close_the_dialog(dialog, qtbot):
    page = dialog.lpr_page
    page.date_edit.setDate(date(2026, 9, 22))
    qtbot.keyClicks(page.one_edit, "3.00")
    qtbot.keyClicks(page.five_edit, "3.50")
    qtbot.keyClick(page.five_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and "已添加" in page.message.text()
    assert [r.lpr_1y for r in dialog.local.rules.lpr_table.rows if r.local] == [Decimal("3.00")]
    dialog.rules_page.filter_edit.setText("subsidy_rate")  # QTest types ASCII only; keys match too
    qtbot.keyClick(dialog.rules_page.filter_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.rules_page.proxy.rowCount() >= 1
    assert not overrides_file().exists()


def test_the_rule_table_narrows_by_measure_and_text(dialog):
    page = dialog.rules_page
    everything = page.proxy.rowCount()
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("six_taxes"))
    keys = {page.model.value(page.proxy.mapToSource(page.proxy.index(r, 0)).row()).key
            for r in range(page.proxy.rowCount())}
    assert 0 < len(keys) and all(k.startswith("six_taxes.") for k in keys)
    page.filter_edit.setText("教育费附加")
    assert 0 < page.proxy.rowCount() < len(keys)
    page.kind_combo.setCurrentIndex(0)
    page.filter_edit.clear()
    assert page.proxy.rowCount() == everything


def clipped_cells(view):
    """Cells whose text, laid out as Qt paints it (wrapped at word boundaries, in the cell less the grid line and
    its text margin twice on each side), needs more height than the row has (less a pixel of grid and one of
    frame)."""
    from PySide6.QtGui import QTextLayout, QTextOption
    from PySide6.QtWidgets import QStyle

    model = view.model()
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    out = []
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            layout = QTextLayout(model.index(r, c).data() or "", view.font())
            layout.setTextOption(option)
            layout.beginLayout()
            height = 0.0
            while (line := layout.createLine()).isValid():
                line.setLineWidth(view.columnWidth(c) - 1 - 4 * margin)
                height += line.height()
            layout.endLayout()
            if height + 2 > view.rowHeight(r):
                out.append(model.index(r, c).data())
    return out


def test_rule_rows_are_as_tall_as_their_text_and_the_tooltip_has_it_all(dialog, qtbot):
    page = dialog.rules_page
    dialog.tabs.setCurrentWidget(page)
    for width in (1100, 900):  # also after the window (and so the note column) changed width
        dialog.resize(width, 700)
        qtbot.wait(10)
        assert clipped_cells(page.view) == []
    row = page.model.first_row_of("startup_loan.poverty_counties")
    tip = page.model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert page.model.value(row).shown() in tip  # the whole list of counties, whatever the column shows


def test_the_editor_starts_from_the_value_in_force_and_says_what_earlier_cases_keep(dialog, qtbot):
    key = "guarantee_fee.subsidy_rate"  # [D], shipped from 2022年6月8日
    dialog.rules_page.select(key)
    dialog.rules_page.edit_selected()
    editor = dialog.rules_page.editor
    assert editor.from_edit.date().toPython() == date(2022, 6, 8)
    assert editor.from_hint.text() == "2022年6月8日之前的案例仍按程序自带值计算。"
    editor.from_edit.setDate(date(2023, 1, 1))
    assert editor.from_hint.text() == "2023年1月1日之前的案例仍按程序自带值计算。"
    editor.reject()
