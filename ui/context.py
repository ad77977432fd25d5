"""What every view shares: the main-thread database connection, the task runner, and signals
that tell views when data changed or ask the window to navigate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from sqlite_utils import Database

from kvaldesk.services import settings as settings_service
from ui.i18n import _
from ui.tasks import Job, Task, TaskRunner


class AppContext(QObject):
    """Shared state of one window. Created by ui.app; passed to every view."""

    #: Something changed: "rounds", "cases", "reviews", "templates", "actions" or "settings".
    data_changed = Signal(str)
    #: Open the guided review of this review id.
    open_review_requested = Signal(str)
    #: Open the results of this round id.
    show_results_requested = Signal(str)
    #: The round selected in the Rounds view changed (round id or "").
    round_selected = Signal(str)
    #: Show a short message in the status bar.
    status_message = Signal(str)
    #: A background task started: (task, label); the window shows progress and Cancel.
    task_started = Signal(object, str)

    def __init__(
        self, db: Database, db_path: Path, tasks: TaskRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.db_path = db_path
        self.tasks = tasks
        self.current_round_id = ""
        self.round_selected.connect(self._remember_round)

    def _remember_round(self, round_id: str) -> None:
        self.current_round_id = round_id

    def settings(self) -> settings_service.UserSettings:
        """The user's current settings."""
        return settings_service.load_settings(self.db)

    def run_task(
        self,
        job: Job,
        label: str,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> Task:
        """Run ``job(db, progress)`` in the background with progress and Cancel in the window.

        Failures go to ``on_failure`` or, by default, to the error dialog.
        """
        from ui.errors import show_error

        def failed(exc: BaseException, details: str) -> None:
            if on_failure is not None:
                on_failure(exc, details)
            else:
                show_error(None, exc, details)

        def cancelled() -> None:
            self.status_message.emit(_("Avbrutet."))
            if on_cancelled is not None:
                on_cancelled()

        task = self.tasks.run(job, on_success=on_success, on_failure=failed, on_cancelled=cancelled)
        if not task.finished:
            self.task_started.emit(task, label)
        return task

    def notify(self, what: str) -> None:
        """Tell every view that ``what`` changed."""
        self.data_changed.emit(what)
