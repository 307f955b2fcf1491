"""One input widget per field type, each with the same small interface: ``raw()`` gives the value as a case file
holds it (a string, a list, a bool, or None when empty), ``set_raw()`` puts one back, ``changed`` fires on every
edit, and ``set_problem()`` marks the widget red. The core parses and checks the raw values; the widgets only
stop what can never be right (letters in an amount, a third decimal place) from being typed at all, and say so:
a keystroke a field refuses is never dropped without a word (``noted``, shown under the field by the form).
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import (QCalendarWidget, QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QToolButton, QVBoxLayout,
                               QWidget, QFrame)

from ..fields import date_numbers
from ..format import fmt_amount
from ..i18n import N_, _
from ..money import in_wan, parse_amount

PROBLEM_STYLE = "border: 2px solid #c62828; border-radius: 3px;"


def moves_on(field: QWidget, event) -> bool:
    """Enter moves to the next field, as on a paper form (a table keeps Enter to edit its cell): True when it did.
    Each field asks in its own key handler, so no filter sees the other events of every field."""
    if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        field.focusNextChild()
        return True
    return False


# Full-width digits and point from a Chinese keyboard's full-width mode are the same figures.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_UNIT = re.compile(r"\s*(万元|万|元)$")


class DecimalValidator(QValidator):
    """Accepts only text that is, or can become, a non-negative decimal with at most ``places`` decimals.

    Digits are checked as text, never through float, so 0.1 stays 0.1 and 12345678901234.56 stays exact.
    Grouping commas (and the full-width comma of a Chinese keyboard) are allowed anywhere while typing, and
    full-width digits. With ``units`` an amount may end in 万, 万元 or 元 as clerks write loans (300万, 30.5万):
    in 万 four more decimals reach the same fen.
    """

    def __init__(self, places: int | None, parent=None, units: bool = False):
        super().__init__(parent)
        self.places, self.units = places, units
        self._pattern = self._decimals(places)
        self._wan = self._decimals(None if places is None else places + 4)

    @staticmethod
    def _decimals(places: int | None) -> re.Pattern:
        decimals = r"\d*" if places is None else r"\d{0,%d}" % places
        return re.compile(r"^\d*(\.%s)?$" % decimals, re.ASCII)

    def validate(self, text: str, pos: int):
        plain = (text.strip().replace(",", "").replace("，", "").removesuffix("%").removesuffix("％")
                 .translate(_FULL_WIDTH))
        pattern = self._pattern
        if self.units and (unit := _UNIT.search(plain)):
            plain = plain[:unit.start()]
            pattern = self._wan if unit[1].startswith("万") else self._pattern
            if plain == "":
                return QValidator.State.Invalid, text, pos  # a unit before any figure
        if plain == "":
            return QValidator.State.Intermediate, text, pos
        if not pattern.match(plain):
            return QValidator.State.Invalid, text, pos
        if plain.endswith(".") or plain == ".":
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos


class _LineInput(QLineEdit):
    """A line edit that reports edits through ``changed`` and can be marked as having a problem.

    ``noted`` carries a word to show under the field, or "" to clear it: what a refused keystroke was and what
    the field takes (Qt's validator would drop it silently), or how a typed amount reads.
    """

    changed = Signal()
    noted = Signal(str)
    takes = ""  # what the field accepts, said when it refuses a keystroke

    def __init__(self, parent=None):
        super().__init__(parent)
        self._key = ""
        self.textEdited.connect(self.changed)
        self.textEdited.connect(self._edited)
        self.inputRejected.connect(self._rejected)

    def keyPressEvent(self, event) -> None:
        if moves_on(self, event):
            return
        self._key = event.text()
        super().keyPressEvent(event)

    def inputMethodEvent(self, event) -> None:
        """A Chinese input method commits its text here, not as key presses: a refused commit is told the same way."""
        before, commit = self.text(), event.commitString()
        super().inputMethodEvent(event)
        if commit and self.text() == before:
            self._key = commit
            self._rejected()

    def _edited(self, text: str) -> None:
        self.noted.emit("")

    def _rejected(self) -> None:
        key, self._key = self._key, ""
        shown = key if key.isprintable() and key.strip() else ""
        what = _("“{key}”未输入：").format(key=shown) if shown else _("未输入：")
        self.noted.emit(what + _(self.takes))

    def raw(self):
        text = self.text().strip()
        return text or None

    def set_raw(self, value) -> None:
        self.setText("" if value is None else str(value))
        self.setCursorPosition(0)  # a long name shows its beginning, not its end

    def set_problem(self, message: str | None) -> None:
        self.setStyleSheet(PROBLEM_STYLE if message else "")
        self.setToolTip(message or "")


class TextInput(_LineInput):
    pass


class MoneyInput(_LineInput):
    """An amount in yuan to the fen: only digits and at most two decimals get in, or an amount in 万 (300万,
    30.5万元), whose reading in yuan is noted under the field at once and put in its place on leaving it; grouped
    (1,234.50) when not being edited, plain (1234.50) while being edited, right-aligned like figures on paper."""

    takes = N_("金额只能写数字和小数点（最多到分），也可以“万”“万元”结尾，如 300万")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setValidator(DecimalValidator(2, self, units=True))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("0.00")

    def raw(self):
        text = self.text().strip().replace(",", "").replace("，", "")
        return text or None

    def set_raw(self, value) -> None:
        super().set_raw(value)
        if not self.hasFocus():
            self._group()

    def _edited(self, text: str) -> None:
        self.noted.emit(self._reading() or "")

    def _reading(self) -> str | None:
        """"300万 = 3,000,000.00 元" while an amount in 万 is typed; None otherwise."""
        plain = self.raw()
        if not in_wan(plain):
            return None
        try:
            return _("{typed} = {amount} 元").format(typed=plain, amount=fmt_amount(parse_amount(plain)))
        except ValueError:
            return None

    def _group(self) -> None:
        plain = self.raw()
        if plain is None:
            return
        try:
            amount = parse_amount(plain)
        except ValueError:
            return
        if amount == amount.quantize(Decimal("0.01")):
            self.setText(fmt_amount(amount))

    def focusInEvent(self, event) -> None:
        plain = self.raw()
        if plain is not None and plain != self.text():
            self.setText(plain)
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self._group()


class PercentInput(_LineInput):
    """A rate in percent (5.20 means 5.20% a year), any number of decimals, never through float."""

    takes = N_("利率按百分数写数字和小数点，如 5.2 表示 5.2%")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setValidator(DecimalValidator(None, self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("%")

    def raw(self):
        text = self.text().strip().removesuffix("%").removesuffix("％").strip()
        return text or None


class IntInput(_LineInput):
    takes = N_("只能写整数")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setValidator(DecimalValidator(0, self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def raw(self):
        text = self.text().strip().replace(",", "").rstrip(".")
        return text or None


def read_date(text: str) -> date | None:
    """2022-06-21, 2022/6/21, 2022.6.21, 2022年6月21日 and 20220621 all mean the same day (fields.date_numbers, the
    grammar an imported list is read by too); else None."""
    numbers = date_numbers(text)
    try:
        return date(*numbers) if numbers else None
    except ValueError:
        return None


class DateInput(QWidget):
    """A date typed in any common way or picked from a calendar; may be left empty.

    Not a QDateEdit: that widget always holds some date, so an optional date (申请贴息起日, 逾期起日) could not be
    left blank, and a new case would start with made-up dates instead of saying what is missing.
    """

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(_("年-月-日"))
        self.edit.textEdited.connect(self.changed)
        self.edit.editingFinished.connect(self._normalise)
        self.button = QToolButton(self)
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field; F4 or Alt+Down opens it
        self.button.clicked.connect(self.open_calendar)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.installEventFilter(self)
        self._popup: QFrame | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setToolTip(_("从日历选择（F4）"))
        self.edit.setPlaceholderText(_("年-月-日"))

    def eventFilter(self, obj, event) -> bool:
        # a key event is told by its class, which costs nothing, before its type is read: every event passes here
        if obj is self.edit and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key, mods = event.key(), event.modifiers()
            if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier):
                self.open_calendar()
                return True
            if moves_on(self.edit, event):
                return True
        return super().eventFilter(obj, event)

    def raw(self):
        text = self.edit.text().strip()
        if not text:
            return None
        day = read_date(text)
        return day.isoformat() if day else text  # an unreadable date goes to the core, which names the problem

    def set_raw(self, value) -> None:
        self.edit.setText("" if value is None else str(value))

    def set_problem(self, message: str | None) -> None:
        self.edit.setStyleSheet(PROBLEM_STYLE if message else "")
        self.edit.setToolTip(message or "")

    def _normalise(self) -> None:
        day = read_date(self.edit.text())
        if day and self.edit.text() != day.isoformat():
            self.edit.setText(day.isoformat())
            self.changed.emit()

    def open_calendar(self) -> None:
        popup = QFrame(self, Qt.WindowType.Popup)
        popup.setFrameShape(QFrame.Shape.Box)
        calendar = QCalendarWidget(popup)
        calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        calendar.setGridVisible(True)
        day = read_date(self.edit.text())
        if day:
            calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        box = QVBoxLayout(popup)
        box.setContentsMargins(1, 1, 1, 1)
        box.addWidget(calendar)

        def picked(qdate: QDate) -> None:
            self.edit.setText(qdate.toString("yyyy-MM-dd"))
            popup.close()
            self.edit.setFocus()
            self.changed.emit()

        calendar.activated.connect(picked)
        calendar.clicked.connect(picked)
        popup.adjustSize()
        popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        popup.show()
        calendar.setFocus()
        self._popup = popup


class ChoiceInput(QComboBox):
    """A fixed list shown by its Chinese labels; the case file keeps the key. Optional lists start blank."""

    changed = Signal()

    def __init__(self, choices: dict[str, str], required: bool, default, parent=None):
        super().__init__(parent)
        self._choices = choices
        self._blank = default is None
        self._required = required
        # Long labels (计息方式) must not widen the whole form: the box may shrink, its list still shows them whole.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(10)
        self.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.retranslate()
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())
        if default is not None:
            self.set_raw(default)

    def keyPressEvent(self, event) -> None:
        if not self.view().isVisible() and moves_on(self, event):
            return
        super().keyPressEvent(event)

    def retranslate(self) -> None:
        current = self.raw() if self.count() else None
        self.blockSignals(True)
        self.clear()
        if self._blank:
            self.addItem(_("（请选择）") if self._required else _("（不适用）"), None)
        for key, label in self._choices.items():
            self.addItem(_(label), key)
            self.setItemData(self.count() - 1, _(label), Qt.ItemDataRole.ToolTipRole)
        self.set_raw(current)
        self.blockSignals(False)

    def raw(self):
        return self.currentData()

    def set_raw(self, value) -> None:
        index = self.findData(value) if value is not None else (0 if self._blank else -1)
        self.setCurrentIndex(max(index, 0))

    def set_problem(self, message: str | None) -> None:
        self.setStyleSheet(f"QComboBox {{{PROBLEM_STYLE}}}" if message else "")
        self.setToolTip(message or "")


class BoolInput(QCheckBox):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.toggled.connect(lambda _b: self.changed.emit())

    def keyPressEvent(self, event) -> None:
        if not moves_on(self, event):
            super().keyPressEvent(event)

    def raw(self):
        return self.isChecked()

    def set_raw(self, value) -> None:
        self.setChecked(bool(value))

    def set_problem(self, message: str | None) -> None:
        self.setStyleSheet("QCheckBox { color: #c62828; }" if message else "")
        self.setToolTip(message or "")
