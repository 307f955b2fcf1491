"""The ledger (台账) of every claim: stored, reviewed by a second clerk, paid once. Plain Python, no Qt.

    from subsidy_desk.ledger import Ledger, commit_batch
    with Ledger(url=None, user="李经办") as ledger:      # None: the SQLite file in the user's data folder
        case_id = ledger.add(case)                      # computes; DuplicateClaim names the earlier id

The names below come from ``database`` and ``store``, which load SQLAlchemy; they are imported when first asked
for (``__getattr__``), so that the command line registering ``subsidy-desk ledger ...`` and the window starting up
do not load the database library before anyone uses the ledger (docs/speed.md).
"""
from __future__ import annotations

__all__ = ["Ledger", "LedgerError", "Forbidden", "DuplicateClaim", "NewerDatabase", "NetworkShareWarning", "Entry",
           "Event", "Version", "commit_batch", "default_url", "published_rules", "support_summary"]


def __getattr__(name: str):
    """The heavy names, each by a plain import (the architecture test sees every one)."""
    if name in ("LedgerError", "NetworkShareWarning", "NewerDatabase", "default_url"):
        from . import database

        return getattr(database, name)
    if name in ("DuplicateClaim", "Entry", "Event", "Forbidden", "Ledger", "Version", "support_summary"):
        from . import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def published_rules(url: str | None = None):
    """The office rules published in the ledger at ``url`` (None: this PC's SQLite file, only if it exists — a
    window that merely starts creates no ledger), or None. Reading them needs no user and no role."""
    from pathlib import Path

    import sqlalchemy as sa

    from . import database
    from .office_rules import OfficeRules
    from .schema import office_rules

    if url is None and not Path(sa.make_url(database.default_url()).database).is_file():
        return None
    engine = database.open_engine(url)
    try:
        with engine.connect() as conn:
            row = conn.execute(sa.select(office_rules).order_by(office_rules.c.version.desc()).limit(1)).first()
    finally:
        engine.dispose()
    return None if row is None else OfficeRules(**row._mapping)


def commit_batch(items, url: str | None = None, user: str | None = None, progress=None) -> list[int]:
    """Store a batch's computed cases in the ledger in one step, all or none; return their ledger ids.

    ``items`` are (Case, Result) pairs as batch processing produced them (rows that failed are left out by the
    caller). Raises DuplicateClaim (naming the row and the earlier ledger id), Forbidden or LedgerError; on any
    of these, and on a crash, nothing is stored. ``progress(done, total)`` may return False to cancel.
    """
    from .store import Ledger

    with Ledger(url, user) as ledger:
        return ledger.add_many(items, progress=progress)
