"""Thin table models over the other parts of ``RoundResults``: the quality criteria, the
critical findings and the number summaries."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from kvaldesk.results.model import (
    Counts,
    CriterionResult,
    CriticalFinding,
    QuestionResult,
    RoundResults,
)
from ui.i18n import _
from ui.models.results_format import (
    NOTHING,
    group_label,
    group_text,
    interval_text,
    number_text,
    share_text,
    x_of_n,
)

Index = QModelIndex | QPersistentModelIndex

#: A value to sort the column by (a proxy model's sort role).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The review id of a critical finding's row.
REVIEW_ID_ROLE = Qt.ItemDataRole.UserRole
#: The question id of a row.
QUESTION_ID_ROLE = Qt.ItemDataRole.UserRole + 2

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _ReadOnlyTable(QAbstractTableModel):
    """Shared plumbing: rows, headers, bounds checks."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._headers: list[str] = []

    def _make_headers(self) -> list[str]:
        """The column titles, translated (computed when the results change)."""
        raise NotImplementedError

    def headers(self) -> list[str]:
        """The column titles, translated."""
        return list(self._headers)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row per item."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One column per header."""
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles (also as tooltip, for titles cut short in a narrow column)."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def _valid(self, index: Index) -> bool:
        return (
            index.isValid()
            and 0 <= index.row() < len(self._rows)
            and 0 <= index.column() < len(self._headers)
        )


# Per kvalitetskriterium ---------------------------------------------------------------------

CRITERION, QUESTIONS, C_SHARE, C_X_OF_N, C_INTERVAL = range(5)
C_FIRST_GROUP = 5


class CriteriaModel(_ReadOnlyTable):
    """Kvalitetskriterium, Frågor, Andel, x av n, 95 % intervall (and one column per group)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CriterionResult] = []
        self._groups: list[str] = []
        self._by: str | None = None
        self._headers = self._make_headers()

    def set_results(self, results: RoundResults | None) -> None:
        """Show the criteria of these results (None: empty)."""
        self.beginResetModel()
        self._rows = list(results.criteria) if results else []
        self._by = results.group_by if results else None
        self._groups = sorted(results.group_reviews) if results and results.group_by else []
        self._headers = self._make_headers()
        self.endResetModel()

    def _make_headers(self) -> list[str]:
        fixed = [_("Kvalitetskriterium"), _("Frågor"), _("Andel"), _("x av n"), _("95 % intervall")]
        return fixed + [group_label(name, self._by) for name in self._groups]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, alignment and sort value."""
        if not self._valid(index):
            return None
        item: CriterionResult = self._rows[index.row()]
        column = index.column()
        counts = item.counts
        if column >= C_FIRST_GROUP:
            counts = item.groups.get(self._groups[column - C_FIRST_GROUP], Counts())
        if role == Qt.ItemDataRole.DisplayRole:
            if column == CRITERION:
                return _(item.criterion.title)
            if column == QUESTIONS:
                return str(item.questions)
            if column == C_SHARE:
                return share_text(counts)
            if column == C_X_OF_N:
                return x_of_n(counts)
            if column == C_INTERVAL:
                return interval_text(counts)
            return group_text(counts)
        if role == Qt.ItemDataRole.ToolTipRole and column == CRITERION:
            return _("{count} frågor i mallen hör till kriteriet {title}.").format(
                count=item.questions, title=_(item.criterion.title)
            )
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if column == CRITERION else _RIGHT
        if role == SORT_ROLE:
            if column == CRITERION:
                return index.row()
            if column == QUESTIONS:
                return item.questions
            if column == C_X_OF_N:
                return counts.n
            return counts.share if counts.share is not None and not counts.suppressed else -1.0
        return None


# Kritiska avvikelser ------------------------------------------------------------------------

CASE, GROUP, F_QUESTION, ANSWER, COMMENT = range(5)


class FindingsModel(_ReadOnlyTable):
    """Ärende, Grupp, Fråga, Svar, Kommentar: every non-compliant answer to a critical question."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CriticalFinding] = []
        self._headers = self._make_headers()

    def set_results(self, results: RoundResults | None) -> None:
        """Show the critical findings of these results (None: empty)."""
        self.beginResetModel()
        self._rows = list(results.critical_findings) if results else []
        self._headers = self._make_headers()
        self.endResetModel()

    def finding_at(self, row: int) -> CriticalFinding | None:
        """The finding shown at ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _make_headers(self) -> list[str]:
        return [_("Ärende"), _("Grupp"), _("Fråga"), _("Svar"), _("Kommentar")]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, tooltip and the review id."""
        if not self._valid(index):
            return None
        item: CriticalFinding = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if column == CASE:
                return item.case_reference
            if column == GROUP:
                return item.subgroup or NOTHING
            if column == F_QUESTION:
                return _("{id}: {text}").format(
                    id=item.question_id, text=_one_line(item.question_text)
                )
            if column == ANSWER:
                return item.answer_label
            return _one_line(item.comment) or NOTHING
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == F_QUESTION:
                return item.question_text
            if column == COMMENT and item.comment:
                return item.comment
            return _("Dubbelklicka eller tryck Enter för att öppna granskningen.")
        if role == REVIEW_ID_ROLE:
            return item.review_id
        if role == QUESTION_ID_ROLE:
            return item.question_id
        return None


# Numeriska mått -----------------------------------------------------------------------------

N_QUESTION, MEASURE, COUNT, MEAN, MEDIAN, MINIMUM, MAXIMUM = range(7)


class NumbersModel(_ReadOnlyTable):
    """Fråga, Mått, Antal, Medel, Median, Lägst, Högst for questions that record a number."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[QuestionResult] = []
        self._headers = self._make_headers()

    def set_results(self, results: RoundResults | None) -> None:
        """Show the number summaries of these results (None: empty)."""
        self.beginResetModel()
        self._rows = [r for r in results.questions if r.numbers is not None] if results else []
        self._headers = self._make_headers()
        self.endResetModel()

    def _make_headers(self) -> list[str]:
        return [_("Fråga"), _("Mått"), _("Antal"), _("Medel"), _("Median"), _("Lägst"), _("Högst")]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, tooltip, alignment and sort value."""
        if not self._valid(index):
            return None
        item: QuestionResult = self._rows[index.row()]
        numbers = item.numbers
        assert numbers is not None
        column = index.column()
        values = {
            COUNT: float(numbers.count),
            MEAN: numbers.mean,
            MEDIAN: numbers.median,
            MINIMUM: numbers.minimum,
            MAXIMUM: numbers.maximum,
        }
        if role == Qt.ItemDataRole.DisplayRole:
            if column == N_QUESTION:
                return item.question.id
            if column == MEASURE:
                return self._measure(item)
            return number_text(values[column])
        if role == Qt.ItemDataRole.ToolTipRole and column in (N_QUESTION, MEASURE):
            return item.question.text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if column in (N_QUESTION, MEASURE) else _RIGHT
        if role == SORT_ROLE:
            if column == N_QUESTION:
                return index.row()
            if column == MEASURE:
                return self._measure(item).casefold()
            value = values[column]
            return value if value is not None else -1.0
        if role == QUESTION_ID_ROLE:
            return item.question.id
        return None

    @staticmethod
    def _measure(item: QuestionResult) -> str:
        field = item.question.number_field
        if field is None:
            return _one_line(item.question.text)
        if field.unit:
            return _("{label} ({unit})").format(label=field.label, unit=field.unit)
        return field.label
