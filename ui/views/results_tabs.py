"""The tabs that show one round's results: per question (table and chart), per quality
criterion, the critical findings (Enter or a double-click opens the review), the number
summaries and the coordinator's analysis."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kvaldesk.results.model import RoundResults
from ui.context import AppContext
from ui.i18n import _
from ui.models import results_detail_models as detail
from ui.models import results_table_model as results_table
from ui.models.results_table_model import QuestionResultsModel
from ui.ui_state import remember_splitter
from ui.views.results_analysis import AnalysisPanel
from ui.views.results_chart import ChartPanel
from ui.views.table_sizing import FittedTable
from ui.widgets import note

TAB_QUESTIONS, TAB_CRITERIA, TAB_FINDINGS, TAB_NUMBERS, TAB_ANALYSIS = range(5)


def _page(*parts: QWidget | QLayout, stretch: QWidget | None = None) -> QWidget:
    """A tab page: ``parts`` stacked a little below the tab bar. With ``stretch`` that part
    takes the free height, and the page ends in an empty stretch."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 8, 0, 0)
    layout.setSpacing(8)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part, 1 if part is stretch else 0)
    if stretch is not None:
        layout.addStretch(0)
    return page


class ResultsTabs(QTabWidget):
    """One round's results in five tabs (see :func:`set_results`)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.results: RoundResults | None = None
        self.setAccessibleName(_("Resultatflikar"))
        self.tabBar().setAccessibleName(_("Resultatflikar"))
        self.setDocumentMode(True)
        self.addTab(self._build_questions_tab(), _("Per &fråga"))
        self.addTab(self._build_criteria_tab(), _("Per &kvalitetskriterium"))
        self.addTab(self._build_findings_tab(), _("Kri&tiska avvikelser"))
        self.addTab(self._build_numbers_tab(), _("&Numeriska mått"))
        self.analysis = AnalysisPanel(context)
        self.addTab(self.analysis, _("Ana&lys"))
        self.findings_table.installEventFilter(self)

    def _build_questions_tab(self) -> QWidget:
        self.question_model = QuestionResultsModel(self)
        self.question_table = FittedTable(self.question_model, _("Resultat per fråga"), 1)
        self.question_table.column_fitter.before_fit = self._hide_empty_columns
        self.chart = ChartPanel(tasks=self.context.tasks)
        self.chart.setMinimumHeight(160)
        self.question_table.setMinimumHeight(160)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.question_table)
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([360, 300])
        remember_splitter(splitter, "results-questions", self)
        return _page(splitter)

    def _build_criteria_tab(self) -> QWidget:
        self.criteria_model = detail.CriteriaModel(self)
        self.criteria_table = FittedTable(
            self.criteria_model, _("Resultat per kvalitetskriterium"), 0
        )
        explanation = note(
            _(
                "Frågorna är grupperade efter Socialstyrelsens kvalitetskriterier. "
                "Andelen räknas på alla svar på kriteriets frågor tillsammans."
            )
        )
        return _page(explanation, self.criteria_table)

    def _build_findings_tab(self) -> QWidget:
        self.findings_model = detail.FindingsModel(self)
        self.findings_table = FittedTable(
            self.findings_model,
            _("Kritiska avvikelser"),
            detail.COMMENT,
            wide={detail.F_QUESTION: 380},
            wrap=False,
        )
        self.findings_table.doubleClicked.connect(self._open_finding)
        self.findings_note = note()
        self.open_button = QPushButton(_("Ö&ppna granskningen"))
        self.open_button.setAccessibleName(_("Öppna den markerade granskningen"))
        self.open_button.clicked.connect(lambda: self._open_finding(None))
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.findings_note, 1)
        row.addWidget(self.open_button)
        return _page(row, self.findings_table, stretch=self.findings_table)

    def _build_numbers_tab(self) -> QWidget:
        self.numbers_model = detail.NumbersModel(self)
        self.numbers_table = FittedTable(self.numbers_model, _("Numeriska mått"), 1)
        self.numbers_note = note()
        return _page(self.numbers_note, self.numbers_table, stretch=self.numbers_table)

    def set_results(self, results: RoundResults | None) -> None:
        """Show these results in every table (None: empty), and say what each tab has."""
        self.results = results
        for model in (
            self.question_model,
            self.criteria_model,
            self.findings_model,
            self.numbers_model,
        ):
            model.set_results(results)
        findings = len(results.critical_findings) if results else 0
        self.setTabText(TAB_FINDINGS, _("Kri&tiska avvikelser ({n})").format(n=findings))
        if findings:
            self.findings_note.setText(
                _(
                    "Svar på kritiska frågor som visar en brist. Dubbelklicka eller tryck Enter "
                    "för att öppna granskningen."
                )
            )
        else:
            self.findings_note.setText(_("Inga kritiska avvikelser i den här omgången."))
        self.open_button.setEnabled(bool(findings))
        self.findings_table.setVisible(bool(findings))
        self.numbers_table.setVisible(self.numbers_model.rowCount() > 0)
        if self.numbers_model.rowCount():
            self.numbers_note.setText(
                _(
                    "Siffror som granskarna har fyllt i, till exempel utredningstid i dagar. "
                    "Bara klara granskningar räknas."
                )
            )
        else:
            self.numbers_note.setText(_("Mallen för den här omgången har inga frågor med siffror."))

    def _hide_empty_columns(self) -> None:
        """Hide the columns with nothing to say: no previous round, or no target."""
        results = self.results
        no_previous = results is None or results.previous_round_id is None
        no_target = all(r.target_pct is None for r in results.questions) if results else True
        self.question_table.setColumnHidden(results_table.PREVIOUS, no_previous)
        self.question_table.setColumnHidden(results_table.CHANGE, no_previous)
        self.question_table.setColumnHidden(results_table.TARGET, no_target)

    def _open_finding(self, index: QModelIndex | None) -> None:
        finding = self.findings_model.finding_at(self.findings_table.source_row(index))
        if finding is not None:
            self.context.open_review_requested.emit(finding.review_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter opens the selected critical finding."""
        if (
            watched is self.findings_table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._open_finding(None)
            return True
        return super().eventFilter(watched, event)
