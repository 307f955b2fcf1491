"""Refresh the translation catalogs after interface strings changed: extract, update, check, compile.

    .venv/bin/python tools/update_catalogs.py          # extract + update the .po files, list what is untranslated
    (fill the empty msgstr lines in resources/i18n/en/LC_MESSAGES/subsidy_desk.po, remove "fuzzy" marks)
    .venv/bin/python tools/update_catalogs.py          # again: compiles the .mo once nothing is missing

The same steps by hand are in docs/translations.md. Chinese is the source language, so only the other languages
have catalogs. The compiled .mo files are committed: a fresh clone, a wheel and the bundle need no build step.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
POT = I18N / "subsidy_desk.pot"
DOMAIN = "subsidy_desk"
LANGUAGES = ("en",)


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def missing(po: Path) -> list[str]:
    with po.open("rb") as fh:
        catalog = read_po(fh)
    return [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from subsidy_desk import __version__

    I18N.mkdir(parents=True, exist_ok=True)

    os.chdir(ROOT)  # locations in the catalogs relative to the checkout, the same on every machine
    pybabel("extract", "-F", "babel.cfg", "-k", "N_", "--add-location=file", "--sort-by-file",
            "--project=Subsidy Desk", f"--version={__version__}", "-o", str(POT.relative_to(ROOT)), ".")
    todo = 0
    for lang in LANGUAGES:
        po = I18N / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.exists():
            pybabel("update", "-i", str(POT), "-d", str(I18N), "-D", DOMAIN, "-l", lang, "--no-fuzzy-matching",
                    "--ignore-obsolete")
        else:
            pybabel("init", "-i", str(POT), "-d", str(I18N), "-D", DOMAIN, "-l", lang)
        left = missing(po)
        for msgid in left:
            print(f"{lang}: untranslated: {msgid}")
        todo += len(left)
    if todo:
        print(f"{todo} messages to translate; the .mo files were not compiled.")
        return 1
    pybabel("compile", "-d", str(I18N), "-D", DOMAIN, "--statistics")
    return 0


if __name__ == "__main__":
    sys.exit(main())
