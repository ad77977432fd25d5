"""Granskningar: create and edit rounds, add and paste cases, start a review, import a
spreadsheet — by typing into and clicking the real widgets."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from stdnum import luhn
from typing_helpers import retype, type_text

from kvaldesk.domain.enums import RoundStatus
from kvaldesk.domain.model import Round
from kvaldesk.services import reviews, rounds, templates
from ui.context import AppContext
from ui.dialogs.paste_cases_dialog import AddCaseDialog, PasteCasesDialog
from ui.dialogs.round_dialog import RoundDialog
from ui.dialogs.sheet_import_dialog import SheetImportDialog
from ui.models import cases_table_model as cases_columns
from ui.models import rounds_table_model as rounds_columns
from ui.models.cases_table_model import CasesTableModel
from ui.models.problems_table_model import ProblemsTableModel
from ui.models.rounds_table_model import RoundsTableModel
from ui.models.sheet_rows_table_model import SheetRowsTableModel
from ui.views.rounds_view import RoundsView

LEFT = Qt.MouseButton.LeftButton


def fake_personnummer() -> str:
    """A Luhn-valid test number built at run time (12-12-12 is a classic test date)."""
    digits = "121212" + "121"
    return f"{digits[:6]}-{digits[6:]}{luhn.calc_check_digit(digits)}"


@pytest.fixture
def view(qtbot, empty_context: AppContext) -> RoundsView:  # type: ignore[no-untyped-def]
    return _shown_view(qtbot, empty_context)


@pytest.fixture
def demo_view(qtbot, context: AppContext) -> RoundsView:  # type: ignore[no-untyped-def]
    return _shown_view(qtbot, context)


def _shown_view(qtbot, context: AppContext) -> RoundsView:  # type: ignore[no-untyped-def]
    widget = RoundsView(context)
    qtbot.addWidget(widget)
    widget.resize(1280, 820)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def make_round(context: AppContext, name: str = "Förhandsbedömningar VT 2026") -> Round:
    round_ = rounds.create_round(context.db, template_key="forhandsbedomning", name=name)
    context.notify("rounds")
    return round_


def cell(model: object, row: int, column: int) -> str:
    return str(model.index(row, column).data())  # type: ignore[attr-defined]


def column_texts(model: object, column: int) -> list[str]:
    return [cell(model, r, column) for r in range(model.rowCount())]  # type: ignore[attr-defined]


def type_lines(qtbot, editor, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Type lines into a text box, cells separated by the Tab key, lines by Return."""
    editor.setFocus()
    for number, line in enumerate(lines):
        if number:
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        for part_number, part in enumerate(line.split("\t")):
            if part_number:
                qtbot.keyClick(editor, Qt.Key.Key_Tab)
            type_text(qtbot, editor, part)


# Rounds --------------------------------------------------------------------------------------


def test_empty_state_offers_new_round(view: RoundsView) -> None:
    assert view.pages.currentIndex() == 0
    assert view.empty_new_button.isVisible()
    assert "Ny granskning" in view.empty_new_button.text()


def test_create_round_by_typing_into_the_dialog(qtbot, view: RoundsView) -> None:  # type: ignore[no-untyped-def]
    context = view.context
    qtbot.mouseClick(view.empty_new_button, LEFT)
    dialog = view.dialog
    assert isinstance(dialog, RoundDialog) and dialog.isVisible()
    type_text(qtbot, dialog.name, "Förhandsbedömningar våren 2026")
    dialog.template.setFocus()
    type_text(qtbot, dialog.template, "Förhandsbedömning")
    assert dialog.selected_template() is not None
    assert dialog.selected_template().key == "forhandsbedomning"  # type: ignore[union-attr]
    retype(qtbot, dialog.unit, "Mottagningen")
    qtbot.keyClicks(dialog.period_start, "2026-01-01")
    qtbot.keyClicks(dialog.period_end, "2026-06-30")
    retype(qtbot, dialog.target, "85")
    qtbot.mouseClick(dialog.ok_button, LEFT)

    stored = rounds.list_rounds(context.db)
    assert len(stored) == 1
    round_ = stored[0].round
    assert (round_.name, round_.template_key, round_.unit) == (
        "Förhandsbedömningar våren 2026",
        "forhandsbedomning",
        "Mottagningen",
    )
    assert (round_.period_start, round_.period_end, round_.target_pct) == (
        "2026-01-01",
        "2026-06-30",
        85,
    )
    assert view.pages.currentIndex() == 1
    assert column_texts(view.rounds_model, rounds_columns.NAME) == [
        "Förhandsbedömningar våren 2026"
    ]
    assert cell(view.rounds_model, 0, rounds_columns.PERIOD) == "2026-01-01 – 2026-06-30"
    assert cell(view.rounds_model, 0, rounds_columns.TARGET) == "85 %"
    assert cell(view.rounds_model, 0, rounds_columns.STATUS) == "Öppen"
    assert context.current_round_id == round_.id
    assert view.no_cases_hint.isVisible()


def test_ctrl_n_opens_the_new_round_dialog(qtbot, view: RoundsView) -> None:  # type: ignore[no-untyped-def]
    view.activateWindow()
    view.empty_new_button.setFocus()
    qtbot.keyClick(view.empty_new_button, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(view.dialog, RoundDialog)
    assert view.dialog.isVisible()


@pytest.mark.parametrize(
    ("name", "start", "end", "message"),
    [
        ("", "", "", "Skriv ett namn"),
        ("Våren", "2026-06-30", "2026-01-01", "Periodens slut ligger före dess början"),
        ("Våren", "2026-13-01", "", "inget giltigt datum"),
        ("Våren", "1 januari", "", "ÅÅÅÅ-MM-DD"),
    ],
)
def test_bad_round_input_is_shown_and_nothing_is_created(  # type: ignore[no-untyped-def]
    qtbot, view: RoundsView, name: str, start: str, end: str, message: str
) -> None:
    dialog = view.new_round()
    type_text(qtbot, dialog.name, name)
    qtbot.keyClicks(dialog.period_start, start)
    qtbot.keyClicks(dialog.period_end, end)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible(), "the dialog stays open"
    assert dialog.message.isVisible()
    assert message in dialog.message.text()
    assert rounds.list_rounds(view.context.db) == []


def test_target_above_100_cannot_be_typed(qtbot, view: RoundsView) -> None:  # type: ignore[no-untyped-def]
    dialog = view.new_round()
    retype(qtbot, dialog.target, "150")
    assert dialog.target.value() <= 100
    retype(qtbot, dialog.target, "-5")
    assert dialog.target_value() is None or 0 <= dialog.target_value() <= 100  # type: ignore[operator]


def test_no_target_is_saved_as_none(qtbot, view: RoundsView) -> None:  # type: ignore[no-untyped-def]
    dialog = view.new_round()
    type_text(qtbot, dialog.name, "Utan mål")
    assert dialog.target.text() == "Inget mål"
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert rounds.list_rounds(view.context.db)[0].round.target_pct is None
    assert cell(view.rounds_model, 0, rounds_columns.TARGET) == "–"


def test_edit_round_keeps_the_template_when_it_has_reviews(  # type: ignore[no-untyped-def]
    qtbot, demo_view: RoundsView
) -> None:
    summary = demo_view.selected_round()
    assert summary is not None and summary.reviews > 0
    dialog = demo_view.edit_round()
    assert isinstance(dialog, RoundDialog)
    assert dialog.name.text() == summary.round.name
    assert not dialog.template.isEnabled()
    assert "redan har granskningar" in dialog.template_hint.text()
    retype(qtbot, dialog.name, "Omdöpt omgång")
    retype(qtbot, dialog.period_end, "2020-01-01")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert "Periodens slut" in dialog.message.text()
    assert rounds.get_round(demo_view.context.db, summary.round.id).name == summary.round.name
    retype(qtbot, dialog.period_end, "")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert rounds.get_round(demo_view.context.db, summary.round.id).name == "Omdöpt omgång"
    assert (
        cell(
            demo_view.rounds_model,
            demo_view.rounds_model.row_of(summary.round.id),
            rounds_columns.NAME,
        )
        == "Omdöpt omgång"
    )


def test_close_and_open_round(qtbot, demo_view: RoundsView) -> None:  # type: ignore[no-untyped-def]
    summary = demo_view.selected_round()
    assert summary is not None
    assert demo_view.add_case_button.isEnabled()
    qtbot.mouseClick(demo_view.status_button, LEFT)
    assert rounds.get_round(demo_view.context.db, summary.round.id).status is RoundStatus.CLOSED
    assert demo_view.selected_round().round.id == summary.round.id  # type: ignore[union-attr]
    assert "Öppna" in demo_view.status_button.text()
    assert demo_view.closed_hint.isVisible()
    assert not demo_view.add_case_button.isEnabled()
    assert not demo_view.paste_button.isEnabled()
    assert not demo_view.import_button.isEnabled()
    row = demo_view.rounds_model.row_of(summary.round.id)
    assert cell(demo_view.rounds_model, row, rounds_columns.STATUS) == "Stängd"
    qtbot.mouseClick(demo_view.status_button, LEFT)
    assert rounds.get_round(demo_view.context.db, summary.round.id).status is RoundStatus.OPEN
    assert demo_view.add_case_button.isEnabled()


def test_selecting_a_round_announces_it_and_show_results(  # type: ignore[no-untyped-def]
    qtbot, demo_view: RoundsView
) -> None:
    context = demo_view.context
    second = demo_view.rounds_model.summary_at(1)
    assert second is not None
    with qtbot.waitSignal(context.round_selected) as selected:
        demo_view.rounds_table.selectRow(1)
    assert selected.args == [second.round.id]
    assert context.current_round_id == second.round.id
    assert second.round.name in demo_view.cases_label.text()
    with qtbot.waitSignal(context.show_results_requested) as shown:
        qtbot.mouseClick(demo_view.results_button, LEFT)
    assert shown.args == [second.round.id]
    # The selection survives a refresh, and another view can choose the round.
    demo_view.refresh()
    assert demo_view.selected_round().round.id == second.round.id  # type: ignore[union-attr]
    third = demo_view.rounds_model.summary_at(2)
    context.round_selected.emit(third.round.id)  # type: ignore[union-attr]
    assert demo_view.selected_round().round.id == third.round.id  # type: ignore[union-attr]


# Cases -----------------------------------------------------------------------------------------


def test_add_one_case(qtbot, view: RoundsView) -> None:  # type: ignore[no-untyped-def]
    round_ = make_round(view.context)
    qtbot.mouseClick(view.add_case_button, LEFT)
    dialog = view.dialog
    assert isinstance(dialog, AddCaseDialog)
    assert [dialog.subgroup.itemText(i) for i in range(dialog.subgroup.count())] == [
        "",
        "ny",
        "pågående",
        "avslutad",
    ]
    qtbot.keyClicks(dialog.reference, fake_personnummer())
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    qtbot.mouseClick(ok, LEFT)
    assert dialog.isVisible() and "personnummer" in dialog.message.text()
    assert rounds.list_cases(view.context.db, round_.id) == []
    retype(qtbot, dialog.reference, "FB-2026-001")
    qtbot.keyClicks(dialog.subgroup, "ny")
    qtbot.mouseClick(ok, LEFT)
    cases = rounds.list_cases(view.context.db, round_.id)
    assert [(c.reference, c.subgroup) for c in cases] == [("FB-2026-001", "ny")]
    assert column_texts(view.cases_proxy, cases_columns.REFERENCE) == ["FB-2026-001"]
    assert view.selected_case().case.reference == "FB-2026-001"  # type: ignore[union-attr]


def test_paste_with_personnummer_and_duplicate_adds_nothing(  # type: ignore[no-untyped-def]
    qtbot, view: RoundsView
) -> None:
    round_ = make_round(view.context)
    rounds.add_case(view.context.db, round_.id, "FB-0")
    view.refresh()
    qtbot.mouseClick(view.paste_button, LEFT)
    dialog = view.dialog
    assert isinstance(dialog, PasteCasesDialog)
    number = fake_personnummer()
    type_lines(qtbot, dialog.text, ["FB-1\tny", f"Barn {number}", "FB-2", "fb-1", "FB-0"])
    qtbot.waitUntil(lambda: dialog.problems_table.isVisible())
    problems = dialog.problems_model.problems()
    wheres = [p.where for p in problems]
    assert "Rad 2" in wheres and "Rad 4" in wheres and "FB-0" in wheres
    shown = " ".join(str(p) for p in problems)
    assert "personnummer" in shown and number not in shown and "XXXX" in shown
    assert "3 rader har problem" in dialog.preview.text()
    qtbot.mouseClick(dialog.add_button, LEFT)
    assert dialog.isVisible()
    assert "Inga ärenden lades till" in dialog.message.text()
    assert [c.reference for c in rounds.list_cases(view.context.db, round_.id)] == ["FB-0"]
    assert column_texts(view.cases_proxy, cases_columns.REFERENCE) == ["FB-0"]


def test_paste_good_cases_shows_them(qtbot, view: RoundsView) -> None:  # type: ignore[no-untyped-def]
    round_ = make_round(view.context)
    dialog = view.paste_cases()
    assert isinstance(dialog, PasteCasesDialog)
    type_lines(qtbot, dialog.text, ["FB-2026-003\tny\tÖst", "FB-2026-001\tpågående", "FB-2026-002"])
    qtbot.waitUntil(lambda: dialog.preview.text() == "3 ärenden kan läggas till.")
    assert not dialog.problems_table.isVisible()
    # Tab types a tab (the column separator); Ctrl+Tab moves on to the next field.
    qtbot.keyClick(dialog.text, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.text.hasFocus()
    qtbot.mouseClick(dialog.add_button, LEFT)
    assert len(rounds.list_cases(view.context.db, round_.id)) == 3
    assert column_texts(view.cases_proxy, cases_columns.REFERENCE) == [
        "FB-2026-001",
        "FB-2026-002",
        "FB-2026-003",
    ]
    assert column_texts(view.cases_proxy, cases_columns.SUBGROUP) == ["pågående", "", "ny"]
    assert set(column_texts(view.cases_proxy, cases_columns.MINE)) == {"Ej påbörjad"}
    assert not view.no_cases_hint.isVisible()
    qtbot.keyClicks(view.search, "003")
    assert column_texts(view.cases_proxy, cases_columns.REFERENCE) == ["FB-2026-003"]


def test_granska_emits_open_review_and_creates_the_review(  # type: ignore[no-untyped-def]
    qtbot, demo_view: RoundsView
) -> None:
    context = demo_view.context
    demo_view.cases_table.setFocus()
    demo_view.cases_table.selectRow(0)
    row = demo_view.selected_case()
    assert row is not None and row.mine is None
    with qtbot.waitSignal(context.open_review_requested) as opened:
        qtbot.keyClick(demo_view.cases_table, Qt.Key.Key_Return)
    review = reviews.get_review(context.db, opened.args[0])
    assert review.case_id == row.case.id and review.reviewer == "Åsa Lindqvist"
    demo_view.select_case(row.case.id)
    mine = cell(
        demo_view.cases_proxy, demo_view.cases_table.currentIndex().row(), cases_columns.MINE
    )
    assert mine.startswith("Pågår 0 av ")
    # The button and a second start resume the same review.
    with qtbot.waitSignal(context.open_review_requested) as again:
        qtbot.mouseClick(demo_view.review_button, LEFT)
    assert again.args == [review.id]


def test_granska_in_a_closed_round_explains_why(qtbot, demo_view: RoundsView) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(demo_view.status_button, LEFT)
    demo_view.cases_table.selectRow(0)
    with qtbot.assertNotEmitted(demo_view.context.open_review_requested):
        qtbot.mouseClick(demo_view.review_button, LEFT)
    assert demo_view.case_message.isVisible()
    assert "stängd" in demo_view.case_message.text()


# Spreadsheet import ----------------------------------------------------------------------------


def write_sheet(
    path: Path,
    context: AppContext,
    rows: list[dict[str, str]] | None = None,
    extra_header: str = "",
) -> None:
    """A CSV for forhandsbedomning answering every question that always applies "Ja"."""
    template = templates.get_template(context.db, "forhandsbedomning")
    answered = [q.id for q in template.questions if q.options and q.condition is None]
    header = ["ärende", "grupp", "enhet", "granskare", *answered]
    if extra_header:
        header.append(extra_header)
    if rows is None:
        rows = [
            {"ärende": f"FB-{i}", "grupp": "ny", "enhet": "Öst", "granskare": "Märta Sjöberg"}
            for i in range(1, 4)
        ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(h, "Ja" if h in answered else "") for h in header])


def test_sheet_import_previews_and_imports(qtbot, view: RoundsView, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    context = view.context
    round_ = make_round(context)
    sheet = tmp_path / "granskningar.csv"
    write_sheet(sheet, context)
    qtbot.mouseClick(view.import_button, LEFT)
    dialog = view.dialog
    assert isinstance(dialog, SheetImportDialog)
    assert "användarhandboken" in " ".join(
        label.text() for label in dialog.findChildren(type(dialog.headline))
    )
    assert "FB1" in dialog.question_ids.text()
    assert not dialog.import_button.isEnabled()
    dialog.load_file(sheet)
    assert dialog.headline.text() == "3 rader kan läsas in."
    assert column_texts(dialog.rows_model, 1) == ["FB-1", "FB-2", "FB-3"]
    assert column_texts(dialog.rows_model, 4) == ["Märta Sjöberg"] * 3
    assert dialog.problems_model.rowCount() == 0
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, LEFT)
    assert dialog.summary is not None and dialog.summary.reviews_created == 3
    assert "3 granskningar importerades." in dialog.message.text()
    assert "3 nya ärenden" in dialog.message.text()
    assert not dialog.import_button.isEnabled()
    stored = reviews.list_reviews(context.db, round_.id)
    assert len(stored) == 3 and {r["status"] for r in stored} == {"complete"}
    assert column_texts(view.cases_proxy, cases_columns.REFERENCE) == ["FB-1", "FB-2", "FB-3"]
    assert set(column_texts(view.cases_proxy, cases_columns.OTHERS)) == {"Märta Sjöberg (klar)"}
    assert cell(view.rounds_model, 0, rounds_columns.COMPLETE) == "3 av 3"


def test_bad_sheet_shows_problems_and_changes_nothing(  # type: ignore[no-untyped-def]
    qtbot, view: RoundsView, tmp_path: Path
) -> None:
    context = view.context
    round_ = make_round(context)
    sheet = tmp_path / "fel.csv"
    write_sheet(
        sheet,
        context,
        rows=[
            {"ärende": "FB-1"},
            {"ärende": "FB-2", "FB3": "Kanske"},
            {"ärende": "FB-3", "FB1": ""},
            {"ärende": "FB-1"},
        ],
    )
    dialog = view.import_sheet()
    assert dialog is not None
    dialog.load_file(sheet)
    wheres = [p.where for p in dialog.problems_model.problems()]
    assert 'Rad 3, kolumn "FB3"' in wheres
    assert 'Rad 4, kolumn "FB1"' in wheres
    assert "Rad 5" in wheres
    assert dialog.headline.text().startswith("Ingenting kan läsas in: 3 problem")
    assert dialog.tabs.currentWidget() is dialog.problems_table
    assert not dialog.import_button.isEnabled()
    dialog.start_import()
    assert rounds.list_cases(context.db, round_.id) == []
    assert reviews.list_reviews(context.db, round_.id) == []


def test_unreadable_sheet_is_a_problem_list(qtbot, view: RoundsView, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    round_ = make_round(view.context)
    broken = tmp_path / "trasig.xlsx"
    broken.write_bytes(b"this is not a workbook")
    dialog = view.import_sheet()
    assert dialog is not None
    dialog.load_file(broken)
    assert dialog.problems_model.rowCount() >= 1
    assert dialog.headline.text().startswith("Ingenting kan läsas in")
    assert "Excel" in dialog.problems_model.problems()[0].message
    assert not dialog.import_button.isEnabled()
    assert rounds.list_cases(view.context.db, round_.id) == []


def test_unknown_column_is_reported(qtbot, view: RoundsView, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_round(view.context)
    sheet = tmp_path / "stavfel.csv"
    write_sheet(sheet, view.context, extra_header="FB99")
    dialog = view.import_sheet()
    assert dialog is not None
    dialog.load_file(sheet)
    assert any("FB99" in p.where for p in dialog.problems_model.problems())
    assert not dialog.import_button.isEnabled()


# Models ----------------------------------------------------------------------------------------


def test_models_pass_the_model_tester(  # type: ignore[no-untyped-def]
    qtmodeltester, demo_view: RoundsView, tmp_path: Path
) -> None:
    context = demo_view.context
    rounds_model = RoundsTableModel()
    rounds_model.set_rows(rounds.list_rounds(context.db))
    assert rounds_model.rowCount() > 0
    qtmodeltester.check(rounds_model)
    qtmodeltester.check(RoundsTableModel())

    cases_model = CasesTableModel()
    cases_model.set_rows(demo_view.cases_model._rows)
    assert cases_model.rowCount() > 0
    qtmodeltester.check(cases_model)
    qtmodeltester.check(demo_view.cases_proxy)

    problems = ProblemsTableModel()
    problems.set_problems(rounds.parse_case_lines(f"A\n{fake_personnummer()}\nA")[1])
    assert problems.rowCount() == 2
    qtmodeltester.check(problems)

    round_ = make_round(context, "Import")
    sheet = tmp_path / "ok.csv"
    write_sheet(sheet, context)
    from kvaldesk.services.sheets import check_sheet

    preview = SheetRowsTableModel()
    preview.set_rows(check_sheet(context.db, round_.id, sheet).rows)
    assert preview.rowCount() == 3
    qtmodeltester.check(preview)


def test_long_round_name_wraps(qtbot, view: RoundsView) -> None:  # type: ignore[no-untyped-def]
    long_name = "Förhandsbedömningar för barn och unga som aktualiserats under våren " * 2
    make_round(view.context, long_name.strip())
    view.resize(1024, 700)
    QApplication.processEvents()
    label = view.cases_label
    assert label.wordWrap()
    assert long_name.strip() in label.text()
    assert label.height() >= label.heightForWidth(label.width()) > label.fontMetrics().height()


def test_changes_during_a_background_load_cost_one_more_load(
    qtbot,
    context: AppContext,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    view = _shown_view(qtbot, context)
    context.tasks.synchronous = False
    loads: list[int] = []
    real_list_rounds = rounds.list_rounds

    def counted(db):  # type: ignore[no-untyped-def]
        loads.append(1)
        return real_list_rounds(db)

    monkeypatch.setattr(rounds, "list_rounds", counted)
    new = make_round(context, "Förhandsbedömningar HT 2026")  # notifies "rounds"
    for _change in range(5):
        context.notify("reviews")
    qtbot.waitUntil(lambda: not context.tasks.busy and not view._loading, timeout=10_000)
    assert len(loads) == 2
    assert view.rounds_model.row_of(new.id) >= 0
