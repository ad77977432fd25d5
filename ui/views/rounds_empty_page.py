"""What Granskningar shows before there is any round: what a round is, and one big button to
create the first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.i18n import _
from ui.widgets import HINT_STYLE, SMALL_PRINT_STYLE, action_button, heading

PRIMARY_STYLE = (
    "QPushButton { background: #1f5f8b; color: white; border: 2px solid #1f5f8b; "
    "border-radius: 5px; padding: 10px 28px; font-size: 12pt; font-weight: bold; }"
    "QPushButton:hover { background: #174a6d; }"
    "QPushButton:focus { border: 2px solid #0b2a40; }"
)


class NoRoundsPage(QWidget):
    """The empty state of Granskningar; ``new_button`` runs ``new_action``."""

    def __init__(self, new_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 40, 24, 24)
        layout.setSpacing(12)
        layout.addStretch(1)
        title = heading(_("Här finns inga granskningsomgångar ännu"), 4)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(title)
        text = QLabel(
            _(
                "En granskningsomgång samlar en mall, en period och de ärenden ni ska granska. "
                "Skapa den första omgången, lägg till ärendena och börja granska – eller läs in "
                "granskningar ni redan har gjort i Excel."
            )
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        text.setFixedWidth(560)
        text.setStyleSheet(HINT_STYLE)
        layout.addLayout(_centred(text))
        self.new_button = action_button(
            new_action, _("Ny granskning"), _("Skapa en granskningsomgång (Ctrl+N)")
        )
        self.new_button.setStyleSheet(PRIMARY_STYLE)
        layout.addSpacing(8)
        layout.addLayout(_centred(self.new_button))
        shortcut = QLabel(_("Kortkommando: Ctrl+N"))
        shortcut.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        shortcut.setStyleSheet(SMALL_PRINT_STYLE)
        layout.addWidget(shortcut)
        layout.addStretch(2)


def _centred(widget: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    return row
