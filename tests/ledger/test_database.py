"""Schema revisions: an older ledger is upgraded with its data; one from a newer program is refused untouched."""
import hashlib
import json

import pytest
import sqlalchemy as sa

from subsidy_desk.case import parse_case
from subsidy_desk.ledger import Forbidden, Ledger, NetworkShareWarning, NewerDatabase, database

OLD_CASE = {"format": "subsidy-desk/case@1", "kind": "six_taxes", "applicant": {"name": "旧账户",
            "credit_code": "92140902MA0H3C7N5X"}, "inputs": {"taxpayer_type": "individual_business",
            "period_start": "2022-04-01", "period_end": "2022-06-30",
            "items": [{"item": "education_surcharge", "payable": "100.00"}]}}


def test_an_older_ledger_is_upgraded_with_its_data(db_url):
    """A ledger written by the first release (revision 0001: no users, no payments) opens, keeps every row, and
    its cases go on to approval and payment."""
    from datetime import date
    from decimal import Decimal

    engine = database.create_engine(db_url)
    database.upgrade(engine, "0001")
    with engine.begin() as conn:
        assert database.current_revision(conn) == "0001"
        conn.execute(sa.text(
            "INSERT INTO cases (id, kind, title, applicant_name, credit_code, county, claim_key, status, version, "
            "total_fen, created_by, created_at) VALUES (1, 'six_taxes', '', '旧账户', '92140902MA0H3C7N5X', '', "
            "'six_taxes|92140902MA0H3C7N5X|2022-04-01|2022-06-30', '已计算', 1, 5000, 'li', "
            "'2022-07-01T08:00:00+00:00')"))
        conn.execute(sa.text(
            "INSERT INTO case_versions (case_id, version, case_json, total_fen, computed_by, computed_at, "
            "program_version) VALUES (1, 1, :j, 5000, 'li', '2022-07-01T08:00:00+00:00', '0.0.9')"),
            {"j": json.dumps(OLD_CASE, ensure_ascii=False)})
        conn.execute(sa.text("INSERT INTO history (case_id, at, user_name, action, detail, program_version) "
                             "VALUES (1, '2022-07-01T08:00:00+00:00', 'li', '登记', '{}', '0.0.9')"))
    engine.dispose()

    from .conftest import Staff

    staff = Staff(db_url)  # opening it upgrades it
    try:
        with staff.owner.engine.connect() as conn:
            assert database.current_revision(conn) == database.head_revision()
        entry = staff["wang"].get(1)
        assert (entry.applicant_name, entry.total, entry.created_by) == ("旧账户", Decimal("50.00"), "li")
        assert staff["wang"].versions(1)[0].program_version == "0.0.9"
        with pytest.raises(Forbidden, match="无法核对台账第 1 号"):  # no rule set stored: nothing to check against
            staff["wang"].approve(1)
        staff["li"].recompute(1, parse_case(OLD_CASE))
        staff["wang"].approve(1)
        staff["zhao"].pay(1, date.today(), Decimal("50.00"), "P-OLD")
        assert [e.action for e in staff["zhao"].history(1)] == ["登记", "重新计算", "审核通过", "拨付"]
        with staff.owner.engine.connect() as conn, pytest.raises(sa.exc.DatabaseError, match="只能追加"):
            conn.execute(sa.text("DELETE FROM history"))
    finally:
        staff.close()


def _fingerprint(url: str, engine: sa.Engine) -> object:
    if url.startswith("sqlite"):
        from pathlib import Path

        path = Path(sa.make_url(url).database)
        wal = path.with_name(path.name + "-wal")
        return hashlib.sha256(path.read_bytes()).hexdigest(), wal.is_file() and wal.read_bytes()
    with engine.connect() as conn:
        return (conn.execute(sa.text("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                                     "ORDER BY 1")).all(),
                conn.execute(sa.text("SELECT version_num FROM alembic_version")).all(),
                conn.execute(sa.text("SELECT * FROM history ORDER BY id")).all())


def test_a_ledger_from_a_newer_program_is_refused_and_left_untouched(staff, db_url, case_of):
    staff["li"].add(case_of("guarantee_fee"))
    staff.close()
    engine = database.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0007_future'"))
    if db_url.startswith("sqlite"):
        raw = engine.raw_connection()
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.close()
    before = _fingerprint(db_url, engine)
    with pytest.raises(NewerDatabase, match="较新版本的程序创建（数据库结构版本 0007_future.*没有对数据库做任何修改"):
        Ledger(db_url, "li")
    assert _fingerprint(db_url, engine) == before
    engine.dispose()


def test_a_new_sqlite_ledger_is_created_in_the_data_folder_with_wal(data_dir):
    with Ledger(user="li") as ledger:
        assert ledger.url == f"sqlite:///{data_dir / 'ledger.sqlite3'}"
        with ledger.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert (data_dir / "ledger.sqlite3").is_file()


@pytest.mark.parametrize("path, remote", [(r"\\server\share\ledger.sqlite3", True), ("//nas/台账/l.sqlite3", True),
                                          ("/home/li/ledger.sqlite3", False), ("ledger.sqlite3", False)])
def test_network_share_paths_are_recognised(path, remote):
    assert database.is_network_path(path) is remote


def test_sqlite_on_a_network_share_is_warned_against(tmp_path, monkeypatch):
    monkeypatch.setattr(database, "is_network_path", lambda path: True)
    with pytest.warns(NetworkShareWarning, match="不支持放在网络共享文件夹"):
        engine = database.create_engine(f"sqlite:///{tmp_path / 'l.sqlite3'}")
    engine.dispose()


def test_an_unknown_database_url_is_refused_in_chinese():
    from subsidy_desk.ledger import LedgerError

    with pytest.raises(LedgerError, match="不支持的台账数据库"):
        Ledger("mysql://x@y/z", "li")


def test_an_office_server_that_does_not_answer_is_said_in_words_after_the_timeout(monkeypatch):
    """A server that takes the connection and never answers (as a firewall or a hung machine does) must not leave
    the window waiting: the ledger's Chinese message comes after CONNECT_TIMEOUT_S."""
    import queue
    import socket
    import threading

    from subsidy_desk.ledger import Ledger, LedgerError, database

    monkeypatch.setattr(database, "CONNECT_TIMEOUT_S", 1)
    said: queue.Queue = queue.Queue()

    def open_it(url):
        try:
            Ledger(url)
        except LedgerError as exc:
            said.put(str(exc))

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # accepted by the kernel, never answered
        url = f"postgresql+psycopg://nobody:x@127.0.0.1:{silent.getsockname()[1]}/ledger"
        threading.Thread(target=open_it, args=(url,), daemon=True).start()  # without a timeout it would wait on
        assert "无法打开台账数据库或连接中断" in said.get(timeout=8)
