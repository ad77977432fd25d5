"""Samsyn: for a double-reviewed case, the differing questions side by side, a reconciled answer
per question chosen with the keyboard, and the consensus shown in the case list."""

from __future__ import annotations

import pytest
from calibration_data import (
    SECOND_REVIEWER,
    add_second_reviews,
    flippable_questions,
    round_template,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kvaldesk.services import consensus, rounds
from ui.context import AppContext
from ui.dialogs.consensus_dialog import ConsensusDialog
from ui.models import cases_table_model as cases_columns
from ui.views.calibration_view import CalibrationView
from ui.views.rounds_view import RoundsView

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def double_case(context: AppContext) -> tuple[str, list[str]]:
    """A case of the first round reviewed twice, differing in two questions."""
    round_id = rounds.list_rounds(context.db)[0].round.id
    flips = [q.id for q in flippable_questions(round_template(context.db, round_id))[:2]]
    case_ids = add_second_reviews(context.db, round_id, 1, flip=flips)
    context.round_selected.emit(round_id)
    return case_ids[0], flips


def open_dialog(qtbot, context: AppContext, case_id: str) -> ConsensusDialog:  # type: ignore[no-untyped-def]
    dialog = ConsensusDialog(context, case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_both_answers_are_shown_side_by_side(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, double_case: tuple[str, list[str]]
) -> None:
    case_id, flips = double_case
    dialog = open_dialog(qtbot, context, case_id)
    assert sorted(dialog.choices) == sorted(flips)
    texts = [label.text() for label in dialog.area.widget().findChildren(QLabel)]
    assert SECOND_REVIEWER in texts  # a column per reviewer
    assert dialog.state.first.reviewer in texts
    state = dialog.state
    for difference in state.differences:
        assert difference.label(difference.first_value) in texts
        assert difference.label(difference.second_value) in texts
    assert "har svarat olika på 2 frågor" in dialog.intro.text()


def test_saving_needs_an_answer_for_every_question(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, double_case: tuple[str, list[str]]
) -> None:
    case_id, _flips = double_case
    dialog = open_dialog(qtbot, context, case_id)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert "Välj ett överenskommet svar på varje fråga" in dialog.message.text()
    assert consensus.consensus_state(context.db, case_id).consensus is None


def test_choose_with_the_keyboard_and_save(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, double_case: tuple[str, list[str]]
) -> None:
    case_id, flips = double_case
    dialog = open_dialog(qtbot, context, case_id)
    chosen = {}
    for question_id in flips:
        combo = dialog.choices[question_id]
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Down)  # the first answer option
        chosen[question_id] = combo.currentData()
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.result() == dialog.DialogCode.Accepted
    state = consensus.consensus_state(context.db, case_id)
    assert state.consensus is not None
    assert {d.question_id: d.reconciled for d in state.differences} == chosen


def test_case_list_and_calibration_show_the_consensus(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, double_case: tuple[str, list[str]]
) -> None:
    case_id, flips = double_case
    view = RoundsView(context)
    qtbot.addWidget(view)
    view.resize(1280, 820)
    view.show()
    assert view.select_case(case_id)
    row = view.cases_proxy.mapFromSource(
        view.cases_model.index(view.cases_model.row_of(case_id), 0)
    ).row()
    state_cell = view.cases_proxy.index(row, cases_columns.DOUBLE)
    assert state_cell.data() == "Samsyn behövs (2 frågor)"
    assert view.cases_proxy.index(row, cases_columns.REVIEWS).data() == "2"
    assert view.case_tools.consensus_action.isEnabled()

    view.case_tools.consensus_action.trigger()
    dialog = view.case_tools.dialog
    assert isinstance(dialog, ConsensusDialog)
    for question_id in flips:
        dialog.choices[question_id].setCurrentIndex(1)
    qtbot.mouseClick(dialog.save_button, LEFT)
    row = view.cases_proxy.mapFromSource(
        view.cases_model.index(view.cases_model.row_of(case_id), 0)
    ).row()
    assert view.cases_proxy.index(row, cases_columns.DOUBLE).data() == "Samsyn klar"
    assert view.cases_proxy.index(row, cases_columns.REVIEWS).data() == "2"

    calibration = CalibrationView(context)
    qtbot.addWidget(calibration)
    calibration.show()
    calibration.refresh()
    assert calibration.select_case(case_id)
    assert calibration.cases_table.model().index(0, 3).data() == "Samsyn klar"
    calibration.cases_table.setFocus()
    qtbot.keyClick(calibration.cases_table, Qt.Key.Key_Return)
    opened = calibration.dialog
    assert isinstance(opened, ConsensusDialog)
    assert "Samsynen är sparad" in opened.message.text()
    opened.reject()
