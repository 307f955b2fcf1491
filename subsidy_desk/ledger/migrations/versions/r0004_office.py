"""Revision 4: an office's ledger — roles can be 停用, the first grant is a 审核, claims compared as meant.

- ``users`` gains ``revoked_by``/``revoked_at`` (停用: the row stays);
- the claim keys already stored are rewritten in normal form (upper case, half-width, without spaces, zero-width
  characters or dashes), so the lookalike of an old claim is refused too;
- ``payments`` gains ``doc_key``, the document number in the same normal form, UNIQUE: one document is not used
  twice by typing it differently (``doc_no`` keeps what the clerk typed).
  Two old entries that turn out to be one claim or one document stop the upgrade, untouched, naming both;
- on PostgreSQL, the guards of ``guards_r0004.py``.

Revision ID: 0004
"""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

from subsidy_desk.ledger.migrations.guards_r0004 import install

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# claims.normalise as of this revision (frozen here: a later change of the program must not change this step)
_SEPARATORS = re.compile(r"[\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63_-]+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _normal(text: str) -> str:
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).upper()).replace("|", "/")


def _normal_key(key: str) -> str:
    kind, *parts = key.split("|")
    return "|".join([kind, *(p if _DATE.fullmatch(p) else _normal(p) for p in parts)])


def _rewrite(bind, table: str, key: str, column: str, normal, into: str | None = None) -> None:
    """Write ``normal(column)`` into ``into`` (default: the column itself), refusing two rows that become one."""
    rows = bind.execute(sa.text(f"SELECT {key}, {column} FROM {table} ORDER BY {key}")).all()
    seen: dict[str, int] = {}
    changed = []
    for ident, value in rows:
        new = normal(value)
        if new in seen:
            raise RuntimeError(f"台账第 {seen[new]} 号与第 {ident} 号的{'查重键' if table == 'cases' else '拨付凭证号'}"
                               f"规范化后相同（{new}），升级已停止，台账未改动：请台账管理员先核对这两条记录")
        seen[new] = ident
        if new != value or into:
            changed.append({"k": ident, "v": new})
    for row in changed:
        bind.execute(sa.text(f"UPDATE {table} SET {into or column} = :v WHERE {key} = :k"), row)


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("revoked_by", sa.String(64)))
        batch.add_column(sa.Column("revoked_at", sa.String(40)))
    op.add_column("payments", sa.Column("doc_key", sa.String(64)))
    bind = op.get_bind()
    _rewrite(bind, "cases", "id", "claim_key", _normal_key)
    _rewrite(bind, "payments", "case_id", "doc_no", _normal, into="doc_key")
    with op.batch_alter_table("payments") as batch:
        batch.alter_column("doc_key", existing_type=sa.String(64), nullable=False)
        batch.create_unique_constraint("uq_payments_doc_key", ["doc_key"])
    install(op)
