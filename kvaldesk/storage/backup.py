"""Backup files of the database: taking, verifying, listing, rotating and restoring them.

Backups live in a ``backups`` folder beside the database file, one self-contained SQLite file
each (rollback-journal mode, so no ``-wal``/``-shm`` files beside it), named
``<stem>-<UTC time>-<reason>.db``. A backup is made with SQLite's online backup API into a
temporary name in the same folder, checked with ``PRAGMA quick_check``, flushed to disk and
only then renamed to its final name: a file with a final name is always a whole, verified copy.
The use cases (when to take one, how many to keep) are in ``kvaldesk.services.backups``.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.storage.database import newer_migrations
from kvaldesk.storage.file_check import check_file, integrity_problems
from kvaldesk.storage.migrations import MIGRATIONS

BACKUP_FOLDER = "backups"
#: Backups the rotation may delete; the others (copies kept aside at a restore) stay.
ROTATED_REASONS = ("start", "migration", "import")
PRE_RESTORE = "pre-restore"
DAMAGED = "damaged"
_STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{12}Z)-(?P<reason>[a-z-]+)\.db$")
_TEMP_PREFIX = ".tmp-"
_STALE_TEMP_S = 24 * 3600
_SIDE_FILES = ("-wal", "-shm", "-journal")


class BackupError(KvaldeskError):
    """A backup could not be taken, read or restored."""


@dataclass(frozen=True)
class BackupFile:
    """One backup file in the backups folder."""

    path: Path
    taken_at: datetime
    reason: str
    size: int

    @property
    def rotated(self) -> bool:
        """Whether the rotation may delete this backup (automatic backups only)."""
        return self.reason in ROTATED_REASONS


def backup_folder(db_path: Path) -> Path:
    """The folder that holds the backups of ``db_path``."""
    return db_path.parent / BACKUP_FOLDER


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    # Not possible on Windows; there the rename is durable enough with the file synced.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_quietly(path: Path) -> None:
    for suffix in ("", *_SIDE_FILES):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def _copy_into(source: sqlite3.Connection, target: Path) -> None:
    """Copy the database of ``source`` into a new self-contained file ``target``, synced."""
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()
    _fsync_file(target)


def take_backup(
    source: sqlite3.Connection, db_path: Path, reason: str, *, at: datetime | None = None
) -> BackupFile:
    """Copy the database open on ``source`` into the backups folder of ``db_path``.

    The copy is verified before it gets its final name; on any failure nothing but the
    error is left behind.
    """
    folder = backup_folder(db_path)
    stamp = (at or datetime.now(UTC)).astimezone(UTC)
    name = f"{db_path.stem}-{stamp.strftime(_STAMP_FORMAT)}-{reason}.db"
    final = folder / name
    temp = folder / f"{_TEMP_PREFIX}{os.getpid()}-{name}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _copy_into(source, temp)
        problems = check_file(temp)
        if problems:
            raise BackupError(
                f"Säkerhetskopian {name} blev inte felfri ({problems[0]}) och sparades inte."
            )
        os.replace(temp, final)
    except (OSError, sqlite3.Error) as exc:
        _remove_quietly(temp)
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BackupError(
            f"Säkerhetskopian kunde inte sparas i {folder} ({detail}). Databasen är oförändrad."
        ) from exc
    except BaseException:
        _remove_quietly(temp)
        raise
    _fsync_folder(folder)
    return BackupFile(final, stamp, reason, final.stat().st_size)


def parse_backup_name(path: Path, stem: str | None = None) -> BackupFile | None:
    """The backup a file name describes, or None for any other file."""
    match = _NAME.match(path.name)
    if match is None or (stem is not None and match["stem"] != stem):
        return None
    try:
        taken = datetime.strptime(match["stamp"], _STAMP_FORMAT).replace(tzinfo=UTC)
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupFile(path, taken, match["reason"], size)


def list_backups(db_path: Path) -> list[BackupFile]:
    """The backups of ``db_path``, newest first."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    found = [parse_backup_name(p, db_path.stem) for p in folder.iterdir() if p.is_file()]
    return sorted((b for b in found if b is not None), key=lambda b: b.taken_at, reverse=True)


def prune_backups(db_path: Path, keep: int) -> list[Path]:
    """Delete the oldest automatic backups beyond the newest ``keep``; returns those deleted.

    Copies kept aside at a restore are never deleted. Temporary files left by a crash during
    a backup are removed once they are a day old.
    """
    removed: list[Path] = []
    for old in [b for b in list_backups(db_path) if b.rotated][max(keep, 1) :]:
        with contextlib.suppress(FileNotFoundError):
            old.path.unlink()
            removed.append(old.path)
    folder = backup_folder(db_path)
    if folder.is_dir():
        for temp in folder.glob(f"{_TEMP_PREFIX}*"):
            with contextlib.suppress(OSError):
                if time.time() - temp.stat().st_mtime > _STALE_TEMP_S:
                    temp.unlink()
    return removed


def backup_schema(conn: sqlite3.Connection) -> list[str]:
    """The kvaldesk migrations applied in the database open on ``conn``.

    Raises BackupError when it is not a kvaldesk database.
    """
    try:
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
            [MIGRATIONS.name],
        ).fetchall()
    except sqlite3.DatabaseError as exc:
        raise BackupError("Filen är ingen kvaldesk-databas (den saknar kvaldesks schema).") from exc
    if not rows:
        raise BackupError("Filen är ingen kvaldesk-databas (den saknar kvaldesks schema).")
    return [str(row[0]) for row in rows]


def check_backup(path: Path) -> list[str]:
    """Check that ``path`` is a whole kvaldesk backup this version can use.

    Returns the applied migrations; raises BackupError with a message for people when the
    file is missing, not a kvaldesk database, damaged or made by a newer kvaldesk.
    """
    if not path.is_file():
        raise BackupError(f"Säkerhetskopian {path} finns inte.")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as exc:
        raise BackupError(f"Säkerhetskopian {path.name} kunde inte öppnas ({exc}).") from exc
    try:
        try:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc).lower():
                raise BackupError(
                    f"{path.name} är ingen kvaldesk-databas (filen är inte en SQLite-databas)."
                ) from exc
            raise BackupError(f"Säkerhetskopian {path.name} är skadad ({exc}).") from exc
        problems = integrity_problems(conn, full=True)
        if problems:
            raise BackupError(
                f"Säkerhetskopian {path.name} är skadad ({problems[0]}) och kan inte användas."
            )
        try:
            applied = backup_schema(conn)
        except BackupError as exc:
            raise BackupError(f"{path.name}: {exc}") from exc
    finally:
        conn.close()
    newer = newer_migrations(applied)
    if newer:
        raise BackupError(
            f"Säkerhetskopian {path.name} är gjord av en nyare version av kvaldesk "
            f"(schema {newer[-1]}). Uppdatera kvaldesk först."
        )
    return applied


def _move_aside(db_path: Path, stamp: datetime) -> Path:
    """Move the database file (and its -wal/-shm files) into the backups folder, unchanged."""
    folder = backup_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / f"{db_path.stem}-{stamp.strftime(_STAMP_FORMAT)}-{DAMAGED}.db"
    for suffix in _SIDE_FILES:
        side = Path(f"{db_path}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{kept}{suffix}"))
    os.replace(db_path, kept)
    _fsync_folder(folder)
    return kept


def restore_backup(backup: Path, db_path: Path) -> Path | None:
    """Replace the database at ``db_path`` with the backup ``backup``.

    The backup is checked first (see :func:`check_backup`). The current database is kept:
    a healthy one is backed up (reason ``pre-restore``) and then overwritten through the
    backup API, which other open connections see correctly; a damaged one is moved aside
    unchanged (reason ``damaged``, with its -wal/-shm files) and the copy renamed into its
    place. Returns the kept copy of the old database (None when there was none). Migrations
    are the caller's job.
    """
    check_backup(backup)
    stamp = datetime.now(UTC)
    staged = db_path.with_name(f"{_TEMP_PREFIX}{os.getpid()}-restore-{db_path.name}")
    try:
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            _copy_into(source, staged)
        finally:
            source.close()
        exists = db_path.exists() and db_path.stat().st_size > 0
        healthy = exists and not check_file(db_path)
        if healthy:
            live = sqlite3.connect(db_path, timeout=10)
            try:
                kept = take_backup(live, db_path, PRE_RESTORE, at=stamp).path
                copy = sqlite3.connect(staged)
                try:
                    copy.backup(live)
                finally:
                    copy.close()
            finally:
                live.close()
            _remove_quietly(staged)
            return kept
        kept_aside = _move_aside(db_path, stamp) if exists else None
        os.replace(staged, db_path)
        _fsync_folder(db_path.parent)
        return kept_aside
    except (OSError, sqlite3.Error) as exc:
        _remove_quietly(staged)
        raise BackupError(f"Säkerhetskopian kunde inte återställas: {exc}") from exc
