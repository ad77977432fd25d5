"""The outcome of each file of an import (``kvaldesk.services.exchange.import_paths``)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from kvaldesk.services.exchange import ImportOutcome
from ui.i18n import _
from ui.models.base import Column, RowTableModel

FILE, OUTCOME, DETAILS = range(3)

#: Rejected files and files with conflicts stand out (and say so in words, not by colour alone).
REJECTED_FOREGROUND = QColor("#a4161a")
CONFLICT_FOREGROUND = QColor("#7a2e00")


def outcome_text(outcome: str) -> str:
    """What happened to a file, in words."""
    return {
        "imported": _("Importerad"),
        "already_imported": _("Redan importerad"),
        "rejected": _("Avvisad"),
        "conflicts": _("Konflikter"),
        "skipped": _("Hoppades över"),
    }.get(outcome, outcome)


def counts_text(counts: dict[str, int]) -> str:
    """What an imported file brought, as short counts (only those that are not zero)."""
    labels = (
        ("conflicts", _("konflikter: {n}")),
        ("reviews_inserted", _("nya granskningar: {n}")),
        ("reviews_replaced", _("uppdaterade granskningar: {n}")),
        ("reviews_skipped", _("oförändrade granskningar: {n}")),
        ("cases", _("ärenden: {n}")),
        ("rounds", _("omgångar: {n}")),
        ("templates", _("mallar: {n}")),
    )
    parts = [text.format(n=counts[key]) for key, text in labels if counts.get(key, 0)]
    actions = counts.get("actions_inserted", 0) + counts.get("actions_replaced", 0)
    if actions:
        parts.append(_("åtgärder: {n}").format(n=actions))
    return "; ".join(parts) if parts else _("Inget nytt i filen.")


def details_text(outcome: ImportOutcome) -> str:
    """The counts of an imported file, or why it was not imported."""
    if outcome.outcome in ("imported", "conflicts") and outcome.counts:
        return counts_text(outcome.counts)
    if outcome.outcome == "already_imported":
        return outcome.reason or _("Filen har lästs in tidigare; inget ändrades.")
    return outcome.reason


class ImportOutcomesModel(RowTableModel[ImportOutcome]):
    """One row per file: Fil, Resultat, Detaljer."""

    def columns(self) -> list[Column[ImportOutcome]]:
        """File name (full path in the tooltip), outcome and details."""
        return [
            Column(
                _("Fil"),
                lambda o: PurePath(o.file).name or o.file,
                tooltip=lambda o: o.file,
            ),
            Column(_("Resultat"), lambda o: outcome_text(o.outcome)),
            Column(
                _("Detaljer"),
                lambda o: details_text(o),
                tooltip=lambda o: details_text(o) or None,
            ),
        ]

    def row_key(self, row: ImportOutcome) -> str:
        """The file's path."""
        return row.file

    def role_data(self, row: ImportOutcome, column: int, role: int) -> Any:
        """Rejected files in red, files with conflicts in brown (Resultat column)."""
        if role == Qt.ItemDataRole.ForegroundRole and column == OUTCOME:
            if row.outcome == "rejected":
                return REJECTED_FOREGROUND
            if row.outcome == "conflicts":
                return CONFLICT_FOREGROUND
        return None
