"""Ledger fixtures: every ledger test runs on SQLite, and on PostgreSQL too when SUBSIDY_DESK_TEST_PG is a URL.

On PostgreSQL each test gets a database of its own (the test login needs CREATEDB) and each clerk is a login role
of its own (CREATEROLE), because there the ledger's user is the database login. `.ci/run` sets this up.
"""
from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from ..conftest import ROOT

PG = os.environ.get("SUBSIDY_DESK_TEST_PG")
CASES = ROOT / "docs" / "cases"
# Who does what in the tests: chen is both a clerk and a reviewer, to show four eyes is more than roles.
STAFF = {"wang": ("审核",), "li": ("经办",), "chen": ("经办", "审核"), "zhao": ("财务",)}
PG_PASSWORD = "ledger-test"

requires_pg = pytest.mark.skipif(not PG, reason="SUBSIDY_DESK_TEST_PG 未设置：跳过 PostgreSQL 测试")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=requires_pg)]


def _admin_engine() -> sa.Engine:
    return sa.create_engine(PG, isolation_level="AUTOCOMMIT")


def clerk_grants(role: str) -> list[str]:
    """The clerks' rights exactly as docs/ledger.md gives them to an office (its ```sql block), given to ``role``."""
    text = (ROOT / "docs" / "ledger.md").read_text(encoding="utf-8")
    block = text.split("```sql\n", 1)[1].split("```", 1)[0]
    statements = [s.strip() for s in block.split(";") if s.strip()]
    assert statements and all(s.startswith("GRANT ") and s.endswith("TO subsidy_clerks") for s in statements)
    return [s.replace("TO subsidy_clerks", f"TO {role}") for s in statements]


def pg_login(url: str, name: str) -> str:
    """A URL for clerk ``name``'s own login role, created on first use, with the clerks' rights docs/ledger.md
    recommends on the test database's tables. The test login is made a member of it so that it may end its sessions (DROP ... FORCE)."""
    admin = sa.make_url(PG)
    role = f"sdt_{name}"
    engine = _admin_engine()
    try:
        with engine.connect() as conn:
            if not conn.scalar(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}):
                conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN PASSWORD '{PG_PASSWORD}'")
                conn.exec_driver_sql(f"GRANT {role} TO {admin.username}")
    finally:
        engine.dispose()
    owner = sa.create_engine(url)
    try:
        with owner.begin() as conn:
            for statement in clerk_grants(role):
                try:
                    with conn.begin_nested():  # a ledger at an older revision lacks the newer tables
                        conn.exec_driver_sql(statement)
                except sa.exc.ProgrammingError as exc:
                    if getattr(exc.orig, "sqlstate", None) != "42P01":
                        raise
    finally:
        owner.dispose()
    return sa.make_url(url).set(username=role, password=PG_PASSWORD).render_as_string(hide_password=False)


def _admin_sql(engine: sa.Engine, sql: str) -> None:
    """Run CREATE/DROP DATABASE, retrying briefly: PostgreSQL refuses them while another session is still leaving
    the template or the database (a closed connection's server process can take a moment to exit)."""
    import time

    for attempt in range(20):
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(sql)
            return
        except (sa.exc.OperationalError, sa.exc.ProgrammingError):
            if attempt == 19:
                raise
            time.sleep(0.25)


def pg_database():
    """Create an empty database; yield its URL; drop it."""
    name = f"ledger_test_{uuid.uuid4().hex[:12]}"
    engine = _admin_engine()
    try:
        _admin_sql(engine, f"CREATE DATABASE {name}")
        yield sa.make_url(PG).set(database=name).render_as_string(hide_password=False)
    finally:
        try:
            _admin_sql(engine, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        finally:
            engine.dispose()


def new_url(backend: str, tmp_path: Path, name: str = "ledger"):
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / (name + '.sqlite3')}"
    else:
        yield from pg_database()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    yield from new_url(request.param, tmp_path)


class Staff:
    """Ledgers opened as each clerk of STAFF (``staff["li"]``), the roles granted by the database owner."""

    def __init__(self, url: str):
        from subsidy_desk.ledger import Ledger

        self.url = url
        self.pg = url.startswith("postgresql")
        self.owner = Ledger(url, None if self.pg else "admin")
        self._open: dict[str, object] = {}
        # the first grant sets the ledger up; the reviewer it names grants the others
        self.owner.grant(self.login("wang"), "审核")
        for name, roles in STAFF.items():
            for role in roles:
                self["wang"].grant(self.login(name), role)

    def login(self, name: str) -> str:
        return f"sdt_{name}" if self.pg else name

    def url_for(self, name: str) -> str:
        return pg_login(self.url, name) if self.pg else self.url

    def __getitem__(self, name: str):
        from subsidy_desk.ledger import Ledger

        if name not in self._open:
            self._open[name] = Ledger(self.url_for(name), None if self.pg else name)
        return self._open[name]

    def close(self):
        for ledger in [*self._open.values(), self.owner]:
            ledger.close()


@pytest.fixture
def staff(db_url):
    s = Staff(db_url)
    yield s
    s.close()


def case_data(kind: str, **inputs) -> dict:
    data = json.loads((CASES / f"{kind}.json").read_text(encoding="utf-8"))
    data["inputs"].update(inputs)
    return data


@pytest.fixture
def case_of():
    """A docs/cases example with some inputs changed: case_of("guarantee_fee", contract_no="DB-2")."""
    from subsidy_desk.case import parse_case

    return lambda kind, **inputs: parse_case(case_data(kind, **inputs))
