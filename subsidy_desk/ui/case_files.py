"""The window's files and drafts: new, open, save, save as, recent files, and the drafts that survive a crash.

One job, for the calculator shown in the main window: a case goes to a file only when it computes (with the rules
read, not provisional ones), so every saved file records its total and the rules it was computed with (case.stamp).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..case import read_case, stamp, write_case
from ..fields import InputError
from ..i18n import N_, _
from ..measures.registry import titles
from . import drafts, options, read_only
from .app import APP_TITLE
from .page import CalculatorPage
from .rule_changes import notice_html

MAX_RECENT = 8
CASE_FILTER = N_("案例文件 (*.json)")


class CaseFiles:
    """Files and drafts of the main window ``window`` (its pages, settings and status bar)."""

    def __init__(self, window):
        self.window = window

    def recent_files(self) -> list[str]:
        return options.RECENT_FILES.read(self.window.settings)

    def remember(self, path: Path) -> None:
        paths = [str(path)] + [p for p in self.recent_files() if p != str(path)]
        options.RECENT_FILES.write(paths[:MAX_RECENT], self.window.settings)

    def fill_recent(self) -> None:
        self.window.recent_menu.clear()
        paths = self.recent_files()
        for i, path in enumerate(paths, start=1):
            action = self.window.recent_menu.addAction(f"&{i} {Path(path).name}")
            action.setToolTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(Path(p)))
        if not paths:
            self.window.recent_menu.addAction(_("（无）")).setEnabled(False)

    def new_case(self) -> None:
        page = self.window.page
        if self.maybe_save(page):
            page.clear()
            drafts.remove_draft(page.kind)
            page.form.focus_field("title")

    def open_case(self) -> None:
        start = self.window.page.path.parent if self.window.page.path else Path.home()
        name, _f = QFileDialog.getOpenFileName(self.window, _("打开案例"), str(start), _(CASE_FILTER))
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> bool:
        """Open a case into its calculator; if it was computed under other rules, show both totals and why."""
        try:
            case = read_case(path)
        except InputError as exc:
            from .form import in_words

            kind = self.kind_in(path)
            lines = in_words(exc.errors, self.window.measures.get(kind))
            if kind in self.window.measures and exc.errors[0].field != str(path):
                lines.append(_("请改正后再打开，或重新填写后另存。"))
            QMessageBox.warning(self.window, _("无法打开案例"), _("{name} 不能打开：").format(name=Path(path).name) + "\n"
                                + "\n".join(lines))
            return False
        page = self.window.pages[case.kind]
        self.window.show_page(page)
        if not self.maybe_save(page):
            return False
        page.load(case.to_json(), Path(path))
        page.view.set_notice(notice_html(case.computed, page.result))
        drafts.remove_draft(page.kind)
        self.remember(Path(path))
        self.window._update_title()
        self.window.say(N_("已打开 {path}"), 5000, path=path)
        return True

    @staticmethod
    def kind_in(path: Path) -> str | None:
        """The kind a case file says it is, to name its fields in a message (None when it says nothing usable)."""
        import json

        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, ValueError):
            return None
        return data.get("kind") if isinstance(data, dict) and isinstance(data.get("kind"), str) else None

    def save(self) -> bool:
        page = self.window.page
        return self.save_page(page, page.path) if page.path else self.save_as()

    def save_as(self) -> bool:
        page = self.window.page
        suggested = page.path or Path.home() / f"{page.name() or _(titles()[page.kind])}.json"
        name, _f = QFileDialog.getSaveFileName(self.window, _("保存案例"), str(suggested), _(CASE_FILTER))
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != ".json":
            path = path.with_suffix(path.suffix + ".json")
        return self.save_page(page, path)

    def complete(self, page: CalculatorPage, title: str) -> bool:
        """Whether the page's case computes (with the rules read, not provisional ones); if not, say what to correct
        and mark every bad field."""
        self.window.settle_rules()
        page.recompute()
        if page.case is not None:
            return True
        problems = "\n".join(f"{where}：{message}" for where, message in page.view.problems)
        QMessageBox.warning(self.window, title, _("案例还不完整，请先改正：") + "\n" + problems)
        page.form.reveal_all = True
        page.recompute()
        return False

    def save_page(self, page: CalculatorPage, path: Path) -> bool:
        """Save only a case that computes: the file then records its total and the rules it was computed with."""
        if not self.complete(page, _("无法保存")):
            return False
        if not read_only.confirm(self.window, path):
            return False
        case = page.case
        case.computed = stamp(page.result)
        try:
            read_only.write(lambda: write_case(case, path))
        except OSError as exc:
            from ..files import reason

            QMessageBox.critical(self.window, _("无法保存"), _("写入 {path} 失败：{error}").format(path=path, error=reason(exc)))
            return False
        page.path = path
        page.saved_computed = case.computed
        page.view.set_notice(None)
        page.set_modified(False)
        page.draft_due = False
        drafts.remove_draft(page.kind)
        self.remember(path)
        self.window._update_title()
        self.window.say(N_("已保存 {path}"), 5000, path=path)
        return True

    def maybe_save(self, page: CalculatorPage) -> bool:
        """Before unsaved work goes away: 保存 / 不保存 / 取消. True when it is fine to go on."""
        if not page.modified:
            return True
        self.window.show_page(page)
        answer = self._question(_("“{name}”（{kind}）有未保存的修改，是否保存？").format(
            name=page.name() or _("未命名"), kind=_(titles()[page.kind])),
            QMessageBox.StandardButton.Save, _("保存"), _("不保存")).exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            drafts.remove_draft(page.kind)
            page.set_modified(False)
            return True
        return False

    def _question(self, text: str, save: QMessageBox.StandardButton, save_text: str, discard_text: str):
        """The unsaved-work question, saving the default: ``save_text`` / ``discard_text`` / 取消."""
        box = QMessageBox(QMessageBox.Icon.Question, _(APP_TITLE), text,
                          save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self.window)
        box.button(save).setText(save_text)
        box.button(QMessageBox.StandardButton.Discard).setText(discard_text)
        box.button(QMessageBox.StandardButton.Cancel).setText(_("取消"))
        box.setDefaultButton(save)
        return box

    def maybe_save_all(self) -> bool:
        """Before the window closes: one question for every calculator with unsaved changes, listing them
        (全部保存 / 全部不保存 / 取消); with one such calculator, the usual question about it."""
        unsaved = [page for page in self.window.pages.values() if page.modified]
        if len(unsaved) <= 1:
            return all(self.maybe_save(page) for page in unsaved)
        untitled = _("未命名")
        names = "\n".join(f"· {_(titles()[p.kind])}：{p.name() or untitled}" for p in unsaved)
        box = self._question(_("以下 {n} 个案例有未保存的修改：").format(n=len(unsaved)) + f"\n{names}\n\n"
                             + _("是否全部保存？"), QMessageBox.StandardButton.SaveAll, _("全部保存"), _("全部不保存"))
        self.window.unsaved_box = box  # reachable for tests while it is open
        answer = box.exec()
        self.window.unsaved_box = None
        if answer == QMessageBox.StandardButton.SaveAll:
            for page in unsaved:  # each to its file, or through 另存为; a cancelled one keeps the window open
                self.window.show_page(page)
                if not self.save():
                    return False
            return True
        if answer == QMessageBox.StandardButton.Discard:
            for page in unsaved:
                drafts.remove_draft(page.kind)
                page.set_modified(False)
            return True
        return False

    def write_drafts(self) -> None:
        """Every few seconds: each calculator with unsaved edits since the last draft gets its draft rewritten."""
        for page in self.window.pages.values():
            if page.modified and page.draft_due:
                drafts.write_draft(page.kind, page.form.data(), page.path)
                page.draft_due = False

    def offer_drafts(self) -> int:
        """Offer back the unsaved work a previous run left (a crash, a power cut); returns how many were restored."""
        found = drafts.read_drafts(self.window.measures)
        if not found:
            return 0
        untitled = _("未命名")
        names = "\n".join(f"· {_(titles()[d['kind']])}：{d['case'].get('title') or untitled}（{d.get('saved_at', '')}）"
                          for d in found)
        answer = QMessageBox.question(self.window, _(APP_TITLE), _("上次有未保存的工作：") + f"\n{names}\n\n" + _("是否恢复？"),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            for d in found:
                drafts.remove_draft(d["kind"])
            return 0
        for d in found:
            page = self.window.pages[d["kind"]]
            page.load(d["case"], Path(d["path"]) if d.get("path") else None, modified=True)
            page.form.reveal_all = True
            page.recompute()
        self.window.show_page(self.window.pages[found[0]["kind"]])
        self.window._update_title()
        return len(found)
