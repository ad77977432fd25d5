"""Small shared widgets: inline form messages, section titles, a saved-state label."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

from kvaldesk.domain.errors import ValidationError
from ui.i18n import _

ERROR_STYLE = (
    "color: #a4161a; background: #fdecea; border: 1px solid #f5c2c0; "
    "border-radius: 4px; padding: 6px 8px;"
)
INFO_STYLE = (
    "color: #1d4d2b; background: #e8f5e9; border: 1px solid #b9dfbf; "
    "border-radius: 4px; padding: 6px 8px;"
)


class MessageLabel(QLabel):
    """An inline message under a form: hidden until there is something to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(_("Meddelande"))
        self.hide()

    def show_error(self, text: str) -> None:
        """Show an error message."""
        self.setStyleSheet(ERROR_STYLE)
        self.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def show_exception(self, exc: BaseException) -> None:
        """Show an engine error with its problems listed."""
        if isinstance(exc, ValidationError) and exc.problems:
            self.show_error(exc.describe(limit=12))
        else:
            self.show_error(str(exc))

    def show_info(self, text: str) -> None:
        """Show a confirmation."""
        self.setStyleSheet(INFO_STYLE)
        self.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def clear_message(self) -> None:
        """Hide the message."""
        self.clear()
        self.hide()


def heading(text: str, size_delta: int = 3) -> QLabel:
    """A bold heading label."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSize(font.pointSize() + size_delta)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label
