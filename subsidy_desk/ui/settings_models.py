"""Table models of the settings dialog: the LPR months and every dated rule value, with where each comes from."""
from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from ..measures.registry import titles
from ..format import fmt_date, fmt_percent
from ..i18n import N_, _
from ..rules.lpr import LprRow
from ..rules.model import RuleValue
from .language import babel_locale
from .table_model import RowsModel

LOCAL_BACKGROUND = QColor("#fff4d6")  # local additions stand out from what the program ships
MARK_NAMES = {"C": N_("官方文件"), "S": N_("二手来源"), "D": N_("本程序默认"), "L": N_("本地调整")}


class LprModel(RowsModel):
    """Every LPR month, newest first: the month a clerk adds is the one they look for."""

    HEADERS = (N_("公布日期"), N_("1年期"), N_("5年期以上"), N_("来源"), N_("备注"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[LprRow] = []

    def set_rows(self, rows: list[LprRow]) -> None:
        self._reset(sorted(rows, key=lambda r: r.published, reverse=True))

    def row(self, index: int) -> LprRow:
        return self._rows[index]

    def row_of(self, published) -> int:
        return next(i for i, r in enumerate(self._rows) if r.published == published)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (fmt_date(row.published, babel_locale()), fmt_percent(row.lpr_1y), fmt_percent(row.lpr_5y),
                    _("本地补充") if row.local else _("程序自带"), row.note)[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and row.local:
            return QBrush(LOCAL_BACKGROUND)
        return None


class RuleModel(RowsModel):
    """One row per dated value of every parameter, the county's own values first within a parameter."""

    HEADERS = (N_("参数"), N_("取值"), N_("有效期"), N_("依据"), N_("标记"), N_("说明"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[RuleValue, str]] = []

    def set_rules(self, rules) -> None:
        self._reset((v, rules.parameters[key].description) for key in rules.parameters for v in rules.series(key))

    def value(self, index: int) -> RuleValue:
        return self._rows[index][0]

    def first_row_of(self, key: str) -> int:
        return next(i for i, (v, _d) in enumerate(self._rows) if v.key == key)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value, description = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (value.label, value.shown(), self._period(value), value.source,
                    f"{value.mark} {_(MARK_NAMES[value.confidence])}", value.note)[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(t for t in (_(titles().get(value.key.split(".")[0], "")), value.label, value.shown(),
                                         description, value.note, value.key) if t)
        if role == Qt.ItemDataRole.BackgroundRole and value.overridden:
            return QBrush(LOCAL_BACKGROUND)
        return None

    @staticmethod
    def _period(value: RuleValue) -> str:
        start = fmt_date(value.start, babel_locale())
        if value.end is None:
            return _("{start}起").format(start=start)
        return _("{start}至{end}").format(start=start, end=fmt_date(value.end, babel_locale()))


class RuleFilter(QSortFilterProxyModel):
    """Narrow the rule table to one measure and/or to rows containing a text (label, value, document, note)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._kind = ""
        self._text = ""

    def set_kind(self, kind: str) -> None:
        self.beginFilterChange()
        self._kind = kind or ""
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row, parent):
        model = self.sourceModel()
        value = model.value(row)
        if self._kind and not value.key.startswith(self._kind + "."):
            return False
        if not self._text:
            return True
        texts = [model.data(model.index(row, col)) or "" for col in range(model.columnCount())] + [value.key]
        return any(self._text in t.lower() for t in texts)
