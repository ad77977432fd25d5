"""Fixtures for the window tests (pytest-qt, offscreen): a fresh database with demo data and
an AppContext whose background tasks run synchronously."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from kvaldesk.services import demo
from kvaldesk.services import settings as settings_service
from kvaldesk.services.workspace import open_workspace
from ui.context import AppContext
from ui.i18n import set_language
from ui.tasks import TaskRunner


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QSettings (window geometry) go to a temporary folder, never the user's."""
    from PySide6.QtCore import QSettings

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    QSettings.setPath(
        QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "config")
    )
    set_language("sv")


@pytest.fixture
def empty_context(qtbot, tmp_path: Path) -> Iterator[AppContext]:  # type: ignore[no-untyped-def]
    """A context over a new database with only the built-in templates and a reviewer name."""
    path = tmp_path / "kvaldesk.db"
    db = open_workspace(path)
    settings_service.save_settings(
        db,
        settings_service.UserSettings(
            reviewer_name="Åsa Lindqvist", reviewer_unit="Utredningsgruppen Öst"
        ),
    )
    tasks = TaskRunner(path)
    tasks.synchronous = True
    context = AppContext(db, path, tasks)
    yield context
    tasks.wait()
    db.close()


@pytest.fixture
def context(empty_context: AppContext) -> AppContext:
    """A context whose database also has demo rounds with complete reviews."""
    demo.make_demo(empty_context.db, reviews=40, seed=3)
    empty_context.notify("rounds")  # as the window does after a change
    return empty_context
