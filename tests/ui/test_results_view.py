"""The results view: shares per question, breakdown, chart, critical findings, analysis,
actions, and the table models (pytest-qt's model tester)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableView, QWidget
from typing_helpers import type_text

from kvaldesk.domain.enums import ActionStatus, CountsAs
from kvaldesk.services import actions, reviews, rounds, templates
from kvaldesk.services.results import round_results
from ui.context import AppContext
from ui.dialogs.action_dialog import ActionDialog
from ui.models import results_detail_models as detail
from ui.models import results_table_model as table_model
from ui.views.results_tabs import TAB_ANALYSIS, TAB_FINDINGS, TAB_NUMBERS, TAB_QUESTIONS
from ui.views.results_view import ResultsView

PERSONNUMMER = "19121212-1212"


@dataclass
class SmallRound:
    """A round of 12 complete reviews with known answers."""

    round_id: str
    review_ids: list[str]
    critical_review_id: str


def _answer_all(
    context: AppContext, review_id: str, chosen: dict[str, str], comments: dict[str, str]
) -> None:
    """Answer every applicable question: ``chosen`` where given, else the compliant option."""
    template = templates.get_template(context.db, "forhandsbedomning")
    while True:
        progress = reviews.review_progress(context.db, review_id)
        if progress.done:
            break
        question_id = progress.missing[0]
        question = template.question(question_id)
        assert question is not None
        compliant = next(o.value for o in question.options if o.counts_as is CountsAs.COMPLIANT)
        reviews.save_answer(
            context.db,
            review_id,
            question_id,
            value=chosen.get(question_id, compliant),
            comment=comments.get(question_id, ""),
        )
    reviews.complete_review(context.db, review_id)


def _make_small_round(context: AppContext) -> SmallRound:
    """12 cases: 7 "ny", 5 "pågående". FB1 is Nej in the last two (both pågående), so FB1 is
    10 av 12 overall, 7 av 7 for ny and 3 av 5 for pågående. FB2 (critical) is Nej in case 2."""
    db = context.db
    round_ = rounds.create_round(
        db, template_key="forhandsbedomning", name="Liten omgång", target_pct=90
    )
    review_ids = []
    for i in range(12):
        case = rounds.add_case(
            db, round_.id, f"LITEN-{i:02d}", subgroup="ny" if i < 7 else "pågående"
        )
        review = reviews.start_review(db, case.id, "Åsa Lindqvist")
        chosen = {"FB1": "nej"} if i >= 10 else {}
        comments = {}
        if i == 2:
            chosen["FB2"] = "nej"
            comments["FB2"] = "Skyddsbedömningen gjordes först efter en vecka."
        _answer_all(context, review.id, chosen, comments)
        review_ids.append(review.id)
    context.notify("rounds")  # as the window does after a change
    return SmallRound(round_.id, review_ids, review_ids[2])


@pytest.fixture
def small(empty_context: AppContext) -> SmallRound:
    return _make_small_round(empty_context)


@pytest.fixture
def view(qtbot, empty_context: AppContext) -> ResultsView:  # type: ignore[no-untyped-def]
    widget = ResultsView(empty_context)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _cell(table: QTableView, row_text: str, column: int) -> str:
    """The displayed text of ``column`` in the row whose first column is ``row_text``."""
    model = table.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data() in (row_text, f"⚠ {row_text}"):
            return str(model.index(row, column).data())
    raise AssertionError(f"no row {row_text}")


def _click_row(qtbot, table: QTableView, row_text: str) -> QModelIndex:  # type: ignore[no-untyped-def]
    model = table.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if row_text in str(index.data()):
            table.scrollTo(index)
            qtbot.mouseClick(
                table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
            )
            return index
    raise AssertionError(f"no row {row_text}")


# The table, the summary and the chart -------------------------------------------------------


def test_table_shows_shares_for_known_answers(view: ResultsView, small: SmallRound) -> None:
    view.refresh()
    view.show_round(small.round_id)
    assert view.pages.currentWidget() is view.tabs
    table = view.question_table
    assert _cell(table, "FB1", table_model.SHARE) == "83 %"
    assert _cell(table, "FB1", table_model.X_OF_N) == "10 av 12"
    assert _cell(table, "FB1", table_model.INTERVAL) == "55–95 %"
    assert _cell(table, "FB1", table_model.TARGET) == "90 %"
    assert _cell(table, "FB2", table_model.SHARE) == "92 %"
    assert _cell(table, "FB3", table_model.SHARE) == "100 %"
    assert view.question_model.index(view.question_model.row_of("FB2"), 0).data() == "⚠ FB2"
    # No previous round: the comparison columns are hidden, the summary says the rest.
    assert table.isColumnHidden(table_model.PREVIOUS)
    summary = view.summary.text()
    assert "12 klara granskningar" in summary
    assert "Mål 90 %" in summary
    assert "Föregående" not in summary


def test_question_model_forgets_its_cells_when_rows_change_or_are_sorted(
    view: ResultsView, small: SmallRound
) -> None:
    model = table_model.QuestionResultsModel()
    results = round_results(view.context.db, small.round_id)
    model.set_results(results)
    first = model.index(0, table_model.QUESTION).data()
    assert first is not None
    model.sort(table_model.QUESTION, Qt.SortOrder.DescendingOrder)
    assert model.index(0, table_model.QUESTION).data() != first  # sorted: not the old cell
    model.set_results(None)
    assert model.rowCount() == 0
    assert model.index(0, table_model.QUESTION).data() is None
    model.set_results(results)
    assert model.index(0, table_model.SHARE).data() == _share_of(results, model)


def _share_of(results: Any, model: table_model.QuestionResultsModel) -> str:
    from ui.models.results_format import share_text

    row = model.result_at(0)
    assert row is not None
    return share_text(row.overall)


def test_share_is_x_of_n_below_ten_answers(
    view: ResultsView, empty_context: AppContext, small: SmallRound
) -> None:
    # Reopen three reviews: 9 complete reviews remain, FB1 is 7 av 9.
    for review_id in small.review_ids[:3]:
        reviews.reopen_review(empty_context.db, review_id, "Test")
    empty_context.notify("reviews")
    view.show_round(small.round_id)
    assert _cell(view.question_table, "FB1", table_model.SHARE) == "7 av 9"


def test_chart_gets_svg_with_the_questions_and_target(
    qtbot,  # type: ignore[no-untyped-def]
    view: ResultsView,
    small: SmallRound,
) -> None:
    view.show_round(small.round_id)
    qtbot.waitUntil(lambda: bool(view.chart.svg_bytes), timeout=1000)
    svg = view.chart.svg_bytes.decode("utf-8")
    assert svg.startswith("<?xml")
    assert ">FB1<" in svg
    assert "Mål 90 %" in svg
    assert "83 %" in svg
    assert not view.chart.svg.renderer().defaultSize().isEmpty()
    size = view.chart.svg.size()
    default = view.chart.svg.renderer().defaultSize()
    assert size.width() / size.height() == pytest.approx(
        default.width() / default.height(), rel=0.02
    )


def test_long_question_texts_wrap_onto_taller_rows(
    qtbot,  # type: ignore[no-untyped-def]
    view: ResultsView,
    small: SmallRound,
) -> None:
    view.resize(760, 760)
    view.show_round(small.round_id)
    table = view.question_table
    line = table.fontMetrics().height()
    qtbot.waitUntil(
        lambda: max(table.rowHeight(r) for r in range(table.model().rowCount())) > 2 * line
    )
    # Only as tall as needed: a wider window gives lower rows.
    tallest = max(table.rowHeight(r) for r in range(table.model().rowCount()))
    view.resize(1400, 760)
    qtbot.waitUntil(
        lambda: max(table.rowHeight(r) for r in range(table.model().rowCount())) < tallest
    )


def test_the_chart_is_drawn_in_the_background_and_only_the_newest_drawing_shown(
    qtbot,  # type: ignore[no-untyped-def]
    view: ResultsView,
    small: SmallRound,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view.show_round(small.round_id)
    qtbot.waitUntil(lambda: bool(view.chart.svg_bytes), timeout=1000)
    started: list[tuple[Callable[..., Any], Callable[[Any], None]]] = []

    def later(job, on_success=None, on_failure=None, **_kwargs):  # type: ignore[no-untyped-def]
        started.append((job, on_success))

    monkeypatch.setattr(view.context.tasks, "run", later)
    shown = view.chart.svg_bytes
    view.chart.render_chart()
    view.chart.render_chart()
    assert len(started) == 2 and view.chart.svg_bytes == shown
    (first_job, first_done), (second_job, second_done) = started
    second_chart = second_job(None, None)
    second_done(second_chart)
    first_done(first_job(None, None))  # overtaken: dropped
    assert view.chart.svg_bytes == second_chart.svg


def test_breakdown_per_group_adds_group_columns(
    qtbot,  # type: ignore[no-untyped-def]
    view: ResultsView,
    small: SmallRound,
) -> None:
    view.show_round(small.round_id)
    model = view.question_model
    assert model.columnCount() == table_model.FIRST_GROUP
    view.breakdown_combo.setFocus()
    qtbot.keyClick(view.breakdown_combo, Qt.Key.Key_Down)
    assert view.breakdown() == "subgroup"
    assert model.columnCount() == table_model.FIRST_GROUP + 2
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[table_model.FIRST_GROUP :] == ["Ny", "Pågående"]
    table = view.question_table
    assert _cell(table, "FB1", table_model.FIRST_GROUP) == "7 av 7"
    assert _cell(table, "FB1", table_model.FIRST_GROUP + 1) == "3 av 5"
    qtbot.waitUntil(lambda: "alla grupper" in view.chart.svg_bytes.decode(), timeout=1000)
    # Per kvalitetskriterium gets the same groups.
    assert view.criteria_model.columnCount() == detail.C_FIRST_GROUP + 2


def test_stale_results_are_ignored(
    small: SmallRound, empty_context: AppContext, monkeypatch, view: ResultsView
) -> None:  # type: ignore[no-untyped-def]
    # The view is made after the first round: nothing is computed before the test.
    view.hide()
    other = rounds.create_round(empty_context.db, template_key="forhandsbedomning", name="B")
    case = rounds.add_case(empty_context.db, other.id, "B-01")
    review = reviews.start_review(empty_context.db, case.id, "Åsa Lindqvist")
    _answer_all(empty_context, review.id, {}, {})
    empty_context.notify("rounds")
    view.show()
    started: list[tuple[Callable[..., Any], Callable[[Any], None]]] = []

    def fake_run_task(job, label, on_success=None, on_failure=None, on_cancelled=None):  # type: ignore[no-untyped-def]
        started.append((job, on_success))

    monkeypatch.setattr(empty_context, "run_task", fake_run_task)
    view.show_round(small.round_id)
    assert view.state.text() == "Beräknar …"
    view.show_round(other.id)
    assert len(started) == 2
    (first_job, first_done), (second_job, second_done) = started
    first_done(first_job(empty_context.db, None))  # arrives late: ignored
    assert view.pages.currentWidget() is view.state
    assert view.question_model.rowCount() == 0
    second_done(second_job(empty_context.db, None))
    assert view.pages.currentWidget() is view.tabs
    assert "1 klar granskning" in view.summary.text()


def test_empty_states(view: ResultsView, empty_context: AppContext) -> None:
    view.refresh()
    assert "inga granskningsomgångar" in view.state.text()
    assert not view.action_button.isEnabled()
    round_ = rounds.create_round(empty_context.db, template_key="forhandsbedomning", name="Ny")
    empty_context.notify("rounds")
    view.show_round(round_.id)
    assert view.pages.currentWidget() is view.state
    assert "Inga klara granskningar ännu i den här omgången" in view.state.text()
    assert view.state.isVisible()


def test_follows_the_round_chosen_elsewhere_and_new_reviews(
    view: ResultsView, empty_context: AppContext, small: SmallRound
) -> None:
    other = rounds.create_round(empty_context.db, template_key="forhandsbedomning", name="B")
    empty_context.notify("rounds")
    view.refresh()
    empty_context.round_selected.emit(other.id)
    assert view.current_round_id() == other.id
    empty_context.round_selected.emit(small.round_id)
    assert view.current_round_id() == small.round_id
    assert "12 klara granskningar" in view.summary.text()
    case = rounds.add_case(empty_context.db, small.round_id, "LITEN-99", subgroup="ny")
    review = reviews.start_review(empty_context.db, case.id, "Åsa Lindqvist")
    _answer_all(empty_context, review.id, {"FB1": "nej"}, {})
    empty_context.notify("reviews")
    assert "13 klara granskningar" in view.summary.text()
    assert _cell(view.question_table, "FB1", table_model.X_OF_N) == "10 av 13"


def test_every_focusable_control_has_an_accessible_name(
    view: ResultsView, small: SmallRound
) -> None:
    view.show_round(small.round_id)
    dialog = view.make_action_dialog()
    assert dialog is not None
    for top in (view, dialog):
        for widget in top.findChildren(QWidget):
            if widget.window() is not top.window() or widget.objectName().startswith("qt_"):
                continue  # Qt's own parts (a combo box's popup, a date field's editor)
            if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isEnabled():
                assert widget.accessibleName(), widget
    dialog.deleteLater()


# Critical findings --------------------------------------------------------------------------


def test_double_click_on_critical_finding_opens_the_review(
    qtbot,  # type: ignore[no-untyped-def]
    view: ResultsView,
    empty_context: AppContext,
    small: SmallRound,
) -> None:
    view.show_round(small.round_id)
    view.tabs.setCurrentIndex(TAB_FINDINGS)
    assert view.tabs.tabText(TAB_FINDINGS) == "Kri&tiska avvikelser (1)"
    table = view.findings_table
    assert table.model().rowCount() == 1
    assert _cell(table, "LITEN-02", detail.ANSWER) == "Nej"
    assert "efter en vecka" in _cell(table, "LITEN-02", detail.COMMENT)
    index = table.model().index(0, detail.F_QUESTION)
    centre = table.visualRect(index).center()
    with qtbot.waitSignal(empty_context.open_review_requested, timeout=1000) as blocker:
        # A real double-click starts with a press; QTest's double-click alone does not.
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert blocker.args == [small.critical_review_id]
    table.setFocus()
    table.setCurrentIndex(index)
    with qtbot.waitSignal(empty_context.open_review_requested, timeout=1000) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert blocker.args == [small.critical_review_id]


# Analysis -----------------------------------------------------------------------------------


def test_analysis_is_saved_after_a_pause(
    qtbot,  # type: ignore[no-untyped-def]
    view: ResultsView,
    empty_context: AppContext,
    small: SmallRound,
) -> None:
    view.show_round(small.round_id)
    view.tabs.setCurrentIndex(TAB_ANALYSIS)
    text = "Skyddsbedömningen dröjer i pågående ärenden."
    type_text(qtbot, view.analysis_edit, text)
    assert view.analysis_status.text() == "Ändrat – sparas strax"
    qtbot.waitUntil(
        lambda: rounds.get_round(empty_context.db, small.round_id).analysis == text, timeout=4000
    )
    assert view.analysis_status.text() == "Sparat"


def test_analysis_with_personnummer_is_refused_on_focus_out(
    qtbot,  # type: ignore[no-untyped-def]
    view: ResultsView,
    empty_context: AppContext,
    small: SmallRound,
) -> None:
    view.show_round(small.round_id)
    view.tabs.setCurrentIndex(TAB_ANALYSIS)
    view.activateWindow()
    view.analysis_edit.setFocus()
    type_text(qtbot, view.analysis_edit, "Bra. ")
    view.round_combo.setFocus()  # leaving the field saves at once
    qtbot.waitUntil(lambda: view.analysis_status.text() == "Sparat", timeout=1000)
    assert rounds.get_round(empty_context.db, small.round_id).analysis == "Bra."
    view.analysis_edit.setFocus()
    type_text(qtbot, view.analysis_edit, f"Gäller {PERSONNUMMER}.")
    view.round_combo.setFocus()
    qtbot.waitUntil(lambda: view.analysis_message.isVisible(), timeout=1000)
    assert "personnummer" in view.analysis_message.text()
    assert view.analysis_status.text() == "Inte sparat"
    assert rounds.get_round(empty_context.db, small.round_id).analysis == "Bra."
    # Choosing another round says that the refused text was not kept.
    other = rounds.create_round(empty_context.db, template_key="forhandsbedomning", name="B")
    view.show_round(other.id)
    assert view.message.isVisible()
    assert "sparades inte" in view.message.text()
    assert view.analysis_edit.toPlainText() == ""
    assert rounds.get_round(empty_context.db, small.round_id).analysis == "Bra."


# Actions ------------------------------------------------------------------------------------


def _action_dialog_for(
    qtbot: Any, view: ResultsView, small: SmallRound, tab: int, row: str
) -> ActionDialog:
    """The new-action dialog for the row ``row`` of the tab ``tab`` (questions or findings)."""
    view.show_round(small.round_id)
    view.tabs.setCurrentIndex(tab)
    table = view.question_table if tab == TAB_QUESTIONS else view.findings_table
    _click_row(qtbot, table, row)
    dialog = view.make_action_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    return dialog


def test_create_action_for_a_question_through_the_dialog(
    qtbot,  # type: ignore[no-untyped-def]
    view: ResultsView,
    empty_context: AppContext,
    small: SmallRound,
) -> None:
    dialog = _action_dialog_for(qtbot, view, small, TAB_QUESTIONS, "FB1")
    dialog.show()
    assert "FB1" in dialog.description.text()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # nothing written yet
    assert dialog.message.isVisible()
    assert dialog.message.text() == "Skriv vad som ska göras."
    type_text(qtbot, dialog.text, f"Ring {PERSONNUMMER}")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "personnummer" in dialog.message.text()
    assert actions.list_actions(empty_context.db, small.round_id) == []
    dialog.text.clear()
    type_text(qtbot, dialog.text, "Gå igenom rutinen för inkomstdatum på nästa APT.")
    type_text(qtbot, dialog.owner, "Gruppledaren")
    qtbot.mouseClick(dialog.no_due, Qt.MouseButton.LeftButton)
    assert not dialog.due.isEnabled()
    with qtbot.waitSignal(empty_context.data_changed, timeout=1000) as blocker:
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert blocker.args == ["actions"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    (row,) = actions.list_actions(empty_context.db, small.round_id)
    assert row.action.text == "Gå igenom rutinen för inkomstdatum på nästa APT."
    assert row.action.owner == "Gruppledaren"
    assert row.action.question_id == "FB1"
    assert row.action.review_id is None
    assert row.action.due_date is None
    assert dialog.saved_action == row.action


def test_create_action_for_a_critical_finding_with_due_date(
    qtbot,  # type: ignore[no-untyped-def]
    view: ResultsView,
    empty_context: AppContext,
    small: SmallRound,
) -> None:
    dialog = _action_dialog_for(qtbot, view, small, TAB_FINDINGS, "LITEN-02")
    assert "LITEN-02" in dialog.description.text()
    type_text(qtbot, dialog.text, "Följ upp skyddsbedömningen med handläggaren.")
    dialog.due.setDate(dialog.due.date().fromString("2026-06-30", "yyyy-MM-dd"))
    dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.IN_PROGRESS.value))
    dialog.accept()
    (row,) = actions.list_actions(empty_context.db, small.round_id)
    assert row.action.review_id == small.critical_review_id
    assert row.action.question_id == "FB2"
    assert row.action.due_date == "2026-06-30"
    assert row.action.status is ActionStatus.IN_PROGRESS


def test_action_dialog_edits_an_existing_action(
    qtbot, empty_context: AppContext, small: SmallRound
) -> None:  # type: ignore[no-untyped-def]
    action = actions.create_action(
        empty_context.db, small.round_id, "Ny rutin", owner="Enhetschefen", due_date="2026-05-01"
    )
    dialog = ActionDialog(empty_context, small.round_id, action)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Ändra åtgärd"
    assert dialog.text.toPlainText() == "Ny rutin"
    assert dialog.due_date() == "2026-05-01"
    dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.DONE.value))
    dialog.accept()
    assert dialog.saved_action is not None
    (row,) = actions.list_actions(empty_context.db, small.round_id)
    assert row.action.status is ActionStatus.DONE
    assert row.action.owner == "Enhetschefen"


# Demo data: numbers, previous round, models -------------------------------------------------


def _demo_round(context: AppContext, key: str) -> str:
    """The newest demo round of a template that has a previous round."""
    return next(
        s.round.id
        for s in rounds.list_rounds(context.db)
        if s.round.template_key == key and "hösten" in s.round.name
    )


def test_demo_round_shows_previous_round_and_numbers(
    view: ResultsView, context: AppContext
) -> None:
    view.show_round(_demo_round(context, "barnavardsutredning"))
    assert "Föregående omgång:" in view.summary.text()
    assert not view.question_table.isColumnHidden(table_model.PREVIOUS)
    assert any(
        "p.e." in _cell(view.question_table, f"BU{i}", table_model.CHANGE) for i in range(1, 4)
    )
    view.tabs.setCurrentIndex(TAB_NUMBERS)
    measures = [
        view.numbers_model.index(r, detail.MEASURE).data()
        for r in range(view.numbers_model.rowCount())
    ]
    assert "Utredningstid (dagar)" in measures
    assert view.numbers_table.isVisible()


@pytest.mark.parametrize("by", [None, "subgroup", "unit"])
def test_models_pass_the_model_tester(qtmodeltester, context: AppContext, by: str | None) -> None:  # type: ignore[no-untyped-def]
    round_id = _demo_round(context, "barnavardsutredning")
    results = round_results(context.db, round_id, by=by)  # type: ignore[arg-type]
    models = [
        table_model.QuestionResultsModel(),
        detail.CriteriaModel(),
        detail.FindingsModel(),
        detail.NumbersModel(),
    ]
    for model in models:
        qtmodeltester.check(model)
        model.set_results(results)
        assert model.rowCount() > 0
        qtmodeltester.check(model)
        model.set_results(None)
        qtmodeltester.check(model)
