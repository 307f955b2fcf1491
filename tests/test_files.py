"""Atomic replacement: nothing half-written, and the file readable by whoever could read the one it replaced."""
import os
import stat

import pytest

from subsidy_desk.files import replacing


def test_new_file_gets_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        with replacing(tmp_path / "a.xlsx") as tmp:
            tmp.write_bytes(b"data")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.xlsx").stat().st_mode) == 0o644  # not mkstemp's private 0600


def test_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "a.json"
    target.write_text("old")
    target.chmod(0o664)
    with replacing(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o664


def test_failure_leaves_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "a.json"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with replacing(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("disk full")
    assert target.read_text() == "old" and [p.name for p in tmp_path.glob(".a.json*")] == []
