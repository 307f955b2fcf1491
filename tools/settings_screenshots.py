"""Screenshots of the settings dialog for docs/: run under xvfb with a Chinese font installed.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/settings_screenshots.py docs/

Uses a throw-away data folder with one added LPR month and one local rule value, so the pictures show both.
"""
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ["SUBSIDY_DESK_DATA_DIR"] = tempfile.mkdtemp(prefix="subsidy-desk-shots-")

from PySide6.QtWidgets import QApplication  # noqa: E402

from subsidy_desk.rules.load import save_overrides  # noqa: E402
from subsidy_desk.paths import overrides_file  # noqa: E402


def main(out: Path) -> None:
    app = QApplication(sys.argv)
    app.setOrganizationName("SubsidyDeskShots")
    save_overrides(overrides_file(), {
        "format": "subsidy-desk/overrides@1",
        "parameters": {"guarantee_fee.subsidy_rate": [
            {"from": "2023-01-01", "value": "0.6", "document": "某县财〔2023〕1号", "note": "本县保费补贴按 0.6%"}]},
        "lpr": [{"date": "2026-09-22", "lpr_1y": "3.00", "lpr_5y": "3.50", "note": "人民银行授权公布"}],
        "confirmed": [{"key": "startup_loan.regime", "from": "2020-01-01", "document": "某县财〔2024〕2号"},
                      {"key": "startup_loan.regime", "from": "2023-10-01", "document": "某县财〔2024〕2号"}]})
    from subsidy_desk.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    dialog.show()
    page = dialog.lpr_page
    page.date_edit.setDate(date(2026, 10, 20))
    page.one_edit.setText("3.00")
    page.five_edit.setText("2.90")
    page.add_month()  # shows the 5y < 1y warning: what a clerk sees before confirming
    for name, page_name in (("settings-lpr", "lpr"), ("settings-rules", "rules"), ("settings-review", "review"),
                            ("settings-office", "office"), ("settings-language", "language")):
        dialog.show_page(page_name)
        if page_name == "rules":
            dialog.rules_page.select("guarantee_fee.subsidy_rate")
        app.processEvents()
        dialog.grab().save(str(out / f"{name}.png"))
    dialog.show_page("rules")
    dialog.rules_page.select("guarantee_fee.subsidy_rate")
    dialog.rules_page.edit_selected()
    app.processEvents()
    dialog.rules_page.editor.grab().save(str(out / "settings-editor.png"))
    dialog.rules_page.editor.reject()
    dialog.language_page.buttons["en"].click()  # the same dialog after switching: what fits in Chinese must in English
    for name, page in (("settings-lpr-en", "lpr"), ("settings-rules-en", "rules")):
        dialog.show_page(page)
        app.processEvents()
        dialog.grab().save(str(out / f"{name}.png"))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
