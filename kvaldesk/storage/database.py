"""The one place that opens the database.

Every connection gets the same PRAGMAs: WAL journal, foreign keys on, ``synchronous=NORMAL``
(a committed transaction survives a crash of the process; :func:`durable` switches to FULL for
commits that must survive a power cut too, such as completing a review).
"""

from __future__ import annotations

import contextlib
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
        db = Database(str(path) if str(path) != ":memory:" else ":memory:", execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA synchronous=NORMAL")
        if migrate:
            MIGRATIONS.apply(db)
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


def schema_version(db: Database) -> str:
    """The name of the newest applied migration."""
    applied = MIGRATIONS.applied(db)
    return applied[-1].name if applied else "none"
