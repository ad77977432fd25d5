"""The pane under the actions list: the whole text of the selected action and its facts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget

from kvaldesk.services.actions import ActionRow
from ui.i18n import _
from ui.models.actions_table_model import status_label


class ActionDetails(QScrollArea):
    """The selected action in full (``text_label``), scrolling when it is long."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text_label = QLabel()
        self.text_label.setWordWrap(True)
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text_label.setAccessibleName(_("Vald åtgärd"))
        self.text_label.setContentsMargins(10, 8, 10, 8)
        self.setWidget(self.text_label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumHeight(90)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def show_row(self, row: ActionRow | None, question: str = "") -> None:
        """Show this action (``question``: the text of the question it is about, if any), or
        how to choose one."""
        if row is None:
            self.text_label.setText(_("Välj en åtgärd i listan för att se hela texten."))
            return
        lines = [row.action.text]
        if question:
            lines.append(_("Fråga: {question}").format(question=question))
        lines.append(
            _(
                "Omgång: {round} · Ansvarig: {owner} · Klart senast: {due} · Status: {status}"
            ).format(
                round=row.round_name or "–",
                owner=row.action.owner or "–",
                due=row.action.due_date or "–",
                status=status_label(row),
            )
        )
        self.text_label.setText("\n\n".join((lines[0], "\n".join(lines[1:]))))
