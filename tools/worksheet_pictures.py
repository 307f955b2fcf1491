"""The worksheet pictures in docs/, made the way a clerk's pages come out: the workbook through LibreOffice to PDF,
the program's own print (Qt, offscreen) to PDF, each page to PNG with poppler.

    .venv/bin/python tools/worksheet_pictures.py docs/

Needs soffice (LibreOffice Calc), pdftoppm (poppler-utils) and a Chinese font (fonts-wqy-microhei).
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
OFFICE = {"name": "忻府区财政局", "clerk": "张三"}
# (case file, pages of the LibreOffice PDF, pages of the Qt PDF): picture names follow the case's name.
CASES = [
    (ROOT / "docs/cases/startup_loan.json", {1: "worksheet-startup_loan"}, {1: "worksheet-pdf"}),
    (ROOT / "docs/cases/guarantee_fee.json", {1: "worksheet-guarantee_fee"}, {}),
    (ROOT / "docs/cases/agency_claim.json", {1: "worksheet-agency_claim"}, {}),
    (ROOT / "docs/cases/six_taxes.json", {1: "worksheet-six_taxes"}, {}),
    (ROOT / "tests/worksheets/cases/two_year_monthly_loan.json",
     {1: "worksheet-signed-page", 2: "worksheet-attachment"},
     {1: "worksheet-pdf-signed-page", 2: "worksheet-pdf-attachment"}),
]


def png(pdf: Path, page: int, out: Path) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(out.with_suffix(""))], check=True)


def main(out: Path) -> None:
    from subsidy_desk.case import compute, read_case
    from subsidy_desk.rules.load import load_rules
    from subsidy_desk.ui.printing import print_to_pdf
    from subsidy_desk.worksheets.xlsx import write_workbook

    out.mkdir(parents=True, exist_ok=True)
    rules = load_rules(overrides=Path(os.devnull))
    work = Path(tempfile.mkdtemp(prefix="subsidy-desk-pictures-"))
    for path, sheet_pages, qt_pages in CASES:
        case = read_case(path)
        result = compute(case, rules)
        xlsx = write_workbook(case, result, work / f"{path.stem}.xlsx", OFFICE)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/lo", "--headless", "--convert-to", "pdf",
                        "--outdir", str(work / "lo"), str(xlsx)], check=True, capture_output=True)
        for page, name in sheet_pages.items():
            png(work / "lo" / f"{path.stem}.pdf", page, out / f"{name}.png")
        if qt_pages:
            pdf = work / f"{path.stem}.pdf"
            print_to_pdf(case, result, pdf, OFFICE)
            for page, name in qt_pages.items():
                png(pdf, page, out / f"{name}.png")
    print(f"pictures in {out}; files in {work}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs"))
