"""Tables sort in the model (ui.models.base.SortingProxy): the same order as Qt's own proxy,
kept when new rows come, and the selection follows its row."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QTableView

from ui.models.base import SORT_ROLE, Column, RowTableModel, SortingProxy

Row = tuple[str, str, int | None]
ROWS: list[Row] = [
    ("FB-3", "Öst", 4),
    ("FB-1", "väst", None),
    ("FB-4", "Öst", 2),
    ("FB-2", "Åby", 4),
    ("FB-5", "väst", 1),
]


class CaseModel(RowTableModel[Row]):
    SORTS_BY_TEXT = True

    def columns(self) -> list[Column[Row]]:
        return [
            Column("Ärende", lambda r: r[0]),
            Column("Enhet", lambda r: r[1]),
            Column("Svar", lambda r: str(r[2] or ""), sort_key=lambda r: r[2]),
            Column("Ordning", lambda r: r[0], sort_by_position=True),
        ]

    def row_key(self, row: Row) -> str:
        return row[0]


def _order(proxy: QSortFilterProxyModel) -> list[str]:
    return [str(proxy.index(r, 0).data()) for r in range(proxy.rowCount())]


def _proxies(rows: list[Row]) -> tuple[SortingProxy, QSortFilterProxyModel]:
    ours, qts = CaseModel(), CaseModel()
    ours.set_rows(rows)
    qts.set_rows(rows)
    sorting = SortingProxy()
    sorting.setSourceModel(ours)
    plain = QSortFilterProxyModel()
    plain.setSourceModel(qts)
    plain.setSortRole(SORT_ROLE)
    return sorting, plain


@pytest.mark.parametrize("column", [0, 1, 2, 3])
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_the_model_sorts_as_qts_proxy(qtbot: Any, column: int, order: Qt.SortOrder) -> None:
    sorting, plain = _proxies(ROWS)
    sorting.sort(column, order)
    plain.sort(column, order)
    assert _order(sorting) == _order(plain)


def test_new_rows_keep_the_order_and_the_selection_follows_its_row(qtbot: Any) -> None:
    model = CaseModel()
    model.set_rows(ROWS)
    proxy = SortingProxy()
    proxy.setSourceModel(model)
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert _order(proxy) == ["FB-1", "FB-2", "FB-3", "FB-4", "FB-5"]
    table.selectRow(1)
    table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert _order(proxy) == ["FB-4", "FB-3", "FB-2", "FB-5", "FB-1"]
    assert proxy.mapToSource(table.currentIndex()).data() == "FB-2"
    model.set_rows([*ROWS, ("FB-6", "Åby", None)])
    assert _order(proxy) == ["FB-4", "FB-3", "FB-6", "FB-2", "FB-5", "FB-1"]
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterFixedString("väst")
    assert _order(proxy) == ["FB-5", "FB-1"]


@pytest.mark.parametrize("column", [0, 1, 2, 3])
def test_rows_sorted_on_a_worker_are_shown_as_set_rows_would(qtbot: Any, column: int) -> None:
    model, expected = CaseModel(), CaseModel()
    for each in (model, expected):
        each.sort(column, Qt.SortOrder.DescendingOrder)
    prepared = model.prepare_rows(ROWS)  # as the loading task does, off the window's thread
    model.set_rows(prepared)
    expected.set_rows(ROWS)
    shown = [[model.index(r, c).data(SORT_ROLE) for c in range(4)] for r in range(len(ROWS))]
    wanted = [[expected.index(r, c).data(SORT_ROLE) for c in range(4)] for r in range(5)]
    assert shown == wanted


def test_rows_prepared_for_another_order_are_sorted_again(qtbot: Any) -> None:
    model, expected = CaseModel(), CaseModel()
    model.sort(0)
    prepared = model.prepare_rows(ROWS)
    model.sort(2, Qt.SortOrder.DescendingOrder)  # the person clicked a header meanwhile
    expected.sort(2, Qt.SortOrder.DescendingOrder)
    model.set_rows(prepared)
    expected.set_rows(ROWS)
    assert [model.index(r, 3).data(SORT_ROLE) for r in range(5)] == [
        expected.index(r, 3).data(SORT_ROLE) for r in range(5)
    ]
    assert [model.row_at(r) for r in range(5)] == [expected.row_at(r) for r in range(5)]


def test_wrapped_rows_are_measured_again_when_new_rows_come(qtbot: Any) -> None:
    from ui.views.table_sizing import FittedTable

    model = CaseModel()
    table = FittedTable(model, "Ärenden", 1)
    qtbot.addWidget(table)
    table.resize(420, 400)
    table.show()
    short = [(f"FB-{i}", "Öst", i) for i in range(3)]
    model.set_rows(short)
    qtbot.waitUntil(lambda: table.rowHeight(0) > 0)
    qtbot.wait(20)
    one_line = table.rowHeight(0)
    # As many rows, with texts that need several lines at this width.
    long_text = "Utredningen har kommunicerats med vårdnadshavarna före beslut " * 3
    model.set_rows([(f"FB-{i}", long_text, i) for i in range(3)])
    qtbot.waitUntil(lambda: table.rowHeight(0) > 2 * one_line)
