"""A thin table model over the trends of a template key (``kvaldesk.services.trends``): one row
per question, one column per round (oldest first), and the change from the first to the last
round the question was joined in."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from kvaldesk.services import charts
from kvaldesk.services.trends import TrendPoint, TrendQuestion, TrendRound, Trends
from ui.i18n import _
from ui.models.base import RIGHT, Column, RowTableModel, one_line
from ui.models.results_format import NOTHING, percent
from ui.models.results_format import change_text as share_change_text

QUESTION, TEXT = range(2)
#: The first round's column; the change is the last column.
FIRST_ROUND = 2


def point_text(point: TrendPoint | None) -> str:
    """ "76 %", "7 av 9" when n < 10, or "–" (not answered, or not joined in that round)."""
    if point is None or point.n == 0 or point.share is None:
        return NOTHING
    if point.n < charts.SMALL_N:
        return _("{x} av {n}").format(x=point.compliant, n=point.n)
    return percent(point.share)


def point_tooltip(question: TrendQuestion, round_: TrendRound, point: TrendPoint | None) -> str:
    """What a cell means, in a sentence."""
    if point is None:
        return _("Frågan var inte likadan i {round} och jämförs inte där.").format(
            round=round_.name
        )
    if point.n == 0:
        return _("Inga svar på frågan i {round}.").format(round=round_.name)
    return _("{round}: {x} av {n} uppfyllt.").format(
        round=round_.name, x=point.compliant, n=point.n
    )


def change_points(question: TrendQuestion) -> float | None:
    """Percentage points from the first to the last round with a share (None if fewer than two)."""
    shares = [p.share for p in question.points if p is not None and p.share is not None and p.n]
    if len(shares) < 2:
        return None
    return 100 * (shares[-1] - shares[0])


def change_text(question: TrendQuestion) -> str:
    """ "+8 p.e.", "−5 p.e.", "±0 p.e." (as in the results) or "–"."""
    change = change_points(question)
    return share_change_text(None if change is None else change / 100)


def round_header(round_: TrendRound) -> str:
    """A round's column title: the month its period starts, else its name."""
    if round_.period_start:
        return round_.period_start[:7]
    return round_.name


class TrendTableModel(RowTableModel[TrendQuestion]):
    """Fråga, Text, one column per round, Förändring."""

    def __init__(self, parent: QObject | None = None) -> None:
        self.trend_rounds: list[TrendRound] = []
        super().__init__(parent)

    def columns(self) -> list[Column[TrendQuestion]]:
        """Fråga and Text, the rounds, and the change."""
        result: list[Column[TrendQuestion]] = [
            Column(_("Fråga"), lambda q: q.id, sort_by_position=True),
            Column(_("Text"), lambda q: one_line(q.text), tooltip=lambda q: q.text),
        ]
        for index, round_ in enumerate(self.trend_rounds):
            result.append(self._round_column(index, round_))
        result.append(
            Column(
                _("Förändring"),
                change_text,
                alignment=RIGHT,
                sort_key=lambda q: -1000.0 if change_points(q) is None else change_points(q),
                header_tooltip=_(
                    "Skillnaden i procentenheter mellan den första och den senaste omgången."
                ),
            )
        )
        return result

    @staticmethod
    def _round_column(index: int, round_: TrendRound) -> Column[TrendQuestion]:
        def point(question: TrendQuestion) -> TrendPoint | None:
            return question.points[index] if index < len(question.points) else None

        def sort_value(question: TrendQuestion) -> float:
            found = point(question)
            return -1.0 if found is None or found.share is None else found.share

        period = " – ".join(p for p in (round_.period_start, round_.period_end) if p)
        return Column(
            round_header(round_),
            lambda q: point_text(point(q)),
            tooltip=lambda q: point_tooltip(q, round_, point(q)),
            alignment=RIGHT,
            sort_key=sort_value,
            header_tooltip=_("{name} ({period}), {n} granskade ärenden").format(
                name=round_.name, period=period or NOTHING, n=round_.cases
            ),
        )

    def set_trends(self, trends: Trends | None) -> None:
        """Show these trends (None: nothing)."""
        with self.resetting():
            self.trend_rounds = list(trends.rounds) if trends else []
            self._rows = list(trends.questions) if trends else []

    def row_key(self, row: TrendQuestion) -> str:
        """Rows are found by question id."""
        return row.id

    def role_data(self, row: TrendQuestion, column: int, role: int) -> Any:
        """Nothing beyond the columns."""
        return None
