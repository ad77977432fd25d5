"""At start-up: the database is damaged. Offer to restore the newest good backup.

The damaged file is never deleted: the restore moves it (with its -wal/-shm files) into the
backups folder, unchanged, and says where.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.services.backups import DamagedDatabaseError
from kvaldesk.services.workspace import restore_workspace
from ui.i18n import _

TITLE = "kvaldesk"


def offer_restore(damaged: DamagedDatabaseError, parent: QWidget | None = None) -> bool:
    """Ask whether to restore the newest good backup; False when there is none or on No."""
    backup = damaged.newest_good
    if backup is None:
        QMessageBox.critical(
            parent,
            TITLE,
            _(
                "Databasen {path} är skadad och det finns ingen felfri säkerhetskopia att "
                "återställa. Filen har inte ändrats. Kontakta den som sköter era datorer."
            ).format(path=damaged.path),
        )
        return False
    taken = backup.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
    answer = QMessageBox.question(
        parent,
        TITLE,
        _(
            "Databasen {path} är skadad och kan inte användas.\n\n"
            "Vill du återställa den senaste felfria säkerhetskopian från {taken}? "
            "Det som ändrats efter den tiden finns inte i kopian. Den skadade filen tas inte "
            "bort: den flyttas till mappen med säkerhetskopior."
        ).format(path=damaged.path, taken=taken),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return bool(answer == QMessageBox.StandardButton.Yes)


def restore_newest_good(
    damaged: DamagedDatabaseError, db_path: Path, parent: QWidget | None = None
) -> bool:
    """Offer the restore and do it; True when the database was restored."""
    if not offer_restore(damaged, parent) or damaged.newest_good is None:
        return False
    try:
        result = restore_workspace(damaged.newest_good.path, db_path)
    except KvaldeskError as exc:
        QMessageBox.critical(
            parent,
            TITLE,
            _("Säkerhetskopian kunde inte återställas: {reason}").format(reason=exc),
        )
        return False
    QMessageBox.information(
        parent,
        TITLE,
        _(
            "Databasen återställdes från säkerhetskopian {backup}. Den skadade filen finns kvar "
            "som {kept}."
        ).format(backup=result.restored.name, kept=result.kept or "-"),
    )
    return True
