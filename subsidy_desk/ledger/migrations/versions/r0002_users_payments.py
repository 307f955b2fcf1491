"""Revision 2: named users with roles (four eyes) and the payment of an approved case.

Revision ID: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(8), primary_key=True),
        sa.Column("granted_by", sa.String(64), nullable=False),
        sa.Column("granted_at", sa.String(40), nullable=False),
        sa.CheckConstraint("role IN ('经办', '审核', '财务')", name="ck_users_role"),
    )
    op.create_table(
        "payments",
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("paid_on", sa.Date, nullable=False),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("doc_no", sa.String(64), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("doc_no", name="uq_payments_doc_no"),
        sa.CheckConstraint("amount_fen > 0", name="ck_payments_amount"),
    )
    op.create_index("ix_cases_credit_code", "cases", ["credit_code"])
