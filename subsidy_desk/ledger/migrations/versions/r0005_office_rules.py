"""Revision 5: the office's rules live in the ledger (``office_rules``: every published version, append-only).

On PostgreSQL only a 审核 login publishes, in its own name, as the next version, with a 发布规则 history row in the
same transaction (``guards_r0005.py``); on both databases a published version is never changed or deleted.

Revision ID: 0005
"""
import sqlalchemy as sa
from alembic import op

from subsidy_desk.ledger.migrations.guards_r0005 import install
from subsidy_desk.ledger.migrations.triggers import append_only

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_rules",
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
    append_only(op, "office_rules")
    install(op)
