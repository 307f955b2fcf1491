"""Saving, reopening, drafts, the unsaved-changes question, and a case reopened after the rules changed."""
import json
import shutil

from PySide6.QtWidgets import QFileDialog, QMessageBox

from subsidy_desk.ui import drafts
from subsidy_desk.ui.main_window import MainWindow

from .conftest import ROOT_CASES, fill, settle


def load_example(window, kind):
    page = window.pages[kind]
    window.show_page(page)
    page.load(json.loads((ROOT_CASES / f"{kind}.json").read_text(encoding="utf-8")), None, modified=True)
    return page


def test_save_reopen_compare(qtbot, window, rules, settings, tmp_path, monkeypatch):
    page = load_example(window, "startup_loan")
    target = tmp_path / "loan.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "loan"), ""))
    assert window.save()
    assert target.is_file() and not page.modified and not window.isWindowModified()
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert saved["computed"]["total"] == "28366.67"
    assert saved["computed"]["rule_set"]["hash"] == rules.hash
    assert {"key", "value", "from"} <= set(saved["computed"]["rules_used"][0])
    assert "忻州某科技有限公司" in window.windowTitle()

    other = MainWindow(rules=rules, settings=settings)
    qtbot.addWidget(other)
    assert other.recent_files()[0] == str(target)
    assert other.open_path(target)
    reopened = other.pages["startup_loan"]
    assert other.page is reopened and not reopened.modified
    assert reopened.form.data() == page.form.data()
    assert reopened.result.total == page.result.total
    assert not reopened.view.notice.isVisible()


def test_an_incomplete_case_is_not_saved(qtbot, window, tmp_path, monkeypatch):
    page = fill(qtbot, window, "guarantee_fee", {"amount": "1000"})
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(a[2]))
    assert not window.save_page(page, tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()
    assert "担保期限起" in said[0]
    assert page.form.rows["inputs.start_date"].message.isVisible()  # now every missing field is marked


def test_reopened_after_rules_changed_shows_both_totals_and_what_differs(qtbot, window, tmp_path):
    data = json.loads((ROOT_CASES / "startup_loan.json").read_text(encoding="utf-8"))
    page = load_example(window, "startup_loan")
    settle(qtbot, page)
    from subsidy_desk.case import stamp

    computed = stamp(page.result)
    computed["total"] = "27000.00"
    computed["rule_set"] = {**computed["rule_set"], "version": "2022.1", "hash": "sha256:old"}
    lpr = next(r for r in computed["rules_used"] if r["key"].startswith("lpr"))
    lpr["value"], lpr["shown"] = "3.85", "3.85%"
    (tmp_path / "old.json").write_text(json.dumps({**data, "computed": computed}, ensure_ascii=False),
                                       encoding="utf-8")
    page.set_modified(False)
    assert window.open_path(tmp_path / "old.json")
    notice = page.view.notice
    assert notice.isVisible()
    text = notice.text()
    assert "27,000.00" in text and "28,366.67" in text and "2022.1" in text
    assert "3.85%" in text and "3.70%" in text


def test_draft_is_written_and_offered_back(qtbot, window, rules, settings, monkeypatch):
    page = fill(qtbot, window, "guarantee_fee", {"amount": "123456.78"})
    window.write_drafts()
    assert (drafts.folder() / "guarantee_fee.json").is_file()
    # the program dies here; the next start offers the draft back
    page.set_modified(False)
    other = MainWindow(rules=rules, settings=settings)
    qtbot.addWidget(other)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    assert other.offer_drafts() == 1
    assert "担保费补贴" in asked[0]
    restored = other.pages["guarantee_fee"]
    assert restored.form.rows["inputs.amount"].input.raw() == "123456.78"
    assert restored.modified and other.page is restored
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Discard)
    other.close()
    assert not (drafts.folder() / "guarantee_fee.json").exists()  # discarded on purpose: gone


def test_declined_draft_is_removed(qtbot, window, monkeypatch):
    drafts.write_draft("six_taxes", {"title": "x"}, None)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert window.offer_drafts() == 0
    assert drafts.read_drafts(["six_taxes"]) == []


def test_draft_removed_after_save(qtbot, window, tmp_path):
    page = load_example(window, "six_taxes")
    page.draft_due = True
    window.write_drafts()
    assert drafts.read_drafts(["six_taxes"])
    assert window.save_page(page, tmp_path / "s.json")
    assert drafts.read_drafts(["six_taxes"]) == []


def test_unsaved_changes_prompt(qtbot, window, tmp_path, monkeypatch):
    page = fill(qtbot, window, "startup_loan", {"principal": "5000"})
    assert window.isWindowModified()
    asked = []

    def answer(choice):
        def exec_(box):
            asked.append(box.text())
            return choice
        return exec_

    monkeypatch.setattr(QMessageBox, "exec", answer(QMessageBox.StandardButton.Cancel))
    window.close()
    assert window.isVisible() and page.form.rows["inputs.principal"].input.raw() == "5000"
    assert "未保存" in asked[0]
    # 打开 another case into the same calculator: cancelled too, nothing replaced
    shutil.copy(ROOT_CASES / "startup_loan.json", tmp_path / "c.json")
    assert not window.open_path(tmp_path / "c.json")
    assert page.form.rows["inputs.principal"].input.raw() == "5000"
    monkeypatch.setattr(QMessageBox, "exec", answer(QMessageBox.StandardButton.Discard))
    assert window.open_path(tmp_path / "c.json")
    assert page.form.rows["inputs.principal"].input.raw() == "3000000.00"


def test_window_state_and_tab_remembered(qtbot, window, rules, settings):
    window.resize(760, 560)  # the offscreen screen is 800×600
    window.show_page(window.pages["six_taxes"])
    window.close()
    other = MainWindow(rules=rules, settings=settings)
    qtbot.addWidget(other)
    assert other.page.kind == "six_taxes" and other.size().width() == window.size().width() == 760


def test_bad_case_file_names_the_problem(qtbot, window, tmp_path, monkeypatch):
    (tmp_path / "bad.json").write_text('{"format": "subsidy-desk/case@1", "kind": "nope"}', encoding="utf-8")
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(a[2]))
    assert not window.open_path(tmp_path / "bad.json")
    assert "kind" in said[0] and "nope" in said[0]


def test_recent_menu_lists_saved_files(qtbot, window, tmp_path):
    page = load_example(window, "guarantee_fee")
    assert window.save_page(page, tmp_path / "g.json")
    window.files.fill_recent()
    assert [a.text() for a in window.recent_menu.actions()] == ["&1 g.json"]

