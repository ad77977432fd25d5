"""The whole window: start-up, navigation, first start, screenshots, error dialog."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QImage

from kvaldesk.services import demo, rounds
from kvaldesk.services import settings as settings_service
from ui.app import VIEWS
from ui.context import AppContext
from ui.launcher import wants_gui
from ui.main_window import VIEW_ORDER, VIEW_SHORTCUTS, MainWindow


def test_launcher_sends_commands_to_the_cli() -> None:
    assert wants_gui([])
    assert wants_gui(["gui", "--screenshot", "x.png"])
    assert wants_gui(["--db", "x.db"])
    assert not wants_gui(["--db", "x.db", "templates", "list"])
    assert not wants_gui(["results", "abc"])


def test_every_view_is_reachable_by_keyboard(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    actions = {
        a.shortcut().toString(): a
        for a in window.findChildren(QAction)
        if not a.shortcut().isEmpty()
    }
    # The first six views keep Ctrl+1…6; Kalibrering and Trender came later as Ctrl+7 and 8.
    assert [VIEW_SHORTCUTS[n] for n in ("rounds", "review", "results")] == [1, 2, 3]
    assert [VIEW_SHORTCUTS[n] for n in ("templates", "actions", "settings")] == [4, 5, 6]
    assert sorted(VIEW_SHORTCUTS.values()) == list(range(1, len(VIEW_ORDER) + 1))
    for row, name in enumerate(VIEW_ORDER):
        key = QKeySequence(f"Ctrl+{VIEW_SHORTCUTS[name]}").toString()
        assert key in actions, f"no shortcut {key}"
        actions[key].trigger()
        assert window.stack.currentWidget() is window.views[name]
        assert window.navigation.currentRow() == row


def test_views_are_made_when_first_shown(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert set(window.views) == {"rounds"}  # the window paints without building the others
    round_id = context.current_round_id
    assert round_id
    window.show_results(round_id)
    assert set(window.views) == {"rounds", "results"}
    results = window.views["results"]
    assert window.stack.currentWidget() is results
    assert window.stack.count() == len(VIEW_ORDER)
    assert results.current_round_id() == round_id  # type: ignore[attr-defined]


def test_start_up_work_waits_for_the_first_paint(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMainWindow

    from ui.app import run_after_first_paint

    window = QMainWindow()
    qtbot.addWidget(window)
    runs: list[bool] = []
    run_after_first_paint(window, lambda: runs.append(window.isVisible()))
    assert runs == []  # nothing before the window is shown and painted
    window.show()
    qtbot.waitUntil(lambda: runs == [True])
    window.update()
    qtbot.wait(50)
    assert runs == [True]  # once, not at every paint


def test_start_up_work_runs_for_a_window_that_is_not_painted(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMainWindow

    from ui import app

    window = QMainWindow()
    qtbot.addWidget(window)
    runs: list[str] = []
    app.run_after_first_paint(window, lambda: runs.append("done"))
    qtbot.waitUntil(lambda: runs == ["done"], timeout=app.AFTER_PAINT_FALLBACK_MS + 2000)


def test_finding_the_database_file_imports_no_database_modules() -> None:
    # The window starts the integrity check before sqlite-utils and the engine are imported.
    code = (
        "import sys, kvaldesk.services.workspace as w; w.database_path(None); "
        "assert 'sqlite_utils' not in sys.modules and 'importlib.metadata' not in sys.modules, "
        "sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])


def test_first_start_saves_name_and_offers_demo(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kvaldesk.services.workspace import open_workspace
    from ui.dialogs.first_start_dialog import FirstStartDialog
    from ui.tasks import TaskRunner

    path = tmp_path / "ny.db"
    db = open_workspace(path)
    context = AppContext(db, path, TaskRunner(path))
    assert settings_service.is_first_start(db)
    dialog = FirstStartDialog(context)
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.message.isVisible() or not dialog.message.isHidden()
    assert settings_service.is_first_start(db)
    qtbot.keyClicks(dialog.name, "Åsa Lindqvist")
    qtbot.keyClicks(dialog.unit, "Mottagningen")
    dialog.save()
    assert not settings_service.is_first_start(db)
    assert settings_service.load_settings(db).reviewer_unit == "Mottagningen"
    assert len(rounds.list_rounds(db)) > 0
    db.close()


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_screenshot_command_renders_every_view(tmp_path: Path, view: str, lang: str) -> None:
    from kvaldesk.services.workspace import open_workspace

    db_path = tmp_path / "shot.db"
    db = open_workspace(db_path)
    # Kalibrering needs a double-reviewed case, which the demo makes from 60 reviews up.
    demo.make_demo(db, reviews=60 if view == "calibration" else 24, seed=5)
    settings_service.save_settings(db, settings_service.UserSettings(reviewer_name="Åsa"))
    db.close()
    png = tmp_path / f"{view}-{lang}.png"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.launcher",
            "--db",
            str(db_path),
            "gui",
            "--screenshot",
            str(png),
            "--view",
            view,
            "--lang",
            lang,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(png))
    assert image.width() >= 1000 and image.height() >= 700
    # Not a blank picture: many distinct colours.
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)
    }
    assert len(colours) > 8


def test_unexpected_error_dialog_keeps_details_copyable(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QPushButton

    from ui.errors import ErrorDialog

    dialog = ErrorDialog("Traceback (most recent call last):\n  boom")
    qtbot.addWidget(dialog)
    assert "boom" in dialog.details.toPlainText()
    copy = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Kopiera detaljer")
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert "boom" in QGuiApplication.clipboard().text()


def test_the_warm_up_imports_window_modules_on_the_main_thread(qtbot: Any) -> None:
    import importlib
    import threading

    from ui import app as app_module

    seen: dict[str, str] = {}
    real_import = importlib.import_module

    def recording(name: str, package: str | None = None) -> Any:
        seen[name] = threading.current_thread().name
        return real_import(name, package)

    with patch.object(importlib, "import_module", recording):
        thread = app_module.warm_up()
        qtbot.waitUntil(lambda: set(app_module.WARM_UP_WINDOW_MODULES) <= set(seen), timeout=20000)
        thread.join(20)
    assert {seen[name] for name in app_module.WARM_UP_WINDOW_MODULES} == {"MainThread"}
    assert {seen[name] for name in app_module.WARM_UP_ENGINE_MODULES} == {"warm-up"}


def test_the_warm_up_waits_while_background_work_runs(qtbot: Any) -> None:
    import importlib

    from ui import app as app_module

    busy = [True]
    seen: list[str] = []
    real_import = importlib.import_module

    def recording(name: str, package: str | None = None) -> Any:
        seen.append(name)
        return real_import(name, package)

    with (
        patch.object(importlib, "import_module", recording),
        patch.object(app_module, "WARM_UP_RETRY_MS", 20),
    ):
        app_module.warm_up(lambda: busy[0]).join(20)
        qtbot.wait(150)
        assert not set(app_module.WARM_UP_WINDOW_MODULES) & set(seen)
        busy[0] = False
        qtbot.waitUntil(lambda: set(app_module.WARM_UP_WINDOW_MODULES) <= set(seen), timeout=20000)
