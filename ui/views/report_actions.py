"""Save or print a report from a view: ask where, write the file in the background (the services
write atomically, so a cancelled or failed job leaves no file), then say where it went or send it
to the printer. The review view and the results view share this one helper.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget
from sqlite_utils import Database

from kvaldesk.domain.errors import KvaldeskError
from ui import printing
from ui.context import AppContext
from ui.i18n import _
from ui.tasks import Task

#: ``job(db, path, progress)`` writes the report to ``path`` and returns anything (pages, path).
ReportJob = Callable[[Database, Path, Any], object]
#: The message after saving: ``saved(path, result)``.
SavedText = Callable[[Path, object], str]

PDF_FILTER = "PDF (*.pdf)"
XLSX_FILTER = "Excel (*.xlsx)"
CSV_FILTER = "CSV (*.csv)"

_last_folder: Path | None = None


def file_name(stem: str, suffix: str) -> str:
    """A file name made from ``stem`` (a round name or case reference) that every file system
    accepts: no slashes, colons or other reserved characters, spaces as dashes."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', "-", stem.strip())
    cleaned = re.sub(r"\s+", "-", cleaned)
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip(".-")
    return f"{cleaned or 'rapport'}{suffix}"


def choose_save_path(
    parent: QWidget | None, caption: str, default_name: str, file_filter: str
) -> Path | None:
    """Ask where to save (the system file dialog); None when cancelled. Tests replace this."""
    global _last_folder
    folder = _last_folder
    if folder is None:
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        folder = Path(documents) if documents else Path.home()
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, caption, str(folder / default_name), file_filter
    )
    if not chosen:
        return None
    path = Path(chosen)
    suffix = Path(default_name).suffix
    if suffix and path.suffix.lower() != suffix.lower():
        path = path.with_name(path.name + suffix)
    _last_folder = path.parent
    return path


class ReportRunner(QObject):
    """Runs report jobs for one view; ``show_info`` puts a confirmation in the view."""

    def __init__(
        self, context: AppContext, parent: QWidget, show_info: Callable[[str], None]
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._parent = parent
        self._show_info = show_info
        self.task: Task | None = None

    @property
    def busy(self) -> bool:
        """Whether a report is being written."""
        return self.task is not None and not self.task.finished

    def save(
        self,
        job: ReportJob,
        *,
        caption: str,
        default_name: str,
        file_filter: str,
        label: str,
        saved: SavedText,
    ) -> Task | None:
        """Ask for a file name, then write the report there in the background."""
        if self._refuse_if_busy():
            return None
        path = choose_save_path(self._parent, caption, default_name, file_filter)
        if path is None:
            return None
        self.task = self.context.run_task(
            lambda db, progress: job(db, path, progress),
            label,
            on_success=lambda result: self._saved(saved(path, result)),
            on_failure=self._failed,
            on_cancelled=self._cancelled,
        )
        return self.task

    def print_report(
        self, job: ReportJob, *, title: str, default_name: str, label: str
    ) -> Task | None:
        """Write the report to a temporary PDF in the background, then show the print dialog."""
        if self._refuse_if_busy():
            return None
        folder = Path(tempfile.mkdtemp(prefix="kvaldesk-print-"))
        path = folder / default_name

        def done(_result: object) -> None:
            try:
                if printing.print_pdf(self._parent, path, title):
                    self._saved(_("{title} skickades till skrivaren.").format(title=title))
            except OSError as exc:
                self._failed(exc, "")
            finally:
                shutil.rmtree(folder, ignore_errors=True)

        def failed(exc: BaseException, details: str) -> None:
            shutil.rmtree(folder, ignore_errors=True)
            self._failed(exc, details)

        def cancelled() -> None:
            shutil.rmtree(folder, ignore_errors=True)
            self._cancelled()

        self.task = self.context.run_task(
            lambda db, progress: job(db, path, progress),
            label,
            on_success=done,
            on_failure=failed,
            on_cancelled=cancelled,
        )
        return self.task

    def _refuse_if_busy(self) -> bool:
        if self.busy:
            self._show_info(_("En rapport skapas redan. Vänta tills den är klar eller avbryt den."))
            return True
        return False

    def _saved(self, text: str) -> None:
        self._show_info(text)
        self.context.status_message.emit(text)

    def _cancelled(self) -> None:
        self._show_info(_("Avbrutet. Ingen fil sparades."))

    def _failed(self, exc: BaseException, details: str) -> None:
        from ui.errors import show_error

        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
            exc = KvaldeskError(
                _(
                    "Filen kunde inte sparas: {reason}. Välj en annan mapp, eller stäng filen "
                    "om den är öppen i ett annat program, och försök igen."
                ).format(reason=reason)
            )
        show_error(self._parent, exc, details)
