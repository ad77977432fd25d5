"""The guided review (Granska): keyboard answering, autosave, conditions, completion, reopening,
personnummer in comments and the number field, driven through the real widgets."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from stdnum import luhn

from kvaldesk.domain.enums import ReviewStatus, RoundStatus
from kvaldesk.domain.model import Case, Question, Review, Round, Template
from kvaldesk.domain.rules import applicable_questions
from kvaldesk.services import reviews as reviews_service
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services import templates as templates_service
from ui.context import AppContext
from ui.models.case_list_model import CaseListModel, build_case_rows
from ui.models.question_list_model import QuestionListModel, build_question_rows
from ui.views.review_view import ReviewView

TEMPLATE_KEY = "barnavardsutredning"


# --- helpers ----------------------------------------------------------------------------------


def make_round(context: AppContext) -> tuple[Round, Case]:
    round_ = rounds_service.create_round(
        context.db, template_key=TEMPLATE_KEY, name="Testomgång våren"
    )
    case = rounds_service.add_case(context.db, round_.id, "TEST-001", "ny", "Enhet Öst")
    rounds_service.add_case(context.db, round_.id, "TEST-002", "pågående")
    return round_, case


def template_of(context: AppContext, round_: Round) -> Template:
    return templates_service.get_template_by_id(context.db, round_.template_id)


def make_view(qtbot: Any, context: AppContext) -> ReviewView:
    view = ReviewView(context)
    qtbot.addWidget(view)
    view.resize(1280, 820)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    return view


def open_review(view: ReviewView, context: AppContext, case: Case) -> Review:
    review = reviews_service.start_review(context.db, case.id)
    view.open_review(review.id)
    return review


def stored(context: AppContext, review_id: str) -> Review:
    return reviews_service.get_review(context.db, review_id)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def key_for(question: Question, value: str) -> str:
    """The number key that answers ``question`` with ``value``."""
    values = [option.value for option in question.options]
    return str(values.index(value) + 1)


def conditional(template: Template) -> tuple[Question, Question, str, str]:
    """A question with a simple condition, its gate, a value that opens it and one that does not."""
    for question in template.questions:
        condition = question.condition
        if condition is not None and condition.question is not None:
            gate = template.question(condition.question)
            assert gate is not None
            opening = condition.answer_in[0]
            closing = next(o.value for o in gate.options if o.value not in condition.answer_in)
            return question, gate, opening, closing
    raise AssertionError("the template has no conditional question")


def answer_everything(context: AppContext, review: Review, template: Template) -> None:
    """Answer every applicable question with its first option, through the service."""
    for question in template.questions:
        current = stored(context, review.id)
        values = {qid: a.value for qid, a in current.answers.items()}
        if question in applicable_questions(template, values):
            reviews_service.save_answer(
                context.db, review.id, question.id, value=question.options[0].value
            )


def made_up_personnummer() -> str:
    """A Luhn-valid personnummer for a made-up date; never a real-looking literal in the code."""
    digits = "121212" + "121"
    return f"{digits[:6]}-{digits[6:]}{luhn.calc_check_digit(digits)}"


def shown_ids(view: ReviewView) -> list[str]:
    return [row.question_id for row in view.model.rows()]


# --- tests ------------------------------------------------------------------------------------


def test_whole_review_with_the_keyboard_only(qtbot: Any, empty_context: AppContext) -> None:
    round_, case = make_round(empty_context)
    template = template_of(empty_context, round_)
    view = make_view(qtbot, empty_context)
    empty_context.round_selected.emit(round_.id)
    assert view.chooser.table.isVisible()
    view.chooser.table.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # start the first case of the list
    assert view.review is not None
    review_id = view.review.id
    assert view.case is not None and view.case.reference == case.reference

    # Answer so that every conditional question opens: the gate gets the value its follower needs.
    wanted: dict[str, str] = {}
    for question in template.questions:
        if question.condition is not None and question.condition.question is not None:
            wanted[question.condition.question] = question.condition.answer_in[0]
    presses = 0
    asked = ""
    while view.model.rows() and any(not row.answered for row in view.model.rows()):
        presses += 1
        assert presses < 100, "the keyboard flow does not finish"
        widget = focused()
        if widget is view.panel.number:
            qtbot.keyClicks(widget, "3")
            qtbot.keyClick(widget, Qt.Key.Key_Return)
            assert stored(empty_context, review_id).answers[asked].number == 3
            continue
        assert view.current_id is not None
        asked = view.current_id
        current = template.question(asked)
        assert current is not None
        value = wanted.get(asked, current.options[0].value)
        qtbot.keyClick(widget, key_for(current, value))
        # Autosave: the answer is in the database right after the key press.
        assert stored(empty_context, review_id).answers[asked].value == value
    assert "frågor är besvarade" in view.message.text()
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    final = stored(empty_context, review_id)
    assert final.status is ReviewStatus.COMPLETE
    values = {qid: a.value for qid, a in final.answers.items()}
    applicable = applicable_questions(template, values)
    assert len(applicable) == len(template.questions)  # every follow-up question was opened
    for question in applicable:
        assert final.answers[question.id].value is not None
    assert view.banner.isVisible()
    assert "klar" in view.banner.text.text()


def test_enter_and_arrows_move_between_questions(qtbot: Any, empty_context: AppContext) -> None:
    _round, case = make_round(empty_context)
    view = make_view(qtbot, empty_context)
    open_review(view, empty_context, case)
    ids = shown_ids(view)
    assert view.current_id == ids[0]
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert view.current_id == ids[1]
    qtbot.keyClick(focused(), Qt.Key.Key_Right)
    qtbot.keyClick(focused(), Qt.Key.Key_PageDown)
    assert view.current_id == ids[3]
    qtbot.keyClick(focused(), Qt.Key.Key_Left)
    assert view.current_id == ids[2]
    qtbot.keyClick(focused(), Qt.Key.Key_PageUp)
    assert view.current_id == ids[1]
    # The side list: arrow down and Enter jumps, and the number keys then answer that question.
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_Down)
    qtbot.keyClick(view.list, Qt.Key.Key_Return)
    assert view.current_id == ids[2]
    assert f"Fråga {ids[2]}" in view.panel.position.text()
    # Typing in the comment never answers or navigates.
    view.panel.comment.setFocus()
    qtbot.keyClicks(view.panel.comment, "1 ")
    qtbot.keyClick(view.panel.comment, Qt.Key.Key_Right)
    assert view.current_id == ids[2]
    assert view.review is not None
    assert ids[2] not in stored(empty_context, view.review.id).answers or (
        stored(empty_context, view.review.id).answers[ids[2]].value is None
    )
    qtbot.keyClick(view.panel.comment, Qt.Key.Key_Escape)
    assert focused() in view.panel.answer_buttons


def test_conditional_question_appears_only_when_it_applies(
    qtbot: Any, empty_context: AppContext
) -> None:
    round_, case = make_round(empty_context)
    template = template_of(empty_context, round_)
    follower, gate, opening, closing = conditional(template)
    view = make_view(qtbot, empty_context)
    review = open_review(view, empty_context, case)
    assert follower.id not in shown_ids(view)
    assert view.hidden_note.isVisible()

    view.show_question(gate.id)
    qtbot.keyClick(focused(), key_for(gate, closing))
    assert stored(empty_context, review.id).answers[gate.id].value == closing
    assert follower.id not in shown_ids(view)

    view.show_question(gate.id)
    qtbot.keyClick(focused(), key_for(gate, opening))
    assert follower.id in shown_ids(view)
    assert shown_ids(view).index(follower.id) > shown_ids(view).index(gate.id)
    progress = reviews_service.review_progress(empty_context.db, review.id)
    expected = f"{progress.answered} av {progress.applicable} besvarade"
    assert view.header.progress_label.text() == expected

    view.show_question(gate.id)
    qtbot.keyClick(focused(), key_for(gate, closing))
    assert follower.id not in shown_ids(view)


def test_complete_with_missing_answers_lists_them(qtbot: Any, empty_context: AppContext) -> None:
    _round, case = make_round(empty_context)
    view = make_view(qtbot, empty_context)
    review = open_review(view, empty_context, case)
    first = view.current_id
    qtbot.keyClick(focused(), "1")
    missing_before = reviews_service.review_progress(empty_context.db, review.id).missing
    qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)

    assert stored(empty_context, review.id).status is ReviewStatus.DRAFT
    assert view.message.isVisible()
    text = view.message.text()
    assert "saknar svar" in text
    assert f"href='{missing_before[0]}'" in text
    assert first not in missing_before
    assert view.current_id == missing_before[0]  # jumped to the first missing question
    # A link in the list jumps too.
    view.message.linkActivated.emit(missing_before[1])
    assert view.current_id == missing_before[1]
    assert not view.banner.isVisible()


def test_personnummer_in_comment_is_refused_and_kept_in_the_field(
    qtbot: Any, empty_context: AppContext
) -> None:
    _round, case = make_round(empty_context)
    view = make_view(qtbot, empty_context)
    review = open_review(view, empty_context, case)
    qid = view.current_id
    assert qid is not None
    qtbot.keyClick(focused(), "1")
    view.show_question(qid)
    number = made_up_personnummer()
    typed = f"Samtal med barnet {number} saknas"
    view.panel.comment.setFocus()
    qtbot.keyClicks(view.panel.comment, typed)
    qtbot.keyClick(view.panel.comment, Qt.Key.Key_Tab)  # leaving the field saves it

    assert view.panel.comment_message.isVisible()
    assert "personnummer" in view.panel.comment_message.text()
    assert number not in view.panel.comment_message.text()  # the message masks the number
    assert view.panel.comment.toPlainText() == typed
    assert "inte sparad" in view.header.saved_state.text()
    answer = stored(empty_context, review.id).answers[qid]
    assert answer.comment == ""
    assert answer.value == "ja"  # the answer itself is unaffected

    # The answer can still change while the comment waits to be corrected.
    view.panel.focus_answers()
    qtbot.keyClick(focused(), "2")
    answer = stored(empty_context, review.id).answers[qid]
    assert answer.value == template_first_value(view, qid, 1)
    assert answer.comment == ""
    # Coming back to the question, even after leaving the review, shows the unsaved text and
    # the reason again.
    view.close_review()
    view.open_review(review.id)
    view.show_question(qid)
    assert view.panel.comment.toPlainText() == typed
    assert view.panel.comment_message.isVisible()
    # Corrected text is saved.
    view.panel.comment.setFocus()
    view.panel.comment.selectAll()
    qtbot.keyClicks(view.panel.comment, "Samtal med barnet saknas")
    qtbot.keyClick(view.panel.comment, Qt.Key.Key_Tab)
    assert stored(empty_context, review.id).answers[qid].comment == "Samtal med barnet saknas"
    assert not view.panel.comment_message.isVisible()
    for answer in stored(empty_context, review.id).answers.values():
        assert number not in answer.comment


def template_first_value(view: ReviewView, qid: str, index: int) -> str:
    assert view.template is not None
    question = view.template.question(qid)
    assert question is not None
    return question.options[index].value


def test_comment_is_saved_after_a_pause(qtbot: Any, empty_context: AppContext) -> None:
    _round, case = make_round(empty_context)
    view = make_view(qtbot, empty_context)
    review = open_review(view, empty_context, case)
    qid = view.current_id
    assert qid is not None
    view.panel.comment.setFocus()
    qtbot.keyClicks(view.panel.comment, "Beslutet saknar datum.")
    assert view.header.saved_state.text() == "Sparar …"
    qtbot.waitUntil(
        lambda: (
            qid in stored(empty_context, review.id).answers
            and stored(empty_context, review.id).answers[qid].comment == "Beslutet saknar datum."
        ),
        timeout=3000,
    )
    assert view.header.saved_state.text().startswith("✓ Sparat")


def test_leaving_the_view_saves_a_comment_at_once(qtbot: Any, empty_context: AppContext) -> None:
    _round, case = make_round(empty_context)
    view = make_view(qtbot, empty_context)
    review = open_review(view, empty_context, case)
    qid = view.current_id
    assert qid is not None
    view.panel.comment.setFocus()
    qtbot.keyClicks(view.panel.comment, "Beslut om utredning saknas.")
    view.hide()  # switching to another view: no waiting for the pause timer
    assert stored(empty_context, review.id).answers[qid].comment == "Beslut om utredning saknas."


def test_number_field_value_is_saved(qtbot: Any, empty_context: AppContext) -> None:
    round_, case = make_round(empty_context)
    template = template_of(empty_context, round_)
    with_number = next(q for q in template.questions if q.number_field and not q.condition)
    view = make_view(qtbot, empty_context)
    review = open_review(view, empty_context, case)
    view.show_question(with_number.id)
    assert view.panel.number_row.isVisible()
    assert with_number.number_field is not None
    assert view.panel.unit.text() == with_number.number_field.unit
    qtbot.keyClick(focused(), "1")
    assert focused() is view.panel.number  # the number is asked for before moving on
    qtbot.keyClicks(view.panel.number, "12")
    qtbot.keyClick(view.panel.number, Qt.Key.Key_Return)
    answer = stored(empty_context, review.id).answers[with_number.id]
    assert answer.number == 12
    assert answer.value == with_number.options[0].value
    assert view.current_id != with_number.id  # Enter moved on
    # Emptying the field removes the number.
    view.show_question(with_number.id)
    view.panel.number.setFocus()
    view.panel.number.selectAll()
    qtbot.keyClick(view.panel.number, Qt.Key.Key_Backspace)
    qtbot.keyClick(view.panel.number, Qt.Key.Key_Tab)
    assert stored(empty_context, review.id).answers[with_number.id].number is None


def test_reopen_with_a_reason(qtbot: Any, empty_context: AppContext) -> None:
    round_, case = make_round(empty_context)
    template = template_of(empty_context, round_)
    review = reviews_service.start_review(empty_context.db, case.id)
    answer_everything(empty_context, review, template)
    reviews_service.complete_review(empty_context.db, review.id)
    view = make_view(qtbot, empty_context)
    changes: list[str] = []
    empty_context.data_changed.connect(changes.append)
    view.open_review(review.id)

    assert view.banner.isVisible()
    assert "Granskningen är klar" in view.banner.text.text()
    assert not any(button.isEnabled() for button in view.panel.answer_buttons)
    assert view.panel.comment.isReadOnly()
    assert not view.complete_button.isEnabled()
    qid = view.current_id
    assert qid is not None
    before = stored(empty_context, review.id).answers[qid].value
    qtbot.keyClick(view.panel, "2")
    assert stored(empty_context, review.id).answers[qid].value == before
    assert "Öppna igen" in view.message.text()

    qtbot.mouseClick(view.banner.reopen_button, Qt.MouseButton.LeftButton)
    assert view.banner.reason.isVisible()
    qtbot.mouseClick(view.banner.confirm_button, Qt.MouseButton.LeftButton)
    assert "Skriv kort varför" in view.banner.message.text()
    assert stored(empty_context, review.id).status is ReviewStatus.COMPLETE
    qtbot.keyClicks(view.banner.reason, "Fel svar på en fråga")
    qtbot.keyClick(view.banner.reason, Qt.Key.Key_Return)

    assert stored(empty_context, review.id).status is ReviewStatus.DRAFT
    assert "reviews" in changes
    assert not view.banner.isVisible()
    assert "Fel svar på en fråga" in view.message.text()
    assert all(button.isEnabled() for button in view.panel.answer_buttons)
    assert view.complete_button.isEnabled()
    qtbot.keyClick(focused(), "2")
    assert stored(empty_context, review.id).answers[qid].value != before


def test_closed_round_is_read_only(qtbot: Any, empty_context: AppContext) -> None:
    round_, case = make_round(empty_context)
    review = reviews_service.start_review(empty_context.db, case.id)
    rounds_service.set_round_status(empty_context.db, round_.id, RoundStatus.CLOSED)
    view = make_view(qtbot, empty_context)
    view.open_review(review.id)
    assert view.banner.isVisible()
    assert "stängd" in view.banner.text.text()
    assert not view.banner.reopen_button.isVisible()
    qtbot.keyClick(view.panel, "1")
    assert stored(empty_context, review.id).answers == {}
    assert "stängd" in view.message.text()
    assert not view.complete_button.isEnabled()


def test_empty_state_and_case_list(qtbot: Any, empty_context: AppContext) -> None:
    view = make_view(qtbot, empty_context)
    view.refresh()
    assert "Välj ett ärende under Granskningar och tryck Granska" in view.chooser.intro.text()
    assert not view.chooser.table.isVisible()
    round_, case = make_round(empty_context)
    empty_context.round_selected.emit(round_.id)
    assert view.chooser.table.isVisible()
    assert view.chooser.model.rowCount() == 2
    assert view.chooser.model.index(0, 2).data() == "Inte påbörjad"
    qtbot.mouseClick(view.chooser.start_button, Qt.MouseButton.LeftButton)
    assert view.review is not None and view.review.case_id == case.id
    qtbot.keyClick(focused(), "1")
    qtbot.mouseClick(view.header.back_button, Qt.MouseButton.LeftButton)
    assert view.review is None
    assert view.chooser.model.index(0, 2).data() == "Pågår, 1 besvarade"


def test_start_without_reviewer_name_is_explained(qtbot: Any, empty_context: AppContext) -> None:
    from kvaldesk.services import settings as settings_service

    settings_service.save_settings(empty_context.db, settings_service.UserSettings())
    round_, _case = make_round(empty_context)
    view = make_view(qtbot, empty_context)
    empty_context.round_selected.emit(round_.id)
    qtbot.mouseClick(view.chooser.start_button, Qt.MouseButton.LeftButton)
    assert view.review is None
    assert "Inställningar" in view.chooser.message.text()


def test_critical_non_compliant_answer_is_highlighted(
    qtbot: Any, empty_context: AppContext
) -> None:
    round_, case = make_round(empty_context)
    template = template_of(empty_context, round_)
    critical = next(q for q in template.questions if q.critical and not q.condition)
    non_compliant = next(o for o in critical.options if o.counts_as.value == "non_compliant")
    view = make_view(qtbot, empty_context)
    open_review(view, empty_context, case)
    view.show_question(critical.id)
    assert view.panel.badge.isVisible()
    qtbot.keyClick(focused(), key_for(critical, non_compliant.value))
    row = view.model.row_of(critical.id)
    assert view.model.rows()[row].alert
    assert view.model.index(row, QuestionListModel.ANSWER).data() == non_compliant.label
    assert view.model.index(row, QuestionListModel.ID).data().endswith("⚠")
    view.show_question(critical.id)
    assert view.panel.alert.isVisible()


@pytest.mark.parametrize("answered", [0, 5])
def test_question_list_model_passes_the_model_tester(
    qtmodeltester: Any, empty_context: AppContext, answered: int
) -> None:
    round_, case = make_round(empty_context)
    template = template_of(empty_context, round_)
    review = reviews_service.start_review(empty_context.db, case.id)
    for question in template.questions[:answered]:
        last = question.options[-1].value
        reviews_service.save_answer(empty_context.db, review.id, question.id, value=last)
    model = QuestionListModel()
    model.set_rows(build_question_rows(template, stored(empty_context, review.id)))
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_case_list_model_passes_the_model_tester(
    qtmodeltester: Any, empty_context: AppContext
) -> None:
    round_, case = make_round(empty_context)
    reviews_service.start_review(empty_context.db, case.id)
    model = CaseListModel()
    model.set_rows(build_case_rows(empty_context.db, round_.id, "Åsa Lindqvist"))
    assert model.rowCount() == 2
    qtmodeltester.check(model)
