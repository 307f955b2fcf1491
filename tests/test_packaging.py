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


def test_the_lock_pins_what_pyproject_pins_each_with_hashes():
    """requirements.lock (one lock for CI, the bundle and docs/packaging.md) agrees with every == pin of
    pyproject.toml and lists a hash for each pin; tools/check_windows_lock.py (run by .ci/run) proves the Windows
    wheels exist."""
    import re
    import tomllib

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from check_windows_lock import entries, windows_requirements
    finally:
        sys.path.pop(0)
    lock = ROOT / "requirements.lock"
    pins = {pin.split("==")[0].lower(): pin.split("==")[1] for pin, _, _ in entries(lock)}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *(d for ds in project["optional-dependencies"].values() for d in ds)]
    for spec in wanted:
        m = re.match(r"([A-Za-z0-9_.-]+)(\[[^\]]*\])?==([^ ;#]+)", spec)
        if m:
            assert pins.get(m[1].lower().replace("_", "-")) == m[3], spec
    assert all(hashes for _, _, hashes in entries(lock))
    windows = " ".join(windows_requirements(lock))
    assert "colorama==" in windows and "pywin32-ctypes==" in windows  # Windows-only pins judged for Windows
    assert "macholib==" not in windows
