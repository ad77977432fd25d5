"""Granskningar: the rounds, the selected round's cases, and the ways to add cases and start
reviewing. The first thing people see."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kvaldesk.domain.enums import ReviewStatus, RoundStatus
from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.services import reviews as reviews_service
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services.reviews import ReviewProgress
from kvaldesk.services.rounds import RoundSummary
from ui.context import AppContext
from ui.dialogs.paste_cases_dialog import AddCaseDialog, PasteCasesDialog
from ui.dialogs.round_dialog import RoundDialog
from ui.dialogs.sheet_import_dialog import SheetImportDialog
from ui.errors import show_error
from ui.i18n import _
from ui.models import cases_table_model as cases_columns
from ui.models import rounds_table_model as rounds_columns
from ui.models.cases_table_model import CaseRow, CasesTableModel, build_case_rows
from ui.models.rounds_table_model import RoundsTableModel
from ui.ui_state import remember_splitter
from ui.widgets import MessageLabel, heading

#: What makes this view reload when it changes.
WATCHED = frozenset({"rounds", "cases", "reviews", "templates", "settings"})

#: My unfinished reviews whose progress ("Pågår 5 av 12") is worked out on a refresh; beyond
#: this the list says only how many answers there are, so a refresh stays quick.
MAX_PROGRESS = 40

HINT_STYLE = "color: #3d4852;"
PRIMARY_STYLE = (
    "QPushButton { background: #1f5f8b; color: white; border: 2px solid #1f5f8b; "
    "border-radius: 5px; padding: 10px 28px; font-size: 12pt; font-weight: bold; }"
    "QPushButton:hover { background: #174a6d; }"
    "QPushButton:focus { border: 2px solid #0b2a40; }"
)


class ActivatingTable(QTableView):
    """A read-only table with row selection that says when Enter is pressed on a row."""

    enter_pressed = Signal()
    resized = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setHighlightSections(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter or Return on a row emits enter_pressed."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enter_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        """Say so when the visible area changes size (also when a scroll bar comes or goes),
        so the columns can be fitted."""
        if event.type() == QEvent.Type.Resize:
            self.resized.emit()
        return super().viewportEvent(event)


class RoundsView(QWidget):
    """Granskningar: rounds on top, the selected round's cases below."""

    view_name = "rounds"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dialog: QDialog | None = None
        self._stale = True
        self._restoring = False
        self._shown_round_id = ""

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 16, 16, 12)
        outer.setSpacing(8)
        outer.addWidget(heading(_("Granskningar")))

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
            _("Sök ärende"), self._focus_search, QKeySequence(QKeySequence.StandardKey.Find)
        )

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_empty_page())
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

    def _button(self, action: QAction, accessible: str, tip: str = "") -> QPushButton:
        """A push button that runs ``action`` and follows its text and enabled state."""
        button = QPushButton(action.text())
        button.setAccessibleName(accessible)
        if tip:
            button.setToolTip(tip)
        button.clicked.connect(action.trigger)

        def follow() -> None:
            button.setText(action.text())
            button.setEnabled(action.isEnabled())

        action.changed.connect(follow)
        return button

    def _build_empty_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 40, 24, 24)
        layout.setSpacing(12)
        layout.addStretch(1)
        title = heading(_("Här finns inga granskningsomgångar ännu"), 4)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(title)
        text = QLabel(
            _(
                "En granskningsomgång samlar en mall, en period och de ärenden ni ska granska. "
                "Skapa den första omgången, lägg till ärendena och börja granska – eller läs in "
                "granskningar ni redan har gjort i Excel."
            )
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        text.setFixedWidth(560)
        text.setStyleSheet(HINT_STYLE)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(text)
        row.addStretch(1)
        layout.addLayout(row)
        self.empty_new_button = self._button(
            self.new_action, _("Ny granskning"), _("Skapa en granskningsomgång (Ctrl+N)")
        )
        self.empty_new_button.setStyleSheet(PRIMARY_STYLE)
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        button_row.addWidget(self.empty_new_button)
        button_row.addStretch(1)
        layout.addSpacing(8)
        layout.addLayout(button_row)
        shortcut = QLabel(_("Kortkommando: Ctrl+N"))
        shortcut.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        shortcut.setStyleSheet("color: #5f6b76;")
        layout.addWidget(shortcut)
        layout.addStretch(2)
        return page

    def _build_content_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)

        toolbar = QHBoxLayout()
        toolbar.setSpacing(8)
        self.new_button = self._button(
            self.new_action, _("Ny granskning"), _("Skapa en granskningsomgång (Ctrl+N)")
        )
        self.edit_button = self._button(self.edit_action, _("Redigera omgången"))
        self.status_button = self._button(
            self.status_action,
            _("Stäng eller öppna omgången"),
            _("En stängd omgång tar inte emot nya ärenden eller granskningar."),
        )
        self.results_button = self._button(self.results_action, _("Visa resultat"))
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
        rounds_label = QLabel(_("&Omgångar"))
        font = rounds_label.font()
        font.setBold(True)
        rounds_label.setFont(font)
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

        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 8, 0, 0)
        bottom_layout.setSpacing(6)
        self.cases_label = QLabel()
        self.cases_label.setFont(font)
        self.cases_label.setWordWrap(True)
        bottom_layout.addWidget(self.cases_label)
        self.closed_hint = QLabel(
            _(
                "Omgången är stängd. Du kan öppna dina granskningar, men för att lägga till "
                "ärenden eller börja nya granskningar behöver omgången öppnas igen."
            )
        )
        self.closed_hint.setWordWrap(True)
        self.closed_hint.setStyleSheet(HINT_STYLE)
        bottom_layout.addWidget(self.closed_hint)

        case_bar = QHBoxLayout()
        case_bar.setSpacing(8)
        self.review_button = self._button(
            self.review_action,
            _("Granska det valda ärendet"),
            _("Börja eller fortsätt granska det valda ärendet (Enter)"),
        )
        self.add_case_button = self._button(self.add_case_action, _("Lägg till ett ärende"))
        self.paste_button = self._button(self.paste_action, _("Klistra in flera ärenden"))
        self.import_button = self._button(
            self.import_action,
            _("Importera kalkylblad med granskningar"),
            _("Läs in granskningar från Excel eller CSV, en rad per granskat ärende"),
        )
        for button in (
            self.review_button,
            self.add_case_button,
            self.paste_button,
            self.import_button,
        ):
            case_bar.addWidget(button)
        case_bar.addStretch(1)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Sök ärende (Ctrl+F)"))
        self.search.setAccessibleName(_("Sök bland ärendena"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(180)
        self.search.setMaximumWidth(260)
        case_bar.addWidget(self.search)
        bottom_layout.addLayout(case_bar)

        self.case_message = MessageLabel()
        bottom_layout.addWidget(self.case_message)
        self.no_cases_hint = QLabel(
            _(
                "Omgången har inga ärenden ännu. Lägg till dem ett i taget, klistra in en lista "
                "med ärendereferenser, eller importera ett kalkylblad med färdiga granskningar."
            )
        )
        self.no_cases_hint.setWordWrap(True)
        self.no_cases_hint.setStyleSheet(HINT_STYLE)
        bottom_layout.addWidget(self.no_cases_hint)

        self.cases_model = CasesTableModel(self)
        self.cases_proxy = QSortFilterProxyModel(self)
        self.cases_proxy.setSourceModel(self.cases_model)
        self.cases_proxy.setSortRole(cases_columns.SORT_ROLE)
        self.cases_proxy.setFilterKeyColumn(-1)
        self.cases_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.cases_table = ActivatingTable(_("Ärenden i omgången"))
        self.cases_table.setModel(self.cases_proxy)
        self.cases_table.setSortingEnabled(True)
        self.cases_table.sortByColumn(cases_columns.REFERENCE, Qt.SortOrder.AscendingOrder)
        self.cases_label.setBuddy(self.cases_table)
        header = self.cases_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in (
            (cases_columns.REFERENCE, 180),
            (cases_columns.SUBGROUP, 120),
            (cases_columns.UNIT, 190),
            (cases_columns.MINE, 160),
        ):
            self.cases_table.setColumnWidth(column, width)
        for action in (
            self.review_action,
            self.add_case_action,
            self.paste_action,
            self.import_action,
        ):
            self.cases_table.addAction(action)
        bottom_layout.addWidget(self.cases_table, 1)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout.addWidget(self.splitter, 1)

        self.rounds_table.selectionModel().currentRowChanged.connect(self._round_row_changed)
        self.rounds_table.enter_pressed.connect(self._focus_cases)
        self.rounds_table.resized.connect(self._fit_rounds_columns)
        self.rounds_table.doubleClicked.connect(lambda _index: self.edit_round())
        self.cases_table.selectionModel().selectionChanged.connect(
            lambda _selected, _deselected: self._update_actions()
        )
        self.cases_table.enter_pressed.connect(self.review_selected_case)
        self.cases_table.doubleClicked.connect(lambda _index: self.review_selected_case())
        self.search.textChanged.connect(self.cases_proxy.setFilterFixedString)

        QWidget.setTabOrder(self.new_button, self.edit_button)
        QWidget.setTabOrder(self.edit_button, self.status_button)
        QWidget.setTabOrder(self.status_button, self.results_button)
        QWidget.setTabOrder(self.results_button, self.rounds_table)
        QWidget.setTabOrder(self.rounds_table, self.review_button)
        QWidget.setTabOrder(self.review_button, self.add_case_button)
        QWidget.setTabOrder(self.add_case_button, self.paste_button)
        QWidget.setTabOrder(self.paste_button, self.import_button)
        QWidget.setTabOrder(self.import_button, self.search)
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
        """Reload the rounds and the selected round's cases, keeping the selection."""
        self._stale = False
        summaries = rounds_service.list_rounds(self.context.db)
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
        self._load_cases()
        if round_id != self.context.current_round_id:
            self.context.round_selected.emit(round_id)

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

    def _load_cases(self) -> None:
        summary = self.selected_round()
        previous = self.selected_case()
        keep = (
            previous.case.id
            if previous and summary and summary.round.id == self._shown_round_id
            else ""
        )
        rows: list[CaseRow] = []
        if summary is not None:
            db = self.context.db
            me = self.context.settings().reviewer_name
            cases = rounds_service.list_cases(db, summary.round.id)
            reviews = reviews_service.list_reviews(db, summary.round.id)
            progress: dict[str, ReviewProgress] = {}
            drafts = [
                str(r["id"])
                for r in reviews
                if r.get("reviewer") == me and r.get("status") != ReviewStatus.COMPLETE.value
            ]
            for review_id in drafts[:MAX_PROGRESS]:
                progress[review_id] = reviews_service.review_progress(db, review_id)
            rows = build_case_rows(cases, reviews, me, progress)
            name = summary.round.name.replace("&", "&&")
            self.cases_label.setText(_("&Ärenden i {round}").format(round=name))
        else:
            self.cases_label.setText(_("&Ärenden"))
        self._shown_round_id = summary.round.id if summary else ""
        self.cases_model.set_rows(rows)
        if keep:
            source_row = self.cases_model.row_of(keep)
            if source_row >= 0:
                index = self.cases_proxy.mapFromSource(self.cases_model.index(source_row, 0))
                if index.isValid():
                    self.cases_table.setCurrentIndex(index)
                    self.cases_table.selectRow(index.row())
        closed = summary is not None and summary.round.status is RoundStatus.CLOSED
        self.closed_hint.setVisible(closed)
        self.no_cases_hint.setVisible(summary is not None and not rows and not closed)
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

    # Selection ------------------------------------------------------------------------------

    def selected_round(self) -> RoundSummary | None:
        """The round selected in the table, or None."""
        index = self.rounds_table.currentIndex()
        return self.rounds_model.summary_at(index.row()) if index.isValid() else None

    def selected_case(self) -> CaseRow | None:
        """The case selected in the table, or None."""
        index = self.cases_table.currentIndex()
        if not index.isValid() or not self.cases_table.selectionModel().isRowSelected(
            index.row(), QModelIndex()
        ):
            return None
        return self.cases_model.row_at(self.cases_proxy.mapToSource(index).row())

    def select_case(self, case_id: str) -> bool:
        """Select the case with this id in the cases table; False if it is not shown."""
        source_row = self.cases_model.row_of(case_id)
        if source_row < 0:
            return False
        index = self.cases_proxy.mapFromSource(self.cases_model.index(source_row, 0))
        if not index.isValid():
            return False
        self.cases_table.setCurrentIndex(index)
        self.cases_table.selectRow(index.row())
        return True

    def _focus_cases(self) -> None:
        self.cases_table.setFocus()
        if not self.cases_table.currentIndex().isValid() and self.cases_proxy.rowCount():
            self.cases_table.selectRow(0)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # Actions --------------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        """Show a dialog without blocking (window-modal); it is deleted when closed."""
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def new_round(self) -> RoundDialog:
        """Open the Ny granskning dialog; the new round is selected when it is saved."""
        dialog = RoundDialog(self.context, parent=self)
        dialog.accepted.connect(lambda: self._round_saved(dialog))
        self._open(dialog)
        return dialog

    def edit_round(self) -> RoundDialog | None:
        """Open the selected round in the round dialog."""
        summary = self.selected_round()
        if summary is None:
            return None
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
        dialog = SheetImportDialog(self.context, summary.round.id, parent=self)
        self._open(dialog)
        return dialog
