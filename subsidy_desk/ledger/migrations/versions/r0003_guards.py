"""Revision 3: on PostgreSQL the database itself enforces roles, four eyes, status steps and the history trail.

Each clerk is a database login there, so plain SQL must not get around the data layer: see ``guards.py``. Nothing
changes on SQLite (no logins; the data layer enforces the rules) or in the tables and their rows.

Revision ID: 0003
"""
from alembic import op

from subsidy_desk.ledger.migrations.guards import install

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    install(op)
