"""Trender: the share per question across the rounds of a template, as a table and the engine's
chart, following the round chosen elsewhere."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kvaldesk.services import rounds
from kvaldesk.services.trends import TrendPoint, TrendQuestion, TrendRound, Trends
from ui.context import AppContext
from ui.models import trend_table_model as columns
from ui.models.trend_table_model import change_text, point_text
from ui.views.trends_view import TrendsView, changed_text


def make_view(qtbot, context: AppContext) -> TrendsView:  # type: ignore[no-untyped-def]
    view = TrendsView(context)
    qtbot.addWidget(view)
    view.resize(1280, 820)
    view.show()
    qtbot.waitExposed(view)
    view.refresh()
    return view


def test_table_has_a_column_per_round_and_the_chart_follows_the_selection(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext
) -> None:
    first = rounds.list_rounds(context.db)[0].round
    same_key = [
        s.round
        for s in rounds.list_rounds(context.db)
        if s.round.template_key == first.template_key
    ]
    context.round_selected.emit(first.id)
    view = make_view(qtbot, context)
    assert view.template_key() == first.template_key
    assert view.pages.currentWidget() is view.splitter
    model = view.table.model()
    assert model.columnCount() == 2 + len(same_key) + 1
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:2] == ["Fråga", "Text"] and headers[-1] == "Förändring"
    shares = [model.index(0, c).data() for c in range(columns.FIRST_ROUND, len(headers) - 1)]
    assert all(s.endswith("%") or " av " in s or s == "–" for s in shares)
    assert f"{len(same_key)} omgångar" in view.summary.text()

    all_questions = view.chart.svg_bytes
    assert b"<svg" in all_questions
    qtbot.mouseClick(view.only_selected, Qt.MouseButton.LeftButton)
    assert view.only_selected.isChecked()
    first_question = view.chart.svg_bytes
    assert b"<svg" in first_question and first_question != all_questions
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.chart.svg_bytes not in (first_question, all_questions)


def test_a_template_with_one_round_explains_what_is_needed(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext
) -> None:
    round_ = rounds.create_round(
        empty_context.db, template_key="forhandsbedomning", name="Förhandsbedömningar HT 2026"
    )
    empty_context.round_selected.emit(round_.id)
    view = make_view(qtbot, empty_context)
    assert view.pages.currentWidget() is view.state
    assert "minst två omgångar" in view.state.text()


def test_no_rounds_at_all(qtbot, empty_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    view = make_view(qtbot, empty_context)
    assert not view.template_combo.isEnabled()
    assert "Skapa en under Granskningar" in view.state.text()


def test_cells_and_changed_questions_in_words() -> None:
    spring = TrendRound("a", "Våren 2026", 1, "2026-01-01", "2026-06-30", "2026-01-01", 12)
    autumn = TrendRound("b", "Hösten 2026", 2, "2026-07-01", "2026-12-31", "2026-07-01", 14)
    same = TrendQuestion(
        "EB1", "Framgår ansökan?", [TrendPoint(0.5, 12, 6), TrendPoint(0.75, 12, 9)]
    )
    changed = TrendQuestion(
        "EB2", "Är beslutet motiverat?", [None, TrendPoint(0.8, 5, 4)], ["Våren 2026"]
    )
    trends = Trends("ekonomiskt-bistand", [spring, autumn], [same, changed])
    assert point_text(same.points[0]) == "50 %"
    assert point_text(changed.points[1]) == "4 av 5"
    assert point_text(None) == "–"
    assert change_text(same) == "+25 p.e."
    assert change_text(changed) == "–"
    assert changed_text(trends).startswith("Frågorna EB2 var inte likadana")


def test_model_passes_the_model_tester(qtbot, qtmodeltester, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    context.round_selected.emit(rounds.list_rounds(context.db)[0].round.id)
    view = make_view(qtbot, context)
    qtmodeltester.check(view.model)
