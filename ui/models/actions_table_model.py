"""A thin table model over ``kvaldesk.services.actions.list_actions``: one row per action."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from kvaldesk.domain.model import Action
from kvaldesk.services.actions import OPEN_STATUSES, STATUS_LABELS, ActionRow
from ui.i18n import _
from ui.models.base import Column, RowTableModel, bold_font, one_line

TEXT, ROUND, QUESTION, OWNER, DUE, STATUS = range(6)

#: The action id of a row (any column).
ACTION_ID_ROLE = Qt.ItemDataRole.UserRole

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


def _status_sort_key(row: ActionRow) -> str:
    """Overdue first, then in the order of the statuses."""
    status = row.action.status
    order = list(STATUS_LABELS).index(status) if status in STATUS_LABELS else 9
    return f"{0 if row.overdue else 1}{order}"


def _overdue_tooltip(row: ActionRow) -> str | None:
    if row.overdue:
        return _("Försenad: den skulle vara klar senast {date}.").format(date=row.action.due_date)
    return None


class ActionsTableModel(RowTableModel[ActionRow]):
    """Åtgärd, Omgång, Fråga, Ansvarig, Klart senast, Status."""

    SORTS_BY_TEXT = True

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._questions: dict[tuple[str, str], str] = {}

    def columns(self) -> list[Column[ActionRow]]:
        """The six columns."""
        return [
            Column(_("Åtgärd"), lambda r: one_line(r.action.text), tooltip=lambda r: r.action.text),
            Column(_("Omgång"), lambda r: r.round_name, tooltip=lambda r: r.round_name or None),
            Column(
                _("Fråga"),
                lambda r: one_line(self.question_text(r)),
                tooltip=lambda r: self.question_text(r) or None,
            ),
            Column(_("Ansvarig"), lambda r: r.action.owner),
            Column(
                _("Klart senast"),
                lambda r: r.action.due_date or "",
                tooltip=_overdue_tooltip,
                # Actions without a date last, like the service's order.
                sort_key=lambda r: r.action.due_date or "9999-99-99",
            ),
            Column(_("Status"), status_label, tooltip=_overdue_tooltip, sort_key=_status_sort_key),
        ]

    def set_rows(
        self, rows: Iterable[ActionRow], questions: Mapping[tuple[str, str], str] | None = None
    ) -> None:
        """Show these rows. ``questions`` maps (round id, question id) to the question's text."""
        with self.resetting():
            self._rows = list(rows)
            self._questions = dict(questions or {})

    def row_key(self, row: ActionRow) -> str:
        """Rows are found by action id."""
        return row.action.id

    def role_data(self, row: ActionRow, column: int, role: int) -> Any:
        """Overdue rows warm and bold where it matters, closed ones dimmed; the action id."""
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(OVERDUE_BACKGROUND) if row.overdue else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.overdue:
                return QBrush(OVERDUE_FOREGROUND)
            if row.action.status not in OPEN_STATUSES:
                return QBrush(CLOSED_FOREGROUND)
            return None
        if role == Qt.ItemDataRole.FontRole and row.overdue and column in (DUE, STATUS):
            return bold_font()
        if role == ACTION_ID_ROLE:
            return row.action.id
        return None

    def action_at(self, row: int) -> Action | None:
        """The action shown at ``row``, or None."""
        found = self.row_at(row)
        return found.action if found else None

    def question_text(self, row: ActionRow) -> str:
        """The question the action is about, or an empty string."""
        if not row.action.question_id:
            return ""
        return self._questions.get(
            (row.action.round_id, row.action.question_id), row.action.question_id
        )
