"""The settings view (Inställningar): typing and saving, refused input, unsaved changes kept."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from stdnum import luhn
from typing_helpers import retype

from kvaldesk import __version__
from kvaldesk.services import settings as settings_service
from ui.context import AppContext
from ui.views.settings_view import SettingsView


def fake_personal_number() -> str:
    """A Luhn-valid test personnummer built at run time (the well-known test date 1212-12)."""
    body = "121212" + "121"
    return body + luhn.calc_check_digit(body)


def make_view(qtbot: Any, context: AppContext) -> SettingsView:
    view = SettingsView(context)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    # Activate the window so focus and shortcuts behave as on a desktop (offscreen too).
    view.windowHandle().requestActivate()
    qtbot.waitUntil(view.isActiveWindow)
    return view


def test_form_shows_the_stored_settings(qtbot: Any, empty_context: AppContext) -> None:
    view = make_view(qtbot, empty_context)
    assert view.name_edit.text() == "Åsa Lindqvist"
    assert view.unit_edit.text() == "Utredningsgruppen Öst"
    assert view.min_group_spin.value() == settings_service.DEFAULT_MIN_GROUP_SIZE
    assert view.language_combo.currentData() == "sv"
    assert view.db_path_label.text() == str(empty_context.db_path)
    assert view.version_label.text() == __version__
    assert not view.is_dirty()
    assert not view.unsaved_label.isVisible()


def test_typing_a_new_name_and_saving_stores_it(qtbot: Any, empty_context: AppContext) -> None:
    seen: list[str] = []
    empty_context.data_changed.connect(seen.append)
    view = make_view(qtbot, empty_context)
    retype(qtbot, view.name_edit, "Örjan Bergström")
    assert view.is_dirty()
    assert view.unsaved_label.isVisible()
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert settings_service.load_settings(empty_context.db).reviewer_name == "Örjan Bergström"
    assert view.message.isVisible()
    assert view.message.text() == "Inställningarna sparades."
    assert "settings" in seen
    assert not view.is_dirty()
    assert not view.unsaved_label.isVisible()


def test_enter_in_a_field_saves(qtbot: Any, empty_context: AppContext) -> None:
    view = make_view(qtbot, empty_context)
    retype(qtbot, view.unit_edit, "Mottagningen")
    qtbot.keyClick(view.unit_edit, Qt.Key.Key_Return)
    assert settings_service.load_settings(empty_context.db).reviewer_unit == "Mottagningen"


def test_min_group_size_is_saved(qtbot: Any, empty_context: AppContext) -> None:
    view = make_view(qtbot, empty_context)
    view.min_group_spin.setFocus()
    view.min_group_spin.selectAll()
    qtbot.keyClicks(view.min_group_spin, "8")
    assert view.min_group_spin.value() == 8
    qtbot.keyClick(view.min_group_spin, Qt.Key.Key_Up)
    assert view.min_group_spin.value() == 9
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert settings_service.load_settings(empty_context.db).min_group_size == 9


def test_min_group_size_stays_within_1_and_100(qtbot: Any, empty_context: AppContext) -> None:
    view = make_view(qtbot, empty_context)
    assert (view.min_group_spin.minimum(), view.min_group_spin.maximum()) == (1, 100)


def test_personal_number_in_the_name_is_refused(qtbot: Any, empty_context: AppContext) -> None:
    view = make_view(qtbot, empty_context)
    number = fake_personal_number()
    retype(qtbot, view.name_edit, f"Åsa {number}")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert view.message.isVisible()
    assert "personnummer" in view.message.text()
    assert number not in view.message.text()  # the message masks it
    stored = settings_service.load_settings(empty_context.db)
    assert stored.reviewer_name == "Åsa Lindqvist"
    # The typed text is kept so the user can correct it, and the cursor is in that field.
    assert view.name_edit.text() == f"Åsa {number}"
    assert view.is_dirty()
    assert view.name_edit.hasFocus()


def test_unsaved_changes_survive_refresh(qtbot: Any, empty_context: AppContext) -> None:
    view = make_view(qtbot, empty_context)
    retype(qtbot, view.unit_edit, "Utredningsgruppen Väst")
    view.hide()
    view.refresh()  # what the window calls when the view is shown again
    empty_context.notify("settings")
    view.show()
    assert view.unit_edit.text() == "Utredningsgruppen Väst"
    assert view.unsaved_label.isVisible()
    assert settings_service.load_settings(empty_context.db).reviewer_unit == "Utredningsgruppen Öst"


def test_refresh_shows_settings_changed_elsewhere(qtbot: Any, empty_context: AppContext) -> None:
    view = make_view(qtbot, empty_context)
    settings_service.save_settings(
        empty_context.db,
        settings_service.UserSettings(reviewer_name="Jonas Ek", reviewer_unit="Mottagningen"),
    )
    empty_context.notify("settings")
    assert view.name_edit.text() == "Jonas Ek"
    assert not view.is_dirty()


def test_revert_drops_unsaved_changes(qtbot: Any, empty_context: AppContext) -> None:
    view = make_view(qtbot, empty_context)
    assert not view.revert_button.isEnabled()
    retype(qtbot, view.name_edit, "Någon annan")
    assert view.revert_button.isEnabled()
    qtbot.mouseClick(view.revert_button, Qt.MouseButton.LeftButton)
    assert view.name_edit.text() == "Åsa Lindqvist"
    assert not view.is_dirty()


def test_choose_shared_folder(
    qtbot: Any, empty_context: AppContext, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "delad"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(folder))
    view = make_view(qtbot, empty_context)
    qtbot.mouseClick(view.browse_button, Qt.MouseButton.LeftButton)
    assert view.folder_edit.text() == str(folder)
    assert view.is_dirty()
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert settings_service.load_settings(empty_context.db).shared_folder == str(folder)


def test_cancelled_folder_dialog_changes_nothing(
    qtbot: Any, empty_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: "")
    view = make_view(qtbot, empty_context)
    qtbot.mouseClick(view.browse_button, Qt.MouseButton.LeftButton)
    assert view.folder_edit.text() == ""
    assert not view.is_dirty()


def test_language_change_says_it_applies_after_restart(
    qtbot: Any, empty_context: AppContext
) -> None:
    view = make_view(qtbot, empty_context)
    view.language_combo.setFocus()
    qtbot.keyClick(view.language_combo, Qt.Key.Key_Down)
    assert view.language_combo.currentData() == "en"
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert settings_service.load_settings(empty_context.db).language == "en"
    assert "startar om" in view.message.text()


def test_ctrl_s_saves(qtbot: Any, empty_context: AppContext) -> None:
    view = make_view(qtbot, empty_context)
    retype(qtbot, view.name_edit, "Leila Haddad")
    qtbot.keyClick(view.name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert settings_service.load_settings(empty_context.db).reviewer_name == "Leila Haddad"


def test_controls_have_accessible_names_and_mnemonics(
    qtbot: Any, empty_context: AppContext
) -> None:
    view = make_view(qtbot, empty_context)
    for widget in (
        view.name_edit,
        view.unit_edit,
        view.folder_edit,
        view.browse_button,
        view.min_group_spin,
        view.language_combo,
        view.save_button,
        view.revert_button,
    ):
        assert widget.accessibleName()
    buddies = {label.buddy() for label in view._labels if label.buddy() is not None}
    assert {
        view.name_edit,
        view.unit_edit,
        view.folder_edit,
        view.min_group_spin,
        view.language_combo,
    } <= buddies
