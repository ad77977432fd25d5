"""Start-up of the window: QApplication, translations, error dialog, database, first start.

Also ``kvaldesk gui --screenshot FILE --view NAME`` which renders one view offscreen.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget
    from sqlite_utils import Database

VIEWS = (
    "rounds",
    "review",
    "results",
    "calibration",
    "trends",
    "templates",
    "actions",
    "settings",
)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Arguments of ``kvaldesk [--db PATH] [gui] [--screenshot FILE --view NAME] [--lang]``."""
    parser = argparse.ArgumentParser(prog="kvaldesk gui", description="Open the kvaldesk window.")
    parser.add_argument("--db", metavar="PATH", help="database file")
    parser.add_argument("command", nargs="?", choices=["gui"], default="gui")
    parser.add_argument("--screenshot", metavar="FILE", help="render a view to a PNG and exit")
    parser.add_argument("--view", choices=VIEWS, default="rounds")
    parser.add_argument("--lang", choices=["sv", "en"], help="language (default: settings)")
    parser.add_argument("--size", default="1280x820", help="window size for --screenshot")
    return parser.parse_args(list(argv))


def run_gui(argv: Sequence[str]) -> int:
    """Open the window (or take a screenshot); returns the exit code."""
    args = parse_args(argv)
    if args.screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from kvaldesk.services.workspace import database_path, is_new_database

    db_path = database_path(args.db)
    new_database = is_new_database(db_path)
    # The integrity check reads the whole file in SQLite (which lets go of the interpreter
    # lock): it runs while Qt and the window's modules are imported, and is waited for before
    # the database is opened.
    check = IntegrityCheck(db_path) if not new_database else None

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kvaldesk.services import settings as settings_service
    from ui.i18n import install_qt_translator, set_language

    app = QApplication.instance() or QApplication(sys.argv[:1])
    # Every call from Qt into Python (a cell's data, a paint, a timer) needs the interpreter
    # lock; while a background task runs Python, each such call waited up to the default 5 ms
    # switch interval, and a repaint of a table makes hundreds of them.
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
    app.setApplicationName("kvaldesk")
    app.setOrganizationName("kvaldesk")
    set_application_icon(app)

    from ui.context import AppContext
    from ui.errors import install_excepthook
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner
    from ui.ui_state import restore_window

    db = open_at_start(db_path, check)
    if db is None:
        return 1
    language = args.lang or settings_service.load_settings(db).language
    set_language(language)
    install_qt_translator(app, language)

    tasks = TaskRunner(db_path)
    context = AppContext(db, db_path, tasks)
    if args.screenshot:
        tasks.synchronous = True
        return take_screenshot(context, args.view, Path(args.screenshot), args.size)
    window = MainWindow(context)
    install_excepthook()
    restore_window(window)

    def after_painted() -> None:
        # Objects made at start-up live as long as the window: keep them out of the garbage
        # collector's full passes, which would otherwise stall the window during long work.
        gc.collect()
        gc.freeze()
        if not new_database:
            start_backup_in_background(context)
        QTimer.singleShot(WARM_UP_AFTER_MS, lambda: warm_up(lambda: context.tasks.busy))

    run_after_first_paint(window, after_painted)
    window.show()
    if settings_service.is_first_start(db):
        from ui.dialogs.first_start_dialog import FirstStartDialog

        FirstStartDialog(context, window).exec()
    code = app.exec()
    db.close()
    return int(code)


#: How long the work of :func:`run_after_first_paint` waits for a window that is not painted
#: (shown minimised, or on a platform that paints later).
AFTER_PAINT_FALLBACK_MS = 1000


def run_after_first_paint(window: QWidget, work: Callable[[], None]) -> None:
    """Run ``work`` once, in the event loop just after ``window`` is first painted (or after
    :data:`AFTER_PAINT_FALLBACK_MS` if it is not painted by then): start-up work that the
    first frame does not need waits for it."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    done = False

    def run_once() -> None:
        nonlocal done
        if done:
            return
        done = True
        window.removeEventFilter(watcher)
        work()

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, run_once)
            return False

    watcher = FirstPaint(window)
    window.installEventFilter(watcher)
    QTimer.singleShot(AFTER_PAINT_FALLBACK_MS, run_once)


#: Window modules imported ahead of need once the window is shown, so that the first time a view
#: is shown its modules are ready. They are imported on the main thread, one per turn of the
#: event loop: modules that make Qt objects belong to the GUI thread, and two threads importing
#: the same circle of modules can each see the other's half-made module.
WARM_UP_WINDOW_MODULES = (
    "ui.views.review_view",
    "ui.views.results_view",
    "ui.views.calibration_view",
    "ui.views.trends_view",
    "ui.views.templates_view",
    "ui.views.actions_view",
    "ui.views.settings_view",
    "ui.dialogs.import_dialog",
)

#: Engine modules without Qt that take long to import (reportlab), imported on a daemon thread.
WARM_UP_ENGINE_MODULES = ("kvaldesk.services.exchange", "kvaldesk.reporting.charts")


#: How long after the window is shown the warm-up starts: not at once, so that it does not
#: compete with the first loads and what the person does first.
WARM_UP_AFTER_MS = 2000

#: The interpreter's thread switch interval in the window (Python's default is 0.005 s).
GUI_SWITCH_INTERVAL_S = 0.0005

#: How long the warm-up waits before looking again while background work runs.
WARM_UP_RETRY_MS = 500


def warm_up(is_busy: Callable[[], bool] = lambda: False) -> threading.Thread:
    """Import the window modules on the main thread, one per event-loop turn while ``is_busy()``
    says no background work is running (an import holds up the window for a moment, so it
    waits for a quiet time), and the engine's slow modules on a daemon thread (a failure is
    left for the real import to report)."""
    import importlib

    from PySide6.QtCore import QTimer

    def import_quietly(name: str) -> None:
        # A failure is left for the view's own import to report.
        with contextlib.suppress(Exception):
            importlib.import_module(name)

    def next_window_module(remaining: list[str]) -> None:
        if not remaining:
            return
        if is_busy():
            QTimer.singleShot(WARM_UP_RETRY_MS, lambda: next_window_module(remaining))
            return
        import_quietly(remaining.pop(0))
        QTimer.singleShot(0, lambda: next_window_module(remaining))

    def engine_modules() -> None:
        for name in WARM_UP_ENGINE_MODULES:
            import_quietly(name)

    next_window_module(list(WARM_UP_WINDOW_MODULES))
    thread = threading.Thread(target=engine_modules, name="warm-up", daemon=True)
    thread.start()
    return thread


def set_application_icon(app: QApplication) -> None:
    """Give every window the kvaldesk icon (resources/icons, in source and in the bundle)."""
    from PySide6.QtGui import QIcon

    from kvaldesk.paths import resource_path

    icon = QIcon(str(resource_path("icons", "kvaldesk.svg")))
    if not icon.isNull():
        app.setWindowIcon(icon)


class IntegrityCheck:
    """``startup_check.check_at_start`` of a database file, started on a thread of its own: it
    needs only ``sqlite3``, so it reads the file while the window's modules are imported."""

    def __init__(self, db_path: Path) -> None:
        self._path = db_path
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="integrity-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            from kvaldesk.services.startup_check import check_at_start

            check_at_start(self._path)
        except BaseException as exc:  # handed to the main thread by result()
            self._error = exc

    def result(self, _path: Path) -> None:
        """Wait for the check; raise what it raised (``DamagedDatabaseError``)."""
        self._thread.join()
        if self._error is not None:
            raise self._error


def open_at_start(db_path: Path, check: IntegrityCheck | None = None) -> Database | None:
    """Open the database for the window, after its start-up integrity check (``check``: one
    already started, else it is made here).

    A damaged database is offered a restore of its newest good backup (ui/dialogs/
    restore_backup_dialog.py). Returns None, after a message, when it cannot be opened. The
    start-up backup is taken later, in the background (:func:`start_backup_in_background`).
    """
    from PySide6.QtWidgets import QMessageBox

    from kvaldesk.domain.errors import KvaldeskError
    from kvaldesk.services.backups import DamagedDatabaseError
    from kvaldesk.services.workspace import start_workspace
    from ui.dialogs.restore_backup_dialog import restore_newest_good

    try:
        try:
            if check is not None:
                return start_workspace(db_path, backup=False, check=check.result)
            return start_workspace(db_path, backup=False)
        except DamagedDatabaseError as damaged:
            if not restore_newest_good(damaged, db_path):
                return None
            return start_workspace(db_path, backup=False)
    except KvaldeskError as exc:
        QMessageBox.critical(None, "kvaldesk", str(exc))
        return None


def start_backup_in_background(context: object) -> None:
    """The start-up backup (at most one per 4 hours), off the UI thread; a failure is shown
    in the status bar and does not stop the work."""
    from kvaldesk.services import backups
    from ui.context import AppContext

    assert isinstance(context, AppContext)
    context.tasks.run(
        lambda db, _progress: backups.startup_backup(db),
        on_failure=lambda exc, _details: context.status_message.emit(str(exc)),
    )


def take_screenshot(context: object, view: str, path: Path, size: str = "1280x820") -> int:
    """Render one view with the database's first round to a PNG file."""
    from PySide6.QtWidgets import QApplication

    from kvaldesk.services import reviews, rounds
    from ui.context import AppContext
    from ui.main_window import MainWindow

    assert isinstance(context, AppContext)
    window = MainWindow(context)
    width, height = (int(v) for v in size.lower().split("x"))
    window.resize(width, height)
    window.show()
    summaries = rounds.list_rounds(context.db)
    if summaries:
        first = summaries[0].round
        context.round_selected.emit(first.id)
        if view == "review":
            cases = rounds.list_cases(context.db, first.id)
            if cases:
                existing = reviews.list_reviews(context.db, first.id)
                review_id = (
                    str(existing[0]["id"])
                    if existing
                    else reviews.start_review(context.db, cases[0].id, "Granskare").id
                )
                window.open_review(review_id)
        elif view == "results":
            window.show_results(first.id)
        elif view == "calibration":
            context.round_selected.emit(_round_with_double_reviews(context) or first.id)
    if view not in ("review", "results"):
        window.show_view(view)
    for _round in range(5):
        QApplication.processEvents()
    context.tasks.wait()
    QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(path))
    window.close()
    return 0 if ok else 1


def _round_with_double_reviews(context: object) -> str:
    """The first round with a double-reviewed case ("" when none has one), so that the
    Kalibrering screenshot shows figures rather than its empty state."""
    from kvaldesk.services import double_review, rounds
    from ui.context import AppContext

    assert isinstance(context, AppContext)
    for summary in rounds.list_rounds(context.db):
        cases = double_review.double_review_cases(context.db, summary.round.id)
        if any(case.is_double for case in cases):
            return summary.round.id
    return ""
