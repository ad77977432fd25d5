"""Kalibrering: agreement per question between double reviewers, the flagged questions, the
thresholds (stored in the settings) and the empty state."""

from __future__ import annotations

import pytest
from calibration_data import add_second_reviews, flippable_questions, round_template
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from typing_helpers import retype

from kvaldesk.services import rounds
from ui.context import AppContext
from ui.models import agreement_table_model as columns
from ui.models.agreement_table_model import FLAGGED_BACKGROUND
from ui.views.calibration_view import CalibrationView


def first_round_id(context: AppContext) -> str:
    return rounds.list_rounds(context.db)[0].round.id


def make_view(qtbot, context: AppContext) -> CalibrationView:  # type: ignore[no-untyped-def]
    context.round_selected.emit(first_round_id(context))
    view = CalibrationView(context)
    qtbot.addWidget(view)
    view.resize(1280, 820)
    view.show()
    qtbot.waitExposed(view)
    view.refresh()
    return view


@pytest.fixture
def flipped(context: AppContext) -> str:
    """Five double-reviewed cases in the first round; the second reviewer answered the first
    flippable question differently in every one of them."""
    round_id = first_round_id(context)
    question = flippable_questions(round_template(context.db, round_id))[0].id
    add_second_reviews(context.db, round_id, 5, flip=[question])
    return question


def cell(view: CalibrationView, question_id: str, column: int, role: int) -> object:
    model = view.table.model()
    for row in range(model.rowCount()):
        if model.index(row, columns.QUESTION).data() == question_id:
            return model.index(row, column).data(role)
    raise AssertionError(f"no row for {question_id}")


def test_no_double_reviews_shows_what_to_do(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, context)
    assert view.pages.currentWidget() is view.state
    assert "Inga dubbelgranskade ärenden" in view.state.text()
    assert "Dubbelgranskning" in view.state.text()


def test_flagged_question_is_highlighted_and_explained(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, flipped: str
) -> None:
    view = make_view(qtbot, context)
    assert view.pages.currentWidget() is view.tabs
    assert view.summary.text().startswith("5 dubbelgranskade ärenden · Totalt: överensstämmelse")
    # Every pair disagrees on the flipped question: 0 % agreement, flagged.
    assert cell(view, flipped, columns.N, Qt.ItemDataRole.DisplayRole) == "5"
    assert cell(view, flipped, columns.AGREEMENT, Qt.ItemDataRole.DisplayRole) == "0 %"
    assert cell(view, flipped, columns.VERDICT, Qt.ItemDataRole.DisplayRole) == "Under gränsen"
    background = cell(view, flipped, columns.TEXT, Qt.ItemDataRole.BackgroundRole)
    assert isinstance(background, QBrush) and background.color() == FLAGGED_BACKGROUND
    reason = str(cell(view, flipped, columns.VERDICT, Qt.ItemDataRole.ToolTipRole))
    assert "tydligare formulering eller hjälptext" in reason
    assert view.flag_note.isVisible()
    assert flipped in view.flag_note.text()
    assert "kandidat" in view.flag_note.text()
    assert view.tabs.tabText(1) == "&Dubbelgranskade ärenden (5)"


def test_thresholds_are_stored_and_change_the_flags(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, flipped: str
) -> None:
    view = make_view(qtbot, context)
    flagged_before = {q.id for q in view.calibration.report.flagged} if view.calibration else set()
    assert flipped in flagged_before
    retype(qtbot, view.agreement_spin, "0")
    qtbot.keyClick(view.agreement_spin, Qt.Key.Key_Tab)
    retype(qtbot, view.kappa_spin, "0")
    qtbot.keyClick(view.kappa_spin, Qt.Key.Key_Tab)
    settings = context.settings()
    assert settings.agreement_threshold == 0
    assert settings.kappa_threshold == 0
    # κ of a question where every pair disagrees is below 0 and still flagged; the others
    # are not.
    report = view.calibration.report if view.calibration else None
    assert report is not None and report.kappa_threshold == 0
    assert {q.id for q in report.flagged} <= {flipped}

    other = make_view(qtbot, context)  # a new view reads the stored thresholds
    assert other.agreement_spin.value() == 0


def test_choosing_a_round_elsewhere_follows(qtbot, context: AppContext, flipped: str) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, context)
    second = rounds.list_rounds(context.db)[1].round
    context.round_selected.emit(second.id)
    assert view.current_round_id() == second.id
    assert view.pages.currentWidget() is view.state  # no double reviews there


def test_models_pass_the_model_tester(  # type: ignore[no-untyped-def]
    qtbot, qtmodeltester, context: AppContext, flipped: str
) -> None:
    view = make_view(qtbot, context)
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.cases_model)
