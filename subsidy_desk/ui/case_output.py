"""The window's printing and export: the worksheet of the case shown, to paper, to a PDF or to a workbook.

One job: before a worksheet leaves the program, the applicant's identity is asked for if it is missing, the rules
are the ones read (never provisional ones), and a case opened from the ledger is recorded there as printed.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..i18n import N_, _
from ..measures.registry import titles
from . import read_only


class CaseOutput:
    """Printing and export for the main window ``window``."""

    def __init__(self, window):
        self.window = window

    def office(self):
        """单位名称 and 经办人 on worksheets: the office's name from its published rules when there are any; the
        clerk's one name (the login on PostgreSQL), as the ledger records it."""
        from ..office import load_office

        office = load_office()
        if self.window.office is not None and self.window.office.office_name:
            office["name"] = self.window.office.office_name
        office["clerk"] = self.window._clerk() or office["clerk"]
        return office

    def identity_ok(self, title: str) -> bool:
        """Before a worksheet leaves the program: if it would say nobody's name (or an organisation's code), ask.
        返回填写 goes to the field; 仍然继续 prints it with the blank marked （未填写）."""
        from ..measures.sheet import identity_gaps

        gaps = identity_gaps(self.window.page.case)
        if not gaps:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, title,
                          _("工作表上缺少申请人的身份：{gaps}未填写。").format(gaps="、".join(_(g) for g in gaps))
                          + "\n" + _("请先填写；如确需先打印，空栏会标明“（未填写）”。"), parent=self.window)
        back = box.addButton(_("返回填写"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(_("仍然继续"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(back)
        self.window.identity_box = box  # reachable for tests while it is open
        box.exec()
        self.window.identity_box = None
        if box.clickedButton() is back:
            key = {"申请人名称": "applicant.name", "统一社会信用代码": "applicant.credit_code"}[gaps[0]]
            self.window.page.form.focus_field(key)
            return False
        return True

    def export_workbook(self) -> bool:
        page = self.window.page
        if page.case is None or not self.identity_ok(_("导出工作表")):
            return False
        suggested = (page.path.with_suffix(".xlsx") if page.path
                     else Path.home() / f"{page.name() or _(titles()[page.kind])}.xlsx")
        name, _f = QFileDialog.getSaveFileName(self.window, _("导出工作表"), str(suggested), _("Excel 工作簿 (*.xlsx)"))
        if not name:
            return False
        path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        return self.export_to(path)

    def export_to(self, path: Path, ask_open: bool = True) -> bool:
        from ..files import SaveError
        from ..worksheets.xlsx import write_workbook

        self.window.settle_rules()
        page = self.window.page
        if page.result is None or not read_only.confirm(self.window, path):
            return False
        try:
            read_only.write(lambda: write_workbook(page.case, page.result, path, office=self.office(),
                                                   check=page.check))
        except SaveError as exc:
            QMessageBox.critical(self.window, _("导出失败"), str(exc))
            return False
        self.window.say(N_("已导出 {path}"), 5000, path=path)
        self.window.ledger_actions.record_printed(page)
        if ask_open and QMessageBox.question(self.window, _("导出工作表"), _("已导出到 {path}\n是否用电子表格程序打开？").format(
                path=path)) == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return True

    def printer(self):
        """A printer set up for the current case's worksheet (A4, its orientation and margins), and the sheet."""
        from PySide6.QtPrintSupport import QPrinter

        from ..worksheets.layout import build_worksheet
        from .printing import setup_printer

        self.window.settle_rules()
        page = self.window.page
        sheet = build_worksheet(page.case, page.result, self.office(), check=page.check)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        setup_printer(printer, sheet)
        return printer, sheet

    def print_preview(self) -> None:
        """The same pages as 打印 and the PDF; the dialog's own print button prints them."""
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        if self.window.page.case is None or not self.identity_ok(_("打印预览")):
            return
        printer, sheet = self.printer()
        dialog = QPrintPreviewDialog(printer, self.window)
        dialog.setWindowTitle(_("打印预览"))
        dialog.paintRequested.connect(lambda p: self.paint(sheet, p))
        dialog.resize(self.window.size() * 0.9)
        self.window.preview = dialog  # reachable for tests while it is open
        dialog.exec()
        self.window.preview = None

    def print_case(self) -> None:
        """Through the system's print dialog, which also offers printing to a PDF file."""
        from PySide6.QtPrintSupport import QPrintDialog

        if self.window.page.case is None or not self.identity_ok(_("打印")):
            return
        printer, sheet = self.printer()
        if QPrintDialog(printer, self.window).exec() and self.paint(sheet, printer):
            self.window.ledger_actions.record_printed(self.window.page)

    def paint(self, sheet, printer) -> bool:
        from ..worksheets import WorksheetError
        from .printing import paint_worksheet

        try:
            paint_worksheet(sheet, printer)
        except WorksheetError as exc:
            QMessageBox.critical(self.window, _("打印失败"), str(exc))
            return False
        return True
