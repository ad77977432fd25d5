"""Open the user's database for the window or the command line.

The modules that open the database (sqlite-utils and the engine behind it) are imported by
the functions that need them, so that the window can find its database file and start the
integrity check before those imports.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kvaldesk.paths import default_database_path

if TYPE_CHECKING:
    from sqlite_utils import Database

    from kvaldesk.services import backups


def database_path(path: Path | str | None = None) -> Path:
    """The database file to use: the given path, ``KVALDESK_DB`` or the default location."""
    return Path(path) if path else default_database_path()


def is_new_database(path: Path) -> bool:
    """Whether no database exists at ``path`` yet (a first start)."""
    return not path.exists() or path.stat().st_size == 0


def open_workspace(path: Path | str | None = None) -> Database:
    """Open (creating if needed) the database, migrate it and add missing built-in templates.

    An existing database is backed up before migrations run on it. Each thread opens its own
    connection: SQLite connections stay on their thread.
    """
    from kvaldesk.services import backups
    from kvaldesk.services.templates import ensure_builtin_templates
    from kvaldesk.storage.database import open_database

    target = database_path(path)
    new = is_new_database(target)
    db = open_database(target, migrate=new)
    try:
        if not new:
            backups.migrate_with_backup(db)
        ensure_builtin_templates(db)
    except BaseException:
        db.close()
        raise
    return db


def open_another_connection(path: Path | str) -> Database:
    """Another connection to a database this process has already opened with
    :func:`open_workspace` (migrated, the built-in templates in place), for a thread of its own
    (SQLite connections stay on their thread). It neither migrates nor reads the templates
    again: the window's background tasks open one each, dozens of times a minute."""
    from kvaldesk.storage.database import open_database

    return open_database(database_path(path), migrate=False)


def start_workspace(
    path: Path | str | None = None,
    *,
    warn: Callable[[str], None] | None = None,
    backup: bool = True,
    check: Callable[[Path], None] | None = None,
) -> Database:
    """Open the database at the start of the window or of a command.

    Before opening, an existing database gets ``PRAGMA quick_check``: a damaged one raises
    ``backups.DamagedDatabaseError`` naming the newest good backup. After opening, a start-up
    backup is taken (at most one per ``backups.STARTUP_INTERVAL``; never of a new database)
    unless ``backup`` is False (the window takes it in the background with
    ``backups.startup_backup``). A backup that fails does not stop the start: ``warn`` gets
    its message. ``check`` is the integrity check (the window passes one it started earlier,
    on another thread; default ``startup_check.check_at_start``).
    """
    from kvaldesk.services import backups, startup_check

    target = database_path(path)
    new = is_new_database(target)
    if not new:
        (check or startup_check.check_at_start)(target)
    db = open_workspace(target)
    if backup and not new:
        try:
            backups.startup_backup(db)
        except backups.BackupError as exc:
            if warn is not None:
                warn(str(exc))
    return db


def restore_workspace(backup: Path | str, path: Path | str | None = None) -> backups.RestoreResult:
    """Restore a backup over the database, keep the old one aside, then migrate it.

    The backup is checked first (missing file, not a kvaldesk database, damaged, made by a
    newer kvaldesk: ``backups.BackupError``); no other connection should write meanwhile.
    """
    from kvaldesk.services import backups
    from kvaldesk.storage.backup import restore_backup
    from kvaldesk.storage.database import schema_version

    target = database_path(path)
    kept = restore_backup(Path(backup), target)
    db = open_workspace(target)
    try:
        version = schema_version(db)
    finally:
        db.close()
    return backups.RestoreResult(Path(backup), kept, version)
