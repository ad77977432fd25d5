"""A thin table model over ``kvaldesk.services.templates.list_templates``: one row per version."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from kvaldesk.domain.model import Template
from ui.i18n import _

Index = QModelIndex | QPersistentModelIndex

TITLE, KEY, VERSION, QUESTIONS, IN_USE = range(5)

#: The template id of a row (any column).
TEMPLATE_ID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class TemplateRow:
    """A template version and whether reviews use it (then it is frozen)."""

    template: Template
    frozen: bool


class TemplatesTableModel(QAbstractTableModel):
    """Mall, Nyckel, Version, Frågor, Används."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[TemplateRow] = []

    def headers(self) -> list[str]:
        """The column titles, translated."""
        return [_("Mall"), _("Nyckel"), _("Version"), _("Frågor"), _("Används")]

    def set_rows(self, rows: Sequence[TemplateRow]) -> None:
        """Show these template versions."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> TemplateRow | None:
        """The row shown at ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def template_at(self, row: int) -> Template | None:
        """The template version shown at ``row``, or None."""
        found = self.row_at(row)
        return found.template if found else None

    def row_of(self, template_id: str) -> int:
        """The row showing this template version, or -1."""
        for number, found in enumerate(self._rows):
            if found.template.id == template_id:
                return number
        return -1

    # Qt's model interface -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of template versions (0 under any item: a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Five columns."""
        return 0 if parent.isValid() else IN_USE + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and 0 <= section <= IN_USE:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return self.headers()[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == IN_USE:
                return _(
                    "En mall som används i granskningar ändras inte; en ändring blir en ny version."
                )
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Selectable, not editable in place (editing is done in the editor)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, alignment and tooltip of one cell."""
        if not index.isValid():
            return None
        found = self.row_at(index.row())
        if found is None or not 0 <= index.column() <= IN_USE:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(found, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == TITLE:
                return found.template.description or found.template.title
            if column == IN_USE and found.frozen:
                return _("Används i granskningar: en ändring sparas som en ny version.")
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (VERSION, QUESTIONS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == TEMPLATE_ID_ROLE:
            return found.template.id
        return None

    def _display(self, row: TemplateRow, column: int) -> str:
        template = row.template
        if column == TITLE:
            return template.title
        if column == KEY:
            return template.key
        if column == VERSION:
            return str(template.version)
        if column == QUESTIONS:
            return str(len(template.questions))
        return _("Ja") if row.frozen else _("Nej")
