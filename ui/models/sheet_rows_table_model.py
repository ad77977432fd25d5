"""A thin table model over the rows a spreadsheet import would read
(``kvaldesk.services.sheets.SheetCheck.rows``): one row per reviewed case."""

from __future__ import annotations

from kvaldesk.services.sheets import SheetReviewRow
from ui.i18n import _
from ui.models.base import RIGHT, Column, RowTableModel

ROW, REFERENCE, SUBGROUP, UNIT, REVIEWER, DATE, ANSWERS = range(7)


class SheetRowsTableModel(RowTableModel[SheetReviewRow]):
    """Rad, Ärende, Grupp, Enhet, Granskare, Datum, Svar (number of answers)."""

    def columns(self) -> list[Column[SheetReviewRow]]:
        """The seven columns."""
        return [
            Column(_("Rad"), lambda r: str(r.row.number), alignment=RIGHT),
            Column(_("Ärende"), lambda r: r.reference),
            Column(_("Grupp"), lambda r: r.subgroup),
            Column(_("Enhet"), lambda r: r.unit),
            Column(_("Granskare"), lambda r: r.reviewer),
            Column(_("Datum"), lambda r: r.completed_at[:10]),
            Column(
                _("Svar"),
                lambda r: str(sum(1 for a in r.answers.values() if a.value is not None)),
                alignment=RIGHT,
            ),
        ]
