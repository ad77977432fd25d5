"""Open the user's database for the window or the command line."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from kvaldesk.paths import default_database_path
from kvaldesk.services.templates import ensure_builtin_templates
from kvaldesk.storage.database import open_database


def database_path(path: Path | str | None = None) -> Path:
    """The database file to use: the given path, ``KVALDESK_DB`` or the default location."""
    return Path(path) if path else default_database_path()


def is_new_database(path: Path) -> bool:
    """Whether no database exists at ``path`` yet (a first start)."""
    return not path.exists() or path.stat().st_size == 0


def open_workspace(path: Path | str | None = None) -> Database:
    """Open (creating if needed) the database, migrate it and add missing built-in templates.

    Each thread opens its own connection: SQLite connections stay on their thread.
    """
    db = open_database(database_path(path))
    ensure_builtin_templates(db)
    return db
