"""Importera från delad mapp: read package files (a folder or chosen files) in the background,
then show what happened to each file and open the conflicts when there are any."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QWidget,
)
from sqlite_utils import Database

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.services import exchange as exchange_service
from kvaldesk.services.exchange import ImportOutcome
from ui.context import AppContext
from ui.errors import describe_problem, show_error
from ui.i18n import _
from ui.models.import_outcomes_model import (
    DETAILS,
    FILE,
    OUTCOME,
    ImportOutcomesModel,
    details_text,
    outcome_text,
)
from ui.tables import setup_row_table
from ui.tasks import Task
from ui.views.table_sizing import RESIZE_PRECISION
from ui.widgets import MessageLabel, note, titled_layout

#: The file and outcome columns are as wide as their texts, up to this (the rest is elided).
MAX_COLUMN_WIDTH = 360
#: What an import may have changed: every view showing these is told.
CHANGED = ("reviews", "cases", "rounds", "templates", "actions")


def summary_text(outcomes: Sequence[ImportOutcome]) -> str:
    """One line counting the files by outcome."""
    count = {key: 0 for key in ("imported", "already_imported", "rejected", "conflicts")}
    for outcome in outcomes:
        key = outcome.outcome if outcome.outcome in count else "rejected"
        count[key] += 1
    return _(
        "{files} filer lästa. Importerade: {imported}. Redan importerade: {already}. "
        "Avvisade eller överhoppade: {rejected}. Med konflikter: {conflicts}."
    ).format(
        files=len(outcomes),
        imported=count["imported"],
        already=count["already_imported"],
        rejected=count["rejected"],
        conflicts=count["conflicts"],
    )


class ImportDialog(QDialog):
    """Choose the shared folder (or files), import, and see each file's outcome."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._files: list[Path] = []
        self._task: Task | None = None
        self.outcomes: list[ImportOutcome] = []
        self.setWindowTitle(_("Importera från delad mapp"))
        self.setAccessibleName(_("Importera från delad mapp"))
        self.resize(940, 540)
        layout = titled_layout(self, _("Importera från delad mapp"))
        layout.addWidget(
            note(
                _(
                    "Alla paketfiler (.kvdpkg) i mappen läses in. En fil som redan har lästs in "
                    "ändrar ingenting, och en trasig fil avvisas utan att påverka de andra. "
                    "Filerna i mappen flyttas eller tas aldrig bort."
                )
            )
        )

        row = QHBoxLayout()
        label = QLabel(_("&Mapp:"))
        self.folder_edit = QLineEdit(context.settings().shared_folder)
        self.folder_edit.setAccessibleName(_("Mapp att importera från"))
        self.folder_edit.setPlaceholderText(_("Ingen delad mapp är vald i Inställningar"))
        label.setBuddy(self.folder_edit)
        self.folder_button = QPushButton(_("Välj &mapp…"))
        self.folder_button.setAccessibleName(_("Välj mapp att importera från"))
        self.files_button = QPushButton(_("Välj &filer…"))
        self.files_button.setAccessibleName(_("Välj paketfiler att importera"))
        row.addWidget(label)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.folder_button)
        row.addWidget(self.files_button)
        layout.addLayout(row)

        progress_row = QHBoxLayout()
        self.import_button = QPushButton(_("&Importera"))
        self.import_button.setAccessibleName(_("Starta importen"))
        self.import_button.setDefault(True)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Förlopp för importen"))
        self.progress_label = QLabel()
        self.cancel_button = QPushButton(_("Avbr&yt import"))
        self.cancel_button.setAccessibleName(_("Avbryt importen"))
        progress_row.addWidget(self.import_button)
        progress_row.addWidget(self.progress, 3)
        progress_row.addWidget(self.progress_label, 3)
        progress_row.addWidget(self.cancel_button)
        progress_row.addStretch(1)
        layout.addLayout(progress_row)

        # One line per file: rows sized to their wrapped text would measure every cell of
        # every file each time the table is laid out, and hold up the window for hundreds of
        # files. The selected file's whole text is shown below the table.
        self.model = ImportOutcomesModel(self)
        self.table = setup_row_table(QTableView(), _("Resultat per fil"))
        self.table.setModel(self.model)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(
            max(26, self.table.fontMetrics().height() + 10)
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DETAILS, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(RESIZE_PRECISION)
        header.setHighlightSections(False)
        layout.addWidget(self.table, 1)
        self.selected_details = QLabel()
        self.selected_details.setWordWrap(True)
        self.selected_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.selected_details.setAccessibleName(_("Den valda filen"))
        layout.addWidget(self.selected_details)
        self.table.selectionModel().currentRowChanged.connect(self._show_selected)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName(_("Sammanfattning av importen"))
        layout.addWidget(self.summary_label)
        self.message = MessageLabel()
        layout.addWidget(self.message)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("St&äng"))
        close.setAccessibleName(_("Stäng importen"))
        self.conflicts_button = QPushButton(_("Visa &konflikter…"))
        self.conflicts_button.setAccessibleName(_("Visa konflikterna att lösa"))
        buttons.addButton(self.conflicts_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.folder_button.clicked.connect(self.choose_folder)
        self.files_button.clicked.connect(self.choose_files)
        self.folder_edit.textEdited.connect(self._folder_typed)
        self.import_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.conflicts_button.clicked.connect(self.open_conflicts)
        self._set_running(False)
        self.conflicts_button.setVisible(False)

    # Choosing -----------------------------------------------------------------------------

    def set_folder(self, folder: Path | str) -> None:
        """Import every package in ``folder``."""
        self._files = []
        self.folder_edit.setText(str(folder))

    def set_files(self, files: Sequence[Path | str]) -> None:
        """Import these files (instead of a folder)."""
        self._files = [Path(f) for f in files]
        if len(self._files) == 1:
            self.folder_edit.setText(str(self._files[0]))
        else:
            self.folder_edit.setText(
                _("{n} valda filer i {folder}").format(
                    n=len(self._files), folder=self._files[0].parent if self._files else ""
                )
            )

    def _folder_typed(self, _text: str) -> None:
        self._files = []

    def choose_folder(self) -> None:
        """Pick the folder with the system's folder dialog."""
        folder = QFileDialog.getExistingDirectory(
            self, _("Välj mapp att importera från"), self.folder_edit.text().strip()
        )
        if folder:
            self.set_folder(folder)

    def choose_files(self) -> None:
        """Pick package files with the system's file dialog."""
        start = self.folder_edit.text().strip() if not self._files else str(self._files[0].parent)
        files, _filter = QFileDialog.getOpenFileNames(
            self,
            _("Välj paketfiler"),
            start,
            _("kvaldesk-paket (*.kvdpkg);;Alla filer (*)"),
        )
        if files:
            self.set_files(files)

    def paths(self) -> list[Path]:
        """What will be imported: the chosen files, or the folder."""
        if self._files:
            return list(self._files)
        text = self.folder_edit.text().strip()
        return [Path(text)] if text else []

    # Importing ----------------------------------------------------------------------------

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.progress_label.setVisible(running)
        for widget in (self.import_button, self.folder_button, self.files_button, self.folder_edit):
            widget.setEnabled(not running)

    def start(self) -> None:
        """Import the chosen folder or files in the background."""
        paths = self.paths()
        if not paths:
            self.message.show_error(
                _(
                    "Välj en mapp eller paketfiler att importera. Den delade mappen väljs i "
                    "Inställningar."
                )
            )
            self.folder_edit.setFocus()
            return
        passphrase = self.context.settings().team_passphrase or None
        self.message.clear_message()
        self.summary_label.clear()
        self.outcomes = []
        self._show_outcomes()
        self.conflicts_button.setVisible(False)

        def job(db: Database, progress: Any) -> list[ImportOutcome]:
            return exchange_service.import_paths(
                db, paths, passphrase=passphrase, progress=progress
            )

        self._set_running(True)
        self.progress.setRange(0, 0)
        self.progress_label.setText(_("Läser in …"))
        task = self.context.run_task(
            job,
            _("Importerar från delad mapp"),
            on_success=self._finished,
            on_failure=self._failed,
            on_cancelled=self._cancelled,
        )
        if not task.finished:
            self._task = task
            task.signals.progress.connect(self._progressed)

    def _progressed(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if text:
            self.progress_label.setText(text)

    def cancel(self) -> None:
        """Stop after the file being read (the files before stay imported)."""
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(_("Avbryter …"))

    def _finished(self, outcomes: list[ImportOutcome]) -> None:
        self._task = None
        self._set_running(False)
        self.outcomes = list(outcomes)
        self._show_outcomes()
        if not outcomes:
            self.summary_label.setText(_("Det fanns inga paketfiler (.kvdpkg) att importera."))
        else:
            self.summary_label.setText(summary_text(self.outcomes))
        conflicts = any(o.outcome == "conflicts" for o in self.outcomes)
        self.conflicts_button.setVisible(conflicts)
        if conflicts:
            self.message.show_info(
                _(
                    "Några granskningar har ändrats på två datorer. Din version gäller tills du "
                    "har valt; öppna Konflikter för att jämföra och välja."
                )
            )
        self.context.status_message.emit(self.summary_label.text())
        self._notify()

    def _show_outcomes(self) -> None:
        """Fill the table; the first file that was not imported is selected, so its reason
        is shown in full below the table."""
        self.model.set_rows(self.outcomes)
        header = self.table.horizontalHeader()
        for column in (FILE, OUTCOME):
            contents = min(MAX_COLUMN_WIDTH, self.table.sizeHintForColumn(column))
            self.table.setColumnWidth(column, max(contents, header.sectionSizeHint(column)))
        problem = next(
            (i for i, o in enumerate(self.outcomes) if o.outcome in ("rejected", "conflicts")), -1
        )
        if problem >= 0:
            self.table.selectRow(problem)
            self.table.scrollTo(self.model.index(problem, FILE))
        self._show_selected(self.table.currentIndex())

    def _show_selected(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if not current.isValid() or not 0 <= current.row() < len(self.outcomes):
            self.selected_details.clear()
            self.selected_details.setVisible(False)
            return
        outcome = self.outcomes[current.row()]
        self.selected_details.setText(
            _("{file}: {outcome} – {details}").format(
                file=outcome.file,
                outcome=outcome_text(outcome.outcome),
                details=details_text(outcome),
            )
        )
        self.selected_details.setVisible(True)

    def _failed(self, exc: BaseException, details: str) -> None:
        self._task = None
        self._set_running(False)
        self._notify()
        if not isinstance(exc, KvaldeskError):
            show_error(self, exc, details)
            return
        message, _more = describe_problem(exc)
        self.message.show_error(
            _(
                "Importen kunde inte genomföras: {problem} Filer som redan lästs in finns kvar."
            ).format(problem=message)
        )

    def _cancelled(self) -> None:
        self._task = None
        self._set_running(False)
        self.message.show_info(
            _("Importen avbröts. Filerna som hann läsas in finns kvar; importera igen för resten.")
        )
        self._notify()

    def _notify(self) -> None:
        for what in CHANGED:
            self.context.notify(what)

    def open_conflicts(self) -> None:
        """Open the conflicts dialog."""
        from ui.dialogs.conflicts_dialog import ConflictsDialog

        dialog = ConflictsDialog(self.context, self)
        dialog.exec()

    def reject(self) -> None:
        """Close; a running import is asked to stop first."""
        if self._task is not None:
            self.cancel()
            return
        super().reject()
