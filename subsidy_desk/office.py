"""The office printed on every worksheet (单位名称) and the clerk who prepares it (经办人).

Kept in the user's data folder as office.json, written atomically, so the window's settings and the command line
print the same names. A missing or damaged file means "not set yet": worksheets then leave the lines blank to fill
in by hand rather than refusing to print.
"""
from __future__ import annotations

import os

from . import strict_json
from .files import write_json_atomic
from .paths import data_dir

KEYS = ("name", "clerk")
USER_ENV = "SUBSIDY_DESK_USER"


def office_file():
    return data_dir() / "office.json"


def load_office() -> dict:
    """{"name": 单位名称, "clerk": 经办人}; empty strings for anything not set or unreadable."""
    try:
        data = strict_json.loads(office_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    return {k: data[k].strip() if isinstance(data.get(k), str) else "" for k in KEYS}


def save_office(office: dict) -> None:
    """Store the office and clerk names; unknown keys are refused so a typo is not silently dropped."""
    unknown = set(office) - set(KEYS)
    if unknown:
        raise ValueError(f"未知的设置项：{'、'.join(sorted(unknown))}（允许：name 单位名称、clerk 经办人）")
    clean = {}
    for k in KEYS:
        value = office.get(k, "")
        if not isinstance(value, str):
            raise ValueError(f"{k} 应为文字")
        clean[k] = value.strip()
    folder = office_file().parent
    folder.mkdir(parents=True, exist_ok=True)
    write_json_atomic(office_file(), clean)


def default_user() -> str:
    """The clerk's one name on one PC: ``$SUBSIDY_DESK_USER``, else the name set in the program (设置 → 本单位,
    the 经办人 printed on worksheets). Never the computer's login silently: the ledger and the worksheet must
    name the same person."""
    return os.environ.get(USER_ENV, "").strip() or load_office()["clerk"]
