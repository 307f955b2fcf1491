"""An office set up from the window alone (审核 first, then 经办 and 财务) and its rules published there: the impact
seen before publishing, exported, the changed cases recomputed by the 经办, the rule set carried between PCs with
its hash — on SQLite and, with SUBSIDY_DESK_TEST_PG set, on PostgreSQL."""
import json
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QMessageBox

from subsidy_desk.ledger import Ledger

from ..conftest import ROOT
from ..ledger.conftest import BACKENDS, case_data, new_url, pg_login

ROOT_CASES = ROOT / "docs" / "cases"

LOWER = {"format": "subsidy-desk/overrides@1", "parameters": {"guarantee_fee.subsidy_rate": [
    {"from": "2022-06-08", "value": "0.4", "document": "忻府区财政局〔2022〕7号", "note": "本县按 0.4%"}]}}


class Office:
    """Each clerk's window pages on one ledger: on SQLite by name, on PostgreSQL by their own login."""

    def __init__(self, qtbot, url: str, tmp_path):
        self.qtbot, self.url, self.tmp_path = qtbot, url, tmp_path
        self.pg = url.startswith("postgresql")

    def login(self, name: str) -> str:
        return f"sdt_{name}" if self.pg else name

    def ledger(self, name: str | None) -> Ledger:
        if name is None:  # the database's owner (PostgreSQL) or whoever opens a new file first (SQLite)
            return Ledger(self.url, None if self.pg else "wang")
        return Ledger(pg_login(self.url, name), None) if self.pg else Ledger(self.url, name)

    def page(self, cls, name, *args):
        page = cls(*args, ledger_opener=lambda: self.ledger(name))
        self.qtbot.addWidget(page)
        page.resize(1100, 640)
        page.show()
        self.qtbot.waitExposed(page)
        return page

    def roles(self, name):
        from subsidy_desk.ui.roles_page import RolesPage

        return self.page(RolesPage, name)

    def rules(self, name, overrides: dict | None = None):
        from subsidy_desk.ui.local_rules import LocalRules
        from subsidy_desk.ui.office_rules_page import OfficeRulesPage

        path = self.tmp_path / f"{name}-overrides.json"
        if overrides is not None:
            path.write_text(json.dumps(overrides, ensure_ascii=False), encoding="utf-8")
        return self.page(OfficeRulesPage, name, LocalRules(path))


@pytest.fixture(params=BACKENDS)
def office(request, qtbot, tmp_path):
    for url in new_url(request.param, tmp_path):
        yield Office(qtbot, url, tmp_path)


def answer(qtbot, page, button=QMessageBox.StandardButton.Yes) -> None:
    qtbot.waitUntil(lambda: page.confirm_box is not None and page.confirm_box.isVisible())
    page.confirm_box.button(button).click()
    page.confirm_box = None


def set_up(office) -> None:
    """审核 first — on one PC the reviewer names all three; on a server the owner names the reviewer, who then
    grants the others from their own login."""
    first = office.roles(None)
    first.reviewer.setText(office.login("wang"))
    first.clerk.setText(office.login("li"))
    first.payer.setText(office.login("zhao"))
    first.setup_button.click()
    assert "台账已建立" in first.message.text()
    first.close_ledger()
    wang = office.roles("wang")
    for name, index in (("li", 1), ("zhao", 2)):
        if office.pg:
            wang.name.setText(office.login(name))
            wang.role.setCurrentIndex(index)
            wang.grant_button.click()
    assert wang.ledger.users() == {office.login("wang"): {"审核"}, office.login("li"): {"经办"},
                                   office.login("zhao"): {"财务"}}
    wang.close_ledger()


def test_a_three_person_office_publishes_its_rules_from_the_window(office, qtbot, tmp_path):
    from openpyxl import load_workbook

    from subsidy_desk.case import parse_case

    set_up(office)
    with office.ledger("li") as li:
        entered = li.add(parse_case(case_data("guarantee_fee")))
        approved = li.add(parse_case(case_data("guarantee_fee", contract_no="DB-A")))
        li.add(parse_case(case_data("six_taxes")))
    with office.ledger("wang") as wang:
        wang.approve(approved)

    clerk = office.rules("li", LOWER)  # a 经办 sees the rules, cannot publish
    assert not clerk.publish_box.isEnabled() and not clerk.import_rules_button.isEnabled()
    assert "还没有发布本单位规则" in clerk.current.text() and not clerk.apply_button.isEnabled()
    clerk.close_ledger()

    page = office.rules("wang", LOWER)
    assert page.publish_box.isEnabled() and not page.publish_button.isEnabled()  # the impact first
    page.preview_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=30000)
    rows = [(page.impact_model.data(page.impact_model.index(r, 0)), page.impact_model.data(page.impact_model.index(r, 6)),
             page.impact_model.data(page.impact_model.index(r, 7))) for r in range(page.impact_model.rowCount())]
    assert rows == [(str(entered), "-493.15", "可重新计算"), (str(approved), "-493.15", "已审核：须先退回")]
    assert "2 件未拨付的案例金额会改变，差额合计 -986.30 元；其中 1 件须先退回" in page.summary.text()
    page.export_impact(str(tmp_path / "影响.xlsx"))
    qtbot.waitUntil(lambda: not page.busy, timeout=30000)
    ws = load_workbook(tmp_path / "影响.xlsx").active
    assert [ws.cell(2, c).value for c in (1, 9)] == [entered, "可重新计算"] and "已导出 2 件" in page.message.text()

    page.publish_button.click()
    assert "须写明文件依据和说明" in page.message.text() and page.confirm_box is None
    page.document_edit.setText("忻府区财政局〔2022〕7号")
    page.note_edit.setText("担保费补贴比例")
    page.name_edit.setText("忻府区财政局")
    page.publish_button.click()
    answer(qtbot, page)
    assert "已发布本单位规则第 1 版" in page.message.text() and "第 1 版" in page.current.text()
    office_rules = page.ledger.office_rules()
    assert office_rules.rules_hash in page.current.text() and page.history_model.rowCount() == 1
    assert (office_rules.published_by, office_rules.office_name) == (office.login("wang"), "忻府区财政局")
    assert not page.apply_button.isEnabled()  # recomputing is a 经办's step
    assert not page.publish_button.isEnabled() and page.export_impact_button.isEnabled()  # once per preview
    page.export_rules(str(tmp_path / "本单位规则.json"))
    assert office_rules.rules_hash in page.message.text()
    page.local.reset("guarantee_fee.subsidy_rate")  # the reviewer's own values are gone: edit from the office's
    page.edit_current_button.click()
    assert page.local.data["parameters"] == LOWER["parameters"] and "已把第 1 版的取值载入" in page.message.text()
    page.close_ledger()

    clerk = office.rules("li")
    assert "第 1 版" in clerk.current.text() and clerk.apply_button.isEnabled()
    clerk.apply_button.click()
    qtbot.waitUntil(lambda: not clerk.busy, timeout=30000)
    assert "重新计算 1 件" in clerk.message.text() and clerk.impact_model.rowCount() == 1  # the approved one left
    entry = clerk.ledger.get(entered)
    assert (entry.version, entry.total) == (2, Decimal("1972.60"))
    assert clerk.ledger.history(entered)[-1].action == "重新计算"
    clerk.close_ledger()

    with office.ledger("wang") as wang:  # the approved case, sent back, recomputed, approved and paid
        wang.send_back(approved, "按本单位新规则重算")
    with office.ledger("li") as li:
        li.apply_rules()
    with office.ledger("wang") as wang:
        wang.approve(approved)
    with office.ledger("zhao") as zhao:
        zhao.pay(approved, date.today(), Decimal("1972.60"), "忻财拨〔2022〕1号")
        assert zhao.get(approved).status == "已拨付"


def test_a_rule_file_is_imported_on_another_pc_with_its_hash_shown(qtbot, tmp_path):
    office = Office(qtbot, f"sqlite:///{tmp_path / 'one.sqlite3'}", tmp_path)
    with office.ledger("wang") as wang:
        wang.grant("wang", "审核")
        published = wang.publish_rules(LOWER, "忻府区财政局〔2022〕7号", "担保费补贴比例", "忻府区财政局")
        wang.export_rules(tmp_path / "本单位规则.json")
    other = Office(qtbot, f"sqlite:///{tmp_path / 'other.sqlite3'}", tmp_path)
    with other.ledger("sun") as sun:
        sun.grant("sun", "审核")
    page = other.rules("sun")
    page.import_rules(str(tmp_path / "本单位规则.json"))
    assert page.confirm_box.text().count(published.rules_hash) == 2  # the file's hash and this PC's, side by side
    answer(qtbot, page)
    assert page.ledger.office_rules().rules_hash == published.rules_hash
    assert published.rules_hash in page.message.text() and "第 1 版" in page.current.text()

    data = json.loads((tmp_path / "本单位规则.json").read_text(encoding="utf-8"))
    data["overrides"]["parameters"]["guarantee_fee.subsidy_rate"][0]["value"] = "0.9"
    (tmp_path / "edited.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    page.import_rules(str(tmp_path / "edited.json"))
    assert page.confirm_box is None and "两者不同" in page.message.text()
    page.close_ledger()


def test_a_changed_candidate_must_be_previewed_again_and_a_preview_can_be_cancelled(qtbot, tmp_path, monkeypatch):
    from subsidy_desk.case import parse_case
    from subsidy_desk.ledger import impact

    office = Office(qtbot, f"sqlite:///{tmp_path / 'one.sqlite3'}", tmp_path)
    with office.ledger("wang") as wang:
        wang.grant("wang", "审核")
        wang.grant("li", "经办")
    with office.ledger("li") as li:
        li.add_many([(parse_case(case_data("guarantee_fee", contract_no=f"DB-{i}")), None) for i in range(3)])
    page = office.rules("wang", LOWER)
    page.preview_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=30000)
    assert page.publish_button.isEnabled() and page.impact_model.rowCount() == 3
    (tmp_path / "other.json").write_text(json.dumps(LOWER), encoding="utf-8")
    page.choose_file(str(tmp_path / "other.json"))
    assert not page.publish_button.isEnabled() and page.impact_model.rowCount() == 0

    monkeypatch.setattr(impact, "CHUNK", 1)
    original = page._progress_callback

    def cancelled_at_once(job):  # the clerk presses 取消 as the first chunk is done
        inner = original(job)
        return lambda done, total: page.cancel() or inner(done, total)

    monkeypatch.setattr(page, "_progress_callback", cancelled_at_once)
    page.preview_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=30000)
    assert "已取消" in page.message.text() and not page.publish_button.isEnabled()
    assert page.impact_model.rowCount() == 0
    page.close_ledger()


def test_a_publication_from_the_settings_dialog_is_used_by_the_window_at_once(qtbot, settings, data_dir):
    """Published on 设置 → 本单位规则, the new version is what the window computes with and names in its status
    bar as soon as the dialog closes — also when the dialog itself is closed with 取消 (nothing else to save)."""
    from PySide6.QtCore import QTimer

    from subsidy_desk.office import save_office
    from subsidy_desk.ui.main_window import MainWindow

    save_office({"name": "忻府区财政局", "clerk": "王审核"})
    settings.setValue("ledger/url", "")
    with Ledger(None, "王审核") as ledger:
        ledger.grant("王审核", "审核")
    (data_dir / "overrides.json").write_text(json.dumps(LOWER, ensure_ascii=False), encoding="utf-8")
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    done = []

    def publish_in_the_dialog():
        dialog = window.settings_dialog
        try:
            page = dialog.office_rules_page
            qtbot.waitUntil(lambda: page.ledger is not None)
            page.preview_button.click()
            qtbot.waitUntil(lambda: not page.busy, timeout=30000)
            page.document_edit.setText("忻府区财政局〔2022〕7号")
            page.note_edit.setText("担保费补贴比例")
            page.publish_button.click()
            answer(qtbot, page)
            done.append(page.message.text())
        finally:
            dialog.reject()

    QTimer.singleShot(0, publish_in_the_dialog)
    window.open_settings("office_rules")
    assert done and "已发布本单位规则第 1 版" in done[0]
    assert window.rules_label.text() == "经办人：王审核　本单位规则第 1 版"
    window.open_path(ROOT_CASES / "guarantee_fee.json")
    assert str(window.page.result.total) == "1972.60"
