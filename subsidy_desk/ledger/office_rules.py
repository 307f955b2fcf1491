"""The office's rules, kept in the ledger: one published rule set at a time, versioned, every clerk computes with it.

A rule set is what a PC's overrides file holds (the county's own rule values and LPR months, format
``subsidy-desk/overrides@1``) plus the office's name, published by a 审核 with its document and note. It is stored
as canonical JSON text, so every PC loading it gets the same rule-set hash (with the same program version). An office
without a server moves it between PCs as one file (``subsidy-desk/office-rules@1``), its hash shown on both sides.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .database import LedgerError

FILE_FORMAT = "subsidy-desk/office-rules@1"


@dataclass(frozen=True)
class OfficeRules:
    version: int
    overrides: str        # canonical JSON text of an overrides@1 file
    office_name: str
    rules_hash: str       # the rule set's hash as the publishing program loaded it
    document: str
    note: str
    published_by: str
    published_at: str

    def rule_set(self):
        from ..rules.load import load_rules

        return load_rules(office=self)

    def to_file(self) -> dict:
        return {"format": FILE_FORMAT, "version": self.version, "office_name": self.office_name,
                "document": self.document, "note": self.note, "published_by": self.published_by,
                "published_at": self.published_at, "hash": self.rules_hash,
                "overrides": json.loads(self.overrides)}


def canonical(overrides: dict) -> str:
    """One text for one rule set: sorted keys, no spacing choices, so the hash does not depend on who typed it."""
    return json.dumps(overrides, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def read_overrides(path: Path) -> dict:
    """An overrides file (what ``ledger rules publish`` takes), checked to load with the shipped rules."""
    from ..rules.load import OVERRIDES_FORMAT
    from ..rules.model import RuleError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LedgerError(f"无法读取规则文件 {path}：{exc}") from None
    if not isinstance(data, dict) or data.get("format") != OVERRIDES_FORMAT:
        raise LedgerError(f"{path} 不是本地规则调整文件（应为 {OVERRIDES_FORMAT}）")
    try:
        check(data)
    except RuleError as exc:
        raise LedgerError(f"规则文件 {path} 有误：{exc}") from None
    return data


def check(overrides: dict):
    """Load the rules with ``overrides`` (RuleError names any problem); return the rule set."""
    from ..rules.load import load_rules

    probe = OfficeRules(0, canonical(overrides), "", "", "", "", "", "")
    return load_rules(office=probe)


def read_file(path: Path) -> dict:
    """An exported office rule set: the overrides, office name, document, note, and the hash it had."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LedgerError(f"无法读取本单位规则文件 {path}：{exc}") from None
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
        raise LedgerError(f"{path} 不是本单位规则文件（应为 {FILE_FORMAT}）")
    for key in ("overrides", "hash", "document", "note"):
        if key not in data:
            raise LedgerError(f"本单位规则文件 {path} 缺少 {key}")
    return data
