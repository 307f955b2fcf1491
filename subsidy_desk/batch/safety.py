"""Refusing hostile workbooks before openpyxl parses them: macros, zip bombs, XML entity bombs.

An .xlsx is a zip of XML files. The zip directory states each member's uncompressed size; Python's zipfile never
returns more than that size for a member (a member that inflates further fails its CRC check), so summing the stated
sizes bounds the memory and time any later parse can take. XML entity declarations have no place in an .xlsx: a
DOCTYPE is refused here, and defusedxml (which openpyxl uses when it is installed) refuses entities again as a second
line of defence.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

MAX_UNCOMPRESSED = 50 * 1024 * 1024  # far above any real list of 20,000 rows (about 10 MB)
MAX_MEMBERS = 2000
PROLOG_BYTES = 64 * 1024
MACRO_SUFFIXES = {".xlsm", ".xltm", ".xlam"}
OLD_SUFFIXES = {".xls", ".xlsb", ".et", ".csv"}


class WorkbookRefused(Exception):
    """The file is not read at all; the message (Chinese) says why and what to do."""


def check_archive(path: Path) -> list[str]:
    """Refuse what must not be opened; return notes on what will be ignored (macros)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise WorkbookRefused(f"“{path.name}”是启用宏的工作簿（{suffix}），为安全起见不予导入；请另存为 .xlsx（Excel 工作簿）后再导入")
    if suffix in OLD_SUFFIXES:
        raise WorkbookRefused(f"“{path.name}”不是 .xlsx 格式；请在 Excel 或 WPS 中另存为 .xlsx（Excel 工作簿）后再导入")
    if not path.is_file():
        raise WorkbookRefused(f"文件“{path}”不存在")
    if not zipfile.is_zipfile(path):
        raise WorkbookRefused(f"“{path.name}”不是有效的 .xlsx 文件（可能已损坏或是其他格式）")
    notes = []
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise WorkbookRefused(f"“{path.name}”内部文件数异常（{len(members)} 个），不予导入")
            total = sum(m.file_size for m in members)
            if total > MAX_UNCOMPRESSED:
                raise WorkbookRefused(f"“{path.name}”解压后达 {total / 1024 / 1024:.0f} MB，超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB "
                                      "上限（可能是恶意构造的压缩炸弹）；正常名单请分成几个文件导入")
            names = {m.filename for m in members}
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                notes.append("文件中的宏已忽略，未执行")
            if "[Content_Types].xml" not in names:
                raise WorkbookRefused(f"“{path.name}”不是有效的 .xlsx 文件（缺少 [Content_Types].xml）")
            if not notes and b"macroEnabled" in archive.read("[Content_Types].xml"):  # size already bounded
                notes.append("文件声明为启用宏的工作簿，宏已忽略，未执行")
            for m in members:
                if m.filename.lower().endswith((".xml", ".rels", ".vml")):
                    with archive.open(m) as fh:
                        head = fh.read(PROLOG_BYTES)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise WorkbookRefused(f"“{path.name}”含有 XML 实体声明（{m.filename}），可能是恶意构造的文件，不予导入")
    except zipfile.BadZipFile as exc:
        raise WorkbookRefused(f"“{path.name}”已损坏，无法读取（{exc}）") from None
    return notes
