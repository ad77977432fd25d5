"""A thin table model over ``kvaldesk.services.actions.list_actions``: one row per action."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from kvaldesk.domain.model import Action
from kvaldesk.services.actions import OPEN_STATUSES, STATUS_LABELS, ActionRow
from ui.i18n import _

Index = QModelIndex | QPersistentModelIndex

TEXT, ROUND, QUESTION, OWNER, DUE, STATUS = range(6)

#: The action id of a row (any column).
ACTION_ID_ROLE = Qt.ItemDataRole.UserRole
#: A value to sort the column by (a proxy model's sort role).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

#: Overdue rows: a warm background and dark text, plus the word "Försenad" (not colour alone).
OVERDUE_BACKGROUND = QColor("#fde9d2")
OVERDUE_FOREGROUND = QColor("#7a2e00")
#: Done and cancelled actions are shown dimmed.
CLOSED_FOREGROUND = QColor("#5f6b76")


def status_label(row: ActionRow) -> str:
    """The status as shown in the list: the Swedish label, and "Försenad" when overdue."""
    label = _(STATUS_LABELS.get(row.action.status, row.action.status.value))
    if row.overdue:
        return _("Försenad ({status})").format(status=label)
    return label


def one_line(text: str) -> str:
    """The text on one line (a table cell elides it; the tooltip shows all of it)."""
    return " ".join(text.split())


class ActionsTableModel(QAbstractTableModel):
    """Åtgärd, Omgång, Fråga, Ansvarig, Klart senast, Status."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ActionRow] = []
        self._questions: dict[tuple[str, str], str] = {}

    def headers(self) -> list[str]:
        """The column titles, translated."""
        return [_("Åtgärd"), _("Omgång"), _("Fråga"), _("Ansvarig"), _("Klart senast"), _("Status")]

    def set_rows(
        self, rows: Sequence[ActionRow], questions: Mapping[tuple[str, str], str] | None = None
    ) -> None:
        """Show these rows. ``questions`` maps (round id, question id) to the question's text."""
        self.beginResetModel()
        self._rows = list(rows)
        self._questions = dict(questions or {})
        self.endResetModel()

    def row_at(self, row: int) -> ActionRow | None:
        """The service row shown at ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def action_at(self, row: int) -> Action | None:
        """The action shown at ``row``, or None."""
        found = self.row_at(row)
        return found.action if found else None

    def row_of(self, action_id: str) -> int:
        """The row showing this action, or -1."""
        for number, found in enumerate(self._rows):
            if found.action.id == action_id:
                return number
        return -1

    def question_text(self, row: ActionRow) -> str:
        """The question the action is about, or an empty string."""
        if not row.action.question_id:
            return ""
        return self._questions.get(
            (row.action.round_id, row.action.question_id), row.action.question_id
        )

    # Qt's model interface -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of actions (0 under any item: this is a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Six columns."""
        return 0 if parent.isValid() else STATUS + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and 0 <= section <= STATUS
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
        ):
            return self.headers()[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Selectable, not editable in place (editing is done in the dialog)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, tooltip, colours and sort keys of one cell."""
        if not index.isValid():
            return None
        found = self.row_at(index.row())
        if found is None or not 0 <= index.column() <= STATUS:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(found, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(found, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(OVERDUE_BACKGROUND) if found.overdue else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if found.overdue:
                return QBrush(OVERDUE_FOREGROUND)
            if found.action.status not in OPEN_STATUSES:
                return QBrush(CLOSED_FOREGROUND)
            return None
        if role == Qt.ItemDataRole.FontRole and found.overdue and column in (DUE, STATUS):
            font = QFont()
            font.setBold(True)
            return font
        if role == ACTION_ID_ROLE:
            return found.action.id
        if role == SORT_ROLE:
            return self._sort_key(found, column)
        return None

    def _display(self, row: ActionRow, column: int) -> str:
        action = row.action
        if column == TEXT:
            return one_line(action.text)
        if column == ROUND:
            return row.round_name
        if column == QUESTION:
            return one_line(self.question_text(row))
        if column == OWNER:
            return action.owner
        if column == DUE:
            return action.due_date or ""
        return status_label(row)

    def _tooltip(self, row: ActionRow, column: int) -> str | None:
        if column == TEXT:
            return row.action.text
        if column == QUESTION:
            return self.question_text(row) or None
        if column == ROUND:
            return row.round_name or None
        if column in (DUE, STATUS) and row.overdue:
            return _("Försenad: den skulle vara klar senast {date}.").format(
                date=row.action.due_date
            )
        return None

    def _sort_key(self, row: ActionRow, column: int) -> str:
        if column == DUE:
            # Actions without a date last, like the service's order.
            return row.action.due_date or "9999-99-99"
        if column == STATUS:
            order = (
                list(STATUS_LABELS).index(row.action.status)
                if row.action.status in STATUS_LABELS
                else 9
            )
            return f"{0 if row.overdue else 1}{order}"
        return self._display(row, column).casefold()
