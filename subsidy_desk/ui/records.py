"""Records fields (还款计划, 税（费）目, 各季度从业人数和资产总额) as an editable table: a model over raw rows, a
delegate that gives each column the editor of its field type, and add/remove buttons.

The table shows its columns at 1366×768 without scrolling sideways: headers go on two lines (the unit in brackets
below), columns are as wide as what they hold, and the columns a measure marks ``aside`` (担保合同编号, 实收担保费)
appear once a row fills them or when 显示全部列 is ticked."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLineEdit,
                               QPushButton, QStyledItemDelegate, QTableView, QVBoxLayout, QWidget)

from ..fields import Field
from ..format import fmt_amount
from ..i18n import _
from ..money import parse_decimal
from .inputs import PROBLEM_STYLE, DecimalValidator, read_date

_PROBLEM_BRUSH = QBrush(QColor("#ffcdd2"))
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class RecordsModel(QAbstractTableModel):
    """Rows as the case file holds them (dicts of strings); a cell with a problem is tinted and says why."""

    edited = Signal()  # the user changed the rows (not: problems were marked, rows were loaded)

    def __init__(self, columns: tuple[Field, ...], parent=None):
        super().__init__(parent)
        self.columns = columns
        self.rows: list[dict] = []
        self.problems: dict[tuple[int, str], str] = {}

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return header(self.columns[section])
        return str(section + 1)

    def flags(self, index):
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        f = self.columns[index.column()]
        value = self.rows[index.row()].get(f.name)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.shown(f, value)
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and f.type in ("money", "int", "percent"):
            return _RIGHT
        problem = self.problems.get((index.row(), f.name))
        if role == Qt.ItemDataRole.BackgroundRole and problem:
            return _PROBLEM_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem or (_(f.help) if f.help else None)
        return None

    @staticmethod
    def shown(f: Field, value) -> str:
        if value is None:
            return ""
        if f.type == "choice":
            return _(f.choices.get(value, str(value)))
        if f.type == "money":
            try:
                return fmt_amount(parse_decimal(value))
            except ValueError:
                return str(value)
        return str(value)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        f = self.columns[index.column()]
        if isinstance(value, str):
            value = value.strip().replace(",", "") if f.type in ("money", "int") else value.strip()
            if f.type == "date" and read_date(value):
                value = read_date(value).isoformat()
        self.rows[index.row()][f.name] = value if value not in ("", None) else None
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = [{f.name: (None if r.get(f.name) is None else str(r[f.name])) for f in self.columns}
                     for r in rows]
        self.problems = {}
        self.endResetModel()

    def add_row(self) -> int:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append({f.name: (f.default if f.type == "choice" else None) for f in self.columns})
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_rows(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()
        if rows:
            self.edited.emit()

    def set_problems(self, problems: dict[tuple[int, str], str]) -> None:
        self.problems = problems
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(len(self.columns) - 1, 0))

    def filled(self, column: int) -> bool:
        """Whether some row holds a value of its own in the column (a choice left at its default does not count)."""
        f = self.columns[column]
        return any(row.get(f.name) not in (None, "", f.default) for row in self.rows)


def header(f: Field) -> str:
    """The column's header on at most two lines: 担保金额 * / （元）, the bracket that ends a label below it."""
    label, mark = _(f.label), " *" if f.required else ""
    at = label.rfind("（")
    if label.endswith("）") and at > 0:
        return label[:at] + mark + "\n" + label[at:]
    return label + mark


class RecordsDelegate(QStyledItemDelegate):
    """The editor of each column's field type: a list for choices, validated text for amounts and counts."""

    edited = Signal()  # the user changed the rows (not: problems were marked, rows were loaded)

    def __init__(self, columns: tuple[Field, ...], parent=None):
        super().__init__(parent)
        self.columns = columns

    def createEditor(self, parent, option, index):
        f = self.columns[index.column()]
        if f.type == "choice":
            box = QComboBox(parent)
            for key, label in f.choices.items():
                box.addItem(_(label), key)
            return box
        edit = QLineEdit(parent)
        if f.type in ("money", "int"):
            edit.setValidator(DecimalValidator(2 if f.type == "money" else 0, edit))
            edit.setAlignment(_RIGHT)
        if f.type == "date":
            edit.setPlaceholderText(_("年-月-日"))
        return edit

    def setEditorData(self, editor, index):
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        else:
            editor.setText(value)

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData() if isinstance(editor, QComboBox) else editor.text())


class RecordsInput(QWidget):
    """The table with 添加一行 / 删除所选行. Tab leaves the table (arrows move between cells, F2 or typing edits),
    so the form's Tab order stays field to field; Insert adds a row and Ctrl+Delete removes the selected ones."""

    changed = Signal()

    def __init__(self, f: Field, parent=None):
        super().__init__(parent)
        self.field = f
        self.model = RecordsModel(f.sub, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(RecordsDelegate(f.sub, self.view))
        self.view.setTabKeyNavigation(False)
        triggers = QAbstractItemView.EditTrigger
        self.view.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed
                                  | triggers.SelectedClicked)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        heads = self.view.horizontalHeader()
        heads.setMinimumSectionSize(self.view.fontMetrics().horizontalAdvance("2023-01-01") // 2)
        # A table with a text column (the enterprise, the tax item): it takes what is left, the others fit what they
        # hold. A few columns of dates and amounts share the width evenly.
        wide = next((c for c, sub in enumerate(f.sub) if sub.type == "text"), None)
        if wide is not None:
            heads.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            heads.setSectionResizeMode(wide, QHeaderView.ResizeMode.Stretch)
        else:
            heads.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setMinimumHeight(self.view.verticalHeader().defaultSectionSize() * 4 + heads.sizeHint().height())
        self.view.setMaximumHeight(self.view.verticalHeader().defaultSectionSize() * 7 + heads.sizeHint().height())
        self.all_columns = QCheckBox(self)  # the columns a measure marks aside, on demand
        self.all_columns.setVisible(any(sub.aside for sub in f.sub))
        self.all_columns.toggled.connect(self._show_columns)
        self.model.modelReset.connect(self._show_columns)
        self.model.dataChanged.connect(self._show_columns)
        self.add_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_selected)
        QShortcut(QKeySequence(Qt.Key.Key_Insert), self.view, self.add_row,
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("Ctrl+Delete"), self.view, self.remove_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.all_columns)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.setFocusProxy(self.view)
        self.model.edited.connect(self.changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.add_button.setText(_("添加一行"))
        self.add_button.setToolTip(_("在表格末尾添加一行（Insert）"))
        self.remove_button.setText(_("删除所选行"))
        self.remove_button.setToolTip(_("删除选中的行（Ctrl+Delete）"))
        self.all_columns.setText(_("显示全部列"))
        aside = "、".join(_(sub.label) for sub in self.field.sub if sub.aside)
        self.all_columns.setToolTip(_("另有：{columns}（有数据时自动显示）").format(columns=aside))
        self.model.retranslate()

    def _show_columns(self, *_args) -> None:
        """The aside columns when asked for, filled or wrong; the others always."""
        wrong = {name for _row, name in self.model.problems}
        for c, sub in enumerate(self.field.sub):
            self.view.setColumnHidden(c, sub.aside and not (self.all_columns.isChecked() or self.model.filled(c)
                                                            or sub.name in wrong))

    def add_row(self) -> None:
        row = self.model.add_row()
        self.view.setFocus()
        self.view.setCurrentIndex(self.model.index(row, 0))

    def remove_selected(self) -> None:
        rows = [i.row() for i in self.view.selectionModel().selectedRows()]
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        self.model.remove_rows(rows)

    def raw(self) -> list[dict]:
        return [{k: v for k, v in row.items() if v is not None} for row in self.model.rows]

    def set_raw(self, value) -> None:
        self.model.set_rows(value or [])

    def set_problem(self, message: str | None) -> None:
        self.view.setStyleSheet(f"QTableView {{{PROBLEM_STYLE}}}" if message else "")

    def set_cell_problems(self, problems: dict[tuple[int, str], str]) -> None:
        self.model.set_problems(problems)
