"""A long table with a header row, laid out a window of rows at a time.

reportlab splits a long :class:`~reportlab.platypus.Table` page by page, and each time it builds
the rest of the table anew from every row that is left: a page costs time in proportion to the
rows still to come, and the whole table costs rows × pages (the round report's critical findings
of a large round run to hundreds of pages). :class:`WindowedTable` gives reportlab a Table of the
header and the next rows only. A window holds far more rows than a page, so every page break falls
where it falls in the whole table (a row's height depends on that row alone, and on each page the
header repeats and the stripes start again, as reportlab's own split does); each page then costs
only the rows it holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable, Table, TableStyle

__all__ = ["WINDOW_ROWS", "WindowedTable"]

# More rows than any page holds (a row is at least one line of 8.3 pt type and its padding).
WINDOW_ROWS = 80


class _MeasuringOnceTable(Table):  # type: ignore[misc]
    """A Table that remembers the row heights it measured: reportlab measures the rows again
    each time the table is wrapped or split (four times for each page of a long table)."""

    def _calc_height(
        self, availHeight: float, availWidth: float, H: Any = None, W: Any = None
    ) -> None:
        super()._calc_height(availHeight, availWidth, H, W)
        self._argH = list(self._rowHeights)


def _continued(style: TableStyle) -> TableStyle:
    """The style of the table on a page after the first, as reportlab's split makes it: a rule
    under every row (a LINEBELOW over all rows) is drawn again above the first row, before the
    other lines."""
    commands = list(style.getCommands())
    again = [
        ("LINEABOVE", (command[1][0], 1), (command[2][0], 1), *command[3:])
        for command in commands
        if command[0] == "LINEBELOW" and command[1][1] <= 1 and command[2][1] == -1
    ]
    return TableStyle([*again, *commands])


class WindowedTable(Flowable):  # type: ignore[misc]
    """The rows of a table with one header row, drawn as the whole table would be:
    ``Table([header, *rows], colWidths=col_widths, repeatRows=1, hAlign="LEFT")`` with
    ``style``. A row's height is measured once and passed on to the next page's table.
    """

    def __init__(
        self,
        header: list[object],
        rows: Sequence[list[object]],
        *,
        col_widths: Sequence[float],
        style: TableStyle,
        window: int = WINDOW_ROWS,
        start: int = 0,
        heights: list[float | None] | None = None,
    ) -> None:
        super().__init__()
        self._header = header
        self._rows = rows
        self._col_widths = list(col_widths)
        self._first_style = style
        self._style = style if start == 0 else _continued(style)
        self._window = max(1, window)
        self._start = start
        self._heights: list[float | None] = heights or [None] * len(rows)
        self._table: Table | None = None
        self.hAlign = "LEFT"

    def _last_window(self) -> bool:
        return self._start + self._window >= len(self._rows)

    def _window_table(self) -> Table:
        if self._table is None:
            end = self._start + self._window
            table = _MeasuringOnceTable(
                [self._header, *self._rows[self._start : end]],
                colWidths=self._col_widths,
                rowHeights=[None, *self._heights[self._start : end]],
                repeatRows=1,
                hAlign="LEFT",
            )
            table.setStyle(self._style)
            self._table = table
        return self._table

    def _keep_heights(self, table: Table) -> None:
        measured = getattr(table, "_rowHeights", None)
        if measured:
            self._heights[self._start : self._start + len(measured) - 1] = measured[1:]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        canvas = getattr(self, "canv", None)
        table = self._window_table()
        width, height = table.wrapOn(canvas, available_width, available_height)
        # A window that fits while rows are left would end the table early: take more rows.
        while height <= available_height and not self._last_window():
            self._window *= 2
            self._table = None
            table = self._window_table()
            width, height = table.wrapOn(canvas, available_width, available_height)
        self._keep_heights(table)
        self.width, self.height = width, height
        return width, height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        table = self._window_table()
        canvas = getattr(self, "canv", None)
        parts: list[Flowable] = table.splitOn(canvas, available_width, available_height)
        if len(parts) < 2:
            return parts
        first = parts[0]
        rows_on_page = int(first._nrows) - 1
        if rows_on_page <= 0:
            return []
        rest = WindowedTable(
            self._header,
            self._rows,
            col_widths=self._col_widths,
            style=self._first_style,
            window=self._window,
            start=self._start + rows_on_page,
            heights=self._heights,
        )
        return [first, rest]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        """Draw the table (the last window, which fits where it is drawn)."""
        self._window_table().drawOn(canvas, x, y, _sW)

    def getSpaceBefore(self) -> float:
        return float(self._window_table().getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self._window_table().getSpaceAfter())
