"""The one base of the table models: rows in, cells out.

A model says what its columns are (:class:`Column`: a title, the cell text and, where needed,
a tooltip, an accessible text, an alignment and a sort key) and is given its rows with
:meth:`RowTableModel.set_rows`. The base does Qt's model interface: row and column counts,
header titles, flags and bounds checks. Roles that depend on the whole row (colours, fonts,
ids) come from :meth:`RowTableModel.role_data`. The few editable models (the template editor's)
add ``flags`` and ``setData`` of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

RowT = TypeVar("RowT")
Index = QModelIndex | QPersistentModelIndex

#: A value to sort a column by (a proxy model's sort role).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

#: Numbers line up on the right, texts on the left.
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def one_line(text: str) -> str:
    """The text on one line (a table cell elides it; the tooltip shows all of it)."""
    return " ".join(text.split())


def bold_font() -> QFont:
    """The default font, bold (for cells that must stand out)."""
    font = QFont()
    font.setBold(True)
    return font


@dataclass(frozen=True)
class Column(Generic[RowT]):
    """One column of a :class:`RowTableModel`: its title and how a row is shown in it."""

    #: The column title (translated).
    title: str
    #: The cell text (DisplayRole; also AccessibleTextRole unless ``accessible`` is given).
    text: Callable[[RowT], str]
    #: The cell tooltip, or None for none.
    tooltip: Callable[[RowT], str | None] | None = None
    #: What a screen reader says when it differs from the text.
    accessible: Callable[[RowT], str] | None = None
    #: The cell alignment (Qt's default when None).
    alignment: Qt.AlignmentFlag | None = None
    #: The value to sort by under SORT_ROLE.
    sort_key: Callable[[RowT], Any] | None = None
    #: Sort by the row's position (the order the engine gave) instead of a key.
    sort_by_position: bool = False
    #: The header's tooltip, explaining the column.
    header_tooltip: str | None = None


@dataclass(frozen=True)
class PreparedRows(Generic[RowT]):
    """Rows put in a model's sort order on a worker thread (:meth:`RowTableModel.prepare_rows`)."""

    #: The rows in sorted order.
    rows: list[RowT]
    #: Each row's position in the order the rows were given.
    positions: list[int]
    #: The sort they are in: column and order, None when unsorted.
    sort_order: tuple[int, Qt.SortOrder] | None

    def __len__(self) -> int:
        return len(self.rows)


class RowTableModel(QAbstractTableModel, Generic[RowT]):
    """A flat table, one row object per table row, not editable in place.

    Subclasses give :meth:`columns` and, where rows are found by id, :meth:`row_key`.
    :meth:`columns` is asked in ``__init__`` and on every reset, so what it reads must be set
    before ``super().__init__()``.
    """

    #: When true, SORT_ROLE of a column without a sort key is its text, case-folded.
    SORTS_BY_TEXT: ClassVar[bool] = False

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RowT] = []
        #: Each shown row's position in the order it was given (``sort_by_position``).
        self._positions: list[int] = []
        #: The column and order of the last :meth:`sort`, kept on every reset.
        self._sort_order: tuple[int, Qt.SortOrder] | None = None
        self._columns: list[Column[RowT]] = self.columns()

    # What subclasses give ---------------------------------------------------------------------

    def columns(self) -> list[Column[RowT]]:
        """The columns, with translated titles (asked again on every reset)."""
        raise NotImplementedError

    def row_key(self, row: RowT) -> str:
        """The id :meth:`row_of` looks for."""
        raise NotImplementedError

    def role_data(self, row: RowT, column: int, role: int) -> Any:
        """Any other role of a cell (colours, fonts, ids); None by default."""
        return None

    # Rows -------------------------------------------------------------------------------------

    @contextmanager
    def resetting(self, prepared: PreparedRows[RowT] | None = None) -> Iterator[None]:
        """Change the rows (or whatever the columns depend on) inside a model reset.
        ``prepared``: the new rows are these, already sorted."""
        self.beginResetModel()
        try:
            yield
        finally:
            self._columns = self.columns()
            if prepared is not None and prepared.sort_order == self._sort_order:
                self._positions = list(prepared.positions)
            else:
                if prepared is not None:  # sorted another way meanwhile: back to given order
                    given: list[Any] = [None] * len(self._rows)
                    for row, position in zip(self._rows, prepared.positions, strict=True):
                        given[position] = row
                    self._rows = given
                self._positions = list(range(len(self._rows)))
                if self._sort_order is not None:
                    order = self._sorted_order(*self._sort_order)
                    self._rows = [self._rows[i] for i in order]
                    self._positions = order
            self.endResetModel()

    # Sorting ----------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by ``column``'s SORT_ROLE value (see :class:`SortingProxy`), in the
        same order Qt's proxy would: a stable sort of the rows in their given order (reversed
        when descending), empty values last. The order is kept when new rows are set."""
        self._sort_order = (column, order)
        if not 0 <= column < len(self._columns) or not self._rows:
            return
        if len(self._positions) != len(self._rows):  # rows inserted one by one
            self._positions = list(range(len(self._rows)))
        self.layoutAboutToBeChanged.emit()
        new_order = self._sorted_order(column, order)
        row_of_position = {position: row for row, position in enumerate(self._positions)}
        self._rows = [self._rows[row_of_position[p]] for p in new_order]
        self._positions = new_order
        moved = {row_of_position[p]: row for row, p in enumerate(new_order)}
        before = self.persistentIndexList()
        self.changePersistentIndexList(
            before, [self.index(moved[i.row()], i.column()) if i.isValid() else i for i in before]
        )
        self.layoutChanged.emit()

    def _sorted_order(self, column: int, order: Qt.SortOrder) -> list[int]:
        """The given positions of the shown rows, in sorted order."""
        return self._order(self._rows, self._positions, self._columns, column, order)

    def _order(
        self,
        rows: list[RowT],
        positions: list[int],
        columns: list[Column[RowT]],
        column: int,
        order: Qt.SortOrder,
    ) -> list[int]:
        """The given positions of ``rows``, in sorted order."""
        if not 0 <= column < len(columns):
            return list(positions)
        by_position = sorted(range(len(rows)), key=positions.__getitem__)
        keys = {
            row: _sortable(self._value(rows[row], positions[row], columns[column], column))
            for row in by_position
        }
        try:
            ordered = sorted(by_position, key=keys.__getitem__)
        except TypeError:  # values of different kinds: compare their texts
            ordered = sorted(by_position, key=lambda row: str(keys[row]))
        if order == Qt.SortOrder.DescendingOrder:
            ordered.reverse()  # as Qt's proxy: equal values in reverse order too
        return [positions[row] for row in ordered]

    def _sort_value(self, row_number: int, column_number: int) -> Any:
        """SORT_ROLE of a cell (as :meth:`data` gives it)."""
        position = self._positions[row_number] if row_number < len(self._positions) else row_number
        return self._value(
            self._rows[row_number], position, self._columns[column_number], column_number
        )

    def _value(self, row: RowT, position: int, column: Column[RowT], column_number: int) -> Any:
        if column.sort_by_position:
            return position
        if column.sort_key is not None:
            return column.sort_key(row)
        if self.SORTS_BY_TEXT:
            return column.text(row).casefold()
        return self.role_data(row, column_number, SORT_ROLE)

    def prepare_rows(self, rows: Iterable[RowT]) -> PreparedRows[RowT]:
        """``rows`` in the model's sort order, for :meth:`set_rows`. Meant for a worker
        thread: sorting 15 000 rows takes tens of milliseconds the window need not wait for.
        It reads only the columns and the sort order, so the model's sort values must not
        need the window (true of sort keys and texts)."""
        given = list(rows)
        positions = list(range(len(given)))
        sort_order = self._sort_order
        if sort_order is None:
            return PreparedRows(given, positions, None)
        order = self._order(given, positions, self.columns(), *sort_order)
        return PreparedRows([given[i] for i in order], order, sort_order)

    def set_rows(self, rows: Iterable[RowT] | PreparedRows[RowT]) -> None:
        """Show these rows, in this order (rows from :meth:`prepare_rows` as they are)."""
        if isinstance(rows, PreparedRows):
            with self.resetting(rows):
                self._rows = list(rows.rows)
            return
        with self.resetting():
            self._rows = list(rows)

    def rows(self) -> list[RowT]:
        """The rows shown, in order."""
        return list(self._rows)

    def row_at(self, row: int) -> RowT | None:
        """The row shown at ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: str) -> int:
        """The number of the row whose :meth:`row_key` is ``key``, or -1."""
        for number, found in enumerate(self._rows):
            if self.row_key(found) == key:
                return number
        return -1

    def headers(self) -> list[str]:
        """The column titles, translated."""
        return [column.title for column in self._columns]

    # Qt's model interface ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of rows (0 under any item: a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of columns (0 under any item)."""
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles, and the tooltips that explain them."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.header_tooltip
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Selectable, not editable in place."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """One cell: from its column, or from :meth:`role_data` for the other roles."""
        if (
            not index.isValid()
            or not 0 <= index.row() < len(self._rows)
            or not 0 <= index.column() < len(self._columns)
        ):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (column.accessible or column.text)(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.alignment is not None:
            return int(column.alignment)
        if role == SORT_ROLE:
            return self._sort_value(index.row(), index.column())
        return self.role_data(row, index.column(), role)


def _sortable(value: Any) -> tuple[bool, Any]:
    """A sort key that puts empty values (None) after every value, as Qt's proxy does."""
    return (True, 0) if value is None else (False, value)


class SortingProxy(QSortFilterProxyModel):
    """Filters the rows of a :class:`RowTableModel` and leaves the sorting to it.

    Qt's own proxy sort asks the model for two values per comparison (hundreds of thousands of
    Python calls for a list of 15 000 cases, seconds on the UI thread); the model sorts with
    one key per row. The proxy keeps the model's order, so its own sort column stays -1.
    """

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the source model (the view calls this when a header is clicked)."""
        source = self.sourceModel()
        if isinstance(source, RowTableModel):
            source.sort(column, order)
        else:
            super().sort(column, order)
