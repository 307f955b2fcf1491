"""The ledger (台账): every case kept with each computed version, reviewed by a second clerk, paid once.

Every change is one database transaction that also appends its history row, so a crash leaves either the whole
change or none of it. The rules are enforced here and in the database, never only by the window:

- roles 经办 (enter, compute, print), 审核 (approve, send back, grant), 财务 (record payment), from the ``users``
  table; the first grant of a new ledger names a 审核 (else nobody could ever grant 审核 or approve), and a clerk
  who left is 停用 (the row stays, with who stopped it and when);
- what may happen next is the one table of ``steps.py``, which the window asks too;
- approving and paying recompute the case from its stored inputs and rules and refuse a total that differs by a
  fen, or a claim key that is not the case's (a login on PostgreSQL can write rows the program never computed);
- four eyes: whoever entered a case, or computed its current version, cannot approve it (the entrant also by a
  CHECK constraint);
- a status change is a conditional UPDATE (``WHERE status IN ...``), so two clerks acting at once cannot both win;
- only an approved case can be paid, once (the payment's primary key is the case), for exactly the approved total;
- the same claim twice is refused by a UNIQUE constraint on the claim key, naming the earlier case;
- history rows and stored versions cannot be changed or deleted (triggers).

On PostgreSQL, where each clerk is a database login that could send its own SQL, the database enforces the same
rules again (triggers of revision 0003, ``migrations/guards.py``) and refuses any change without its history row;
on SQLite (one PC, no logins) this data layer is what enforces them.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, Callable, Iterable

import sqlalchemy as sa

from .. import __version__
from ..case import Case, compute, parse_case
from ..measures.registry import titles
from ..readings import check_claim
from ..money import FEN, to_fen
from ..office import default_user
from . import database
from .claims import claim_key, key_text, normalise
from .database import LedgerError
from .impact import Impact
from .office_rules import OfficeRules, canonical
from .schema import ROLES, case_versions, cases, history, office_rules, payments, users
from .steps import EDITABLE, STEPS, refusal

FIRST_ROLE = "审核"
INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL: the guards' refusals (migrations/guards.py) and missing GRANTs


class Forbidden(LedgerError):
    """A step the user's role or the case's status does not allow."""


class DuplicateClaim(LedgerError):
    def __init__(self, earlier_id: int, message: str):
        super().__init__(message)
        self.earlier_id = earlier_id


def fen_of(amount: Decimal | None) -> int | None:
    if amount is None:
        return None
    if to_fen(amount) != amount:
        raise LedgerError(f"金额 {amount} 不是精确到分的金额")
    return int(amount / FEN)


def yuan_of(fen: int | None) -> Decimal | None:
    return None if fen is None else (Decimal(fen) * FEN).quantize(FEN)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Entry:
    """One ledger line: a case's current state (with its payment, if any)."""

    id: int
    kind: str
    title: str
    applicant_name: str
    credit_code: str
    county: str
    status: str
    return_reason: str | None
    version: int
    total: Decimal | None
    created_by: str
    created_at: str
    approved_by: str | None
    approved_total: Decimal | None
    paid_on: date | None
    paid_amount: Decimal | None
    doc_no: str | None
    claim_key: str
    computed_by: str | None = None
    approved_at: str | None = None

    @property
    def kind_title(self) -> str:
        return titles().get(self.kind, self.kind)

    @property
    def created_on(self) -> date:
        return datetime.fromisoformat(self.created_at).astimezone().date()


@dataclass(frozen=True)
class Version:
    number: int
    case: Case
    result: dict | None
    explanation: str | None
    total: Decimal | None
    rule_version: str | None
    rule_hash: str | None
    computed_by: str
    computed_at: str
    program_version: str


@dataclass(frozen=True)
class Event:
    id: int
    case_id: int | None
    at: str
    user: str
    action: str
    detail: dict
    program_version: str

    def describe(self) -> str:
        parts = []
        for key, value in self.detail.items():
            if isinstance(value, list) and len(value) == 2:
                parts.append(f"{key}：{value[0] or '—'} → {value[1]}")
            else:
                parts.append(f"{key}：{value}")
        return "；".join(parts)


def _version_row(case: Case, result, number: int, user: str, check=None) -> dict:
    """A stored version: the case, its result and — when the case states a claimed amount — the claim checked
    against the result (readings.Check, kept in the result's JSON as ``claim_check``), so that both figures and the
    reason they differ stay with the version that was approved."""
    data = {"version": number, "case_json": json.dumps(case.to_json(), ensure_ascii=False, sort_keys=True),
            "computed_by": user, "computed_at": now(), "program_version": __version__,
            "result_json": None, "explanation": None, "total_fen": None, "rule_version": None, "rule_hash": None}
    if result is not None:
        stored = result.to_json()
        if check is not None:
            stored["claim_check"] = check.to_json()
        data.update(result_json=json.dumps(stored, ensure_ascii=False, sort_keys=True),
                    explanation=result.explanation_text(), total_fen=fen_of(result.total),
                    rule_version=result.rule_set.get("version"), rule_hash=result.rule_set.get("hash"))
    return data


class Ledger:
    """A ledger database opened as one user. ``url`` None is the SQLite file in the user's data folder.

    On PostgreSQL the user is the database login (``session_user``, as in the database's own checks); ``user`` may
    only repeat it. On SQLite it is ``user``, else ``$SUBSIDY_DESK_USER``, else the name set in the program.
    """

    def __init__(self, url: str | None = None, user: str | None = None):
        self.url = url or database.default_url()
        self.engine = database.open_engine(self.url)
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                login = conn.scalar(sa.text("SELECT session_user"))
            if user and user != login:
                self.engine.dispose()
                raise LedgerError(f"PostgreSQL 台账的用户就是数据库登录名（{login}），不能另指定用户 {user}")
            user = login
        self.user = (user or default_user()).strip()
        if not self.user:
            self.engine.dispose()
            raise LedgerError("请先填写您的姓名（设置 → 本单位 → 经办人，或命令行 --user 姓名）：台账用它记录谁做了什么，"
                              "申请表上的经办人也是它")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def _write(self):
        """One transaction; a refusal by the database's own guards (PostgreSQL, SQLSTATE 42501: a trigger of
        revision 0003 or a missing GRANT) comes back as ``Forbidden`` in Chinese. Normally the data layer's checks
        refuse first; the database's guard is for whatever gets past them."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except sa.exc.DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
                raise
            message = exc.orig.diag.message_primary or str(exc.orig)
            if not message.startswith("数据库拒绝"):  # a missing GRANT: PostgreSQL's own English message
                message = f"数据库拒绝：登录用户 {self.user} 没有这一步所需的数据库权限（{message}），请联系台账管理员"
            raise Forbidden(message) from None

    # --- users and roles -------------------------------------------------------------------------------------

    def roles(self, name: str | None = None) -> set[str]:
        """The roles ``name`` (default: this user) holds now; a 停用 role is not held."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(users.c.role).where(users.c.name == (name or self.user),
                                                              users.c.revoked_at.is_(None))).scalars()
            return set(rows)

    def users(self) -> dict[str, set[str]]:
        """Every clerk holding a role now, with their roles."""
        out: dict[str, set[str]] = {}
        for grant in self.grants():
            if grant.revoked_at is None:
                out.setdefault(grant.name, set()).add(grant.role)
        return out

    def grants(self) -> list["Grant"]:
        """Every grant ever made, 停用 ones included (the window's 人员与角色 list)."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(users).order_by(users.c.name, users.c.role)).all()
        return [Grant(r.name, r.role, r.granted_by, r.granted_at, r.revoked_by, r.revoked_at) for r in rows]

    def is_new(self) -> bool:
        """No role granted yet: the ledger must first be given its reviewer (审核)."""
        with self.engine.connect() as conn:
            return not conn.scalar(sa.select(sa.func.count()).select_from(users))

    def grant(self, name: str, role: str) -> None:
        """Give ``name`` a role (again, if it was 停用); recorded in the history with who granted it.

        The first grant in an empty ledger is free (setting it up) and must name a reviewer (审核): a first grant
        of 经办 or 财务 would leave nobody able to grant 审核, and nothing could ever be approved. After that only
        a reviewer grants, and never to themselves, so that nobody can give themselves the right to approve or pay.
        """
        if role not in ROLES:
            raise LedgerError(f"未知角色 {role}，应为 {'、'.join(ROLES)}")
        name = name.strip()
        if not name:
            raise LedgerError("用户名不能为空")
        with self._write() as conn:
            row = conn.execute(sa.select(users.c.revoked_at).where(users.c.name == name, users.c.role == role)).first()
            if row is not None and row.revoked_at is None:
                return
            if conn.scalar(sa.select(sa.func.count()).select_from(users)):
                self._require(conn, "审核", "授予角色")
                if name == self.user:
                    raise Forbidden(f"用户 {self.user} 不能给自己授予角色，请另一位审核人员授权")
            elif role != FIRST_ROLE:
                raise Forbidden(f"新台账的第一个角色必须是“{FIRST_ROLE}”：先指定审核人员（由他再给经办、财务人员授权）。"
                                f"若先授予“{role}”，就再也没有人能授予审核角色，任何案例都无法审核")
            if row is None:
                conn.execute(users.insert().values(name=name, role=role, granted_by=self.user, granted_at=now()))
            else:
                conn.execute(users.update().where(users.c.name == name, users.c.role == role).values(
                    granted_by=self.user, granted_at=now(), revoked_by=None, revoked_at=None))
            self._log(conn, None, "授权", {"用户": name, "角色": role})

    def revoke(self, name: str, role: str) -> None:
        """停用: ``name`` no longer holds ``role`` (a clerk who left). The grant stays, marked with who stopped it
        and when, and a history row records it; nothing is deleted. A reviewer stops others' roles, never their
        own, so the office always keeps a reviewer."""
        with self._write() as conn:
            self._require(conn, "审核", "停用角色")
            if name == self.user:
                raise Forbidden(f"用户 {self.user} 不能停用自己的角色，请另一位审核人员操作")
            held = conn.scalar(sa.select(users.c.name).where(users.c.name == name, users.c.role == role,
                                                             users.c.revoked_at.is_(None)))
            if not held:
                raise LedgerError(f"用户 {name} 现在没有“{role}”角色")
            conn.execute(users.update().where(users.c.name == name, users.c.role == role).values(
                revoked_by=self.user, revoked_at=now()))
            self._log(conn, None, "停用", {"用户": name, "角色": role})

    def _require(self, conn, role: str, doing: str) -> None:
        ok = conn.scalar(sa.select(users.c.name).where(users.c.name == self.user, users.c.role == role,
                                                       users.c.revoked_at.is_(None)))
        if not ok:
            raise Forbidden(f"用户 {self.user} 没有“{role}”角色，不能{doing}")

    def _log(self, conn, case_id: int | None, action: str, detail: dict) -> None:
        conn.execute(history.insert().values(case_id=case_id, at=now(), user_name=self.user, action=action,
                                             detail=json.dumps(detail, ensure_ascii=False),
                                             program_version=__version__))

    # --- entering and computing ------------------------------------------------------------------------------

    def add(self, case: Case, result=None, rules=None, draft: bool = False) -> int:
        """Store a case (computing it unless ``result`` is given or it is a draft); return its ledger id."""
        return self.add_many([(case, result)], rules=rules, draft=draft)[0]

    def add_many(self, items: Iterable[tuple[Case, Any]], rules=None, draft: bool = False,
                 progress: Callable[[int, int], bool | None] | None = None) -> list[int]:
        """Store many cases in one transaction: all of them, or (on any refusal, cancel or crash) none.

        ``items`` are (case, result or None) pairs; None is computed with ``rules`` (the current rules when not
        given) unless ``draft``. ``progress(done, total)`` may return False to cancel, rolling everything back.
        """
        items = list(items)
        prepared = []
        for n, (case, result) in enumerate(items, start=1):
            if (result is None and not draft) or (result is not None and case.claim):
                if rules is None:
                    rules = self.rules()
                result = compute(case, rules) if result is None else result
            check = check_claim(case, rules, result) if result is not None else None
            prepared.append((case, result, claim_key(case, result), check))
        keys = [k for _, _, k, _ in prepared]
        if len(set(keys)) != len(keys):
            seen: dict[str, int] = {}
            for n, k in enumerate(keys, start=1):
                if k in seen:
                    raise DuplicateClaim(0, f"第 {n} 条与第 {seen[k]} 条是同一申请（{key_text(k)}），整批未登记")
                seen[k] = n
        ids: list[int] = []
        try:
            with self._write() as conn:
                self._require(conn, "经办", "登记案例")
                for n, (case, result, key, check) in enumerate(prepared, start=1):
                    ids.append(self._insert(conn, case, result, key, check))
                    if progress is not None and progress(n, len(prepared)) is False:
                        raise _Cancelled
        except _Cancelled:
            return []
        except sa.exc.IntegrityError:
            self._raise_duplicate(keys, len(prepared) > 1)
            raise
        return ids

    def _insert(self, conn, case: Case, result, key: str, check=None) -> int:
        status = "草稿" if result is None else "已计算"
        version = _version_row(case, result, 1, self.user, check)
        case_id = conn.execute(cases.insert().values(
            kind=case.kind, title=case.title, applicant_name=case.applicant.get("name") or "",
            credit_code=case.applicant.get("credit_code") or "", county=case.applicant.get("county") or "",
            claim_key=key, status=status, version=1, total_fen=version["total_fen"], created_by=self.user,
            created_at=version["computed_at"]).returning(cases.c.id)).scalar_one()
        conn.execute(case_versions.insert().values(case_id=case_id, **version))
        self._log(conn, case_id, "登记", {"状态": [None, status], "金额": _money_text(version["total_fen"]),
                                        **claim_words(check and check.to_json()),
                                        "规则集": version["rule_version"], "查重键": key})
        return case_id

    def _raise_duplicate(self, keys: list[str], batch: bool) -> None:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(cases.c.id, cases.c.claim_key, cases.c.status, cases.c.applicant_name)
                                .where(cases.c.claim_key.in_(keys))).all()
        if rows:
            row = min(rows, key=lambda r: r.id)
            where = f"第 {keys.index(row.claim_key) + 1} 条" if batch else "此申请"
            tail = "，整批未登记" if batch else ""
            raise DuplicateClaim(row.id, f"重复申请：{where}已登记为台账第 {row.id} 号（{row.applicant_name}，"
                                         f"{row.status}；{key_text(row.claim_key)}）{tail}")

    def recompute(self, case_id: int, case: Case, result=None, rules=None) -> int:
        """Store a corrected or recomputed case as a new version (the old one stays); return its number."""
        if result is None:
            rules = rules or self.rules()
            result = compute(case, rules)
        check = None
        if case.claim:
            check = check_claim(case, rules or self.rules(), result)
        key = claim_key(case, result)
        try:
            with self._write() as conn:
                entry = self._entry(conn, case_id)
                self._check(conn, "recompute", entry)
                if case.kind != entry.kind:
                    raise LedgerError(f"台账第 {case_id} 号是{entry.kind_title}，不能改为{titles()[case.kind]}")
                number = entry.version + 1
                version = _version_row(case, result, number, self.user, check)
                done = conn.execute(cases.update().where(
                    cases.c.id == case_id, cases.c.version == entry.version, cases.c.status.in_(EDITABLE)).values(
                    title=case.title, applicant_name=case.applicant.get("name") or "",
                    credit_code=case.applicant.get("credit_code") or "", county=case.applicant.get("county") or "",
                    claim_key=key, status="已计算", return_reason=None, version=number,
                    total_fen=version["total_fen"])).rowcount
                if done != 1:
                    raise Forbidden(f"台账第 {case_id} 号刚被他人修改，请刷新后重试")
                conn.execute(case_versions.insert().values(case_id=case_id, **version))
                self._log(conn, case_id, "重新计算", {"版本": [entry.version, number], "状态": [entry.status, "已计算"],
                                                   "金额": [_money_text(entry.total), _money_text(version["total_fen"])],
                                                   **claim_words(check and check.to_json()),
                                                   "规则集": version["rule_version"]})
        except sa.exc.IntegrityError:
            self._raise_duplicate([key], False)
            raise
        return number

    # --- status changes ------------------------------------------------------------------------------------------

    def _transition(self, conn, entry: "Entry", step: str, **values) -> None:
        s = STEPS[step]
        if entry.status not in s.sources:
            raise Forbidden(refusal(step, entry, self.user, {s.role}))
        done = conn.execute(cases.update().where(cases.c.id == entry.id, cases.c.status == entry.status,
                                                 cases.c.version == entry.version)
                            .values(status=s.target, **values)).rowcount
        if done != 1:
            raise Forbidden(f"台账第 {entry.id} 号刚被他人修改，请刷新后重试")

    def roles_in(self, conn) -> set[str]:
        return set(conn.execute(sa.select(users.c.role).where(users.c.name == self.user,
                                                              users.c.revoked_at.is_(None))).scalars())

    def _check(self, conn, step: str, entry: "Entry") -> None:
        """Refuse ``step`` on ``entry`` for this user, by the one table of steps (steps.py)."""
        why = refusal(step, entry, self.user, self.roles_in(conn))
        if why:
            raise Forbidden(why)

    def mark_printed(self, case_id: int) -> None:
        with self._write() as conn:
            entry = self._entry(conn, case_id)
            self._check(conn, "print", entry)
            if entry.status == "已打印":
                self._log(conn, case_id, "打印", {"版本": entry.version})
                return
            self._transition(conn, entry, "print")
            self._log(conn, case_id, "打印", {"状态": [entry.status, "已打印"], "版本": entry.version})

    def approve(self, case_id: int) -> None:
        with self._write() as conn:
            entry = self._entry(conn, case_id)
            self._check(conn, "approve", entry)
            self._verify(conn, entry, entry.total, "审核")
            self._transition(conn, entry, "approve", approved_by=self.user, approved_at=now(),
                             approved_total_fen=fen_of(entry.total))
            self._log(conn, case_id, "审核通过", {"状态": [entry.status, "已审核"], "审定金额": _money_text(entry.total),
                                              **self._claim_words(conn, entry), "版本": entry.version})

    def send_back(self, case_id: int, reason: str) -> None:
        reason = (reason or "").strip()
        if not reason:
            raise LedgerError("退回必须填写原因")
        with self._write() as conn:
            entry = self._entry(conn, case_id)
            self._check(conn, "send_back", entry)
            self._transition(conn, entry, "send_back", return_reason=reason, approved_by=None,
                             approved_at=None, approved_total_fen=None)
            self._log(conn, case_id, "退回", {"状态": [entry.status, "已退回"], "原因": reason})

    def pay(self, case_id: int, paid_on: date, amount: Decimal, doc_no: str) -> None:
        doc_no = (doc_no or "").strip()
        doc_key = normalise(doc_no)
        if not doc_key:
            raise LedgerError("请填写拨付凭证号")
        with self._write() as conn:
            entry = self._entry(conn, case_id)
            self._check(conn, "pay", entry)
            if amount != entry.approved_total:
                raise Forbidden(f"拨付金额 {_money_text(fen_of(amount))} 元与审定金额 "
                                f"{_money_text(fen_of(entry.approved_total))} 元不符")
            approved_on = datetime.fromisoformat(entry.approved_at).astimezone().date()
            if paid_on < approved_on:
                raise LedgerError(f"拨付日期 {paid_on.isoformat()} 早于审核日期 {approved_on.isoformat()}，请核对")
            self._verify(conn, entry, entry.approved_total, "拨付")
            used = conn.execute(sa.select(payments.c.case_id, payments.c.doc_no)
                                .where(payments.c.doc_key == doc_key)).first()
            if used is not None:
                raise Forbidden(f"拨付凭证号 {doc_no} 已用于台账第 {used.case_id} 号（{used.doc_no}；凭证号比较时不分"
                                "大小写、全角半角、空格和连字符）")
            self._transition(conn, entry, "pay")
            conn.execute(payments.insert().values(case_id=case_id, paid_on=paid_on, amount_fen=fen_of(amount),
                                                  doc_no=doc_no, doc_key=doc_key, recorded_by=self.user,
                                                  recorded_at=now()))
            self._log(conn, case_id, "拨付", {"状态": [entry.status, "已拨付"], "拨付日期": paid_on.isoformat(),
                                            "金额": _money_text(fen_of(amount)), **self._claim_words(conn, entry),
                                            "凭证号": doc_no})

    def _claim_words(self, conn, entry: "Entry") -> dict:
        """What was claimed for the version being approved or paid, and why it differs from the approved amount."""
        stored = conn.scalar(sa.select(case_versions.c.result_json).where(
            case_versions.c.case_id == entry.id, case_versions.c.version == entry.version))
        return claim_words(json.loads(stored).get("claim_check") if stored else None)

    def _verify(self, conn, entry: "Entry", total: Decimal | None, doing: str) -> None:
        """Recompute ``entry``'s current version from its stored inputs with the rules it names and refuse to
        approve or pay unless the total (and the amount about to be approved or paid) agree to the fen and the
        claim key is the case's own. The stored figures may have been written by plain SQL, not by this program."""
        row = conn.execute(sa.select(case_versions).where(case_versions.c.case_id == entry.id,
                                                          case_versions.c.version == entry.version)).first()
        if row is None:
            raise Forbidden(f"台账第 {entry.id} 号没有第 {entry.version} 版的计算记录，不能{doing}")
        rules = self._rules_for(conn, row.rule_hash)
        if rules is None:
            raise Forbidden(f"无法核对台账第 {entry.id} 号：它按规则集 {row.rule_version}（{row.rule_hash}）计算，"
                            f"本机和台账中都没有这套规则。请经办人员按现行规则重新计算后再{doing}")
        case = parse_case(json.loads(row.case_json))
        result = compute(case, rules)
        figures = {"重新计算": fen_of(result.total), "计算版本": row.total_fen, "台账": fen_of(entry.total),
                   "审定" if doing == "拨付" else "待审定": fen_of(total)}
        if len(set(figures.values())) != 1:
            said = "，".join(f"{k} {_money_text(v) or '—'} 元" for k, v in figures.items())
            raise Forbidden(f"金额核对不符，不能{doing}台账第 {entry.id} 号：按保存的输入和规则重新计算与记录的金额不一致"
                            f"（{said}）。请台账管理员检查这条记录")
        if claim_key(case, result) != entry.claim_key:
            raise Forbidden(f"台账第 {entry.id} 号的查重键与案例内容不符，不能{doing}。请台账管理员检查这条记录")

    def _rules_for(self, conn, rule_hash: str | None):
        """The rule set with ``rule_hash``: one the office published (newest first), else this PC's own rules when
        they are that set; None when neither is."""
        from ..rules.load import load_rules

        rows = conn.execute(sa.select(office_rules).where(office_rules.c.rules_hash == rule_hash)
                            .order_by(office_rules.c.version.desc())).all()
        for row in rows:
            rules = OfficeRules(**row._mapping).rule_set()
            if rules.hash == rule_hash:
                return rules
        rules = load_rules()
        return rules if rules.hash == rule_hash else None

    # --- the office's rules ------------------------------------------------------------------------------------

    def office_rules(self) -> OfficeRules | None:
        """The office's rule set in force (the newest published), or None when none was published."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(office_rules).order_by(office_rules.c.version.desc()).limit(1)).first()
        return None if row is None else OfficeRules(**row._mapping)

    def rule_history(self) -> list[OfficeRules]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(office_rules).order_by(office_rules.c.version)).all()
        return [OfficeRules(**r._mapping) for r in rows]

    def rules(self):
        """The rules every clerk of this ledger computes with: the office's when published, else this PC's own."""
        office = self.office_rules()
        if office is not None:
            return office.rule_set()
        from ..rules.load import load_rules

        return load_rules()

    def publish_rules(self, overrides: dict, document: str, note: str, office_name: str | None = None) -> OfficeRules:
        """Publish ``overrides`` (an overrides@1 file's content) as the office's next rule version. Only a 审核,
        with the document it rests on and a note; recorded in the history. ``office_name`` None keeps the name."""
        from ..rules.model import RuleError
        from .office_rules import check

        document, note = (document or "").strip(), (note or "").strip()
        if not document or not note:
            raise LedgerError("发布本单位规则须写明文件依据和说明")
        try:
            rules = check(overrides)
        except RuleError as exc:
            raise LedgerError(f"规则有误，未发布：{exc}") from None
        with self._write() as conn:
            self._require(conn, "审核", "发布本单位规则")
            last = conn.execute(sa.select(office_rules).order_by(office_rules.c.version.desc()).limit(1)).first()
            version = 1 if last is None else last.version + 1
            name = (office_name if office_name is not None else (last.office_name if last else "")).strip()
            probe = OfficeRules(version, canonical(overrides), name, "", document, note, self.user, now())
            published = OfficeRules(**{**probe.__dict__, "rules_hash": probe.rule_set().hash})
            conn.execute(office_rules.insert().values(**published.__dict__))
            self._log(conn, None, "发布规则", {"版本": version, "规则集哈希": published.rules_hash,
                                             "文件依据": document, "说明": note, "单位名称": name,
                                             "调整项": rules.overridden_keys})
        return published

    def rule_impact(self, rules, progress: Callable[[int, int], bool | None] | None = None,
                    workers: int | None = None) -> list[Impact] | None:
        """Which cases not yet paid would change total with ``rules``, and by how much (规则变更影响), streamed in
        chunks (``impact.py``). ``progress(done, total)`` may return False to cancel (then None)."""
        from .impact import rule_impact

        return rule_impact(self.engine, rules, progress, workers)

    def apply_rules(self, progress: Callable[[int, int], bool | None] | None = None,
                    impacts: list[Impact] | None = None) -> list[int]:
        """Recompute with the office's rules, each as a new version with its history row, every case whose total
        they change and that may still be recomputed (an approved case is first sent back); ``impacts`` a list
        already made with those rules. Returns the ids recomputed (those before a cancel, when cancelled)."""
        rules = self.rules()
        if impacts is None:
            impacts = self.rule_impact(rules)
        todo = [i.id for i in impacts if i.recomputable]
        done = []
        for n, case_id in enumerate(todo, start=1):
            self.recompute(case_id, self.current(case_id).case, rules=rules)
            done.append(case_id)
            if progress is not None and progress(n, len(todo)) is False:
                break
        return done

    def export_rules(self, path) -> OfficeRules:
        """Write the office's rule set in force to one file (for PCs without the server)."""
        from ..case import write_json_atomic

        office = self.office_rules()
        if office is None:
            raise LedgerError("本台账还没有发布本单位规则，没有可导出的内容")
        write_json_atomic(Path(path), office.to_file())
        return office

    def import_rules(self, path) -> OfficeRules:
        """Publish an exported office rule set on this ledger; refused unless it gives the same rule-set hash here
        (same program version, nothing changed on the way)."""
        from ..rules.model import RuleError
        from .office_rules import check, read_file

        data = read_file(path)
        try:
            here = check(data["overrides"]).hash
        except RuleError as exc:
            raise LedgerError(f"本单位规则文件 {path} 有误，未导入：{exc}") from None
        if here != data["hash"]:
            raise LedgerError(f"本单位规则文件在本机得到的规则集哈希 {here} 与文件中的 {data['hash']} 不同（两台电脑的程序"
                              "版本不同，或文件被改动），未导入：请先把程序升级到同一版本")
        return self.publish_rules(data["overrides"], data["document"], data["note"], data.get("office_name", ""))

    # --- reading -------------------------------------------------------------------------------------------------

    def _select(self):
        current = sa.and_(case_versions.c.case_id == cases.c.id, case_versions.c.version == cases.c.version)
        return (sa.select(cases, payments.c.paid_on, payments.c.amount_fen, payments.c.doc_no,
                          case_versions.c.computed_by)
                .select_from(cases.outerjoin(payments, payments.c.case_id == cases.c.id)
                             .outerjoin(case_versions, current)))

    def _entry(self, conn, case_id: int) -> Entry:
        row = conn.execute(self._select().where(cases.c.id == case_id)).first()
        if row is None:
            raise LedgerError(f"台账中没有第 {case_id} 号")
        return _to_entry(row)

    def get(self, case_id: int) -> Entry:
        with self.engine.connect() as conn:
            return self._entry(conn, case_id)

    def entries(self, credit_code: str | None = None, status: str | None = None, kind: str | None = None) -> list[Entry]:
        query = self._select().order_by(cases.c.id)
        if credit_code:
            query = query.where(cases.c.credit_code == credit_code)
        if status:
            query = query.where(cases.c.status == status)
        if kind:
            query = query.where(cases.c.kind == kind)
        with self.engine.connect() as conn:
            return [_to_entry(r) for r in conn.execute(query)]

    def current(self, case_id: int) -> Version:
        """The case's current version (the one its status and total belong to)."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(case_versions).join(cases, cases.c.id == case_versions.c.case_id)
                               .where(cases.c.id == case_id, case_versions.c.version == cases.c.version)).first()
        if row is None:
            raise LedgerError(f"台账中没有第 {case_id} 号")
        return _to_version(row)

    def versions(self, case_id: int) -> list[Version]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(case_versions).where(case_versions.c.case_id == case_id)
                                .order_by(case_versions.c.version)).all()
        return [_to_version(r) for r in rows]

    def history(self, case_id: int | None = None) -> list[Event]:
        query = sa.select(history).order_by(history.c.id)
        if case_id is not None:
            query = query.where(history.c.case_id == case_id)
        with self.engine.connect() as conn:
            return [Event(r.id, r.case_id, r.at, r.user_name, r.action, json.loads(r.detail), r.program_version)
                    for r in conn.execute(query)]

    def enterprise(self, credit_code: str) -> dict[str, dict[str, Decimal | int]]:
        """An enterprise's support across the measures: per kind (and 合计) the number of claims, the amount
        claimed (returned cases excluded), approved and paid."""
        return support_summary(self.entries(credit_code=credit_code))

    def backup(self, path) -> dict[str, int]:
        from .backup import backup

        return backup(self.engine, path)

    def restore(self, path) -> dict[str, int]:
        from .backup import restore

        return restore(self.engine, path)


class _Cancelled(Exception):
    pass


@dataclass(frozen=True)
class Grant:
    """One role given to one clerk; ``revoked_at`` set once it was 停用."""

    name: str
    role: str
    granted_by: str
    granted_at: str
    revoked_by: str | None
    revoked_at: str | None


def support_summary(entries: Iterable[Entry]) -> dict[str, dict[str, Decimal | int]]:
    zero = Decimal("0.00")
    out = {title: {"件数": 0, "申报": zero, "审定": zero, "拨付": zero} for title in [*titles().values(), "合计"]}
    for e in entries:
        if e.status == "已退回":
            continue
        for title in (e.kind_title, "合计"):
            row = out[title]
            row["件数"] += 1
            row["申报"] += e.total or zero
            row["审定"] += e.approved_total or zero
            row["拨付"] += e.paid_amount or zero
    return out


def _to_entry(r) -> Entry:
    return Entry(r.id, r.kind, r.title, r.applicant_name, r.credit_code, r.county, r.status, r.return_reason,
                 r.version, yuan_of(r.total_fen), r.created_by, r.created_at, r.approved_by,
                 yuan_of(r.approved_total_fen), r.paid_on, yuan_of(r.amount_fen), r.doc_no, r.claim_key,
                 r.computed_by, r.approved_at)


def _to_version(r) -> Version:
    return Version(r.version, parse_case(json.loads(r.case_json)), None if r.result_json is None else
                   json.loads(r.result_json), r.explanation, yuan_of(r.total_fen), r.rule_version, r.rule_hash,
                   r.computed_by, r.computed_at, r.program_version)


def claim_words(check: dict | None) -> dict:
    """A claim check (``Check.to_json()``) as history detail: 申请金额, 差额 (申请 − 核定) and 差异原因; nothing when no
    amount was claimed. The approved and paid amount is always the program's; the claim is only recorded."""
    if not check:
        return {}
    return {"申请金额": _money_text(fen_of(Decimal(check["claimed"]))),
            "差额": _money_text(fen_of(Decimal(check["difference"]))),
            "核对结论": check["status_text"], **({"差异原因": check["reason"]} if check["reason"] else {})}


def _money_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        value = fen_of(value)
    from ..format import fmt_amount

    return fmt_amount(yuan_of(value))
