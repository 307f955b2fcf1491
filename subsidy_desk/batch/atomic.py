"""Saving a workbook so that a crash, a cancel or a full disk never leaves half a file where the clerk looks."""
from __future__ import annotations

from pathlib import Path

from ..files import replacing


def save_workbook(workbook, path: Path) -> None:
    """Save next to the target under a temporary name, then rename over it (an atomic step on one volume)."""
    with replacing(Path(path), ".xlsx.tmp") as tmp:
        workbook.save(tmp)
