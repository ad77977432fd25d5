"""Granska: the guided review, question by question, with the keyboard.

The view opens a review, shows its questions one at a time and moves between them, and marks
the review complete or reopens it. Saving is done by :mod:`ui.views.review_saving`, the keys by
:mod:`ui.views.review_keys`; the widgets are in :mod:`ui.views.review_page`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from kvaldesk.domain.enums import CountsAs, ReviewStatus, RoundStatus
from kvaldesk.domain.errors import KvaldeskError, ValidationError
from kvaldesk.domain.model import Case, Question, Review, Round, Template
from kvaldesk.services import reports as reports_service
from kvaldesk.services import reviews as reviews_service
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services import templates as templates_service
from ui.context import AppContext
from ui.i18n import _
from ui.models.question_list_model import QuestionListModel, QuestionRow, build_question_rows
from ui.views.report_actions import PDF_FILTER, ReportRunner, file_name
from ui.views.review_case_chooser import CaseChooser
from ui.views.review_keys import ReviewKeys
from ui.views.review_page import ReviewPage, missing_html
from ui.views.review_saving import AnswerSaver


class ReviewView(QWidget):
    """The guided review of one case, or the case chooser when no review is open."""

    view_name = "review"

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.review: Review | None = None
        self.round: Round | None = None
        self.template: Template | None = None
        self.case: Case | None = None
        self.current_id: str | None = None
        self._rows: list[QuestionRow] = []
        self._notifying = False
        self._last_round_id = ""

        self.chooser = CaseChooser()
        self.page = ReviewPage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.chooser)
        self.stack.addWidget(self.page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        # Short names for the parts the behaviour below works with.
        self.header, self.banner, self.panel = self.page.header, self.page.banner, self.page.panel
        self.list, self.model, self.message = self.page.list, self.page.model, self.page.message
        self.hidden_note, self.complete_button = self.page.hidden_note, self.page.complete_button
        self.saver = AnswerSaver(self)
        self.keys = ReviewKeys(self)
        self.reports = ReportRunner(context, self, self.page.show_info)
        self._connect()
        self._show_chooser()

    def _connect(self) -> None:
        page, panel = self.page, self.panel
        self.chooser.start_requested.connect(self.start_case)
        self.header.back_requested.connect(self.close_review)
        self.header.print_requested.connect(self.print_summary)
        self.header.save_pdf_requested.connect(self.save_summary_pdf)
        for action in (self.header.print_action, self.header.save_pdf_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            page.addAction(action)
        self.banner.reopen_confirmed.connect(self.reopen)
        self.list.activated.connect(self.open_list_question)
        self.list.clicked.connect(self.open_list_question)
        self.message.linkActivated.connect(self._link_activated)
        page.previous_button.clicked.connect(self.go_previous)
        page.next_button.clicked.connect(self.go_next)
        page.complete_button.clicked.connect(self.complete)
        page.complete_action.triggered.connect(self.complete)
        panel.option_clicked.connect(lambda n: self.answer_option(n, advance=False))
        self.keys.watch(
            panel,
            self.list,
            page.previous_button,
            page.next_button,
            page.complete_button,
            panel.number,
            panel.text_answer,
            panel.comment,
        )
        self.context.data_changed.connect(self._data_changed)
        self.context.round_selected.connect(lambda _round_id: self._data_changed("rounds"))

    # --- public -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload from the database (the view was shown or data changed elsewhere)."""
        if self.review is None:
            self._show_chooser()
            return
        self.saver.flush_all()
        try:
            self._reload(self.review.id)
        except KvaldeskError:
            self.close_review()

    def open_review(self, review_id: str) -> None:
        """Open this review at its first unanswered question."""
        self._leave_review()
        self.current_id = None
        try:
            self._reload(review_id)
        except KvaldeskError as exc:
            self.review = None
            self._show_chooser()
            self.chooser.message.show_exception(exc)
            return
        self.page.clear_message()
        self.header.saved_state.set_idle()
        first = self._next_unanswered(None)
        self.show_question(first or (self._rows[0].question_id if self._rows else None))

    def close_review(self) -> None:
        """Back to the case list (everything answered is already saved)."""
        self._leave_review()
        self.review = None
        self.current_id = None
        self._show_chooser()
        self.chooser.table.setFocus()

    def start_case(self, case_id: str) -> None:
        """Start or resume my review of this case."""
        try:
            review = reviews_service.start_review(self.context.db, case_id)
        except KvaldeskError as exc:
            self.chooser.message.show_exception(exc)
            return
        self._notify_reviews()
        self.open_review(review.id)

    @property
    def editable(self) -> bool:
        """Whether answers may change now (a draft review in an open round)."""
        return (
            self.review is not None
            and self.round is not None
            and self.review.status is ReviewStatus.DRAFT
            and self.round.status is RoundStatus.OPEN
        )

    # --- loading ------------------------------------------------------------------------

    def _reload(self, review_id: str) -> None:
        db = self.context.db
        # As the user: another reviewer's answers to a double-review case stay hidden until
        # both reviews are complete (the engine refuses with the reason).
        me = self.context.settings().reviewer_name or None
        review = reviews_service.get_review(db, review_id, viewer=me)
        round_ = rounds_service.get_round(db, review.round_id)
        template = templates_service.get_template_by_id(db, round_.template_id)
        cases = rounds_service.list_cases(db, round_.id)
        self.review, self.round, self.template = review, round_, template
        self.case = next((c for c in cases if c.id == review.case_id), None)
        self._last_round_id = round_.id
        self.stack.setCurrentWidget(self.page)
        self.header.show_review(review, round_, template, self.case)
        self.banner.show_for(review, round_)
        self.complete_button.setEnabled(self.editable)
        self.header.saved_state.setVisible(self.editable)
        self.update_rows()
        if self.current_id is not None:
            if self.model.row_of(self.current_id) < 0:
                self.current_id = self._next_unanswered(None) or (
                    self._rows[0].question_id if self._rows else None
                )
            self.show_question(self.current_id, focus=False)

    def update_rows(self) -> None:
        """Show the applicable questions of the review and how far it has come."""
        assert self.review is not None and self.template is not None
        self._rows = build_question_rows(self.template, self.review)
        self.model.set_rows(self._rows)
        state = reviews_service.progress(self.template, self.review)
        self.header.set_progress(state.answered, state.applicable)
        self.page.show_hidden_count(len(self.template.questions) - len(self._rows))
        self._show_position()

    def _show_chooser(self) -> None:
        """The case list of the selected round (or the one last reviewed)."""
        self.stack.setCurrentWidget(self.chooser)
        self.chooser.show_round(self.context, self.context.current_round_id or self._last_round_id)

    def _data_changed(self, what: str) -> None:
        if self._notifying or what not in ("reviews", "rounds", "cases", "templates", "settings"):
            return
        if self.review is None:
            # Hidden in the shown window: the window refreshes the view when it is shown, so
            # the case list is not read again on every change (an import makes many).
            if not self.isVisible() and self.window().isVisible():
                return
            self._show_chooser()
        elif self.isVisible():
            self.refresh()

    # --- questions ----------------------------------------------------------------------

    def current_question(self) -> Question | None:
        """The question shown, or None."""
        if self.template is None or self.current_id is None:
            return None
        return self.template.question(self.current_id)

    def _row(self, question_id: str | None = None) -> int:
        qid = question_id or self.current_id
        return self.model.row_of(qid) if qid else -1

    def show_question(self, question_id: str | None, focus: bool = True) -> None:
        """Show this question (saving what was typed on the previous one first)."""
        if question_id is None or self.review is None or self.template is None:
            return
        if question_id != self.current_id:
            self.saver.flush_all()
        question = self.template.question(question_id)
        if question is None:
            return
        self.current_id = question_id
        answer = self.review.answers.get(question_id)
        draft = self.saver.drafts.get((self.review.id, question_id))
        comment = draft if draft is not None else (answer.comment if answer else "")
        with self.saver.quiet():
            self.panel.show_question(question, answer, comment, self.editable)
        self.keys.watch(*self.panel.answer_buttons)
        if draft is not None:
            self.saver.flush_comment()  # shows again why the typed comment is not saved
        self._show_alert(question)
        self._show_position()
        self.page.fix_tab_order()
        self.page.scroll_area.verticalScrollBar().setValue(0)
        if focus:
            self.panel.focus_answers()
            self._reveal_focus()

    def _reveal_focus(self) -> None:
        """Scroll a long question just enough that the focused answer can be seen."""
        focused = QApplication.focusWidget()
        layout = self.panel.layout()
        if focused is not None and layout is not None and self.panel.isAncestorOf(focused):
            layout.activate()
            self.page.scroll_area.ensureWidgetVisible(focused, 16, 16)

    def _show_position(self) -> None:
        """Position text, list selection and Föregående/Nästa for the current question."""
        row = self._row()
        if row < 0 or self.current_id is None:
            return
        self.panel.set_position(self.current_id, row + 1, len(self._rows))
        self.page.select_row(row)
        self.page.previous_button.setEnabled(row > 0)
        self.page.next_button.setEnabled(row < len(self._rows) - 1)

    def _show_alert(self, question: Question) -> None:
        answer = self.review.answers.get(question.id) if self.review else None
        option = question.option(answer.value) if answer and answer.value else None
        if question.critical and option and option.counts_as is CountsAs.NON_COMPLIANT:
            self.panel.show_critical_answer(option.label)
        else:
            self.panel.show_critical_answer(None)

    def open_list_question(self) -> None:
        """Show the question selected in the list."""
        index = self.list.currentIndex()
        qid = (
            self.model.data(index, QuestionListModel.QUESTION_ID_ROLE) if index.isValid() else None
        )
        if qid:
            self.page.clear_message()
            self.show_question(str(qid))

    def _link_activated(self, link: str) -> None:
        if self._row(link) >= 0:
            self.show_question(link)

    def _next_unanswered(self, after: str | None) -> str | None:
        start = self._row(after) + 1 if after else 0
        for row in self._rows[start:] + self._rows[:start]:
            if not row.answered and row.question_id != after:
                return row.question_id
        return None

    def go_next(self) -> None:
        """Go to the next applicable question."""
        row = self._row()
        if row + 1 < len(self._rows):
            self.page.clear_message()
            self.show_question(self._rows[row + 1].question_id)
        elif self._rows:
            self.saver.flush_all()
            self._say_where_we_are()

    def go_previous(self) -> None:
        """Go to the previous applicable question."""
        row = self._row()
        if row > 0:
            self.page.clear_message()
            self.show_question(self._rows[row - 1].question_id)

    def _say_where_we_are(self) -> None:
        self.page.show_last_question(self.editable, self._next_unanswered(None) is None)

    # --- answering and saving -------------------------------------------------------------

    def answer_option(self, number: int, advance: bool = True) -> None:
        """Answer the current question with option ``number`` (1-based) and save it at once."""
        question = self.current_question()
        if question is None or self.review is None:
            return
        if not self.editable:
            self._refuse_edit()
        elif not question.options:
            return
        elif not 1 <= number <= len(question.options):
            self.page.show_error(
                _("Frågan har {n} svarsalternativ. Tryck en siffra från 1 till {n}.").format(
                    n=len(question.options)
                )
            )
        else:
            self.saver.flush_all()
            option = question.options[number - 1]
            saved = self.saver.save(question, value=option.value)
            self._sync_buttons(question)
            if saved:
                self.page.clear_message()
                self._show_alert(question)
                if advance:
                    self._advance_after(question, option.counts_as)
            return
        self._sync_buttons(question)

    def _sync_buttons(self, question: Question) -> None:
        """Check the button of the stored answer (a refused click must not look saved)."""
        stored = self.review.answers.get(question.id) if self.review else None
        self.panel.set_value(stored.value if stored else None, question)

    def _advance_after(self, question: Question, counts_as: CountsAs) -> None:
        """After a number key: ask for the number if the question has one, else move on."""
        assert self.review is not None
        answer = self.review.answers.get(question.id)
        if (
            question.number_field is not None
            and counts_as is not CountsAs.NOT_APPLICABLE
            and (answer is None or answer.number is None)
        ):
            self.panel.number_hint.show()
            self.panel.number.setFocus(Qt.FocusReason.OtherFocusReason)
            self.panel.number.selectAll()
            self._reveal_focus()
            return
        target = self._next_unanswered(question.id)
        if target is not None:
            self.show_question(target)
        else:
            self._say_where_we_are()

    def _leave_review(self) -> None:
        self.saver.flush_all()
        self._notify_if_dirty()

    def hideEvent(self, event: QHideEvent) -> None:
        """Save what was typed; tell the other views once control is back in the event loop
        (never while the window is being torn down)."""
        self.saver.flush_all()
        QTimer.singleShot(0, self, self._notify_if_dirty)
        super().hideEvent(event)

    def _notify_if_dirty(self) -> None:
        if self.saver.dirty:
            self.saver.dirty = False
            self._notify_reviews()

    def _notify_reviews(self) -> None:
        """Tell the other views that reviews changed (this view already shows the change)."""
        self._notifying = True
        try:
            self.context.notify("reviews")
        finally:
            self._notifying = False

    # --- summary: print and save -----------------------------------------------------------

    def _summary_name(self) -> str:
        reference = self.case.reference if self.case else ""
        return file_name(_("granskning-{case}").format(case=reference), ".pdf")

    def print_summary(self) -> None:
        """Write the open review's summary in the background, then show the print dialog."""
        if self.review is None:
            return
        self.saver.flush_all()
        review_id = self.review.id
        reference = self.case.reference if self.case else ""
        self.reports.print_report(
            lambda db, path, _progress: reports_service.write_review_summary_pdf_file(
                db, review_id, path
            ),
            title=_("Granskning av ärende {case}").format(case=reference),
            default_name=self._summary_name(),
            label=_("Skapar sammanfattningen"),
        )

    def save_summary_pdf(self) -> None:
        """Ask for a file name and save the open review's summary there as PDF."""
        if self.review is None:
            return
        self.saver.flush_all()
        review_id = self.review.id
        self.reports.save(
            lambda db, path, _progress: reports_service.write_review_summary_pdf_file(
                db, review_id, path
            ),
            caption=_("Spara sammanfattning som PDF"),
            default_name=self._summary_name(),
            file_filter=PDF_FILTER,
            label=_("Sparar sammanfattningen"),
            saved=lambda path, _result: _("Sammanfattningen sparades: {path}").format(path=path),
        )

    # --- complete and reopen --------------------------------------------------------------

    def complete(self) -> None:
        """Mark the review complete, or list the questions that still lack an answer."""
        if self.review is None or self.template is None:
            return
        if not self.editable:
            self._refuse_edit()
            return
        self.saver.flush_all()
        try:
            self.review = reviews_service.complete_review(self.context.db, self.review.id)
        except ValidationError as exc:
            state = reviews_service.progress(self.template, self.review)
            missing = [q for q in self.template.questions if q.id in state.missing]
            self.page.show_rich_message(missing_html(exc.summary, missing), error=True)
            if missing:
                self.show_question(missing[0].id)
            return
        except KvaldeskError as exc:
            self.page.show_error(str(exc))
            return
        self.saver.dirty = False
        self._notify_reviews()
        self.context.status_message.emit(_("Granskningen är markerad som klar."))
        self._reload(self.review.id)
        self.page.show_info(
            _("Granskningen är klar och sparad. Välj nästa ärende under Till ärendelistan.")
        )
        self.header.back_button.setFocus()

    def reopen(self, reason: str) -> None:
        """Reopen the complete review for changes, with the reason logged."""
        if self.review is None:
            return
        try:
            self.review = reviews_service.reopen_review(self.context.db, self.review.id, reason)
        except KvaldeskError as exc:
            self.banner.message.show_exception(exc)
            return
        self._notify_reviews()
        self._reload(self.review.id)
        self.page.show_info(
            _("Granskningen är öppen för ändringar igen. Anledning: {reason}").format(reason=reason)
        )
        self.panel.focus_answers()

    def _refuse_edit(self) -> None:
        self.page.show_locked(self.round is not None and self.round.status is RoundStatus.CLOSED)
