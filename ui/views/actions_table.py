"""The table of the actions view: sortable, one row selected at a time, and columns that share
the width (the action's text takes what is left) until the person drags one."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from kvaldesk.services.actions import ActionRow
from ui.i18n import _
from ui.models.actions_table_model import (
    DUE,
    OWNER,
    QUESTION,
    ROUND,
    STATUS,
    TEXT,
    ActionsTableModel,
)
from ui.models.base import SORT_ROLE, SortingProxy
from ui.tables import setup_row_table
from ui.views.table_sizing import WidthFollower


class ActionsTable(QTableView):
    """The actions in ``actions_model``, shown sorted through ``proxy``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actions_model = ActionsTableModel(self)
        self.proxy = SortingProxy(self)
        self.proxy.setSourceModel(self.actions_model)
        self.proxy.setSortRole(SORT_ROLE)
        setup_row_table(self, _("Åtgärder"))
        self.setModel(self.proxy)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        header.setHighlightSections(False)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        for column in (ROUND, QUESTION, OWNER, DUE, STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(60)
        # Columns follow the window's width until the user drags one.
        self.column_widths = WidthFollower(self, self._column_widths, TEXT)
        self.column_widths.fit()

    def _column_widths(self) -> dict[int, int]:
        """Share the width: the action text gets the rest after the other columns."""
        width = max(self.viewport().width(), 700)
        return {
            ROUND: max(110, int(width * 0.16)),
            # With one round chosen its column is hidden; the question gets that room.
            QUESTION: max(110, int(width * (0.32 if self.isColumnHidden(ROUND) else 0.19))),
            OWNER: max(90, int(width * 0.12)),
            DUE: 100,
            STATUS: 150,
        }

    def selected_row(self) -> ActionRow | None:
        """The selected action with its round name and overdue flag, or None."""
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        return self.actions_model.row_at(self.proxy.mapToSource(rows[0]).row())

    def select_action(self, action_id: str) -> bool:
        """Select the row of this action if it is shown."""
        row = self.actions_model.row_of(action_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.actions_model.index(row, 0))
        self.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.scrollTo(index)
        return True
