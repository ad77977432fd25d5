"""A thin table model over a round's cases (``kvaldesk.services.rounds.list_cases``) and their
reviews (``kvaldesk.services.reviews.list_reviews``): one row per case."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from kvaldesk.domain.enums import ReviewStatus
from kvaldesk.domain.model import Case
from kvaldesk.services.reviews import ReviewProgress
from ui.i18n import _

Index = QModelIndex | QPersistentModelIndex

REFERENCE, SUBGROUP, UNIT, MINE, OTHERS = range(5)
COLUMN_COUNT = OTHERS + 1

#: The case id of a row (any column).
CASE_ID_ROLE = Qt.ItemDataRole.UserRole
#: A value to sort the column by (a proxy model's sort role).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

DONE_FOREGROUND = QColor("#1d5e2e")
NOT_STARTED_FOREGROUND = QColor("#5f6b76")


@dataclass(frozen=True)
class CaseRow:
    """One case with my review (if any) and the other reviewers' reviews."""

    case: Case
    mine: Mapping[str, Any] | None = None
    my_progress: ReviewProgress | None = None
    others: list[Mapping[str, Any]] = field(default_factory=list)

    @property
    def my_state(self) -> int:
        """0 not started, 1 in progress, 2 complete (for sorting)."""
        if self.mine is None:
            return 0
        return 2 if self.mine.get("status") == ReviewStatus.COMPLETE.value else 1


def build_case_rows(
    cases: Sequence[Case],
    reviews: Sequence[Mapping[str, Any]],
    reviewer: str,
    progress: Mapping[str, ReviewProgress] | None = None,
) -> list[CaseRow]:
    """Combine the service's cases and review rows into one row per case.

    ``reviewer`` is the user's own name; ``progress`` maps review ids of the user's
    unfinished reviews to their progress.
    """
    progress = progress or {}
    by_case: dict[str, list[Mapping[str, Any]]] = {}
    for review in reviews:
        by_case.setdefault(str(review["case_id"]), []).append(review)
    rows = []
    for case in cases:
        mine = None
        others = []
        for review in by_case.get(case.id, []):
            if mine is None and reviewer and review.get("reviewer") == reviewer:
                mine = review
            else:
                others.append(review)
        rows.append(CaseRow(case, mine, progress.get(str(mine["id"])) if mine else None, others))
    return rows


def review_state_text(review: Mapping[str, Any], state: ReviewProgress | None = None) -> str:
    """Klar, or Pågår with how far it has come."""
    if review.get("status") == ReviewStatus.COMPLETE.value:
        return _("Klar")
    if state is not None:
        return _("Pågår {answered} av {total}").format(
            answered=state.answered, total=state.applicable
        )
    answered = review.get("answered")
    if isinstance(answered, int) and answered:
        return _("Pågår, {n} svar").format(n=answered)
    return _("Pågår")


def other_review_text(review: Mapping[str, Any]) -> str:
    """Another reviewer's review: "Märta Sjöberg (klar)"."""
    state = _("klar") if review.get("status") == ReviewStatus.COMPLETE.value else _("pågår")
    return _("{reviewer} ({state})").format(reviewer=str(review.get("reviewer", "")), state=state)


class CasesTableModel(QAbstractTableModel):
    """Ärende, Grupp, Enhet, Min granskning, Andra granskare."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseRow] = []

    def headers(self) -> list[str]:
        """The column titles, translated."""
        return [_("Ärende"), _("Grupp"), _("Enhet"), _("Min granskning"), _("Andra granskare")]

    def set_rows(self, rows: Sequence[CaseRow]) -> None:
        """Show these cases."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> CaseRow | None:
        """The case row shown at ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, case_id: str) -> int:
        """The row showing this case, or -1."""
        for number, found in enumerate(self._rows):
            if found.case.id == case_id:
                return number
        return -1

    # Qt's model interface -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of cases (0 under any item: this is a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Five columns."""
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and 0 <= section < COLUMN_COUNT
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
        ):
            return self.headers()[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Selectable, not editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, tooltip, colour and sort key of one cell."""
        if not index.isValid():
            return None
        found = self.row_at(index.row())
        column = index.column()
        if found is None or not 0 <= column < COLUMN_COUNT:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(found, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(found, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == MINE:
            if found.my_state == 2:
                return QBrush(DONE_FOREGROUND)
            if found.my_state == 0:
                return QBrush(NOT_STARTED_FOREGROUND)
            return None
        if role == CASE_ID_ROLE:
            return found.case.id
        if role == SORT_ROLE:
            return self._sort_key(found, column)
        return None

    def _display(self, row: CaseRow, column: int) -> str:
        if column == REFERENCE:
            return row.case.reference
        if column == SUBGROUP:
            return row.case.subgroup
        if column == UNIT:
            return row.case.unit
        if column == MINE:
            if row.mine is None:
                return _("Ej påbörjad")
            return review_state_text(row.mine, row.my_progress)
        return "; ".join(other_review_text(r) for r in row.others)

    def _tooltip(self, row: CaseRow, column: int) -> str | None:
        if column == OTHERS and row.others:
            return "\n".join(other_review_text(r) for r in row.others)
        if column == MINE and row.mine is None:
            return _("Du har inte börjat granska ärendet. Tryck Enter för att börja.")
        return None

    def _sort_key(self, row: CaseRow, column: int) -> str:
        if column == MINE:
            done = row.my_progress.answered if row.my_progress else 0
            return f"{row.my_state}{done:06d}"
        if column == OTHERS:
            return f"{len(row.others):06d}"
        return self._display(row, column).casefold()
