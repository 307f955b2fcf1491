"""Saving a workbook so that a crash, a cancel or a full disk never leaves half a file where the clerk looks."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_workbook(workbook, path: Path) -> None:
    """Save next to the target under a temporary name, then rename over it (an atomic step on one volume)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".xlsx.tmp")
    os.close(fd)
    try:
        workbook.save(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; the result is an ordinary document
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
