"""The actions view's follow-up part: the actions decided in earlier rounds of the same template,
with their status and the overdue ones marked, so the next round can follow them up."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kvaldesk.domain.model import Action
from kvaldesk.services.actions import OPEN_STATUSES, ActionRow
from ui.i18n import _
from ui.views.actions_table import ActionsTable
from ui.widgets import make_bold


def heading_text(rows: list[ActionRow]) -> str:
    """ "Från tidigare omgångar med samma mall: 4 åtgärder, 2 ej klara, 1 försenad"."""
    still_open = sum(1 for r in rows if r.action.status in OPEN_STATUSES)
    overdue = sum(1 for r in rows if r.overdue)
    if overdue:
        text = _(
            "&Från tidigare omgångar med samma mall: {n} åtgärder, {open} ej avslutade, "
            "{late} försenade"
        )
    else:
        text = _("&Från tidigare omgångar med samma mall: {n} åtgärder, {open} ej avslutade")
    return text.format(n=len(rows), open=still_open, late=overdue)


class EarlierActionsPanel(QWidget):
    """A heading and the actions of earlier rounds (Enter or a double-click edits one)."""

    edit_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        self.heading = make_bold(QLabel())
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.table = ActionsTable()
        self.table.setAccessibleName(_("Åtgärder från tidigare omgångar"))
        self.table.setMinimumHeight(90)
        self.heading.setBuddy(self.table)
        layout.addWidget(self.table, 1)
        self.table.doubleClicked.connect(lambda _index: self._edit_selected())
        self.table.installEventFilter(self)

    def show_rows(self, rows: list[ActionRow], questions: Mapping[tuple[str, str], str]) -> None:
        """Show these earlier actions (hidden when there are none)."""
        self.table.actions_model.set_rows(rows, questions)
        self.table.column_widths.fit()
        self.heading.setText(heading_text(rows))
        self.setVisible(bool(rows))

    def rows(self) -> list[ActionRow]:
        """The earlier actions shown."""
        return self.table.actions_model.rows()

    def _edit_selected(self) -> None:
        row = self.table.selected_row()
        if row is not None:
            action: Action = row.action
            self.edit_requested.emit(action)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter edits the selected earlier action."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._edit_selected()
            return True
        return super().eventFilter(watched, event)
