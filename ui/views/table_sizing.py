"""Column sizing: tables whose columns are as wide as their contents with the text column taking
the width that is left (the results view), and columns that follow the table's width until the
person sizes one by hand (the actions view)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QHeaderView, QTableView

from ui.models.base import SORT_ROLE, SortingProxy
from ui.tables import setup_row_table

#: Column widths from the first rows only: fast also for hundreds of findings.
RESIZE_PRECISION = 100
#: A little air around each cell, so wrapped question texts are easy to read.
TABLE_STYLE = "QTableView::item { padding-top: 3px; padding-bottom: 3px; }"


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
        #: New rows came while the table was hidden: it is sized when it is shown.
        self._pending = False
        #: The text column's width and row count the row heights were measured for.
        self._rows_measured: tuple[int, int] | None = None
        # Wrapped rows are measured once per turn of the event loop, after the widths have
        # settled: measuring every cell at each of the several width changes that showing new
        # results brings held up the window for tens of milliseconds.
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(0)
        self._rows_timer.timeout.connect(self.fit_rows)
        table.model().modelReset.connect(self.fit)
        table.model().layoutChanged.connect(self._rows_changed)
        table.model().rowsInserted.connect(self._rows_changed)
        table.model().dataChanged.connect(self._rows_changed)
        table.horizontalHeader().sectionResized.connect(self._section_resized)
        table.viewport().installEventFilter(self)

    def fit(self) -> None:
        """Size every column again (after new results). A table on a hidden tab of a shown
        window is sized when it is shown: measuring its cells then would hold up the window
        for a table nobody sees."""
        if not self.table.isVisible() and self.table.window().isVisible():
            self._pending = True
            return
        self._pending = False
        self._rows_changed()
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

    def _rows_changed(self, *_args: object) -> None:
        self._rows_measured = None
        self._rows_timer.start()

    def _section_resized(self, *_args: object) -> None:
        self._rows_timer.start()

    def fit_rows(self) -> None:
        """Make each row of a wrapping table as high as its wrapped text (once the widths have
        settled; again only when the text column's width or the rows changed)."""
        self._rows_timer.stop()
        if not self.table.wordWrap() or not self.table.isVisible():
            return
        measured = (self.table.columnWidth(self.text_column), self.table.model().rowCount())
        if measured == self._rows_measured:
            return
        self._rows_measured = measured
        self.table.resizeRowsToContents()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the table's width; size the columns when a table sized late is shown."""
        if event.type() == QEvent.Type.Show:
            if self._pending:
                self.fit()
            self._rows_timer.start()
        elif event.type() == QEvent.Type.Resize:
            self.fit_text()
        return False


class FittedTable(QTableView):
    """A sortable, read-only table over ``model`` with row selection whose ``text_column``
    takes the width the other columns leave (see :class:`ColumnFitter`). With ``wrap`` long
    texts wrap onto more lines (for short tables); without, they are cut with "…" and the
    tooltip shows them (for long tables)."""

    def __init__(
        self,
        model: QAbstractItemModel,
        name: str,
        text_column: int,
        wide: dict[int, int] | None = None,
        wrap: bool = True,
    ) -> None:
        super().__init__()
        self.proxy = SortingProxy(model)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        setup_row_table(self, name)
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.setWordWrap(wrap)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Wrapped rows get their heights from the column fitter (fit_rows).
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setResizeContentsPrecision(RESIZE_PRECISION)
        self.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION)
        self.horizontalHeader().setMinimumSectionSize(44)
        self.setStyleSheet(TABLE_STYLE)
        self.column_fitter = ColumnFitter(self, text_column, wide=wide)

    def source_row(self, index: QModelIndex | None = None) -> int:
        """The source-model row of ``index`` (default: the current row), or -1."""
        if index is None:
            index = self.currentIndex()
        if not index.isValid():
            return -1
        return self.proxy.mapToSource(index).row()


class WidthFollower(QObject):
    """Sets a table's column widths from ``widths()`` (column -> width), again whenever the
    table is resized, until the person drags a column other than ``free_column`` by hand."""

    def __init__(
        self, table: QTableView, widths: Callable[[], dict[int, int]], free_column: int
    ) -> None:
        super().__init__(table)
        self.table = table
        self.widths = widths
        self.free_column = free_column
        self._fitting = False
        self._user_sized = False
        table.horizontalHeader().sectionResized.connect(self._section_resized)
        table.viewport().installEventFilter(self)

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != self.free_column:
            self._user_sized = True

    def fit(self) -> None:
        """Set the widths (not after the person has sized a column)."""
        if self._user_sized:
            return
        self._fitting = True
        try:
            for column, size in self.widths().items():
                self.table.setColumnWidth(column, size)
        finally:
            self._fitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the table's width."""
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False
