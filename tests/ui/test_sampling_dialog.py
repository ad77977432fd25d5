"""Dra urval: draw a sample from a file or a pasted list, see the drawn cases or the problems,
and add them to the round — by typing into and clicking the real widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from stdnum import luhn
from typing_helpers import retype, type_text

from kvaldesk.services import rounds, sampling
from ui.context import AppContext
from ui.dialogs.sampling_dialog import SamplingDialog
from ui.dialogs.sampling_source import PASTE_TAB
from ui.models.problems_table_model import ProblemsTableModel
from ui.models.sample_table_model import SampleTableModel
from ui.views.rounds_view import RoundsView

LEFT = Qt.MouseButton.LeftButton
UNITS = ("Mottagningen", "Utredningsgruppen Öst", "Utredningsgruppen Väst")
CODES = ("ÅL01", "KÖ02", "JE03", "LH04")


def fake_personnummer() -> str:
    """A Luhn-valid test number built at run time (12-12-12 is a classic test date)."""
    digits = "121212" + "121"
    return f"{digits[:6]}-{digits[6:]}{luhn.calc_check_digit(digits)}"


def write_list(path: Path, count: int = 60) -> Path:
    lines = ["ärende;handläggare;enhet;grupp"]
    for number in range(1, count + 1):
        lines.append(
            f"EB-2026-{number:03d};{CODES[number % 4]};{UNITS[number % 3]};"
            f"{('ny', 'pågående')[number % 2]}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def round_id(empty_context: AppContext) -> str:
    round_ = rounds.create_round(
        empty_context.db, template_key="forhandsbedomning", name="Förhandsbedömningar HT 2026"
    )
    empty_context.notify("rounds")
    return round_.id


def open_dialog(qtbot, context: AppContext, round_id: str) -> SamplingDialog:  # type: ignore[no-untyped-def]
    dialog = SamplingDialog(context, round_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def drawn(dialog: SamplingDialog) -> list[str]:
    model = dialog.sample_model
    assert isinstance(model, SampleTableModel)
    return model.references()


def choose_by(qtbot, dialog: SamplingDialog, steps: int) -> None:  # type: ignore[no-untyped-def]
    dialog.by_combo.setFocus()
    for _step in range(steps):
        qtbot.keyClick(dialog.by_combo, Qt.Key.Key_Down)


def test_stratified_draw_from_a_file_then_add_to_the_round(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext, round_id: str, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, empty_context, round_id)
    assert not dialog.add_button.isEnabled()
    type_text(qtbot, dialog.source.file_edit, str(write_list(tmp_path / "ärenden.csv")))
    retype(qtbot, dialog.n_spin, "4")
    choose_by(qtbot, dialog, 1)  # Per enhet
    retype(qtbot, dialog.caseworker_edit, "")
    qtbot.mouseClick(dialog.draw_button, LEFT)

    references = drawn(dialog)
    assert len(references) == 12  # 4 from each of the three units
    assert "12 ärenden drogs med fröet" in dialog.headline.text()
    seed = int(dialog.seed_edit.text())  # the seed is shown after drawing
    assert "Mottagningen: 4 av 20" in dialog.details.text()
    assert dialog.tabs.tabText(0) == "Urval (12)"
    assert dialog.add_button.isEnabled()

    qtbot.mouseClick(dialog.add_button, LEFT)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.outcome is not None
    in_round = sorted(c.reference for c in rounds.list_cases(empty_context.db, round_id))
    assert in_round == sorted(references)
    assert sampling.sample_seed(empty_context.db, round_id) == seed


def test_same_seed_draws_the_same_cases(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext, round_id: str, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, empty_context, round_id)
    dialog.source.set_file(write_list(tmp_path / "lista.csv"))
    retype(qtbot, dialog.n_spin, "7")
    retype(qtbot, dialog.seed_edit, "4711")
    qtbot.mouseClick(dialog.draw_button, LEFT)
    first = drawn(dialog)
    assert len(first) == 7
    assert dialog.seed_edit.text() == "4711"

    retype(qtbot, dialog.seed_edit, "4712")
    assert not dialog.add_button.isEnabled()  # a changed seed needs a new draw
    assert "Dra urval" in dialog.headline.text()
    qtbot.mouseClick(dialog.draw_button, LEFT)
    assert drawn(dialog) != first

    retype(qtbot, dialog.seed_edit, "4711")
    qtbot.mouseClick(dialog.draw_button, LEFT)
    assert drawn(dialog) == first


def test_own_cases_are_never_drawn(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext, round_id: str, tmp_path: Path
) -> None:
    path = write_list(tmp_path / "lista.csv", count=24)
    dialog = open_dialog(qtbot, empty_context, round_id)
    dialog.source.set_file(path)
    retype(qtbot, dialog.n_spin, "18")
    retype(qtbot, dialog.caseworker_edit, "")
    type_text(qtbot, dialog.caseworker_edit, "kö02")  # any case: the code is compared as text
    qtbot.mouseClick(dialog.draw_button, LEFT)
    own = {f"EB-2026-{n:03d}" for n in range(1, 25) if CODES[n % 4] == "KÖ02"}
    assert len(drawn(dialog)) == 18
    assert not own & set(drawn(dialog))
    assert "6 ärenden med handläggarkoden uteslöts" in dialog.details.text()


def test_the_users_code_from_settings_is_filled_in(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext, round_id: str
) -> None:
    from dataclasses import replace

    from kvaldesk.services import settings as settings_service

    settings_service.save_settings(
        empty_context.db, replace(empty_context.settings(), reviewer_code="ÅL01")
    )
    dialog = open_dialog(qtbot, empty_context, round_id)
    assert dialog.caseworker_edit.text() == "ÅL01"


def test_pasted_references_can_be_drawn(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext, round_id: str
) -> None:
    dialog = open_dialog(qtbot, empty_context, round_id)
    dialog.source.setCurrentIndex(PASTE_TAB)
    retype(qtbot, dialog.caseworker_edit, "")
    dialog.source.text.setFocus()
    for number in range(1, 9):
        type_text(qtbot, dialog.source.text, f"FB-2026-0{number}")
        qtbot.keyClick(dialog.source.text, Qt.Key.Key_Return)
    retype(qtbot, dialog.n_spin, "3")
    qtbot.mouseClick(dialog.draw_button, LEFT)
    assert len(drawn(dialog)) == 3
    assert all(r.startswith("FB-2026-0") for r in drawn(dialog))


def test_bad_list_shows_problems_by_row_and_column(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext, round_id: str, tmp_path: Path
) -> None:
    path = tmp_path / "fel.csv"
    path.write_text(
        "ärende;handläggare;enhet\n"
        "EB-2026-001;ÅL01;Öst\n"
        ";KÖ02;Öst\n"
        "EB-2026-001;JE03;Väst\n"
        f"EB-2026-004;LH04;{fake_personnummer()}\n",
        encoding="utf-8",
    )
    dialog = open_dialog(qtbot, empty_context, round_id)
    dialog.source.set_file(path)
    retype(qtbot, dialog.caseworker_edit, "")
    qtbot.mouseClick(dialog.draw_button, LEFT)

    model = dialog.problems_model
    assert isinstance(model, ProblemsTableModel)
    wheres = [p.where for p in model.problems()]
    assert any(w.startswith("Rad 3") for w in wheres)  # the missing reference
    assert any(w.startswith("Rad 4") for w in wheres)  # the duplicate
    assert any(w.startswith("Rad 5") for w in wheres)  # the personnummer
    assert dialog.tabs.currentWidget() is dialog.problems_table
    assert dialog.message.isVisible()
    assert not dialog.add_button.isEnabled()
    assert rounds.list_cases(empty_context.db, round_id) == []


def test_nothing_chosen_says_what_is_missing(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext, round_id: str
) -> None:
    dialog = open_dialog(qtbot, empty_context, round_id)
    qtbot.mouseClick(dialog.draw_button, LEFT)
    assert dialog.message.text() == "Välj en fil med ärenden."


def test_too_large_n_is_refused_with_the_reason(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext, round_id: str, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, empty_context, round_id)
    dialog.source.set_file(write_list(tmp_path / "lista.csv", count=5))
    retype(qtbot, dialog.caseworker_edit, "")
    retype(qtbot, dialog.n_spin, "30")
    qtbot.mouseClick(dialog.draw_button, LEFT)
    assert "30" in dialog.message.text()
    assert not dialog.add_button.isEnabled()


def test_round_view_opens_the_dialog_and_shows_the_added_cases(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext, round_id: str, tmp_path: Path
) -> None:
    view = RoundsView(empty_context)
    qtbot.addWidget(view)
    view.resize(1280, 820)
    view.show()
    qtbot.waitExposed(view)
    assert view.cases_pane.sample_button.isEnabled()
    qtbot.mouseClick(view.cases_pane.sample_button, LEFT)
    dialog = view.case_tools.dialog
    assert isinstance(dialog, SamplingDialog)
    dialog.source.set_file(write_list(tmp_path / "lista.csv", count=10))
    retype(qtbot, dialog.caseworker_edit, "")
    retype(qtbot, dialog.n_spin, "3")
    qtbot.mouseClick(dialog.draw_button, LEFT)
    qtbot.mouseClick(dialog.add_button, LEFT)
    assert view.cases_model.rowCount() == 3
    assert "3 ärenden från urvalet lades till" in view.case_message.text()


def test_sample_model_passes_the_model_tester(  # type: ignore[no-untyped-def]
    qtbot, qtmodeltester, empty_context: AppContext, round_id: str, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, empty_context, round_id)
    dialog.source.set_file(write_list(tmp_path / "lista.csv"))
    qtbot.mouseClick(dialog.draw_button, LEFT)
    qtmodeltester.check(dialog.sample_model)


def test_caseworker_code_is_set_in_settings_and_thresholds_are_kept(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext
) -> None:
    from dataclasses import replace

    from kvaldesk.services import settings as settings_service
    from ui.views.settings_view import SettingsView

    settings_service.save_settings(
        empty_context.db, replace(empty_context.settings(), kappa_threshold=0.6)
    )
    view = SettingsView(empty_context)
    qtbot.addWidget(view)
    view.show()
    type_text(qtbot, view.code_edit, "ÅL01")
    assert view.save()
    stored = empty_context.settings()
    assert stored.reviewer_code == "ÅL01"
    assert stored.kappa_threshold == 0.6  # set in Kalibrering, not lost by saving here
