"""Autosave for the guided review: every answer is saved through :mod:`kvaldesk.services.reviews`
at once; comments, numbers and text answers when the field is left or after a short pause in
typing. Text that cannot be saved (for example a comment with a personnummer) stays in the
field with the reason in red, and is kept as a draft for the session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.domain.model import Question
from kvaldesk.services import reviews as reviews_service
from ui.errors import show_error
from ui.i18n import _

if TYPE_CHECKING:
    from ui.views.review_view import ReviewView

SAVE_DELAY_MS = 700


class AnswerSaver(QObject):
    """Saves what is chosen or typed on the review open in ``view`` and shows the saved state."""

    def __init__(self, view: ReviewView) -> None:
        super().__init__(view)
        self.view = view
        #: Comments that could not be saved, by (review id, question id), kept for the session
        #: so typed text is never silently lost.
        self.drafts: dict[tuple[str, str], str] = {}
        #: Whether something was saved since the other views were told.
        self.dirty = False
        self._quiet = False
        self._comment_timer = self._timer(self.flush_comment)
        self._field_timer = self._timer(self.flush_fields)
        panel = view.panel
        panel.comment.textChanged.connect(self._comment_edited)
        panel.number.valueChanged.connect(self._field_edited)
        panel.text_answer.textEdited.connect(self._field_edited)

    def _timer(self, slot: Callable[[], object]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(SAVE_DELAY_MS)
        timer.timeout.connect(slot)
        return timer

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Changes to the fields inside this block are the panel being filled, not edits."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    def save(self, question: Question, **parts: Any) -> bool:
        """Save one answer with ``parts`` (value, number, text, comment) changed and the rest
        kept; on refusal show why next to the field and return False."""
        view = self.view
        assert view.review is not None
        saved_state = view.header.saved_state
        stored = view.review.answers.get(question.id)
        fields: dict[str, Any] = {
            "value": stored.value if stored else None,
            "number": stored.number if stored else None,
            "text": stored.text if stored else None,
            "comment": stored.comment if stored else "",
        }
        fields.update(parts)
        try:
            review = reviews_service.save_answer(
                view.context.db, view.review.id, question.id, **fields
            )
        except KvaldeskError as exc:
            if "comment" in parts:
                saved_state.set_failed(_("Kommentaren är inte sparad"))
                view.panel.comment_message.show_error(
                    _(
                        "{problem}\nKommentaren är inte sparad, men texten finns kvar i fältet. "
                        "Rätta texten så sparas den."
                    ).format(problem=str(exc))
                )
            elif "value" in parts:
                saved_state.set_failed(_("Inte sparat"))
                view.page.show_error(str(exc))
            else:
                saved_state.set_failed(_("Inte sparat"))
                view.panel.field_message.show_exception(exc)
            return False
        except Exception as exc:  # unexpected: explain in a dialog, keep working
            saved_state.set_failed(_("Inte sparat"))
            show_error(view, exc)
            return False
        view.review = review
        self.dirty = True
        saved_state.set_saved()
        view.update_rows()
        return True

    def _comment_edited(self) -> None:
        if not self._quiet and self.view.editable:
            self.view.header.saved_state.set_saving()
            self._comment_timer.start()

    def _field_edited(self, *_args: object) -> None:
        if not self._quiet and self.view.editable:
            self.view.header.saved_state.set_saving()
            self._field_timer.start()

    def flush_comment(self) -> bool:
        """Save the comment field if it changed; False (text kept as a draft) if refused."""
        self._comment_timer.stop()
        view = self.view
        question = view.current_question()
        if question is None or view.review is None or not view.editable:
            return True
        typed = view.panel.comment.toPlainText()
        stored = view.review.answers.get(question.id)
        if typed.strip() == (stored.comment if stored else ""):
            saved = True
        else:
            saved = self.save(question, comment=typed)
        if saved:
            self.drafts.pop((view.review.id, question.id), None)
            view.panel.comment_message.clear_message()
            if view.header.saved_state.state == "saving":
                view.header.saved_state.set_saved()
        else:
            self.drafts[(view.review.id, question.id)] = typed
        return saved

    def flush_fields(self) -> bool:
        """Save the number and text answer fields if they changed."""
        self._field_timer.stop()
        view, panel = self.view, self.view.panel
        question = view.current_question()
        if question is None or view.review is None or not view.editable:
            return True
        stored = view.review.answers.get(question.id)
        changes: dict[str, Any] = {}
        number = panel.number.number()
        if panel.number_row.isVisibleTo(panel) and number != (stored.number if stored else None):
            changes["number"] = number
        text = panel.text_answer.text().strip() or None
        if panel.text_row.isVisibleTo(panel) and text != (stored.text if stored else None):
            changes["text"] = text
        if changes and not self.save(question, **changes):
            return False
        panel.field_message.clear_message()
        if view.header.saved_state.state == "saving":
            view.header.saved_state.set_saved()
        return True

    def flush_all(self) -> None:
        """Save whatever is typed on the current question."""
        if self.view.review is not None:
            self.flush_fields()
            self.flush_comment()
