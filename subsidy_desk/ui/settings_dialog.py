"""设置: the county's LPR months and rule values, the office's details and the interface language.

Rule changes are collected while the dialog is open and written on 保存 (through the core's checked, atomic
``save_overrides``); 取消 leaves the user's files as they were. The language applies at once, as a clerk expects
of a switch. After ``accept()`` the caller reloads the rules (``rules_changed`` says whether anything changed).
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
    QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QMessageBox, QPushButton, QRadioButton, QTabWidget, QTableView, QVBoxLayout, QWidget,
)

from .. import i18n
from ..case import KINDS
from ..format import fmt_date
from ..i18n import N_, _
from ..office import load_office, save_office
from ..paths import overrides_file
from ..rules.model import NUMERIC_UNITS, Parameter, RuleError
from .language import babel_locale, switch_language
from .local_rules import EditRefused, LocalRules
from .settings_models import LprModel, RuleFilter, RuleModel

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5300;"
DONE_STYLE = "color: #1b5e20;"
UNIT_SUFFIX = {"CNY": N_("元"), "percent": "%", "year": N_("年"), "person": N_("人"), "count": ""}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _qt_locale() -> QLocale:
    """The calendar pop-ups' month and day names follow the interface language."""
    if i18n.language() == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return QLocale(QLocale.Language.Chinese, QLocale.Country.China)


class _EnterKey(QObject):
    """Enter in a field runs the page's own action and goes no further: in a dialog an unhandled Enter presses
    保存, and finishing a rate or a filter with Enter must not save and close the dialog by surprise."""

    def __init__(self, action, widgets, parent):
        super().__init__(parent)
        self.action = action
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.action()
            return True
        return False


def _show(label: QLabel, text: str, style: str) -> None:
    label.setStyleSheet(style)
    label.setText(text)


class _Page(QWidget):
    """A page that re-sets its texts when the language changes."""

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        raise NotImplementedError


class LprPage(_Page):
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
        self.date_edit = _date_edit()
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
        _EnterKey(self.add_month, (self.date_edit, self.one_edit, self.five_edit, self.note_edit), self)
        _EnterKey(lambda: None, (self.view,), self)
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
        self.date_edit.setLocale(_qt_locale())
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
        self.date_edit.setMaximumDate(_qdate(today))
        self.date_edit.setDate(_qdate(min(date(year, month, 20), today)))

    def _disarm(self, *_args) -> None:
        if self._armed:
            self._armed = None
            self.add_button.setText(_("添加(&A)"))

    def _field(self, name: str) -> QWidget:
        return {"date": self.date_edit, "lpr_1y": self.one_edit, "lpr_5y": self.five_edit}.get(name, self.date_edit)

    def add_month(self) -> None:
        typed = (_pydate(self.date_edit.date()), self.one_edit.text(), self.five_edit.text(), self.note_edit.text())
        try:
            month = self.local.check_lpr(*typed)
            if month.warnings and self._armed != typed:
                self._armed = typed
                self.add_button.setText(_("仍然添加"))
                _show(self.message, _("请核对：") + " ".join(month.warnings) + " " +
                      _("确认无误请点「仍然添加」。"), WARNING_STYLE)
                return
            self.local.add_lpr(month)
        except EditRefused as exc:
            _show(self.message, str(exc), ERROR_STYLE)
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
        _show(self.message, _("已添加{date}公布的 LPR。点「保存」后用于计算。")
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
        _show(self.message, _("已删除{date}公布的 LPR。点「保存」后生效。")
              .format(date=fmt_date(row.published, babel_locale())), DONE_STYLE)


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
        self.from_edit = _date_edit()
        self.from_edit.setMaximumWidth(160)
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
        today = date.today()
        rules = self.local.rules
        latest = rules.parameters[self.key].local[-1] if self.local.is_local(self.key) else None
        if latest is not None:
            self.from_edit.setDate(_qdate(latest.start))
            self.value_input.set_value(latest.value)
            self.document_edit.setText(latest.document)
            self.note_edit.setText(latest.note)
            return
        entry = rules.parameters[self.key].entry_at(today) or (rules.parameters[self.key].entries[-1], False)
        self.from_edit.setDate(_qdate(max(today, self.param.entries[0].start)))
        self.value_input.set_value(entry[0].value)

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
        self.from_edit.setLocale(_qt_locale())
        self.value_input.retranslate()

    def accept(self) -> None:
        """Checked by the core's own loading; a refusal is shown here and the editor stays open."""
        try:
            self.local.set_value(self.key, _pydate(self.from_edit.date()), self.value_input.value(),
                                 self.document_edit.text(), self.note_edit.text())
        except EditRefused as exc:
            _show(self.message, str(exc), ERROR_STYLE)
            widget = {"from": self.from_edit, "value": self.value_input.widget,
                      "document": self.document_edit, "note": self.note_edit}.get(exc.field, self.from_edit)
            widget.setFocus()
            return
        super().accept()


class RulesPage(_Page):
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
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        self.edit_button, self.reset_button = QPushButton(), QPushButton()
        self.edit_button.clicked.connect(self.edit_selected)
        self.reset_button.clicked.connect(self.reset_selected)
        self.view.doubleClicked.connect(self.edit_selected)
        _EnterKey(self.edit_selected, (self.view,), self)
        _EnterKey(self.view.setFocus, (self.filter_edit,), self)  # Enter after filtering: on to the rows
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
        for kind, title in KINDS.items():
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
        widths = (250, 180, 190, 210, 110)
        for col, width in enumerate(widths):
            self.view.setColumnWidth(col, width)
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
        _show(self.message, refused, WARNING_STYLE)

    def edit_selected(self, *_args) -> None:
        key = self.selected_key()
        if key is None or self.local.editable(key):
            return
        self.editor = LocalValueEditor(self.local, key, self)
        self.editor.accepted.connect(lambda: self._edited(key))
        self.editor.open()

    def _edited(self, key: str) -> None:
        self.refresh(key)
        _show(self.message, _("已设置本县取值。点「保存」后用于计算。"), DONE_STYLE)

    def reset_selected(self) -> None:
        key = self.selected_key()
        if key is None or not self.local.is_local(key):
            return
        self.local.reset(key)
        self.refresh(key)
        _show(self.message, _("已恢复为程序自带值。点「保存」后生效。"), DONE_STYLE)


class OfficePage(_Page):
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


class LanguagePage(_Page):
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
    """设置 with four pages; 保存 writes the rule changes and the office details, 取消 drops them."""

    PAGES = ("lpr", "rules", "office", "language")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rules_changed = False
        self.local = LocalRules(overrides_file())
        self.problem = QLabel(wordWrap=True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setVisible(bool(self.local.problem))
        self.lpr_page = LprPage(self.local)
        self.rules_page = RulesPage(self.local)
        self.office_page = OfficePage()
        self.language_page = LanguagePage()
        self.tabs = QTabWidget()
        for page in (self.lpr_page, self.rules_page, self.office_page, self.language_page):
            self.tabs.addTab(page, "")
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

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("设置"))
        for i, title in enumerate((_("政策参数 · LPR"), _("政策参数 · 规则取值"), _("本单位"), _("语言 Language"))):
            self.tabs.setTabText(i, title)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        self.problem.setText(_("本地调整文件无法使用，已按程序自带值显示；保存时原文件会改名保留。原因：") + self.local.problem)

    def accept(self) -> None:
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
