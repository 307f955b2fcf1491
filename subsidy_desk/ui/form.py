"""A case form generated from the field specs of the core (the case name, the applicant, the kind's inputs), so
the window asks for exactly what a case file holds, with the core's labels, in the core's order."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from .. import applicant, claimed
from ..case import FORMAT
from ..fields import Field, FieldError
from ..i18n import N_, _
from ..measures.measure import Measure
from .inputs import BoolInput, ChoiceInput, DateInput, IntInput, MoneyInput, PercentInput, TextInput, read_date
from .records import RecordsInput

_PATH = re.compile(r"^(inputs|applicant|claim)\.(\w+)(?:\[(\d+)\](?:\.(\w+))?)?$")

_CASE_FIELDS = (Field("title", N_("案例名称"), "text", help=N_("显示在窗口标题和工作表上，如“某公司 2022年第3季度贴息”")),
                Field("notes", N_("备注"), "text"))


def in_words(errors: list[FieldError], measure: Measure | None) -> list[str]:
    """Each problem as a clerk reads it: 贷款本金：必须大于 0, 还款计划 第2行 日期：…, not inputs.principal: …;
    a problem of the file itself (its field is the file's name) is just its message."""
    fields = {f"applicant.{f.name}": f for f in applicant.FIELDS} | {f.name: f for f in _CASE_FIELDS}
    if measure is not None:
        fields |= {f"inputs.{f.name}": f for f in measure.fields}
    out = []
    for e in errors:
        m = _PATH.match(e.field)
        f = fields.get(f"{m.group(1)}.{m.group(2)}" if m else e.field)
        if f is None:
            out.append(e.message if e.field in ("format", "-") or "/" in e.field or "\\" in e.field
                       else f"{e.field}：{e.message}")
            continue
        where = _(f.label)
        if m and m.group(3):
            where = _("{label} 第{n}行").format(label=where, n=int(m.group(3)))
            if m.group(4):
                where += " " + _(next((s.label for s in f.sub if s.name == m.group(4)), m.group(4)))
        out.append(f"{where}：{e.message}")
    return out


def make_input(f: Field, parent=None):
    if f.type == "money":
        return MoneyInput(parent)
    if f.type == "percent":
        return PercentInput(parent)
    if f.type == "int":
        return IntInput(parent)
    if f.type == "date":
        return DateInput(parent)
    if f.type == "choice":
        return ChoiceInput(f.choices, f.required, f.default, parent)
    if f.type == "bool":
        return BoolInput(parent)
    if f.type == "records":
        return RecordsInput(f, parent)
    return TextInput(parent)


def _colored(label: QLabel, color: str) -> QLabel:
    """Text colour through the palette: a style sheet per label would cost a CSS parse for each of ~80 labels."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(color))
    label.setPalette(palette)
    label.setWordWrap(True)
    return label


class _Row:
    """One field on the form: its label, its input, the help line, and the message line (made when first needed)."""

    def __init__(self, key: str, f: Field, parent: QWidget):
        self.key, self.field = key, f
        self.label = QLabel(parent)
        self.input = make_input(f, parent)
        self.label.setBuddy(self.input)
        self.shown: str | None = None
        # The input with its help, note and message lines under it: a layout in the group's form, not a widget of
        # its own (a form of 28 fields builds, polishes and lays out 28 widgets fewer before its first paint).
        self.group = parent
        self.box = QVBoxLayout()
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(1)
        self.box.addWidget(self.input)
        self.help = _colored(QLabel(parent), "#666666") if f.help else None
        if self.help is not None:
            self.box.addWidget(self.help)
        self._message: QLabel | None = None
        self._note: QLabel | None = None
        if hasattr(self.input, "noted"):
            self.input.noted.connect(self.show_note)
        self.retranslate()

    def show_note(self, text: str) -> None:
        """What the field says of its own: a refused keystroke, or the yuan an amount in 万 reads as."""
        if self._note is None:
            if not text:
                return
            self._note = _colored(QLabel(self.group), "#1565c0")
            self.box.insertWidget(1, self._note)
        self._note.setText(text)
        self._note.setVisible(bool(text))

    @property
    def message(self) -> QLabel:
        if self._message is None:
            self._message = _colored(QLabel(self.group), "#c62828")
            self._message.hide()
            self.box.insertWidget(1, self._message)
        return self._message

    def retranslate(self) -> None:
        self.label.setText(_(self.field.label) + ("<span style='color:#c62828'> *</span>" if self.field.required
                                                  else ""))
        if self.help is not None:
            self.help.setText(_(self.field.help))
        if hasattr(self.input, "retranslate"):
            self.input.retranslate()

    def show_problem(self, message: str | None) -> None:
        if message == self.shown:
            return  # restyling every field on every keystroke is most of the cost of a recompute
        self.shown = message
        self.input.set_problem(message)
        self.message.setText(message or "")
        self.message.setVisible(bool(message))


class CaseForm(QWidget):
    """Fields in the order of the paper form; ``data()`` is the case as its JSON form, ``set_data()`` fills it.

    Messages are shown where the field is, but only on fields the user has touched (or after ``reveal_all``), so a
    new, empty form is not all red; the result area lists everything that is still missing.
    """

    changed = Signal()

    def __init__(self, measure: Measure, parent=None):
        super().__init__(parent)
        self.measure = measure
        self.kind = measure.kind
        self.rows: dict[str, _Row] = {}
        self.touched: set[str] = set()
        self.reveal_all = False
        layout = QVBoxLayout(self)
        self.groups: list[tuple[QGroupBox, str]] = []
        # A measure claimed period by period has its claim window at the top, where each claim starts.
        window = measure.claim_window or ()
        groups = [(N_("申请期间"), "inputs.", tuple(f for f in measure.fields if f.name in window))] if window else []
        groups += [(N_("案例"), "", _CASE_FIELDS), (N_("申请人"), "applicant.", applicant.FIELDS),
                   (measure.title, "inputs.", tuple(f for f in measure.fields if f.name not in window)),
                   (N_("申请金额（核对用）"), "claim.", claimed.fields_for(measure.columns))]
        self.claim_group: QFormLayout | None = None  # the 申请期间 group's layout, where the page puts its buttons
        for title, prefix, fields in groups:
            group = QGroupBox(self)
            form = QFormLayout(group)
            if title == N_("申请期间"):
                self.claim_group = form
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            for f in fields:
                row = _Row(prefix + f.name, f, group)
                if f.type == "records":
                    form.addRow(row.label)
                    form.addRow(row.box)
                else:
                    form.addRow(row.label, row.box)
                row.input.changed.connect(lambda key=row.key: self._edited(key))
                self.rows[row.key] = row
            layout.addWidget(group)
            self.groups.append((group, title))
        layout.addStretch(1)
        width = max(row.label.sizeHint().width() for row in self.rows.values())
        for row in self.rows.values():  # one label column across the groups, as on a paper form
            if row.field.type != "records":
                row.label.setMinimumWidth(width)
        self.day_counters: list[tuple[QLabel, str, str, str, object]] = []
        for end, (start, rule, count) in measure.day_counters.items():
            row = self.rows[f"inputs.{end}"]
            label = _colored(QLabel(row.group), "#1b5e20")
            label.setObjectName(f"days_{end}")
            row.box.insertWidget(1, label)
            self.day_counters.append((label, f"inputs.{start}", f"inputs.{end}", f"inputs.{rule}", count))
        if self.day_counters:
            self.changed.connect(self._count_days)
        inputs = [row.input for row in self.rows.values()]
        for first, second in zip(inputs, inputs[1:]):
            QWidget.setTabOrder(first, second)
        self.retranslate()

    def retranslate(self) -> None:
        for group, title in self.groups:
            group.setTitle(_(title))
        for row in self.rows.values():
            row.retranslate()

    def _count_days(self) -> None:
        """The days of a period beside its end date, counted the way the core counts them, as the dates are typed."""
        for label, start_key, end_key, rule_key, count in self.day_counters:
            start, end = (read_date(self.rows[k].input.raw() or "") for k in (start_key, end_key))
            rule = self.rows[rule_key].input.raw() or self.rows[rule_key].field.default
            days = count(start, end, rule) if start and end else None
            if days is None:
                label.setText("")
            elif days < 1:
                label.setText(_("期限止早于期限起"))
            elif rule == "inclusive":
                label.setText(_("共 {n} 天（含起止两日）").format(n=days))
            else:
                label.setText(_("共 {n} 天（不含到期日当日）").format(n=days))

    def _edited(self, key: str) -> None:
        self.touched.add(key)
        self.changed.emit()

    def data(self) -> dict:
        """The case as a case file would hold it (unchecked: the core parses and checks it)."""
        out: dict = {"format": FORMAT, "kind": self.kind, "applicant": {}, "inputs": {}, "claim": {}}
        for key, row in self.rows.items():
            value = row.input.raw()
            if value is None or value == []:
                continue
            if "." in key:
                section, name = key.split(".", 1)
                if row.field.type == "bool" and value is False and row.field.default is False:
                    continue
                out[section][name] = value
            else:
                out[key] = value
        if not out["claim"]:
            del out["claim"]  # nothing asked for: the case file has no claim section
        return out

    def set_data(self, data: dict) -> None:
        """Fill the form from a case's JSON form; fields it lacks are emptied (or get their default)."""
        for key, row in self.rows.items():
            if "." in key:
                section, name = key.split(".", 1)
                value = data.get(section, {}).get(name)
            else:
                value = data.get(key)
            if value is None and row.field.default is not None and row.field.type != "records":
                value = row.field.default
            row.input.blockSignals(True)
            row.input.set_raw(value)
            row.input.blockSignals(False)
            row.show_note("")  # a case put in leaves no word about what was typed before
        self.touched.clear()
        self.reveal_all = False
        if self.day_counters:
            self._count_days()

    def clear(self) -> None:
        self.set_data({})

    def title(self) -> str:
        return (self.rows["title"].input.raw() or "").strip()

    def show_problems(self, errors: list[FieldError]) -> list[tuple[str, str]]:
        """Mark each field with its message; return (where, message) for every error, where in words."""
        by_row: dict[str, list[str]] = {}
        cells: dict[str, dict[tuple[int, str], str]] = {}
        listed: list[tuple[str, str]] = []
        for e in errors:
            m = _PATH.match(e.field)
            key = f"{m.group(1)}.{m.group(2)}" if m else e.field
            row = self.rows.get(key)
            if row is None:
                listed.append((e.field, e.message))
                continue
            where = _(row.field.label)
            if m and m.group(3):
                index = int(m.group(3)) - 1
                sub = m.group(4)
                where = _("{label} 第{n}行").format(label=where, n=index + 1)
                if sub:
                    label = next((s.label for s in row.field.sub if s.name == sub), sub)
                    where += " " + _(label)
                    cells.setdefault(key, {})[(index, sub)] = e.message
                by_row.setdefault(key, []).append(f"{where}：{e.message}" if sub or m.group(3) else e.message)
            else:
                by_row.setdefault(key, []).append(e.message)
            listed.append((where, e.message))
        for key, row in self.rows.items():
            shown = self.reveal_all or key in self.touched
            messages = by_row.get(key) if shown else None
            row.show_problem("；".join(messages) if messages else None)
            if isinstance(row.input, RecordsInput):
                row.input.set_cell_problems(cells.get(key, {}) if shown else {})
        return listed

    def focus_field(self, key: str) -> None:
        row = self.rows.get(key)
        if row:
            row.input.setFocus()
