"""Resultat: the results of a round per question (table and chart), per quality criterion, the
critical findings, the number summaries and the coordinator's analysis.

Results are computed in the background (``context.run_task``); a result that arrives after the
person has chosen another round or breakdown is ignored.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QWidget,
)
from sqlite_utils import Database

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.results.model import Counts, RoundResults
from kvaldesk.services import reports as reports_service
from kvaldesk.services.charts import load_chart_code
from kvaldesk.services.results import Breakdown, round_results
from kvaldesk.services.rounds import RoundSummary
from ui.context import AppContext
from ui.dialogs.action_dialog import ActionDialog
from ui.i18n import _
from ui.models.results_format import share_text, target_text
from ui.views.report_actions import (
    CSV_FILTER,
    PDF_FILTER,
    XLSX_FILTER,
    ReportRunner,
    file_name,
)
from ui.views.results_tabs import TAB_FINDINGS, TAB_QUESTIONS, ResultsTabs
from ui.widgets import VIEW_MARGINS, MessageLabel, labelled_chooser, state_label, titled_layout

BREAKDOWNS: tuple[tuple[str | None, str], ...] = (
    (None, "Ingen uppdelning"),
    ("subgroup", "Per grupp (ny/pågående)"),
    ("unit", "Per enhet"),
)


class ResultsView(QWidget):
    """The results of one round."""

    view_name = "results"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._summaries: dict[str, RoundSummary] = {}
        self._results_key: tuple[str, str | None] | None = None
        self._generation = 0
        self._dirty = False
        self._own_change = False
        self._build()
        context.data_changed.connect(self._data_changed)
        context.round_selected.connect(self._round_selected_elsewhere)
        self._reload_rounds()

    # Building -------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = titled_layout(self, _("Resultat"), VIEW_MARGINS)

        top = QHBoxLayout()
        top.setSpacing(8)
        self.round_combo, round_label = labelled_chooser(_("&Omgång:"), _("Omgång"), 24)
        self.breakdown_combo = QComboBox()
        self.breakdown_combo.setAccessibleName(_("Uppdelning"))
        for by, label in BREAKDOWNS:
            self.breakdown_combo.addItem(_(label), by)
        breakdown_label = QLabel(_("&Uppdelning:"))
        breakdown_label.setBuddy(self.breakdown_combo)
        self.action_button = QPushButton(_("&Skapa åtgärd…"))
        self.action_button.setAccessibleName(_("Skapa åtgärd"))
        self.action_button.setToolTip(
            _("Skapa en åtgärd för den markerade frågan eller avvikelsen, eller för hela omgången.")
        )
        top.addWidget(round_label)
        top.addWidget(self.round_combo, 3)
        top.addSpacing(8)
        top.addWidget(breakdown_label)
        top.addWidget(self.breakdown_combo, 1)
        top.addStretch(0)
        top.addWidget(self.action_button)
        top.addWidget(self._build_report_button())
        layout.addLayout(top)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Sammanfattning"))
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.message = MessageLabel()
        layout.addWidget(self.message)

        self.pages = QStackedWidget()
        self.state = state_label()
        self.pages.addWidget(self.state)
        self.tabs = ResultsTabs(self.context)
        # The parts the behaviour below (and the tests) work with.
        tabs = self.tabs
        self.chart, self.question_model = tabs.chart, tabs.question_model
        self.question_table, self.criteria_model = tabs.question_table, tabs.criteria_model
        self.findings_model, self.findings_table = tabs.findings_model, tabs.findings_table
        self.numbers_model, self.numbers_table = tabs.numbers_model, tabs.numbers_table
        self.analysis = tabs.analysis
        self.analysis.saved.connect(self._analysis_saved)
        self.analysis_edit = self.analysis.edit
        self.analysis_status = self.analysis.status
        self.analysis_message = self.analysis.message
        self.pages.addWidget(self.tabs)
        layout.addWidget(self.pages, 1)

        self.round_combo.currentIndexChanged.connect(self._round_chosen)
        self.breakdown_combo.currentIndexChanged.connect(lambda _i: self._load_current())
        self.action_button.clicked.connect(self.create_action)
        QWidget.setTabOrder(self.round_combo, self.breakdown_combo)
        QWidget.setTabOrder(self.breakdown_combo, self.action_button)
        QWidget.setTabOrder(self.action_button, self.report_button)
        QWidget.setTabOrder(self.report_button, self.tabs)

    def _build_report_button(self) -> QPushButton:
        """Rapport: print or save the round report, export to Excel or CSV, or save every
        review summary of the round in one PDF."""
        self.reports = ReportRunner(self.context, self, lambda text: self.message.show_info(text))
        menu = QMenu(self)
        menu.setToolTipsVisible(True)

        def add(text: str, tip: str, slot: object) -> QAction:
            action = menu.addAction(text)
            action.setToolTip(tip)
            action.triggered.connect(slot)
            return action

        self.print_report_action = add(
            _("Skriv &ut rapport…"),
            _("Skriv ut omgångens rapport: resultat, analys och nya åtgärder."),
            self.print_report,
        )
        self.save_report_action = add(
            _("Spara rapport som &PDF…"),
            _("Spara omgångens rapport som en PDF-fil."),
            self.save_report_pdf,
        )
        menu.addSeparator()
        self.xlsx_action = add(
            _("Exportera till &Excel…"),
            _("Resultat, grupper, svar och åtgärder i en Excel-fil."),
            self.export_xlsx,
        )
        self.csv_action = add(
            _("Exportera &CSV…"),
            _("Resultatet per fråga som CSV för svenska Excel."),
            self.export_csv,
        )
        menu.addSeparator()
        self.batch_action = add(
            _("&Alla granskningssammanfattningar som PDF…"),
            _("Sammanfattningen av varje klar granskning i omgången, i en PDF-fil."),
            self.save_all_summaries,
        )
        self.report_menu = menu
        self.report_button = QPushButton(_("&Rapport"))
        self.report_button.setAccessibleName(_("Rapport och export"))
        self.report_button.setMenu(menu)
        return self.report_button

    # Rounds and breakdown ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the round list and show the chosen round's results (computed if needed)."""
        self._reload_rounds()
        self._load_current(force=self._dirty)

    def choose_round(self, round_id: str) -> None:
        """Choose this round in the list; its results are computed when the view is shown."""
        if round_id not in self._summaries:
            self._reload_rounds()
        self._select_round(round_id)
        self._update_report_button()

    def show_round(self, round_id: str) -> None:
        """Show the results of this round."""
        self.choose_round(round_id)
        self._load_current()

    def current_round_id(self) -> str:
        """The round chosen in the list ("" when there is none)."""
        return str(self.round_combo.currentData() or "")

    def breakdown(self) -> Breakdown:
        """The chosen breakdown: None, "subgroup" or "unit"."""
        value = self.breakdown_combo.currentData()
        if value == "subgroup":
            return "subgroup"
        if value == "unit":
            return "unit"
        return None

    def _reload_rounds(self) -> None:
        wanted = self.current_round_id() or self.context.current_round_id
        summaries = self.context.round_list()
        self._summaries = {s.round.id: s for s in summaries}
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        for summary in summaries:
            self.round_combo.addItem(summary.round.name, summary.round.id)
            self.round_combo.setItemData(
                self.round_combo.count() - 1,
                _("{template} · {complete} klara av {reviews} granskningar").format(
                    template=summary.template_title,
                    complete=summary.complete,
                    reviews=summary.reviews,
                ),
                Qt.ItemDataRole.ToolTipRole,
            )
        found = self.round_combo.findData(wanted) if wanted else -1
        self.round_combo.setCurrentIndex(found if found >= 0 else (0 if summaries else -1))
        self.round_combo.blockSignals(False)
        self.round_combo.setToolTip(self.round_combo.currentText())
        self.round_combo.setEnabled(bool(summaries))
        self.breakdown_combo.setEnabled(bool(summaries))
        self.action_button.setEnabled(bool(summaries))
        self._update_report_button()

    def _select_round(self, round_id: str) -> None:
        found = self.round_combo.findData(round_id)
        if found >= 0 and found != self.round_combo.currentIndex():
            self.round_combo.blockSignals(True)
            self.round_combo.setCurrentIndex(found)
            self.round_combo.blockSignals(False)
            self.round_combo.setToolTip(self.round_combo.currentText())

    def _update_report_button(self) -> None:
        """Reports need at least one complete review in the chosen round."""
        summary = self._summaries.get(self.current_round_id())
        if summary is None:
            self.report_button.setEnabled(False)
            self.report_button.setToolTip(_("Välj en omgång först."))
        elif summary.complete == 0:
            self.report_button.setEnabled(False)
            self.report_button.setToolTip(
                _("Omgången har inga klara granskningar ännu, så det finns ingen rapport.")
            )
        else:
            self.report_button.setEnabled(True)
            self.report_button.setToolTip(
                _("Skriv ut eller spara omgångens rapport, exportera till Excel eller CSV.")
            )

    def _round_chosen(self, _index: int) -> None:
        round_id = self.current_round_id()
        self._update_report_button()
        self.round_combo.setToolTip(self.round_combo.currentText())
        if round_id and round_id != self.context.current_round_id:
            self.context.round_selected.emit(round_id)
        self._load_current()

    def _round_selected_elsewhere(self, round_id: str) -> None:
        if not round_id or round_id == self.current_round_id():
            return
        if round_id not in self._summaries:
            self._reload_rounds()
        self._select_round(round_id)
        self._update_report_button()
        if self.isVisible():
            self._load_current()

    def _data_changed(self, what: str) -> None:
        if self._own_change or what not in ("reviews", "rounds", "cases", "templates"):
            return
        self._dirty = True
        if self.isVisible():
            self.refresh()

    # Computing --------------------------------------------------------------------------------

    def _load_current(self, force: bool = False) -> None:
        """Show the chosen round and breakdown, computing the results in the background."""
        round_id = self.current_round_id()
        self.message.clear_message()
        refused = self.analysis.switch_round(round_id)
        if refused:
            self.message.show_error(
                _("Analysen för den förra omgången sparades inte: {reason}").format(reason=refused)
            )
        if not round_id:
            self._show_state(
                _("Det finns inga granskningsomgångar ännu. Skapa en under Granskningar.")
            )
            self.summary.clear()
            return
        by = self.breakdown()
        key = (round_id, by)
        if not force and key == self._results_key:
            return
        summary = self._summaries[round_id]
        if summary.complete == 0:
            self._generation += 1
            self._results_key, self._dirty = key, False
            self.tabs.set_results(None)
            self.summary.setText(_("0 klara granskningar"))
            self._show_state(
                _(
                    "Inga klara granskningar ännu i den här omgången. Resultatet "
                    "visas här när den första granskningen är markerad som klar."
                )
            )
            return
        self._generation += 1
        generation = self._generation
        # Remember what is being computed, so that showing the view again does not restart it.
        self._results_key, self._dirty = key, False
        self._show_state(_("Beräknar …"))
        self.summary.setText(_("Beräknar resultat för {name} …").format(name=summary.round.name))
        self.context.run_task(
            lambda db, _progress: _results_and_chart_code(db, round_id, by),
            _("Beräknar resultat"),
            on_success=lambda results: self._computed(generation, key, results),
            on_failure=lambda exc, details: self._failed(generation, exc, details),
        )

    def _computed(
        self, generation: int, key: tuple[str, str | None], results: RoundResults
    ) -> None:
        if generation != self._generation:
            return  # the person chose another round or breakdown meanwhile
        self.tabs.set_results(results)
        summary = self._summaries.get(key[0])
        self.summary.setText(self._summary_text(results, summary))
        if results.reviews == 0:
            self._show_state(_("Inga klara granskningar ännu i den här omgången."))
            return
        title = _("Andel uppfyllt per fråga")
        if key[1] is not None:
            title = _("Andel uppfyllt per fråga, alla grupper")
        target = summary.round.target_pct if summary else None
        self.chart.set_chart(results, target, title)
        self.pages.setCurrentWidget(self.tabs)

    def _failed(self, generation: int, exc: BaseException, details: str) -> None:
        if generation != self._generation:
            return
        from ui.errors import show_error

        self._results_key = None
        self._show_state(_("Resultatet kunde inte beräknas."))
        if isinstance(exc, KvaldeskError):
            self.message.show_exception(exc)
        else:
            show_error(self, exc, details)

    def _show_state(self, text: str) -> None:
        self.state.setText(text)
        self.pages.setCurrentWidget(self.state)

    def _summary_text(self, results: RoundResults, summary: RoundSummary | None) -> str:
        parts = [
            _("1 klar granskning")
            if results.reviews == 1
            else _("{n} klara granskningar").format(n=results.reviews),
            _("Totalt {share} uppfyllt").format(share=share_text(results.overall)),
        ]
        if summary is not None and summary.round.target_pct is not None:
            parts.append(_("Mål {target}").format(target=target_text(summary.round.target_pct)))
        if results.previous_round_id:
            previous = Counts()
            for result in results.questions:
                if result.previous is not None and result.question.counts_in_share:
                    previous = previous.plus(result.previous)
            parts.append(_("Föregående omgång: {share}").format(share=share_text(previous)))
        return " · ".join(parts)

    # Actions ----------------------------------------------------------------------------------

    def make_action_dialog(self) -> ActionDialog | None:
        """The new-action dialog for the selected question or finding (a method, so tests can
        drive it); None when no round is chosen."""
        round_id = self.current_round_id()
        if not round_id:
            return None
        question_id: str | None = None
        review_id: str | None = None
        description = _("Åtgärden gäller hela omgången {name}.").format(
            name=self._summaries[round_id].round.name
        )
        tab = self.tabs.currentIndex() if self.pages.currentWidget() is self.tabs else -1
        if tab == TAB_QUESTIONS:
            result = self.question_model.result_at(self.question_table.source_row())
            if result is not None:
                question_id = result.question.id
                description = _("Åtgärden gäller fråga {id}: {text}").format(
                    id=result.question.id, text=result.question.text
                )
        elif tab == TAB_FINDINGS:
            finding = self.findings_model.finding_at(self.findings_table.source_row())
            if finding is not None:
                question_id, review_id = finding.question_id, finding.review_id
                description = _(
                    "Åtgärden gäller ärende {case}, fråga {id} (svar: {answer})."
                ).format(
                    case=finding.case_reference, id=finding.question_id, answer=finding.answer_label
                )
        return ActionDialog(
            self.context,
            round_id,
            question_id=question_id,
            review_id=review_id,
            parent=self,
            description=description,
        )

    def create_action(self) -> None:
        """Open the new-action dialog (window-modal, without blocking)."""
        dialog = self.make_action_dialog()
        if dialog is None:
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.message.show_info(_("Åtgärden sparades. Du hittar den under Åtgärder."))
        )
        dialog.open()

    # Reports ----------------------------------------------------------------------------------

    def _report_round(self) -> tuple[str, str] | None:
        """(round id, round name) of the chosen round when it has complete reviews."""
        summary = self._summaries.get(self.current_round_id())
        if summary is None or summary.complete == 0:
            return None
        self.analysis.save()  # the report includes the analysis as it is typed now
        return summary.round.id, summary.round.name

    def print_report(self) -> None:
        """Write the round report in the background, then show the print dialog."""
        chosen = self._report_round()
        if chosen is None:
            return
        round_id, name = chosen
        self.reports.print_report(
            lambda db, path, progress: reports_service.write_round_report_pdf(
                db, round_id, path, progress
            ),
            title=_("Rapport {name}").format(name=name),
            default_name=file_name(_("rapport-{name}").format(name=name), ".pdf"),
            label=_("Skapar rapporten"),
        )

    def save_report_pdf(self) -> None:
        """Save the round report as PDF where the person chooses."""
        chosen = self._report_round()
        if chosen is None:
            return
        round_id, name = chosen
        self.reports.save(
            lambda db, path, progress: reports_service.write_round_report_pdf(
                db, round_id, path, progress
            ),
            caption=_("Spara rapport som PDF"),
            default_name=file_name(_("rapport-{name}").format(name=name), ".pdf"),
            file_filter=PDF_FILTER,
            label=_("Sparar rapporten"),
            saved=_saved_text,
        )

    def export_xlsx(self) -> None:
        """Export the round to an Excel workbook."""
        chosen = self._report_round()
        if chosen is None:
            return
        round_id, name = chosen
        self.reports.save(
            lambda db, path, progress: reports_service.write_round_xlsx(
                db, round_id, path, progress
            ),
            caption=_("Exportera till Excel"),
            default_name=file_name(_("resultat-{name}").format(name=name), ".xlsx"),
            file_filter=XLSX_FILTER,
            label=_("Exporterar till Excel"),
            saved=_exported_text,
        )

    def export_csv(self) -> None:
        """Export the per-question results as CSV."""
        chosen = self._report_round()
        if chosen is None:
            return
        round_id, name = chosen
        self.reports.save(
            lambda db, path, _progress: reports_service.write_round_csv(db, round_id, path),
            caption=_("Exportera CSV"),
            default_name=file_name(_("resultat-{name}").format(name=name), ".csv"),
            file_filter=CSV_FILTER,
            label=_("Exporterar CSV"),
            saved=_exported_text,
        )

    def save_all_summaries(self) -> None:
        """Every complete review's summary in one PDF, in the background with Cancel."""
        chosen = self._report_round()
        if chosen is None:
            return
        round_id, name = chosen
        self.reports.save(
            lambda db, path, progress: reports_service.write_round_reviews_pdf(
                db, round_id, path, progress, complete_only=True
            ),
            caption=_("Spara alla granskningssammanfattningar som PDF"),
            default_name=file_name(_("sammanfattningar-{name}").format(name=name), ".pdf"),
            file_filter=PDF_FILTER,
            label=_("Skapar sammanfattningarna"),
            saved=_batch_text,
        )

    # Analysis ---------------------------------------------------------------------------------

    def _analysis_saved(self) -> None:
        """Tell the other views (this view already shows the saved analysis)."""
        self._own_change = True
        try:
            self.context.notify("rounds")
        finally:
            self._own_change = False

    def hideEvent(self, event: QHideEvent) -> None:
        """Save the analysis when the view is left."""
        self.analysis.save()
        super().hideEvent(event)


def _saved_text(path: Path, _result: object) -> str:
    return _("Rapporten sparades: {path}").format(path=path)


def _exported_text(path: Path, _result: object) -> str:
    return _("Exporten sparades: {path}").format(path=path)


def _batch_text(path: Path, pages: object) -> str:
    return _("Sammanfattningarna sparades ({pages} sidor): {path}").format(pages=pages, path=path)


def _results_and_chart_code(db: Database, round_id: str, by: Breakdown) -> RoundResults:
    """The round's results, with the chart code loaded on the same worker thread (the
    chart and the share texts need it, and importing it would stall the window)."""
    load_chart_code()
    return round_results(db, round_id, by=by)
