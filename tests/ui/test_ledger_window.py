"""The window and the ledger together: the 工具 menu opens the batch dialog and the ledger, a computed case is
registered (and refused the second time, naming the earlier number), a ledger case opens into its calculator, the
batch registers all its rows or none, the ledger settings page keeps its values, and problems opening a ledger are
told in words. The ledger is the SQLite file in the test's data folder unless a test says otherwise."""
import sqlite3

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from subsidy_desk import i18n
from subsidy_desk.ledger import Ledger

from ..batch.conftest import LOAN, credit_code, fill
from .conftest import ROOT_CASES


@pytest.fixture
def messages(monkeypatch):
    """Every message box the window shows, as (kind, title, text), instead of a dialog waiting offscreen."""
    shown = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda parent, title, text, *a, kind=kind, **k: shown.append(
            (kind, title, text)) or QMessageBox.StandardButton.Ok)
    return shown


@pytest.fixture
def clerk(settings, data_dir):
    """The ledger set up as on one PC: the default file in the data folder, clerk 李敏 with the 经办 role."""
    settings.setValue("ledger/url", "")
    settings.setValue("ledger/user", "李敏")
    with Ledger(None, "管理员") as ledger:
        ledger.grant("管理员", "审核")  # a new ledger's first grant names its reviewer
        ledger.grant("李敏", "经办")
    return data_dir / "ledger.sqlite3"


def entries():
    with Ledger(None, "管理员") as ledger:
        return ledger.entries()


def test_the_tools_menu_opens_the_batch_dialog_and_the_ledger(qtbot, window, clerk):
    from subsidy_desk.ui.batch_dialog import BatchDialog
    from subsidy_desk.ui.ledger_view import LedgerView

    menu = [a.text() for a in window.tools_menu.actions()]
    assert menu[:3] == ["登记到台账", "台账…", "批量计算…"]
    assert window.actions["batch"].shortcut() == QKeySequence("Ctrl+B")
    assert window.actions["ledger"].shortcut() == QKeySequence("Ctrl+L")
    assert window.actions["register"].shortcut() == QKeySequence("Ctrl+R")
    assert not window.actions["register"].isEnabled()  # nothing computed yet

    window.actions["batch"].trigger()
    assert isinstance(window.batch_dialog, BatchDialog) and window.batch_dialog.isVisible()
    window.batch_dialog.reject()

    window.actions["ledger"].trigger()
    ledger_window = window.ledger_window
    assert isinstance(ledger_window.view, LedgerView) and ledger_window.isVisible()
    assert ledger_window.windowTitle() == "台账 — 用户 李敏（经办）"
    window.actions["ledger"].trigger()  # again: the same window comes forward, no second one
    assert window.ledger_window is ledger_window
    ledger_window.close()
    qtbot.waitUntil(lambda: window.ledger_window is None)


def test_register_a_computed_case_and_the_same_claim_again(qtbot, window, clerk, messages):
    assert window.open_path(ROOT_CASES / "startup_loan.json")
    assert window.actions["register"].isEnabled()
    window.actions["register"].trigger()
    assert messages == [("information", "登记到台账", "已登记为台账第 1 号")]
    (entry,) = entries()
    assert (entry.status, entry.total, entry.created_by) == ("已计算", window.page.result.total, "李敏")
    with Ledger(None, "管理员") as ledger:
        stored = ledger.versions(1)[-1].case
    assert stored.computed["rule_set"] == window.page.result.rule_set  # it can tell later if the rules changed

    messages.clear()
    assert window.register_case() is None
    ((kind, title, text),) = messages
    assert (kind, title) == ("warning", "重复申请")
    assert text.startswith("这件申请已登记在台账第 1 号，没有再次登记。") and "JK20220621" in text  # the contract number as compared
    assert len(entries()) == 1


def test_a_clerk_without_the_role_is_told_why(qtbot, window, clerk, settings, messages):
    settings.setValue("ledger/user", "路人")
    window.open_path(ROOT_CASES / "guarantee_fee.json")
    assert window.register_case() is None
    assert messages == [("warning", "不能登记", "用户 路人 没有“经办”角色，不能登记案例")]
    assert entries() == []


def test_a_case_without_its_contract_number_names_the_field(qtbot, window, clerk, messages):
    window.open_path(ROOT_CASES / "guarantee_fee.json")
    window.page.form.rows["inputs.contract_no"].input.clear()
    window.page.recompute()
    assert window.register_case() is None
    assert messages[0][:2] == ("warning", "不能登记") and "担保合同编号" in messages[0][2]


def test_a_ledger_case_opens_into_its_calculator(qtbot, window, clerk, messages):
    window.open_path(ROOT_CASES / "six_taxes.json")
    total = window.page.result.total
    case_id = window.register_case()
    window.new_case()
    assert window.page.result is None
    window.actions["ledger"].trigger()
    view = window.ledger_window.view
    assert view.select(case_id)
    assert view.open_button.isEnabled() and view.open_current()
    assert window.page.kind == "six_taxes" and window.page.result.total == total
    assert not window.page.modified and window.page.path is None
    assert window.statusBar().currentMessage() == f"已从台账第 {case_id} 号打开"


def test_a_ledger_from_a_newer_program_is_refused_in_words(qtbot, window, clerk, messages):
    with sqlite3.connect(clerk) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'r9999_future'")
    window.actions["ledger"].trigger()
    assert window.ledger_window is None
    ((kind, title, text),) = messages
    assert (kind, title) == ("critical", "无法打开台账") and "较新版本的程序" in text and "没有对数据库做任何修改" in text


def test_a_server_that_does_not_answer_is_told_in_words(qtbot, window, settings, messages):
    settings.setValue("ledger/url", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    window.open_path(ROOT_CASES / "startup_loan.json")
    assert window.register_case() is None
    ((kind, title, text),) = messages
    assert (kind, title) == ("critical", "无法打开台账") and text.startswith("无法打开台账数据库")
    assert "Traceback" not in text


def test_a_ledger_on_a_network_share_warns_first(qtbot, window, clerk, messages, monkeypatch):
    from subsidy_desk.ledger import database

    monkeypatch.setattr(database, "is_network_path", lambda path: True)
    window.actions["ledger"].trigger()
    ((kind, title, text),) = messages
    assert (kind, title) == ("warning", "台账位置不安全") and "不支持放在网络共享文件夹" in text and "PostgreSQL" in text
    assert window.ledger_window.isVisible()  # warned, then opened: the clerk decides
    window.ledger_window.close()


# ----- batch → ledger ------------------------------------------------------------------------------------------

def _batch(qtbot, settings, path):
    from subsidy_desk.ui.batch_dialog import BatchDialog

    dialog = BatchDialog(settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load(path)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    dialog.compute()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    return dialog


def _rows(n):
    return [{**LOAN, "序号": i, "申请人名称": f"企业{i}", "统一社会信用代码": credit_code(i), "借款合同编号": f"JK-{i}"}
            for i in range(1, n + 1)]


def test_batch_rows_go_into_the_ledger_all_or_none(qtbot, clerk, settings, tmp_path, messages):
    path = fill("startup_loan", _rows(3), tmp_path / "list.xlsx")
    dialog = _batch(qtbot, settings, path)
    assert dialog.ledger_button.isEnabled()
    dialog.ledger_button.click()
    assert dialog.busy
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert "已登记到台账 3 件（台账第 1–3 号）" in dialog.summary.text()
    assert [dialog.model.index(r, 1).data() for r in range(3)] == [f"已登记台账第 {i} 号" for i in (1, 2, 3)]
    assert not dialog.ledger_button.isEnabled()
    assert [(e.applicant_name, e.created_by) for e in entries()] == [(f"企业{i}", "李敏") for i in (1, 2, 3)]

    again = _batch(qtbot, settings, fill("startup_loan", _rows(4), tmp_path / "more.xlsx"))  # 3 old rows, 1 new
    again.commit_to_ledger()
    qtbot.waitUntil(lambda: not again.busy, timeout=20000)
    text = again.summary.text()
    assert "没有登记任何一件" in text and "第 3 行（企业1）：已登记为台账第 1 号" in text and "第 5 行" in text
    assert "第 6 行" not in text  # the new row was fine, and still nothing of the list went in
    assert len(entries()) == 3


def test_a_batch_row_without_a_contract_number_stops_the_whole_list(qtbot, clerk, settings, tmp_path, messages):
    rows = _rows(2)
    del rows[1]["借款合同编号"]
    dialog = _batch(qtbot, settings, fill("startup_loan", rows, tmp_path / "list.xlsx"))
    dialog.commit_to_ledger()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert "第 4 行：登记台账需要填写借款合同编号" in dialog.summary.text() and entries() == []


def test_a_batch_from_a_clerk_without_the_role_is_refused_whole(qtbot, clerk, settings, tmp_path, messages):
    settings.setValue("ledger/user", "路人")
    dialog = _batch(qtbot, settings, fill("startup_loan", _rows(2), tmp_path / "list.xlsx"))
    dialog.commit_to_ledger()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert "用户 路人 没有“经办”角色，不能登记案例" in dialog.summary.text() and entries() == []
    assert dialog.ledger_button.isEnabled()  # once the role is granted, the same list can go in


def test_a_claim_registered_meanwhile_is_named_by_its_row(qtbot, clerk, settings, tmp_path, messages, monkeypatch):
    """Another clerk registers row 4's claim between the check and the commit: the unique constraint refuses it,
    nothing of the list is kept, and the message names the Excel row and the other clerk's ledger number."""
    from subsidy_desk.ledger import store

    dialog = _batch(qtbot, settings, fill("startup_loan", _rows(2), tmp_path / "list.xlsx"))
    real = store.Ledger.add_many

    def add_many(self, items, **kw):
        with Ledger(None, "李敏") as other:  # the same clerk at another PC, say
            real(other, [items[1]])
        return real(self, items, **kw)

    monkeypatch.setattr(store.Ledger, "add_many", add_many)
    dialog.commit_to_ledger()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert "第 4 行（企业2）：已登记为台账第 1 号" in dialog.summary.text()
    assert [e.applicant_name for e in entries()] == ["企业2"]


def test_cancelling_the_batch_commit_keeps_nothing(qtbot, clerk, settings, tmp_path, messages):
    dialog = _batch(qtbot, settings, fill("startup_loan", _rows(3), tmp_path / "list.xlsx"))
    dialog.commit_to_ledger()
    assert dialog.cancel_button.isEnabled()
    dialog.cancel_button.click()  # at once: the worker is still checking the claims, before the first case
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert "登记已取消：台账中没有登记任何一件" in dialog.summary.text() and entries() == []


# ----- the settings page ---------------------------------------------------------------------------------------

def test_the_ledger_settings_page_saves_and_reloads(qtbot, settings, data_dir):
    from subsidy_desk.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(settings=settings)
    qtbot.addWidget(dialog)
    page = dialog.ledger_page
    dialog.show_page("ledger")
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "台账"
    assert page.local_button.isChecked() and page.file_label.text() == str(data_dir / "ledger.sqlite3")
    assert "网络共享文件夹" in page.network_note.text() and "PostgreSQL" in page.network_note.text()
    page.user_edit.setText("李敏")
    page.server_button.setChecked(True)
    assert page.url_edit.isEnabled() and not page.user_edit.isEnabled()
    page.url_edit.setText("mysql://x@y/z")
    dialog.accept()
    assert dialog.result() == 0 and "PostgreSQL" in page.error.text() and settings.value("ledger/url") is None
    page.url_edit.setText("postgresql+psycopg://li@dbserver:5432/ledger")
    dialog.accept()
    assert dialog.result() == 1
    from subsidy_desk.office import load_office

    assert (settings.value("ledger/url"), load_office()["clerk"]) == (  # one name: 本单位's 经办人
        "postgresql+psycopg://li@dbserver:5432/ledger", "李敏")
    assert dialog.office_page.clerk_edit.text() == "李敏"

    reopened = SettingsDialog(settings=settings)
    qtbot.addWidget(reopened)
    page = reopened.ledger_page
    assert page.server_button.isChecked() and page.url_edit.text() == "postgresql+psycopg://li@dbserver:5432/ledger"
    assert page.user_edit.text() == "李敏"
    page.local_button.setChecked(True)
    reopened.accept()
    assert settings.value("ledger/url") == ""
    from subsidy_desk.ui.ledger_window import ledger_location

    assert ledger_location(settings) == (None, "李敏")


# ----- language ------------------------------------------------------------------------------------------------

@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language(i18n.DEFAULT)


def relabel(*widgets):
    for widget in widgets:
        QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))


def test_the_new_parts_speak_english_after_the_switch(qtbot, window, clerk, settings, english):
    from subsidy_desk.ui.settings_dialog import SettingsDialog

    window.actions["batch"].trigger()
    window.actions["ledger"].trigger()
    dialog = SettingsDialog(window, settings=settings)
    qtbot.addWidget(dialog)
    relabel(window, window.batch_dialog, window.ledger_window, dialog)
    assert [window.actions[n].text() for n in ("register", "ledger", "batch")] == [
        "Register in ledger", "Ledger…", "Batch calculation…"]
    batch = window.batch_dialog
    assert batch.windowTitle() == "Batch calculation" and batch.ledger_button.text() == "Register in &ledger"
    assert batch.model.headerData(0, Qt.Orientation.Horizontal) == "Row"
    view = window.ledger_window.view
    assert view.open_button.text() == "&Open in calculator" and view.detail.tabText(1) == "History"
    assert view.model.headerData(0, Qt.Orientation.Horizontal) == "Ledger no." and view.status.itemText(2) == "Computed"
    assert window.ledger_window.windowTitle().startswith("Ledger — user 李敏")
    assert dialog.tabs.tabText(dialog.PAGES.index("ledger")) == "Ledger" and dialog.ledger_page.server_button.text().startswith("The office's")
    i18n.set_language(i18n.DEFAULT)
    relabel(window, batch, window.ledger_window, dialog)
    assert batch.ledger_button.text() == "登记到台账(&L)" and view.status.itemText(2) == "已计算"
    window.ledger_window.close()
    batch.reject()


@pytest.fixture
def reviewer(settings, data_dir):
    """As ``clerk``, and a reviewer 王审核 who set the ledger up and can send cases back."""
    settings.setValue("ledger/url", "")
    settings.setValue("ledger/user", "李敏")
    with Ledger(None, "王审核") as ledger:
        ledger.grant("王审核", "审核")
        ledger.grant("李敏", "经办")


def _send_back(case_id, reason="缺完税证明"):
    with Ledger(None, "王审核") as reviewer:
        reviewer.send_back(case_id, reason)


def _open_from_ledger(window, case_id):
    with Ledger(None, "管理员") as ledger:
        case = ledger.versions(case_id)[-1].case
    assert window.open_ledger_case(case, case_id)
    return window.page


def test_a_sent_back_case_is_corrected_into_a_new_version_of_its_entry(qtbot, window, reviewer, messages):
    window.open_path(ROOT_CASES / "six_taxes.json")
    case_id = window.register_case()
    _send_back(case_id)
    window.new_case()
    assert window.actions["register"].text() == "登记到台账"
    page = _open_from_ledger(window, case_id)
    assert window.actions["register"].text() == f"更新台账第 {case_id} 号"
    page.form.rows["title"].input.setText("改正后的案例")
    page.recompute()
    messages.clear()
    assert window.register_case() == case_id
    assert messages == [("information", f"更新台账第 {case_id} 号", f"已重新计算台账第 {case_id} 号，保存为第 2 版")]
    (entry,) = entries()
    assert (entry.status, entry.title, entry.version) == ("已计算", "改正后的案例", 2)
    with Ledger(None, "管理员") as ledger:
        assert [v.number for v in ledger.versions(case_id)] == [1, 2]  # the first version is kept
    window.new_case()
    assert window.actions["register"].text() == "登记到台账"  # a new case is added, not an update


def test_exporting_a_ledger_case_records_it_as_printed_when_its_status_allows(qtbot, window, reviewer, messages,
                                                                              tmp_path):
    window.open_path(ROOT_CASES / "guarantee_fee.json")
    case_id = window.register_case()
    page = _open_from_ledger(window, case_id)
    assert window.export_to(tmp_path / "w.xlsx", ask_open=False)
    assert entries()[0].status == "已打印"
    assert window.statusBar().currentMessage() == f"台账第 {case_id} 号已记为已打印"

    page.form.rows["title"].input.setText("改过，未更新台账")  # this paper is not the ledger's version
    page.recompute()
    assert window.export_to(tmp_path / "w2.xlsx", ask_open=False)
    with Ledger(None, "管理员") as ledger:
        assert [e.action for e in ledger.history(case_id)].count("打印") == 1

    _send_back(case_id)
    _open_from_ledger(window, case_id)
    assert window.export_to(tmp_path / "w3.xlsx", ask_open=False)
    assert entries()[0].status == "已退回"  # printing does not take a sent-back case forward


def test_the_window_computes_with_the_offices_rules_and_says_which(qtbot, settings, data_dir, clerk):
    """Published in the ledger, the office's rules replace this PC's own values; the status bar names the version
    and the clerk by their one name."""
    from subsidy_desk.ui.main_window import MainWindow

    lower = {"format": "subsidy-desk/overrides@1", "parameters": {"guarantee_fee.subsidy_rate": [
        {"from": "2022-06-08", "value": "0.4", "document": "忻府区财政局〔2022〕7号", "note": "本县按 0.4% 补贴"}]}}
    with Ledger(None, "管理员") as ledger:
        office = ledger.publish_rules(lower, "忻府区财政局〔2022〕7号", "担保费补贴比例", "忻府区财政局")
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.open_path(ROOT_CASES / "guarantee_fee.json")
    assert window.rules.hash == office.rules_hash and str(window.page.result.total) == "1972.60"
    assert window.rules_label.text() == "经办人：李敏　本单位规则第 1 版"
    assert window._office()["name"] == "忻府区财政局" and window._office()["clerk"] == "李敏"
