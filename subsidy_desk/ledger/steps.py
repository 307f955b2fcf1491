"""What may happen next to a ledger entry: one table of statuses and steps, asked by the data layer and the window.

Each step names the statuses it starts from, the status it leaves, the role it needs and whether four eyes apply
(whoever entered the case or computed its current version may not take it). ``allowed_actions(entry, user, roles)``
answers "which buttons may this clerk press for this entry"; the data layer refuses anything else with the same
reasons (``refusal``), and on PostgreSQL the database's guards (``migrations/guards.py``) enforce the same table,
which ``tests/ledger/test_steps.py`` cross-checks.
"""
from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("草稿", "已计算", "已打印", "已审核", "已拨付", "已退回")
ROLES = ("经办", "审核", "财务")


@dataclass(frozen=True)
class Step:
    name: str          # the method / button: recompute, print, approve, send_back, pay
    label: str         # what the clerk reads
    history: str       # the history row's action
    sources: tuple[str, ...]
    target: str | None  # None: the status stays (printing again)
    role: str
    four_eyes: bool = False


STEPS: dict[str, Step] = {s.name: s for s in (
    Step("recompute", "重新计算", "重新计算", ("草稿", "已计算", "已打印", "已退回"), "已计算", "经办"),
    Step("print", "打印", "打印", ("已计算", "已打印"), "已打印", "经办"),
    Step("approve", "审核通过", "审核通过", ("已计算", "已打印"), "已审核", "审核", four_eyes=True),
    Step("send_back", "退回", "退回", ("已计算", "已打印", "已审核"), "已退回", "审核"),
    Step("pay", "登记拨付", "拨付", ("已审核",), "已拨付", "财务"),
)}
EDITABLE = STEPS["recompute"].sources


def refusal(step: str, entry, user: str, roles: set[str], computed_by: str | None = None) -> str | None:
    """Why ``user`` (holding ``roles``) may not take ``step`` on ``entry`` now, in Chinese; None when they may."""
    s = STEPS[step]
    if s.role not in roles:
        return f"用户 {user} 没有“{s.role}”角色，不能{s.label}"
    if entry.status not in s.sources:
        return (f"台账第 {entry.id} 号状态为“{entry.status}”，不能{s.label}"
                f"（只有{'、'.join(s.sources)}的案例可以）")
    if s.four_eyes and user in (entry.created_by, computed_by or entry.computed_by):
        return f"双人复核：台账第 {entry.id} 号由 {user} 登记或计算，须由另一位审核人员审核"
    return None


def allowed_actions(entry, user: str, roles: set[str]) -> set[str]:
    """The steps ``user`` may take on ``entry``: what the window enables."""
    return {name for name in STEPS if refusal(name, entry, user, roles) is None}
