"""政策参数 · 规则取值: every rule value with its dates, document and mark; [S]/[D] values set for the county."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QPushButton, QStyle, QStyledItemDelegate, QStyleOptionViewItem,
    QTableView, QVBoxLayout, QWidget,
)

from ..measures.registry import titles
from ..format import fmt_date
from ..i18n import N_, _
from ..rules.model import NUMERIC_UNITS, Parameter
from .language import babel_locale
from .local_rules import EditRefused, LocalRules
from .settings_base import (
    DONE_STYLE, ERROR_STYLE, WARNING_STYLE, EnterKey, Page, date_edit, pydate, qdate, qt_locale, show_message,
)
from .settings_models import RuleFilter, RuleModel

UNIT_SUFFIX = {"CNY": N_("元"), "percent": "%", "year": N_("年"), "person": N_("人"), "count": ""}


def rule_table(model, selection: QAbstractItemView.SelectionMode) -> QTableView:
    """A table of rule values as both rule pages show them: whole rows selected, text wrapped, each row as tall as
    its text, the last column taking the room left."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(selection)
    view.setWordWrap(True)
    view.setItemDelegate(WrappedTextDelegate(view))
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def set_widths(view: QTableView, widths) -> None:
    for col, width in enumerate(widths):
        view.setColumnWidth(col, width)


class WrappedTextDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text. Qt paints a cell's text narrower than it measures it (the text margin
    is taken off twice when painting, once when sizing), so a note that just fits on two lines by the size hint
    is painted on three and cut to "…"; measure at the painted width instead, with a little air above and below
    (the painted text rectangle is a grid line and a frame pixel shorter than the row)."""

    PADDING = 4

    def sizeHint(self, option, index):
        option = QStyleOptionViewItem(option)
        widget = option.widget
        style = widget.style() if widget else None
        if style is not None and option.rect.isValid():
            margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
            option.rect = option.rect.adjusted(0, 0, -2 * margin, 0)
        size = super().sizeHint(option, index)
        size.setHeight(size.height() + self.PADDING)
        return size


class ValueInput(QWidget):
    """The input for one parameter's value in its unit: a number with its unit, yes/no, one choice or several."""

    def __init__(self, param: Parameter, parent=None):
        super().__init__(parent)
        self.param = param
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if param.unit in NUMERIC_UNITS:
            self.widget = QLineEdit()
            self.widget.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.widget.setMaximumWidth(180)
            layout.addWidget(self.widget)
            self.suffix = QLabel()
            layout.addWidget(self.suffix)
            layout.addStretch(1)
        elif param.unit in ("bool", "enum"):
            self.widget = QComboBox()
            layout.addWidget(self.widget, 1)
        else:
            self.widget = QListWidget()
            for value, label in param.choices.items():
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.widget.addItem(item)
            self.widget.setMinimumHeight(min(8, len(param.choices)) * 22)
            layout.addWidget(self.widget, 1)
        self.retranslate()

    def retranslate(self) -> None:
        if self.param.unit in NUMERIC_UNITS:
            self.suffix.setText(_(UNIT_SUFFIX[self.param.unit]) if UNIT_SUFFIX[self.param.unit] else "")
        elif self.param.unit in ("bool", "enum"):
            current = self.widget.currentIndex()
            self.widget.clear()
            choices = {True: _("是"), False: _("否")} if self.param.unit == "bool" else self.param.choices
            for value, label in choices.items():
                self.widget.addItem(label, value)
            self.widget.setCurrentIndex(max(current, 0))

    def set_value(self, value) -> None:
        if self.param.unit in NUMERIC_UNITS:
            self.widget.setText(str(value))
        elif self.param.unit in ("bool", "enum"):
            self.widget.setCurrentIndex(max(self.widget.findData(value), 0))
        else:
            for i in range(self.widget.count()):
                item = self.widget.item(i)
                checked = item.data(Qt.ItemDataRole.UserRole) in value
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def value(self):
        if self.param.unit in NUMERIC_UNITS:
            return self.widget.text()
        if self.param.unit in ("bool", "enum"):
            return self.widget.currentData()
        return [self.widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.widget.count())
                if self.widget.item(i).checkState() == Qt.CheckState.Checked]


class LocalValueEditor(QDialog):
    """Set one parameter for this county from a date on: value, local document and a required note."""

    def __init__(self, local: LocalRules, key: str, parent=None):
        super().__init__(parent)
        self.local, self.key = local, key
        self.param = local.shipped.parameters[key]
        self.heading = QLabel(wordWrap=True)
        self.shipped_text = QLabel(wordWrap=True)
        self.from_edit = date_edit()
        self.from_edit.setMaximumWidth(160)
        self.from_hint = QLabel(wordWrap=True)  # what the date means for cases dated before it
        self.from_hint.setStyleSheet("color:#555;")
        self.from_edit.dateChanged.connect(self._show_from_hint)
        self.value_input = ValueInput(self.param)
        self.document_edit = QLineEdit()
        self.note_edit = QLineEdit()
        self.message = QLabel(wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.labels = [QLabel() for _i in range(4)]
        for label, widget in zip(self.labels, (self.from_edit, self.value_input, self.document_edit, self.note_edit)):
            label.setBuddy(widget.widget if widget is self.value_input else widget)
            self.form.addRow(label, widget)
            if widget is self.from_edit:
                self.form.addRow("", self.from_hint)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.shipped_text)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._prefill()
        self.retranslate()
        self.resize(560, self.sizeHint().height())

    def _prefill(self) -> None:
        """The county's latest value when it has one; else the value in force today, dated from its own start
        (the parameter's first date when nothing is in force): a clerk who only types a value then sets it for
        the cases the shipped value covers, not only for cases dated from today on."""
        rules = self.local.rules
        latest = rules.parameters[self.key].local[-1] if self.local.is_local(self.key) else None
        if latest is not None:
            self.from_edit.setDate(qdate(latest.start))
            self.value_input.set_value(latest.value)
            self.document_edit.setText(latest.document)
            self.note_edit.setText(latest.note)
            return
        found = rules.parameters[self.key].entry_at(date.today())
        entry = found[0] if found else self.param.entries[-1]
        self.from_edit.setDate(qdate(entry.start if found else self.param.entries[0].start))
        self.value_input.set_value(entry.value)

    def _show_from_hint(self, *_args) -> None:
        self.from_hint.setText(_("{date}之前的案例仍按程序自带值计算。").format(
            date=fmt_date(pydate(self.from_edit.date()), babel_locale())))

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("设置本县取值"))
        self.heading.setText(f"<b>{self.param.label}</b>" + (f"<br>{self.param.description}"
                                                              if self.param.description else ""))
        shipped = [v for v in self.local.shipped.series(self.key)]
        self.shipped_text.setText(_("程序自带：") + "；".join(
            f"{v.period} {v.shown()}（{v.source} {v.mark}）" for v in shipped))
        for label, text in zip(self.labels, (_("生效日期(&F)"), _("取值(&V)"), _("本地文件（文号）(&W)"),
                                             _("说明(&N)"))):
            label.setText(text)
        self.document_edit.setPlaceholderText(_("必填，如：某县财〔2023〕1号"))
        self.note_edit.setPlaceholderText(_("必填：本县为什么改、依据哪条规定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        self.from_edit.setLocale(qt_locale())
        self._show_from_hint()
        self.value_input.retranslate()

    def accept(self) -> None:
        """Checked by the core's own loading; a refusal is shown here and the editor stays open."""
        try:
            self.local.set_value(self.key, pydate(self.from_edit.date()), self.value_input.value(),
                                 self.document_edit.text(), self.note_edit.text())
        except EditRefused as exc:
            show_message(self.message, str(exc), ERROR_STYLE)
            widget = {"from": self.from_edit, "value": self.value_input.widget,
                      "document": self.document_edit, "note": self.note_edit}.get(exc.field, self.from_edit)
            widget.setFocus()
            return
        super().accept()


class RulesPage(Page):
    """Every rule value with its dates, document and mark; [S]/[D] parameters can be set for this county."""

    def __init__(self, local: LocalRules, parent=None):
        super().__init__(parent)
        self.local = local
        self.editor: LocalValueEditor | None = None
        self.intro = QLabel(wordWrap=True)
        self.kind_label = QLabel()
        self.kind_combo = QComboBox()
        self.kind_label.setBuddy(self.kind_combo)
        self.filter_label = QLabel()
        self.filter_edit = QLineEdit()
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_label.setBuddy(self.filter_edit)
        self.model = RuleModel(self)
        self.proxy = RuleFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.proxy.set_kind(self.kind_combo.currentData()))
        self.view = rule_table(self.proxy, QAbstractItemView.SelectionMode.SingleSelection)
        self.edit_button, self.reset_button = QPushButton(), QPushButton()
        self.edit_button.clicked.connect(self.edit_selected)
        self.reset_button.clicked.connect(self.reset_selected)
        self.view.doubleClicked.connect(self.edit_selected)
        EnterKey(self.edit_selected, (self.view,), self)
        EnterKey(self.view.setFocus, (self.filter_edit,), self)  # Enter after filtering: on to the rows
        self.message = QLabel(wordWrap=True)

        top = QHBoxLayout()
        top.addWidget(self.kind_label)
        top.addWidget(self.kind_combo)
        top.addSpacing(12)
        top.addWidget(self.filter_label)
        top.addWidget(self.filter_edit, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.reset_button)
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
            "标记：[C] 官方文件　[S] 二手来源　[D] 本程序默认　[L] 本地调整（浅黄色）。标为 [S]、[D] 的参数可按本县文件"
            "设置取值，必须写明文件和说明；本地取值会写进每个用到它的计算结果。"))
        self.kind_label.setText(_("措施(&K)"))
        current = self.kind_combo.currentIndex()
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        self.kind_combo.addItem(_("全部"), "")
        for kind, title in titles().items():
            self.kind_combo.addItem(_(title), kind)
        self.kind_combo.setCurrentIndex(max(current, 0))
        self.kind_combo.blockSignals(False)
        self.filter_label.setText(_("筛选(&S)"))
        self.filter_edit.setPlaceholderText(_("输入参数名称、取值或文号"))
        self.edit_button.setText(_("设置本县取值(&E)…"))
        self.reset_button.setText(_("恢复为程序自带值(&Z)"))
        self.model.retranslate()
        self._selection_changed()

    def refresh(self, key: str | None = None) -> None:
        self.model.set_rules(self.local.rules)
        set_widths(self.view, (250, 180, 190, 210, 110))
        if key is not None:
            self.select(key)
        self._selection_changed()

    def select(self, key: str) -> None:
        self.filter_edit.clear()
        self.kind_combo.setCurrentIndex(0)
        row = self.proxy.mapFromSource(self.model.index(self.model.first_row_of(key), 0)).row()
        self.view.selectRow(row)
        self.view.scrollTo(self.proxy.index(row, 0))

    def selected_key(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.value(self.proxy.mapToSource(rows[0]).row()).key if rows else None

    def _selection_changed(self, *_args) -> None:
        key = self.selected_key()
        refused = self.local.editable(key) if key else ""
        self.edit_button.setEnabled(bool(key) and not refused)
        self.reset_button.setEnabled(bool(key) and self.local.is_local(key))
        show_message(self.message, refused, WARNING_STYLE)

    def edit_selected(self, *_args) -> None:
        key = self.selected_key()
        if key is None or self.local.editable(key):
            return
        self.editor = LocalValueEditor(self.local, key, self)
        self.editor.accepted.connect(lambda: self._edited(key))
        self.editor.open()

    def _edited(self, key: str) -> None:
        self.refresh(key)
        show_message(self.message, _("已设置本县取值。点「保存」后用于计算。"), DONE_STYLE)

    def reset_selected(self) -> None:
        key = self.selected_key()
        if key is None or not self.local.is_local(key):
            return
        self.local.reset(key)
        self.refresh(key)
        show_message(self.message, _("已恢复为程序自带值。点「保存」后生效。"), DONE_STYLE)
