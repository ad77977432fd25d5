"""The lower half of Granskningar: the selected round's cases with the state of my review, the
other reviewers' reviews and the double review of each, the buttons that start a review, add
cases, draw a sample or mark double reviews, and a search that filters the list."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from kvaldesk.domain.enums import ReviewStatus, RoundStatus
from kvaldesk.services import reviews as reviews_service
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services.reviews import ReviewProgress
from kvaldesk.services.rounds import RoundSummary
from ui.context import AppContext
from ui.i18n import _
from ui.models import cases_table_model as cases_columns
from ui.models.base import SORT_ROLE, PreparedRows, SortingProxy
from ui.models.cases_table_model import CaseRow, CasesTableModel, build_case_rows
from ui.models.double_state import load_double_states
from ui.tables import ActivatingTable
from ui.widgets import HINT_STYLE, MessageLabel, action_button, make_bold, note

#: A round's case rows: as loaded, or already sorted for the table.
CaseRows = list[CaseRow] | PreparedRows[CaseRow]

#: My unfinished reviews whose progress ("Pågår 5 av 12") is worked out on a refresh; beyond
#: this the list says only how many answers there are, so a refresh stays quick.
MAX_PROGRESS = 40


class RoundCasesPane(QWidget):
    """The cases of one round (see :meth:`show_round`). The buttons run the actions given,
    which the table also offers in its context menu."""

    def __init__(
        self,
        context: AppContext,
        review_action: QAction,
        add_case_action: QAction,
        paste_action: QAction,
        import_action: QAction,
        sample_action: QAction,
        double_menu: QMenu,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._shown_round_id = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        self.cases_label = make_bold(QLabel())
        self.cases_label.setWordWrap(True)
        layout.addWidget(self.cases_label)
        self.closed_hint = note(
            _(
                "Omgången är stängd. Du kan öppna dina granskningar, men för att lägga till "
                "ärenden eller börja nya granskningar behöver omgången öppnas igen."
            ),
            HINT_STYLE,
        )
        layout.addWidget(self.closed_hint)

        case_bar = QHBoxLayout()
        case_bar.setSpacing(8)
        self.review_button = action_button(
            review_action,
            _("Granska det valda ärendet"),
            _("Börja eller fortsätt granska det valda ärendet (Enter)"),
        )
        self.add_case_button = action_button(add_case_action, _("Lägg till ett ärende"))
        self.paste_button = action_button(paste_action, _("Klistra in flera ärenden"))
        self.import_button = action_button(
            import_action,
            _("Importera kalkylblad med granskningar"),
            _("Läs in granskningar från Excel eller CSV, en rad per granskat ärende"),
        )
        self.sample_button = action_button(
            sample_action,
            _("Dra ett slumpmässigt urval av ärenden"),
            _("Välj ärenden slumpmässigt ur en lista och lägg till dem i omgången"),
        )
        self.double_button = QPushButton(_("&Dubbelgranskning"))
        self.double_button.setAccessibleName(_("Dubbelgranskning och samsyn"))
        self.double_button.setToolTip(
            _(
                "Markera ärenden för oberoende dubbelgranskning, och kom överens om svaren "
                "(samsyn) när båda granskningarna är klara"
            )
        )
        self.double_button.setMenu(double_menu)
        for button in (
            self.review_button,
            self.add_case_button,
            self.paste_button,
            self.import_button,
            self.sample_button,
            self.double_button,
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
        layout.addLayout(case_bar)

        self.case_message = MessageLabel()
        layout.addWidget(self.case_message)
        self.no_cases_hint = note(
            _(
                "Omgången har inga ärenden ännu. Lägg till dem ett i taget, klistra in en lista "
                "med ärendereferenser, eller importera ett kalkylblad med färdiga granskningar."
            ),
            HINT_STYLE,
        )
        layout.addWidget(self.no_cases_hint)

        self.cases_model = CasesTableModel(self)
        self.cases_proxy = SortingProxy(self)
        self.cases_proxy.setSourceModel(self.cases_model)
        self.cases_proxy.setSortRole(SORT_ROLE)
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
            (cases_columns.MINE, 150),
            (cases_columns.REVIEWS, 95),
            (cases_columns.DOUBLE, 190),
        ):
            self.cases_table.setColumnWidth(column, width)
        for action in (review_action, add_case_action, paste_action, import_action):
            self.cases_table.addAction(action)
        separator = QAction(self)
        separator.setSeparator(True)
        self.cases_table.addAction(separator)
        self.cases_table.addActions(double_menu.actions())
        layout.addWidget(self.cases_table, 1)
        self.search.textChanged.connect(self.cases_proxy.setFilterFixedString)

    def show_round(self, summary: RoundSummary | None, rows: CaseRows | None = None) -> None:
        """Show the cases of this round (None: no round), keeping the selected case when the
        round is the one already shown. ``rows`` are the round's case rows when they were
        already loaded (in the background, :func:`load_case_rows`, and sorted there with
        ``cases_model.prepare_rows``)."""
        previous = self.selected_case()
        keep = (
            previous.case.id
            if previous and summary and summary.round.id == self._shown_round_id
            else ""
        )
        if summary is not None:
            if rows is None:
                rows = load_case_rows(
                    self.context.db, summary.round.id, self.context.settings().reviewer_name
                )
            name = summary.round.name.replace("&", "&&")
            self.cases_label.setText(_("&Ärenden i {round}").format(round=name))
        else:
            rows = []
            self.cases_label.setText(_("&Ärenden"))
        self._shown_round_id = summary.round.id if summary else ""
        self.cases_model.set_rows(rows)
        if keep:
            self.select_case(keep)
        closed = summary is not None and summary.round.status is RoundStatus.CLOSED
        self.closed_hint.setVisible(closed)
        self.no_cases_hint.setVisible(summary is not None and not rows and not closed)

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

    def focus_cases(self) -> None:
        """Move the focus to the cases (selecting the first when none is)."""
        self.cases_table.setFocus()
        if not self.cases_table.currentIndex().isValid() and self.cases_proxy.rowCount():
            self.cases_table.selectRow(0)

    def focus_search(self) -> None:
        """Move the focus to the search field, its text selected."""
        self.search.setFocus()
        self.search.selectAll()


def load_case_rows(db: Database, round_id: str, me: str) -> list[CaseRow]:
    """The rows of the cases table of a round for reviewer ``me`` (any thread's connection)."""
    cases = rounds_service.list_cases(db, round_id)
    reviews = reviews_service.list_reviews(db, round_id)
    progress: dict[str, ReviewProgress] = {}
    drafts = [
        str(r["id"])
        for r in reviews
        if r.get("reviewer") == me and r.get("status") != ReviewStatus.COMPLETE.value
    ]
    for review_id in drafts[:MAX_PROGRESS]:
        progress[review_id] = reviews_service.review_progress(db, review_id)
    doubles = {d.case.id: d for d in load_double_states(db, round_id)}
    return build_case_rows(cases, reviews, me, progress, doubles)
