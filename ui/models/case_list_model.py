"""The review view's list of cases: the cases of a round with the state of my review of each
(``kvaldesk.services.rounds.list_cases`` and ``kvaldesk.services.reviews.list_reviews``)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from sqlite_utils import Database

from kvaldesk.domain.enums import ReviewStatus
from kvaldesk.services import reviews as reviews_service
from kvaldesk.services import rounds as rounds_service
from ui.i18n import _
from ui.models.base import Column, RowTableModel


@dataclass(frozen=True)
class CaseRow:
    """One case of a round and the state of my review of it."""

    case_id: str
    reference: str
    subgroup: str
    unit: str
    status: str


def build_case_rows(db: Database, round_id: str, reviewer: str) -> list[CaseRow]:
    """The cases of a round with the state of ``reviewer``'s review of each."""
    mine = {
        str(row["case_id"]): row
        for row in reviews_service.list_reviews(db, round_id)
        if row["reviewer"] == reviewer
    }
    rows = []
    for case in rounds_service.list_cases(db, round_id):
        review = mine.get(case.id)
        if review is None:
            status = _("Inte påbörjad")
        elif review["status"] == ReviewStatus.COMPLETE.value:
            status = _("Klar")
        else:
            status = _("Pågår, {n} besvarade").format(n=review["answered"])
        rows.append(CaseRow(case.id, case.reference, case.subgroup, case.unit, status))
    return rows


class CaseListModel(RowTableModel[CaseRow]):
    """Columns: case reference, subgroup, my review's state (the tooltip repeats the text)."""

    CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def columns(self) -> list[Column[CaseRow]]:
        """The three columns."""
        return [
            Column(_("Ärende"), lambda r: r.reference, tooltip=lambda r: r.reference),
            Column(_("Grupp"), lambda r: r.subgroup, tooltip=lambda r: r.subgroup),
            Column(_("Min granskning"), lambda r: r.status, tooltip=lambda r: r.status),
        ]

    def row_key(self, row: CaseRow) -> str:
        """Rows are found by case id."""
        return row.case_id

    def role_data(self, row: CaseRow, column: int, role: int) -> object:
        """The case id under CASE_ID_ROLE."""
        return row.case_id if role == self.CASE_ID_ROLE else None
