"""JSON that arrives from outside (a case file, a backup, overrides), read strictly and in bounded time.

Python's json module, left alone, lets the last of two equal keys win silently, reads NaN and Infinity, turns a
5,000-digit integer into a ValueError that is no JSONDecodeError, and gives RecursionError for arrays nested a few
thousand deep. Here each of those is a JsonRefused with a Chinese sentence, and numbers stay exact (Decimal) and
short, so nothing read can cost more than its size.
"""
from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

MAX_NUMBER = 40  # characters of a number written in JSON; bounded again, field by field, by money.py
MAX_BYTES = 64 * 1024 * 1024  # a ledger backup of many thousand cases fits; a case file is a few KB


class JsonRefused(ValueError):
    """The text is not read; the message (Chinese) says what is wrong and where, when known. ``malformed``: it is
    not JSON at all (rather than JSON this program refuses)."""

    malformed = False


def _pairs(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise JsonRefused(f"键“{key[:40]}”出现了两次（只能出现一次，否则不知以哪个为准）")
        out[key] = value
    return out


def _number(text: str) -> Decimal | int:
    if len(text) > MAX_NUMBER:
        raise JsonRefused(f"数字过长（{len(text)} 位），请检查")
    return Decimal(text)


def _integer(text: str) -> int:
    if len(text) > MAX_NUMBER:
        raise JsonRefused(f"数字过长（{len(text)} 位），请检查")
    return int(text)


def _constant(name: str):
    raise JsonRefused(f"{name} 不是有效数字")


def loads(text: str | bytes) -> Any:
    """Parse JSON text; JsonRefused (a ValueError) on anything malformed, ambiguous or unbounded.

    Decimal numbers come back as Decimal (never float), integers as int.
    """
    if len(text) > MAX_BYTES:
        raise JsonRefused(f"文件过大（{len(text) // 1024 // 1024} MB）")
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_float=_number, parse_int=_integer,
                          parse_constant=_constant)
    except JsonRefused:
        raise
    except json.JSONDecodeError as exc:
        refused = JsonRefused(f"不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）")
        refused.malformed = True
        raise refused from None
    except RecursionError:
        raise JsonRefused("嵌套层数过深，不是本程序写出的文件") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise JsonRefused(f"不是有效的 JSON（{exc}）") from None
