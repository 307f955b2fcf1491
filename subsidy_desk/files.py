"""Writing a file so that a crash, a cancel or a full disk never leaves half a file where a clerk looks.

Every file the program writes goes through here: ``write_json_atomic`` for cases, drafts, settings and backups, and
``save_workbook`` for every workbook (worksheets, templates, batch results, error lists).
"""
from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def replacing(path: Path, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a temporary path beside ``path`` to write; when the block ends, put it in ``path``'s place at once.

    The finished file is flushed to disk and given the permissions the file it replaces had, or those of an
    ordinary new file (mkstemp makes it private, which would lock colleagues out of a workbook on a shared
    folder), then renamed over ``path``, one atomic step on one volume. On any failure the temporary file is
    removed and ``path`` is left as it was.
    """
    path = Path(path)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=suffix)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class SaveError(OSError):
    """A file could not be saved; the message says why in words a clerk can act on, and that the old file is
    untouched."""


def write_json_atomic(path: Path, data: Any) -> None:
    """Write next to the target, then rename over it: a crash or a full disk never leaves half a file."""
    with replacing(path) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def save_workbook(workbook, path) -> Path:
    """Save an openpyxl workbook next to the target, then rename over it. A target open in Excel, WPS or
    LibreOffice, a folder, a missing folder, no permission or a full disk is a SaveError, nothing lost."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise SaveError(f"{path}：工作簿文件名应以 .xlsx 结尾")
    # Owner files beside an open workbook (WPS and Excel for short names, LibreOffice). Excel on Windows holds
    # the file itself, so the rename below is refused there and reported the same way.
    for lock in (path.with_name(f"~${path.name}"), path.with_name(f".~lock.{path.name}#")):
        if lock.exists():
            raise SaveError(f"{path} 正在被 Excel、WPS 或其他程序打开，请先关闭该文件再保存（原文件未改动）")
    if path.is_dir():
        raise SaveError(f"{path} 是一个文件夹，请换一个文件名")
    if not path.parent.is_dir():
        raise SaveError(f"文件夹不存在：{path.parent}")
    try:
        with replacing(path, ".xlsx.tmp") as tmp:
            workbook.save(tmp)
    except OSError as exc:
        raise SaveError(f"无法保存 {path}（{reason(exc)}）；原文件未改动") from None
    return path


def reason(exc: OSError) -> str:
    """Why a file could not be read or written, in a clerk's words with what to do (never "[Errno 13] ...")."""
    if isinstance(exc, PermissionError):
        return "没有写入权限，或文件正被 Excel、WPS 等程序打开，请关闭后重试"
    if isinstance(exc, FileNotFoundError):
        return "文件或文件夹不存在，请检查位置"
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹，请选择文件"
    if exc.errno == errno.ENOSPC:
        return "磁盘空间不足，请腾出空间后重试"
    if exc.errno == errno.EROFS:
        return "该位置只读（如光盘或受保护的文件夹），请换一个位置"
    return f"系统提示：{exc.strerror or exc}"
