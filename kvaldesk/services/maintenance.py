"""Use case: check the database (integrity, schema version, counts)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from kvaldesk.storage.database import schema_version
from kvaldesk.storage.settings import machine_id

COUNTED_TABLES = (
    "templates",
    "rounds",
    "cases",
    "reviews",
    "answers",
    "actions",
    "audit_log",
    "exchange_imports",
    "exchange_conflicts",
)


@dataclass(frozen=True)
class CheckReport:
    """The outcome of ``kvaldesk check``."""

    ok: bool
    integrity: list[str]
    schema_version: str
    machine_id: str
    counts: dict[str, int]


def check_database(db: Database) -> CheckReport:
    """Run PRAGMA integrity_check and foreign_key_check, and count the records."""
    integrity = [str(row[0]) for row in db.execute("PRAGMA integrity_check").fetchall()]
    foreign = db.execute("PRAGMA foreign_key_check").fetchall()
    messages = integrity if integrity != ["ok"] else []
    messages += [f"foreign key: {tuple(row)}" for row in foreign]
    counts = {t: int(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in COUNTED_TABLES}
    return CheckReport(
        ok=not messages,
        integrity=messages or ["ok"],
        schema_version=schema_version(db),
        machine_id=machine_id(db),
        counts=counts,
    )
