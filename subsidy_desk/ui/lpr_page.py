"""政策参数 · LPR: the LPR months, shipped and added here; add the newest month, remove a local one."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout,
    QWidget,
)

from ..format import fmt_date
from ..i18n import _
from .language import babel_locale
from .local_rules import EditRefused, LocalRules
from .settings_base import (
    DONE_STYLE, ERROR_STYLE, WARNING_STYLE, EnterKey, Page, date_edit, pydate, qdate, qt_locale, show_message,
)
from .settings_models import LprModel


class LprPage(Page):
    """The LPR months: shipped ones and the ones this office added; add the newest month, remove a local one."""

    def __init__(self, local: LocalRules, parent=None):
        super().__init__(parent)
        self.local = local
        self._armed = None  # the input whose warnings the clerk has seen; a second click adds it anyway
        self.intro = QLabel(wordWrap=True)
        self.model = LprModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.remove_button = QPushButton()
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected)

        self.form = QGroupBox()
        self.date_label, self.one_label, self.five_label, self.note_label = QLabel(), QLabel(), QLabel(), QLabel()
        self.date_edit = date_edit()
        self.one_edit, self.five_edit, self.note_edit = QLineEdit(), QLineEdit(), QLineEdit()
        for edit in (self.one_edit, self.five_edit):
            edit.setMaximumWidth(110)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.add_button = QPushButton()
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_month)
        self.message = QLabel(wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid = QGridLayout(self.form)
        for col, (label, edit) in enumerate(((self.date_label, self.date_edit), (self.one_label, self.one_edit),
                                             (self.five_label, self.five_edit), (self.note_label, self.note_edit))):
            label.setBuddy(edit)
            grid.addWidget(label, 0, col)
            grid.addWidget(edit, 1, col)
        grid.setColumnStretch(3, 1)
        grid.addWidget(self.add_button, 1, 4)
        grid.addWidget(self.message, 2, 0, 1, 5)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.view, 1)
        below = QHBoxLayout()
        below.addStretch(1)
        below.addWidget(self.remove_button)
        layout.addLayout(below)
        layout.addWidget(self.form)

        for edit in (self.one_edit, self.five_edit, self.note_edit):
            edit.textEdited.connect(self._disarm)
        EnterKey(self.add_month, (self.date_edit, self.one_edit, self.five_edit, self.note_edit), self)
        EnterKey(lambda: None, (self.view,), self)
        self.date_edit.dateChanged.connect(self._disarm)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.refresh()
        self._suggest_date()
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(_(
            "LPR（贷款市场报价利率）每月20日公布（遇节假日顺延）。程序自带至{date}公布的一期；之后各月请按全国银行间"
            "同业拆借中心的公告在下方添加。本地补充的月份以浅黄色标出，点「保存」后用于计算。"
        ).format(date=fmt_date(self.local.newest_shipped, babel_locale())))
        self.form.setTitle(_("添加月份"))
        self.date_label.setText(_("公布日期(&D)"))
        self.one_label.setText(_("1年期（%）(&1)"))
        self.five_label.setText(_("5年期以上（%）(&5)"))
        self.note_label.setText(_("备注"))
        self.one_edit.setPlaceholderText(_("如 3.00"))
        self.five_edit.setPlaceholderText(_("如 3.50"))
        self.note_edit.setPlaceholderText(_("可不填，如：人民银行授权公布"))
        self.add_button.setText(_("仍然添加") if self._armed else _("添加(&A)"))
        self.remove_button.setText(_("删除所选的本地月份(&R)"))
        self.date_edit.setLocale(qt_locale())
        self.model.retranslate()
        self.message.clear()

    def refresh(self) -> None:
        self.model.set_rows(self.local.rules.lpr_table.rows)
        self.view.resizeColumnsToContents()
        for col in range(self.model.columnCount() - 1):  # breathing room: the contents alone look cramped
            self.view.setColumnWidth(col, self.view.columnWidth(col) + 24)
        self._selection_changed()

    def _suggest_date(self) -> None:
        """The next publication after the newest month known, the 20th, never after today."""
        newest = self.local.rules.lpr_table.rows[-1].published
        year, month = (newest.year + 1, 1) if newest.month == 12 else (newest.year, newest.month + 1)
        today = date.today()
        self.date_edit.setMaximumDate(qdate(today))
        self.date_edit.setDate(qdate(min(date(year, month, 20), today)))

    def _disarm(self, *_args) -> None:
        if self._armed:
            self._armed = None
            self.add_button.setText(_("添加(&A)"))

    def _field(self, name: str) -> QWidget:
        return {"date": self.date_edit, "lpr_1y": self.one_edit, "lpr_5y": self.five_edit}.get(name, self.date_edit)

    def add_month(self) -> None:
        typed = (pydate(self.date_edit.date()), self.one_edit.text(), self.five_edit.text(), self.note_edit.text())
        try:
            month = self.local.check_lpr(*typed)
            if month.warnings and self._armed != typed:
                self._armed = typed
                self.add_button.setText(_("仍然添加"))
                show_message(self.message, _("请核对：") + " ".join(month.warnings) + " " +
                      _("确认无误请点「仍然添加」。"), WARNING_STYLE)
                return
            self.local.add_lpr(month)
        except EditRefused as exc:
            show_message(self.message, str(exc), ERROR_STYLE)
            widget = self._field(exc.field)
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()
            return
        self._disarm()
        self.one_edit.clear()
        self.five_edit.clear()
        self.note_edit.clear()
        self.refresh()
        self.view.selectRow(self.model.row_of(month.published))
        self._suggest_date()
        show_message(self.message, _("已添加{date}公布的 LPR。点「保存」后用于计算。")
              .format(date=fmt_date(month.published, babel_locale())), DONE_STYLE)

    def _selected(self):
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _selection_changed(self, *_args) -> None:
        row = self._selected()
        self.remove_button.setEnabled(bool(row and row.local))

    def remove_selected(self) -> None:
        row = self._selected()
        if row is None or not row.local:
            return
        self.local.remove_lpr(row.published)
        self.refresh()
        show_message(self.message, _("已删除{date}公布的 LPR。点「保存」后生效。")
              .format(date=fmt_date(row.published, babel_locale())), DONE_STYLE)
