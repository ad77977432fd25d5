"""The integrity check of an existing database before it is opened at start-up.

It needs nothing but ``sqlite3``, so the window runs it on a thread of its own while its modules
are still being imported (reading a large file takes tens of milliseconds); only a damaged file
brings in the backups module, to name the newest good backup.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kvaldesk.storage.file_check import check_file


def check_at_start(db_path: Path) -> None:
    """Run ``PRAGMA quick_check`` on an existing database before it is opened.

    Raises ``backups.DamagedDatabaseError`` (naming the newest good backup) when the file is
    damaged. Other SQLite errors (a locked file) are left for the normal opening to report.
    """
    try:
        problems = check_file(db_path)
    except sqlite3.Error:
        return
    if problems:
        from kvaldesk.services.backups import DamagedDatabaseError, newest_good_backup

        raise DamagedDatabaseError(db_path, problems, newest_good_backup(db_path))
