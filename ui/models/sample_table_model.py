"""A thin table model over a drawn sample (``kvaldesk.services.sampling``): one row per drawn
case, in the order the engine gave."""

from __future__ import annotations

from kvaldesk.results.sampling import CaseRef
from ui.i18n import _
from ui.models.base import RIGHT, Column, RowTableModel

NUMBER, REFERENCE, CASEWORKER, UNIT, SUBGROUP = range(5)


class SampleTableModel(RowTableModel[tuple[int, CaseRef]]):
    """Nr, Ärende, Handläggare, Enhet, Grupp."""

    SORTS_BY_TEXT = True

    def columns(self) -> list[Column[tuple[int, CaseRef]]]:
        """The five columns."""
        return [
            Column(_("Nr"), lambda r: str(r[0]), alignment=RIGHT, sort_key=lambda r: r[0]),
            Column(_("Ärende"), lambda r: r[1].reference),
            Column(_("Handläggare"), lambda r: r[1].caseworker),
            Column(_("Enhet"), lambda r: r[1].unit),
            Column(_("Grupp"), lambda r: r[1].subgroup),
        ]

    def set_cases(self, cases: list[CaseRef]) -> None:
        """Show these drawn cases, numbered from 1."""
        self.set_rows(list(enumerate(cases, start=1)))

    def references(self) -> list[str]:
        """The references shown, in order."""
        return [case.reference for _number, case in self.rows()]

    def row_key(self, row: tuple[int, CaseRef]) -> str:
        """Rows are found by reference."""
        return row[1].reference
