"""Double review in Granskningar: mark and unmark cases (Ctrl+D, the menu, at random), the number
of reviews per case, and a second reviewer who gets a review of their own and never sees the
first reviewer's answers."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kvaldesk.services import reviews, rounds, templates
from kvaldesk.services import settings as settings_service
from ui.context import AppContext
from ui.models import cases_table_model as cases_columns
from ui.views.review_view import ReviewView
from ui.views.rounds_view import RoundsView


def shown_view(qtbot, context: AppContext) -> RoundsView:  # type: ignore[no-untyped-def]
    view = RoundsView(context)
    qtbot.addWidget(view)
    view.resize(1280, 820)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()  # shortcuts work in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    return view


def cell_of(view: RoundsView, case_id: str, column: int) -> str:
    source = view.cases_model.index(view.cases_model.row_of(case_id), column)
    return str(view.cases_proxy.mapFromSource(source).data())


def marked(context: AppContext, round_id: str) -> set[str]:
    return {c.id for c in rounds.list_cases(context.db, round_id) if c.double_review}


@pytest.fixture
def one_case(empty_context: AppContext) -> tuple[str, str]:
    """A new round with one case (round id, case id)."""
    round_ = rounds.create_round(
        empty_context.db, template_key="forhandsbedomning", name="Förhandsbedömningar HT 2026"
    )
    case = rounds.add_case(empty_context.db, round_.id, "FB-2026-001", "ny", "Mottagningen")
    empty_context.round_selected.emit(round_.id)
    return round_.id, case.id


def test_ctrl_d_marks_and_unmarks_the_selected_case(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext, one_case: tuple[str, str]
) -> None:
    round_id, case_id = one_case
    view = shown_view(qtbot, empty_context)
    assert cell_of(view, case_id, cases_columns.DOUBLE) == ""
    assert cell_of(view, case_id, cases_columns.REVIEWS) == "0"
    view.cases_table.setFocus()
    assert view.select_case(case_id)
    qtbot.keyClick(view.cases_table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert marked(empty_context, round_id) == {case_id}
    assert cell_of(view, case_id, cases_columns.DOUBLE) == "Markerad, 0 av 2 klara"
    assert "markerat för dubbelgranskning" in view.case_message.text()
    assert view.case_tools.mark_action.isChecked()

    qtbot.keyClick(view.cases_table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert marked(empty_context, round_id) == set()
    assert cell_of(view, case_id, cases_columns.DOUBLE) == ""
    assert "inte längre markerat" in view.case_message.text()


def test_the_menu_marks_a_random_share(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    summary = rounds.list_rounds(context.db)[0]
    context.round_selected.emit(summary.round.id)
    view = shown_view(qtbot, context)
    menu = view.cases_pane.double_button.menu()
    assert menu is not None
    assert [a.text() for a in menu.actions()] == [
        "Markera för &dubbelgranskning",
        "Markera &slumpvis…",
        "&Samsyn…",
    ]
    view.case_tools.ask_count = lambda _summary: (3, True)  # type: ignore[method-assign]
    view.case_tools.random_action.trigger()
    assert len(marked(context, summary.round.id)) == 3
    assert "3 slumpvis valda ärenden" in view.case_message.text()
    shown = [
        cell_of(view, case_id, cases_columns.DOUBLE)
        for case_id in marked(context, summary.round.id)
    ]
    assert all(text.startswith("Markerad,") for text in shown)


def test_second_reviewer_gets_an_own_review_and_is_blind(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext, one_case: tuple[str, str]
) -> None:
    round_id, case_id = one_case
    db = empty_context.db
    view = shown_view(qtbot, empty_context)
    view.select_case(case_id)
    view.case_tools.mark_action.trigger()
    # The first reviewer answers a question.
    first = reviews.start_review(db, case_id)
    template = templates.get_template_by_id(db, rounds.get_round(db, round_id).template_id)
    question = next(q for q in template.questions if q.options and q.condition is None)
    reviews.save_answer(db, first.id, question.id, value=question.options[0].value)

    # The second reviewer starts a review of the same case from the list.
    settings_service.save_settings(db, replace(empty_context.settings(), reviewer_name="Jonas Ek"))
    empty_context.notify("settings")
    view.select_case(case_id)
    assert cell_of(view, case_id, cases_columns.REVIEWS) == "1"
    with qtbot.waitSignal(empty_context.open_review_requested) as opened:
        qtbot.keyClick(view.cases_table, Qt.Key.Key_Return)
    second = reviews.get_review(db, opened.args[0])
    assert second.id != first.id
    assert second.reviewer == "Jonas Ek"
    assert second.answers == {}
    assert cell_of(view, case_id, cases_columns.REVIEWS) == "2"

    # Opening the first reviewer's review (a link from elsewhere) is refused, with why.
    review_view = ReviewView(empty_context)
    qtbot.addWidget(review_view)
    review_view.show()
    review_view.open_review(first.id)
    assert review_view.review is None
    assert "dubbelgranskas" in review_view.chooser.message.text()
    review_view.open_review(second.id)
    assert review_view.review is not None and review_view.review.id == second.id
