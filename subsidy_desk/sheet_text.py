"""Text written into a workbook cell: always text, never a formula, every character visible.

openpyxl turns any string that starts with "=" into a formula and "#N/A" and the like into error values, and
refuses a string holding a control character (IllegalCharacterError), which used to break an export for good on
one stored name. Every workbook this program writes (results, error lists, summaries, the ledger, templates,
worksheets) puts its text through ``put`` or ``value``, so a name such as ``=cmd|' /C calc'!A0`` is shown as typed
and never runs, and a stored control character is shown as its symbol (U+0001 as ␁) instead of failing the file.
Excel never evaluates a text cell, so a leading +, - or @ is harmless once the cell is text.
"""
from __future__ import annotations

import re
from typing import Any

MAX_CELL = 32767  # characters a cell holds in Excel
# What XML 1.0 (and so a workbook) cannot carry: C0 controls but tab and line breaks, lone surrogates, U+FFFE/FFFF.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"))


def _shown(match: re.Match) -> str:
    ch = match[0]
    return chr(0x2400 + ord(ch)) if ord(ch) < 0x20 else "\ufffd"  # ␀…␟, the Control Pictures; else �


def visible(text: str) -> str:
    """``text`` with every character a workbook cannot hold replaced by a visible stand-in, cut to a cell's size."""
    return _UNWRITABLE.sub(_shown, text)[:MAX_CELL]


def put(cell, value: Any) -> None:
    """Set ``cell`` to ``value``; a string is stored as text whatever it starts with."""
    if isinstance(value, str):
        cell.value = visible(value)
        cell.data_type = "s"
    else:
        cell.value = value


def value(ws, item: Any) -> Any:
    """``item`` ready for ``ws.append``: a string openpyxl would read as a formula or an error becomes a text cell.

    Other strings (nearly all) stay plain strings, which openpyxl already stores as text; that keeps a 10,000-row
    export as fast as before.
    """
    if not isinstance(item, str):
        return item
    text = visible(item)
    if text[:1] != "=" and text not in _ERROR_CODES:
        return text
    cell = _text_cell()(ws)
    put(cell, text)
    return cell


def _text_cell():
    """A cell class whose repr needs no position (a write-only sheet formats a cell before it has one)."""
    global _TextCell
    if _TextCell is None:
        from openpyxl.cell import Cell

        class _TextCell(Cell):
            __slots__ = ()

            def __repr__(self) -> str:
                return "<text cell>"
    return _TextCell


_TextCell = None


def row(ws, items) -> list:
    """A whole row for ``ws.append``, each string through ``value``."""
    return [value(ws, item) for item in items]
