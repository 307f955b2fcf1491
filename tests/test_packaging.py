"""resources/ is found the same way from a checkout, an installed wheel and a frozen build."""
import subprocess
import sys
import zipfile

from .conftest import ROOT

PROBE = ("import subsidy_desk.paths as p, subsidy_desk.rules.load as l; "
         "print(p.resources_dir()); print(l.load_rules().version)")


def test_wheel_carries_resources_and_finds_them(tmp_path):
    out = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True)
    (wheel,) = out.glob("*.whl")
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    assert (site / "subsidy_desk" / "_resources" / "rules" / "ruleset.json").is_file()
    assert (site / "subsidy_desk" / "_resources" / "i18n" / "en" / "LC_MESSAGES" / "subsidy_desk.mo").is_file()
    assert (site / "subsidy_desk" / "_resources" / "help" / "guide.html").is_file()  # F1 reads it offline
    assert (site / "subsidy_desk" / "ui" / "settings_dialog.py").is_file()
    p = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True, text=True,
                       env={"PYTHONPATH": str(site), "SUBSIDY_DESK_DATA_DIR": str(tmp_path / "d")})
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines()[0] == str(site / "subsidy_desk" / "_resources")


def test_frozen_bundle_layout(tmp_path, monkeypatch):
    import shutil

    from subsidy_desk import paths

    bundle = tmp_path / "bundle"
    shutil.copytree(ROOT / "resources", bundle / "resources")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert paths.resources_dir() == bundle / "resources"
