"""Thin table models over the other parts of ``RoundResults``: the quality criteria, the
critical findings and the number summaries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt

from kvaldesk.results.model import (
    Counts,
    CriterionResult,
    CriticalFinding,
    QuestionResult,
    RoundResults,
)
from kvaldesk.results.stats import NumberSummary
from ui.i18n import _
from ui.models.base import LEFT, RIGHT, Column, RowT, RowTableModel, one_line
from ui.models.results_format import (
    NOTHING,
    group_label,
    group_text,
    interval_text,
    number_text,
    share_text,
    x_of_n,
)

#: The review id of a critical finding's row.
REVIEW_ID_ROLE = Qt.ItemDataRole.UserRole
#: The question id of a row.
QUESTION_ID_ROLE = Qt.ItemDataRole.UserRole + 2


def _column(title: str, text: Callable[[RowT], str], **details: Any) -> Column[RowT]:
    """A column whose title is also its header tooltip (for titles cut short)."""
    return Column(title, text, header_tooltip=title, **details)


def _share_key(counts: Counts) -> float:
    return counts.share if counts.share is not None and not counts.suppressed else -1.0


# Per kvalitetskriterium ---------------------------------------------------------------------

CRITERION, QUESTIONS, C_SHARE, C_X_OF_N, C_INTERVAL = range(5)
C_FIRST_GROUP = 5


class CriteriaModel(RowTableModel[CriterionResult]):
    """Kvalitetskriterium, Frågor, Andel, x av n, 95 % intervall (and one column per group)."""

    def __init__(self, parent: QObject | None = None) -> None:
        # What columns() reads, before the base asks for the columns.
        self._groups: list[str] = []
        self._by: str | None = None
        super().__init__(parent)

    def set_results(self, results: RoundResults | None) -> None:
        """Show the criteria of these results (None: empty)."""
        with self.resetting():
            self._rows = list(results.criteria) if results else []
            self._by = results.group_by if results else None
            self._groups = sorted(results.group_reviews) if results and results.group_by else []

    def columns(self) -> list[Column[CriterionResult]]:
        """The criterion, its share and one column per group."""
        fixed: list[Column[CriterionResult]] = [
            _column(
                _("Kvalitetskriterium"),
                lambda c: _(c.criterion.title),
                tooltip=lambda c: _("{count} frågor i mallen hör till kriteriet {title}.").format(
                    count=c.questions, title=_(c.criterion.title)
                ),
                alignment=LEFT,
                sort_by_position=True,
            ),
            _column(
                _("Frågor"),
                lambda c: str(c.questions),
                alignment=RIGHT,
                sort_key=lambda c: c.questions,
            ),
            _column(
                _("Andel"),
                lambda c: share_text(c.counts),
                alignment=RIGHT,
                sort_key=lambda c: _share_key(c.counts),
            ),
            _column(
                _("x av n"),
                lambda c: x_of_n(c.counts),
                alignment=RIGHT,
                sort_key=lambda c: c.counts.n,
            ),
            _column(
                _("95 % intervall"),
                lambda c: interval_text(c.counts),
                alignment=RIGHT,
                sort_key=lambda c: _share_key(c.counts),
            ),
        ]
        return fixed + [self._group_column(name) for name in self._groups]

    def _group_column(self, name: str) -> Column[CriterionResult]:
        def counts(item: CriterionResult) -> Counts:
            return item.groups.get(name, Counts())

        return _column(
            group_label(name, self._by),
            lambda c: group_text(counts(c)),
            alignment=RIGHT,
            sort_key=lambda c: _share_key(counts(c)),
        )


# Kritiska avvikelser ------------------------------------------------------------------------

CASE, GROUP, F_QUESTION, ANSWER, COMMENT = range(5)


class FindingsModel(RowTableModel[CriticalFinding]):
    """Ärende, Grupp, Fråga, Svar, Kommentar: every non-compliant answer to a critical question."""

    def set_results(self, results: RoundResults | None) -> None:
        """Show the critical findings of these results (None: empty)."""
        self.set_rows(results.critical_findings if results else [])

    def finding_at(self, row: int) -> CriticalFinding | None:
        """The finding shown at ``row``, or None."""
        return self.row_at(row)

    def columns(self) -> list[Column[CriticalFinding]]:
        """Where each finding is and what was answered; a column sorts by its text."""

        def open_hint(_finding: CriticalFinding) -> str:
            return _("Dubbelklicka eller tryck Enter för att öppna granskningen.")

        def case(finding: CriticalFinding) -> str:
            return finding.case_reference

        def group(finding: CriticalFinding) -> str:
            return finding.subgroup or NOTHING

        def question(finding: CriticalFinding) -> str:
            text = one_line(finding.question_text)
            return _("{id}: {text}").format(id=finding.question_id, text=text)

        def answer(finding: CriticalFinding) -> str:
            return finding.answer_label

        def comment(finding: CriticalFinding) -> str:
            return one_line(finding.comment) or NOTHING

        return [
            _column(_("Ärende"), case, tooltip=open_hint, sort_key=case),
            _column(_("Grupp"), group, tooltip=open_hint, sort_key=group),
            _column(_("Fråga"), question, tooltip=lambda f: f.question_text, sort_key=question),
            _column(_("Svar"), answer, tooltip=open_hint, sort_key=answer),
            _column(
                _("Kommentar"),
                comment,
                tooltip=lambda f: f.comment or open_hint(f),
                sort_key=comment,
            ),
        ]

    def role_data(self, row: CriticalFinding, column: int, role: int) -> Any:
        """The review id and the question id."""
        if role == REVIEW_ID_ROLE:
            return row.review_id
        if role == QUESTION_ID_ROLE:
            return row.question_id
        return None


# Numeriska mått -----------------------------------------------------------------------------

N_QUESTION, MEASURE, COUNT, MEAN, MEDIAN, MINIMUM, MAXIMUM = range(7)


def _measure(item: QuestionResult) -> str:
    field = item.question.number_field
    if field is None:
        return one_line(item.question.text)
    if field.unit:
        return _("{label} ({unit})").format(label=field.label, unit=field.unit)
    return field.label


def _number_column(
    title: str, value: Callable[[NumberSummary], float | None]
) -> Column[QuestionResult]:
    """A column of one number of the summary (the rows are the questions that have one)."""

    def number(item: QuestionResult) -> float | None:
        assert item.numbers is not None
        return value(item.numbers)

    def sort_key(item: QuestionResult) -> float:
        found = number(item)
        return found if found is not None else -1.0

    return _column(title, lambda r: number_text(number(r)), alignment=RIGHT, sort_key=sort_key)


class NumbersModel(RowTableModel[QuestionResult]):
    """Fråga, Mått, Antal, Medel, Median, Lägst, Högst for questions that record a number."""

    def set_results(self, results: RoundResults | None) -> None:
        """Show the number summaries of these results (None: empty)."""
        self.set_rows([r for r in results.questions if r.numbers is not None] if results else [])

    def columns(self) -> list[Column[QuestionResult]]:
        """The question and its measure, then the numbers."""
        return [
            _column(
                _("Fråga"),
                lambda r: r.question.id,
                tooltip=lambda r: r.question.text,
                alignment=LEFT,
                sort_by_position=True,
            ),
            _column(
                _("Mått"),
                _measure,
                tooltip=lambda r: r.question.text,
                alignment=LEFT,
                sort_key=lambda r: _measure(r).casefold(),
            ),
            _number_column(_("Antal"), lambda n: float(n.count)),
            _number_column(_("Medel"), lambda n: n.mean),
            _number_column(_("Median"), lambda n: n.median),
            _number_column(_("Lägst"), lambda n: n.minimum),
            _number_column(_("Högst"), lambda n: n.maximum),
        ]

    def role_data(self, row: QuestionResult, column: int, role: int) -> Any:
        """The question id."""
        return row.question.id if role == QUESTION_ID_ROLE else None
