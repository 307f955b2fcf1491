"""设置 → 台账: where the ledger is (the SQLite file on this PC, or an office's PostgreSQL server) and who the clerk is.

Stored in QSettings as options.LEDGER_URL; the clerk's name is the one name of 本单位 (office.json), the same
field as 本单位's 经办人 (the dialog keeps the two in step). The page says plainly why a SQLite file on a shared
network folder is not an option, because that is the setup an office would otherwise reach for first.
"""
from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QButtonGroup, QFormLayout, QLabel, QLineEdit, QRadioButton, QVBoxLayout

from ..i18n import N_, _
from ..office import load_office
from . import options
from .settings_base import ERROR_STYLE, WARNING_STYLE, Page

URL_EXAMPLE = N_("postgresql+psycopg://用户@服务器:5432/台账库")


def url_problem(url: str) -> str | None:
    """Why a typed server address cannot be used, or None."""
    from ..ledger.database import server_parts

    if not url:
        return _("请填写 PostgreSQL 服务器地址，例如 {example}").format(example=_(URL_EXAMPLE))
    parts = server_parts(url)
    if parts is None:
        return _("服务器地址无法识别：{url}（示例：{example}）").format(url=url, example=_(URL_EXAMPLE))
    backend, host, database = parts
    if backend != "postgresql" or not host or not database:
        return _("服务器地址应为 PostgreSQL 地址并写明服务器和库名，例如 {example}").format(example=_(URL_EXAMPLE))
    return None


class LedgerPage(Page):
    """One PC (the SQLite file in the data folder) or an office server (PostgreSQL URL), and the clerk's name."""

    def __init__(self, settings: QSettings | None = None, parent=None):
        from ..ledger import default_url

        super().__init__(parent)
        self.settings = settings if settings is not None else QSettings()
        url = options.LEDGER_URL.read(self.settings)
        self.intro = QLabel(wordWrap=True)
        self.local_button = QRadioButton()
        self.server_button = QRadioButton()
        self.group = QButtonGroup(self)
        self.group.addButton(self.local_button)
        self.group.addButton(self.server_button)
        self.file_label = QLabel(default_url().removeprefix("sqlite:///"), wordWrap=True)
        self.file_caption = QLabel()
        self.url_edit = QLineEdit(url)
        self.url_edit.setMaximumWidth(640)
        self.url_label = QLabel()
        self.url_label.setBuddy(self.url_edit)
        from .ledger_window import clerk_name

        self.user_edit = QLineEdit(clerk_name(self.settings) if not url.startswith("postgresql") else
                                   load_office()["clerk"])
        self.user_edit.setMaximumWidth(260)
        self.user_label = QLabel()
        self.user_label.setBuddy(self.user_edit)
        self.user_note = QLabel(wordWrap=True)
        self.network_note = QLabel(wordWrap=True)
        self.network_note.setStyleSheet(WARNING_STYLE)
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.local_button)
        form.addRow(self.file_caption, self.file_label)
        form.addRow(self.user_label, self.user_edit)
        form.addRow("", self.user_note)
        form.addRow(self.server_button)
        form.addRow(self.url_label, self.url_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.network_note)
        layout.addWidget(self.error)
        layout.addStretch(1)
        (self.server_button if url else self.local_button).setChecked(True)
        self.server_button.toggled.connect(self._enable)
        self._enable()
        self.retranslate()

    def _enable(self) -> None:
        server = self.server_button.isChecked()
        self.url_edit.setEnabled(server)
        self.user_edit.setEnabled(not server)

    def retranslate(self) -> None:
        self.intro.setText(_("台账保存每一件登记的申请、审核和拨付。选择台账放在哪里："))
        self.local_button.setText(_("本机（一台电脑使用）：用户数据文件夹中的 SQLite 文件(&L)"))
        self.file_caption.setText(_("文件位置"))
        self.server_button.setText(_("单位的 PostgreSQL 服务器（多人共用）(&S)"))
        self.url_label.setText(_("服务器地址(&U)"))
        self.url_edit.setPlaceholderText(_(URL_EXAMPLE))
        self.user_label.setText(_("经办人姓名(&N)"))
        self.user_edit.setPlaceholderText(_("必填：台账和申请表用同一个姓名"))
        self.user_note.setText(_("您的姓名只填一次：本机台账用它记录谁登记、审核了什么，申请表上的经办人、状态栏显示的也是它"
                                 "（与“本单位”页的经办人是同一项）。使用 PostgreSQL 时，数据库登录名就是用户。"))
        self.network_note.setText(_("注意：不支持把 SQLite 台账文件放在网络共享文件夹（如 \\\\服务器\\共享 或映射的网络驱动器）"
                                    "上。多台电脑同时写一个共享文件会损坏台账。几位经办人共用一个台账时，请使用 PostgreSQL "
                                    "服务器。"))

    def check(self) -> str | None:
        """The problem that keeps the settings from being saved, shown on the page; None when they can be."""
        problem = url_problem(self.url_edit.text().strip()) if self.server_button.isChecked() else None
        self.error.setText(problem or "")
        self.error.setVisible(bool(problem))
        return problem

    def save(self) -> None:
        server = self.server_button.isChecked()
        options.LEDGER_URL.write(self.url_edit.text().strip() if server else "", self.settings)
        options.LEDGER_USER.forget(self.settings)  # the name lives in one place: 本单位's 经办人 (office.json)
        self.settings.sync()
