"""Is a ledger's content consistent? Asked of a backup before it is restored, so a file edited by hand (a payment
raised, an approval by someone who was no reviewer, a status without its steps) never becomes the office's ledger.

The history is replayed from the first row: who held which role when (授权, 停用), and each case's status step by
step. The first inconsistency found is named in Chinese; None means the content is whole.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from ..case import parse_case
from ..measures.registry import measure
from ..measures.result import stored_rows
from .claims import claim_key, normalise


def _fen(amount) -> int | None:
    return None if amount is None else int(Decimal(str(amount)) * 100)


def _money(text) -> int | None:
    """A history row's amount as shown ('28,366.67') in fen."""
    return None if text is None else _fen(str(text).replace(",", ""))


def _local_day(stamp: str) -> date:
    return datetime.fromisoformat(stamp).astimezone().date()


def _result_rows(case, result_json: str | None):
    """What the claim key needs of a stored result: its rows (a loan's first and last period dates), read back by
    the measure's declared columns."""
    if not result_json:
        return None
    rows = json.loads(result_json).get("rows") or []
    return SimpleNamespace(rows=stored_rows(measure(case.kind).columns, rows))


def first_inconsistency(tables: dict[str, list[dict]]) -> str | None:
    cases = {c["id"]: c for c in tables.get("cases", [])}
    versions = {(v["case_id"], v["version"]): v for v in tables.get("case_versions", [])}
    payments = {p["case_id"]: p for p in tables.get("payments", [])}
    for case_id, c in sorted(cases.items()):
        v = versions.get((case_id, c["version"]))
        if v is None:
            return f"台账第 {case_id} 号没有第 {c['version']} 版的计算记录"
        if v["total_fen"] != c["total_fen"]:
            return f"台账第 {case_id} 号的金额与其第 {c['version']} 版的计算金额不一致"
        for (vid, number), each in versions.items():
            if vid == case_id and each["result_json"] and _fen(json.loads(each["result_json"]).get("total")) != each["total_fen"]:
                return f"台账第 {case_id} 号第 {number} 版的金额与其计算结果不一致"
        try:
            case = parse_case(json.loads(v["case_json"]))
            key = claim_key(case, _result_rows(case, v["result_json"]))
        except Exception:  # noqa: BLE001 - any unreadable case is an inconsistency to name, not a crash
            key = None
        if key != c["claim_key"]:
            return f"台账第 {case_id} 号的查重键与案例内容不符（记录为 {c['claim_key']}，按案例应为 {key or '无法生成'}）"
        paid = payments.get(case_id)
        if paid is not None and paid.get("doc_key") != normalise(paid["doc_no"]):
            return f"台账第 {case_id} 号的拨付凭证号 {paid['doc_no']} 与其比较键不符"
        if c["status"] == "已拨付":
            if paid is None:
                return f"台账第 {case_id} 号状态为已拨付，却没有拨付记录"
            if paid["amount_fen"] != c["approved_total_fen"]:
                return f"台账第 {case_id} 号的拨付金额与审定金额不一致"
            if date.fromisoformat(str(paid["paid_on"])) < _local_day(c["approved_at"]):
                return f"台账第 {case_id} 号的拨付日期早于审核日期"
        elif paid is not None:
            return f"台账第 {case_id} 号有拨付记录，状态却为“{c['status']}”"
        if c["status"] in ("已审核", "已拨付"):
            if not c["approved_by"] or c["approved_by"] == c["created_by"]:
                return f"台账第 {case_id} 号的审核人缺失或就是登记人"
            if c["approved_total_fen"] != c["total_fen"]:
                return f"台账第 {case_id} 号的审定金额与计算金额不一致"
    return _replay(tables.get("history", []), cases, tables.get("users", []))


def _reviewer_then(users: list[dict], name: str, at: str) -> bool:
    """From the users table (a ledger from before grants were recorded in the history): did ``name`` hold 审核
    at ``at``?"""
    return any(u["name"] == name and u["role"] == "审核" and u["granted_at"] <= at
               and (u.get("revoked_at") is None or u["revoked_at"] > at) for u in users)


def _replay(history: list[dict], cases: dict[int, dict], users: list[dict]) -> str | None:
    """Walk the history in order: each case's statuses chain from 登记 to its stored status, each approval by a
    holder of 审核 at that moment who neither entered nor computed the case."""
    recorded = any(r["action"] == "授权" for r in history)
    held: dict[str, set[str]] = {}
    status: dict[int, str | None] = {}
    computed_by: dict[int, str] = {}
    approver: dict[int, str] = {}
    for row in sorted(history, key=lambda r: r["id"]):
        detail = json.loads(row["detail"])
        user, action, case_id = row["user_name"], row["action"], row["case_id"]
        if action == "授权":
            held.setdefault(detail.get("用户"), set()).add(detail.get("角色"))
            continue
        if action == "停用":
            held.get(detail.get("用户"), set()).discard(detail.get("角色"))
            continue
        if case_id is None:
            continue
        if case_id not in cases:
            return f"历史记录第 {row['id']} 行指向不存在的台账第 {case_id} 号"
        step = detail.get("状态")
        if step is not None:
            before, after = step
            if status.get(case_id) != before:
                return (f"台账第 {case_id} 号的历史不连贯：第 {row['id']} 行“{action}”从“{before or '—'}”开始，"
                        f"此前状态为“{status.get(case_id) or '—'}”")
            status[case_id] = after
        if action in ("登记", "重新计算"):
            computed_by[case_id] = user
        if action == "审核通过":
            reviewer = "审核" in held.get(user, set()) if recorded else _reviewer_then(users, user, row["at"])
            if not reviewer:
                return f"台账第 {case_id} 号由 {user} 审核（历史第 {row['id']} 行），当时此人没有“审核”角色"
            if user in (cases[case_id]["created_by"], computed_by.get(case_id)):
                return f"台账第 {case_id} 号由登记或计算它的 {user} 本人审核（历史第 {row['id']} 行）"
            approver[case_id] = user
            if _money(detail.get("审定金额")) != cases[case_id]["approved_total_fen"] and cases[case_id]["status"] in (
                    "已审核", "已拨付"):
                return f"台账第 {case_id} 号的审定金额与审核历史记录（第 {row['id']} 行）不一致"
    for case_id, c in sorted(cases.items()):
        if status.get(case_id) != c["status"]:
            return (f"台账第 {case_id} 号状态为“{c['status']}”，历史记录却只到“{status.get(case_id) or '—'}”"
                    "（缺少通向这一状态的历史）")
        if c["status"] in ("已审核", "已拨付") and approver.get(case_id) != c["approved_by"]:
            return f"台账第 {case_id} 号的审核人 {c['approved_by']} 与历史记录中的审核人不一致"
    return None
