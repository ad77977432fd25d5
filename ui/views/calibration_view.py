"""Kalibrering: how well the reviewers of a round agree (double-reviewed cases), per question
and overall, with the questions under the thresholds highlighted as candidates for clearer
wording or help text; and the double-reviewed cases with their consensus.

Computed in the background; a result that arrives after another round was chosen is ignored.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services import settings as settings_service
from ui.context import AppContext
from ui.dialogs.consensus_dialog import ConsensusDialog
from ui.i18n import _
from ui.models import agreement_table_model as columns
from ui.models.agreement_table_model import AgreementTableModel, DoubleCasesModel
from ui.models.double_state import DoubleState
from ui.views.calibration_texts import Calibration, compute, empty_text, flagged_text, overall_text
from ui.views.table_sizing import FittedTable
from ui.widgets import (
    VIEW_MARGINS,
    MessageLabel,
    labelled_chooser,
    note,
    state_label,
    titled_layout,
)

FLAG_STYLE = (
    "color: #7a2e00; background: #fde9d2; border: 1px solid #f3c89c; "
    "border-radius: 4px; padding: 6px 8px;"
)
TAB_QUESTIONS, TAB_CASES = range(2)


class CalibrationView(QWidget):
    """Samstämmighet mellan granskare för en omgång."""

    view_name = "calibration"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.calibration: Calibration | None = None
        self.dialog: ConsensusDialog | None = None
        self._generation = 0
        self._loaded_key: tuple[str, float, float] | None = None
        self._filling = False
        self._build()
        context.data_changed.connect(self._data_changed)
        context.round_selected.connect(self._round_selected_elsewhere)
        self._reload_rounds()

    # Building -------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = titled_layout(self, _("Kalibrering"), VIEW_MARGINS)
        layout.addWidget(
            note(
                _(
                    "Hur lika granskarna bedömer samma ärende. Frågor med låg samstämmighet "
                    "tolkas olika och behöver ofta tydligare formulering eller hjälptext."
                )
            )
        )
        top = QHBoxLayout()
        top.setSpacing(8)
        self.round_combo, round_label = labelled_chooser(_("&Omgång:"), _("Omgång"), 24)
        self.kappa_spin = QDoubleSpinBox()
        self.kappa_spin.setRange(0.0, 1.0)
        self.kappa_spin.setSingleStep(0.05)
        self.kappa_spin.setDecimals(2)
        self.kappa_spin.setAccessibleName(_("Gräns för kappa"))
        self.kappa_spin.setToolTip(_("Frågor med κ under gränsen markeras. Sparas för nästa gång."))
        kappa_label = QLabel(_("&Gräns för κ:"))
        kappa_label.setBuddy(self.kappa_spin)
        self.agreement_spin = QSpinBox()
        self.agreement_spin.setRange(0, 100)
        self.agreement_spin.setSuffix(" %")
        self.agreement_spin.setAccessibleName(_("Gräns för överensstämmelse i procent"))
        self.agreement_spin.setToolTip(
            _("Frågor med lägre överensstämmelse markeras. Sparas för nästa gång.")
        )
        agreement_label = QLabel(_("Gräns för över&ensstämmelse:"))
        agreement_label.setBuddy(self.agreement_spin)
        top.addWidget(round_label)
        top.addWidget(self.round_combo, 3)
        top.addSpacing(12)
        top.addWidget(kappa_label)
        top.addWidget(self.kappa_spin)
        top.addSpacing(8)
        top.addWidget(agreement_label)
        top.addWidget(self.agreement_spin)
        layout.addLayout(top)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Samstämmighet totalt"))
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.flag_note = note(style=FLAG_STYLE)
        self.flag_note.setAccessibleName(_("Frågor under gränserna"))
        layout.addWidget(self.flag_note)
        self.message = MessageLabel()
        layout.addWidget(self.message)

        self.pages = QStackedWidget()
        self.state = state_label()
        self.pages.addWidget(self.state)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(_("Kalibreringsflikar"))
        self.model = AgreementTableModel(self)
        self.table = FittedTable(self.model, _("Samstämmighet per fråga"), columns.TEXT)
        self.tabs.addTab(self._page(self.table), _("Per &fråga"))
        self.cases_model = DoubleCasesModel(self)
        self.cases_table = FittedTable(
            self.cases_model,
            _("Dubbelgranskade ärenden"),
            columns.REVIEWERS,
            wide={columns.CONSENSUS: 300},
        )
        self.consensus_button = QPushButton(_("&Samsyn…"))
        self.consensus_button.setAccessibleName(_("Samsyn för det markerade ärendet"))
        self.consensus_button.setToolTip(
            _("Jämför de två granskningarna och kom överens om ett svar per fråga (Enter)")
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.consensus_button)
        self.tabs.addTab(self._page(self.cases_table, buttons), "")
        self.pages.addWidget(self.tabs)
        layout.addWidget(self.pages, 1)

        self._show_thresholds()
        self.round_combo.currentIndexChanged.connect(self._round_chosen)
        self.kappa_spin.valueChanged.connect(lambda _v: self._thresholds_changed())
        self.agreement_spin.valueChanged.connect(lambda _v: self._thresholds_changed())
        # Enter and a double-click (the platform's activation) open Samsyn.
        self.cases_table.activated.connect(lambda _index: self.open_consensus())
        self.cases_table.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self._update_consensus_button()
        )
        self.consensus_button.clicked.connect(self.open_consensus)
        QWidget.setTabOrder(self.round_combo, self.kappa_spin)
        QWidget.setTabOrder(self.kappa_spin, self.agreement_spin)
        QWidget.setTabOrder(self.agreement_spin, self.tabs)

    @staticmethod
    def _page(table: QWidget, extra: QHBoxLayout | None = None) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(table, 1)
        if extra is not None:
            layout.addLayout(extra)
        return page

    # Rounds and thresholds --------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the rounds and show the chosen round's agreement."""
        self._show_thresholds()
        self._reload_rounds()
        self._load(force=True)

    def current_round_id(self) -> str:
        """The round chosen in the list ("" when there is none)."""
        return str(self.round_combo.currentData() or "")

    def show_round(self, round_id: str) -> None:
        """Show the agreement of this round."""
        found = self.round_combo.findData(round_id)
        if found >= 0:
            self.round_combo.setCurrentIndex(found)

    def _reload_rounds(self) -> None:
        wanted = self.current_round_id() or self.context.current_round_id
        choices = rounds_service.list_round_choices(self.context.db)
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        for round_ in choices:
            self.round_combo.addItem(round_.name, round_.id)
        found = self.round_combo.findData(wanted) if wanted else -1
        self.round_combo.setCurrentIndex(found if found >= 0 else (0 if choices else -1))
        self.round_combo.blockSignals(False)
        self.round_combo.setToolTip(self.round_combo.currentText())
        self.round_combo.setEnabled(bool(choices))

    def _show_thresholds(self) -> None:
        settings = self.context.settings()
        self._filling = True
        try:
            self.kappa_spin.setValue(settings.kappa_threshold)
            self.agreement_spin.setValue(round(settings.agreement_threshold * 100))
        finally:
            self._filling = False

    def thresholds(self) -> tuple[float, float]:
        """(κ threshold, agreement threshold as a fraction) as set in the view."""
        return round(self.kappa_spin.value(), 2), self.agreement_spin.value() / 100

    def _thresholds_changed(self) -> None:
        """Store the new thresholds and judge the questions again."""
        if self._filling:
            return
        kappa, agreement = self.thresholds()
        try:
            settings_service.save_settings(
                self.context.db,
                replace(
                    self.context.settings(), kappa_threshold=kappa, agreement_threshold=agreement
                ),
            )
        except KvaldeskError as exc:
            self.message.show_exception(exc)
            return
        self._load()

    def _round_chosen(self, _index: int) -> None:
        round_id = self.current_round_id()
        self.round_combo.setToolTip(self.round_combo.currentText())
        if round_id and round_id != self.context.current_round_id:
            self.context.round_selected.emit(round_id)
        self._load()

    def _round_selected_elsewhere(self, round_id: str) -> None:
        if not round_id or round_id == self.current_round_id():
            return
        if self.round_combo.findData(round_id) < 0:
            self._reload_rounds()
        found = self.round_combo.findData(round_id)
        if found >= 0:
            self.round_combo.blockSignals(True)
            self.round_combo.setCurrentIndex(found)
            self.round_combo.blockSignals(False)
        if self.isVisible():
            self._load()

    def _data_changed(self, what: str) -> None:
        if what not in ("reviews", "rounds", "cases", "templates", "settings"):
            return
        self._loaded_key = None
        if self.isVisible():
            self.refresh()

    # Computing --------------------------------------------------------------------------------

    def _load(self, force: bool = False) -> None:
        round_id = self.current_round_id()
        self.message.clear_message()
        if not round_id:
            self._show_state(
                _("Det finns inga granskningsomgångar ännu. Skapa en under Granskningar.")
            )
            return
        kappa, agreement = self.thresholds()
        key = (round_id, kappa, agreement)
        if key == self._loaded_key and not force:
            return
        self._loaded_key = key
        self._generation += 1
        generation = self._generation
        if self.calibration is None or self.calibration.report.round.id != round_id:
            self._show_state(_("Beräknar …"))

        def job(db: Database, _progress: Any) -> Calibration:
            return compute(db, round_id, kappa, agreement)

        self.context.run_task(
            job,
            _("Beräknar samstämmighet"),
            on_success=lambda result: self._computed(generation, result),
            on_failure=lambda exc, details: self._failed(generation, exc, details),
        )

    def _computed(self, generation: int, calibration: Calibration) -> None:
        if generation != self._generation:
            return
        self.calibration = calibration
        report = calibration.report
        self.model.set_report(report.questions, report.kappa_threshold, report.agreement_threshold)
        self.cases_model.set_rows(calibration.cases)
        self.tabs.setTabText(
            TAB_CASES, _("&Dubbelgranskade ärenden ({n})").format(n=len(calibration.cases))
        )
        self._update_consensus_button()
        if report.cases == 0:
            self.summary.clear()
            self.flag_note.hide()
            self._show_state(empty_text(calibration.cases))
            return
        self.summary.setText(overall_text(report))
        self.flag_note.setText(flagged_text(report))
        self.flag_note.setVisible(bool(report.flagged))
        self.pages.setCurrentWidget(self.tabs)

    def _failed(self, generation: int, exc: BaseException, details: str) -> None:
        if generation != self._generation:
            return
        self._loaded_key = None
        if isinstance(exc, KvaldeskError):
            self._show_state(str(exc))
            return
        from ui.errors import show_error

        self._show_state(_("Samstämmigheten kunde inte beräknas."))
        show_error(self, exc, details)

    def _show_state(self, text: str) -> None:
        self.state.setText(text)
        self.pages.setCurrentWidget(self.state)

    # Consensus --------------------------------------------------------------------------------

    def selected_case(self) -> DoubleState | None:
        """The double-review case selected in the cases tab, or None."""
        return self.cases_model.row_at(self.cases_table.source_row(None))

    def _update_consensus_button(self) -> None:
        row = self.selected_case()
        self.consensus_button.setEnabled(row is not None and row.is_double)

    def select_case(self, case_id: str) -> bool:
        """Select this case in the cases tab."""
        row = self.cases_model.row_of(case_id)
        if row < 0:
            return False
        index = self.cases_table.proxy.mapFromSource(self.cases_model.index(row, 0))
        self.cases_table.setCurrentIndex(index)
        self.cases_table.selectRow(index.row())
        return True

    def make_dialog(self, case_id: str) -> ConsensusDialog:
        """The Samsyn dialog (a method, so tests can drive it)."""
        return ConsensusDialog(self.context, case_id, parent=self)

    def open_consensus(self, _index: QModelIndex | None = None) -> ConsensusDialog | None:
        """Open Samsyn for the selected double-reviewed case."""
        row = self.selected_case()
        if row is None or not row.is_double:
            return None
        try:
            dialog = self.make_dialog(row.case.id)
        except KvaldeskError as exc:
            self.message.show_exception(exc)
            return None
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog
