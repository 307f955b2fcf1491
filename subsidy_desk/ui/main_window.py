"""The main window: one calculator per measure side by side in tabs, each holding one case, with the file, worksheet
and settings actions around them. It collects input, calls the core and shows results; nothing is computed here."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton, QTabWidget, QVBoxLayout, QWidget

from .. import __version__
from ..i18n import N_, _
from ..measures.registry import measures, titles
from . import options
from .app import APP_TITLE
from .page import CalculatorPage
from .rule_changes import notice_html

DRAFT_INTERVAL_MS = 3000


def _available(module: str) -> bool:
    """Whether an optional part (worksheets, settings) is installed, without importing it (start-up stays fast)."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


class _Pages(dict):
    """The calculators built so far. A page is built when first needed (its tab shown, a case or draft opened into
    it), so start-up builds only the visible one; iterating covers the built ones, the only ones with any work."""

    def __init__(self, build):
        super().__init__()
        self._build = build

    def __missing__(self, kind: str) -> CalculatorPage:
        page = self[kind] = self._build(kind)
        return page


class MainWindow(QMainWindow):
    """``settings`` is where window state and recent files live (tests pass a private file)."""

    def __init__(self, rules=None, settings: QSettings | None = None):
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        self._rules = rules
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.measures = measures()
        self.pages = _Pages(self._build_page)
        self.slots: dict[str, QWidget] = {}
        for kind in self.measures:
            slot = self.slots[kind] = QWidget(self.tabs)
            QVBoxLayout(slot).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(slot, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        self._make_review_banner()
        central = QWidget(self)
        box = QVBoxLayout(central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.review_banner)
        box.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.review_button = QPushButton(self)  # 本县尚有 N 项参数未确认: opens 本县参数确认
        self.review_button.setFlat(True)
        self.review_button.clicked.connect(lambda: self.open_settings("review"))
        self.review_button.hide()
        self.statusBar().addPermanentWidget(self.review_button)
        self.rules_label = QLabel(self)
        self.office = None  # the office's published rules, when the ledger holds them
        self._ledger_problem = ""
        self.reader = None  # reads the rules off the GUI thread once the window is painted (rules_reader.py)
        self._after_paint: list = []  # what waits for the window to be painted first (the offer of drafts)
        self._provisional = None  # this PC's rules, for a case computed before the office's arrive
        self.statusBar().addPermanentWidget(self.rules_label)
        self.ledger_window = None
        self._files = self._output = self._ledger_actions = None  # the parts, built when first needed
        self.batch_dialog = None
        self.help_window = None
        self.unsaved_box = None
        self.identity_box = None
        self._said: tuple | None = None  # the status bar message now showing, untranslated, for retranslate
        self._make_actions()
        self.draft_timer = QTimer(self)
        self.draft_timer.setInterval(DRAFT_INTERVAL_MS)
        self.draft_timer.timeout.connect(self.write_drafts)
        self.draft_timer.start()
        self._restore_state()
        self.retranslate()
        self._update_actions()  # nothing computed yet: nothing to export, print or register

    # ----- the rules computed with -----------------------------------------------------------------------------
    # The office's rules when the configured ledger holds them (every clerk of the office computes alike), this PC's
    # own values only without them. They are read after the first paint, in a thread (rules_reader.py): the window
    # never waits for a database to appear. A case computed before they arrive uses this PC's rules for the
    # moment and is computed again when they come; nothing is saved, printed, exported or registered before then.

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._rules is None and self.reader is None or self._after_paint:
            QTimer.singleShot(0, self, self._painted)

    def after_first_paint(self, job) -> None:
        """Run ``job`` once the window has been painted: the clerk sees the window before any question it asks."""
        self._after_paint.append(job)

    def _painted(self) -> None:
        self._start_reading()
        jobs, self._after_paint = self._after_paint, []
        for job in jobs:
            job()

    def _start_reading(self) -> None:
        from .ledger_window import ledger_location
        from .rules_reader import RulesReader

        if self._rules is not None or self.reader is not None:
            return
        self.reader = RulesReader(ledger_location(self.settings)[0])
        self.reader.arrived.connect(self._rules_arrived)
        self.reader.start()
        self._show_rules()

    @property
    def rules(self):
        """The rules to compute with now: the ones read, or, while they are being read, this PC's own (a case
        computed with them is computed again when the read ones arrive). Before the window was ever painted (a
        case opened at once, a test): read here and now."""
        if self._rules is None:
            if self.reader is None:
                from .ledger_window import ledger_location
                from .rules_reader import read_rules

                self._apply_rules(read_rules(ledger_location(self.settings)[0]))
            elif not self.reader.running():  # read, its signal not yet delivered
                self._rules_arrived(self.reader.result)
            else:
                if self._provisional is None:
                    from .rules_reader import own_rules

                    self._provisional = own_rules()[0]
                return self._provisional
        return self._rules

    def settled_rules(self):
        """The rules read (waited for if still being read): what a list, a file or a worksheet is computed with."""
        self.settle_rules()
        return self.rules

    def settle_rules(self) -> None:
        """Before a figure leaves the window (saved, printed, exported, registered): if the rules are still being
        read, wait for them (the case is then computed with them), so no paper carries provisional figures."""
        if self._rules is None and self.reader is not None:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                result = self.reader.wait()
            finally:
                QGuiApplication.restoreOverrideCursor()
            self._rules_arrived(result)

    def _rules_arrived(self, read) -> None:
        """The read rules, from the reader's thread (or settle_rules). Once only: a later, queued copy is ignored."""
        if self._rules is not None or self.reader is None:
            return
        if isinstance(read, BaseException):  # not a ledger problem (those are in read.problem): the rules themselves
            from .rules_reader import RulesRead, own_rules

            rules, broken = own_rules()
            read = RulesRead(None, rules, _("无法读取本单位规则：{error}").format(error=read), broken)
        provisional, self._provisional = self._provisional, None
        self._apply_rules(read)
        if provisional is not None and provisional.hash != self._rules.hash:
            self._recompute_all()

    def _apply_rules(self, read) -> None:
        self.office, self._ledger_problem, self._rules = read.office, read.problem, read.rules
        if read.broken_overrides:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, _(APP_TITLE), _("本地政策参数文件有误，已改用程序自带的参数：\n{error}").format(
                error=read.broken_overrides))
        self._show_rules()

    def _show_rules(self) -> None:
        if self._rules is None:
            self.rules_label.setText(_("正在读取规则…") if self.reader is not None else "")
            self.rules_label.setToolTip(_("本单位在台账中发布的规则读到之前，先按本机规则计算，读到后重新计算"))
            return
        if self.office is not None:
            text = _("本单位规则第 {version} 版").format(version=self.office.version)
        else:
            text = _("规则集 {version}").format(version=self._rules.version) + (
                _("（含本地调整）") if self._rules.stamp().get("overrides") else "")
            if self._ledger_problem:
                text += _("（台账无法读取，使用本机规则）")
        clerk = self._clerk()
        self.rules_label.setText((_("经办人：{name}").format(name=clerk) + "　" if clerk else "") + text)
        self.rules_label.setToolTip(self._ledger_problem or self._rules.hash)
        pending = len(self._rules.unconfirmed())
        self.review_button.setText(_("本县尚有 {n} 项参数未确认").format(n=pending))
        self.review_button.setToolTip(_("标为 [S]、[D] 的取值需要本县确认；点此打开「本县参数确认」"))
        self.review_text.setText(_(
            "本程序中有 {n} 项取值是对政策的理解（标为 [S] 二手来源或 [D] 本程序默认），需要本县确认或按本县文件修改。"
            "确认之前，申请表的“计算依据”会标注“未经本县确认”。").format(n=pending))
        first_start = not options.REVIEW_OFFERED.read(self.settings)
        for widget, style, shown in ((self.review_button, "color:#8a5300;", pending > 0 and self.settings_ready),
                                     (self.review_banner, "QFrame{background:#fff4e5;}",
                                      first_start and pending > 0 and self.settings_ready)):
            if shown and not widget.styleSheet():
                # styled when first shown: a style sheet starts Qt's style sheet machinery, which nothing else
                # in the window needs before its first paint (docs/speed.md)
                widget.setStyleSheet(style)
            widget.setVisible(shown)

    def _make_review_banner(self) -> None:
        """At first start: offer 本县参数确认 (without blocking the window)."""
        self.review_banner = QFrame(self)
        self.review_text = QLabel(self.review_banner)
        self.review_text.setWordWrap(True)
        self.review_now, self.review_later = QPushButton(self.review_banner), QPushButton(self.review_banner)
        self.review_now.clicked.connect(lambda: self._review_offered(True))
        self.review_later.clicked.connect(lambda: self._review_offered(False))
        row = QHBoxLayout(self.review_banner)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.review_text, 1)
        row.addWidget(self.review_now)
        row.addWidget(self.review_later)
        self.review_banner.hide()

    def _review_offered(self, now: bool) -> None:
        options.REVIEW_OFFERED.write(True, self.settings)
        self.review_banner.hide()
        if now:
            self.open_settings("review")

    def _clerk(self) -> str:
        """The clerk's one name: the database login on PostgreSQL, else the 经办人 set in the program."""
        from .ledger_window import clerk_name

        return clerk_name(self.settings)

    def _build_page(self, kind: str) -> CalculatorPage:
        page = CalculatorPage(self.measures[kind], lambda: self.rules, self.slots[kind])
        self.slots[kind].layout().addWidget(page)
        page.modified_changed.connect(self._update_title)
        page.form.changed.connect(lambda: setattr(page, "draft_due", True))
        page.recomputed.connect(self._update_actions)
        page.draft_due = False
        if page.claims is not None:
            page.claims.open_ledger = self._open_ledger_for_claims
        return page

    def _open_ledger_for_claims(self):
        from .ledger_window import open_ledger

        return open_ledger(self, self.settings)

    # ----- actions, menus, texts -------------------------------------------------------------------------------
    def _make_actions(self) -> None:
        specs = [
            ("new", QKeySequence.StandardKey.New, self.new_case),
            ("open", QKeySequence.StandardKey.Open, self.open_case),
            ("save", QKeySequence.StandardKey.Save, self.save),
            ("save_as", QKeySequence("Ctrl+Shift+S"), self.save_as),
            ("export", QKeySequence("Ctrl+E"), self.export_workbook),
            ("preview", QKeySequence("Ctrl+Shift+P"), self.print_preview),
            ("print", QKeySequence.StandardKey.Print, self.print_case),
            ("register", QKeySequence("Ctrl+R"), self.register_case),
            ("ledger", QKeySequence("Ctrl+L"), self.open_ledger),
            ("batch", QKeySequence("Ctrl+B"), self.open_batch),
            ("settings", QKeySequence("Ctrl+,"), self.open_settings),
            ("quit", QKeySequence("Ctrl+Q"), self.close),
            ("guide", QKeySequence(QKeySequence.StandardKey.HelpContents), self.open_guide),
            ("about", QKeySequence("Ctrl+F1"), self.about),
        ]
        self.actions: dict[str, QAction] = {}
        for name, keys, slot in specs:
            action = QAction(self)
            action.setShortcut(keys)
            action.triggered.connect(slot)
            self.actions[name] = action
        for i, kind in enumerate(self.measures):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _c=False, i=i: self.tabs.setCurrentIndex(i))
            self.actions[f"tab_{kind}"] = action
        self.worksheets_ready = _available("subsidy_desk.worksheets") and _available("subsidy_desk.ui.printing")
        self.settings_ready = _available("subsidy_desk.ui.settings_dialog")
        a = self.actions
        self.file_menu = self.menuBar().addMenu("")
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.aboutToShow.connect(lambda: self.files.fill_recent())
        self.file_menu.insertAction(self.recent_menu.menuAction(), a["new"])
        self.file_menu.insertAction(self.recent_menu.menuAction(), a["open"])
        for name in ("save", "save_as", None, "export", "preview", "print", None, "quit"):
            self.file_menu.addSeparator() if name is None else self.file_menu.addAction(a[name])
        self.view_menu = self.menuBar().addMenu("")
        for kind in self.measures:
            self.view_menu.addAction(a[f"tab_{kind}"])
        self.tools_menu = self.menuBar().addMenu("")
        for name in ("register", "ledger", "batch", None, "settings"):
            self.tools_menu.addSeparator() if name is None else self.tools_menu.addAction(a[name])
        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.addAction(a["guide"])
        self.help_menu.addAction(a["about"])
        self.toolbar = self.addToolBar("")
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for name in ("new", "open", "save", None, "export", "preview", "print", None, "register", "ledger", None,
                     "settings"):
            self.toolbar.addSeparator() if name is None else self.toolbar.addAction(a[name])

    def retranslate(self) -> None:
        """Re-label everything in the current language (i18n.set_language, then this or a LanguageChange event)."""
        texts = {"new": N_("新建"), "open": N_("打开…"), "save": N_("保存"), "save_as": N_("另存为…"),
                 "export": N_("导出工作表…"), "preview": N_("打印预览…"), "print": N_("打印…"), "settings": N_("设置…"),
                 "register": N_("登记到台账"), "ledger": N_("台账…"), "batch": N_("批量计算…"),
                 "quit": N_("退出"), "guide": N_("使用说明"), "about": N_("关于")}
        tips = {"new": N_("清空当前计算器，开始一个新案例"), "open": N_("打开保存的案例文件"), "save": N_("保存当前案例"),
                "save_as": N_("把当前案例保存为新文件"), "export": N_("把申请工作表写成 Excel 文件"),
                "preview": N_("查看打印出来的工作表"), "print": N_("打印申请工作表"),
                "settings": N_("政策参数、LPR、本单位信息、台账位置和语言"), "quit": N_("关闭程序"),
                "guide": N_("怎样填写各类案例、按季度申请、打印、批量计算和台账"),
                "about": N_("程序版本和政策依据"), "register": N_("把当前计算好的案例登记到台账"),
                "ledger": N_("查找、审核、拨付台账中的案例"), "batch": N_("导入银行或担保机构的整张清单，一次算完")}
        for name, text in texts.items():
            action = self.actions[name]
            action.setText(_(text))
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{_(tips[name])}（{keys}）" if keys else _(tips[name]))
            action.setStatusTip(_(tips[name]))
        if not self.worksheets_ready:
            for name in ("export", "preview", "print"):
                self.actions[name].setEnabled(False)
                self.actions[name].setToolTip(_("工作表模块尚未安装，暂不能导出或打印"))
        if not self.settings_ready:
            self.actions["settings"].setEnabled(False)
            self.actions["settings"].setToolTip(_("设置模块尚未安装"))
        self.review_now.setText(_("现在确认(&Q)…"))
        self.review_later.setText(_("以后再说"))
        self._show_rules()
        for i, kind in enumerate(self.measures):
            self.tabs.setTabText(i, _(titles()[kind]))
            self.actions[f"tab_{kind}"].setText(_(titles()[kind]))
        for page in self.pages.values():
            page.retranslate()
        self.file_menu.setTitle(_("文件(&F)"))
        self.recent_menu.setTitle(_("最近打开(&R)"))
        self.view_menu.setTitle(_("计算器(&C)"))
        self.tools_menu.setTitle(_("工具(&T)"))
        self.help_menu.setTitle(_("帮助(&H)"))
        self.toolbar.setWindowTitle(_("工具栏"))
        self._show_rules()
        self._label_register()
        self._update_title()
        if self._said and self.statusBar().currentMessage():  # still showing: again, in the new language
            self.say(*self._said[:2], **self._said[2])

    def say(self, message: str, timeout: int, **values) -> None:
        """A passing message in the status bar; ``message`` is the Chinese source text (translated here, and again
        if the language changes while it shows)."""
        self._said = (message, timeout, values)
        self.statusBar().showMessage(_(message).format(**values) if values else _(message), timeout)

    def _label_register(self) -> None:
        """登记到台账 adds a new entry; for a case opened from the ledger it updates that entry, and says so."""
        ledger_id = self.page.ledger_id
        if ledger_id is None:
            text, tip = _("登记到台账"), _("把当前计算好的案例登记到台账")
        else:
            text = _("更新台账第 {id} 号").format(id=ledger_id)
            tip = _("把当前案例重新计算，保存为台账第 {id} 号的新版本（旧版本保留）").format(id=ledger_id)
        action = self.actions["register"]
        action.setText(text)
        action.setToolTip(f"{tip}（{action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}）")
        action.setStatusTip(tip)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ----- state shown in the frame ----------------------------------------------------------------------------
    @property
    def page(self) -> CalculatorPage:
        return self.pages[list(self.measures)[self.tabs.currentIndex()]]

    def show_page(self, page: CalculatorPage) -> None:
        self.tabs.setCurrentWidget(self.slots[page.kind])

    def _tab_changed(self, _index: int) -> None:
        self._update_title()
        self._update_actions()

    def _update_title(self, *_args) -> None:
        page = self.page
        name = page.name() or _("未命名")
        self.setWindowTitle(f"{name}[*] — {_(titles()[page.kind])} — {_(APP_TITLE)}")
        self.setWindowModified(page.modified)

    def _update_actions(self) -> None:
        ready = self.page.result is not None
        for name in ("export", "preview", "print"):
            self.actions[name].setEnabled(ready and self.worksheets_ready)
        self.actions["register"].setEnabled(ready)
        self._label_register()
        self._update_title()

    def _restore_state(self) -> None:
        geometry = options.WINDOW_GEOMETRY.read(self.settings)
        if geometry is None or not self.restoreGeometry(geometry):
            available = self.screen().availableGeometry()  # 911×512 at 150% on a 1366×768 screen
            self.resize(min(1280, available.width()), min(720, available.height()))
            if available.width() <= 1366:
                self.setWindowState(Qt.WindowState.WindowMaximized)
        state = options.WINDOW_STATE.read(self.settings)
        if state is not None:
            self.restoreState(state)
        tab = options.WINDOW_TAB.read(self.settings)
        if tab in self.measures:
            self.tabs.setCurrentWidget(self.slots[tab])

    def _save_state(self) -> None:
        options.WINDOW_GEOMETRY.write(self.saveGeometry(), self.settings)
        options.WINDOW_STATE.write(self.saveState(), self.settings)
        options.WINDOW_TAB.write(self.page.kind, self.settings)
        self.settings.sync()

    # ----- the window's entry points, each the job of one part (built when first needed) ----------------------
    @property
    def files(self):
        """Files and drafts (case_files.py)."""
        if self._files is None:
            from .case_files import CaseFiles

            self._files = CaseFiles(self)
        return self._files

    @property
    def output(self):
        """Printing and export (case_output.py)."""
        if self._output is None:
            from .case_output import CaseOutput

            self._output = CaseOutput(self)
        return self._output

    @property
    def ledger_actions(self):
        """The ledger's actions (case_ledger.py)."""
        if self._ledger_actions is None:
            from .case_ledger import CaseLedger

            self._ledger_actions = CaseLedger(self)
        return self._ledger_actions

    def new_case(self) -> None:
        self.files.new_case()

    def open_case(self) -> None:
        self.files.open_case()

    def open_path(self, path: Path) -> bool:
        return self.files.open_path(path)

    def save(self) -> bool:
        return self.files.save()

    def save_as(self) -> bool:
        return self.files.save_as()

    def save_page(self, page: CalculatorPage, path: Path) -> bool:
        return self.files.save_page(page, path)

    def recent_files(self) -> list[str]:
        return self.files.recent_files()

    def write_drafts(self) -> None:
        self.files.write_drafts()

    def offer_drafts(self) -> int:
        return self.files.offer_drafts()

    def export_workbook(self) -> bool:
        return self.output.export_workbook()

    def export_to(self, path: Path, ask_open: bool = True) -> bool:
        return self.output.export_to(path, ask_open)

    def print_preview(self) -> None:
        self.output.print_preview()

    def print_case(self) -> None:
        self.output.print_case()

    def _office(self) -> dict:
        return self.output.office()

    def open_ledger(self) -> None:
        self.ledger_actions.open_ledger()

    def open_ledger_case(self, case, ledger_id: int) -> bool:
        return self.ledger_actions.open_ledger_case(case, ledger_id)

    def register_case(self) -> int | None:
        return self.ledger_actions.register_case()

    def closeEvent(self, event) -> None:
        if not self.files.maybe_save_all():
            event.ignore()
            return
        if self.ledger_window is not None:
            self.ledger_window.close()
        if self.batch_dialog is not None:
            self.batch_dialog.reject()  # cancels and waits for its worker: no thread outlives the window
        self.draft_timer.stop()
        self._save_state()
        if self.reader is not None:  # a read still going ends with the program, not later
            self.reader.wait(timeout=2)
        event.accept()

    # ----- rules and settings ----------------------------------------------------------------------------------
    def open_settings(self, page: str | None = None) -> None:
        from .ledger_window import ledger_location
        from .settings_dialog import SettingsDialog

        ledger_before = ledger_location(self.settings)
        dialog = SettingsDialog(self, settings=self.settings)  # a language switch re-labels this window itself
        if page:
            dialog.show_page(page)
        self.settings_dialog = dialog
        accepted = dialog.exec()
        moved = ledger_location(self.settings) != ledger_before
        # saved rule values, the office's rules published from the dialog, or another ledger (other office rules)
        if dialog.rules_changed or moved:
            self.reload_rules()
        if not accepted:
            return
        if self.ledger_window is not None and moved:
            self.ledger_window.close()  # it shows a ledger, or a user, the settings no longer point to

    def reload_rules(self) -> None:
        """After the county's rule values, LPR months or the ledger's place changed: read the rules again, here
        and now (the clerk has just asked for it), recompute every open case and say what moved."""
        from .ledger_window import ledger_location
        from .rules_reader import read_rules

        if self.reader is not None and self._rules is None:
            self.reader.wait()  # its answer is stale; it is ignored when it arrives
        self._provisional = None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            read = read_rules(ledger_location(self.settings)[0])
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._apply_rules(read)
        self._recompute_all()
        self.retranslate()

    def _recompute_all(self) -> None:
        """Every calculator computed again with the rules now in use; a case from a file says what moved."""
        for page in self.pages.values():
            page.recompute()
            page.view.set_notice(notice_html(page.saved_computed, page.result))

    def open_guide(self) -> None:
        """The user guide in a window of its own, opened once and raised again."""
        from .help_window import HelpWindow
        from .ledger_window import bring_forward

        if self.help_window is None:
            self.help_window = HelpWindow(self)
        bring_forward(self.help_window)

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, _(APP_TITLE), _(
            "纾困补贴计算台 {version}\n忻政办发〔2022〕36号：创业担保贷款贴息、担保费补贴、六税两费减征\n规则集 {rules}"
        ).format(version=__version__, rules=self.rules.version))

    # ----- worksheets ------------------------------------------------------------------------------------------

    # ----- ledger and batch ------------------------------------------------------------------------------------

    def open_batch(self) -> None:
        """The batch dialog, modeless: the calculators stay usable while a long list computes."""
        from .batch_dialog import BatchDialog
        from .ledger_window import bring_forward

        if self.batch_dialog is None:
            self.batch_dialog = BatchDialog(self, settings=self.settings, rules=self.settled_rules)
        bring_forward(self.batch_dialog)
