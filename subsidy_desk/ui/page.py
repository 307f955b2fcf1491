"""One calculator: its form on the left (scrollable), its result on the right, recomputed as the user types.

Computing happens in the GUI thread, 300 ms after the last keystroke: the core takes about 0.2 ms a case (see
bench/bench_core.py), far below a frame, so a worker thread would only add hand-over and stale-result races.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QSplitter, QWidget

from ..case import Case, compute, parse_case
from ..fields import InputError, parse_fields
from ..measures.measure import Measure
from .form import CaseForm
from .result_view import ResultView

DEBOUNCE_MS = 300


class CalculatorPage(QWidget):
    """Holds one case being edited: its file, whether it has unsaved changes, and its latest result."""

    modified_changed = Signal(bool)
    recomputed = Signal()

    def __init__(self, measure: Measure, rules: Callable, parent=None):
        super().__init__(parent)
        self.measure = measure
        self.kind = measure.kind
        self.rules = rules  # called when a case is complete enough to compute: an empty form needs no rules
        self.path: Path | None = None
        self.modified = False
        self.case: Case | None = None
        self.result = None
        self.check = None  # the claim checked against the result (readings.Check), when the form states one
        self.saved_computed: dict | None = None  # what the opened file says it was computed as
        # The ledger entry this case was opened from, and the form as stored there: 登记 then updates that entry
        # (a new version), and a printed worksheet counts as the entry's only while the form is still the same.
        self.ledger_id: int | None = None
        self.ledger_data: dict | None = None
        self.form = CaseForm(measure)
        self.claims = None  # a measure claimed period by period: its quarter buttons and claims in the ledger
        if measure.periods is not None and self.form.claim_group is not None:
            from .loan_claims import ClaimBar

            self.claims = ClaimBar(self, self.form)
            self.form.claim_group.insertRow(0, self.claims)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.form)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.view = ResultView(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.scroll)
        self.splitter.addWidget(self.view)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self._sized = False  # True once the clerk has moved the divider: then it stays where they put it
        self.splitter.splitterMoved.connect(lambda *_a: setattr(self, "_sized", True))
        self.splitter.setChildrenCollapsible(False)
        em = self.fontMetrics().horizontalAdvance("中")
        self.scroll.setMinimumWidth(max(self.form.minimumSizeHint().width(), 26 * em)
                                    + self.scroll.verticalScrollBar().sizeHint().width())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.recompute)
        self.form.changed.connect(self._edited)
        self.form.ensure_visible = self.scroll.ensureWidgetVisible
        self.recompute()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._share()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._share()

    def _share(self) -> None:
        """Two fifths for the form, the rest for the result (whose total and table columns must not be cut off), at
        whatever size the window opens or is given, until the clerk drags the divider."""
        if self._sized or not self.isVisible():
            return
        width = self.splitter.width()
        form = max(self.scroll.minimumWidth(), width * 2 // 5)
        self.splitter.setSizes([form, max(width - form, 1)])

    def _edited(self) -> None:
        self.set_modified(True)
        self.timer.start()

    def set_modified(self, modified: bool) -> None:
        if modified != self.modified:
            self.modified = modified
            self.modified_changed.emit(modified)

    def recompute(self) -> None:
        """Parse the form as a case file and compute it; on any problem show where, and no figure."""
        self.timer.stop()
        data = self.form.data()
        try:
            case = parse_case(data)
            rules = self.rules()
            result = compute(case, rules)
        except InputError as exc:
            self.case = self.result = self.check = None
            errors = exc.errors + self._cross_field_errors(data, exc.errors)
            self.view.show_problems(self.form.show_problems(errors))
        else:
            self.case, self.result = case, result
            from ..readings import check_claim  # the claim's other readings: loaded with the first result

            self.check = check_claim(case, rules, result)
            self.form.show_problems([])
            self.view.show_result(result, self.check)
        self.recomputed.emit()

    def _cross_field_errors(self, data: dict, errors: list) -> list:
        """parse_case skips the kind's cross-field checks (到期日 after 放款日 ...) while any field is wrong, even an
        applicant field; the form shows every problem at once, so run them here when the inputs themselves parse."""
        if any(e.field.startswith("inputs.") for e in errors):
            return []
        found: list = []
        inputs = parse_fields(self.measure.fields, data.get("inputs", {}), "inputs", found)
        return [] if found else self.measure.check(inputs)

    def load(self, data: dict, path: Path | None, modified: bool = False) -> None:
        self.form.set_data(data)
        self.path = path
        self.saved_computed = data.get("computed") if not modified else None
        self.ledger_id = self.ledger_data = None
        self.set_modified(modified)
        self.recompute()

    def link_ledger(self, ledger_id: int) -> None:
        """The case now shown is ledger entry ``ledger_id``'s current version."""
        self.ledger_id, self.ledger_data = ledger_id, self.form.data()

    def as_in_ledger(self) -> bool:
        """Whether the worksheet printed now is that of the ledger entry's current version."""
        return self.ledger_id is not None and self.result is not None and self.form.data() == self.ledger_data

    def clear(self) -> None:
        self.load({}, None)
        self.view.set_notice(None)

    def name(self) -> str:
        return self.form.title() or (self.path.stem if self.path else "")

    def retranslate(self) -> None:
        self.form.retranslate()
        self.recompute()
