"""The ledger's tables at the newest schema revision, in SQLAlchemy Core: one definition for SQLite and PostgreSQL.

The migrations under ``migrations/versions`` build exactly these tables; this module is what the code queries.
Money is stored as whole fen (BIGINT): exact, summable in SQL and free of any floating point. Timestamps are
ISO-8601 text in UTC, so a backup reads the same from either database.
"""
from __future__ import annotations

import sqlalchemy as sa

from .steps import ROLES, STATUSES  # noqa: F401 - one table of statuses and roles (steps.py)

metadata = sa.MetaData()

cases = sa.Table(
    "cases", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("applicant_name", sa.Text, nullable=False, server_default=""),
    sa.Column("credit_code", sa.String(32), nullable=False, server_default=""),
    sa.Column("county", sa.String(32), nullable=False, server_default=""),
    # Same claim twice is refused here, by the database, even when two clerks submit at the same moment.
    sa.Column("claim_key", sa.Text, nullable=False),
    sa.Column("status", sa.String(8), nullable=False),
    sa.Column("return_reason", sa.Text),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("total_fen", sa.BigInteger),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("approved_by", sa.String(64)),
    sa.Column("approved_at", sa.String(40)),
    sa.Column("approved_total_fen", sa.BigInteger),
    sa.UniqueConstraint("claim_key", name="uq_cases_claim_key"),
    sa.CheckConstraint("status IN ('草稿', '已计算', '已打印', '已审核', '已拨付', '已退回')", name="ck_cases_status"),
    # Four eyes, in the database itself: whoever entered a case can never be recorded as its approver.
    sa.CheckConstraint("approved_by IS NULL OR approved_by <> created_by", name="ck_cases_four_eyes"),
    sa.CheckConstraint("status <> '已退回' OR (return_reason IS NOT NULL AND return_reason <> '')",
                       name="ck_cases_return_reason"),
)

case_versions = sa.Table(
    "case_versions", metadata,
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("case_json", sa.Text, nullable=False),
    sa.Column("result_json", sa.Text),
    sa.Column("explanation", sa.Text),
    sa.Column("total_fen", sa.BigInteger),
    sa.Column("rule_version", sa.String(64)),
    sa.Column("rule_hash", sa.String(128)),
    sa.Column("computed_by", sa.String(64), nullable=False),
    sa.Column("computed_at", sa.String(40), nullable=False),
    sa.Column("program_version", sa.String(32), nullable=False),
)

history = sa.Table(
    "history", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("user_name", sa.String(64), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("program_version", sa.String(32), nullable=False),
)

users = sa.Table(
    "users", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(8), primary_key=True),
    sa.Column("granted_by", sa.String(64), nullable=False),
    sa.Column("granted_at", sa.String(40), nullable=False),
    # 停用 (revision 0004): the clerk no longer holds the role; the row stays.
    sa.Column("revoked_by", sa.String(64)),
    sa.Column("revoked_at", sa.String(40)),
    sa.CheckConstraint("role IN ('经办', '审核', '财务')", name="ck_users_role"),
)

payments = sa.Table(
    "payments", metadata,
    # The primary key is the case: a case is paid once.
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), primary_key=True),
    sa.Column("paid_on", sa.Date, nullable=False),
    sa.Column("amount_fen", sa.BigInteger, nullable=False),
    sa.Column("doc_no", sa.String(64), nullable=False),
    # The document number normalised (claims.normalise, revision 0004): one document is not used twice by typing
    # it differently.
    sa.Column("doc_key", sa.String(64), nullable=False),
    sa.Column("recorded_by", sa.String(64), nullable=False),
    sa.Column("recorded_at", sa.String(40), nullable=False),
    sa.UniqueConstraint("doc_no", name="uq_payments_doc_no"),
    sa.UniqueConstraint("doc_key", name="uq_payments_doc_key"),
    sa.CheckConstraint("amount_fen > 0", name="ck_payments_amount"),
)

office_rules = sa.Table(
    # The office's rules (revision 0005): each published version kept; the newest is the one in force.
    "office_rules", metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("overrides", sa.Text, nullable=False),
    sa.Column("office_name", sa.Text, nullable=False, server_default=""),
    sa.Column("rules_hash", sa.String(128), nullable=False),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("published_by", sa.String(64), nullable=False),
    sa.Column("published_at", sa.String(40), nullable=False),
    sa.CheckConstraint("document <> '' AND note <> ''", name="ck_office_rules_basis"),
)

# Dump and restore order (parents first).
TABLES = (cases, case_versions, users, payments, office_rules, history)
