"""Where things are: the shipped resources and the user's own data folder.

Resources are found the same way from a source checkout (``resources/`` beside the package), an installed wheel
(``subsidy_desk/_resources``, mapped there by pyproject.toml) and a PyInstaller build (``resources/`` in the bundle).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "SubsidyDesk"
DATA_ENV = "SUBSIDY_DESK_DATA_DIR"


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [Path(bundle) / "resources"] if bundle else []
    here = Path(__file__).resolve().parent
    candidates += [here / "_resources", here.parent / "resources"]
    for path in candidates:
        if (path / "rules" / "ruleset.json").is_file():
            return path
    raise FileNotFoundError("找不到程序资源文件夹 resources（安装不完整）：" + "；".join(map(str, candidates)))


def data_dir() -> Path:
    """The user's data folder (rules overrides, drafts, ledger). ``SUBSIDY_DESK_DATA_DIR`` points it elsewhere."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def overrides_file() -> Path:
    return data_dir() / "overrides.json"
