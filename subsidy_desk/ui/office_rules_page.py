"""设置 → 本单位规则: the office's rules kept in the ledger — the version in force, its effect before a change is
published, the change published by a 审核, the changed cases recomputed by a 经办, one file between PCs.

Every clerk sees what is in force (version, who, when, document, note, rule-set hash); only a 审核 publishes or
imports, and only after looking at the impact (规则变更影响) of exactly what is about to be published: which ledger
cases not yet paid would change total, by how much. The impact is computed off the GUI thread with progress and
cancel (the ledger streams it, ``ledger/impact.py``); it is shown in a table and can be saved as a workbook. The
candidate rules are the county values edited on this dialog's rule pages (pending, before 保存) or an overrides
file. The ledger checks every step again; the page only shows what the ledger says.
"""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QSettings, QSortFilterProxyModel, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QMessageBox, QProgressBar, QPushButton, QRadioButton, QTableView, QTabWidget, QVBoxLayout,
)

from ..format import fmt_amount
from ..i18n import N_, _
from . import read_only
from .job import Job
from .settings_base import DONE_STYLE, ERROR_STYLE, WARNING_STYLE, Page, show_message
from .table_model import RowsModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
EXCEL_FILTER = N_("Excel 工作簿 (*.xlsx)")
RULES_FILTER = N_("本单位规则文件 (*.json)")


def _local(stamp: str) -> str:
    from datetime import datetime

    return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")


def _fen(value) -> int:
    return -10**15 if value is None else int(value * 100)


def _action(impact) -> str:
    if impact.new is None:
        return _("无法按新规则计算：") + impact.problem
    return _("可重新计算") if impact.recomputable else _("已审核：须先退回")


class ImpactModel(RowsModel):
    """The impact list: one row per unpaid case whose total would change."""

    HEADERS = (N_("台账号"), N_("类型"), N_("申请人"), N_("状态"), N_("现金额"), N_("新金额"), N_("差额"), N_("处理"))

    def set_impacts(self, impacts) -> None:
        self.beginResetModel()
        self._rows = list(impacts)
        self.endResetModel()

    def impacts(self) -> list:
        return list(self._rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        i, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            money = (i.old, i.new, i.difference)
            if col == 0:
                return str(i.id)
            if 4 <= col <= 6:
                return "—" if money[col - 4] is None else fmt_amount(money[col - 4])
            return (None, _(i.kind_title), i.applicant_name, _(i.status), None, None, None, _action(i))[col]
        if role == SORT_ROLE:
            return (i.id, _(i.kind_title), i.applicant_name, _(i.status), _fen(i.old), _fen(i.new),
                    _fen(i.difference), _action(i))[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and (col == 0 or 4 <= col <= 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class HistoryModel(RowsModel):
    """Every published version of the office's rules, newest first."""

    HEADERS = (N_("版本"), N_("发布人"), N_("发布时间"), N_("文件依据"), N_("说明"), N_("规则集哈希"))

    def set_versions(self, versions) -> None:
        self.beginResetModel()
        self._rows = sorted(versions, key=lambda o: -o.version)
        self.endResetModel()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        o = self._rows[index.row()]
        return (str(o.version), o.published_by, _local(o.published_at), o.document, o.note,
                o.rules_hash)[index.column()]


class OfficeRulesPage(Page):
    """The office's rules in the ledger. ``local`` holds the county values edited on the rule pages (the candidate
    a reviewer publishes); ``ledger_opener()`` returns the configured ledger or None (having said why);
    ``office_name()`` the 单位名称 typed on the 本单位 page. ``published`` is emitted after a publication or an
    import: the program then computes with the new version."""

    published = Signal()

    def __init__(self, local, settings: QSettings | None = None, ledger_opener=None, office_name=None, parent=None):
        super().__init__(parent)
        self.local, self.settings, self._opener = local, settings, ledger_opener
        self._office_name = office_name or (lambda: "")
        self.ledger = None
        self._roles: set[str] = set()
        self._office = None
        self._previewed: str | None = None  # canonical text of the rules the impact list shows
        self._cancel = threading.Event()
        self._thread: QThread | None = None
        self._job: Job | None = None
        self.confirm_box: QMessageBox | None = None

        self.intro = QLabel(wordWrap=True)
        self.current_box = QGroupBox()
        self.current = QLabel(wordWrap=True)
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_rules_button, self.import_rules_button = QPushButton(), QPushButton()
        self.edit_current_button = QPushButton()
        self.edit_current_button.clicked.connect(lambda: self.edit_current())
        self.export_rules_button.clicked.connect(lambda: self.export_rules())
        self.import_rules_button.clicked.connect(lambda: self.import_rules())
        current = QHBoxLayout(self.current_box)
        current.addWidget(self.current, 1)
        side = QVBoxLayout()
        side.addWidget(self.edit_current_button)
        side.addWidget(self.export_rules_button)
        side.addWidget(self.import_rules_button)
        side.addStretch(1)
        current.addLayout(side)

        self.publish_box = QGroupBox()
        self.from_local, self.from_file = QRadioButton(), QRadioButton()
        self.from_local.setChecked(True)
        self.sources = QButtonGroup(self)
        self.sources.addButton(self.from_local)
        self.sources.addButton(self.from_file)
        self.sources.buttonToggled.connect(lambda *_a: self._candidate_changed())
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(lambda: self.choose_file())
        source = QHBoxLayout()
        source.addWidget(self.from_local)
        source.addSpacing(12)
        source.addWidget(self.from_file)
        source.addWidget(self.file_edit, 1)
        source.addWidget(self.choose_button)
        self.document_edit, self.note_edit, self.name_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.basis_labels = [QLabel(), QLabel(), QLabel()]
        basis = QHBoxLayout()
        for label, edit, stretch in zip(self.basis_labels, (self.document_edit, self.note_edit, self.name_edit),
                                        (2, 3, 2)):
            label.setBuddy(edit)
            basis.addWidget(label)
            basis.addWidget(edit, stretch)
        self.preview_button, self.publish_button = QPushButton(), QPushButton()
        self.preview_button.clicked.connect(lambda: self.preview())
        self.publish_button.clicked.connect(lambda: self.publish())
        actions = QHBoxLayout()
        actions.addWidget(self.preview_button)
        actions.addWidget(self.publish_button)
        actions.addStretch(1)
        publish = QVBoxLayout(self.publish_box)
        publish.addLayout(source)
        publish.addLayout(basis)
        publish.addLayout(actions)

        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()

        self.impact_model = ImpactModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.impact_model)
        self.proxy.setSortRole(SORT_ROLE)
        self.impact_view = self._table(self.proxy)
        self.impact_view.setSortingEnabled(True)
        self.impact_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.history_model = HistoryModel(self)
        self.history_view = self._table(self.history_model)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.impact_view, "")
        self.tabs.addTab(self.history_view, "")

        self.summary = QLabel(wordWrap=True)
        self.export_impact_button, self.apply_button = QPushButton(), QPushButton()
        self.export_impact_button.clicked.connect(lambda: self.export_impact())
        self.apply_button.clicked.connect(lambda: self.apply())
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.export_impact_button)
        bottom.addWidget(self.apply_button)
        self.message = QLabel(wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.current_box)
        layout.addWidget(self.publish_box)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        self.retranslate()
        self._enable()

    @staticmethod
    def _table(model) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    def retranslate(self) -> None:
        who = self.ledger.user if self.ledger else "—"
        roles = "、".join(_(r) for r in ("审核", "经办", "财务") if r in self._roles) or _("无")
        self.intro.setText(_("本单位的规则取值、LPR 和单位名称保存在台账中，本单位每台电脑都按它计算（本机的政策参数只在没有发布"
                             "本单位规则时使用）。审核人员先预览规则变更影响，再发布；发布后由经办人员按新规则重新计算有变化的"
                             "案例。您是 {user}（{roles}）。").format(user=who, roles=roles))
        self.current_box.setTitle(_("现行本单位规则"))
        self.edit_current_button.setText(_("在政策参数页修改此版本(&L)"))
        self.export_rules_button.setText(_("导出规则文件(&E)…"))
        self.import_rules_button.setText(_("导入规则文件(&I)…"))
        self.publish_box.setTitle(_("发布新版本（只限审核）"))
        self.from_local.setText(_("政策参数页中的本县取值"))
        self.from_file.setText(_("规则调整文件"))
        self.choose_button.setText(_("选择(&O)…"))
        for label, text in zip(self.basis_labels, (_("文件依据(&W)"), _("说明(&N)"), _("单位名称(&M)"))):
            label.setText(text)
        self.document_edit.setPlaceholderText(_("必填，如：忻府区财政局〔2022〕7号"))
        self.note_edit.setPlaceholderText(_("必填：改了什么、为什么"))
        self.preview_button.setText(_("预览影响(&P)"))
        self.publish_button.setText(_("发布(&U)"))
        self.cancel_button.setText(_("取消(&C)"))
        self.tabs.setTabText(0, _("规则变更影响"))
        self.tabs.setTabText(1, _("发布历史"))
        self.export_impact_button.setText(_("导出影响(&X)…"))
        self.apply_button.setText(_("按现行规则重新计算(&R)"))
        self.impact_model.retranslate()
        self.history_model.retranslate()
        self._show_current()

    # --- the ledger ------------------------------------------------------------------------------------------

    def showEvent(self, event):
        if self.ledger is None and self._opener is not None:
            self.ledger = self._opener()
            self._opener = None if self.ledger is None else self._opener
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        from ..ledger import LedgerError

        self._roles, self._office = set(), None
        if self.ledger is not None:
            try:
                self._roles = self.ledger.roles()
                self._office = self.ledger.office_rules()
                self.history_model.set_versions(self.ledger.rule_history())
            except LedgerError as exc:
                self._say(str(exc), ERROR_STYLE)
        if not self.name_edit.text():
            self.name_edit.setText((self._office.office_name if self._office else "") or self._office_name())
        self._enable()
        self.retranslate()

    def _show_current(self) -> None:
        o = self._office
        if self.ledger is None:
            self.current.setText(_("没有打开台账：请先在“台账”页设置台账位置。"))
        elif o is None:
            self.current.setText(_("本台账还没有发布本单位规则；各电脑按自己的政策参数计算。"))
        else:
            self.current.setText(_("第 {version} 版　发布人：{who}　时间：{when}<br>文件依据：{document}<br>说明：{note}"
                                   "<br>单位名称：{name}<br>规则集哈希：<tt>{hash}</tt>").format(
                version=o.version, who=_esc(o.published_by), when=_local(o.published_at),
                document=_esc(o.document), note=_esc(o.note), name=_esc(o.office_name) or "—", hash=o.rules_hash))

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def _enable(self) -> None:
        open_, busy = self.ledger is not None, self.busy
        reviewer, clerk = "审核" in self._roles, "经办" in self._roles
        self.publish_box.setEnabled(open_ and reviewer and not busy)
        self.file_edit.setEnabled(self.from_file.isChecked())
        self.choose_button.setEnabled(self.from_file.isChecked())
        self.publish_button.setEnabled(self._previewed is not None)
        self.import_rules_button.setEnabled(open_ and reviewer and not busy)
        self.edit_current_button.setEnabled(open_ and reviewer and self._office is not None and not busy)
        self.export_rules_button.setEnabled(open_ and self._office is not None and not busy)
        self.apply_button.setEnabled(open_ and clerk and self._office is not None and not busy)
        self.export_impact_button.setEnabled(not busy and self.impact_model.rowCount() > 0)
        self.cancel_button.setEnabled(busy)

    def _say(self, text: str, style: str) -> None:
        show_message(self.message, text, style)

    # --- the candidate rules -----------------------------------------------------------------------------------

    def choose_file(self, path: str | None = None) -> None:
        if path is None:
            path, _f = QFileDialog.getOpenFileName(self, _("选择规则调整文件"), "", _("规则调整文件 (*.json)"))
        if path:
            self.file_edit.setText(str(path))
            self.from_file.setChecked(True)
            self._candidate_changed()

    def _candidate_changed(self) -> None:
        if self._previewed is not None:
            self._previewed = None
            self.impact_model.set_impacts([])
            self.summary.setText("")
        self._enable()

    def edit_current(self) -> None:
        """Start a change from the version in force: its values go to the rule pages of this dialog, so that a
        reviewer changes one value without dropping the others the office set."""
        import json

        from .local_rules import EditRefused

        try:
            self.local.start_from(json.loads(self._office.overrides))
        except EditRefused as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        self.from_local.setChecked(True)
        self._candidate_changed()
        self._say(_("已把第 {version} 版的取值载入“政策参数”页：在那里修改后回到本页预览影响、发布。").format(
            version=self._office.version), DONE_STYLE)

    def candidate(self) -> dict:
        """The overrides to publish: the rule pages' county values (pending edits included) or the chosen file."""
        from ..ledger.office_rules import read_overrides

        if self.from_file.isChecked():
            if not self.file_edit.text():
                raise _Refused(_("请先选择规则调整文件"))
            return read_overrides(Path(self.file_edit.text()))
        return {key: value for key, value in self.local.data.items() if value or key == "format"}

    # --- background work ---------------------------------------------------------------------------------------

    def _start(self, func, on_done, text: str) -> None:
        """Run ``func(job)`` on a worker thread with the progress bar and 取消; ``on_done(result)`` in this thread."""
        self._cancel.clear()
        self._thread = QThread(self)
        self._job = Job(func)
        self._job.moveToThread(self._thread)
        self._thread.started.connect(self._job.run)
        self._job.progress.connect(self._on_progress)
        self._on_done = on_done
        self._job.done.connect(self._deliver)
        self._job.failed.connect(self._failed)
        self.progress.setRange(0, 0)
        self.progress.setFormat(text)
        self.progress.show()
        self.cancel_button.show()
        self._say("", DONE_STYLE)
        self._thread.start()
        self._enable()

    def _progress_callback(self, job: Job):
        def progress(done: int, total: int) -> bool:
            job.progress.emit(done, total)
            return not self._cancel.is_set()

        return progress

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _stop(self) -> None:
        self._thread.quit()
        self._thread.wait()
        self._thread = self._job = None
        self.progress.hide()
        self.cancel_button.hide()

    @Slot(object)
    def _deliver(self, result) -> None:
        self._stop()
        self._on_done(result)
        self._enable()

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._stop()
        self._say(message, ERROR_STYLE)
        self._enable()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self) -> None:
        """Block until the background work ended (tests and closing)."""
        if self._thread is not None:
            self._thread.wait()

    # --- preview, publish, recompute ------------------------------------------------------------------------

    def preview(self) -> None:
        """规则变更影响 of exactly what would be published, computed in the background."""
        from ..ledger import LedgerError
        from ..ledger.office_rules import canonical, check
        from ..rules.model import RuleError

        try:
            overrides = self.candidate()
            rules = check(overrides)
        except (LedgerError, _Refused) as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        except RuleError as exc:
            self._say(_("规则有误：") + str(exc), ERROR_STYLE)
            return
        text, ledger = canonical(overrides), self.ledger

        def work(job):
            return ledger.rule_impact(rules, self._progress_callback(job))

        self._start(work, lambda found: self._previewed_as(found, text), _("正在计算规则变更影响… %v / %m"))

    def _previewed_as(self, impacts, text: str) -> None:
        if impacts is None:
            self._say(_("已取消，未计算完"), WARNING_STYLE)
            return
        self._show_impacts(impacts)
        self._previewed = text
        self._say(_("请核对影响后填写文件依据和说明，再点“发布”。"), DONE_STYLE)

    def _show_impacts(self, impacts) -> None:
        from decimal import Decimal

        self.impact_model.set_impacts(impacts)
        self.tabs.setCurrentIndex(0)
        total = sum((i.difference for i in impacts if i.difference is not None), Decimal("0.00"))
        waiting = sum(1 for i in impacts if not i.recomputable)
        self.summary.setText(_("{count} 件未拨付的案例金额会改变，差额合计 {total} 元；其中 {waiting} 件须先退回或无法计算。")
                             .format(count=len(impacts), total=fmt_amount(total), waiting=waiting))

    def publish(self) -> None:
        """Publish what was previewed, after the reviewer confirms (asked without blocking)."""
        from ..ledger import LedgerError
        from ..ledger.office_rules import canonical

        try:
            overrides = self.candidate()
        except (LedgerError, _Refused) as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        if canonical(overrides) != self._previewed:
            self._candidate_changed()
            self._say(_("规则已改动：请先重新预览影响。"), ERROR_STYLE)
            return
        if not self.document_edit.text().strip() or not self.note_edit.text().strip():
            self._say(_("发布本单位规则须写明文件依据和说明。"), ERROR_STYLE)
            (self.document_edit if not self.document_edit.text().strip() else self.note_edit).setFocus()
            return
        version = (self._office.version if self._office else 0) + 1
        box = QMessageBox(QMessageBox.Icon.Question, _("发布本单位规则"),
                          _("发布为本单位规则第 {version} 版？本单位每台电脑此后都按它计算；{count} 件未拨付的案例金额会改变。")
                          .format(version=version, count=self.impact_model.rowCount()),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.button(QMessageBox.StandardButton.Yes).setText(_("发布"))
        box.button(QMessageBox.StandardButton.Cancel).setText(_("取消"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda answer: self._publish(overrides) if answer == QMessageBox.StandardButton.Yes
                             else None)
        self.confirm_box = box
        box.open()

    def _publish(self, overrides: dict) -> None:
        from ..ledger import LedgerError

        try:
            office = self.ledger.publish_rules(overrides, self.document_edit.text(), self.note_edit.text(),
                                               self.name_edit.text())
        except LedgerError as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        self._previewed = None  # published: the next publication needs its own preview
        self.reload()
        self._say(_("已发布本单位规则第 {version} 版（规则集哈希 {hash}）。表中可重新计算的案例由经办人员点"
                    "“按现行规则重新计算”存为新版本。").format(version=office.version, hash=office.rules_hash), DONE_STYLE)
        self.published.emit()

    def apply(self) -> None:
        """Recompute, each as a new version with its history row, every case the rules in force change."""
        ledger = self.ledger

        def work(job):
            progress = self._progress_callback(job)
            rules = ledger.rules()
            impacts = ledger.rule_impact(rules, progress)
            if impacts is None:
                return None
            return impacts, ledger.apply_rules(progress, impacts)

        self._start(work, self._applied, _("正在按现行规则重新计算… %v / %m"))

    def _applied(self, outcome) -> None:
        if outcome is None:
            self._say(_("已取消，未重新计算任何案例"), WARNING_STYLE)
            return
        impacts, done = outcome
        left = [i for i in impacts if i.id not in set(done)]
        self._show_impacts(left)
        self._previewed = None
        self._say(_("已按本单位规则第 {version} 版重新计算 {count} 件，各存为新版本并记入历史。表中是余下须先退回或无法计算的案例。")
                  .format(version=self._office.version, count=len(done)), DONE_STYLE)

    def export_impact(self, path: str | None = None) -> None:
        """The impact list as a workbook (in the background: a long list takes a while)."""
        from ..ledger.export import write_impact

        if path is None:
            path, _f = QFileDialog.getSaveFileName(self, _("导出规则变更影响"), _("规则变更影响") + ".xlsx",
                                                   _(EXCEL_FILTER))
            if not path:
                return
        if not read_only.confirm(self, path):
            return
        impacts = self.impact_model.impacts()
        self._start(lambda job: read_only.write(lambda: write_impact(impacts, Path(path))),
                    lambda saved: self._say(_("已导出 {count} 件到 {path}").format(count=len(impacts), path=saved),
                                            DONE_STYLE), _("正在导出…"))

    # --- one file between PCs -----------------------------------------------------------------------------------

    def export_rules(self, path: str | None = None) -> None:
        from ..ledger import LedgerError

        if path is None:
            path, _f = QFileDialog.getSaveFileName(self, _("导出本单位规则"), _("本单位规则") + ".json",
                                                   _(RULES_FILTER))
            if not path:
                return
        try:
            office = self.ledger.export_rules(Path(path))
        except (LedgerError, OSError) as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        self._say(_("已导出本单位规则第 {version} 版到 {path}。规则集哈希：{hash}（在另一台电脑导入时应显示同一哈希）")
                  .format(version=office.version, path=path, hash=office.rules_hash), DONE_STYLE)

    def import_rules(self, path: str | None = None) -> None:
        """Show the file's version and hash beside the hash it gives on this PC, then import after a yes."""
        from ..ledger import LedgerError
        from ..ledger.office_rules import check, read_file
        from ..rules.model import RuleError

        if path is None:
            path, _f = QFileDialog.getOpenFileName(self, _("导入本单位规则"), "", _(RULES_FILTER))
            if not path:
                return
        try:
            data = read_file(Path(path))
            here = check(data["overrides"]).hash
        except LedgerError as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        except RuleError as exc:
            self._say(_("规则有误：") + str(exc), ERROR_STYLE)
            return
        same = here == data["hash"]
        text = _("文件：本单位规则第 {version} 版（{who}发布；依据：{document}）\n文件中的规则集哈希：{file_hash}\n"
                 "在本机得到的规则集哈希：{here}").format(version=data.get("version", "?"), who=data.get("published_by", ""),
                                                document=data["document"], file_hash=data["hash"], here=here)
        if not same:
            self._say(text.replace("\n", "　") + "\n" + _("两者不同（程序版本不同，或文件被改动），未导入：请先把程序升级到同一版本。"),
                      ERROR_STYLE)
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("导入本单位规则"), text + "\n\n" + _("两者相同。导入并发布为本台账的下一版？"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.button(QMessageBox.StandardButton.Yes).setText(_("导入"))
        box.button(QMessageBox.StandardButton.Cancel).setText(_("取消"))
        box.finished.connect(lambda answer: self._import(path) if answer == QMessageBox.StandardButton.Yes else None)
        self.confirm_box = box
        box.open()

    def _import(self, path: str) -> None:
        from ..ledger import LedgerError

        try:
            office = self.ledger.import_rules(Path(path))
        except LedgerError as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        self.reload()
        self._say(_("已导入并发布为本单位规则第 {version} 版。规则集哈希：{hash}（与导出时显示的一致）")
                  .format(version=office.version, hash=office.rules_hash), DONE_STYLE)
        self.published.emit()

    def close_ledger(self) -> None:
        """Closing the dialog: stop the background work, wait for it, close the ledger."""
        if self._thread is not None:
            self._cancel.set()
            self._thread.quit()
            self._thread.wait()
            self._thread = self._job = None
        if self.ledger is not None:
            self.ledger.close()
            self.ledger = None


class _Refused(Exception):
    """Something the clerk must do first (said as the message)."""


def _esc(text: str) -> str:
    from html import escape

    return escape(text or "")
