"""``subsidy-desk --self-test``: a check for an installation on a new PC (and for CI on the built program).

Starts the real window, types each measure's example (``Measure.example``: the inputs and totals of docs/cases and
tests/measures) into its form, compares each total with the figure the policy examples give, writes their worksheets
to a temporary folder when the worksheets are installed, opens the user guide (F1), prints one line, and exits 0 (1 if
anything differs). Window state and drafts go to a temporary folder, never the user's.
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from ..format import fmt_amount
from ..measures.registry import measures

APPLICANT = {"name": "自检示例单位", "credit_code": "91140900MA0K5YQ12C", "county": "忻府区"}


def self_test(argv: list[str]) -> int:
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="subsidy-desk-selftest-"))
    os.environ["SUBSIDY_DESK_DATA_DIR"] = str(folder / "data")  # drafts and overrides stay out of the user's
    from PySide6.QtCore import QSettings

    from .app import create_application
    from .main_window import MainWindow

    app = create_application(argv)
    window = MainWindow(settings=QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat))
    window.show()
    app.processEvents()
    failures, totals, sheets = [], [], 0
    for kind, measure in measures().items():
        inputs, expected = measure.example
        page = window.pages[kind]
        window.show_page(page)
        page.form.set_data({"title": f"自检 {kind}", "applicant": APPLICANT, "inputs": inputs})
        page.recompute()
        app.processEvents()
        if page.result is None:
            failures.append(f"{kind}: " + "；".join(f"{w}：{m}" for w, m in page.view.problems))
            continue
        totals.append(f"{page.result.title} {fmt_amount(page.result.total)} 元")
        if page.result.total != expected:
            failures.append(f"{kind}: 合计 {page.result.total}，应为 {expected}")
        if window.worksheets_ready:
            from .printing import print_to_pdf

            window.export_to(folder / f"{kind}.xlsx", ask_open=False)
            print_to_pdf(page.case, page.result, folder / f"{kind}.pdf", office=window._office())
            sheets += 2
    window.open_guide()  # the guide ships with the program and reads offline
    app.processEvents()
    if "按季度申请贴息" not in window.help_window.browser.toPlainText():
        failures.append("使用说明（F1）打不开：安装不完整")
    for page in window.pages.values():
        page.set_modified(False)
    window.close()
    seconds = time.perf_counter() - started
    if failures:
        print("自检失败：" + "；".join(failures))
        return 1
    written = f"；工作表 {sheets} 份写入 {folder}" if sheets else "；工作表模块未安装，未写工作表"
    print(f"自检通过：{'、'.join(totals)}{written}（{seconds:.1f} 秒）")
    return 0
