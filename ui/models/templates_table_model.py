"""A thin table model over ``kvaldesk.services.templates.list_templates``: one row per version."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from kvaldesk.domain.model import Template
from ui.i18n import _
from ui.models.base import RIGHT, Column, RowTableModel

TITLE, KEY, VERSION, QUESTIONS, IN_USE = range(5)

#: The template id of a row (any column).
TEMPLATE_ID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class TemplateRow:
    """A template version and whether reviews use it (then it is frozen)."""

    template: Template
    frozen: bool


class TemplatesTableModel(RowTableModel[TemplateRow]):
    """Mall, Nyckel, Version, Frågor, Används."""

    def columns(self) -> list[Column[TemplateRow]]:
        """The five columns."""
        return [
            Column(
                _("Mall"),
                lambda r: r.template.title,
                tooltip=lambda r: r.template.description or r.template.title,
            ),
            Column(_("Nyckel"), lambda r: r.template.key),
            Column(_("Version"), lambda r: str(r.template.version), alignment=RIGHT),
            Column(_("Frågor"), lambda r: str(len(r.template.questions)), alignment=RIGHT),
            Column(
                _("Används"),
                lambda r: _("Ja") if r.frozen else _("Nej"),
                tooltip=lambda r: (
                    _("Används i granskningar: en ändring sparas som en ny version.")
                    if r.frozen
                    else None
                ),
                header_tooltip=_(
                    "En mall som används i granskningar ändras inte; en ändring blir en ny version."
                ),
            ),
        ]

    def row_key(self, row: TemplateRow) -> str:
        """Rows are found by template id."""
        return row.template.id

    def role_data(self, row: TemplateRow, column: int, role: int) -> Any:
        """The template id under TEMPLATE_ID_ROLE."""
        return row.template.id if role == TEMPLATE_ID_ROLE else None

    def template_at(self, row: int) -> Template | None:
        """The template version shown at ``row``, or None."""
        found = self.row_at(row)
        return found.template if found else None
