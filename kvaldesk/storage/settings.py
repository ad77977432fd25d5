"""Key-value settings stored in the database (machine id, reviewer name, …)."""

from __future__ import annotations

from sqlite_utils import Database

MACHINE_ID = "machine_id"
REVIEWER_NAME = "reviewer_name"
REVIEWER_UNIT = "reviewer_unit"
SHARED_FOLDER = "shared_folder"
MIN_GROUP_SIZE = "min_group_size"
LANGUAGE = "language"
BACKUPS_TO_KEEP = "backups_to_keep"
REVIEWER_CODE = "reviewer_code"
KAPPA_THRESHOLD = "kappa_threshold"
AGREEMENT_THRESHOLD = "agreement_threshold"


def get_setting(db: Database, key: str, default: str = "") -> str:
    """The stored value of a setting, or ``default``."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return str(row[0]) if row else default


def set_setting(db: Database, key: str, value: str) -> None:
    """Store a setting (inside the caller's transaction, if any)."""
    db.execute(
        "INSERT INTO settings(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def machine_id(db: Database) -> str:
    """This database's machine id, made when the database was created."""
    return get_setting(db, MACHINE_ID)
