"""Backup and restore: the whole ledger (cases, versions, users, payments, history) in one JSON file.

Restoring needs an empty ledger and a consistent backup (``consistency.py``: every payment equals its approved
total, every approval by a 审核 of that time who did not enter the case, every status with the history rows leading
to it, every claim key the case's own; else it is refused naming the first inconsistency), and gives back the same
rows with the same ids, so the history still points at the right cases and a later backup of the restored ledger is
identical to the first. The backup is read in one
transaction (a consistent snapshot while clerks keep working) and written atomically.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlalchemy as sa

from .. import __version__, strict_json
from ..fields import parse_date
from ..files import write_json_atomic
from .database import LedgerError, head_revision
from .schema import TABLES

FORMAT = "subsidy-desk/ledger-backup@1"


def _cell(value):
    return value.isoformat() if isinstance(value, date) else value


def dump(engine: sa.Engine) -> dict:
    options = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}
    with engine.connect().execution_options(**options) as conn:
        tables = {}
        for table in TABLES:
            order = [c for c in table.primary_key.columns]
            rows = conn.execute(sa.select(table).order_by(*order)).mappings()
            tables[table.name] = [{k: _cell(v) for k, v in row.items()} for row in rows]
        conn.rollback()
    return {"format": FORMAT, "schema_revision": head_revision(), "program_version": __version__, "tables": tables}


def backup(engine: sa.Engine, path: Path) -> dict[str, int]:
    data = dump(engine)
    write_json_atomic(Path(path), data)
    return {name: len(rows) for name, rows in data["tables"].items()}


def restore(engine: sa.Engine, path: Path) -> dict[str, int]:
    """Put a backup's rows into an empty ledger, all or none; a malformed file is a LedgerError naming the problem."""
    try:
        data = strict_json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise LedgerError(f"无法读取备份文件 {path}：{exc}") from None
    except strict_json.JsonRefused as exc:
        raise LedgerError(f"备份文件 {path} 无法读取：{exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise LedgerError(f"{path} 不是台账备份文件（应为 {FORMAT}）")
    if data.get("schema_revision") != head_revision():
        raise LedgerError(f"备份文件的数据库结构版本为 {data.get('schema_revision')}，本程序为 {head_revision()}："
                          "请用生成该备份的程序版本恢复")
    tables = data.get("tables")
    if not isinstance(tables, dict) or set(tables) - {t.name for t in TABLES}:
        raise LedgerError(f"备份文件 {path} 内容有误（tables 应为各表的行），未做任何改动")
    from .consistency import first_inconsistency

    try:
        problem = first_inconsistency(tables)
    except KeyError as exc:
        problem = f"备份内容不完整（缺少 {exc}）"
    except (TypeError, ValueError, AttributeError):
        problem = "备份内容不完整（有的行缺少字段或取值类型不对）"
    if problem:
        raise LedgerError(f"备份文件 {path} 前后不一致，拒绝恢复，台账未做任何改动：{problem}")
    try:
        with engine.begin() as conn:
            for table in TABLES:
                if conn.scalar(sa.select(sa.func.count()).select_from(table)):
                    raise LedgerError(f"只能恢复到空的台账：目标台账的 {table.name} 表已有数据，未做任何改动")
            counts = {}
            for table in TABLES:
                rows = _rows(table, tables.get(table.name, []))
                if rows:
                    conn.execute(table.insert(), rows)
                counts[table.name] = len(rows)
            if engine.dialect.name == "postgresql":
                for table in ("cases", "history"):
                    conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                         f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table}"))
    except (ValueError, sa.exc.StatementError, sa.exc.IntegrityError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0][:160]
        raise LedgerError(f"备份文件 {path} 内容有误（{reason}），未做任何改动") from None
    return counts


def _rows(table: sa.Table, rows) -> list[dict]:
    """A table's rows as the backup holds them, checked: each an object of the table's own columns, no more, no less."""
    names = {c.name for c in table.columns}
    if not isinstance(rows, list) or not all(isinstance(r, dict) and set(r) == names for r in rows):
        raise ValueError(f"{table.name} 表的行应为含 {'、'.join(sorted(names))} 各列的对象")
    dates = [c.name for c in table.columns if isinstance(c.type, sa.Date)]
    out = []
    for row in rows:
        row = dict(row)
        for name in dates:
            if row[name] is not None:
                row[name] = parse_date(row[name]) if isinstance(row[name], str) else _not_a_date(row[name])
        out.append(row)
    return out


def _not_a_date(value):
    raise ValueError(f"不是日期：{str(value)[:40]}")
