"""A case entered once, claimed period by period: the 申请期间 group at the top of a loan's (or an agency's) form.

上季度 / 本季度 / 下一个未申请 set the claim window to that period of the case (the measure's ``periods``: a loan's
quarters to each settlement day, an agency's calendar quarters, half-years or years as the county set); each claim
then computes, prints and goes into the ledger as its own entry, its key naming the same borrower and contract (or
the same agency). 台账中的申请 lists the case's claims in the ledger with their status and amount, and what no claim
covers yet. A claim window changed on a case opened from the ledger makes a new claim, not a new version of the old
one. 自定: the two dates of the window are typed as any other field.
"""
from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ..case import parse_case
from ..fields import InputError
from ..format import fmt_amount, fmt_date
from ..i18n import N_, _
from ..measures import periods

BUTTONS = ("previous", "current", "next", "claims")
# A period's words by its length (Measure.period_unit): the buttons, their tips, and the period's name.
WORDS = {
    "quarter": {"previous": N_("上季度"), "current": N_("本季度"), "noun": N_("季度"),
                "previous_tip": N_("申请上一个季度"), "current_tip": N_("申请今天所在的季度")},
    "half": {"previous": N_("上一个半年"), "current": N_("本半年"), "noun": N_("半年"),
             "previous_tip": N_("申请上一个半年（1—6月或7—12月）"), "current_tip": N_("申请今天所在的半年")},
    "year": {"previous": N_("上年度"), "current": N_("本年度"), "noun": N_("年度"),
             "previous_tip": N_("申请上一个年度"), "current_tip": N_("申请今天所在的年度")},
}


class ClaimBar(QWidget):
    """The period buttons and this case's claims, for a measure claimed period by period."""

    def __init__(self, page, parent=None):
        super().__init__(parent)
        self.page = page
        self.measure = page.measure
        self.first_key, self.last_key = (f"inputs.{name}" for name in self.measure.claim_window)
        self.today = date.today  # the day 本季度 and 上季度 count from (tests set another)
        self.open_ledger = None  # set by the window: () -> Ledger or None (after saying why not)
        self.claimed: list[tuple] = []  # (ledger id, first, last, status, total) of this loan, when looked up
        self.looked_up = False
        self.unit = "quarter"  # the length of a period, as the rules say for this case (Measure.period_unit)
        self.buttons = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for name in BUTTONS:
            button = self.buttons[name] = QPushButton(self)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, name=name: self.choose(name))
            row.addWidget(button)
        row.addStretch(1)
        self.list = QLabel(self)
        self.list.setWordWrap(True)
        self.list.setTextFormat(Qt.TextFormat.RichText)
        # Wrapped to the form's width, never widening it (the result beside it keeps its room).
        self.list.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.list.hide()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(row)
        box.addWidget(self.list)
        page.recomputed.connect(self._follow_unit)
        self.retranslate()

    def retranslate(self) -> None:
        words = self.words()
        subject, noun = self.subject(), words["noun"]
        texts = {"previous": words["previous"], "current": words["current"], "next": _("下一个未申请"),
                 "claims": _("台账中的申请…")}
        tips = {"previous": words["previous_tip"], "current": words["current_tip"],
                "next": _("申请{subject}第一个还没有登记到台账的{noun}（先查台账）").format(subject=subject, noun=noun),
                "claims": _("查看{subject}已登记到台账的各次申请、状态和尚未申请的期间").format(subject=subject)}
        for name in BUTTONS:
            self.buttons[name].setText(texts[name])
            self.buttons[name].setToolTip(tips[name])
        self._show()

    def words(self) -> dict[str, str]:
        """The period's words for this case's period length, translated."""
        return {name: _(text) for name, text in WORDS[self.unit].items()}

    def subject(self) -> str:
        """Whose claims: 本笔贷款, 本担保机构 (the measure's words), else 本案例."""
        return _(self.measure.claim_subject or N_("本案例"))

    def _follow_unit(self) -> None:
        """Name the buttons by the period the rules give this case (a county may claim an agency's by year)."""
        unit = "quarter"
        if self.measure.period_unit is not None:
            case = self.loan()
            if case is not None:
                try:
                    unit = self.measure.period_unit(case.inputs, self.page.rules())
                except (KeyError, ValueError):
                    pass
        if unit != self.unit:
            self.unit = unit
            self.retranslate()

    # -- the case, as far as the form says --------------------------------------------------------------------
    def loan(self):
        """The case as the form holds it, read with its claim window left open: the loan (or the agency's list)
        without the claim; None while it does not read."""
        return self._read()[0]

    def _read(self):
        """(the case or None, the labels of what is missing or wrong in it, outside the claim window)."""
        data = self.page.form.data()
        inputs = {k: v for k, v in data.get("inputs", {}).items() if k not in self.measure.claim_window}
        try:
            return parse_case({**data, "inputs": inputs}), []
        except InputError as exc:
            rows = self.page.form.rows
            labels = []
            for error in exc.errors:
                key = error.field.split("[")[0]
                label = _(rows[key].field.label) if key in rows else ""
                if label and label not in labels:
                    labels.append(label)
            return None, labels

    def quarters(self) -> list:
        case = self.loan()
        if case is None:
            return []
        try:
            return self.measure.periods(case.inputs, self.page.rules())
        except (KeyError, ValueError):  # a contract date the rules do not cover: the form already says so
            return []

    # -- choosing a period ------------------------------------------------------------------------------------
    def choose(self, name: str) -> None:
        """上季度 / 本季度 / 下一个未申请 (after reading the ledger), or the list of this loan's claims."""
        if name == "claims":
            self.look_up()
            return
        spans = self.quarters()
        if not spans:
            missing = self._read()[1]
            noun = self.words()["noun"]
            if missing:
                shown = "、".join(missing[:3]) + (_("等") if len(missing) > 3 else "")
                text = _("请先填写{fields}，才能按{noun}申请。").format(fields=shown, noun=noun)
            else:
                text = _("请先把上面的信息填写完整，才能按{noun}申请。").format(noun=noun)
            self.list.setText(escape(text))
            self.list.show()
            return
        if name == "next":
            if not self.look_up():
                return
            span = periods.next_unclaimed(spans, [(c[1], c[2]) for c in self.claimed])
            if span is None:
                self._show(self._all_claimed())
                return
        elif name == "current":
            span = periods.containing(spans, self.today())
        else:
            span = periods.before(spans, self.today())
        self.set_window(span)

    def set_window(self, span) -> None:
        """Put a claim window into the form, as if typed; a case from the ledger now becomes a new claim. A title that
        names the period it replaces (…2022年第3季度贴息) is renamed with it, so the new claim's worksheet and ledger
        entry never carry the last period's name."""
        form = self.page.form
        self._rename(span)
        for key, day in zip((self.first_key, self.last_key), span):
            form.rows[key].input.set_raw(day.isoformat())
            form.touched.add(key)
        if self.page.ledger_id is not None:
            self.page.ledger_id = self.page.ledger_data = None
        form.changed.emit()
        self._show()

    def _rename(self, span) -> None:
        title = self.page.form.rows.get("title")
        text = title.input.raw() if title is not None else ""
        if not text:
            return
        try:
            old = tuple(date.fromisoformat((self.page.form.rows[key].input.raw() or "").strip())
                        for key in (self.first_key, self.last_key))
        except ValueError:  # no window yet, or one typed otherwise: nothing to rename from
            return
        was, now = periods.name(old, self.unit), periods.name(span, self.unit)
        if was in text and was != now:
            title.input.set_raw(text.replace(was, now))
            self.page.form.touched.add("title")

    # -- the ledger ---------------------------------------------------------------------------------------------
    def look_up(self) -> bool:
        """Read this loan's claims from the ledger; False when the loan cannot be told yet or the ledger not opened."""
        if self.open_ledger is None:
            return False
        ledger = self.open_ledger()
        if ledger is None:
            return False
        try:
            self.refresh(ledger)
        finally:
            ledger.close()
        return True

    def refresh(self, ledger) -> None:
        """This loan's entries: same kind, and a claim key that differs only in its claim window."""
        prefix = self.prefix()
        self.looked_up = True
        self.claimed = []
        if prefix is not None:
            for entry in ledger.entries(kind=self.measure.kind):
                parts = entry.claim_key.split("|")
                if "|".join(parts[:-2]) == prefix:
                    first, last = (date.fromisoformat(p) for p in parts[-2:])
                    self.claimed.append((entry.id, first, last, entry.status, entry.total))
        self._show()

    def prefix(self) -> str | None:
        """The claim key's parts before the claim window, from the loan as entered (None: not enough to tell)."""
        case = self.loan()
        if case is None:
            return None
        first, last = self.quarters()[0] if self.quarters() else (None, None)
        if first is None:
            return None
        case.inputs.update({name: day for name, day in zip(self.measure.claim_window, (first, last))})
        from ..ledger.claims import claim_key

        try:
            key = claim_key(case, None)  # the parts normalised, as the ledger stores them
        except InputError:
            return None
        return "|".join(key.split("|")[:-2])

    def _show(self, note: str = "") -> None:
        """This loan's claims (台账号, period, amount, status) and what is left to claim, once looked up."""
        if not self.looked_up:
            self.list.setVisible(bool(note))
            self.list.setText(escape(note))
            return
        heading = _("{subject}已登记的申请").format(subject=self.subject())
        number = _("第 {id} 号")
        lines = [f"<b>{heading}</b>"]
        lines += [f"{number.format(id=i)}　{fmt_date(a)}至{fmt_date(b)}　"
                  f"{fmt_amount(total) if total is not None else ''}　{escape(_(status))}"
                  for i, a, b, status, total in sorted(self.claimed, key=lambda c: c[1])]
        if not self.claimed:
            lines.append(_("（台账中还没有{subject}的申请）").format(subject=self.subject()))
        left = periods.unclaimed(self.quarters(), [(c[1], c[2]) for c in self.claimed])
        if left:
            lines.append(_("尚未申请：") + "；".join(f"{fmt_date(a)}至{fmt_date(b)}" for a, b in left))
        elif self.quarters():
            lines.append(self._all_claimed())
        if note:
            lines.append(escape(note))
        self.list.setText("<br>".join(lines))
        self.list.show()

    def _all_claimed(self) -> str:
        return _("{subject}的各{noun}都已申请。").format(subject=self.subject(), noun=self.words()["noun"])
