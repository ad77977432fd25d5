"""Checking a database file with SQLite's own integrity check, with nothing but ``sqlite3``.

Kept apart from the rest of the storage package so that the window's start-up check can run
while the window's modules (sqlite-utils among them) are still being imported.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

# Primary SQLite result codes that mean the file itself is damaged or not a database.
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether an SQLite error says the file is damaged or not a database at all."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def integrity_problems(conn: sqlite3.Connection, *, full: bool = False) -> list[str]:
    """What ``PRAGMA quick_check`` (``integrity_check`` with ``full``) finds; [] when ok.

    A damaged or foreign file gives its SQLite error as the problem; other SQLite errors
    (a locked file, a missing folder) are raised.
    """
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}").fetchall()]
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            return [str(exc)]
        raise
    return [] if rows == ["ok"] else rows


def check_file(path: Path, *, full: bool = False) -> list[str]:
    """Check the database file at ``path`` without changing it; [] when it is healthy."""
    conn = sqlite3.connect(path, timeout=10)
    try:
        return integrity_problems(conn, full=full)
    finally:
        conn.close()
