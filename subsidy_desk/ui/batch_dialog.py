"""The batch dialog: choose a filled template, see every row's status before anything is computed, compute the good
rows in the background with a progress bar and a cancel button, then save the results workbook.

Reading, computing and saving each run on a worker thread, so the window keeps answering on a 10,000-row list; the
worker only ever hands back finished objects through signals. Saving is atomic (batch.atomic), so a cancel or a crash
never leaves half a file.
"""
from __future__ import annotations

import html
import threading
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QProgressBar, QPushButton, QTableView, QVBoxLayout)

from ..batch.importer import ImportResult, ImportRow
from ..case import KINDS
from ..format import fmt_amount

BAD = QBrush(QColor("#FFC7CE"))
NOTED = QBrush(QColor("#FFF2CC"))
HEADERS = ("行号", "状态", "申请人", "金额（元）", "问题 / 读取说明")


class RowsModel(QAbstractTableModel):
    """The preview: one line per data row of the import, bad rows shaded, the problems in words."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.imported: ImportResult | None = None
        self.totals: dict[int, object] = {}  # row number -> computed total

    def set_import(self, imported: ImportResult | None) -> None:
        self.beginResetModel()
        self.imported = imported
        self.totals = {}
        self.endResetModel()

    def set_totals(self, totals: dict[int, object]) -> None:
        self.beginResetModel()
        self.totals = totals
        self.endResetModel()

    def row_at(self, index: int) -> ImportRow:
        return self.imported.rows[index]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.imported is None else len(self.imported.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return HEADERS[section]
        return None

    def status(self, row: ImportRow) -> str:
        if not row.ok:
            return "有误"
        return "已计算" if row.number in self.totals else "可计算"

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


class _Job(QObject):
    """Runs one function on a worker thread; ``done`` carries its return value, ``failed`` a message for the clerk."""

    done = Signal(object)
    failed = Signal(str)
    progress = Signal(int, int)

    def __init__(self, func):
        super().__init__()
        self.func = func

    @Slot()
    def run(self) -> None:
        from ..batch.safety import WorkbookRefused
        from ..fields import InputError
        from ..rules.model import RuleError
        from ..worksheets import WorksheetError

        try:
            result = self.func(self)
        except (WorkbookRefused, InputError, WorksheetError) as exc:
            self.failed.emit(str(exc))
        except RuleError as exc:
            self.failed.emit("规则文件有误：" + str(exc))
        except OSError as exc:
            self.failed.emit("无法读写文件：" + str(exc.strerror or exc))
        else:
            self.done.emit(result)


class BatchDialog(QDialog):
    """Import, check, compute and save a whole list. The main window opens it from its menu."""

    busy_changed = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("批量计算")
        self.resize(1100, 640)
        self.imported: ImportResult | None = None
        self.entries = None
        self._cancel = threading.Event()
        self._thread: QThread | None = None
        self._job: _Job | None = None
        self._cancellable = False
        self._label = ""

        self.kind_box = QComboBox()
        for kind, title in KINDS.items():
            self.kind_box.addItem(title, kind)
        self.template_button = QPushButton("生成空白模板(&T)…")
        self.open_button = QPushButton("选择已填写的文件(&O)…")
        self.file_label = QLabel("尚未选择文件")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.model = RowsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        for i, mode in enumerate((QHeaderView.ResizeToContents, QHeaderView.ResizeToContents, QHeaderView.Interactive,
                                  QHeaderView.ResizeToContents, QHeaderView.Stretch)):
            header.setSectionResizeMode(i, mode)
        self.table.setColumnWidth(2, 240)
        self.errors_button = QPushButton("导出错误清单(&E)…")
        self.compute_button = QPushButton("计算可计算的行(&C)")
        self.cancel_button = QPushButton("取消计算")
        self.save_button = QPushButton("保存结果工作簿(&S)…")
        self.worksheets_button = QPushButton("保存申请表(&W)…")
        self.worksheets_button.setToolTip("为所有已计算的行（或表中选中的行）生成可打印的申请表")
        self.combined_box = QCheckBox("合并为一个工作簿")
        self.close_button = QPushButton("关闭")
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)

        top = QHBoxLayout()
        top.addWidget(QLabel("类型："))
        top.addWidget(self.kind_box)
        top.addWidget(self.template_button)
        top.addSpacing(24)
        top.addWidget(self.open_button)
        top.addWidget(self.file_label, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.errors_button)
        bottom.addWidget(self.compute_button)
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.worksheets_button)
        bottom.addWidget(self.combined_box)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.template_button.clicked.connect(self._choose_template)
        self.open_button.clicked.connect(self._choose_file)
        self.errors_button.clicked.connect(self._choose_errors)
        self.compute_button.clicked.connect(self.compute)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button.clicked.connect(self._choose_results)
        self.worksheets_button.clicked.connect(self._choose_worksheets)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.Open, self, self._choose_file)
        self._update()

    # -- state -----------------------------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def _update(self) -> None:
        busy = self.busy
        good = bool(self.imported and self.imported.good)
        for w in (self.open_button, self.template_button, self.kind_box, self.close_button):
            w.setEnabled(not busy)
        self.errors_button.setEnabled(not busy and bool(self.imported and self.imported.bad))
        self.compute_button.setEnabled(not busy and good and self.entries is None)
        self.cancel_button.setEnabled(busy and self._cancellable)
        self.save_button.setEnabled(not busy and bool(self.entries))
        self.worksheets_button.setEnabled(not busy and bool(self.entries))
        self.combined_box.setEnabled(not busy and bool(self.entries))

    def _start(self, func, on_done, text: str, cancellable: bool = False) -> None:
        """Run ``func(job)`` on a worker thread; the window stays live and shows ``text`` in the progress bar."""
        self._cancel.clear()
        self._cancellable = cancellable
        self._thread = QThread(self)
        self._job = _Job(func)
        self._job.moveToThread(self._thread)
        self._thread.started.connect(self._job.run)
        self._job.progress.connect(self._on_progress)
        self._job.done.connect(on_done)
        self._job.failed.connect(self._on_failed)
        self._job.done.connect(self._finish)
        self._job.failed.connect(self._finish)
        self.progress.setRange(0, 0)
        self.progress.setFormat(text)
        self._label = text.rstrip("…")
        self._thread.start()
        self.busy_changed.emit(True)
        self._update()

    @Slot()
    def _finish(self, *_):
        self._thread.quit()
        self._thread.wait()
        self._thread.deleteLater()
        self._job.deleteLater()
        self._thread = self._job = None
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
        self.busy_changed.emit(False)
        self._update()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(self._label + " %v/%m（%p%）")

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.progress.setFormat("未完成")
        self.summary.setText(f"<span style='color:#9C0006'>{html.escape(message)}</span>")

    # -- steps -------------------------------------------------------------------------------------------------------

    def load(self, path: Path) -> None:
        """Read a filled template in the background, then show every row with its status."""
        from ..batch.importer import read_rows

        path = Path(path)
        self.file_label.setText(str(path))
        self.imported = None
        self.entries = None
        self.model.set_import(None)
        self._start(lambda job: read_rows(path), self._on_loaded, "正在读取…")

    @Slot(object)
    def _on_loaded(self, imported: ImportResult) -> None:
        self.imported = imported
        self.model.set_import(imported)
        self.progress.setFormat("已读取")
        good, bad = len(imported.good), len(imported.bad)
        noted = sum(1 for r in imported.rows if r.notes)
        parts = [f"{KINDS[imported.kind]}：共 {len(imported.rows)} 行，可计算 {good} 行，有误 {bad} 行"]
        if noted:
            parts.append(f"{noted} 行有按特殊格式读取的单元格（黄色，见说明列）")
        if bad:
            parts.append("有误的行标为红色；可先计算其余各行，改正后再导入有误的行，或导出错误清单交回填报单位")
        parts += imported.notes
        self.summary.setText("。".join(parts) + "。")

    def compute(self) -> None:
        """Compute the good rows in the background; cancel() stops it and nothing is kept."""
        from ..batch.run import compute_rows
        from ..rules.load import load_rules

        imported = self.imported
        cancel = self._cancel

        def work(job: _Job):
            def report(done: int, total: int) -> bool:
                job.progress.emit(done, total)
                return not cancel.is_set()

            return compute_rows(imported, load_rules(), progress=report)

        self._start(work, self._on_computed, "正在计算…", cancellable=True)

    def cancel(self) -> None:
        self._cancel.set()

    @Slot(object)
    def _on_computed(self, entries) -> None:
        if entries is None:
            self.progress.setFormat("已取消，未保存任何结果")
            self.summary.setText("计算已取消：没有保存任何结果，可重新计算。")
            return
        self.entries = entries
        self.model.set_totals({e.number: e.result.total for e in entries})
        total = sum(e.result.total for e in entries)
        failed = len(self.imported.bad)
        self.progress.setFormat("计算完成")
        text = f"已计算 {len(entries)} 件，金额合计 {fmt_amount(total)} 元"
        if failed:
            text += f"；{failed} 行未计算（红色）"
        self.summary.setText(text + "。请保存结果工作簿或申请表。")

    def save_results(self, path: Path) -> None:
        from ..batch.results import write_results

        entries = self.entries
        failed = [(p.row, p.column, p.reason) for p in self.imported.problems]
        self._start(lambda job: write_results(entries, Path(path), failed), lambda _: self._saved(path), "正在保存…")

    def _saved(self, path) -> None:
        self.progress.setFormat("已保存")
        self.summary.setText(f"已保存到 {path}")

    def selected_entries(self) -> list:
        """The computed rows selected in the table, or all computed rows when none is selected."""
        numbers = {self.model.row_at(i.row()).number for i in self.table.selectionModel().selectedRows()}
        chosen = [e for e in self.entries if e.number in numbers]
        return chosen or list(self.entries)

    def save_worksheets(self, target: Path, combined: bool, entries=None) -> None:
        """Worksheets of ``entries`` (default: the selection, else all): one workbook each in the folder ``target``,
        or all in the one workbook ``target``. Runs in the background; cancel stops between files."""
        from ..batch.printouts import write_combined, write_each

        entries = list(entries if entries is not None else self.selected_entries())
        cancel = self._cancel

        def work(job: _Job):
            def report(done: int, total: int) -> bool:
                job.progress.emit(done, total)
                return not cancel.is_set()

            writer = write_combined if combined else write_each
            return writer(entries, Path(target), progress=report)

        def done(result) -> None:
            if result is None:
                self.progress.setFormat("已取消")
                self.summary.setText("申请表生成已取消：已生成的文件各自完整，其余未生成。")
            else:
                self._saved(target)

        self._start(work, done, "正在生成申请表…", cancellable=True)

    def export_errors(self, path: Path) -> None:
        from ..batch.importer import export_errors

        imported = self.imported
        self._start(lambda job: export_errors(imported, Path(path)), lambda _: self._saved(path), "正在导出…")

    def write_template(self, path: Path) -> None:
        from ..batch.template import write_template

        kind = self.kind_box.currentData()
        self._start(lambda job: write_template(kind, Path(path)), lambda _: self._saved(path), "正在生成…")

    # -- file choosers (the steps above are what tests drive) --------------------------------------------------------

    def _folder(self) -> str:
        return str(Path(self.file_label.text()).parent) if self.imported else ""

    def _choose_file(self) -> None:
        if self.busy:
            return
        path, _chosen_filter = QFileDialog.getOpenFileName(self, "选择已填写的导入文件", self._folder(), "Excel 工作簿 (*.xlsx)")
        if path:
            self.load(Path(path))

    def _choose_template(self) -> None:
        title = self.kind_box.currentText()
        path, _chosen_filter = QFileDialog.getSaveFileName(self, "保存空白模板", f"{title}导入模板.xlsx", "Excel 工作簿 (*.xlsx)")
        if path:
            self.write_template(Path(path))

    def _choose_errors(self) -> None:
        source = self.imported.path
        path, _chosen_filter = QFileDialog.getSaveFileName(self, "导出错误清单", str(source.with_name(f"{source.stem}-错误清单.xlsx")),
                                              "Excel 工作簿 (*.xlsx)")
        if path:
            self.export_errors(Path(path))

    def _choose_results(self) -> None:
        source = self.imported.path
        path, _chosen_filter = QFileDialog.getSaveFileName(self, "保存结果工作簿", str(source.with_name(f"{source.stem}-计算结果.xlsx")),
                                              "Excel 工作簿 (*.xlsx)")
        if path:
            self.save_results(Path(path))

    def _choose_worksheets(self) -> None:
        from ..batch.printouts import COMBINED_NAME

        source = self.imported.path
        if self.combined_box.isChecked():
            path, _chosen_filter = QFileDialog.getSaveFileName(self, "保存合并的申请表", str(source.with_name(COMBINED_NAME)),
                                                  "Excel 工作簿 (*.xlsx)")
        else:
            path = QFileDialog.getExistingDirectory(self, "选择保存申请表的文件夹", str(source.parent))
        if path:
            self.save_worksheets(Path(path), self.combined_box.isChecked())

    def reject(self) -> None:
        """Closing while busy first cancels and waits: no thread outlives the window, no file is left half-written."""
        if self.busy:
            self._cancel.set()
            self._thread.quit()
            self._thread.wait()
        super().reject()
