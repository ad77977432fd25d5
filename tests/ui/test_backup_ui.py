"""A damaged database at start: the window offers the newest good backup; the setting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from kvaldesk.services import backups, demo
from kvaldesk.services import settings as settings_service
from kvaldesk.services.workspace import open_workspace
from ui.app import IntegrityCheck, open_at_start
from ui.context import AppContext
from ui.views.settings_view import SettingsView

PAGE = 4096


def _damage(path: Path) -> None:
    """Garbage in the header of every page after the first (see tests/core/test_faults_support)."""
    data = bytearray(path.read_bytes())
    for start in range(PAGE, len(data), PAGE):
        data[start : start + 12] = b"\xff" * 12
    path.write_bytes(bytes(data))


def _database_with_backup(tmp_path: Path) -> tuple[Path, int]:
    path = tmp_path / "kvaldesk.db"
    db = open_workspace(path)
    settings_service.save_settings(
        db, settings_service.UserSettings(reviewer_name="Åsa Lindqvist", reviewer_unit="Öst")
    )
    demo.make_demo(db, reviews=12, seed=5)
    assert backups.take_backup(db, "start") is not None
    count = int(db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])
    db.close()
    return path, count


class Dialogs:
    """Records the message boxes shown, answering questions with ``answer``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton):
        self.shown: list[tuple[str, str]] = []

        def record(kind: str, result: Any) -> Any:
            def show(_parent: object, _title: str, text: str, *_rest: object) -> Any:
                self.shown.append((kind, text))
                return result

            return show

        monkeypatch.setattr(QMessageBox, "question", record("question", answer))
        ok = QMessageBox.StandardButton.Ok
        monkeypatch.setattr(QMessageBox, "information", record("information", ok))
        monkeypatch.setattr(QMessageBox, "critical", record("critical", ok))


def test_damaged_database_is_restored_from_the_newest_good_backup(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, answers = _database_with_backup(tmp_path)
    _damage(path)
    dialogs = Dialogs(monkeypatch, QMessageBox.StandardButton.Yes)
    db = open_at_start(path)
    assert db is not None
    assert int(db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]) == answers
    db.close()
    kinds = [kind for kind, _text in dialogs.shown]
    assert kinds == ["question", "information"]
    assert "är skadad" in dialogs.shown[0][1] and "tas inte bort" in dialogs.shown[0][1]
    damaged = [b for b in backups.list_backups(path) if b.reason == "damaged"]
    assert len(damaged) == 1 and damaged[0].path.name in dialogs.shown[1][1]


def test_the_check_started_during_start_up_offers_the_restore_too(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, answers = _database_with_backup(tmp_path)
    _damage(path)
    dialogs = Dialogs(monkeypatch, QMessageBox.StandardButton.Yes)
    db = open_at_start(path, IntegrityCheck(path))  # as ui.app.run_gui: on its own thread
    assert db is not None
    assert int(db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]) == answers
    db.close()
    assert [kind for kind, _text in dialogs.shown] == ["question", "information"]


def test_no_leaves_the_damaged_database_untouched(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _answers = _database_with_backup(tmp_path)
    _damage(path)
    before = path.read_bytes()
    dialogs = Dialogs(monkeypatch, QMessageBox.StandardButton.No)
    assert open_at_start(path) is None
    assert [kind for kind, _text in dialogs.shown] == ["question"]
    assert path.read_bytes() == before
    assert [b.reason for b in backups.list_backups(path)] == ["start"]


def test_without_a_backup_the_window_says_so(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _answers = _database_with_backup(tmp_path)
    for backup in backups.list_backups(path):
        backup.path.unlink()
    _damage(path)
    dialogs = Dialogs(monkeypatch, QMessageBox.StandardButton.Yes)
    assert open_at_start(path) is None
    assert [kind for kind, _text in dialogs.shown] == ["critical"]
    assert "ingen felfri säkerhetskopia" in dialogs.shown[0][1]


def test_settings_view_stores_the_number_of_backups(qtbot: Any, context: AppContext) -> None:
    view = SettingsView(context)
    qtbot.addWidget(view)
    assert view.backups_spin.value() == settings_service.DEFAULT_BACKUPS_TO_KEEP
    assert view.backups_spin.accessibleName() == "Antal säkerhetskopior att spara"
    view.backups_spin.setValue(4)
    assert view.is_dirty()
    assert view.save()
    assert settings_service.backups_to_keep(context.db) == 4


def test_window_takes_the_start_up_backup_in_the_background(context: AppContext) -> None:
    from ui.app import start_backup_in_background

    start_backup_in_background(context)  # the fixture's tasks run synchronously
    context.tasks.wait()
    assert [b.reason for b in backups.list_backups(context.db_path)] == ["start"]
    start_backup_in_background(context)  # within 4 hours: no second one
    context.tasks.wait()
    assert len(backups.list_backups(context.db_path)) == 1
