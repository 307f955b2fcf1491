"""设置: the county's LPR months and rule values, the office's details and the interface language.

Rule changes are collected while the dialog is open and written on 保存 (through the core's checked, atomic
``save_overrides``); 取消 leaves the user's files as they were. The language applies at once, as a clerk expects
of a switch. After ``accept()`` the caller reloads the rules (``rules_changed`` says whether anything changed).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QRadioButton, QTabWidget,
    QVBoxLayout,
)

from .. import i18n
from ..i18n import _
from ..office import load_office, save_office
from ..paths import overrides_file
from ..rules.model import RuleError
from .language import switch_language
from .ledger_page import LedgerPage
from .ledger_window import open_ledger
from .local_rules import LocalRules
from .lpr_page import LprPage
from .office_rules_page import OfficeRulesPage
from .review_page import ReviewPage
from .roles_page import RolesPage
from .rules_page import RulesPage
from .settings_base import ERROR_STYLE, Page


class OfficePage(Page):
    """单位名称 and 经办人: printed on every worksheet this office makes."""

    def __init__(self, parent=None):
        super().__init__(parent)
        office = load_office()
        self.intro = QLabel(wordWrap=True)
        self.name_edit = QLineEdit(office["name"])
        self.clerk_edit = QLineEdit(office["clerk"])
        self.name_edit.setMaximumWidth(520)
        self.clerk_edit.setMaximumWidth(260)
        self.name_label, self.clerk_label = QLabel(), QLabel()
        self.name_label.setBuddy(self.name_edit)
        self.clerk_label.setBuddy(self.clerk_edit)
        form = QFormLayout()
        form.addRow(self.name_label, self.name_edit)
        form.addRow(self.clerk_label, self.clerk_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(_("本单位的名称和经办人打印在每张申请表上。"))
        self.name_label.setText(_("单位名称(&M)"))
        self.clerk_label.setText(_("经办人(&J)"))
        self.name_edit.setPlaceholderText(_("如：忻府区财政局"))

    def office(self) -> dict:
        return {"name": self.name_edit.text().strip(), "clerk": self.clerk_edit.text().strip()}


class LanguagePage(Page):
    """Chinese (default) or English; the choice applies to every open window at once."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.intro = QLabel(wordWrap=True)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        self.buttons = {}
        for lang, name in i18n.LANGUAGES.items():  # each language named in itself, so anyone finds theirs
            button = QRadioButton(name)
            button.setChecked(lang == i18n.language())
            self.group.addButton(button)
            self.buttons[lang] = button
            layout.addWidget(button)
            button.toggled.connect(lambda on, lang=lang: on and self.choose(lang))
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(_("界面语言。选择后立即生效，下次启动时沿用。申请表和计算说明仍用中文打印。"))

    def choose(self, lang: str) -> None:
        if lang != i18n.language():
            switch_language(lang)


class SettingsDialog(QDialog):
    """设置 with its pages (人员与角色 acts on the ledger at once: each grant is a ledger step, not a setting);
    保存 writes the rule changes, the office details and where the ledger is; 取消 drops them. ``settings`` is where the ledger's location is kept (the main window passes its own)."""

    PAGES = ("lpr", "rules", "review", "office", "ledger", "roles", "office_rules", "language")

    def __init__(self, parent=None, settings: QSettings | None = None):
        super().__init__(parent)
        self.rules_changed = False
        self.local = LocalRules(overrides_file())
        self.problem = QLabel(wordWrap=True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setVisible(bool(self.local.problem))
        self.lpr_page = LprPage(self.local)
        self.rules_page = RulesPage(self.local)
        self.review_page = ReviewPage(self.local)
        self.office_page = OfficePage()
        self.ledger_page = LedgerPage(settings)
        self.roles_page = RolesPage(settings, lambda: open_ledger(self, settings))
        self.office_rules_page = OfficeRulesPage(self.local, settings, lambda: open_ledger(self, settings),
                                                 lambda: self.office_page.office()["name"])
        self.office_rules_page.published.connect(self._office_rules_published)
        # one name for the clerk: 本单位's 经办人 and 台账's 经办人姓名 are the same field shown twice
        for one, other in ((self.office_page.clerk_edit, self.ledger_page.user_edit),
                           (self.ledger_page.user_edit, self.office_page.clerk_edit)):
            one.textChanged.connect(other.setText)  # setting the same text again emits nothing: no loop
        if not self.office_page.clerk_edit.text():
            self.office_page.clerk_edit.setText(self.ledger_page.user_edit.text())
        self.language_page = LanguagePage()
        self.tabs = QTabWidget()
        for page in (self.lpr_page, self.rules_page, self.review_page, self.office_page, self.ledger_page,
                     self.roles_page, self.office_rules_page, self.language_page):
            self.tabs.addTab(page, "")
        self.tabs.currentChanged.connect(self._page_shown)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.save_error = QLabel(wordWrap=True)
        self.save_error.setStyleSheet(ERROR_STYLE)
        self.save_error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.save_error)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._fit_screen()

    def done(self, result: int) -> None:
        self.roles_page.close_ledger()
        self.office_rules_page.close_ledger()
        super().done(result)

    def _office_rules_published(self) -> None:
        """A new version of the office's rules is in force at once, whether the dialog is then saved or not."""
        self.rules_changed = True

    def _fit_screen(self) -> None:
        """Roomy at 1366×768, and never larger than the screen (150% scaling leaves 911×512 to work with)."""
        width, height = 1180, 660
        screen = (self.parent().screen() if self.parent() else None) or self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            width, height = min(width, available.width() - 40), min(height, available.height() - 60)
        self.resize(width, height)

    def show_page(self, name: str) -> None:
        """Open on a page, e.g. ``show_page("lpr")`` when a loan needs a month the table lacks."""
        self.tabs.setCurrentIndex(self.PAGES.index(name))

    def _page_shown(self, index: int) -> None:
        """The rule pages share the pending changes: each shows them afresh when it comes to the front."""
        page = self.tabs.widget(index)
        if page is self.rules_page:
            self.rules_page.refresh(self.rules_page.selected_key())
        elif page is self.review_page:
            self.review_page.refresh()
        elif page is self.lpr_page:
            self.lpr_page.refresh()

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("设置"))
        for i, title in enumerate((_("政策参数 · LPR"), _("政策参数 · 规则取值"), _("本县参数确认"), _("本单位"),
                                   _("台账"), _("人员与角色"), _("本单位规则"), _("语言 Language"))):
            self.tabs.setTabText(i, title)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        self.problem.setText(_("本地调整文件无法使用，已按程序自带值显示；保存时原文件会改名保留。原因：") + self.local.problem)

    def accept(self) -> None:
        if self.ledger_page.check():
            self.show_page("ledger")
            return
        if self.local.dirty or self.local.problem:
            try:
                self.local.save()
            except (RuleError, OSError) as exc:
                self._save_failed(_("保存失败，未做任何修改：") + str(exc))
                return
            self.rules_changed = True
        try:
            save_office(self.office_page.office())
        except OSError as exc:
            self._save_failed(_("保存失败：") + str(exc))
            return
        self.ledger_page.save()
        super().accept()

    def _save_failed(self, message: str) -> None:
        self.save_error.setText(message)
        self.save_error.show()

    def reject(self) -> None:
        """Unsaved rule changes are only dropped after the clerk says so (asked without blocking)."""
        if not self.local.dirty:
            super().reject()
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("放弃修改"), _("政策参数的修改还没有保存。放弃这些修改吗？"),
                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self)
        box.button(QMessageBox.StandardButton.Discard).setText(_("放弃修改"))
        box.button(QMessageBox.StandardButton.Cancel).setText(_("继续编辑"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda answer: self._discard() if answer == QMessageBox.StandardButton.Discard else None)
        self.discard_box = box
        box.open()

    def _discard(self) -> None:
        self.local.dirty = False
        super().reject()
