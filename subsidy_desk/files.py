"""Writing a file so that a crash, a cancel or a full disk never leaves half a file where a clerk looks, and
every target that cannot be written is refused with its reason in Chinese before anything is written.

Every file the program writes goes through here: ``write_json_atomic`` for cases, drafts, settings and backups, and
``save_workbook`` for every workbook (worksheets, templates, batch results, error lists, the ledger export),
each printing the same way (``page_setup``).
"""
from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any


class SaveError(OSError):
    """A file could not be saved; the message says why in words a clerk can act on, and that the old file is
    untouched."""

    def __str__(self) -> str:
        return self.args[0] if self.args else super().__str__()


class ReadOnlyTarget(SaveError):
    """The target exists and is read-only: the window asks the clerk, the command line needs --force."""


# Set while the clerk has agreed (window) or said --force (command line) to replace a read-only file.
_READ_ONLY_ALLOWED: ContextVar[bool] = ContextVar("read_only_allowed", default=False)


@contextmanager
def read_only_allowed(allowed: bool = True) -> Iterator[None]:
    """Inside this block a read-only target is replaced (keeping its read-only mark) instead of refused."""
    token = _READ_ONLY_ALLOWED.set(allowed)
    try:
        yield
    finally:
        _READ_ONLY_ALLOWED.reset(token)


def reason(exc: OSError) -> str:
    """Why a file could not be read or written, in a clerk's words with what to do (never "[Errno 13] ...")."""
    if isinstance(exc, SaveError):
        return str(exc)
    if isinstance(exc, PermissionError):
        return "没有写入权限，或文件正被 Excel、WPS 等程序打开，请关闭后重试"
    if isinstance(exc, FileNotFoundError):
        return "文件或文件夹不存在，请检查位置"
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹，请选择文件"
    reasons = {errno.ENOSPC: "磁盘空间不足，请腾出空间后重试", errno.EDQUOT: "磁盘配额已用完，请腾出空间后重试",
               errno.EROFS: "该位置只读（如光盘或受保护的文件夹），请换一个位置",
               errno.ENOTDIR: "路径中有一段不是文件夹，请检查位置", errno.ENAMETOOLONG: "文件名过长，请改短",
               errno.EIO: "磁盘读写出错，请换一个位置或检查磁盘"}
    return reasons.get(exc.errno) or f"系统提示：{exc.strerror or exc}"


def is_read_only(path: Path) -> bool:
    """The file exists and carries no write permission (on Windows: its 只读 attribute is set)."""
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def check_target(path: Path) -> None:
    """Refuse, before any work, an output path that cannot be written: no folder, a folder, a read-only file."""
    path = Path(path)
    if path.is_dir():
        raise SaveError(f"{path} 是一个文件夹，请换一个文件名")
    parent = path.parent
    if not parent.is_dir():
        raise SaveError(f"{parent} 不是文件夹，无法在其中保存 {path.name}" if parent.exists()
                        else f"文件夹不存在：{parent}")
    if is_read_only(path) and not _READ_ONLY_ALLOWED.get():
        raise ReadOnlyTarget(f"{path} 是只读文件，未覆盖。确需覆盖时请先取消其只读属性（命令行可加 --force）")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def replacing(path: Path, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a temporary path beside ``path`` to write; when the block ends, put it in ``path``'s place at once.

    The target is checked first (``check_target``). The finished file is flushed to disk and given the
    permissions the file it replaces had, or those of an ordinary new file (mkstemp makes it private, which would
    lock colleagues out of a workbook on a shared folder), then renamed over ``path``, one atomic step on one
    volume. On any failure the temporary file is removed and ``path`` is left as it was; a failure of the disk or
    the folder (full, gone, no permission) comes out as SaveError with the reason in Chinese.
    """
    path = Path(path)
    check_target(path)
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=suffix)
    except OSError as exc:
        raise SaveError(f"无法保存 {path}：{reason(exc)}") from None
    os.close(fd)
    tmp = Path(name)
    try:
        try:
            yield tmp
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            try:
                mode = stat.S_IMODE(path.stat().st_mode)
            except FileNotFoundError:
                mode = 0o666 & ~_umask()
            if mode & stat.S_IWUSR == 0:  # a read-only target the clerk chose to replace
                os.chmod(path, mode | stat.S_IWUSR)  # Windows refuses to rename over a read-only file
            os.chmod(tmp, mode)
            os.replace(tmp, path)
        except SaveError:
            raise
        except OSError as exc:
            raise SaveError(f"无法保存 {path}（{reason(exc)}）；原文件未改动") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_json_atomic(path: Path, data: Any) -> None:
    """Write next to the target, then rename over it: a crash or a full disk never leaves half a file."""
    with replacing(path) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def save_workbook(workbook, path) -> Path:
    """Save an openpyxl workbook next to the target, then rename over it. A target open in Excel, WPS or
    LibreOffice, a folder, a missing folder, a read-only file, no permission or a full disk is a SaveError,
    nothing lost.

    When saving fails, the row writers of a write-only workbook are closed here, so that the garbage collector
    does not later print their complaint about a closed file ("Exception ignored ... Traceback") to the clerk.
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise SaveError(f"{path}：工作簿文件名应以 .xlsx 结尾")
    # Owner files beside an open workbook (WPS and Excel for short names, LibreOffice). Excel on Windows holds
    # the file itself, so the rename below is refused there and reported the same way.
    for lock in (path.with_name(f"~${path.name}"), path.with_name(f".~lock.{path.name}#")):
        if lock.exists():
            raise SaveError(f"{path} 正在被 Excel、WPS 或其他程序打开，请先关闭该文件再保存（原文件未改动）")
    try:
        with replacing(path, ".xlsx.tmp") as tmp:
            workbook.save(tmp)
    except BaseException:
        for ws in workbook.worksheets:
            rows = getattr(ws, "_rows", None)
            if rows is not None:
                try:
                    rows.close()
                except Exception:  # noqa: BLE001 - it complains about the file already closed: that is the point
                    pass
        raise
    return path


def page_setup(ws, *, landscape: bool = True, pages_wide: int = 1, pages_tall: int = 0, title_rows: str = "",
               title_cols: str = "") -> None:
    """How a workbook sheet prints, the same for every workbook the program writes: A4, landscape or portrait,
    fitted ``pages_wide`` across (0: not fitted) and ``pages_tall`` down (0: as many pages as it needs), with
    ``title_rows`` ("1:1") and ``title_cols`` ("A:B") repeated on every page. Works on write-only sheets too."""
    ws.page_setup.paperSize = "9"  # A4 (openpyxl's PAPERSIZE_A4)
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if pages_wide:
        ws.page_setup.fitToWidth = pages_wide
        ws.page_setup.fitToHeight = pages_tall
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols

