"""The one resource locator and the default data locations.

Resources live in ``resources/`` at the top of the source tree. In an installed wheel they are
``kvaldesk/_resources``; in a PyInstaller bundle they are ``resources/`` under ``sys._MEIPASS``.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

APP_NAME = "kvaldesk"
DB_ENV_VAR = "KVALDESK_DB"
DATA_DIR_ENV_VAR = "KVALDESK_DATA_DIR"


@cache
def resources_root() -> Path:
    """The folder that holds templates, schemas, fonts, icons and translations."""
    candidates: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    here = Path(__file__).resolve().parent
    candidates.append(here / "_resources")
    candidates.append(here.parent / "resources")
    for candidate in candidates:
        if (candidate / "schemas").is_dir():
            return candidate
    raise FileNotFoundError(
        "kvaldesk resources not found; looked in " + ", ".join(str(c) for c in candidates)
    )


def resource_path(*parts: str) -> Path:
    """The path of a resource file, for example ``resource_path("schemas", "x.json")``."""
    return resources_root().joinpath(*parts)


def default_data_dir() -> Path:
    """The user's data directory (``KVALDESK_DATA_DIR`` overrides it)."""
    override = os.environ.get(DATA_DIR_ENV_VAR)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    """``KVALDESK_DB`` if set, else ``kvaldesk.db`` in the user's data directory."""
    override = os.environ.get(DB_ENV_VAR)
    if override:
        return Path(override)
    return default_data_dir() / "kvaldesk.db"
