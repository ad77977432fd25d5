"""The one background-task helper.

A task is a plain function ``job(db, progress) -> result`` run on a worker thread with its own
connection to the database the window has opened (SQLite connections stay on the thread that
opened them). ``on_success`` and ``on_failure`` run on the main thread. Tests set
``TaskRunner.synchronous = True`` to run jobs inline, like a fake thread pool.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from sqlite_utils import Database

from kvaldesk.progress import Cancelled
from kvaldesk.services.workspace import open_another_connection

Job = Callable[[Database, Any], Any]


class TaskProgress:
    """A Progress (kvaldesk.progress) that forwards reports to the main thread."""

    def __init__(self, signals: _TaskSignals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        """Forward a progress report to the window."""
        self._signals.progress.emit(done, total, text)

    def is_cancelled(self) -> bool:
        """Whether Cancel was pressed."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the job to stop at its next check."""
        self._cancel.set()


class _TaskSignals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(
        self, db_path: Path, job: Job, signals: _TaskSignals, progress: TaskProgress
    ) -> None:
        super().__init__()
        self._db_path = db_path
        self._job = job
        self._signals = signals
        self._progress = progress

    @Slot()
    def run(self) -> None:
        db = None
        try:
            db = open_another_connection(self._db_path)
            result = self._job(db, self._progress)
        except Cancelled:
            self._signals.cancelled.emit()
        except Exception as exc:  # reported to the window as a dialog, never lost
            self._signals.failed.emit(exc, traceback.format_exc())
        else:
            self._signals.succeeded.emit(result)
        finally:
            if db is not None:
                db.close()


class Task(QObject):
    """A started task. Lives on the main thread, so its slots (the callbacks) run there."""

    def __init__(
        self,
        runner: TaskRunner,
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[BaseException, str], None] | None,
        on_progress: Callable[[int, int, str], None] | None,
        on_cancelled: Callable[[], None] | None,
    ) -> None:
        super().__init__(runner)
        self._runner = runner
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_progress = on_progress
        self._on_cancelled = on_cancelled
        self.signals = _TaskSignals()
        self.progress = TaskProgress(self.signals)
        self.finished = False
        self.signals.progress.connect(self._progressed)
        self.signals.succeeded.connect(self._succeeded)
        self.signals.failed.connect(self._failed)
        self.signals.cancelled.connect(self._cancelled)

    def cancel(self) -> None:
        """Ask the task to stop."""
        self.progress.cancel()

    def _finish(self) -> None:
        self.finished = True
        self._runner.forget(self)

    @Slot(int, int, str)
    def _progressed(self, done: int, total: int, text: str) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total, text)

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self._finish()
        if self._on_success is not None:
            self._on_success(result)

    @Slot(object, str)
    def _failed(self, exc: BaseException, details: str) -> None:
        self._finish()
        if self._on_failure is not None:
            self._on_failure(exc, details)

    @Slot()
    def _cancelled(self) -> None:
        self._finish()
        if self._on_cancelled is not None:
            self._on_cancelled()


class TaskRunner(QObject):
    """Runs jobs off the UI thread against the database at ``db_path``."""

    synchronous = False

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._running: set[Task] = set()

    def run(
        self,
        job: Job,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException, str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> Task:
        """Start ``job``; the callbacks run on the main thread."""
        task = Task(self, on_success, on_failure, on_progress, on_cancelled)
        self._running.add(task)
        runnable = _Runnable(self.db_path, job, task.signals, task.progress)
        if self.synchronous:
            runnable.run()
        else:
            self.pool.start(runnable)
        return task

    def forget(self, task: Task) -> None:
        """Drop a finished task."""
        self._running.discard(task)

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for every running task (used at shutdown and in tests)."""
        return bool(self.pool.waitForDone(msecs))

    @property
    def busy(self) -> bool:
        """Whether any task is still running."""
        return bool(self._running)
