"""The batch dialog: choose a filled template, see every row's status before anything is computed, compute the good
rows in the background with a progress bar and a cancel button, then save the results workbook or register the
computed rows in the ledger (all or none).

Reading, computing and saving each run on a worker thread, so the window keeps answering on a 10,000-row list; the
worker only ever hands back finished objects through signals. Saving is atomic (batch.atomic), so a cancel or a crash
never leaves half a file.
"""
from __future__ import annotations

import html
import threading
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, QThread, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QProgressBar, QPushButton, QTableView, QVBoxLayout)

from ..batch.importer import ImportResult
from ..measures.registry import titles
from ..format import fmt_amount
from ..i18n import N_, _
from . import read_only
from .batch_job import ledger_problems
from .job import Job
from .batch_rows import BatchRows

EXCEL_FILTER = N_("Excel 工作簿 (*.xlsx)")


class BatchDialog(QDialog):
    """Import, check, compute, save and register a whole list. The main window opens it from its menu; ``settings``
    says where the ledger is and ``rules`` (called when a list is computed) gives the rules the window computes with
    (the office's when the ledger holds them), both the main window's own; alone, the dialog uses this PC's rules."""

    busy_changed = Signal(bool)

    def __init__(self, parent=None, settings: QSettings | None = None, rules=None):
        super().__init__(parent)
        self.settings = settings
        self.rules = rules
        self.resize(1100, 640)
        self.imported: ImportResult | None = None
        self.entries = None
        self.batch_rules = None  # the rules the entries were computed with (None: this PC's)
        self._cancel = threading.Event()
        self._thread: QThread | None = None
        self._job: Job | None = None
        self._cancellable = False
        self._label = ""
        self._summary = lambda: ""  # the summary line is made again in a new language
        self._progress = ""

        self.kind_box = QComboBox()
        for kind, title in titles().items():
            self.kind_box.addItem(_(title), kind)
        self.kind_label = QLabel()
        self.template_button = QPushButton()
        self.open_button = QPushButton()
        self.file_label = QLabel()
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.model = BatchRows(self)
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
        self.errors_button = QPushButton()
        self.compute_button = QPushButton()
        self.cancel_button = QPushButton()
        self.save_button = QPushButton()
        self.worksheets_button = QPushButton()
        self.combined_box = QCheckBox()
        self.ledger_button = QPushButton()
        self.close_button = QPushButton()
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)

        top = QHBoxLayout()
        top.addWidget(self.kind_label)
        top.addWidget(self.kind_box)
        top.addWidget(self.template_button)
        top.addSpacing(24)
        top.addWidget(self.open_button)
        top.addWidget(self.file_label, 1)
        work = QHBoxLayout()
        work.addWidget(self.errors_button)
        work.addWidget(self.compute_button)
        work.addWidget(self.progress, 1)
        work.addWidget(self.cancel_button)
        bottom = QHBoxLayout()  # what to do with the results, on a line of its own: fits 1366 in either language
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.worksheets_button)
        bottom.addWidget(self.combined_box)
        bottom.addWidget(self.ledger_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(work)
        layout.addLayout(bottom)

        self.template_button.clicked.connect(self._choose_template)
        self.open_button.clicked.connect(self._choose_file)
        self.errors_button.clicked.connect(self._choose_errors)
        self.compute_button.clicked.connect(self.compute)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button.clicked.connect(self._choose_results)
        self.worksheets_button.clicked.connect(self._choose_worksheets)
        self.ledger_button.clicked.connect(self.commit_to_ledger)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.Open, self, self._choose_file)
        self.retranslate()
        self._update()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("批量计算"))
        for i, title in enumerate(titles().values()):
            self.kind_box.setItemText(i, _(title))
        self.kind_label.setText(_("类型(&K)："))
        self.kind_label.setBuddy(self.kind_box)
        self.template_button.setText(_("生成空白模板(&T)…"))
        self.open_button.setText(_("选择已填写的文件(&O)…"))
        if self.imported is None and not self.busy:
            self.file_label.setText(_("尚未选择文件"))
        self.errors_button.setText(_("导出错误清单(&E)…"))
        self.compute_button.setText(_("计算可计算的行(&C)"))
        self.cancel_button.setText(_("取消"))
        self.save_button.setText(_("保存结果工作簿(&S)…"))
        self.worksheets_button.setText(_("保存申请表(&W)…"))
        self.worksheets_button.setToolTip(_("为所有已计算的行（或表中选中的行）生成可打印的申请表"))
        self.combined_box.setText(_("合并为一个工作簿"))
        self.ledger_button.setText(_("登记到台账(&L)"))
        self.ledger_button.setToolTip(_("把所有已计算的行一次登记到台账：全部登记，或有一件不能登记时一件也不登记"))
        self.close_button.setText(_("关闭"))
        self.model.retranslate()
        self.summary.setText(self._summary())
        if not self.busy and self._progress:
            self.progress.setFormat(_(self._progress))

    def _say(self, summary, progress: str | None = None) -> None:
        """Show a summary (a function making it in the current language) and a progress text (a marked message)."""
        self._summary = summary
        self.summary.setText(summary())
        if progress is not None:
            self._progress = progress
            self.progress.setFormat(_(progress))

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
        self.ledger_button.setEnabled(not busy and bool(self.entries) and not self.model.ledger_ids)

    def _start(self, func, on_done, text: str, cancellable: bool = False) -> None:
        """Run ``func(job)`` on a worker thread; the window stays live and shows ``text`` (a marked message) in the
        progress bar."""
        self._cancel.clear()
        self._cancellable = cancellable
        self._thread = QThread(self)
        self._job = Job(func)
        self._job.moveToThread(self._thread)
        self._thread.started.connect(self._job.run)
        self._job.progress.connect(self._on_progress)
        self._on_done = on_done
        self._job.done.connect(self._deliver)  # a slot of this dialog: runs in the GUI thread, whatever on_done is
        self._job.failed.connect(self._on_failed)
        self._job.done.connect(self._finish)
        self._job.failed.connect(self._finish)
        self.progress.setRange(0, 0)
        self.progress.setFormat(_(text))
        self._label = _(text).rstrip("…")
        self._thread.start()
        self.busy_changed.emit(True)
        self._update()

    @Slot(object)
    def _deliver(self, result) -> None:
        """The worker's result, handed over in the GUI thread. Connecting a lambda directly would run it in the
        worker's thread (a lambda has no thread of its own), touching widgets from there."""
        self._on_done(result)

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
        self._say(lambda: f"<span style='color:#9C0006'>{html.escape(message)}</span>", N_("未完成"))

    # -- steps -------------------------------------------------------------------------------------------------------

    def load(self, path: Path) -> None:
        """Read a filled template in the background, then show every row with its status."""
        from ..batch.importer import read_rows

        path = Path(path)
        self.file_label.setText(str(path))
        self.imported = None
        self.entries = None
        self.model.set_import(None)
        self._start(lambda job: read_rows(path), self._on_loaded, N_("正在读取…"))

    @Slot(object)
    def _on_loaded(self, imported: ImportResult) -> None:
        self.imported = imported
        self.model.set_import(imported)
        good, bad = len(imported.good), len(imported.bad)
        noted = sum(1 for r in imported.rows if r.notes)

        def summary() -> str:
            parts = [_("{kind}：共 {rows} 行，可计算 {good} 行，有误 {bad} 行").format(
                kind=_(titles()[imported.kind]), rows=len(imported.rows), good=good, bad=bad)]
            if noted:
                parts.append(_("{count} 行有按特殊格式读取的单元格（黄色，见说明列）").format(count=noted))
            if bad:
                parts.append(_("有误的行标为红色；可先计算其余各行，改正后再导入有误的行，或导出错误清单交回填报单位"))
            return "".join(p + _("。") for p in [*parts, *imported.notes])

        self._say(summary, N_("已读取"))

    def compute(self) -> None:
        """Compute the good rows in the background; cancel() stops it and nothing is kept."""
        from ..batch.run import compute_rows
        from ..rules.load import load_rules

        imported = self.imported
        cancel = self._cancel
        rules = self.rules() if self.rules is not None else None  # read here, on the GUI thread
        self.batch_rules = rules  # the results' agency claims are computed with them too

        def work(job: Job):
            def report(done: int, total: int) -> bool:
                job.progress.emit(done, total)
                return not cancel.is_set()

            return compute_rows(imported, rules if rules is not None else load_rules(), progress=report)

        self._start(work, self._on_computed, N_("正在计算…"), cancellable=True)

    def cancel(self) -> None:
        self._cancel.set()

    @Slot(object)
    def _on_computed(self, entries) -> None:
        if entries is None:
            self._say(lambda: _("计算已取消：没有保存任何结果，可重新计算。"), N_("已取消，未保存任何结果"))
            return
        self.entries = entries
        self.model.set_totals({e.number: e.result.total for e in entries})
        total = sum(e.result.total for e in entries)
        failed = len(self.imported.bad)

        def summary() -> str:
            text = _("已计算 {count} 件，金额合计 {total} 元").format(count=len(entries), total=fmt_amount(total))
            if failed:
                text += _("；{count} 行未计算（红色）").format(count=failed)
            return text + _("。请保存结果工作簿或申请表，或登记到台账。")

        self._say(summary, N_("计算完成"))

    def save_results(self, path: Path) -> None:
        from ..batch.results import write_results

        entries = self.entries
        failed = [(p.row, p.column, p.reason) for p in self.imported.problems]
        if not read_only.confirm(self, path):
            return
        rules = self.batch_rules
        self._start(lambda job: read_only.write(lambda: write_results(entries, Path(path), failed, rules=rules)),
                    lambda _r: self._saved(path), N_("正在保存…"))

    def _saved(self, path) -> None:
        self._say(lambda: _("已保存到 {path}").format(path=path), N_("已保存"))

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
        if combined and not read_only.confirm(self, target):
            return
        cancel = self._cancel

        def work(job: Job):
            def report(done: int, total: int) -> bool:
                job.progress.emit(done, total)
                return not cancel.is_set()

            writer = write_combined if combined else write_each
            if not combined:  # one file per case: a read-only one among them is refused, not replaced unasked
                return writer(entries, Path(target), progress=report)
            return read_only.write(lambda: writer(entries, Path(target), progress=report))

        def done(result) -> None:
            if result is None:
                self._say(lambda: _("申请表生成已取消：已生成的文件各自完整，其余未生成。"), N_("已取消"))
            else:
                self._saved(target)

        self._start(work, done, N_("正在生成申请表…"), cancellable=True)

    def export_errors(self, path: Path) -> None:
        from ..batch.importer import export_errors

        imported = self.imported
        if not read_only.confirm(self, path):
            return
        self._start(lambda job: read_only.write(lambda: export_errors(imported, Path(path))), lambda _r: self._saved(path),
                    N_("正在导出…"))

    def write_template(self, path: Path) -> None:
        from ..batch.template import write_template

        kind = self.kind_box.currentData()
        if not read_only.confirm(self, path):
            return
        self._start(lambda job: read_only.write(lambda: write_template(kind, Path(path))), lambda _r: self._saved(path),
                    N_("正在生成…"))

    def commit_to_ledger(self) -> None:
        """Register every computed row in the ledger in one transaction, in the background: all or none.

        Before anything is written, each row's claim is checked (its contract number or credit code is there) and
        looked up in the ledger, so the clerk gets every problem with its Excel row at once; the database's unique
        constraint still refuses a claim another clerk registers meanwhile, and then nothing is kept either.
        """
        from .ledger_window import ledger_location, open_ledger

        if self.busy or not self.entries:
            return
        ledger = open_ledger(self, self.settings)  # says here, in words, why a ledger cannot be used
        if ledger is None:
            return
        ledger.close()
        url, user = ledger_location(self.settings)
        entries = list(self.entries)
        cancel = self._cancel

        def work(job: Job):
            from ..ledger import DuplicateClaim, Ledger, commit_batch

            with Ledger(url, user) as ledger:
                problems = ledger_problems(entries, ledger)
            if problems:
                return problems, []

            def report(done: int, total: int) -> bool:
                job.progress.emit(done, total)
                return not cancel.is_set()

            try:
                return [], commit_batch([(e.case, e.result) for e in entries], url, user, progress=report)
            except DuplicateClaim:  # another clerk registered one of these meanwhile: say which row, by Excel row
                with Ledger(url, user) as ledger:
                    problems = ledger_problems(entries, ledger)
                if problems:
                    return problems, []
                raise

        self._start(work, lambda result: self._on_committed(entries, result), N_("正在登记到台账…"), cancellable=True)

    def _on_committed(self, entries, outcome) -> None:
        problems, result = outcome
        if problems:
            lines = "<br>".join(html.escape(p) for p in problems)
            self._say(lambda: "<span style='color:#9C0006'>" + _("没有登记任何一件：") + "</span><br>" + lines,
                      N_("未登记"))
            return
        if not result:
            self._say(lambda: _("登记已取消：台账中没有登记任何一件。"), N_("已取消"))
            return
        self.model.set_ledger_ids({e.number: case_id for e, case_id in zip(entries, result)})
        first, last = min(result), max(result)
        bad = len(self.imported.bad)

        def summary() -> str:
            text = _("已登记到台账 {count} 件（台账第 {first}–{last} 号）。").format(
                count=len(result), first=first, last=last)
            return text + (_("{count} 行有误，未登记（红色）。").format(count=bad) if bad else "")

        self._say(summary, N_("已登记到台账"))
        self._update()

    # -- file choosers (the steps above are what tests drive) --------------------------------------------------------

    def _folder(self) -> str:
        return str(Path(self.file_label.text()).parent) if self.imported else ""

    def _choose_file(self) -> None:
        if self.busy:
            return
        path, _chosen_filter = QFileDialog.getOpenFileName(self, _("选择已填写的导入文件"), self._folder(),
                                                           _(EXCEL_FILTER))
        if path:
            self.load(Path(path))

    def _choose_template(self) -> None:
        title = self.kind_box.currentText()
        path, _chosen_filter = QFileDialog.getSaveFileName(self, _("保存空白模板"),
                                                           _("{kind}导入模板.xlsx").format(kind=title), _(EXCEL_FILTER))
        if path:
            self.write_template(Path(path))

    def _choose_errors(self) -> None:
        source = self.imported.path
        path, _chosen_filter = QFileDialog.getSaveFileName(
            self, _("导出错误清单"), str(source.with_name(_("{name}-错误清单.xlsx").format(name=source.stem))),
            _(EXCEL_FILTER))
        if path:
            self.export_errors(Path(path))

    def _choose_results(self) -> None:
        source = self.imported.path
        path, _chosen_filter = QFileDialog.getSaveFileName(
            self, _("保存结果工作簿"), str(source.with_name(_("{name}-计算结果.xlsx").format(name=source.stem))),
            _(EXCEL_FILTER))
        if path:
            self.save_results(Path(path))

    def _choose_worksheets(self) -> None:
        from ..batch.printouts import COMBINED_NAME

        source = self.imported.path
        if self.combined_box.isChecked():
            path, _chosen_filter = QFileDialog.getSaveFileName(self, _("保存合并的申请表"),
                                                               str(source.with_name(COMBINED_NAME)), _(EXCEL_FILTER))
        else:
            path = QFileDialog.getExistingDirectory(self, _("选择保存申请表的文件夹"), str(source.parent))
        if path:
            self.save_worksheets(Path(path), self.combined_box.isChecked())

    def reject(self) -> None:
        """Closing while busy first cancels and waits: no thread outlives the window, no file is left half-written."""
        if self.busy:
            self._cancel.set()
            self._thread.quit()
            self._thread.wait()
        super().reject()
