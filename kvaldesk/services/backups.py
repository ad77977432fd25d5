"""Use cases for backups: when they are taken, how many are kept, checking and restoring.

Automatic backups (docs/backups.md) are taken

- at start-up (the window or a command), at most one per :data:`STARTUP_INTERVAL`, so
  scripts that run many commands do not push the older backups out of the rotation;
- before migrations run on an existing database;
- before every package import.

A brand-new database is never backed up. The newest ``backups_to_keep`` (a setting, default
10) automatic backups are kept; copies kept aside at a restore are never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.services.settings import backups_to_keep
from kvaldesk.storage import backup as store
from kvaldesk.storage.backup import BackupError, BackupFile
from kvaldesk.storage.database import apply_migrations, pending_migrations, schema_version

__all__ = [
    "STARTUP_INTERVAL",
    "BackupError",
    "BackupFile",
    "DamagedDatabaseError",
    "RestoreResult",
    "backup_folder",
    "before_import",
    "database_file",
    "list_backups",
    "migrate_with_backup",
    "newest_good_backup",
    "startup_backup",
    "take_backup",
]

#: At most one start-up backup per this long (any other backup in this time counts too).
STARTUP_INTERVAL = timedelta(hours=4)
#: The command that restores a backup, for messages.
RESTORE_COMMAND = "kvaldesk --db {db} backup restore {backup}"


class DamagedDatabaseError(KvaldeskError):
    """The database file failed its integrity check at start-up."""

    def __init__(self, path: Path, problems: list[str], newest_good: BackupFile | None) -> None:
        self.path = path
        self.problems = problems
        self.newest_good = newest_good
        first = " ".join(problems[0].split())[:160] if problems else "okänt fel"
        what = "är skadad eller ingen databas" if "not a database" in first else "är skadad"
        message = f"Databasen {path} {what} ({first})."
        if newest_good is not None:
            command = RESTORE_COMMAND.format(db=path, backup=newest_good.path)
            message += (
                f" Den senaste felfria säkerhetskopian är {newest_good.path.name} "
                f"({_local_time(newest_good.taken_at)}). Återställ den med: {command}"
            )
        else:
            message += f" Det finns ingen felfri säkerhetskopia i {store.backup_folder(path)}."
        super().__init__(message)


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the backup used and where the old database was kept."""

    restored: Path
    kept: Path | None
    schema_version: str


def _local_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def database_file(db: Database) -> Path | None:
    """The file of an open database (None for an in-memory one)."""
    for row in db.execute("PRAGMA database_list").fetchall():
        if row[1] == "main" and row[2]:
            return Path(row[2])
    return None


def backup_folder(db_path: Path) -> Path:
    """The folder that holds the backups of ``db_path``."""
    return store.backup_folder(db_path)


def list_backups(db_path: Path) -> list[BackupFile]:
    """The backups of the database at ``db_path``, newest first."""
    return store.list_backups(db_path)


def take_backup(db: Database, reason: str) -> BackupFile | None:
    """Back up the open database now and rotate; None for an in-memory database."""
    path = database_file(db)
    if path is None:
        return None
    taken = store.take_backup(db.conn, path, reason)
    store.prune_backups(path, backups_to_keep(db))
    return taken


def migrate_with_backup(db: Database) -> BackupFile | None:
    """Apply pending migrations, backing up an existing database first."""
    taken = None
    if pending_migrations(db) and schema_version(db) != "none":
        taken = take_backup(db, "migration")
    apply_migrations(db)
    return taken


def before_import(db: Database) -> BackupFile | None:
    """The backup taken before a package import."""
    return take_backup(db, "import")


def startup_backup(db: Database, *, now: datetime | None = None) -> BackupFile | None:
    """A start-up backup, unless any backup was taken within :data:`STARTUP_INTERVAL`."""
    path = database_file(db)
    if path is None:
        return None
    newest = store.list_backups(path)
    moment = now or datetime.now(UTC)
    if newest and moment - newest[0].taken_at < STARTUP_INTERVAL:
        return None
    return take_backup(db, "start")


def newest_good_backup(db_path: Path) -> BackupFile | None:
    """The newest backup of ``db_path`` that passes its checks (damaged copies excluded)."""
    for candidate in store.list_backups(db_path):
        if candidate.reason == store.DAMAGED:
            continue
        try:
            store.check_backup(candidate.path)
        except BackupError:
            continue
        return candidate
    return None
