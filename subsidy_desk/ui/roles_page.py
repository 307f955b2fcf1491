"""设置 → 人员与角色: who may do what in the ledger, managed in the window by a 审核.

A new ledger is led through its setup: who reviews (审核, necessarily the first grant), who enters (经办), who pays
(财务). Afterwards a 审核 grants roles and 停用 a clerk who left (the grant stays, with a history row). Every step
goes straight to the ledger, which checks it again and records it; the page only shows what the ledger says.
"""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout)

from ..i18n import N_, _
from .settings_base import DONE_STYLE, ERROR_STYLE, Page
from .table_model import RowsModel

ROLE_NAMES = ("审核", "经办", "财务")


def _local(stamp: str) -> str:
    """A ledger time (UTC) as the clerk's clock shows it."""
    from datetime import datetime

    return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")


class GrantsModel(RowsModel):
    HEADERS = (N_("姓名"), N_("角色"), N_("授权人"), N_("授权时间"), N_("状态"))

    def set_grants(self, grants) -> None:
        self._reset(grants)

    def grant(self, row: int):
        return self._rows[row]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        g = self._rows[index.row()]
        if index.column() == 4:
            return (_("已停用（{who}，{when}）").format(who=g.revoked_by, when=_local(g.revoked_at))
                    if g.revoked_at else _("有效"))
        return (g.name, _(g.role), g.granted_by, _local(g.granted_at), "")[index.column()]


class RolesPage(Page):
    """The ledger's people and roles. ``ledger_opener()`` returns the configured ledger or None (having said why)."""

    def __init__(self, settings: QSettings | None = None, ledger_opener=None, parent=None):
        super().__init__(parent)
        self.settings = settings
        self._opener = ledger_opener
        self.ledger = None
        self.intro = QLabel(wordWrap=True)
        self.setup_box = QGroupBox()
        self.reviewer, self.clerk, self.payer = QLineEdit(), QLineEdit(), QLineEdit()
        self.setup_labels = [QLabel(), QLabel(), QLabel()]
        setup = QFormLayout(self.setup_box)
        self.setup_note = QLabel(wordWrap=True)
        setup.addRow(self.setup_note)
        for label, edit in zip(self.setup_labels, (self.reviewer, self.clerk, self.payer)):
            label.setBuddy(edit)
            edit.setMaximumWidth(260)
            setup.addRow(label, edit)
        self.setup_button = QPushButton()
        self.setup_button.clicked.connect(self.set_up)
        setup.addRow("", self.setup_button)

        self.model = GrantsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.name = QLineEdit()
        self.name.setMaximumWidth(200)
        self.role = QComboBox()
        for r in ROLE_NAMES:
            self.role.addItem("", r)
        self.name_label = QLabel()
        self.name_label.setBuddy(self.name)
        self.grant_button = QPushButton()
        self.grant_button.clicked.connect(self.grant)
        self.revoke_button = QPushButton()
        self.revoke_button.clicked.connect(self.revoke)
        row = QHBoxLayout()
        for w in (self.name_label, self.name, self.role, self.grant_button):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.revoke_button)
        self.message = QLabel(wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.setup_box)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.retranslate()

    def retranslate(self) -> None:
        who = self.ledger.user if self.ledger else "—"
        roles = "、".join(_(r) for r in ROLE_NAMES if self.ledger and r in self._roles) or _("无")
        self.intro.setText(_("台账中的人员与角色。您是 {user}（{roles}）。授予和停用角色由审核人员操作，每一步都记入台账历史；"
                             "停用的角色保留记录，不删除。").format(user=who, roles=roles))
        self.setup_box.setTitle(_("建立新台账"))
        self.setup_note.setText(_("这是新台账。第一步必须指定审核人员；再由审核人员给经办、财务人员授权。"
                                  "（若先授予经办，就再也没有人能授予审核角色，任何案例都无法审核。）"))
        for label, text in zip(self.setup_labels, (_("审核人员(&R)"), _("经办人员(&E)"), _("财务人员(&F)"))):
            label.setText(text)
        self.setup_button.setText(_("建立(&S)"))
        self.name_label.setText(_("姓名(&N)"))
        for i, r in enumerate(ROLE_NAMES):
            self.role.setItemText(i, _(r))
        self.grant_button.setText(_("授予角色(&G)"))
        self.revoke_button.setText(_("停用所选角色(&D)"))
        self.model.retranslate()

    # --- the ledger ------------------------------------------------------------------------------------------

    def showEvent(self, event):
        if self.ledger is None and self._opener is not None:
            self.ledger = self._opener()
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        from ..ledger import LedgerError

        self._roles: set[str] = set()
        if self.ledger is None:
            self.setup_box.hide()
            self._enable()
            self.retranslate()
            return
        try:
            self._roles = self.ledger.roles()
            new = self.ledger.is_new()
            self.model.set_grants(self.ledger.grants())
        except LedgerError as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        self.setup_box.setVisible(new)
        if new and not self.reviewer.text():
            self.reviewer.setText(self.ledger.user)
        self._enable()
        self.retranslate()

    def _enable(self) -> None:
        reviewer = "审核" in getattr(self, "_roles", set())
        for w in (self.name, self.role, self.grant_button, self.revoke_button):
            w.setEnabled(reviewer)

    def _say(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)

    def _do(self, steps) -> bool:
        """Run ledger steps in order; stop at the first refusal and say it (in the ledger's words)."""
        from ..fields import InputError
        from ..ledger import LedgerError

        try:
            for step in steps:
                step()
        except (LedgerError, InputError) as exc:
            self.reload()
            self._say(str(exc), ERROR_STYLE)
            return False
        self.reload()
        return True

    def set_up(self) -> None:
        """The three people of a new office: the reviewer first (the one free grant), then, if the reviewer is the
        clerk at this PC, the others; else the reviewer grants them from their own login."""
        reviewer, clerk, payer = (e.text().strip() for e in (self.reviewer, self.clerk, self.payer))
        if not reviewer:
            self._say(_("请填写审核人员"), ERROR_STYLE)
            return
        steps = [lambda: self.ledger.grant(reviewer, "审核")]
        if reviewer == self.ledger.user:
            steps += [lambda n=n, r=r: self.ledger.grant(n, r) for n, r in ((clerk, "经办"), (payer, "财务")) if n]
        if self._do(steps):
            later = "" if reviewer == self.ledger.user else _("请审核人员 {name} 用自己的名字打开本页，再给经办、财务人员授权。").format(
                name=reviewer)
            self._say(_("台账已建立。") + later, DONE_STYLE)

    def grant(self) -> None:
        name, role = self.name.text().strip(), self.role.currentData()
        if self._do([lambda: self.ledger.grant(name, role)]):
            self._say(_("已给 {name} 授予“{role}”角色").format(name=name, role=_(role)), DONE_STYLE)
            self.name.clear()

    def revoke(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self._say(_("请先在表中选择要停用的角色"), ERROR_STYLE)
            return
        g = self.model.grant(index.row())
        if self._do([lambda: self.ledger.revoke(g.name, g.role)]):
            self._say(_("已停用 {name} 的“{role}”角色（记录保留）").format(name=g.name, role=_(g.role)), DONE_STYLE)

    def close_ledger(self) -> None:
        if self.ledger is not None:
            self.ledger.close()
            self.ledger = None
