"""The batch dialog's preview: one line per data row of the import, its status, its total once computed and its
ledger number once registered; bad rows shaded, the problems in words."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ..batch.importer import ImportResult, ImportRow
from ..format import fmt_amount
from ..i18n import N_, _

BAD = QBrush(QColor("#FFC7CE"))
NOTED = QBrush(QColor("#FFF2CC"))
HEADERS = (N_("行号"), N_("状态"), N_("申请人"), N_("金额（元）"), N_("问题 / 读取说明"))


class BatchRows(QAbstractTableModel):
    """The preview: one line per data row of the import, bad rows shaded, the problems in words."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.imported: ImportResult | None = None
        self.totals: dict[int, object] = {}  # row number -> computed total
        self.ledger_ids: dict[int, int] = {}  # row number -> ledger id, once registered

    def set_import(self, imported: ImportResult | None) -> None:
        self.beginResetModel()
        self.imported = imported
        self.totals = {}
        self.ledger_ids = {}
        self.endResetModel()

    def set_totals(self, totals: dict[int, object]) -> None:
        self.beginResetModel()
        self.totals = totals
        self.endResetModel()

    def set_ledger_ids(self, ids: dict[int, int]) -> None:
        self.ledger_ids = ids
        self.retranslate()

    def retranslate(self) -> None:
        """New texts in place (headers, statuses), keeping the table's selection."""
        self.headerDataChanged.emit(Qt.Horizontal, 0, len(HEADERS) - 1)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(HEADERS) - 1))

    def row_at(self, index: int) -> ImportRow:
        return self.imported.rows[index]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.imported is None else len(self.imported.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return _(HEADERS[section])
        return None

    def status(self, row: ImportRow) -> str:
        if not row.ok:
            return _("有误")
        if row.number in self.ledger_ids:
            return _("已登记台账第 {id} 号").format(id=self.ledger_ids[row.number])
        return _("已计算") if row.number in self.totals else _("可计算")

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        col = index.column()
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            if col == 0:
                return str(row.number)
            if col == 1:
                return self.status(row)
            if col == 2:
                return row.name
            if col == 3:
                total = self.totals.get(row.number)
                return fmt_amount(total) if total is not None else ""
            text = [f"{p.column}：{p.reason}" for p in row.problems] or row.notes
            return ("\n" if role == Qt.ToolTipRole else "；").join(text)
        if role == Qt.BackgroundRole:
            if not row.ok:
                return BAD
            if row.notes and col == 4:
                return NOTED
        if role == Qt.TextAlignmentRole and col in (0, 3):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None
