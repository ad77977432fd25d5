"""A thin table model over ``RoundResults.questions``: one row per share-counting question."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from kvaldesk.results.model import Counts, QuestionResult, RoundResults
from ui.i18n import _
from ui.models.results_format import (
    change_text,
    group_label,
    group_text,
    interval_text,
    percent,
    share_text,
    target_text,
    x_of_n,
)

Index = QModelIndex | QPersistentModelIndex

QUESTION, TEXT, SHARE, X_OF_N, INTERVAL, TARGET, PREVIOUS, CHANGE, NOT_APPLICABLE = range(9)
FIRST_GROUP = 9

#: The question id of a row (any column).
QUESTION_ID_ROLE = Qt.ItemDataRole.UserRole
#: A value to sort the column by (a proxy model's sort role).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

#: Shares below the target: dark warm text (the Mål column says why, not colour alone).
BELOW_TARGET_FOREGROUND = QColor("#8a3b00")
CRITICAL_MARK = "⚠"

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _share_key(counts: Counts | None) -> float:
    """Sort key of a share: questions without answers sort first."""
    if counts is None or counts.suppressed or counts.share is None:
        return -1.0
    return counts.share


class QuestionResultsModel(QAbstractTableModel):
    """Fråga, Text, Andel, x av n, 95 % intervall, Mål, Föregående, Förändring, Ej aktuellt,
    and one column per group when the results are broken down."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[QuestionResult] = []
        self._groups: list[str] = []
        self._group_reviews: dict[str, int] = {}
        self._by: str | None = None
        self._headers = self._make_headers()

    def set_results(self, results: RoundResults | None) -> None:
        """Show these results (None: empty)."""
        self.beginResetModel()
        if results is None:
            self._rows, self._groups, self._group_reviews, self._by = [], [], {}, None
        else:
            self._rows = [r for r in results.questions if r.question.counts_in_share]
            self._by = results.group_by
            self._group_reviews = dict(results.group_reviews)
            self._groups = sorted(results.group_reviews) if results.group_by else []
        self._headers = self._make_headers()
        self.endResetModel()

    @property
    def groups(self) -> list[str]:
        """The group names shown as columns (empty without a breakdown)."""
        return list(self._groups)

    def result_at(self, row: int) -> QuestionResult | None:
        """The question result shown at ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, question_id: str) -> int:
        """The row of this question, or -1."""
        for number, result in enumerate(self._rows):
            if result.question.id == question_id:
                return number
        return -1

    def headers(self) -> list[str]:
        """The column titles, translated."""
        return list(self._headers)

    def _make_headers(self) -> list[str]:
        fixed = [
            _("Fråga"),
            _("Text"),
            _("Andel"),
            _("x av n"),
            _("95 %\nintervall"),
            _("Mål"),
            _("Föregående"),
            _("Förändring"),
            _("Ej\naktuellt"),
        ]
        return fixed + [group_label(name, self._by) for name in self._groups]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Rows: one per share-counting question."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Columns: the fixed ones and one per group."""
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles, with a tooltip that explains each column."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tip(section)
        return None

    def _header_tip(self, section: int) -> str:
        tips = {
            QUESTION: _("Frågans nummer i mallen. ⚠ betyder en kritisk fråga."),
            TEXT: _("Frågans text."),
            SHARE: _(
                "Andel uppfyllt: uppfyllda svar av alla svar utom Ej aktuellt. "
                "Vid färre än 10 svar visas antalet i stället."
            ),
            X_OF_N: _("Antal uppfyllda svar av antal svar som räknas."),
            INTERVAL: _(
                "95 % konfidensintervall (Wilson): det verkliga värdet ligger med stor "
                "sannolikhet inom intervallet. Ju färre svar, desto bredare intervall."
            ),
            TARGET: _("Omgångens mål för andelen uppfyllt."),
            PREVIOUS: _("Andelen i föregående omgång med samma mall, om frågan är oförändrad."),
            CHANGE: _("Skillnad mot föregående omgång i procentenheter (p.e.)."),
            NOT_APPLICABLE: _(
                "Antal svar Ej aktuellt. De räknas inte med i andelen. Frågor som inte "
                "visades på grund av ett villkor räknas inte heller."
            ),
        }
        if section in tips:
            return tips[section]
        name = self._groups[section - FIRST_GROUP]
        return _("{group}: andel uppfyllt (antal svar) i {n} klara granskningar.").format(
            group=group_label(name, self._by), n=self._group_reviews.get(name, 0)
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, tooltip, alignment, sort value and colour."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        column = index.column()
        if not 0 <= column < len(self._headers):
            return None
        result = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(result, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(result, column)
        if role == SORT_ROLE:
            return self._sort_value(result, column, index.row())
        if role == QUESTION_ID_ROLE:
            return result.question.id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_LEFT if column in (QUESTION, TEXT) else _RIGHT)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == SHARE
            and (result.meets_target is False)
        ):
            return QBrush(BELOW_TARGET_FOREGROUND)
        return None

    def _group_counts(self, result: QuestionResult, column: int) -> Counts:
        return result.groups.get(self._groups[column - FIRST_GROUP], Counts())

    def _display(self, result: QuestionResult, column: int) -> str:
        question = result.question
        counts = result.overall
        if column == QUESTION:
            return f"{CRITICAL_MARK} {question.id}" if question.critical else question.id
        if column == TEXT:
            return " ".join(question.text.split())
        if column == SHARE:
            return share_text(counts)
        if column == X_OF_N:
            return x_of_n(counts)
        if column == INTERVAL:
            return interval_text(counts)
        if column == TARGET:
            return target_text(result.target_pct)
        if column == PREVIOUS:
            return share_text(result.previous) if result.previous is not None else "–"
        if column == CHANGE:
            return change_text(result.change)
        if column == NOT_APPLICABLE:
            return str(counts.not_applicable)
        return group_text(self._group_counts(result, column))

    def _tooltip(self, result: QuestionResult, column: int) -> str | None:
        question = result.question
        counts = result.overall
        if column in (QUESTION, TEXT):
            if question.critical:
                return _("Kritisk fråga: {text}").format(text=question.text)
            return question.text
        if column == SHARE and counts.n:
            text = _("{pct} uppfyllt ({x} av {n} svar)").format(
                pct=percent(counts.share), x=counts.compliant, n=counts.n
            )
            if result.meets_target is False:
                return _("{text}. Under målet {target}.").format(
                    text=text, target=target_text(result.target_pct)
                )
            return text
        if column == PREVIOUS and result.previous is not None:
            return _("{x} av {n} svar i föregående omgång").format(
                x=result.previous.compliant, n=result.previous.n
            )
        if column == NOT_APPLICABLE and counts.skipped:
            return _(
                "{na} svar Ej aktuellt. Frågan visades inte i {skipped} granskningar "
                "på grund av ett villkor."
            ).format(na=counts.not_applicable, skipped=counts.skipped)
        if column >= FIRST_GROUP:
            group = self._group_counts(result, column)
            if group.suppressed:
                return _("För få svar för att visas.")
            if group.n:
                return _("{x} av {n} svar uppfyllda").format(x=group.compliant, n=group.n)
        return None

    def _sort_value(self, result: QuestionResult, column: int, row: int) -> Any:
        counts = result.overall
        if column == QUESTION:
            return row
        if column == TEXT:
            return result.question.text.casefold()
        if column in (SHARE, INTERVAL):
            return _share_key(counts)
        if column == X_OF_N:
            return counts.n
        if column == TARGET:
            return result.target_pct if result.target_pct is not None else -1.0
        if column == PREVIOUS:
            return _share_key(result.previous)
        if column == CHANGE:
            return result.change if result.change is not None else -2.0
        if column == NOT_APPLICABLE:
            return counts.not_applicable
        return _share_key(self._group_counts(result, column))
