"""A thin table model over ``RoundResults.questions``: one row per share-counting question."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from kvaldesk.results.model import Counts, QuestionResult, RoundResults
from ui.i18n import _
from ui.models.base import LEFT, RIGHT, Column, Index, RowTableModel, one_line
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

QUESTION, TEXT, SHARE, X_OF_N, INTERVAL, TARGET, PREVIOUS, CHANGE, NOT_APPLICABLE = range(9)
FIRST_GROUP = 9

#: The question id of a row (any column).
QUESTION_ID_ROLE = Qt.ItemDataRole.UserRole

#: Shares below the target: dark warm text (the Mål column says why, not colour alone).
BELOW_TARGET_FOREGROUND = QColor("#8a3b00")
CRITICAL_MARK = "⚠"


def _share_key(counts: Counts | None) -> float:
    """Sort key of a share: questions without answers sort first."""
    if counts is None or counts.suppressed or counts.share is None:
        return -1.0
    return counts.share


def _question_text(result: QuestionResult) -> str:
    question = result.question
    return f"{CRITICAL_MARK} {question.id}" if question.critical else question.id


def _question_tooltip(result: QuestionResult) -> str:
    question = result.question
    if question.critical:
        return _("Kritisk fråga: {text}").format(text=question.text)
    return question.text


def _share_tooltip(result: QuestionResult) -> str | None:
    counts = result.overall
    if not counts.n:
        return None
    text = _("{pct} uppfyllt ({x} av {n} svar)").format(
        pct=percent(counts.share), x=counts.compliant, n=counts.n
    )
    if result.meets_target is False:
        return _("{text}. Under målet {target}.").format(
            text=text, target=target_text(result.target_pct)
        )
    return text


def _previous_tooltip(result: QuestionResult) -> str | None:
    if result.previous is None:
        return None
    return _("{x} av {n} svar i föregående omgång").format(
        x=result.previous.compliant, n=result.previous.n
    )


def _not_applicable_tooltip(result: QuestionResult) -> str | None:
    counts = result.overall
    if not counts.skipped:
        return None
    return _(
        "{na} svar Ej aktuellt. Frågan visades inte i {skipped} granskningar "
        "på grund av ett villkor."
    ).format(na=counts.not_applicable, skipped=counts.skipped)


def _group_tooltip(group: Counts) -> str | None:
    if group.suppressed:
        return _("För få svar för att visas.")
    if group.n:
        return _("{x} av {n} svar uppfyllda").format(x=group.compliant, n=group.n)
    return None


class QuestionResultsModel(RowTableModel[QuestionResult]):
    """Fråga, Text, Andel, x av n, 95 % intervall, Mål, Föregående, Förändring, Ej aktuellt,
    and one column per group when the results are broken down."""

    def __init__(self, parent: QObject | None = None) -> None:
        # What columns() reads, before the base asks for the columns.
        self._groups: list[str] = []
        self._group_reviews: dict[str, int] = {}
        self._by: str | None = None
        #: Cell values by (row, column, role) until the rows change (see :meth:`data`).
        self._cells: dict[tuple[int, int, int], Any] = {}
        super().__init__(parent)
        self.modelAboutToBeReset.connect(self._cells.clear)
        self.layoutChanged.connect(self._cells.clear)

    def set_results(self, results: RoundResults | None) -> None:
        """Show these results (None: empty)."""
        with self.resetting():
            if results is None:
                self._rows, self._groups, self._group_reviews, self._by = [], [], {}, None
            else:
                self._rows = [r for r in results.questions if r.question.counts_in_share]
                self._by = results.group_by
                self._group_reviews = dict(results.group_reviews)
                self._groups = sorted(results.group_reviews) if results.group_by else []

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """As the base gives it, remembered until the rows change: the table asks for each
        cell's roles many times while it sizes its rows and columns (about 10 000 calls for
        one round's results, all on the window's thread)."""
        key = (index.row(), index.column(), int(role))
        try:
            return self._cells[key]
        except KeyError:
            value = self._cells[key] = super().data(index, role)
            return value

    @property
    def groups(self) -> list[str]:
        """The group names shown as columns (empty without a breakdown)."""
        return list(self._groups)

    def result_at(self, row: int) -> QuestionResult | None:
        """The question result shown at ``row``, or None."""
        return self.row_at(row)

    def row_key(self, row: QuestionResult) -> str:
        """Rows are found by question id."""
        return row.question.id

    def columns(self) -> list[Column[QuestionResult]]:
        """The fixed columns, each with a header tooltip that explains it, and one per group."""
        fixed = [
            Column(
                _("Fråga"),
                _question_text,
                tooltip=_question_tooltip,
                alignment=LEFT,
                sort_by_position=True,
                header_tooltip=_("Frågans nummer i mallen. ⚠ betyder en kritisk fråga."),
            ),
            Column(
                _("Text"),
                lambda r: one_line(r.question.text),
                tooltip=_question_tooltip,
                alignment=LEFT,
                sort_key=lambda r: r.question.text.casefold(),
                header_tooltip=_("Frågans text."),
            ),
            Column(
                _("Andel"),
                lambda r: share_text(r.overall),
                tooltip=_share_tooltip,
                alignment=RIGHT,
                sort_key=lambda r: _share_key(r.overall),
                header_tooltip=_(
                    "Andel uppfyllt: uppfyllda svar av alla svar utom Ej aktuellt. "
                    "Vid färre än 10 svar visas antalet i stället."
                ),
            ),
            Column(
                _("x av n"),
                lambda r: x_of_n(r.overall),
                alignment=RIGHT,
                sort_key=lambda r: r.overall.n,
                header_tooltip=_("Antal uppfyllda svar av antal svar som räknas."),
            ),
            Column(
                _("95 %\nintervall"),
                lambda r: interval_text(r.overall),
                alignment=RIGHT,
                sort_key=lambda r: _share_key(r.overall),
                header_tooltip=_(
                    "95 % konfidensintervall (Wilson): det verkliga värdet ligger med stor "
                    "sannolikhet inom intervallet. Ju färre svar, desto bredare intervall."
                ),
            ),
            Column(
                _("Mål"),
                lambda r: target_text(r.target_pct),
                alignment=RIGHT,
                sort_key=lambda r: r.target_pct if r.target_pct is not None else -1.0,
                header_tooltip=_("Omgångens mål för andelen uppfyllt."),
            ),
            Column(
                _("Föregående"),
                lambda r: share_text(r.previous) if r.previous is not None else "–",
                tooltip=_previous_tooltip,
                alignment=RIGHT,
                sort_key=lambda r: _share_key(r.previous),
                header_tooltip=_(
                    "Andelen i föregående omgång med samma mall, om frågan är oförändrad."
                ),
            ),
            Column(
                _("Förändring"),
                lambda r: change_text(r.change),
                alignment=RIGHT,
                sort_key=lambda r: r.change if r.change is not None else -2.0,
                header_tooltip=_("Skillnad mot föregående omgång i procentenheter (p.e.)."),
            ),
            Column(
                _("Ej\naktuellt"),
                lambda r: str(r.overall.not_applicable),
                tooltip=_not_applicable_tooltip,
                alignment=RIGHT,
                sort_key=lambda r: r.overall.not_applicable,
                header_tooltip=_(
                    "Antal svar Ej aktuellt. De räknas inte med i andelen. Frågor som inte "
                    "visades på grund av ett villkor räknas inte heller."
                ),
            ),
        ]
        return fixed + [self._group_column(name) for name in self._groups]

    def _group_column(self, name: str) -> Column[QuestionResult]:
        def counts(result: QuestionResult) -> Counts:
            return result.groups.get(name, Counts())

        label = group_label(name, self._by)
        return Column(
            label,
            lambda r: group_text(counts(r)),
            tooltip=lambda r: _group_tooltip(counts(r)),
            alignment=RIGHT,
            sort_key=lambda r: _share_key(counts(r)),
            header_tooltip=_(
                "{group}: andel uppfyllt (antal svar) i {n} klara granskningar."
            ).format(group=label, n=self._group_reviews.get(name, 0)),
        )

    def role_data(self, row: QuestionResult, column: int, role: int) -> Any:
        """Shares below the target in a warm colour; the question id."""
        if role == QUESTION_ID_ROLE:
            return row.question.id
        if role == Qt.ItemDataRole.ForegroundRole and column == SHARE and row.meets_target is False:
            return QBrush(BELOW_TARGET_FOREGROUND)
        return None
