"""The migration scripts ship in the wheel, and a ledger is created from the installed package alone."""
import subprocess
import sys
import zipfile

from ..conftest import ROOT

PROBE = ("import subsidy_desk.ledger as l, subsidy_desk.ledger.database as d; "
         "x = l.Ledger(None, 'li'); print(d.MIGRATIONS); print(d.head_revision()); x.close()")


def test_wheel_carries_the_migrations_and_they_run(tmp_path):
    out = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True)
    (wheel,) = out.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"subsidy_desk/ledger/migrations/env.py", "subsidy_desk/ledger/migrations/guards.py"} <= set(names)
    assert {n for n in names if n.startswith("subsidy_desk/ledger/migrations/versions/r")} == {
        "subsidy_desk/ledger/migrations/versions/r0001_cases_history.py",
        "subsidy_desk/ledger/migrations/versions/r0002_users_payments.py",
        "subsidy_desk/ledger/migrations/versions/r0003_guards.py",
        "subsidy_desk/ledger/migrations/versions/r0004_office.py",
        "subsidy_desk/ledger/migrations/versions/r0005_office_rules.py"}
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    p = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True, text=True,
                       env={"PYTHONPATH": str(site), "SUBSIDY_DESK_DATA_DIR": str(tmp_path / "d")})
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines() == [str(site / "subsidy_desk" / "ledger" / "migrations"), "0005"]
    assert (tmp_path / "d" / "ledger.sqlite3").is_file()
