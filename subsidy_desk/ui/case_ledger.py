"""The window's ledger actions: the ledger in its own window, a case registered or updated, a ledger case opened
into its calculator, a printed worksheet recorded.

One job: every problem with the ledger is said in words (ledger_window.ledger_problem), and a claim already in the
ledger is refused naming its number.
"""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from ..case import stamp
from ..fields import InputError
from ..i18n import N_, _
from . import drafts
from .page import CalculatorPage
from .rule_changes import notice_html

PRINTABLE = ("已计算", "已打印")  # the ledger statuses Ledger.mark_printed accepts (a reprint is logged again)


class CaseLedger:
    """Ledger actions of the main window ``window``."""

    def __init__(self, window):
        self.window = window

    def open_ledger(self) -> None:
        """The ledger in a window of its own (one at a time); a case opened there comes into its calculator."""
        from .ledger_window import LedgerWindow, bring_forward, open_ledger

        if self.window.ledger_window is not None:
            self.window.ledger_window.view.reload()
            bring_forward(self.window.ledger_window)
            return
        ledger = open_ledger(self.window, self.window.settings)
        if ledger is None:
            return
        window = self.window.ledger_window = LedgerWindow(ledger, self.window)
        window.open_case.connect(self.open_ledger_case)
        window.destroyed.connect(lambda: setattr(self.window, "ledger_window", None))
        window.show()

    def open_ledger_case(self, case, ledger_id: int) -> bool:
        """A case from the ledger into its calculator, as an unsaved case (it has no file); if the rules changed
        since it was registered, both totals are shown, as for a reopened file."""
        from .ledger_window import bring_forward

        page = self.window.pages[case.kind]
        self.window.show_page(page)
        if not self.window.files.maybe_save(page):
            return False
        page.load(case.to_json(), None)
        page.link_ledger(ledger_id)
        page.view.set_notice(notice_html(case.computed, page.result))
        drafts.remove_draft(page.kind)
        self.window._update_actions()
        bring_forward(self.window)
        self.window.say(N_("已从台账第 {id} 号打开"), 5000, id=ledger_id)
        return True

    def register_case(self) -> int | None:
        """Store the current computed case in the ledger; returns its ledger id. A claim already in the ledger is
        refused, naming the earlier ledger number. A case opened from the ledger (a sent-back one, say) is not added
        again: it is recomputed into that entry as a new version, the earlier versions kept."""
        from ..ledger import DuplicateClaim, Forbidden, LedgerError
        from .ledger_window import ledger_problem, open_ledger

        page = self.window.page
        if not self.window.files.complete(page, _("无法登记")):
            return None
        ledger = open_ledger(self.window, self.window.settings)
        if ledger is None:
            return None
        case = page.case
        case.computed = stamp(page.result)
        case_id = page.ledger_id
        try:
            if case_id is None:
                case_id = ledger.add(case, page.result)
            else:
                version = ledger.recompute(case_id, case, page.result)
        except DuplicateClaim as exc:
            QMessageBox.warning(self.window, _("重复申请"), _("这件申请已登记在台账第 {id} 号，没有再次登记。").format(
                id=exc.earlier_id) + "\n\n" + str(exc))
            return None
        except Forbidden as exc:
            QMessageBox.warning(self.window, _("不能登记"), str(exc))
            return None
        except InputError as exc:
            QMessageBox.warning(self.window, _("不能登记"), "\n".join(str(e) for e in exc.errors))
            return None
        except (LedgerError, OSError) as exc:  # also a dropped connection: said in words
            QMessageBox.critical(self.window, _("不能登记"), ledger_problem(exc))
            return None
        finally:
            ledger.close()
        if self.window.ledger_window is not None:
            self.window.ledger_window.view.reload()
            self.window.ledger_window.view.select(case_id)
        if page.claims is not None:
            page.claims.look_up()  # the loan's claims, this one among them, and what is left to claim
        title = self.window.actions["register"].text()
        if page.ledger_id is None:
            self.window.say(N_("已登记为台账第 {id} 号"), 8000, id=case_id)
        else:
            self.window.say(N_("已重新计算台账第 {id} 号，保存为第 {version} 版"), 8000, id=case_id, version=version)
            page.link_ledger(case_id)  # the form is now that entry's current version
        QMessageBox.information(self.window, title, self.window.statusBar().currentMessage())
        return case_id

    def record_printed(self, page: CalculatorPage) -> None:
        """A worksheet printed or exported for a case opened from the ledger, unchanged since, is that entry's
        paper: the ledger records 已打印 when the entry's status allows it (PRINTABLE, as Ledger.mark_printed);
        a later status (已审核 ...) or a sent-back case is left as it is. The paper is out already, so a ledger
        that cannot be reached is said in the status bar, not in a dialog."""
        from ..ledger import LedgerError
        from .ledger_window import ledger_problem, open_ledger

        if not page.as_in_ledger():
            return
        ledger = open_ledger(self.window, self.window.settings)
        if ledger is None:
            return
        try:
            if ledger.get(page.ledger_id).status not in PRINTABLE:
                return
            ledger.mark_printed(page.ledger_id)
        except (LedgerError, OSError) as exc:
            self.window.say(ledger_problem(exc), 8000)
            return
        finally:
            ledger.close()
        if self.window.ledger_window is not None:
            self.window.ledger_window.view.reload()
        self.window.say(N_("台账第 {id} 号已记为已打印"), 8000, id=page.ledger_id)
