"""Shared test setup: Qt offscreen, and a private data folder so no test sees a real user's overrides."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Each test gets its own empty user data folder (overrides, drafts, ledger)."""
    folder = tmp_path / "userdata"
    folder.mkdir()
    monkeypatch.setenv("SUBSIDY_DESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def rules():
    from subsidy_desk.rules.load import load_rules

    return load_rules(overrides=Path(os.devnull))


@pytest.fixture
def make_case():
    """Build a parsed case from plain inputs, as a case file would give them."""
    from subsidy_desk.case import FORMAT, parse_case

    def make(kind, inputs, applicant=None):
        return parse_case({"format": FORMAT, "kind": kind, "applicant": applicant or {}, "inputs": inputs})

    return make
