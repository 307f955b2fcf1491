"""本县参数确认: every shipped [S]/[D] value, which the county confirms with its own document or replaces.

Until a value is confirmed (or the county sets its own), it is a reading of this program's: the status bar counts
such values and each worksheet's 计算依据 marks them 未经本县确认. Confirmations are kept in ``overrides.json`` with
the county's document, and written on 保存 like every other change of the settings dialog.
"""
from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QVBoxLayout,
)

from ..measures.registry import titles
from ..i18n import N_, _
from .local_rules import EditRefused, LocalRules
from .rules_page import LocalValueEditor, rule_table, set_widths
from .settings_base import DONE_STYLE, ERROR_STYLE, EnterKey, Page, show_message
from .settings_models import RuleModel
from .table_model import RowsModel

PENDING_BACKGROUND = QColor("#fff4e5")


def review_status(rules, value) -> str:
    """未确认 / 已确认（文号） / 本县已另定取值, untranslated."""
    if rules.replaced(value):
        return N_("本县已另定取值")
    if value.confirmation:
        return N_("已确认")
    return N_("未确认")


class ReviewModel(RowsModel):
    HEADERS = (N_("措施"), N_("参数"), N_("取值"), N_("有效期"), N_("依据"), N_("标记"), N_("本县确认"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rules = None

    def set_rules(self, rules) -> None:
        self.beginResetModel()
        self.rules = rules
        self._rows = rules.review()
        self.endResetModel()

    def value(self, row: int):
        return self._rows[row]

    def pending(self, row: int) -> bool:
        v = self._rows[row]
        return v.unconfirmed and not self.rules.replaced(v)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        v = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            status = _(review_status(self.rules, v))
            if v.confirmation and not self.rules.replaced(v):
                status += f"（{v.confirmation}）"
            return (_(titles().get(v.key.split(".")[0], "")), v.label, v.shown(), RuleModel._period(v), v.source,
                    f"{v.mark} {_(MARK_NAMES[v.confidence])}", status)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(t for t in (v.label, v.shown(), v.source, v.note, v.key) if t)
        if role == Qt.ItemDataRole.BackgroundRole and self.pending(index.row()):
            return QBrush(PENDING_BACKGROUND)
        return None


MARK_NAMES = {"S": N_("二手来源"), "D": N_("本程序默认")}


class PendingFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.only_pending = False

    def set_only_pending(self, on: bool) -> None:
        self.beginFilterChange()
        self.only_pending = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row, parent):
        return not self.only_pending or self.sourceModel().pending(row)


class ConfirmDialog(QDialog):
    """The county's document (required) and a note for the values being confirmed."""

    def __init__(self, count: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("确认本县取值"))
        self.heading = QLabel(_("确认所选的 {n} 项取值与本县执行的规定一致。").format(n=count), wordWrap=True)
        self.document_edit, self.note_edit = QLineEdit(), QLineEdit()
        self.document_edit.setPlaceholderText(_("必填，如：某县财〔2023〕1号"))
        self.note_edit.setPlaceholderText(_("可选：核对情况"))
        self.message = QLabel(wordWrap=True)
        form = QFormLayout()
        doc_label, note_label = QLabel(_("本县文件（文号）(&W)")), QLabel(_("说明(&N)"))
        doc_label.setBuddy(self.document_edit)
        note_label.setBuddy(self.note_edit)
        form.addRow(doc_label, self.document_edit)
        form.addRow(note_label, self.note_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("确认"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def accept(self) -> None:
        if not self.document_edit.text().strip():
            show_message(self.message, _("请填写本县确认所依据的文件（文号），例如：某县财〔2023〕1号。"), ERROR_STYLE)
            self.document_edit.setFocus()
            return
        super().accept()


class ReviewPage(Page):
    """Every [S]/[D] value with its source and mark; confirm the selected ones, or set the county's own value."""

    def __init__(self, local: LocalRules, parent=None):
        super().__init__(parent)
        self.local = local
        self.dialog: QDialog | None = None
        self.intro = QLabel(wordWrap=True)
        self.count_label = QLabel(wordWrap=True)
        self.only_pending = QCheckBox()
        self.only_pending.toggled.connect(lambda on: self.proxy.set_only_pending(on))
        self.model = ReviewModel(self)
        self.proxy = PendingFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = rule_table(self.proxy, QAbstractItemView.SelectionMode.ExtendedSelection)
        self.confirm_button, self.edit_button, self.undo_button = QPushButton(), QPushButton(), QPushButton()
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self.undo_button.clicked.connect(self.unconfirm_selected)
        EnterKey(self.confirm_selected, (self.view,), self)
        self.message = QLabel(wordWrap=True)
        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(self.only_pending)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for b in (self.confirm_button, self.edit_button, self.undo_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.refresh()
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(_(
            "标为 [S]（二手来源）和 [D]（本程序默认）的取值，是本程序对政策的理解，需要本县确认：与本县执行的规定一致的，"
            "选中后点「确认所选」并写明本县文件；不一致的，点「设置本县取值」按本县文件修改。未确认的取值，申请表的"
            "“计算依据”标注“未经本县确认”。"))
        self.only_pending.setText(_("只看未确认(&U)"))
        self.confirm_button.setText(_("确认所选(&C)…"))
        self.edit_button.setText(_("设置本县取值(&E)…"))
        self.undo_button.setText(_("撤销确认(&X)"))
        self.model.retranslate()
        self._show_count()
        self._selection_changed()

    def refresh(self) -> None:
        self.model.set_rules(self.local.rules)
        set_widths(self.view, (110, 230, 150, 170, 200, 110))
        self._show_count()
        self._selection_changed()

    def _show_count(self) -> None:
        pending = len(self.local.rules.unconfirmed())
        total = len(self.local.rules.review())
        self.count_label.setText(_("共 {total} 项 [S]/[D] 取值，{pending} 项未经本县确认。").format(
            total=total, pending=pending))

    def selected(self) -> list:
        rows = sorted({self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.value(r) for r in rows]

    def _selection_changed(self, *_args) -> None:
        chosen = self.selected()
        rules = self.local.rules
        self.confirm_button.setEnabled(any(not rules.replaced(v) for v in chosen))
        self.edit_button.setEnabled(len({v.key for v in chosen}) == 1)
        self.undo_button.setEnabled(any(v.confirmation for v in chosen))

    def confirm_selected(self, *_args) -> None:
        chosen = [v for v in self.selected() if not self.local.rules.replaced(v)]
        if not chosen:
            return
        self.dialog = ConfirmDialog(len(chosen), self)
        self.dialog.accepted.connect(lambda: self._confirm(chosen))
        self.dialog.open()

    def _confirm(self, chosen: list) -> None:
        dialog = self.dialog
        try:
            self.local.confirm(chosen, dialog.document_edit.text(), dialog.note_edit.text())
        except EditRefused as exc:
            show_message(self.message, str(exc), ERROR_STYLE)
            return
        self.refresh()
        show_message(self.message, _("已确认 {n} 项。点「保存」后生效。").format(n=len(chosen)), DONE_STYLE)

    def unconfirm_selected(self) -> None:
        chosen = [v for v in self.selected() if v.confirmation]
        if chosen:
            self.local.unconfirm(chosen)
            self.refresh()
            show_message(self.message, _("已撤销确认。点「保存」后生效。"), DONE_STYLE)

    def edit_selected(self) -> None:
        keys = {v.key for v in self.selected()}
        if len(keys) != 1:
            return
        key = keys.pop()
        self.dialog = LocalValueEditor(self.local, key, self)
        self.dialog.accepted.connect(self._edited)
        self.dialog.open()

    def _edited(self) -> None:
        self.refresh()
        show_message(self.message, _("已设置本县取值。点「保存」后用于计算。"), DONE_STYLE)
