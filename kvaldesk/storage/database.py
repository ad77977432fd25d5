"""The one place that opens the database.

Every connection gets the same PRAGMAs: WAL journal, foreign keys on, ``synchronous=NORMAL``
(a committed transaction survives a crash of the process; :func:`durable` switches to FULL for
commits that must survive a power cut too, such as completing a review).
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.storage.migrations import MIGRATIONS

BUSY_TIMEOUT_MS = 10_000


class DatabaseError(KvaldeskError):
    """The database file could not be opened or is not a kvaldesk database."""


class StorageWriteError(KvaldeskError):
    """A change could not be written to disk (disk full, write error); it was rolled back."""


_SQLITE_IOERR = 10
_SQLITE_FULL = 13


def write_problem(exc: sqlite3.Error) -> StorageWriteError | None:
    """The error for people when ``exc`` says the disk is full or refused a write."""
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    if code == _SQLITE_FULL:
        return StorageWriteError(
            "Disken är full: ändringen kunde inte sparas. Allt som sparats tidigare finns kvar. "
            "Frigör utrymme på disken och försök igen."
        )
    if code == _SQLITE_IOERR:
        return StorageWriteError(
            f"Ändringen kunde inte skrivas till disken ({exc}); den sparades inte. Allt som "
            "sparats tidigare finns kvar. Kontrollera att det finns utrymme på disken och "
            "försök igen."
        )
    return None


class KvaldeskDatabase(Database):
    """A sqlite-utils Database whose transactions report a full disk in words."""

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        """As ``Database.atomic``; a full disk or write error raises StorageWriteError."""
        try:
            with super().atomic() as db:
                yield db
        except sqlite3.OperationalError as exc:
            problem = write_problem(exc)
            if problem is None:
                raise
            raise problem from exc


def open_database(path: Path | str, *, migrate: bool = True) -> Database:
    """Open (creating if needed) a kvaldesk database and bring its schema up to date."""
    target = Path(path)
    if str(path) != ":memory:":
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                f"Mappen för databasen kunde inte skapas: {target.parent} ({exc.strerror})."
            ) from exc
    try:
        db = KvaldeskDatabase(str(path), execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA synchronous=NORMAL")
        if migrate:
            apply_migrations(db)
    except Exception as exc:  # sqlite3.DatabaseError and friends
        if isinstance(exc, KvaldeskError):
            raise
        raise DatabaseError(
            f"Databasen {target.name} kunde inte öppnas: {exc}. "
            "Kontrollera att filen är en kvaldesk-databas och att du har behörighet till den."
        ) from exc
    return db


@contextlib.contextmanager
def durable(db: Database) -> Iterator[Database]:
    """A transaction committed with ``synchronous=FULL``, then back to NORMAL."""
    db.execute("PRAGMA synchronous=FULL")
    try:
        with db.atomic():
            yield db
    finally:
        db.execute("PRAGMA synchronous=NORMAL")


def new_id() -> str:
    """A new random UUID as text: records are identified where they are created."""
    return str(uuid.uuid4())


def now_iso() -> str:
    """The current UTC time as ISO 8601 with microseconds and a Z (sorts as text)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def pending_migrations(db: Database) -> list[str]:
    """The names of the migrations this database still needs."""
    return [migration.name for migration in MIGRATIONS.pending(db)]


def newer_migrations(applied: list[str]) -> list[str]:
    """The applied migrations this version does not know: a newer kvaldesk made them."""
    known = {migration.name for migration in MIGRATIONS._migrations}
    return [name for name in applied if name not in known]


def apply_migrations(db: Database) -> None:
    """Bring the schema up to date; refuses a database made by a newer kvaldesk."""
    newer = newer_migrations([m.name for m in MIGRATIONS.applied(db)])
    if newer:
        raise DatabaseError(
            f"Databasen är skapad av en nyare version av kvaldesk (schema {newer[-1]}). "
            "Uppdatera kvaldesk för att öppna den."
        )
    MIGRATIONS.apply(db)


def schema_version(db: Database) -> str:
    """The name of the newest applied migration."""
    applied = MIGRATIONS.applied(db)
    return applied[-1].name if applied else "none"
