"""Records fields (还款计划, 税（费）目, 各季度从业人数和资产总额) as an editable table: a model over raw rows, a
delegate that gives each column the editor of its field type, and add/remove buttons."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QPushButton,
                               QStyledItemDelegate, QTableView, QVBoxLayout, QWidget)

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
            f = self.columns[section]
            return _(f.label) + (" *" if f.required else "")
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
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.view.setMinimumHeight(self.view.verticalHeader().defaultSectionSize() * 4 + header.sizeHint().height())
        self.view.setMaximumHeight(self.view.verticalHeader().defaultSectionSize() * 7 + header.sizeHint().height())
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
        self.model.retranslate()

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
