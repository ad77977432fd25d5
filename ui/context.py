"""What every view shares: the main-thread database connection, the task runner, and signals
that tell views when data changed or ask the window to navigate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from sqlite_utils import Database

from kvaldesk.services import rounds as rounds_service
from kvaldesk.services import settings as settings_service
from kvaldesk.services.rounds import RoundSummary
from ui.i18n import _
from ui.tasks import Job, Task, TaskRunner

#: Changes that can change the list of rounds or its counts.
ROUND_LIST_CHANGES = frozenset({"rounds", "cases", "reviews", "templates"})


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
        self._round_list: list[RoundSummary] | None = None
        #: Counts the changes that make the round list out of date (see keep_round_list).
        self._round_list_changes = 0

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
        if what in ROUND_LIST_CHANGES:
            self._round_list = None
            self._round_list_changes += 1
        self.data_changed.emit(what)

    # The round list with its counts is read by several views; counting every round's reviews
    # takes tens of milliseconds in a large database, so it is read once per change, in the
    # background where possible (the rounds view), and shared.

    def round_list(self) -> list[RoundSummary]:
        """Every round with its counts: the list last read since the last change, or read now."""
        if self._round_list is None:
            self._round_list = rounds_service.list_rounds(self.db)
        return self._round_list

    def round_list_changes(self) -> int:
        """A number that changes whenever the round list may have; pass it to keep_round_list."""
        return self._round_list_changes

    def keep_round_list(self, summaries: list[RoundSummary], changes: int) -> None:
        """Share a round list read in the background, unless something changed since the
        reading started (``changes`` is round_list_changes() from then)."""
        if changes == self._round_list_changes:
            self._round_list = list(summaries)
