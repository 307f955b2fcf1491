"""The ledger (台账) in the window: find cases, read a case's explanation and history, approve, send back, pay.

Buttons are enabled by asking the ledger's one table of steps (``ledger.steps.allowed_actions``), so the window
never offers what the ledger then refuses; the data layer and the database enforce every rule again, and a refusal
from them is shown in the message line under the table.
The view owns no data: it shows ``Ledger.entries()`` through a filter proxy, and reloads after every change.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCollator, QDate, QEvent, QLocale, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget)

from ..applicant import COUNTIES
from ..measures.registry import titles
from ..format import fmt_amount, fmt_date
from ..i18n import N_, _
from ..ledger import Entry, Ledger, LedgerError
from ..ledger.claims import normalise
from ..ledger.steps import ROLES, STATUSES, allowed_actions
from ..money import parse_decimal
from . import read_only
from .table_model import RowsModel

ALL = N_("全部")
_COLLATOR = QCollator(QLocale("zh_CN"))
_COLLATOR.setNumericMode(True)  # 'P-9' before 'P-10'

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# The ledger stores statuses, roles and history actions in Chinese (they are data, read by auditors); these marks
# put them in the catalog so that the view can show them in the interface language.
SHOWN = (N_("草稿"), N_("已计算"), N_("已打印"), N_("已审核"), N_("已拨付"), N_("已退回"), N_("经办"), N_("审核"),
         N_("财务"), N_("登记"), N_("重新计算"), N_("打印"), N_("审核通过"), N_("退回"), N_("拨付"), N_("授权"),
         N_("停用"))


def _money(value: Decimal | None) -> str:
    return "" if value is None else fmt_amount(value)


def _fen(value: Decimal | None) -> int:
    """Sort key of an amount: whole fen (no Decimal crosses into Qt)."""
    return -1 if value is None else int(value * 100)


# (header, text of an entry, sort key, right-aligned)
COLUMNS = [
    (N_("台账号"), lambda e: str(e.id), lambda e: e.id, True),
    (N_("类型"), lambda e: _(e.kind_title), lambda e: _(e.kind_title), False),
    (N_("申请人"), lambda e: e.applicant_name, lambda e: e.applicant_name, False),
    (N_("统一社会信用代码"), lambda e: e.credit_code, lambda e: e.credit_code, False),
    (N_("县（市、区）"), lambda e: e.county, lambda e: e.county, False),
    (N_("状态"), lambda e: _(e.status), lambda e: STATUSES.index(e.status), False),
    (N_("计算金额"), lambda e: _money(e.total), lambda e: _fen(e.total), True),
    (N_("经办人"), lambda e: e.created_by, lambda e: e.created_by, False),
    (N_("登记日期"), lambda e: e.created_on.isoformat(), lambda e: e.created_at, False),
    (N_("审定金额"), lambda e: _money(e.approved_total), lambda e: _fen(e.approved_total), True),
    (N_("拨付日期"), lambda e: e.paid_on.isoformat() if e.paid_on else "", lambda e: e.paid_on.isoformat()
     if e.paid_on else "", False),
    (N_("凭证号"), lambda e: e.doc_no or "", lambda e: e.doc_no or "", False),
    (N_("退回原因"), lambda e: e.return_reason or "", lambda e: e.return_reason or "", False),
]


class LedgerModel(RowsModel):
    """The ledger's entries, one row each."""

    HEADERS = tuple(c[0] for c in COLUMNS)

    @property
    def entries(self) -> list[Entry]:
        return self._rows

    def set_entries(self, entries: list[Entry]) -> None:
        self._reset(entries)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        _, text, key, right = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text(entry)
        if role == SORT_ROLE:
            return key(entry)
        if role == Qt.ItemDataRole.TextAlignmentRole and right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and entry.return_reason:
            return _("退回原因：{reason}").format(reason=entry.return_reason)
        return None


class LedgerFilter(QSortFilterProxyModel):
    """Search text (applicant, credit code, contract in the claim key) and exact filters on the other fields."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = ""
        self.county = self.kind = self.status = self.clerk = None
        self.date_from: date | None = None
        self.date_to: date | None = None
        self.setSortRole(SORT_ROLE)

    def set_criteria(self, **criteria) -> None:
        self.beginFilterChange()
        for key, value in criteria.items():
            setattr(self, key, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def lessThan(self, left, right):
        """Text as a Chinese reader orders it (pinyin: 创业… before 担保… before 六税…), not by code point, so the
        order shown is the order the header's arrow promises; numbers and dates by value."""
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if isinstance(a, str) and isinstance(b, str):
            return _COLLATOR.compare(a, b) < 0
        return a < b

    def filterAcceptsRow(self, row, parent):
        e: Entry = self.sourceModel().entries[row]
        if self.text:
            needle = self.text.lower()
            if not (any(needle in s.lower() for s in (e.applicant_name, e.credit_code, e.title))
                    or normalise(self.text) in e.claim_key):  # the key holds contract numbers normalised
                return False
        for attr, value in (("county", e.county), ("kind", e.kind), ("status", e.status), ("clerk", e.created_by)):
            wanted = getattr(self, attr)
            if wanted and wanted != value:
                return False
        day = e.created_on
        return not ((self.date_from and day < self.date_from) or (self.date_to and day > self.date_to))

    def visible_entries(self) -> list[Entry]:
        model = self.sourceModel()
        return [model.entries[self.mapToSource(self.index(r, 0)).row()] for r in range(self.rowCount())]


class HistoryModel(RowsModel):
    HEADERS = (N_("时间"), N_("用户"), N_("操作"), N_("程序版本"), N_("变更内容"))

    def set_events(self, events) -> None:
        self._reset(events)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        ev = self._rows[index.row()]
        from datetime import datetime

        local = datetime.fromisoformat(ev.at).astimezone().strftime("%Y-%m-%d %H:%M:%S")
        return (local, ev.user, _(ev.action), ev.program_version, ev.describe())[index.column()]


class PaymentDialog(QDialog):
    """Date, amount (the approved total, to be confirmed against the payment document) and document number."""

    def __init__(self, entry: Entry, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("登记拨付：台账第 {id} 号").format(id=entry.id))
        form = QFormLayout(self)
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.amount = QLineEdit(_money(entry.approved_total))
        self.doc = QLineEdit()
        form.addRow(_("审定金额（元）"), QLabel(_money(entry.approved_total)))
        form.addRow(_("拨付日期(&D)"), self.date)
        form.addRow(_("拨付金额（元）(&A)"), self.amount)
        form.addRow(_("拨付凭证号(&N)"), self.doc)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[date, Decimal, str]:
        return self.date.date().toPython(), parse_decimal(self.amount.text()), self.doc.text()


class LedgerView(QWidget):
    """Search, open, approve, send back and pay ledger cases; export what is shown. ``ledger`` stays the caller's."""

    changed = Signal()  # after any change the view made to the ledger
    open_case = Signal(object, int)  # (Case of the current version, ledger id): to be edited in a calculator
    title_changed = Signal(str)

    def __init__(self, ledger: Ledger, parent=None):
        super().__init__(parent)
        self.ledger = ledger
        self.roles: set[str] = set()
        self.model = LedgerModel(self)
        self.proxy = LedgerFilter(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 12)
        self.county = self._combo([(c, c) for c in COUNTIES])
        self.kind = self._combo([(title, kind) for kind, title in titles().items()])
        self.status = self._combo([(s, s) for s in STATUSES])
        self.clerk = self._combo([])
        self.date_from = self._date()
        self.date_to = self._date()
        # two lines of filters: one line is wider than a 1366×768 screen at 150% scaling
        filters, more = QHBoxLayout(), QHBoxLayout()
        self.filter_labels = []
        for line, widget in ((filters, self.search), (filters, self.county), (filters, self.kind),
                             (filters, self.status), (more, self.clerk), (more, self.date_from), (more, self.date_to)):
            lab = QLabel()
            lab.setBuddy(widget)
            self.filter_labels.append(lab)
            line.addWidget(lab)
            line.addWidget(widget, 2 if widget is self.search else 0)
        more.addStretch(1)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.table.activated.connect(lambda _index: self.open_current())  # Enter or a double click

        self.explanation = QPlainTextEdit(readOnly=True)
        self.history = HistoryModel(self)
        self.history_table = QTableView()
        self.history_table.setModel(self.history)
        self.history_table.verticalHeader().hide()
        self.history_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history_table.horizontalHeader().setStretchLastSection(True)
        self.detail = QTabWidget()
        self.detail.addTab(self.explanation, "")
        self.detail.addTab(self.history_table, "")

        self.open_button = QPushButton()
        self.approve_button = QPushButton()
        self.return_button = QPushButton()
        self.pay_button = QPushButton()
        self.export_button = QPushButton()
        self.refresh_button = QPushButton()
        self.open_button.clicked.connect(self.open_current)
        self.approve_button.clicked.connect(self.approve)
        self.return_button.clicked.connect(lambda: self.send_back())
        self.pay_button.clicked.connect(lambda: self.pay())
        self.export_button.clicked.connect(lambda: self.export())
        self.refresh_button.clicked.connect(self.reload)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.reload)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.approve_button, self.return_button, self.pay_button):
            buttons.addWidget(b)
        buttons.addStretch()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.refresh_button)

        self.summary = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(more)
        layout.addWidget(split, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.search.textChanged.connect(self._filter)
        for combo in (self.county, self.kind, self.status, self.clerk):
            combo.currentIndexChanged.connect(self._filter)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._filter)
        self._retranslate_controls()
        self.reload()

    @staticmethod
    def _combo(items) -> QComboBox:
        """(text to translate, value to filter on) pairs after 全部; place and clerk names stay as they are."""
        box = QComboBox()
        # narrow when closed (the list opens wide): at 150% scaling the search field keeps its room
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(5)
        box.addItem(_(ALL), None)
        for text, value in items:
            box.addItem(_(text), value)
        box.setProperty("source_texts", [ALL, *(text for text, _value in items)])
        return box

    @staticmethod
    def _date() -> QDateEdit:
        edit = QDateEdit()
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setMinimumDate(QDate(2000, 1, 1))  # the minimum date means no limit (shown as 不限)
        edit.setDate(edit.minimumDate())
        return edit

    # --- language ----------------------------------------------------------------------------------------------

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self._retranslate_controls()
        self.model.retranslate()
        self.history.retranslate()
        self._show_title()
        self._show_current()
        self._update_summary()

    def _retranslate_controls(self) -> None:
        self.search.setPlaceholderText(_("申请人、信用代码或合同编号"))
        for lab, text in zip(self.filter_labels, (N_("查找(&F)"), N_("县区"), N_("类型"), N_("状态"), N_("经办人"),
                                                  N_("登记日期"), N_("至"))):
            lab.setText(_(text))
        for combo in (self.county, self.kind, self.status):
            for i, text in enumerate(combo.property("source_texts")):
                combo.setItemText(i, _(text) if combo is not self.county or i == 0 else text)
        self.clerk.setItemText(0, _(ALL))
        for edit in (self.date_from, self.date_to):
            edit.setSpecialValueText(_("不限"))
        self.detail.setTabText(0, _("计算说明"))
        self.detail.setTabText(1, _("历史记录"))
        self.open_button.setText(_("打开到计算器(&O)"))
        self.open_button.setToolTip(_("把这个案例的当前版本放进计算器查看或修改（也可双击或按回车）"))
        self.approve_button.setText(_("审核通过(&A)"))
        self.return_button.setText(_("退回(&R)…"))
        self.pay_button.setText(_("登记拨付(&P)…"))
        self.export_button.setText(_("导出(&E)…"))
        self.refresh_button.setText(_("刷新"))
        self.refresh_button.setToolTip(_("重新读取台账（F5）"))

    def _show_title(self) -> None:
        roles = "、".join(_(r) for r in ROLES if r in self.roles) or _("无角色，只能查看")
        self.setWindowTitle(_("台账 — 用户 {user}（{roles}）").format(user=self.ledger.user, roles=roles))
        self.title_changed.emit(self.windowTitle())

    # --- data ------------------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the ledger again (others may have changed it), keeping the selected case."""
        current = self.current_entry()
        try:
            self.roles = self.ledger.roles()
            entries = self.ledger.entries()
        except LedgerError as exc:
            self.message.setText(str(exc))
            return
        self.model.set_entries(entries)
        self._show_title()
        if not self.roles:
            if self.ledger.is_new():
                self.message.setText(_("这是新台账，还没有审核人员：请先指定审核人员（设置 → 人员与角色，或命令行 "
                                       "subsidy-desk ledger grant 姓名 审核），再由审核人员给经办、财务人员授权。"))
            else:
                self.message.setText(_("用户 {user} 在台账中还没有角色，只能查看。请审核人员授权（设置 → 人员与角色）。")
                                     .format(user=self.ledger.user))
            self._role_hint = self.message.text()
        elif self.message.text() == getattr(self, "_role_hint", None):
            self.message.clear()  # the roles changed: the hint no longer holds
        clerks = sorted({e.created_by for e in entries})
        chosen = self.clerk.currentData()
        self.clerk.blockSignals(True)
        self.clerk.clear()
        self.clerk.addItem(_(ALL), None)
        for name in clerks:
            self.clerk.addItem(name, name)
        self.clerk.setCurrentIndex(max(self.clerk.findData(chosen), 0) if chosen else 0)
        self.clerk.blockSignals(False)
        if current is not None:
            self.select(current.id)
        self._show_current()
        self._update_summary()

    def _filter(self) -> None:
        def day(edit):
            return None if edit.date() == edit.minimumDate() else edit.date().toPython()

        self.proxy.set_criteria(text=self.search.text().strip(), county=self.county.currentData(),
                                kind=self.kind.currentData(), status=self.status.currentData(),
                                clerk=self.clerk.currentData(), date_from=day(self.date_from),
                                date_to=day(self.date_to))
        self._update_summary()
        self._show_current()

    def _update_summary(self) -> None:
        shown = self.proxy.visible_entries()
        zero = Decimal("0.00")
        self.summary.setText(_("显示 {shown} 条（共 {total} 条）；计算金额合计 {computed} 元，审定 {approved} 元，"
                               "拨付 {paid} 元").format(
            shown=len(shown), total=self.model.rowCount(),
            computed=fmt_amount(sum((e.total or zero for e in shown), zero)),
            approved=fmt_amount(sum((e.approved_total or zero for e in shown), zero)),
            paid=fmt_amount(sum((e.paid_amount or zero for e in shown), zero))))

    def current_entry(self) -> Entry | None:
        index = self.table.currentIndex()
        if not index.isValid() or not hasattr(self, "proxy"):
            return None
        return self.model.entries[self.proxy.mapToSource(index).row()]

    def select(self, case_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.model.entries[self.proxy.mapToSource(index).row()].id == case_id:
                self.table.setCurrentIndex(index)
                self.table.selectRow(row)
                return True
        return False

    def _show_current(self, *_args) -> None:
        entry = self.current_entry()
        self.open_button.setEnabled(entry is not None)
        allowed = allowed_actions(entry, self.ledger.user, self.roles) if entry else set()
        self.approve_button.setEnabled("approve" in allowed)
        self.return_button.setEnabled("send_back" in allowed)
        self.pay_button.setEnabled("pay" in allowed)
        if entry is None:
            self.explanation.setPlainText("")
            self.history.set_events([])
            return
        version = self.ledger.versions(entry.id)[-1]
        head = [_("台账第 {id} 号  {kind}  {applicant}  状态：{status}").format(
                    id=entry.id, kind=_(entry.kind_title), applicant=entry.applicant_name, status=_(entry.status)),
                _("第 {number} 版，{user} 计算；规则集 {rules} {hash}；程序版本 {program}").format(
                    number=version.number, user=version.computed_by, rules=version.rule_version or "—",
                    hash=version.rule_hash or "", program=version.program_version)]
        if entry.return_reason:
            head.append(_("退回原因：{reason}").format(reason=entry.return_reason))
        if entry.paid_on:
            head.append(_("已于 {day} 拨付 {amount} 元，凭证号 {doc}").format(
                day=fmt_date(entry.paid_on), amount=fmt_amount(entry.paid_amount), doc=entry.doc_no))
        if version.result:
            head.append(_("{label}：{amount} 元").format(label=version.result["total_label"],
                                                       amount=fmt_amount(version.total)))
        self.explanation.setPlainText("\n".join(head) + "\n\n" + (version.explanation or _("（草稿，尚未计算）")))
        self.history.set_events(self.ledger.history(entry.id))

    def open_current(self) -> bool:
        """Hand the current version of the selected case to whoever shows cases (the main window)."""
        entry = self.current_entry()
        if entry is None:
            return False
        try:
            case = self.ledger.versions(entry.id)[-1].case
        except LedgerError as exc:
            self.message.setText(str(exc))
            return False
        self.open_case.emit(case, entry.id)
        return True

    # --- actions -----------------------------------------------------------------------------------------------

    def _act(self, action, done: str) -> bool:
        entry = self.current_entry()
        if entry is None:
            return False
        try:
            action(entry)
        except (LedgerError, ValueError) as exc:
            self.message.setText(str(exc))
            return False
        self.message.setText("")
        self.reload()
        self.summary.setText(_("台账第 {id} 号{done}。").format(id=entry.id, done=_(done)) + "  " + self.summary.text())
        self.changed.emit()
        return True

    def approve(self) -> bool:
        return self._act(lambda e: self.ledger.approve(e.id), N_("已审核通过"))

    def send_back(self, reason: str | None = None) -> bool:
        if reason is None:
            reason, ok = QInputDialog.getText(self, _("退回"), _("退回原因（将通知经办人）："))
            if not ok:
                return False
        return self._act(lambda e: self.ledger.send_back(e.id, reason), N_("已退回"))

    def pay(self, values: tuple[date, Decimal, str] | None = None) -> bool:
        entry = self.current_entry()
        if entry is None:
            return False
        if values is None:
            dialog = PaymentDialog(entry, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            try:
                values = dialog.values()
            except ValueError as exc:
                self.message.setText(_("拨付金额：{error}").format(error=exc))
                return False
        return self._act(lambda e: self.ledger.pay(e.id, *values), N_("已登记拨付"))

    def export(self, path: Path | str | None = None) -> bool:
        """Write the cases shown (after filtering) and their summaries to a workbook."""
        from ..ledger.export import write_workbook

        if path is None:
            path, _filter = QFileDialog.getSaveFileName(self, _("导出台账"), _("台账") + ".xlsx",
                                                        _("Excel 工作簿 (*.xlsx)"))
            if not path:
                return False
        if not read_only.confirm(self, path):
            return False
        try:
            read_only.write(lambda: write_workbook(self.proxy.visible_entries(), Path(path)))
        except OSError as exc:
            self.message.setText(_("无法写入 {path}：{error}").format(path=path, error=exc))
            return False
        self.message.setText("")
        self.summary.setText(_("已导出 {count} 条到 {path}").format(count=self.proxy.rowCount(), path=path))
        return True
