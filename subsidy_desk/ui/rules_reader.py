"""The rules the window computes with, read in a thread of their own once the window has been painted.

An office that keeps a ledger publishes its rules there (docs/ledger.md), and every clerk's window computes with
them. Reading them opens the database — loading SQLAlchemy, perhaps reaching a server across the network — which
is no reason to keep a clerk looking at an empty screen or a frozen window. So the window starts, paints, and then
``RulesReader`` reads in a plain thread and hands the answer back to the GUI thread by a queued signal. What is
read is a ``RulesRead``: the office's rules, or this PC's own when the ledger holds none or cannot be read.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True)
class RulesRead:
    office: object | None  # the office's published rules (ledger.office_rules.OfficeRules), or None
    rules: object  # the RuleSet to compute with: the office's, else this PC's, else the shipped ones
    problem: str = ""  # why the ledger could not be read ("" when it could, or there is none)
    broken_overrides: str = ""  # why this PC's own rule values were set aside for the shipped ones ("" if not)


def own_rules():
    """(this PC's rules, "") — or, if this PC's override file is broken, (the shipped rules, the reason): a broken
    file is no reason not to start, and the settings dialog can repair it."""
    from ..rules.load import load_rules
    from ..rules.model import RuleError

    try:
        return load_rules(), ""
    except RuleError as exc:
        return load_rules(overrides=Path(os.devnull)), str(exc)


def read_rules(url: str | None) -> RulesRead:
    """The office's rules when the ledger at ``url`` holds them (None: this PC's SQLite file), else this PC's own."""
    from .ledger_window import office_rules_at

    office, problem = office_rules_at(url)
    if office is not None:
        return RulesRead(office, office.rule_set(), problem)
    rules, broken = own_rules()
    return RulesRead(None, rules, problem, broken)


class RulesReader(QObject):
    """``read_rules(url)`` in a daemon thread; ``arrived`` carries the RulesRead (or the exception it raised) to
    the GUI thread. ``wait()`` blocks until it is there, for an action that must not go on without it."""

    arrived = Signal(object)

    def __init__(self, url: str | None):
        super().__init__()
        self.result: RulesRead | BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(url,), name="rules-reader", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> RulesRead | BaseException | None:
        self._thread.join(timeout)
        return self.result

    def _run(self, url: str | None) -> None:
        try:
            self.result = read_rules(url)
        except Exception as exc:  # noqa: BLE001 - handed to the window, which says it in words
            self.result = exc
        try:
            self.arrived.emit(self.result)
        except RuntimeError:  # the window closed while the rules were read: nobody left to tell
            pass
