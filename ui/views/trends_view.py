"""Trender: the share compliant per question across the rounds of one template over time, as a
table (one column per round) and a chart of the chosen question, or of every question.

Only questions whose content is unchanged between template versions are joined; a round where a
question was different shows "–". Computed in the background.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QWidget,
)
from sqlite_utils import Database

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services import templates as templates_service
from kvaldesk.services.charts import load_chart_code
from kvaldesk.services.trends import Trends, template_trends
from ui.context import AppContext
from ui.i18n import _
from ui.models import trend_table_model as columns
from ui.models.trend_table_model import TrendTableModel
from ui.ui_state import remember_splitter
from ui.views.table_sizing import FittedTable
from ui.views.trend_chart import TrendChartPanel
from ui.widgets import (
    HINT_STYLE,
    VIEW_MARGINS,
    MessageLabel,
    labelled_chooser,
    note,
    state_label,
    titled_layout,
)


def changed_text(trends: Trends) -> str:
    """Which questions were left out of some rounds because they changed ("" when none)."""
    changed = [q.id for q in trends.questions if q.changed_in]
    if not changed:
        return ""
    return _(
        "Frågorna {ids} var inte likadana i alla omgångar (ändrad text, svarsalternativ eller "
        "villkor) och jämförs bara där de är oförändrade; övriga celler visar –."
    ).format(ids=", ".join(changed))


class TrendsView(QWidget):
    """Andel uppfyllt per fråga över tid för en mall."""

    view_name = "trends"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.trends: Trends | None = None
        self._generation = 0
        self._loaded_key = ""
        self._build()
        context.data_changed.connect(self._data_changed)
        context.round_selected.connect(self._round_selected_elsewhere)
        self._reload_templates()

    def _build(self) -> None:
        layout = titled_layout(self, _("Trender"), VIEW_MARGINS)
        layout.addWidget(
            note(
                _(
                    "Andel uppfyllt per fråga i alla omgångar med samma mall, äldst till vänster. "
                    "Frågor som ändrats mellan mallversionerna jämförs bara där de är likadana."
                )
            )
        )
        top = QHBoxLayout()
        top.setSpacing(8)
        self.template_combo, template_label = labelled_chooser(_("&Mall:"), _("Mall"), 30)
        self.only_selected = QCheckBox(_("&Bara markerad fråga i diagrammet"))
        self.only_selected.setAccessibleName(_("Visa bara den markerade frågan i diagrammet"))
        self.only_selected.setToolTip(
            _("Annars visar diagrammet alla frågor, en grupp staplar per fråga.")
        )
        top.addWidget(template_label)
        top.addWidget(self.template_combo, 2)
        top.addSpacing(12)
        top.addWidget(self.only_selected)
        top.addStretch(1)
        layout.addLayout(top)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Omgångar i trenden"))
        layout.addWidget(self.summary)
        self.changed_note = note(style=HINT_STYLE)
        self.changed_note.setAccessibleName(_("Ändrade frågor"))
        layout.addWidget(self.changed_note)
        self.message = MessageLabel()
        layout.addWidget(self.message)

        self.pages = QStackedWidget()
        self.state = state_label()
        self.pages.addWidget(self.state)
        self.model = TrendTableModel(self)
        self.table = FittedTable(self.model, _("Andel uppfyllt per fråga och omgång"), columns.TEXT)
        self.table.setMinimumHeight(140)
        self.chart = TrendChartPanel(tasks=self.context.tasks)
        self.chart.setMinimumHeight(180)
        self.splitter = remember_splitter(QSplitter(Qt.Orientation.Vertical), "trends-view")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.chart)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 340])
        self.pages.addWidget(self.splitter)
        layout.addWidget(self.pages, 1)

        self.template_combo.currentIndexChanged.connect(lambda _i: self._load())
        self.only_selected.toggled.connect(lambda _checked: self._draw_chart())
        self.table.selectionModel().currentRowChanged.connect(self._selection_moved)
        QWidget.setTabOrder(self.template_combo, self.only_selected)
        QWidget.setTabOrder(self.only_selected, self.table)
        QWidget.setTabOrder(self.table, self.chart)

    # Templates --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the templates and show the chosen one's trends."""
        self._reload_templates()
        self._load(force=True)

    def template_key(self) -> str:
        """The template key chosen ("" when there is none)."""
        return str(self.template_combo.currentData() or "")

    def show_template(self, key: str) -> None:
        """Show the trends of this template key."""
        found = self.template_combo.findData(key)
        if found >= 0:
            self.template_combo.setCurrentIndex(found)

    def _round_key(self, round_id: str) -> str:
        if not round_id:
            return ""
        try:
            return rounds_service.get_round(self.context.db, round_id).template_key
        except KvaldeskError:
            return ""

    def _reload_templates(self) -> None:
        wanted = self.template_key() or self._round_key(self.context.current_round_id)
        counts: dict[str, int] = {}
        for round_ in rounds_service.list_round_choices(self.context.db):
            key = round_.template_key
            counts[key] = counts.get(key, 0) + 1
        titles = {t.key: t.title for t in templates_service.list_templates(self.context.db, True)}
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for key in sorted(counts, key=lambda k: titles.get(k, k).casefold()):
            text = _("{title} ({n} omgångar)").format(title=titles.get(key, key), n=counts[key])
            self.template_combo.addItem(text, key)
        found = self.template_combo.findData(wanted) if wanted else -1
        self.template_combo.setCurrentIndex(found if found >= 0 else (0 if counts else -1))
        self.template_combo.blockSignals(False)
        self.template_combo.setEnabled(bool(counts))

    def _round_selected_elsewhere(self, round_id: str) -> None:
        key = self._round_key(round_id)
        if key and key != self.template_key():
            found = self.template_combo.findData(key)
            if found >= 0:
                self.template_combo.blockSignals(True)
                self.template_combo.setCurrentIndex(found)
                self.template_combo.blockSignals(False)
                if self.isVisible():
                    self._load()

    def _data_changed(self, what: str) -> None:
        if what not in ("reviews", "rounds", "cases", "templates"):
            return
        self._loaded_key = ""
        if self.isVisible():
            self.refresh()

    # Computing --------------------------------------------------------------------------------

    def _load(self, force: bool = False) -> None:
        key = self.template_key()
        self.message.clear_message()
        if not key:
            self._show_state(
                _("Det finns inga granskningsomgångar ännu. Skapa en under Granskningar.")
            )
            return
        if key == self._loaded_key and not force:
            return
        self._loaded_key = key
        self._generation += 1
        generation = self._generation
        self._show_state(_("Beräknar …"))

        def job(db: Database, _progress: Any) -> Trends:
            load_chart_code()  # here, not on the UI thread at the first chart
            return template_trends(db, key)

        self.context.run_task(
            job,
            _("Beräknar trender"),
            on_success=lambda trends: self._computed(generation, trends),
            on_failure=lambda exc, details: self._failed(generation, exc, details),
        )

    def _computed(self, generation: int, trends: Trends) -> None:
        if generation != self._generation:
            return
        self.trends = trends
        self.model.set_trends(trends)
        self.table.column_fitter.fit()
        self.changed_note.setText(changed_text(trends))
        self.changed_note.setVisible(bool(self.changed_note.text()))
        names = ", ".join(r.name for r in trends.rounds)
        self.summary.setText(_("{n} omgångar: {names}").format(n=len(trends.rounds), names=names))
        if not trends.has_history:
            self.chart.clear_chart()
            self._show_state(
                _(
                    "Det finns bara en omgång med den här mallen. Trender visas när det finns "
                    "minst två omgångar med samma mall, till exempel vårens och höstens."
                )
            )
            return
        self.pages.setCurrentWidget(self.splitter)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self._draw_chart()

    def _failed(self, generation: int, exc: BaseException, details: str) -> None:
        if generation != self._generation:
            return
        self._loaded_key = ""
        if isinstance(exc, KvaldeskError):
            self._show_state(str(exc))
            return
        from ui.errors import show_error

        self._show_state(_("Trenderna kunde inte beräknas."))
        show_error(self, exc, details)

    def _show_state(self, text: str) -> None:
        self.state.setText(text)
        self.pages.setCurrentWidget(self.state)

    def selected_question_id(self) -> str:
        """The question selected in the table ("" when none)."""
        row = self.model.row_at(self.table.source_row(None))
        return row.id if row else ""

    def _selection_moved(self, *_args: object) -> None:
        if self.only_selected.isChecked():
            self._draw_chart()

    def _draw_chart(self) -> None:
        trends = self.trends
        if trends is None or not trends.has_history:
            return
        if not self.only_selected.isChecked():
            self.chart.set_chart(trends, None, _("Andel uppfyllt per fråga och omgång"))
            return
        question_id = self.selected_question_id()
        if not question_id:
            return
        self.chart.set_chart(
            trends,
            [question_id],
            _("Andel uppfyllt per omgång, fråga {id}").format(id=question_id),
        )
