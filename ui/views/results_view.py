"""Resultat: the results of a round per question (table and chart), per quality criterion, the
critical findings, the number summaries and the coordinator's analysis.

Results are computed in the background (``context.run_task``); a result that arrives after the
person has chosen another round or breakdown is ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QEvent,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QHideEvent, QKeyEvent, QPalette, QResizeEvent
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.reporting.charts import ChartBar, bars_from_results, drawing_to_svg, share_bar_chart
from kvaldesk.results.model import Counts, RoundResults
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services.results import Breakdown, round_results
from kvaldesk.services.rounds import RoundSummary
from ui.context import AppContext
from ui.dialogs.action_dialog import ActionDialog
from ui.i18n import _
from ui.models import results_detail_models as detail
from ui.models import results_table_model as results_table
from ui.models.results_format import chart_texts, share_text, target_text
from ui.models.results_table_model import SORT_ROLE, QuestionResultsModel
from ui.ui_state import remember_splitter
from ui.widgets import MessageLabel, heading

#: Wait this long after the last keystroke before the analysis is saved.
ANALYSIS_SAVE_DELAY_MS = 1500
#: The chart is drawn in points and shown this much larger, so its text matches the window's.
CHART_ZOOM = 1.25
CHART_FONT_SIZE = 9
#: Wider than this the bars get hard to follow from label to value.
CHART_MAX_WIDTH = 860
NOTE_STYLE = "color: #44515c;"
STATE_STYLE = "color: #44515c; font-size: 12pt; padding: 24px;"
SAVED_STYLE = "color: #1d4d2b;"
UNSAVED_STYLE = "color: #7a4a00;"
BREAKDOWNS: tuple[tuple[str | None, str], ...] = (
    (None, "Ingen uppdelning"),
    ("subgroup", "Per grupp (ny/pågående)"),
    ("unit", "Per enhet"),
)
#: A little air around each cell, so wrapped question texts are easy to read.
RESIZE_PRECISION = 100
TABLE_STYLE = "QTableView::item { padding-top: 3px; padding-bottom: 3px; }"
TAB_QUESTIONS, TAB_CRITERIA, TAB_FINDINGS, TAB_NUMBERS, TAB_ANALYSIS = range(5)


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


def _table(
    model: QAbstractItemModel,
    name: str,
    text_column: int,
    wide: dict[int, int] | None = None,
    wrap: bool = True,
) -> QTableView:
    """A sortable, read-only table over ``model`` with row selection; ``text_column`` takes
    the width the other columns leave. With ``wrap`` long texts wrap onto more lines (for short
    tables); without, they are cut with "…" and the tooltip shows them (for long tables)."""
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    table = QTableView()
    table.setModel(proxy)
    table.setAccessibleName(name)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setWordWrap(wrap)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().setVisible(False)
    if wrap:
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Column widths from the first rows only: fast also for hundreds of findings.
    table.verticalHeader().setResizeContentsPrecision(RESIZE_PRECISION)
    table.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION)
    table.horizontalHeader().setMinimumSectionSize(44)
    table.setStyleSheet(TABLE_STYLE)
    table.column_fitter = ColumnFitter(table, text_column, wide=wide)  # type: ignore[attr-defined]
    return table


class ColumnFitter(QObject):
    """Sizes a table's columns to their contents (at most ``max_other`` wide; headers elide
    with a tooltip) and gives the text column the width that is left, at least ``min_text``.
    Past that the table scrolls sideways instead of squeezing the text."""

    def __init__(
        self,
        table: QTableView,
        text_column: int,
        min_text: int = 220,
        max_other: int = 150,
        wide: dict[int, int] | None = None,
    ) -> None:
        super().__init__(table)
        self.table = table
        self.text_column = text_column
        self.min_text = min_text
        self.max_other = max_other
        #: Columns allowed to be wider than ``max_other`` (column -> maximum width).
        self.wide = dict(wide or {})
        #: Called before the columns are sized (for example to hide empty columns).
        self.before_fit: Callable[[], None] | None = None
        table.model().modelReset.connect(self.fit)
        table.viewport().installEventFilter(self)

    def fit(self) -> None:
        """Size every column again (after new results)."""
        header = self.table.horizontalHeader()
        if self.before_fit is not None:
            self.before_fit()
        self.table.resizeColumnsToContents()
        for column in range(header.count()):
            limit = self.wide.get(column, self.max_other)
            if column != self.text_column and header.sectionSize(column) > limit:
                header.resizeSection(column, limit)
        self.fit_text()

    def fit_text(self) -> None:
        """Give the text column the width the other columns leave."""
        header = self.table.horizontalHeader()
        if not 0 <= self.text_column < header.count():
            return
        others = sum(header.sectionSize(c) for c in range(header.count()) if c != self.text_column)
        header.resizeSection(
            self.text_column, max(self.min_text, self.table.viewport().width() - others)
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the table's width."""
        if event.type() == QEvent.Type.Resize:
            self.fit_text()
        return False


def _source_row(table: QTableView, index: QModelIndex | None = None) -> int:
    """The source-model row of ``index`` (default: the current row), or -1."""
    proxy = table.model()
    assert isinstance(proxy, QSortFilterProxyModel)
    if index is None:
        index = table.currentIndex()
    if not index.isValid():
        return -1
    return proxy.mapToSource(index).row()


class ChartPanel(QScrollArea):
    """The shared reportlab chart, shown as SVG at the panel's width (aspect ratio kept)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Diagram: andel uppfyllt per fråga"))
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.svg = QSvgWidget()
        self.svg.setAccessibleName(_("Diagram"))
        self.svg.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.setWidget(self.svg)
        self.svg_bytes = b""
        self._bars: list[ChartBar] = []
        self._target: float | None = None
        self._title = ""
        self._rendered_width = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.render_chart)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self.render_chart)

    def set_chart(self, bars: Sequence[ChartBar], target_pct: float | None, title: str) -> None:
        """Show these bars: drawn in the next turn of the event loop, so that filling the
        tables and drawing the chart never hold up the window together."""
        self._bars = list(bars)
        self._target = target_pct
        self._title = title
        self._soon.start()

    def _wanted_width(self) -> int:
        # Room for the vertical scroll bar is kept always, so that the bar appearing never
        # makes the chart too wide for the panel.
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        available = self.contentsRect().width() - scroll_bar - 4
        return min(max(available, 360), CHART_MAX_WIDTH)

    def render_chart(self) -> None:
        """Draw the chart for the current width (10–20 ms for 40 bars)."""
        self._soon.stop()
        self._timer.stop()
        width = self._wanted_width()
        drawing = share_bar_chart(
            self._bars,
            self._target,
            self._title,
            width=width / CHART_ZOOM,
            font_size=CHART_FONT_SIZE,
            texts=chart_texts(),
        )
        self.svg_bytes = drawing_to_svg(drawing, self._title)
        self.svg.load(QByteArray(self.svg_bytes))
        self.svg.setFixedSize(round(drawing.width * CHART_ZOOM), round(drawing.height * CHART_ZOOM))
        self._rendered_width = width

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Redraw for the new width: at once after a big jump, else after a short pause."""
        super().resizeEvent(event)
        if not self.svg_bytes:
            return
        change = abs(self._wanted_width() - self._rendered_width)
        if change > 0.3 * max(self._rendered_width, 1):
            self.render_chart()
        elif change:
            self._timer.start()


class ResultsView(QWidget):
    """The results of one round."""

    view_name = "results"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._summaries: dict[str, RoundSummary] = {}
        self._results: RoundResults | None = None
        self._results_key: tuple[str, str | None] | None = None
        self._generation = 0
        self._dirty = False
        self._own_change = False
        self._analysis_round = ""
        self._analysis_dirty = False
        self._loading_analysis = False
        self._build()
        context.data_changed.connect(self._data_changed)
        context.round_selected.connect(self._round_selected_elsewhere)
        self._reload_rounds()

    # Building -------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(heading(_("Resultat")))

        top = QHBoxLayout()
        top.setSpacing(8)
        self.round_combo = QComboBox()
        self.round_combo.setAccessibleName(_("Omgång"))
        self.round_combo.setMinimumContentsLength(24)
        self.round_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        round_label = QLabel(_("&Omgång:"))
        round_label.setBuddy(self.round_combo)
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
        layout.addLayout(top)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Sammanfattning"))
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.message = MessageLabel()
        layout.addWidget(self.message)

        self.pages = QStackedWidget()
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state.setStyleSheet(STATE_STYLE)
        self.state.setAccessibleName(_("Läge"))
        self.pages.addWidget(self.state)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Resultatflikar"))
        self.tabs.tabBar().setAccessibleName(_("Resultatflikar"))
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_questions_tab(), _("Per &fråga"))
        self.tabs.addTab(self._build_criteria_tab(), _("Per &kvalitetskriterium"))
        self.tabs.addTab(self._build_findings_tab(), _("Kri&tiska avvikelser"))
        self.tabs.addTab(self._build_numbers_tab(), _("&Numeriska mått"))
        self.tabs.addTab(self._build_analysis_tab(), _("Ana&lys"))
        self.pages.addWidget(self.tabs)
        layout.addWidget(self.pages, 1)

        self.round_combo.currentIndexChanged.connect(self._round_chosen)
        self.breakdown_combo.currentIndexChanged.connect(lambda _i: self._load_current())
        self.action_button.clicked.connect(self.create_action)
        self.findings_table.installEventFilter(self)
        self.analysis_edit.installEventFilter(self)
        QWidget.setTabOrder(self.round_combo, self.breakdown_combo)
        QWidget.setTabOrder(self.breakdown_combo, self.action_button)
        QWidget.setTabOrder(self.action_button, self.tabs)

    def _build_questions_tab(self) -> QWidget:
        self.question_model = QuestionResultsModel(self)
        self.question_table = _table(self.question_model, _("Resultat per fråga"), 1)
        self.question_table.column_fitter.before_fit = self._hide_empty_columns  # type: ignore[attr-defined]
        self.chart = ChartPanel()
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
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(splitter)
        return page

    def _build_criteria_tab(self) -> QWidget:
        self.criteria_model = detail.CriteriaModel(self)
        self.criteria_table = _table(self.criteria_model, _("Resultat per kvalitetskriterium"), 0)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(
            _note(
                _(
                    "Frågorna är grupperade efter Socialstyrelsens kvalitetskriterier. "
                    "Andelen räknas på alla svar på kriteriets frågor tillsammans."
                )
            )
        )
        layout.addWidget(self.criteria_table)
        return page

    def _build_findings_tab(self) -> QWidget:
        self.findings_model = detail.FindingsModel(self)
        self.findings_table = _table(
            self.findings_model,
            _("Kritiska avvikelser"),
            detail.COMMENT,
            wide={detail.F_QUESTION: 380},
            wrap=False,
        )
        self.findings_table.doubleClicked.connect(self._open_finding)
        self.findings_note = _note()
        self.open_button = QPushButton(_("Ö&ppna granskningen"))
        self.open_button.setAccessibleName(_("Öppna den markerade granskningen"))
        self.open_button.clicked.connect(lambda: self._open_finding(None))
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.findings_note, 1)
        row.addWidget(self.open_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(row)
        layout.addWidget(self.findings_table, 1)
        layout.addStretch(0)
        return page

    def _build_numbers_tab(self) -> QWidget:
        self.numbers_model = detail.NumbersModel(self)
        self.numbers_table = _table(self.numbers_model, _("Numeriska mått"), 1)
        self.numbers_note = _note()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.numbers_note)
        layout.addWidget(self.numbers_table, 1)
        layout.addStretch(0)
        return page

    def _build_analysis_tab(self) -> QWidget:
        self.analysis_edit = QPlainTextEdit()
        self.analysis_edit.setAccessibleName(_("Analys"))
        self.analysis_edit.setPlaceholderText(
            _(
                "Vad visar resultatet? Vilka brister är viktigast, och vad kan de bero på? "
                "Skriv inga personnummer eller namn på klienter."
            )
        )
        self.analysis_edit.setTabChangesFocus(True)
        self.analysis_edit.textChanged.connect(self._analysis_edited)
        label = QLabel(_("&Din analys av omgångens resultat:"))
        label.setBuddy(self.analysis_edit)
        self.analysis_status = QLabel()
        self.analysis_status.setAccessibleName(_("Sparstatus"))
        self.analysis_message = MessageLabel()
        self.analysis_timer = QTimer(self)
        self.analysis_timer.setSingleShot(True)
        self.analysis_timer.setInterval(ANALYSIS_SAVE_DELAY_MS)
        self.analysis_timer.timeout.connect(self.save_analysis)
        header = QHBoxLayout()
        header.setSpacing(8)
        header.addWidget(label, 1)
        header.addWidget(self.analysis_status)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(
            _note(_("Analysen sparas medan du skriver och följer med i omgångens rapport."))
        )
        layout.addWidget(self.analysis_message)
        layout.addWidget(self.analysis_edit, 1)
        return page

    # Rounds and breakdown ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the round list and show the chosen round's results (computed if needed)."""
        self._reload_rounds()
        self._load_current(force=self._dirty)

    def show_round(self, round_id: str) -> None:
        """Show the results of this round."""
        if round_id not in self._summaries:
            self._reload_rounds()
        self._select_round(round_id)
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
        summaries = rounds_service.list_rounds(self.context.db)
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

    def _select_round(self, round_id: str) -> None:
        found = self.round_combo.findData(round_id)
        if found >= 0 and found != self.round_combo.currentIndex():
            self.round_combo.blockSignals(True)
            self.round_combo.setCurrentIndex(found)
            self.round_combo.blockSignals(False)
            self.round_combo.setToolTip(self.round_combo.currentText())

    def _round_chosen(self, _index: int) -> None:
        round_id = self.current_round_id()
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
        self._switch_analysis(round_id)
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
            self._results, self._results_key, self._dirty = None, key, False
            self._set_models(None)
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
            lambda db, _progress: round_results(db, round_id, by=by),
            _("Beräknar resultat"),
            on_success=lambda results: self._computed(generation, key, results),
            on_failure=lambda exc, details: self._failed(generation, exc, details),
        )

    def _computed(
        self, generation: int, key: tuple[str, str | None], results: RoundResults
    ) -> None:
        if generation != self._generation:
            return  # the person chose another round or breakdown meanwhile
        self._results = results
        self._set_models(results)
        summary = self._summaries.get(key[0])
        self.summary.setText(self._summary_text(results, summary))
        if results.reviews == 0:
            self._show_state(_("Inga klara granskningar ännu i den här omgången."))
            return
        title = _("Andel uppfyllt per fråga")
        if key[1] is not None:
            title = _("Andel uppfyllt per fråga, alla grupper")
        target = summary.round.target_pct if summary else None
        self.chart.set_chart(bars_from_results(results), target, title)
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

    def _set_models(self, results: RoundResults | None) -> None:
        for model in (
            self.question_model,
            self.criteria_model,
            self.findings_model,
            self.numbers_model,
        ):
            model.set_results(results)
        findings = len(results.critical_findings) if results else 0
        self.tabs.setTabText(TAB_FINDINGS, _("Kri&tiska avvikelser ({n})").format(n=findings))
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
        results = self._results
        no_previous = results is None or results.previous_round_id is None
        no_target = all(r.target_pct is None for r in results.questions) if results else True
        self.question_table.setColumnHidden(results_table.PREVIOUS, no_previous)
        self.question_table.setColumnHidden(results_table.CHANGE, no_previous)
        self.question_table.setColumnHidden(results_table.TARGET, no_target)

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

    # Critical findings ------------------------------------------------------------------------

    def _open_finding(self, index: QModelIndex | None) -> None:
        row = _source_row(self.findings_table, index)
        finding = self.findings_model.finding_at(row)
        if finding is not None:
            self.context.open_review_requested.emit(finding.review_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter opens a critical finding; leaving the analysis saves it."""
        if (
            watched is self.findings_table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._open_finding(None)
            return True
        if watched is self.analysis_edit and event.type() == QEvent.Type.FocusOut:
            self.save_analysis()
        return super().eventFilter(watched, event)

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
            result = self.question_model.result_at(_source_row(self.question_table))
            if result is not None:
                question_id = result.question.id
                description = _("Åtgärden gäller fråga {id}: {text}").format(
                    id=result.question.id, text=result.question.text
                )
        elif tab == TAB_FINDINGS:
            finding = self.findings_model.finding_at(_source_row(self.findings_table))
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

    # Analysis ---------------------------------------------------------------------------------

    def _switch_analysis(self, round_id: str) -> None:
        if round_id == self._analysis_round:
            return
        if self._analysis_dirty and not self.save_analysis():
            self.message.show_error(
                _("Analysen för den förra omgången sparades inte: {reason}").format(
                    reason=self.analysis_message.text()
                )
            )
        self._analysis_round = round_id
        self._analysis_dirty = False
        self.analysis_timer.stop()
        self.analysis_message.clear_message()
        self.analysis_status.clear()
        text = rounds_service.get_round(self.context.db, round_id).analysis if round_id else ""
        self._loading_analysis = True
        self.analysis_edit.setPlainText(text)
        self._loading_analysis = False
        self.analysis_edit.setEnabled(bool(round_id))

    def _analysis_edited(self) -> None:
        if self._loading_analysis or not self._analysis_round:
            return
        self._analysis_dirty = True
        self.analysis_status.setStyleSheet(UNSAVED_STYLE)
        self.analysis_status.setText(_("Ändrat – sparas strax"))
        self.analysis_timer.start()

    def save_analysis(self) -> bool:
        """Save the analysis if it changed; a refused text (a personnummer) is explained and
        not saved. Returns whether everything is saved."""
        self.analysis_timer.stop()
        if not self._analysis_dirty or not self._analysis_round:
            return True
        try:
            rounds_service.save_analysis(
                self.context.db, self._analysis_round, self.analysis_edit.toPlainText()
            )
        except KvaldeskError as exc:
            self.analysis_message.show_exception(exc)
            self.analysis_status.setStyleSheet(UNSAVED_STYLE)
            self.analysis_status.setText(_("Inte sparat"))
            return False
        self._analysis_dirty = False
        self.analysis_message.clear_message()
        self.analysis_status.setStyleSheet(SAVED_STYLE)
        self.analysis_status.setText(_("Sparat"))
        self._own_change = True
        try:
            self.context.notify("rounds")
        finally:
            self._own_change = False
        return True

    def hideEvent(self, event: QHideEvent) -> None:
        """Save the analysis when the view is left."""
        self.save_analysis()
        super().hideEvent(event)
