"""Small shared widgets and their looks: inline form messages, headings, notes, bold captions,
buttons that follow an action, the "Omgång: …" line of a dialog, and growing a dialog to fit
its texts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

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
#: Explanations under a field or a table.
NOTE_STYLE = "color: #44515c;"
#: Secondary facts: the criterion beside a question, an id above its text.
MUTED_STYLE = "color: #4a5560;"
#: Hints about what to do next, and the round a dialog works on.
HINT_STYLE = "color: #3d4852;"
#: Small print under a field: formats, keys.
SMALL_PRINT_STYLE = "color: #5f6b76;"
#: The centred text a view shows in place of its content.
STATE_STYLE = "color: #44515c; font-size: 12pt; padding: 24px;"
#: Page margins and the space between controls.
MARGIN = 16
SPACING = 8
#: Margins of a dialog and of a view in the main window (left, top, right, bottom).
DIALOG_MARGINS = (16, 16, 16, 16)
VIEW_MARGINS = (16, 14, 16, 12)


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


def titled_layout(
    widget: QWidget,
    title: str,
    margins: tuple[int, int, int, int] = DIALOG_MARGINS,
    spacing: int = SPACING,
) -> QVBoxLayout:
    """A vertical layout on ``widget`` that starts with ``title`` as a heading."""
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(*margins)
    layout.setSpacing(spacing)
    layout.addWidget(heading(title))
    return layout


def ok_cancel_buttons(
    ok_text: str,
    ok_name: str,
    cancel_name: str,
    ok: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok,
) -> QDialogButtonBox:
    """A dialog's ``ok`` and Avbryt buttons with these texts and accessible names (the
    buttons themselves are ``box.button(...)``)."""
    box = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    ok_button = box.button(ok)
    ok_button.setText(ok_text)
    ok_button.setAccessibleName(ok_name)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setText(_("Avbryt"))
    cancel.setAccessibleName(cancel_name)
    return box


def note(text: str = "", style: str = NOTE_STYLE) -> QLabel:
    """A wrapped, muted explanation."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label


def state_label() -> QLabel:
    """The centred text a view shows in place of its content (nothing chosen, loading, empty)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet(STATE_STYLE)
    label.setAccessibleName(_("Läge"))
    return label


def labelled_chooser(
    label_text: str, accessible_name: str, min_length: int
) -> tuple[QComboBox, QLabel]:
    """A combo box ``min_length`` characters wide whatever its items (a long round name does not
    widen the view), and its label with ``label_text``'s mnemonic pointing at it."""
    combo = QComboBox()
    combo.setAccessibleName(accessible_name)
    combo.setMinimumContentsLength(min_length)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    label = QLabel(label_text)
    label.setBuddy(combo)
    return combo, label


def make_bold(label: QLabel) -> QLabel:
    """``label`` in a bold version of its font."""
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def round_label(name: str) -> QLabel:
    """ "Omgång: …" under a dialog's heading (long names wrap)."""
    label = QLabel(_("Omgång: {name}").format(name=name))
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(HINT_STYLE)
    return label


def fit_height(dialog: QDialog) -> None:
    """Grow the dialog so wrapped texts and messages are never squeezed (never shrink it)."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    needed = (
        layout.totalHeightForWidth(dialog.width())
        if layout.hasHeightForWidth()
        else layout.totalSizeHint().height()
    )
    if dialog.height() < needed:
        dialog.resize(dialog.width(), needed)


def action_button(action: QAction, accessible: str, tip: str = "") -> QPushButton:
    """A push button that runs ``action`` and follows its text and enabled state."""
    button = QPushButton(action.text())
    button.setAccessibleName(accessible)
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(action.trigger)

    def follow() -> None:
        button.setText(action.text())
        button.setEnabled(action.isEnabled())

    action.changed.connect(follow)
    return button
