"""The office's own details (单位名称, 经办人) that go onto every worksheet it prints.

Kept apart from the rules: they change who signs, never a figure. Plain JSON in the user's data folder, written
atomically so a crash mid-save leaves the previous details in place.
"""
from __future__ import annotations

import json

from .case import write_json_atomic
from .paths import data_dir

FILE_NAME = "office.json"
KEYS = ("name", "clerk")


def load_office() -> dict:
    """{"name": 单位名称, "clerk": 经办人}; empty strings when nothing was saved yet or the file is unreadable."""
    try:
        raw = json.loads((data_dir() / FILE_NAME).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        raw = {}
    if not isinstance(raw, dict):
        raw = {}
    return {k: str(raw.get(k) or "").strip() for k in KEYS}


def save_office(office: dict) -> None:
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)  # the first save on a new PC
    write_json_atomic(folder / FILE_NAME, {k: str(office.get(k) or "").strip() for k in KEYS})
