"""Unsaved work kept on disk every few seconds, so a crash or a power cut loses at most that much typing.

One draft per calculator in data_dir()/drafts/<kind>.json: the form exactly as typed (even when it does not yet
make a valid case), the file it belongs to, and when it was written. Written atomically; removed once the work
is saved or deliberately discarded.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from ..files import write_json_atomic
from ..paths import data_dir


def folder() -> Path:
    return data_dir() / "drafts"


def write_draft(kind: str, data: dict, path: Path | None) -> None:
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    write_json_atomic(target / f"{kind}.json", {"kind": kind, "case": data, "path": str(path) if path else None,
                                                "saved_at": datetime.now().isoformat(timespec="seconds")})


def remove_draft(kind: str) -> None:
    (folder() / f"{kind}.json").unlink(missing_ok=True)


def read_drafts(kinds) -> list[dict]:
    """The drafts left by a previous run; an unreadable one is skipped (it is only a safety copy)."""
    out = []
    for kind in kinds:
        path = folder() / f"{kind}.json"
        try:
            draft = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(draft, dict) and isinstance(draft.get("case"), dict):
            out.append(draft)
    return out
