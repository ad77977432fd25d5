"""Shared table views: one setup for read-only lists of rows, and the variants built on it."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


def setup_row_table(table: QTableView, name: str, *, single_selection: bool = True) -> QTableView:
    """Make ``table`` a read-only list of rows: whole rows are selected, nothing is edited in
    place, rows alternate in colour and have no numbers. With ``single_selection`` one row is
    selected at a time and Tab moves on to the next control (arrow keys move in the table)."""
    table.setAccessibleName(name)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single_selection:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setTabKeyNavigation(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    return table


def stretch_table(model: QAbstractItemModel, name: str, stretch: int) -> QTableView:
    """A read-only table of wrapped rows (several may be selected, to copy them) whose column
    ``stretch`` takes the width the others leave; the others can be resized by hand."""
    table = setup_row_table(QTableView(), name, single_selection=False)
    table.setModel(model)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setHighlightSections(False)
    return table


class ActivatingTable(QTableView):
    """A read-only table with row selection that says when Enter is pressed on a row."""

    enter_pressed = Signal()
    resized = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        setup_row_table(self, name)
        self.setWordWrap(False)
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
