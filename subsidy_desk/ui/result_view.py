"""The result beside the form: the total in large type, the headline figures, warnings, the detail table and the
explanation. It shows either a current result or what is missing, never a stale number."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import escape

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QHeaderView, QLabel, QSplitter, QTableView, QTextBrowser,
                               QVBoxLayout, QWidget)

from ..measures.result import Result
from ..format import fmt_amount, fmt_percent
from ..i18n import DEFAULT, _, language
from ..rules.model import CONFIDENCE_LABELS

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
BREAKDOWN = "其中"
HEADER_UNITS = 12  # a header wider than six characters goes on two lines where it breaks between words


class ResultTableModel(QAbstractTableModel):
    """Result.columns × Result.rows, read-only; amounts right-aligned and grouped, never re-rounded."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.columns: list = []
        self.rows: list = []  # the result's typed rows (measures/result.py Row)

    def set_result(self, result: Result | None) -> None:
        self.beginResetModel()
        self.columns = list(result.columns) if result else []
        self.rows = list(result.rows) if result else []
        self.endResetModel()

    def breakdown(self, column: int) -> bool:
        """其中：… columns split another column's amount; the compact table leaves them to the figures above."""
        return self.columns[column].label.startswith(BREAKDOWN)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:  # two short lines rather than one wide column
                from ..worksheets.layout import fit_label  # the worksheets' own line breaks, loaded with a result

                return fit_label(_(self.columns[section].label), HEADER_UNITS)
            return str(section + 1)
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return _(self.columns[section].label)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        value = column.of(self.rows[index.row()])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(column.kind, value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in ("money", "percent", "int"):
            return _RIGHT
        return None


def cell_text(kind: str, value) -> str:
    if value is None or value == "":
        return ""
    if kind == "money" and isinstance(value, Decimal):
        return fmt_amount(value)
    if kind == "percent" and isinstance(value, Decimal):
        return fmt_percent(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _figure_grid(cells: list[tuple[str, str]], per_row: int = 2) -> str:
    """Label–amount pairs two to a line: the headline figures without pushing the table off a small screen."""
    rows, yuan = [], _("元")
    for i in range(0, len(cells), per_row):
        tds = "".join(f"<td style='padding-right:6px'>{label}</td><td align='right' style='padding-right:18px'>"
                      f"<b>{amount}</b> {yuan}</td>" for label, amount in cells[i:i + per_row])
        rows.append(f"<tr>{tds}</tr>")
    return f"<table cellspacing='0'>{''.join(rows)}</table>"


def explanation_html(result: Result) -> str:
    """Each step: what was done, the formula in words, the numbers, the result, and the rule behind it with its
    document, clause, dates and confidence mark; then what the marks mean."""
    parts = []
    formula, outcome, basis, local_text = _("公式"), _("结果"), _("依据"), _("本地调整")
    pending_text = _("未经本县确认")
    for i, step in enumerate(result.steps, start=1):
        parts.append(f"<h3 style='margin-bottom:2px'>{i}. {escape(str(step.title))}</h3>")
        if step.formula:
            parts.append(f"<p style='margin:2px 0'><b>{formula}：</b>{escape(step.formula)}</p>")
        if step.values:
            cells = "".join(f"<tr><td style='color:#555;padding-right:12px'>{escape(str(k))}</td>"
                            f"<td>{escape(str(v))}</td></tr>" for k, v in step.values)
            parts.append(f"<table style='margin-left:12px'>{cells}</table>")
        if str(step.result):
            parts.append(f"<p style='margin:2px 0'><b>{outcome}：</b>{escape(str(step.result))}</p>")
        for r in step.rules:
            local = f"<span style='color:#b45309'>（{local_text}）</span>" if r.overridden else ""
            if r.unconfirmed:
                local += f"<span style='color:#8a5300'>（{escape(pending_text)}）</span>"
            parts.append(
                f"<p style='margin:2px 0 2px 12px;color:#1f4e79'>{basis}：{escape(r.label)} = "
                f"<b>{escape(r.shown())}</b>（{escape(r.source)}，{escape(r.period)}）"
                f"<b>{escape(r.mark)}</b> {escape(_(CONFIDENCE_LABELS.get(r.confidence, '')))}{local}"
                + (f"<br><span style='color:#555'>{escape(r.note)}</span>" if r.note else "") + "</p>")
    legend = "；".join(f"[{k}] {_(v)}" for k, v in CONFIDENCE_LABELS.items())
    stamp = result.rule_set
    marks, rule_set = _("标记"), _("规则集")
    parts.append(f"<hr><p style='color:#555'>{marks}：{escape(legend)}<br>"
                 f"{rule_set} {escape(str(stamp.get('version', '')))} · {escape(str(stamp.get('hash', ''))[:19])}</p>")
    return "".join(parts)


STATUS_COLORS = {"agree": ("#1b5e20", "#e8f5e9"), "explained": ("#8a4b00", "#fff3e0"), "ask": ("#b71c1c", "#ffebee")}


def claim_html(check) -> str:
    """申请金额, 核定金额 and 差额 per period and in total, the conclusion, and under each differing line its reason
    (the periods' when the bank listed periods, else the total's)."""
    color, background = STATUS_COLORS[check.status]
    periods = check.lines[:-1]
    rows = []
    for line in check.lines:
        label = line.label if line.period is not None else _("合计")
        cells = "".join(f"<td align='right' style='padding-left:14px;{style}'>{fmt_amount(v)}</td>" for v, style in (
            (line.claimed, ""), (line.approved, ""), (line.difference, "color:#b71c1c" if line.difference else "")))
        rows.append(f"<tr style='font-weight:{'bold' if line.period is None else 'normal'}'>"
                    f"<td>{escape(label)}</td>{cells}</tr>")
        if line.reason and (line.period is not None or not periods):
            rows.append(f"<tr><td></td><td colspan='3' style='color:{color}'>{escape(line.reason)}</td></tr>")
    head = "".join(f"<th align='{'left' if i == 0 else 'right'}' style='padding-left:{0 if i == 0 else 14}px'>{h}</th>"
                   for i, h in enumerate((_("期次") if periods else "", _("申请金额"), _("核定金额"), _("差额"))))
    title = _("申请金额核对")
    return (f"<div style='background:{background}'>{title}："
            f"<b style='color:{color}'>{escape(_(check.status_text))}</b>"
            f"<table cellspacing='0' style='margin-top:2px'><tr>{head}</tr>{''.join(rows)}</table></div>")


class _Details(QSplitter):
    """A result's table of rows above its explanation (the record note, then the steps)."""

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.table_model = ResultTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.table_model)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        # At 1366×768 the table shows its columns without scrolling sideways: the 其中 columns (already in the figures
        # above) are hidden until asked for.
        self.all_columns = QCheckBox(self)
        tabled = QWidget(self)
        box = QVBoxLayout(tabled)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.all_columns)
        box.addLayout(bar)
        box.addWidget(self.table, 1)
        self.explanation = QTextBrowser(self)
        self.explanation.setOpenLinks(False)
        # In another language the figures and labels are translated but the steps and warnings are not: they are
        # the record that is printed, signed and filed. Said once, above the explanation.
        self.record_note = QLabel(self)
        self.record_note.setWordWrap(True)
        self.record_note.setStyleSheet("color:#555; font-style:italic;")
        explained = QWidget(self)
        box = QVBoxLayout(explained)
        box.setContentsMargins(0, 2, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.record_note)
        box.addWidget(self.explanation, 1)
        self.addWidget(tabled)
        self.addWidget(explained)
        self.setStretchFactor(0, 2)
        self.setStretchFactor(1, 3)
        self.setChildrenCollapsible(False)


class ResultView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.result: Result | None = None
        self.check = None  # readings.Check
        self.problems: list[tuple[str, str]] = []
        self.total = QLabel(self)
        self.total.setObjectName("total")
        self.total.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.total.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.total.setFont(font)
        self.total.setWordWrap(True)
        self.total.setTextFormat(Qt.TextFormat.RichText)
        self.figures = QLabel(self)
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.claim = QLabel(self)  # the claimed amount against ours, and why they differ
        self.claim.setObjectName("claim")
        self.claim.setWordWrap(True)
        self.claim.setTextFormat(Qt.TextFormat.RichText)
        self.claim.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.claim.hide()
        self.notice = QLabel(self)  # rule changes since the case was saved; set by the window
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.hide()
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.warnings.hide()
        self._details: _Details | None = None  # the table and the explanation: made with the first result
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        for w in (self.total, self.claim, self.figures, self.notice, self.warnings):
            layout.addWidget(w)
        self.filler = QWidget(self)  # holds the space while there is no table, so the messages stay on top
        layout.addWidget(self.filler, 1)
        self.show_problems([])

    # A new case has no result, so no table and no explanation to show: they are made with the first result (or
    # when asked for), not to start the window (docs/speed.md).
    @property
    def details(self) -> _Details:
        if self._details is None:
            self._details = _Details(self)
            self._details.hide()
            self._details.all_columns.toggled.connect(self._show_columns)
            self.layout().insertWidget(self.layout().indexOf(self.filler), self._details, 1)
        return self._details

    table = property(lambda self: self.details.table)
    table_model = property(lambda self: self.details.table_model)
    all_columns = property(lambda self: self.details.all_columns)
    explanation = property(lambda self: self.details.explanation)
    record_note = property(lambda self: self.details.record_note)

    def show_result(self, result: Result, check=None) -> None:
        self.result, self.check, self.problems = result, check, []
        self._render()

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        """No number at all while inputs are incomplete: say what is missing, field by field."""
        self.result, self.check, self.problems = None, None, problems
        self._render()

    def retranslate(self) -> None:
        self._render()

    def _show_columns(self) -> None:
        model = self.table_model
        for c in range(model.columnCount()):
            self.table.setColumnHidden(c, model.breakdown(c) and not self.all_columns.isChecked())

    def _render(self) -> None:
        r = self.result
        if r is not None or self._details is not None:  # before the first result there is no table to empty
            self.table_model.set_result(r)
            self.all_columns.setText(_("显示全部列"))
            self.all_columns.setToolTip(_("也显示“其中”各列（中央政策贴息、市级加大贴息等，合计已列在上方）"))
            hidden = any(self.table_model.breakdown(c) for c in range(self.table_model.columnCount()))
            self.all_columns.setVisible(hidden)
            self._show_columns()
            self._fit_table()
        if r is None:
            self.total.setText(_("尚未算出"))
            self._total_color("#777777")
            items = "".join(f"<li><b>{escape(where)}</b>：{escape(message)}</li>" for where, message in self.problems)
            prompt = _("请先补全或改正以下内容：")
            self.figures.setText(f"{prompt}<ul style='margin:2px'>{items}</ul>" if items
                                 else _("请在左侧填写申请信息，结果会随输入自动更新。"))
            self.warnings.hide()
            self.claim.hide()
            if self._details is not None:
                self._details.hide()  # no empty table, no stale explanation
                self._details.explanation.setHtml("")
            self.filler.show()
            return
        self.details.show()
        self.filler.hide()
        self.record_note.setText(_("计算说明和提示保留中文：它们是打印、签章、存档的正式记录。"))
        self.record_note.setVisible(language() != DEFAULT)
        yuan = _("元")
        self.total.setText(f"{escape(_(r.total_label))}&nbsp;&nbsp;{fmt_amount(r.total)}&nbsp;{yuan}")
        self._total_color("#0b5394")
        cells = [(escape(_(f.label)), fmt_amount(f.value)) for f in r.figures]
        html = _figure_grid(cells)
        if r.shares:
            shares = _("资金分担")
            html += f"<div style='margin-top:4px'>{shares}：</div>" + _figure_grid(
                [(escape(_(k)), fmt_amount(v)) for k, v in r.shares])
        self.figures.setText(html)
        self.claim.setText(claim_html(self.check) if self.check else "")
        self.claim.setVisible(self.check is not None)
        if r.warnings:
            self.warnings.setText("<br>".join(
                f"<span style='color:{'#c62828' if w.blocking else '#b45309'}'>⚠ {escape(w.message)}</span>"
                for w in r.warnings))
            self.warnings.show()
        else:
            self.warnings.hide()
        bar = self.explanation.verticalScrollBar()
        position = bar.value()
        self.explanation.setHtml(explanation_html(r))
        bar.setValue(position)

    def _total_color(self, color: str) -> None:
        palette = self.total.palette()  # not a style sheet: those are parsed again on every change
        palette.setColor(QPalette.ColorRole.WindowText, QColor(color))
        self.total.setPalette(palette)

    def _fit_table(self) -> None:
        """Give the detail table the height of its rows (3 to 10), the explanation the rest."""
        if self._details is None:
            return
        rows = min(max(self.table_model.rowCount(), 3), 10)
        table = (self.table.horizontalHeader().sizeHint().height() + rows * self.table.verticalHeader()
                 .defaultSectionSize() + self.table.horizontalScrollBar().sizeHint().height() + 4
                 + self.all_columns.sizeHint().height())
        total = sum(self.details.sizes())
        if total > table:
            self.details.setSizes([table, total - table])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_table()

    def set_notice(self, html: str | None) -> None:
        if html and not self.notice.styleSheet():
            self.notice.setStyleSheet("background:#fff3cd; border:1px solid #e0b84c; padding:4px;")
        self.notice.setText(html or "")
        self.notice.setVisible(bool(html))
