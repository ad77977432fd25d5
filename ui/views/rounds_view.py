"""Granskningar: the rounds, the selected round's cases, and the ways to add cases and start
reviewing. The first thing people see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from kvaldesk.domain.enums import RoundStatus
from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.services import reviews as reviews_service
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services.rounds import RoundSummary
from ui.context import AppContext
from ui.errors import show_error
from ui.i18n import _
from ui.models import rounds_table_model as rounds_columns
from ui.models.cases_table_model import CaseRow
from ui.models.rounds_table_model import RoundsTableModel
from ui.tables import ActivatingTable
from ui.ui_state import remember_splitter
from ui.views.round_case_tools import RoundCaseTools
from ui.views.round_cases_pane import CaseRows, RoundCasesPane, load_case_rows
from ui.views.rounds_empty_page import NoRoundsPage
from ui.widgets import action_button, make_bold, titled_layout

if TYPE_CHECKING:
    # The dialogs are imported when opened (the rounds view is made before the first paint).
    from ui.dialogs.paste_cases_dialog import AddCaseDialog, PasteCasesDialog
    from ui.dialogs.round_dialog import RoundDialog
    from ui.dialogs.sheet_import_dialog import SheetImportDialog

#: What makes this view reload when it changes.
WATCHED = frozenset({"rounds", "cases", "reviews", "templates", "settings"})


class RoundsView(QWidget):
    """Granskningar: rounds on top, the selected round's cases below."""

    view_name = "rounds"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dialog: QDialog | None = None
        self._stale = True
        self._restoring = False
        self._loading = False
        self._reload_again = False

        outer = titled_layout(self, _("Granskningar"), (16, 16, 16, 12))

        self.new_action = self._action(
            _("&Ny granskning…"), self.new_round, QKeySequence(QKeySequence.StandardKey.New)
        )
        self.edit_action = self._action(_("R&edigera omgången…"), self.edit_round)
        self.status_action = self._action(_("S&täng omgången"), self.toggle_status)
        self.results_action = self._action(_("Visa &resultat"), self.show_results)
        self.review_action = self._action(_("&Granska ärendet"), self.review_selected_case)
        self.add_case_action = self._action(_("&Lägg till ärende…"), self.add_case)
        self.paste_action = self._action(_("&Klistra in ärenden…"), self.paste_cases)
        self.import_action = self._action(_("&Importera kalkylblad…"), self.import_sheet)
        self.find_action = self._action(
            _("Sök ärende"),
            lambda: self.cases_pane.focus_search(),
            QKeySequence(QKeySequence.StandardKey.Find),
        )

        self.case_tools = RoundCaseTools(
            context, self.selected_round, self.selected_case, self._open, self
        )

        self.pages = QStackedWidget()
        self.empty_page = NoRoundsPage(self.new_action)
        self.empty_new_button = self.empty_page.new_button
        self.pages.addWidget(self.empty_page)
        self.pages.addWidget(self._build_content_page())
        outer.addWidget(self.pages, 1)

        context.data_changed.connect(self._data_changed)
        context.round_selected.connect(self._round_selected_elsewhere)
        self.refresh()

    # Building -------------------------------------------------------------------------------

    def _action(self, text: str, slot: object, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
            # Active while the view is shown (hidden views do not take shortcuts).
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.addAction(action)
        return action

    def _build_content_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)

        toolbar = QHBoxLayout()
        toolbar.setSpacing(8)
        self.new_button = action_button(
            self.new_action, _("Ny granskning"), _("Skapa en granskningsomgång (Ctrl+N)")
        )
        self.edit_button = action_button(self.edit_action, _("Redigera omgången"))
        self.status_button = action_button(
            self.status_action,
            _("Stäng eller öppna omgången"),
            _("En stängd omgång tar inte emot nya ärenden eller granskningar."),
        )
        self.results_button = action_button(self.results_action, _("Visa resultat"))
        for button in (self.new_button, self.edit_button, self.status_button, self.results_button):
            toolbar.addWidget(button)
        toolbar.addStretch(1)
        layout.addLayout(toolbar)

        self.splitter = remember_splitter(QSplitter(Qt.Orientation.Vertical), "rounds-view")
        self.splitter.setChildrenCollapsible(False)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 4, 0, 4)
        top_layout.setSpacing(6)
        rounds_label = make_bold(QLabel(_("&Omgångar")))
        top_layout.addWidget(rounds_label)
        self.rounds_model = RoundsTableModel(self)
        self.rounds_table = ActivatingTable(_("Granskningsomgångar"))
        self.rounds_table.setModel(self.rounds_model)
        rounds_label.setBuddy(self.rounds_table)
        self._size_rounds_columns()
        for action in (self.new_action, self.edit_action, self.status_action, self.results_action):
            self.rounds_table.addAction(action)
        top_layout.addWidget(self.rounds_table)
        self.splitter.addWidget(top)

        self.cases_pane = RoundCasesPane(
            self.context,
            self.review_action,
            self.add_case_action,
            self.paste_action,
            self.import_action,
            self.case_tools.sample_action,
            self.case_tools.menu,
        )
        self.case_tools.message = self.cases_pane.case_message
        # The parts the behaviour below (and the tests) work with.
        pane = self.cases_pane
        self.cases_label, self.closed_hint = pane.cases_label, pane.closed_hint
        self.no_cases_hint, self.case_message = pane.no_cases_hint, pane.case_message
        self.review_button, self.add_case_button = pane.review_button, pane.add_case_button
        self.paste_button, self.import_button = pane.paste_button, pane.import_button
        self.search, self.cases_table = pane.search, pane.cases_table
        self.cases_model, self.cases_proxy = pane.cases_model, pane.cases_proxy
        self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout.addWidget(self.splitter, 1)

        self.rounds_table.selectionModel().currentRowChanged.connect(self._round_row_changed)
        self.rounds_table.enter_pressed.connect(self.cases_pane.focus_cases)
        self.rounds_table.resized.connect(self._fit_rounds_columns)
        self.rounds_table.doubleClicked.connect(lambda _index: self.edit_round())
        self.cases_table.selectionModel().selectionChanged.connect(
            lambda _selected, _deselected: self._update_actions()
        )
        self.cases_table.enter_pressed.connect(self.review_selected_case)
        self.cases_table.doubleClicked.connect(lambda _index: self.review_selected_case())

        QWidget.setTabOrder(self.new_button, self.edit_button)
        QWidget.setTabOrder(self.edit_button, self.status_button)
        QWidget.setTabOrder(self.status_button, self.results_button)
        QWidget.setTabOrder(self.results_button, self.rounds_table)
        QWidget.setTabOrder(self.rounds_table, self.review_button)
        QWidget.setTabOrder(self.review_button, self.add_case_button)
        QWidget.setTabOrder(self.add_case_button, self.paste_button)
        QWidget.setTabOrder(self.paste_button, self.import_button)
        QWidget.setTabOrder(self.import_button, pane.sample_button)
        QWidget.setTabOrder(pane.sample_button, pane.double_button)
        QWidget.setTabOrder(pane.double_button, self.search)
        QWidget.setTabOrder(self.search, self.cases_table)
        return page

    #: Widths of the rounds table's short columns; Namn and Mall share the rest.
    ROUND_COLUMN_WIDTHS = (
        (rounds_columns.UNIT, 150),
        (rounds_columns.PERIOD, 168),
        (rounds_columns.TARGET, 56),
        (rounds_columns.CASES, 70),
        (rounds_columns.COMPLETE, 132),
        (rounds_columns.STATUS, 70),
    )

    def _size_rounds_columns(self) -> None:
        header = self.rounds_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(50)
        header.setStretchLastSection(False)
        for column, width in self.ROUND_COLUMN_WIDTHS:
            self.rounds_table.setColumnWidth(column, width)
        self._fit_rounds_columns()

    def _fit_rounds_columns(self) -> None:
        """Give Namn (60 %) and Mall the width the short columns leave, so the table fits
        without scrolling sideways (below 1100 pixels it scrolls rather than squeeze)."""
        fixed = sum(self.rounds_table.columnWidth(c) for c, _w in self.ROUND_COLUMN_WIDTHS)
        free = max(self.rounds_table.viewport().width() - fixed, 2 * 130)
        name = max(int(free * 0.6), 130)
        self.rounds_table.setColumnWidth(rounds_columns.NAME, name)
        self.rounds_table.setColumnWidth(rounds_columns.TEMPLATE, max(free - name, 130))

    # Loading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the rounds and the selected round's cases, keeping the selection.

        The lists are read in the background (ui/tasks.py), so the window paints and stays
        responsive with a large database; a refresh asked for while one is loading runs once
        more when it is done, so a burst of changes (an import) costs one more reload.
        """
        self._stale = False
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        wanted = self.context.current_round_id
        me = self.context.settings().reviewer_name
        changes = self.context.round_list_changes()

        def job(db: Database, _progress: object) -> tuple[list[RoundSummary], str, CaseRows]:
            summaries = rounds_service.list_rounds(db)
            shown = next((s for s in summaries if s.round.id == wanted), None)
            shown = shown or (summaries[0] if summaries else None)
            if shown is None:
                return summaries, "", []
            rows = load_case_rows(db, shown.round.id, me)
            return summaries, shown.round.id, self.cases_pane.cases_model.prepare_rows(rows)

        def loaded(result: tuple[list[RoundSummary], str, CaseRows]) -> None:
            self.context.keep_round_list(result[0], changes)
            self._loaded(result)

        self.context.tasks.run(job, on_success=loaded, on_failure=self._load_failed)

    def _load_failed(self, exc: BaseException, details: str) -> None:
        self._loading = False
        self._reload_again = False
        show_error(self, exc, details)

    def _loaded(self, loaded: tuple[list[RoundSummary], str, CaseRows]) -> None:
        summaries, loaded_round_id, case_rows = loaded
        self._loading = False
        self.pages.setCurrentIndex(1 if summaries else 0)
        self._restoring = True
        try:
            self.rounds_model.set_rows(summaries)
            row = self.rounds_model.row_of(self.context.current_round_id)
            if row < 0 and summaries:
                row = 0
            if row >= 0:
                self.rounds_table.selectRow(row)
                self.rounds_table.setCurrentIndex(self.rounds_model.index(row, 0))
        finally:
            self._restoring = False
        selected = self.selected_round()
        round_id = selected.round.id if selected else ""
        # The cases were loaded for the round that was to be selected; if another one is
        # selected by now, they are read again.
        self._load_cases(case_rows if round_id == loaded_round_id else None)
        if round_id != self.context.current_round_id:
            self.context.round_selected.emit(round_id)
        if self._reload_again:
            self._reload_again = False
            self.refresh()

    def _data_changed(self, what: str) -> None:
        if what not in WATCHED:
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with changes made while the view was hidden."""
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _round_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring:
            return
        summary = self.rounds_model.summary_at(current.row()) if current.isValid() else None
        round_id = summary.round.id if summary else ""
        self.case_message.clear_message()
        self._load_cases()
        if round_id != self.context.current_round_id:
            self.context.round_selected.emit(round_id)

    def _round_selected_elsewhere(self, round_id: str) -> None:
        selected = self.selected_round()
        if (selected.round.id if selected else "") == round_id:
            return
        row = self.rounds_model.row_of(round_id)
        if row >= 0:
            self.rounds_table.selectRow(row)

    def _load_cases(self, rows: CaseRows | None = None) -> None:
        self.cases_pane.show_round(self.selected_round(), rows)
        self._update_actions()

    def _update_actions(self) -> None:
        summary = self.selected_round()
        has_round = summary is not None
        is_open = has_round and summary.round.status is RoundStatus.OPEN  # type: ignore[union-attr]
        self.edit_action.setEnabled(has_round)
        self.results_action.setEnabled(has_round)
        self.status_action.setEnabled(has_round)
        self.status_action.setText(
            _("S&täng omgången") if is_open or not has_round else _("&Öppna omgången igen")
        )
        self.review_action.setEnabled(self.selected_case() is not None)
        for action in (self.add_case_action, self.paste_action, self.import_action):
            action.setEnabled(bool(is_open))
        self.find_action.setEnabled(has_round)
        self.case_tools.update_actions()

    # Selection ------------------------------------------------------------------------------

    def selected_round(self) -> RoundSummary | None:
        """The round selected in the table, or None."""
        index = self.rounds_table.currentIndex()
        return self.rounds_model.summary_at(index.row()) if index.isValid() else None

    def selected_case(self) -> CaseRow | None:
        """The case selected in the table, or None."""
        return self.cases_pane.selected_case()

    def select_case(self, case_id: str) -> bool:
        """Select the case with this id in the cases table; False if it is not shown."""
        return self.cases_pane.select_case(case_id)

    # Actions --------------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        """Show a dialog without blocking (window-modal); it is deleted when closed."""
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def new_round(self) -> RoundDialog:
        """Open the Ny granskning dialog; the new round is selected when it is saved."""
        from ui.dialogs.round_dialog import RoundDialog

        dialog = RoundDialog(self.context, parent=self)
        dialog.accepted.connect(lambda: self._round_saved(dialog))
        self._open(dialog)
        return dialog

    def edit_round(self) -> RoundDialog | None:
        """Open the selected round in the round dialog."""
        summary = self.selected_round()
        if summary is None:
            return None
        from ui.dialogs.round_dialog import RoundDialog

        dialog = RoundDialog(
            self.context, summary.round, has_reviews=summary.reviews > 0, parent=self
        )
        dialog.accepted.connect(lambda: self._round_saved(dialog))
        self._open(dialog)
        return dialog

    def _round_saved(self, dialog: RoundDialog) -> None:
        if dialog.saved is None:
            return
        self.context.round_selected.emit(dialog.saved.id)
        self.refresh()
        self.context.status_message.emit(
            _("Omgången {name} är sparad.").format(name=dialog.saved.name)
        )

    def toggle_status(self) -> None:
        """Close an open round, or open a closed one again."""
        summary = self.selected_round()
        if summary is None:
            return
        closing = summary.round.status is RoundStatus.OPEN
        try:
            rounds_service.set_round_status(
                self.context.db,
                summary.round.id,
                RoundStatus.CLOSED if closing else RoundStatus.OPEN,
            )
        except KvaldeskError as exc:
            show_error(self, exc)
            return
        self.context.notify("rounds")
        if not self.isVisible():
            self.refresh()
        message = (
            _("Omgången {name} är stängd.") if closing else _("Omgången {name} är öppen igen.")
        )
        self.context.status_message.emit(message.format(name=summary.round.name))

    def show_results(self) -> None:
        """Show the selected round's results."""
        summary = self.selected_round()
        if summary is not None:
            self.context.show_results_requested.emit(summary.round.id)

    def review_selected_case(self) -> None:
        """Start or resume my review of the selected case and open it."""
        row = self.selected_case()
        if row is None:
            self.case_message.show_error(_("Välj först ett ärende i listan."))
            return
        self.case_message.clear_message()
        try:
            review = reviews_service.start_review(self.context.db, row.case.id)
        except KvaldeskError as exc:
            self.case_message.show_exception(exc)
            return
        if row.mine is None:
            self.context.notify("reviews")
        self.context.open_review_requested.emit(review.id)

    def add_case(self) -> AddCaseDialog | None:
        """Open the Lägg till ärende dialog for the selected round."""
        summary = self.selected_round()
        if summary is None:
            return None
        from ui.dialogs.paste_cases_dialog import AddCaseDialog

        dialog = AddCaseDialog(self.context, summary.round.id, parent=self)
        dialog.accepted.connect(
            lambda: self._cases_added([dialog.added.id] if dialog.added else [])
        )
        self._open(dialog)
        return dialog

    def paste_cases(self) -> PasteCasesDialog | None:
        """Open the Klistra in ärenden dialog for the selected round."""
        summary = self.selected_round()
        if summary is None:
            return None
        from ui.dialogs.paste_cases_dialog import PasteCasesDialog

        dialog = PasteCasesDialog(self.context, summary.round.id, parent=self)
        dialog.accepted.connect(lambda: self._cases_added([c.id for c in dialog.added]))
        self._open(dialog)
        return dialog

    def _cases_added(self, case_ids: list[str]) -> None:
        self.refresh()
        if case_ids:
            self.select_case(case_ids[0])

    def import_sheet(self) -> SheetImportDialog | None:
        """Open the Importera kalkylblad dialog for the selected round."""
        summary = self.selected_round()
        if summary is None:
            return None
        from ui.dialogs.sheet_import_dialog import SheetImportDialog

        dialog = SheetImportDialog(self.context, summary.round.id, parent=self)
        self._open(dialog)
        return dialog
