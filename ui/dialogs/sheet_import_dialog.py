"""Importera kalkylblad: check a CSV or XLSX file of reviewed cases against a round, show what
would be imported and every problem, and import it (all or nothing) in the background."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QWidget,
)
from sqlite_utils import Database

from kvaldesk.domain.errors import KvaldeskError, Problem, ValidationError
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services import sheets as sheets_service
from kvaldesk.services import templates as templates_service
from kvaldesk.services.sheets import SheetCheck, SheetImportSummary
from ui.context import AppContext
from ui.errors import show_error
from ui.i18n import _
from ui.models.problems_table_model import ProblemsTableModel
from ui.models.sheet_rows_table_model import (
    ANSWERS,
    DATE,
    REFERENCE,
    REVIEWER,
    ROW,
    SUBGROUP,
    UNIT,
    SheetRowsTableModel,
)
from ui.tables import stretch_table
from ui.widgets import HINT_STYLE, MessageLabel, make_bold, round_label, titled_layout

SHEET_FILTER = "*.xlsx *.xlsm *.csv *.txt *.tsv"


def rows_headline(n: int) -> str:
    """ "23 rader kan läsas in." with the right number form."""
    if n == 1:
        return _("1 rad kan läsas in.")
    return _("{n} rader kan läsas in.").format(n=n)


def outcome_text(summary: SheetImportSummary) -> str:
    """What an import did, in whole sentences."""
    lines = [
        _("1 granskning importerades.")
        if summary.reviews_created == 1
        else _("{n} granskningar importerades.").format(n=summary.reviews_created),
        _("1 nytt ärende lades till i omgången.")
        if summary.cases_created == 1
        else _("{n} nya ärenden lades till i omgången.").format(n=summary.cases_created),
    ]
    if summary.double_reviews:
        lines.append(_("{n} ärenden har nu mer än en granskare.").format(n=summary.double_reviews))
    return "\n".join(lines)


class SheetImportDialog(QDialog):
    """Importera kalkylblad till en omgång."""

    def __init__(self, context: AppContext, round_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.round_id = round_id
        self.path: Path | None = None
        self.check: SheetCheck | None = None
        self.summary: SheetImportSummary | None = None
        self._generation = 0
        self._busy = False
        self._closed = False
        round_ = rounds_service.get_round(context.db, round_id)
        template = templates_service.get_template_by_id(context.db, round_.template_id)

        self.setWindowTitle(_("Importera kalkylblad"))
        self.setMinimumSize(760, 560)
        self.resize(900, 640)
        layout = titled_layout(self, _("Importera kalkylblad"))
        layout.addWidget(round_label(round_.name))
        intro = QLabel(
            _(
                "Varje rad i filen (Excel eller CSV) är ett granskat ärende och blir en klar "
                "granskning i omgången. Rad 1 är rubriker: ärende (krävs), grupp, enhet, "
                "granskare, datum och en kolumn per fråga med frågans id och svaret, till exempel "
                "Ja eller Nej. Se användarhandboken för kolumnerna (”Importera resultat från "
                "Excel eller CSV”)."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        required = [q.id for q in template.questions if q.options and q.condition is None]
        optional = [q.id for q in template.questions if q.condition is not None]
        ids_text = _("Frågor i mallen {template} som måste besvaras: {ids}.").format(
            template=template.label, ids=", ".join(required) or "–"
        )
        if optional:
            ids_text = "\n".join(
                [
                    ids_text,
                    _("Villkorade frågor, tomma när de inte gäller: {ids}.").format(
                        ids=", ".join(optional)
                    ),
                ]
            )
        self.question_ids = QLabel(ids_text)
        self.question_ids.setWordWrap(True)
        self.question_ids.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.question_ids.setStyleSheet(HINT_STYLE)
        layout.addWidget(self.question_ids)

        file_row = QHBoxLayout()
        file_row.setSpacing(8)
        file_label = QLabel(_("&Fil:"))
        self.file_edit = QLineEdit()
        self.file_edit.setAccessibleName(_("Sökväg till kalkylbladet"))
        self.file_edit.setPlaceholderText(
            _("Välj en .xlsx- eller .csv-fil, eller skriv sökvägen och tryck Enter")
        )
        file_label.setBuddy(self.file_edit)
        self.choose_button = QPushButton(_("&Välj fil…"))
        self.choose_button.setAccessibleName(_("Välj kalkylblad"))
        file_row.addWidget(file_label)
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)
        layout.addLayout(file_row)

        self.headline = make_bold(QLabel())
        self.headline.setWordWrap(True)
        self.headline.setAccessibleName(_("Resultat av kontrollen"))
        layout.addWidget(self.headline)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(12)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(_("Arbetar"))
        self.busy.hide()
        layout.addWidget(self.busy)
        self.message = MessageLabel()
        layout.addWidget(self.message)

        self.rows_model = SheetRowsTableModel(self)
        self.problems_model = ProblemsTableModel(self)
        self.rows_table = stretch_table(self.rows_model, _("Rader som läses in"), REFERENCE)
        self.problems_table = stretch_table(self.problems_model, _("Problem i filen"), 1)
        self.problems_table.setColumnWidth(0, 220)
        for column, width in (
            (ROW, 60),
            (SUBGROUP, 110),
            (UNIT, 150),
            (REVIEWER, 150),
            (DATE, 100),
            (ANSWERS, 60),
        ):
            self.rows_table.setColumnWidth(column, width)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Förhandsvisning"))
        self.tabs.addTab(self.rows_table, "")
        self.tabs.addTab(self.problems_table, "")
        layout.addWidget(self.tabs, 1)

        self.buttons = QDialogButtonBox()
        self.import_button = QPushButton(_("&Importera"))
        self.import_button.setAccessibleName(_("Importera granskningarna"))
        self.import_button.setEnabled(False)
        self.close_button = QPushButton(_("Stäng"))
        self.close_button.setAccessibleName(_("Stäng"))
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.setAutoDefault(False)
        self.close_button.setAutoDefault(False)
        layout.addWidget(self.buttons)

        self.choose_button.clicked.connect(self.choose_file)
        self.file_edit.returnPressed.connect(self._load_typed_path)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.reject)
        self.finished.connect(self._mark_closed)
        QWidget.setTabOrder(self.file_edit, self.choose_button)
        QWidget.setTabOrder(self.choose_button, self.tabs)
        QWidget.setTabOrder(self.tabs, self.rows_table)
        QWidget.setTabOrder(self.rows_table, self.problems_table)
        QWidget.setTabOrder(self.problems_table, self.import_button)
        QWidget.setTabOrder(self.import_button, self.close_button)
        self._show_check(None)
        self.headline.setText(
            _("Välj en fil att kontrollera. Ingenting läses in förrän du trycker Importera.")
        )
        self.choose_button.setFocus()

    # Choosing and checking ------------------------------------------------------------------

    def choose_file(self) -> None:
        """Ask for a file with the system's file dialog, then check it."""
        start = str(self.path.parent) if self.path else ""
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Välj kalkylblad"),
            start,
            _("Kalkylblad ({patterns})").format(patterns=SHEET_FILTER),
        )
        if name:
            self.load_file(name)

    def _load_typed_path(self) -> None:
        text = self.file_edit.text().strip().strip('"')
        if text:
            self.load_file(text)

    def load_file(self, path: str | Path) -> None:
        """Check ``path`` against the round in the background and show the outcome."""
        self.path = Path(path)
        self.file_edit.setText(str(self.path))
        self.summary = None
        self.message.clear_message()
        self._show_check(None)
        self._generation += 1
        generation = self._generation
        round_id, file_path = self.round_id, self.path
        self.headline.setText(_("Kontrollerar {file} …").format(file=self.path.name))
        self._set_busy(True)

        def job(db: Database, progress: Any) -> SheetCheck:
            return sheets_service.check_sheet(db, round_id, file_path)

        def done(check: SheetCheck) -> None:
            if generation == self._generation and not self._closed:
                self._set_busy(False)
                self._show_check(check)

        def failed(exc: BaseException, details: str) -> None:
            if generation != self._generation or self._closed:
                return
            self._set_busy(False)
            if isinstance(exc, KvaldeskError):
                self._show_refusal(exc)
            else:
                self.headline.setText(_("Filen kunde inte kontrolleras."))
                show_error(self, exc, details)

        self.context.run_task(
            job,
            _("Kontrollerar {file} …").format(file=self.path.name),
            on_success=done,
            on_failure=failed,
        )

    def _show_check(self, check: SheetCheck | None) -> None:
        self.check = check
        rows = check.rows if check is not None and not check.problems else []
        problems = check.problems if check is not None else []
        self.rows_model.set_rows(check.rows if check is not None else [])
        self.problems_model.set_problems(problems)
        self._update_tabs()
        self.import_button.setEnabled(bool(rows) and not self._busy)
        if check is None:
            return
        if problems:
            self.headline.setText(
                _("Ingenting kan läsas in: {n} problem. Rätta filen och välj den igen.").format(
                    n=len(problems)
                )
            )
            self.tabs.setCurrentWidget(self.problems_table)
        elif rows:
            self.headline.setText(rows_headline(len(rows)))
            self.tabs.setCurrentWidget(self.rows_table)
        else:
            self.headline.setText(_("Filen har inga rader att läsa in."))

    def _show_refusal(self, exc: KvaldeskError) -> None:
        """An unreadable file or a refused import: the reason as a problem list."""
        if isinstance(exc, ValidationError):
            problems = exc.problems or [Problem(self.path.name if self.path else "", exc.summary)]
            summary = exc.summary
        else:
            problems = [Problem(self.path.name if self.path else "", str(exc))]
            summary = str(exc)
        self.check = None
        self.rows_model.set_rows([])
        self.problems_model.set_problems(problems)
        self._update_tabs()
        self.import_button.setEnabled(False)
        self.headline.setText(_("Ingenting kan läsas in: {n} problem.").format(n=len(problems)))
        if problems[0].message != summary:
            self.message.show_error(summary)
        self.tabs.setCurrentWidget(self.problems_table)

    def _update_tabs(self) -> None:
        rows = self.rows_model.rowCount()
        if self.problems_model.rowCount():
            self.tabs.setTabText(0, _("Rader utan problem ({n})").format(n=rows))
        else:
            self.tabs.setTabText(0, _("Rader som läses in ({n})").format(n=rows))
        self.tabs.setTabText(1, _("Problem ({n})").format(n=self.problems_model.rowCount()))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.choose_button.setEnabled(not busy)
        self.file_edit.setReadOnly(busy)
        if busy:
            self.import_button.setEnabled(False)

    # Importing ------------------------------------------------------------------------------

    def start_import(self) -> None:
        """Import the checked file in the background (all or nothing)."""
        if self.path is None or self.check is None or self.check.problems or self._busy:
            return
        round_id, file_path = self.round_id, self.path
        self.message.clear_message()
        self.headline.setText(_("Importerar {file} …").format(file=file_path.name))
        self._set_busy(True)
        context = self.context

        def job(db: Database, progress: Any) -> SheetImportSummary:
            return sheets_service.import_sheet(db, round_id, file_path)

        def done(summary: SheetImportSummary) -> None:
            context.notify("cases")
            context.notify("reviews")
            context.status_message.emit(outcome_text(summary).replace("\n", " "))
            if self._closed:
                return
            self.summary = summary
            self._set_busy(False)
            self.import_button.setEnabled(False)
            self.headline.setText(_("Klart."))
            self.message.show_info(outcome_text(summary))
            self.close_button.setDefault(True)
            self.close_button.setFocus()

        def failed(exc: BaseException, details: str) -> None:
            if self._closed:
                if not isinstance(exc, KvaldeskError):
                    show_error(None, exc, details)
                return
            self._set_busy(False)
            if isinstance(exc, KvaldeskError):
                self._show_refusal(exc)
            else:
                self.headline.setText(_("Ingenting importerades."))
                show_error(self, exc, details)

        context.run_task(
            job,
            _("Importerar {file} …").format(file=file_path.name),
            on_success=done,
            on_failure=failed,
        )

    def _mark_closed(self, _result: int) -> None:
        self._closed = True
