"""Dra urval: draw a random (or stratified) sample of cases for a round from a file or a pasted
list, show the drawn cases and every problem in the list, and add the drawn cases to the round.

Drawing is a preview: nothing is stored until "Lägg till i granskningen", which draws again with
the same seed (so the same cases) and adds them, all or nothing. Both run in the background.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QWidget,
)
from sqlite_utils import Database

from kvaldesk.domain.errors import KvaldeskError, Problem, ValidationError
from kvaldesk.results.sampling import Sample
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services import sampling as sampling_service
from kvaldesk.services.sampling import CaseList, SampleOutcome
from ui.context import AppContext
from ui.dialogs.sampling_request import (
    DrawRequest,
    details_text,
    drawn_text,
    preview,
    read_list,
    strata,
)
from ui.dialogs.sampling_source import SampleSource
from ui.errors import show_error
from ui.i18n import _
from ui.models.problems_table_model import ProblemsTableModel
from ui.models.sample_table_model import CASEWORKER, NUMBER, SUBGROUP, UNIT, SampleTableModel
from ui.tables import stretch_table
from ui.widgets import MessageLabel, make_bold, note, round_label, titled_layout


class SamplingDialog(QDialog):
    """Dra urval till en omgång."""

    def __init__(self, context: AppContext, round_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.round_id = round_id
        self.sample: Sample | None = None
        self.outcome: SampleOutcome | None = None
        self._drawn_with: DrawRequest | None = None
        self._generation = 0
        self._busy = False
        self._closed = False
        self._filling = False
        round_ = rounds_service.get_round(context.db, round_id)
        stored_seed = sampling_service.sample_seed(context.db, round_id)

        self.setWindowTitle(_("Dra urval"))
        self.setMinimumSize(760, 640)
        self.resize(900, 720)
        layout = titled_layout(self, _("Dra urval"))
        layout.addWidget(round_label(round_.name))
        intro = QLabel(
            _(
                "Välj ärenden slumpmässigt ur en lista, till exempel alla avslutade ärenden under "
                "perioden. Samma lista och samma frö ger alltid samma urval, så urvalet kan visas "
                "i efterhand. Ingenting sparas förrän du trycker ”Lägg till i granskningen”."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.source = SampleSource()
        self.source.setMaximumHeight(150)
        layout.addWidget(self.source)
        layout.addLayout(self._build_options(stored_seed))

        draw_row = QHBoxLayout()
        self.draw_button = QPushButton(_("&Dra urval"))
        self.draw_button.setAccessibleName(_("Dra urvalet"))
        self.draw_button.setAutoDefault(False)
        self.headline = make_bold(QLabel())
        self.headline.setWordWrap(True)
        self.headline.setAccessibleName(_("Resultat av dragningen"))
        draw_row.addWidget(self.draw_button)
        draw_row.addWidget(self.headline, 1)
        layout.addLayout(draw_row)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(12)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(_("Arbetar"))
        self.busy.hide()
        layout.addWidget(self.busy)
        self.details = note()
        self.details.setAccessibleName(_("Detaljer om urvalet"))
        layout.addWidget(self.details)
        self.message = MessageLabel()
        layout.addWidget(self.message)

        self.sample_model = SampleTableModel(self)
        self.sample_table = stretch_table(self.sample_model, _("Dragna ärenden"), 1)
        for column, width in ((NUMBER, 50), (CASEWORKER, 130), (UNIT, 200), (SUBGROUP, 120)):
            self.sample_table.setColumnWidth(column, width)
        self.problems_model = ProblemsTableModel(self)
        self.problems_table = stretch_table(self.problems_model, _("Problem i listan"), 1)
        self.problems_table.setColumnWidth(0, 240)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Förhandsvisning av urvalet"))
        self.tabs.addTab(self.sample_table, "")
        self.tabs.addTab(self.problems_table, "")
        layout.addWidget(self.tabs, 1)

        self.buttons = QDialogButtonBox()
        self.add_button = QPushButton(_("&Lägg till i granskningen"))
        self.add_button.setAccessibleName(_("Lägg till de dragna ärendena i omgången"))
        self.add_button.setEnabled(False)
        self.close_button = QPushButton(_("Stäng"))
        self.close_button.setAccessibleName(_("Stäng"))
        self.buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.add_button.setAutoDefault(False)
        self.close_button.setAutoDefault(False)
        layout.addWidget(self.buttons)

        self.draw_button.clicked.connect(self.draw)
        self.add_button.clicked.connect(self.add_to_round)
        self.close_button.clicked.connect(self.reject)
        self.finished.connect(self._mark_closed)
        self.source.changed.connect(self._inputs_changed)
        self.n_spin.valueChanged.connect(lambda _v: self._inputs_changed())
        self.by_combo.currentIndexChanged.connect(lambda _i: self._inputs_changed())
        self.seed_edit.textEdited.connect(lambda _t: self._inputs_changed())
        self.caseworker_edit.textChanged.connect(lambda _t: self._inputs_changed())
        QWidget.setTabOrder(self.source, self.n_spin)
        QWidget.setTabOrder(self.n_spin, self.by_combo)
        QWidget.setTabOrder(self.by_combo, self.seed_edit)
        QWidget.setTabOrder(self.seed_edit, self.caseworker_edit)
        QWidget.setTabOrder(self.caseworker_edit, self.draw_button)
        QWidget.setTabOrder(self.draw_button, self.tabs)
        QWidget.setTabOrder(self.tabs, self.add_button)
        QWidget.setTabOrder(self.add_button, self.close_button)
        self._show_preview(None)
        self.headline.setText(_("Välj en lista och tryck ”Dra urval”."))
        self.source.choose_button.setFocus()

    def _build_options(self, stored_seed: int | None) -> QFormLayout:
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(6)
        self.n_spin = QSpinBox()
        self.n_spin.setRange(1, 10_000)
        self.n_spin.setValue(10)
        self.n_spin.setAccessibleName(_("Antal ärenden i urvalet"))
        self.n_spin.setMaximumWidth(120)
        self.by_combo = QComboBox()
        self.by_combo.setAccessibleName(_("Dela upp urvalet"))
        for by, label in strata():
            self.by_combo.addItem(label, by)
        self.seed_edit = QLineEdit()
        self.seed_edit.setAccessibleName(_("Frö för slumpen"))
        self.seed_edit.setValidator(QIntValidator(0, sampling_service.MAX_SEED, self))
        self.seed_edit.setPlaceholderText(_("Tomt: ett nytt frö slumpas"))
        self.seed_edit.setToolTip(
            _("Samma frö och samma lista ger samma urval. Fröet sparas på omgången.")
        )
        self.seed_edit.setMaximumWidth(260)
        if stored_seed is not None:
            self.seed_edit.setText(str(stored_seed))
        self.caseworker_edit = QLineEdit()
        self.caseworker_edit.setAccessibleName(_("Handläggarkod vars ärenden utesluts"))
        self.caseworker_edit.setPlaceholderText(_("Till exempel granskarens egen kod"))
        self.caseworker_edit.setToolTip(
            _(
                "Ärenden där kolumnen handläggare har den här koden kommer aldrig med i urvalet, "
                "så att ingen granskar sina egna ärenden."
            )
        )
        self.caseworker_edit.setMaximumWidth(260)
        self.caseworker_edit.setText(self.context.settings().reviewer_code)
        for text, field in (
            (_("&Antal (N):"), self.n_spin),
            (_("&Uppdelning:"), self.by_combo),
            (_("F&rö:"), self.seed_edit),
            (_("Uteslut &handläggare:"), self.caseworker_edit),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        return form

    # Reading what was asked for -------------------------------------------------------------

    def request(self) -> DrawRequest | None:
        """What to draw, or None (with a message) when something is missing."""
        if self.source.is_empty():
            self.message.show_error(
                _("Välj en fil med ärenden.")
                if self.source.uses_file()
                else _("Klistra in minst en ärendereferens.")
            )
            return None
        path = self.source.path() if self.source.uses_file() else None
        seed_text = self.seed_edit.text().strip()
        by = self.by_combo.currentData()
        code = self.caseworker_edit.text().strip()
        exclude: tuple[str, ...] | None = (code,) if code else ()
        if code and code == self.context.settings().reviewer_code.strip():
            exclude = None  # the user's own code from Inställningar
        return DrawRequest(
            path=str(path) if path is not None else None,
            pasted="" if path is not None else self.source.pasted(),
            n=self.n_spin.value(),
            by=by if by in ("unit", "subgroup") else None,
            seed=int(seed_text) if seed_text else None,
            exclude=exclude,
        )

    def _inputs_changed(self) -> None:
        """A drawn sample no longer matches what is asked for: it must be drawn again."""
        if self._filling or self.sample is None:
            return
        self._show_preview(None)
        self.headline.setText(_("Något har ändrats. Tryck ”Dra urval” igen."))

    # Drawing --------------------------------------------------------------------------------

    def draw(self) -> None:
        """Read the list and draw the sample in the background; show it, or the problems."""
        if self._busy:
            return
        self.message.clear_message()
        request = self.request()
        if request is None:
            return
        self._generation += 1
        generation = self._generation
        round_id = self.round_id
        self._show_preview(None)
        self.headline.setText(_("Drar urval …"))
        self._set_busy(True)

        def job(db: Database, _progress: Any) -> tuple[CaseList, Sample]:
            return preview(db, round_id, request)

        def done(result: tuple[CaseList, Sample]) -> None:
            if generation != self._generation or self._closed:
                return
            self._set_busy(False)
            self._drawn_with = request
            self._show_preview(result[1])

        self.context.run_task(
            job, _("Drar urval"), on_success=done, on_failure=self._failure(generation)
        )

    def _failure(self, generation: int) -> Any:
        def failed(exc: BaseException, details: str) -> None:
            if generation != self._generation or self._closed:
                return
            self._set_busy(False)
            if isinstance(exc, KvaldeskError):
                self._show_refusal(exc)
            else:
                self.headline.setText(_("Urvalet kunde inte dras."))
                show_error(self, exc, details)

        return failed

    def _show_preview(self, sample: Sample | None) -> None:
        self.sample = sample
        self.sample_model.set_cases([case for case, _stratum in sample.cases] if sample else [])
        self.problems_model.set_problems([])
        self.details.setText(details_text(sample) if sample else "")
        self.details.setVisible(bool(self.details.text()))
        self._update_tabs()
        self.add_button.setEnabled(sample is not None and not self._busy)
        if sample is None:
            return
        self.headline.setText(drawn_text(sample))
        self._filling = True
        try:
            self.seed_edit.setText(str(sample.seed))
        finally:
            self._filling = False
        self.tabs.setCurrentWidget(self.sample_table)

    def _show_refusal(self, exc: KvaldeskError) -> None:
        """A list that cannot be used, or a refused addition: every problem by row and column."""
        if isinstance(exc, ValidationError):
            problems = exc.problems or [Problem("", exc.summary)]
            summary = exc.summary
        else:
            problems, summary = [Problem("", str(exc))], str(exc)
        self.sample = None
        self.sample_model.set_cases([])
        self.problems_model.set_problems(problems)
        self.details.hide()
        self._update_tabs()
        self.add_button.setEnabled(False)
        self.headline.setText(_("Inget urval: {n} problem.").format(n=len(problems)))
        self.message.show_error(summary)
        self.tabs.setCurrentWidget(self.problems_table)

    def _update_tabs(self) -> None:
        self.tabs.setTabText(0, _("Urval ({n})").format(n=self.sample_model.rowCount()))
        self.tabs.setTabText(1, _("Problem ({n})").format(n=self.problems_model.rowCount()))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.draw_button.setEnabled(not busy)
        if busy:
            self.add_button.setEnabled(False)

    # Adding ---------------------------------------------------------------------------------

    def add_to_round(self) -> None:
        """Add the drawn cases to the round (same list and seed, so the same cases)."""
        request = self._drawn_with
        if self._busy or self.sample is None or request is None:
            return
        request = DrawRequest(
            request.path,
            request.pasted,
            request.n,
            request.by,
            self.sample.seed,
            request.exclude,
        )
        round_id = self.round_id
        self.message.clear_message()
        self.headline.setText(_("Lägger till ärendena …"))
        self._set_busy(True)
        self._generation += 1
        generation = self._generation
        context = self.context

        def job(db: Database, _progress: Any) -> SampleOutcome:
            return sampling_service.sample_round(
                db,
                round_id,
                read_list(request),
                request.n,
                by=request.by,
                seed=request.seed,
                exclude_caseworkers=request.exclude,
            )

        def done(outcome: SampleOutcome) -> None:
            context.notify("cases")
            context.notify("rounds")
            text = _("{n} ärenden från urvalet lades till i omgången (frö {seed}).").format(
                n=len(outcome.added), seed=outcome.sample.seed
            )
            context.status_message.emit(text)
            self.outcome = outcome
            if not self._closed:
                self._set_busy(False)
                self.accept()

        context.run_task(
            job, _("Lägger till urvalet"), on_success=done, on_failure=self._failure(generation)
        )

    def _mark_closed(self, _result: int) -> None:
        self._closed = True
