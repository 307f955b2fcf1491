"""Revision 1 (program 0.1): cases, their computed versions and the append-only history.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op

from subsidy_desk.ledger.migrations.triggers import append_only

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("applicant_name", sa.Text, nullable=False, server_default=""),
        sa.Column("credit_code", sa.String(32), nullable=False, server_default=""),
        sa.Column("county", sa.String(32), nullable=False, server_default=""),
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
        sa.CheckConstraint("approved_by IS NULL OR approved_by <> created_by", name="ck_cases_four_eyes"),
        sa.CheckConstraint("status <> '已退回' OR (return_reason IS NOT NULL AND return_reason <> '')",
                           name="ck_cases_return_reason"),
    )
    op.create_table(
        "case_versions",
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
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("program_version", sa.String(32), nullable=False),
    )
    op.create_index("ix_history_case", "history", ["case_id"])
    append_only(op, "history")
    append_only(op, "case_versions")
