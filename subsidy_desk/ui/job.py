"""Work off the GUI thread: a job runs one function on a worker thread and hands back its result, or a message for
the clerk, so a dialog waiting on it is never left waiting. The batch dialog and 本单位规则 both run their work
through it, so a refusal reads the same wherever it happens."""
from __future__ import annotations

import sys

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
        from ..files import SaveError, reason
        from ..rules.model import RuleError

        try:
            result = self.func(self)
        except (WorkbookRefused, InputError, SaveError) as exc:
            self.failed.emit(str(exc))
        except RuleError as exc:
            self.failed.emit(_("规则文件有误：") + str(exc))
        except OSError as exc:
            self.failed.emit(_("无法读写文件：") + reason(exc))
        except Exception as exc:  # the ledger's refusals and a database that stops answering: said, never raised
            from .ledger_window import ledger_problem

            if not is_ledger_error(exc):
                self.failed.emit(_("程序出错，未完成：{error}").format(error=exc))  # the dialog is usable again
                raise  # the error itself still reaches the crash log
            self.failed.emit(ledger_problem(exc))
        else:
            self.done.emit(result)


def is_ledger_error(exc: Exception) -> bool:
    """A refusal of the ledger (LedgerError) or of its database (SQLAlchemy's): only possible once the ledger was
    used, so it is looked up among the loaded modules and checking costs no import."""
    ledger = sys.modules.get("subsidy_desk.ledger")
    return bool(ledger and isinstance(exc, ledger.LedgerError)) or type(exc).__module__.split(".")[0] == "sqlalchemy"
