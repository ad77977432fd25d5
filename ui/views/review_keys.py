"""The keyboard of the guided review.

While the focus is not in a text or number field: 1–9 answer and move on to the next
unanswered question; Enter, Right or PageDown go to the next question; Left or PageUp to the
previous one (Ctrl+Enter, marking the review complete, is an action of the page). Esc in a text
field returns to the answers; Enter in the number or text answer field saves it and goes on.
Leaving a text or number field saves it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.views.review_view import ReviewView

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
NEXT_KEYS = (*ENTER_KEYS, Qt.Key.Key_Right, Qt.Key.Key_PageDown)
PREVIOUS_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_PageUp)


class ReviewKeys(QObject):
    """An event filter on the review's widgets that turns keys into review actions."""

    def __init__(self, view: ReviewView) -> None:
        super().__init__(view)
        self.view = view

    def watch(self, *widgets: QWidget) -> None:
        """Handle the keys pressed in these widgets."""
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Number keys, Enter and arrows for the review; saving when a text field is left."""
        view = self.view
        if view.review is None:
            return False
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._handle_key(watched, event)
        if event.type() == QEvent.Type.FocusOut:
            if watched is view.panel.comment:
                view.saver.flush_comment()
            elif watched in (view.panel.number, view.panel.text_answer):
                view.saver.flush_fields()
        return False

    def _handle_key(self, watched: QObject, event: QKeyEvent) -> bool:
        view, panel, page = self.view, self.view.panel, self.view.page
        key = event.key()
        plain = (
            event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ) == Qt.KeyboardModifier.NoModifier
        if watched in (panel.comment, panel.text_answer, panel.number):
            if key == Qt.Key.Key_Escape:
                view.saver.flush_all()
                panel.focus_answers()
                return True
            if watched is not panel.comment and plain and key in ENTER_KEYS:
                if view.saver.flush_fields():
                    view.go_next()
                return True
            return False  # typing: the keys belong to the field
        if not plain:
            return False
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            if watched is page.list:
                view.open_list_question()  # answer the question the list points at
            view.answer_option(int(key) - int(Qt.Key.Key_0))
            return True
        buttons = (page.previous_button, page.next_button, page.complete_button)
        if watched is page.list or (key in ENTER_KEYS and watched in buttons):
            return False  # the list moves and activates; a focused button clicks on Enter
        if key in NEXT_KEYS:
            view.go_next()
            return True
        if key in PREVIOUS_KEYS:
            view.go_previous()
            return True
        return False
