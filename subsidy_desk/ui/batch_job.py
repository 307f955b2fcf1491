"""The batch dialog's work off the GUI thread: a job runs one function on a worker thread and hands back its result
or a message for the clerk; before a batch goes into the ledger, every row that cannot is named."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from ..i18n import _


class Job(QObject):
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
        from ..files import SaveError

        try:
            result = self.func(self)
        except (WorkbookRefused, InputError, SaveError) as exc:
            self.failed.emit(str(exc))
        except RuleError as exc:
            self.failed.emit(_("规则文件有误：") + str(exc))
        except OSError as exc:
            self.failed.emit(_("无法读写文件：") + str(exc.strerror or exc))
        except Exception as exc:  # the ledger's refusals and a database that stops answering: said, never raised
            from .ledger_window import ledger_problem

            if not is_ledger_error(exc):
                self.failed.emit(_("程序出错，未完成：{error}").format(error=exc))  # the dialog is usable again
                raise
            self.failed.emit(ledger_problem(exc))
        else:
            self.done.emit(result)


def is_ledger_error(exc: Exception) -> bool:
    """Only when the ledger was used (it is then imported, so checking costs nothing); the ledger says database
    problems in its own words (LedgerError)."""
    import sys

    ledger = sys.modules.get("subsidy_desk.ledger")
    return bool(ledger and isinstance(exc, ledger.LedgerError))


def ledger_problems(entries, ledger) -> list[str]:
    """Why rows cannot go into the ledger, one line per row with its Excel row number: a claim without the contract
    number or credit code that identifies it, or a claim the ledger already holds (naming its ledger number)."""
    from ..fields import InputError
    from ..ledger.claims import claim_key

    known = {e.claim_key: e.id for e in ledger.entries()}
    seen: dict[str, int] = {}
    problems = []
    for entry in entries:
        try:
            key = claim_key(entry.case, entry.result)
        except InputError as exc:
            problems += [_("第 {row} 行：{reason}").format(row=entry.number, reason=e.message) for e in exc.errors]
            continue
        if key in known:
            problems.append(_("第 {row} 行（{name}）：已登记为台账第 {id} 号，是同一申请").format(
                row=entry.number, name=entry.case.applicant.get("name") or "", id=known[key]))
        elif key in seen:
            problems.append(_("第 {row} 行：与第 {other} 行是同一申请").format(row=entry.number, other=seen[key]))
        seen.setdefault(key, entry.number)
    return problems
