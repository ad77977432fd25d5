"""The shared-folder exchange in the window: export through the Arkiv menu, the import dialog
with an outcome per file, the conflicts dialog, and the team passphrase setting."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMessageBox
from typing_helpers import retype

from kvaldesk.services import exchange, reviews
from kvaldesk.services import settings as settings_service
from kvaldesk.services.workspace import open_workspace
from ui.context import AppContext
from ui.dialogs.conflicts_dialog import ConflictsDialog
from ui.dialogs.import_dialog import ImportDialog
from ui.main_window import MainWindow
from ui.models.import_outcomes_model import DETAILS, FILE, OUTCOME
from ui.tasks import TaskRunner
from ui.views.settings_view import SettingsView


@pytest.fixture
def other(qtbot: Any, tmp_path: Path) -> Iterator[AppContext]:
    """A second laptop: its own database, no reviews yet."""
    path = tmp_path / "other" / "kvaldesk.db"
    path.parent.mkdir()
    db = open_workspace(path)
    settings_service.save_settings(
        db, settings_service.UserSettings(reviewer_name="Björn Ek", reviewer_unit="Enhet Väst")
    )
    tasks = TaskRunner(path)
    tasks.synchronous = True
    context = AppContext(db, path, tasks)
    yield context
    tasks.wait()
    db.close()


@pytest.fixture
def share(tmp_path: Path) -> Path:
    folder = tmp_path / "share"
    folder.mkdir()
    return folder


def set_folder(context: AppContext, folder: Path | str, passphrase: str = "") -> None:
    settings_service.save_settings(
        context.db,
        replace(context.settings(), shared_folder=str(folder), team_passphrase=passphrase),
    )


def make_window(qtbot: Any, context: AppContext, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.informed = []  # type: ignore[attr-defined]
    monkeypatch.setattr(
        window,
        "_inform",
        lambda title, text, icon=None, informative="": window.informed.append(  # type: ignore[attr-defined]
            (title, text, informative)
        ),
    )
    return window


def menu_action(window: MainWindow, shortcut: str) -> QAction:
    wanted = QKeySequence(shortcut).toString()
    (action,) = [a for a in window.findChildren(QAction) if a.shortcut().toString() == wanted]
    return action


def import_into(qtbot: Any, context: AppContext, folder: Path) -> ImportDialog:
    dialog = ImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.set_folder(folder)
    dialog.start()
    return dialog


def table_rows(dialog: ImportDialog) -> list[tuple[str, str, str]]:
    model = dialog.model
    return [
        tuple(str(model.index(r, c).data()) for c in (FILE, OUTCOME, DETAILS))  # type: ignore[misc]
        for r in range(model.rowCount())
    ]


def count_reviews(context: AppContext) -> int:
    """The reviewers' reviews (the demo's consensus reviews travel too, but are not counted)."""
    sql = "SELECT count(*) FROM reviews WHERE consensus = 0"
    return int(context.db.execute(sql).fetchone()[0])


def test_export_from_the_menu_and_import_in_the_dialog(
    qtbot: Any,
    context: AppContext,
    other: AppContext,
    share: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
) -> None:
    set_folder(context, share)
    window = make_window(qtbot, context, monkeypatch)
    menu_action(window, "Ctrl+E").trigger()
    (package,) = share.glob("*.kvdpkg")
    ((_title, text, _extra),) = window.informed  # type: ignore[attr-defined]
    # Every review travels, the demo's consensus reviews too.
    exported = int(context.db.execute("SELECT count(*) FROM reviews").fetchone()[0])
    assert text.startswith(f"Exporterade {exported} granskningar till ") and package.name in text
    assert window.last_export_message == text

    # Nothing changed since: nothing new.
    menu_action(window, "Ctrl+E").trigger()
    assert window.informed[-1][1].startswith("Inget nytt att exportera")  # type: ignore[attr-defined]
    assert len(list(share.glob("*.kvdpkg"))) == 1

    seen: list[str] = []
    other.data_changed.connect(seen.append)
    dialog = import_into(qtbot, other, share)
    ((name, outcome, details),) = table_rows(dialog)
    assert (name, outcome) == (package.name, "Importerad")
    assert f"nya granskningar: {exported}" in details
    assert count_reviews(other) == count_reviews(context) == 40
    assert "Importerade: 1" in dialog.summary_label.text()
    assert not dialog.conflicts_button.isVisible()
    assert {"reviews", "cases", "rounds", "templates", "actions"} <= set(seen)
    qtmodeltester.check(dialog.model)

    again = import_into(qtbot, other, share)
    assert [row[1] for row in table_rows(again)] == ["Redan importerad"]
    assert count_reviews(other) == 40


def test_a_broken_file_is_refused_while_the_good_one_imports(
    qtbot: Any, context: AppContext, other: AppContext, share: Path
) -> None:
    exchange.export_package(context.db, share)
    (share / "kvaldesk-trasig-20260101-0000-deadbeef.kvdpkg").write_bytes(b"inte ett paket")
    dialog = import_into(qtbot, other, share)
    outcomes = {row[1]: row for row in table_rows(dialog)}
    assert set(outcomes) == {"Importerad", "Avvisad"}
    assert "trasig" in outcomes["Avvisad"][0] and outcomes["Avvisad"][2]
    assert count_reviews(other) == 40
    assert "Avvisade eller överhoppade: 1" in dialog.summary_label.text()
    # One line per file; the refused file is selected and its whole reason shown below.
    assert not dialog.table.wordWrap()
    selected = dialog.table.currentIndex()
    assert table_rows(dialog)[selected.row()][1] == "Avvisad"
    shown = dialog.selected_details.text()
    assert "trasig" in shown and outcomes["Avvisad"][2] in shown
    assert not dialog.selected_details.isHidden()
    good = next(i for i, row in enumerate(table_rows(dialog)) if row[1] == "Importerad")
    dialog.table.selectRow(good)
    assert "nya granskningar" in dialog.selected_details.text()


def test_an_empty_choice_asks_for_a_folder(qtbot: Any, other: AppContext) -> None:
    dialog = ImportDialog(other)
    qtbot.addWidget(dialog)
    assert dialog.folder_edit.text() == ""
    dialog.start()
    assert not dialog.message.isHidden() and "Inställningar" in dialog.message.text()
    assert dialog.model.rowCount() == 0


def test_export_without_a_folder_points_to_the_settings(
    qtbot: Any, context: AppContext, share: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(qtbot, context, monkeypatch)
    asked: list[str] = []
    status: list[str] = []
    context.status_message.connect(status.append)

    def cancel(_parent: Any, _title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)
    window.export_action.trigger()
    assert asked and "Inställningar" in asked[0]
    assert status and "Inställningar" in status[-1]
    assert not list(share.iterdir())

    # Choosing a folder now exports there and stores it as the shared folder.
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Open)
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(share))
    window.export_action.trigger()
    assert len(list(share.glob("*.kvdpkg"))) == 1
    assert context.settings().shared_folder == str(share)


def test_an_unreachable_folder_says_nothing_is_lost(
    qtbot: Any, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_folder(context, tmp_path / "not-connected")
    window = make_window(qtbot, context, monkeypatch)
    window.export_action.trigger()
    ((_title, text, _extra),) = window.informed  # type: ignore[attr-defined]
    assert "kan inte nås" in text and "Inget har gått förlorat" in text


def test_encrypted_packages_travel_with_the_team_passphrase(
    qtbot: Any,
    context: AppContext,
    other: AppContext,
    share: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_folder(context, share, passphrase="korv med mos i skogen")
    window = make_window(qtbot, context, monkeypatch)
    window.export_action.trigger()
    assert window.informed[0][2]  # type: ignore[attr-defined]  # says it is encrypted
    without = import_into(qtbot, other, share)
    assert [row[1] for row in table_rows(without)] == ["Avvisad"]
    set_folder(other, share, passphrase="korv med mos i skogen")
    dialog = import_into(qtbot, other, share)
    assert [row[1] for row in table_rows(dialog)] == ["Importerad"]


def _edit_comment(context: AppContext, review_id: str, comment: str) -> str:
    """Reopen the review and change the comment of its first answer; the question id."""
    review = reviews.get_review(context.db, review_id)
    answer = next(iter(review.answers.values()))
    reviews.reopen_review(context.db, review_id, "rättar")
    reviews.save_answer(
        context.db,
        review_id,
        answer.question_id,
        value=answer.value,
        number=answer.number,
        text=answer.text,
        comment=comment,
    )
    return answer.question_id


def test_a_conflict_is_shown_and_resolved(
    qtbot: Any,
    context: AppContext,
    other: AppContext,
    tmp_path: Path,
    qtmodeltester: Any,
) -> None:
    first, back = tmp_path / "first", tmp_path / "back"
    first.mkdir()
    back.mkdir()
    exchange.export_package(context.db, first)
    import_into(qtbot, other, first)
    (review_id,) = context.db.execute(
        "SELECT id FROM reviews WHERE status = 'complete' ORDER BY id LIMIT 1"
    ).fetchone()
    question = _edit_comment(context, review_id, "Ändrat hos samordnaren.")
    _edit_comment(other, review_id, "Ändrat hos Björn.")
    exchange.export_package(other.db, back)

    dialog = import_into(qtbot, context, back)
    assert [row[1] for row in table_rows(dialog)] == ["Konflikter"]
    assert not dialog.conflicts_button.isHidden()

    seen: list[str] = []
    context.data_changed.connect(seen.append)
    conflicts = ConflictsDialog(context)
    qtbot.addWidget(conflicts)
    qtmodeltester.check(conflicts.model)
    qtmodeltester.check(conflicts.differences)
    assert conflicts.model.rowCount() == 1
    differing = conflicts.differences.rows()
    assert differing[0].question_id == question
    assert "samordnaren" in differing[0].local and "Björn" in differing[0].incoming
    assert conflicts.keep_incoming_button.isEnabled()
    conflicts.keep_incoming_button.click()
    assert conflicts.model.rowCount() == 0
    assert not conflicts.keep_local_button.isEnabled()
    assert "reviews" in seen
    assert exchange.list_conflicts(context.db) == []
    kept = reviews.get_review(context.db, review_id).answers[question]
    assert kept.comment == "Ändrat hos Björn."


def test_the_passphrase_setting_is_saved_and_hidden(qtbot: Any, empty_context: AppContext) -> None:
    view = SettingsView(empty_context)
    qtbot.addWidget(view)
    view.show()
    assert view.passphrase_edit.echoMode() == QLineEdit.EchoMode.Password
    retype(qtbot, view.passphrase_edit, "hemlig fras 42")
    assert view.is_dirty()
    assert view.save()
    assert empty_context.settings().team_passphrase == "hemlig fras 42"
    row = empty_context.db.execute(
        "SELECT value FROM settings WHERE key = 'team_passphrase'"
    ).fetchone()
    assert row[0] == "hemlig fras 42"
    view.show_passphrase.click()
    assert view.passphrase_edit.echoMode() == QLineEdit.EchoMode.Normal
    view.show_passphrase.click()
    assert view.passphrase_edit.echoMode() == QLineEdit.EchoMode.Password
