"""The review view's start page: how to start, and the cases of the selected round with the
state of my review of each; Enter or Granska starts or resumes the chosen case."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kvaldesk.domain.enums import RoundStatus
from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.services import rounds as rounds_service
from ui.context import AppContext
from ui.i18n import _
from ui.models.case_list_model import CaseListModel, CaseRow, build_case_rows
from ui.tables import setup_row_table
from ui.widgets import MARGIN, SPACING, MessageLabel, heading, make_bold


class CaseChooser(QWidget):
    """Shown when no review is open: how to start, and the cases of the selected round."""

    start_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        content = QWidget()
        content.setMaximumWidth(880)
        outer.addWidget(content, 1)
        outer.addStretch(0)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        self.title = heading(_("Granska"))
        layout.addWidget(self.title)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.round_label = make_bold(QLabel())
        self.round_label.setWordWrap(True)
        layout.addWidget(self.round_label)
        self.cases_label = QLabel(_("Ä&renden i omgången:"))
        layout.addWidget(self.cases_label)
        self.model = CaseListModel(self)
        self.table = setup_row_table(QTableView(), _("Ärenden i omgången"))
        self.table.setModel(self.model)
        self.table.setToolTip(_("Välj ett ärende och tryck Enter för att granska det."))
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.cases_label.setBuddy(self.table)
        self.table.activated.connect(lambda _index: self._start())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.start_button = QPushButton(_("&Granska"))
        self.start_button.setAccessibleName(_("Granska valt ärende"))
        self.start_button.setToolTip(_("Börja eller fortsätt granska det valda ärendet (Enter)."))
        self.start_button.setAutoDefault(True)
        self.start_button.setMinimumHeight(34)
        self.start_button.clicked.connect(self._start)
        row.addWidget(self.start_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.spacer = QWidget()
        layout.addWidget(self.spacer, 1)

    def show_round(self, context: AppContext, round_id: str) -> None:
        """Show the cases of this round with my review of each ("": only the explanation)."""
        try:
            round_ = rounds_service.get_round(context.db, round_id) if round_id else None
            reviewer = context.settings().reviewer_name
            rows = build_case_rows(context.db, round_id, reviewer) if round_ else []
        except KvaldeskError:
            round_, rows = None, []
        if round_ is None:
            self.show_cases(None, [], False)
        else:
            self.show_cases(round_.name, rows, round_.status is RoundStatus.OPEN)

    def show_cases(self, round_name: str | None, rows: list[CaseRow], round_open: bool) -> None:
        """Show the cases of a round, or only the explanation when ``round_name`` is None."""
        self.message.clear_message()
        self.model.set_rows(rows)
        listed = round_name is not None and bool(rows)
        for widget in (self.cases_label, self.table, self.start_button):
            widget.setVisible(listed)
        self.spacer.setVisible(not listed)
        self.round_label.setVisible(round_name is not None)
        if round_name is None:
            self.title.setText(_("Ingen granskning är öppen"))
            self.intro.setText(
                _(
                    "Välj ett ärende under Granskningar och tryck Granska. Då öppnas ärendet här "
                    "och du får frågorna en i taget.\n\nNär du har valt en omgång under "
                    "Granskningar visas omgångens ärenden också på den här sidan."
                )
            )
            return
        self.title.setText(_("Granska"))
        self.round_label.setText(_("Omgång: {name}").format(name=round_name))
        if not rows:
            self.intro.setText(
                _("Omgången har inga ärenden ännu. Lägg till ärenden under Granskningar.")
            )
        elif not round_open:
            self.intro.setText(
                _("Omgången är stängd. Du kan läsa dina granskningar men inte ändra dem.")
            )
        else:
            self.intro.setText(
                _(
                    "Välj ett ärende och tryck Enter eller Granska. En påbörjad granskning "
                    "fortsätter där du slutade; allt du svarar sparas direkt."
                )
            )
        if rows:
            self.table.selectRow(0)

    def selected_case_id(self) -> str | None:
        """The case id of the selected row, if any."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        value = self.model.data(index, CaseListModel.CASE_ID_ROLE)
        return str(value) if value else None

    def _start(self) -> None:
        case_id = self.selected_case_id()
        if case_id is None:
            self.message.show_error(_("Välj ett ärende i listan först."))
            return
        self.start_requested.emit(case_id)
