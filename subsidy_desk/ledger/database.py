"""Opening a ledger database: where it is, bringing its schema up to date, and refusing one from a newer program.

SQLite (the default, one PC) lives in the user's data folder with WAL journaling; every transaction takes the write
lock at BEGIN (``BEGIN IMMEDIATE``) so two processes queue instead of failing half-way. PostgreSQL (an office) is
chosen by URL. SQLite on a network share is not supported: file locking over SMB is unreliable and WAL needs shared
memory on one machine, so two PCs could corrupt the file.
"""
from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

from ..paths import data_dir

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_FILE = "ledger.sqlite3"
BUSY_TIMEOUT_MS = 60_000
# An office server that does not answer (switched off, a wrong address, a firewall dropping the packets) is said in
# words after this many seconds instead of leaving the clerk waiting for the operating system's own minutes-long
# limit; a URL's own ?connect_timeout= wins.
CONNECT_TIMEOUT_S = 10


class LedgerError(Exception):
    """Anything the ledger refuses, with a message for the clerk (Chinese)."""


class NewerDatabase(LedgerError):
    pass


class NetworkShareWarning(UserWarning):
    pass


NETWORK_MESSAGE = ("台账文件 {path} 位于网络共享文件夹。SQLite 台账不支持放在网络共享文件夹中（文件锁和 WAL 日志在网络文件系统上"
                   "不可靠，可能损坏台账）；多人共用请使用 PostgreSQL 服务器。")


def default_url() -> str:
    return f"sqlite:///{data_dir() / DEFAULT_FILE}"


def is_network_path(path: str) -> bool:
    r"""A UNC path (\\server\share, //server/share) or, on Windows, a drive letter mapped to a network share."""
    if path.startswith(("\\\\", "//")):
        return True
    if os.name == "nt" and re.match(r"^[A-Za-z]:", path):
        import ctypes

        drive_remote = 4
        return ctypes.windll.kernel32.GetDriveTypeW(path[:2] + "\\") == drive_remote
    return False


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    path = url.database or ""
    if path and path != ":memory:":
        if is_network_path(path):
            warnings.warn(NETWORK_MESSAGE.format(path=path), NetworkShareWarning, stacklevel=3)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def server_parts(url: str) -> tuple[str, str | None, str | None] | None:
    """(backend, host, database) of a typed ledger address, None when it cannot be read: for the settings page,
    which does not know the database library."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        return None
    return parsed.get_backend_name(), parsed.host, parsed.database


def _errors_in_words(engine: sa.Engine) -> sa.Engine:
    """A lost connection, a locked file or a server that went away reaches the clerk as the ledger's own Chinese
    message (LedgerError), so the window never needs to know the database library. Refusals the ledger turns into
    its own words itself (a duplicate claim, a guard's 42501) pass through untouched."""

    @event.listens_for(engine, "handle_error")
    def _in_words(ctx):
        if ctx.is_pre_ping or not isinstance(ctx.sqlalchemy_exception, (sa.exc.OperationalError,
                                                                         sa.exc.InterfaceError)):
            return
        if getattr(ctx.original_exception, "sqlstate", None) == "42501":
            return
        raise LedgerError(f"无法打开台账数据库或连接中断，本次操作未完成：{str(ctx.original_exception).strip()}。"
                          "请检查网络和台账位置（设置 → 台账），或请管理员检查数据库服务器，然后重试")

    return engine


def create_engine(url: str | None = None) -> sa.Engine:
    try:
        parsed = sa.make_url(url or default_url())
    except sa.exc.ArgumentError:
        raise LedgerError(f"台账数据库地址无法识别：{url}（示例：postgresql+psycopg://用户@服务器/库名）") from None
    if parsed.get_backend_name() == "sqlite":
        return _errors_in_words(_sqlite_engine(parsed))
    if parsed.get_backend_name() == "postgresql":
        timeout = {} if "connect_timeout" in parsed.query else {"connect_timeout": CONNECT_TIMEOUT_S}
        return _errors_in_words(sa.create_engine(parsed, pool_pre_ping=True, connect_args=timeout))
    raise LedgerError(f"不支持的台账数据库：{parsed.get_backend_name()}（只支持 SQLite 文件或 PostgreSQL）")


def _script():
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS))


def head_revision() -> str:
    return _script().get_current_head()


def current_revision(conn: sa.Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; refuse, untouched, a database a newer program has migrated further."""
    from alembic import command
    from alembic.config import Config

    script = _script()
    with engine.connect() as conn:
        known = {s.revision for s in script.walk_revisions()}
        found = current_revision(conn)
        conn.rollback()
    if found is not None and found not in known:
        raise NewerDatabase(
            f"这个台账数据库由较新版本的程序创建（数据库结构版本 {found}，本程序只认识到 {script.get_current_head()}）。"
            "请升级纾困补贴计算台后再打开；本程序没有对数据库做任何修改。")
    if found == script.get_current_head() and revision == "head":
        return
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            # WAL: readers never block the writer. Persistent in the file; outside a transaction by necessity.
            conn.connection.dbapi_connection.execute("PRAGMA journal_mode=WAL")


def open_engine(url: str | None = None) -> sa.Engine:
    engine = create_engine(url)
    try:
        upgrade(engine)
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise LedgerError(f"无法打开台账数据库：{exc.orig}") from None
    except sa.exc.DBAPIError as exc:
        engine.dispose()
        if getattr(exc.orig, "sqlstate", None) == "42501":  # a clerk's login may not change the schema
            raise LedgerError("台账数据库需要升级到本程序的结构，只有台账的所有者（建库并运行升级的数据库用户）能升级："
                              "请台账管理员先用所有者登录打开一次台账") from None
        raise
    except LedgerError:
        engine.dispose()
        raise
    return engine
