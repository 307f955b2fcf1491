"""Prove that the Windows program can be built from requirements.lock: every pin the bundle needs on Windows
(win_amd64, the Python 3.11 the bundle is built with) exists as a binary wheel whose hash the lock lists.

    python tools/check_windows_lock.py [requirements.lock]

pip download --platform cannot do this alone: it judges a requirement's environment marker by the machine it runs
on, so on Linux it would skip `colorama ; sys_platform == 'win32'` and the other Windows-only pins. Here each
marker is judged for Windows first, and pip then fetches exactly those pins, binary wheels only, hashes required,
into a temporary folder that is removed afterwards. Exit 0 when all resolve; pip's own message and exit otherwise.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.markers import Marker

PYTHON = "3.11"
# A 64-bit CPython 3.11 on Windows, as packaging.markers names it.
WINDOWS = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64",
           "python_version": PYTHON, "python_full_version": f"{PYTHON}.9", "implementation_name": "cpython",
           "platform_python_implementation": "CPython", "implementation_version": f"{PYTHON}.9",
           "platform_release": "10", "platform_version": "10.0.19045", "extra": ""}


def entries(lock: Path) -> list[tuple[str, str | None, list[str]]]:
    """(name==version, marker or None, [--hash=...]) for each pin of a pip-style lock file."""
    text = lock.read_text(encoding="utf-8").replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        hashes = [w for w in words if w.startswith("--hash=")]
        spec = " ".join(w for w in words if not w.startswith("--hash="))
        pin, _, marker = spec.partition(";")
        out.append((pin.strip(), marker.strip() or None, hashes))
    return out


def windows_requirements(lock: Path) -> list[str]:
    lines = []
    for pin, marker, hashes in entries(lock):
        if not hashes:
            raise SystemExit(f"{lock}: {pin} has no hash")
        if marker is None or Marker(marker).evaluate(WINDOWS):
            lines.append(" ".join([pin, *hashes]))
    return lines


def main(argv: list[str]) -> int:
    lock = Path(argv[0] if argv else Path(__file__).resolve().parent.parent / "requirements.lock")
    wanted = windows_requirements(lock)
    with tempfile.TemporaryDirectory(prefix="windows-wheels-") as folder:
        reqs = Path(folder) / "windows.txt"
        reqs.write_text("\n".join(wanted) + "\n", encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--no-deps",
                               "--platform", "win_amd64", "--python-version", PYTHON, "--implementation", "cp",
                               "--require-hashes", "-r", str(reqs), "-d", str(Path(folder) / "wheels")])
        if done.returncode == 0:
            got = sorted(p.name for p in (Path(folder) / "wheels").iterdir())
            print(f"{lock.name}: {len(got)} Windows wheels (win_amd64, CPython {PYTHON}) resolve with their hashes")
        return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
