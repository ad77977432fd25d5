"""The data of the round report's calibration, trend and follow-up parts: pure, from computed
agreement, trends and the earlier rounds' actions.

* :class:`CalibrationSection` — agreement between double reviewers per question (observed
  agreement, Cohen's κ, Gwet's AC1, n) with the questions under the thresholds flagged.
* :class:`TrendSection` — the share compliant per question and round (only where the question
  is unchanged), with the chart's series.
* :func:`earlier_actions` — the actions of earlier rounds of the same template with their
  status and overdue mark.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kvaldesk.domain.model import Action
from kvaldesk.reporting.charts import TrendSeries, trend_series
from kvaldesk.reporting.review_summary_data import SummaryAction, summary_actions
from kvaldesk.reporting.share_data import NOTHING, percent
from kvaldesk.results.agreement import AgreementReport, AgreementStats
from kvaldesk.results.trends import Trends

NOT_JOINED = "ej jämförbar"


@dataclass(frozen=True)
class CalibrationRow:
    """Agreement on one question (or all questions pooled) as printed."""

    question_id: str
    text: str
    n: int
    agreement_text: str
    kappa_text: str
    ac1_text: str
    flagged: bool


@dataclass(frozen=True)
class CalibrationSection:
    """Everything the calibration section prints."""

    double_reviewed: int
    marked: int
    consensus: int
    rows: tuple[CalibrationRow, ...]
    overall: CalibrationRow
    kappa_threshold_text: str
    agreement_threshold_text: str

    @property
    def flagged(self) -> tuple[CalibrationRow, ...]:
        """Questions under a threshold."""
        return tuple(r for r in self.rows if r.flagged)


@dataclass(frozen=True)
class TrendRow:
    """One question's share per round as printed ("ej jämförbar" where not joined)."""

    question_id: str
    text: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class TrendSection:
    """The trend table and chart of the round's template key, oldest round first."""

    round_names: tuple[str, ...]
    round_reviews: tuple[int, ...]
    rows: tuple[TrendRow, ...]
    chart_series: tuple[TrendSeries, ...]
    chart_labels: tuple[str, ...]
    any_not_joined: bool


@dataclass(frozen=True)
class EarlierAction:
    """An action of an earlier round, with that round's name."""

    round_name: str
    action: SummaryAction


def coefficient_text(value: float | None) -> str:
    """κ or AC1 with two decimals and a decimal comma ("0,74", "−0,02"), or "–"."""
    if value is None:
        return NOTHING
    return f"{value:.2f}".replace(".", ",").replace("-", "−")


def _row(question_id: str, text: str, stats: AgreementStats, flagged: bool) -> CalibrationRow:
    return CalibrationRow(
        question_id=question_id,
        text=text,
        n=stats.n,
        agreement_text=percent(stats.agreement),
        kappa_text=coefficient_text(stats.kappa),
        ac1_text=coefficient_text(stats.ac1),
        flagged=flagged,
    )


def build_calibration(
    report: AgreementReport, *, marked: int, consensus: int
) -> CalibrationSection:
    """The calibration section from a round's agreement, the number of cases marked for double
    review and the number of double-reviewed cases with a consensus."""
    return CalibrationSection(
        double_reviewed=report.cases,
        marked=marked,
        consensus=consensus,
        rows=tuple(_row(q.id, q.text, q.stats, q.flagged) for q in report.questions),
        overall=_row("Alla", "Alla frågor sammantaget", report.overall, False),
        kappa_threshold_text=coefficient_text(report.kappa_threshold),
        agreement_threshold_text=percent(report.agreement_threshold),
    )


def _trend_cell(point_share: float | None, n: int, compliant: int) -> str:
    if n == 0 or point_share is None:
        return NOTHING
    if n < 10:
        return f"{compliant} av {n}"
    return percent(point_share)


def build_trends(trends: Trends) -> TrendSection | None:
    """The trend section, or None when the template key has only this round."""
    if not trends.has_history:
        return None
    rows = []
    for question in trends.questions:
        cells = tuple(
            NOT_JOINED if p is None else _trend_cell(p.share, p.n, p.compliant)
            for p in question.points
        )
        rows.append(TrendRow(question.id, question.text, cells))
    series, labels = trend_series(trends)
    return TrendSection(
        round_names=tuple(r.name for r in trends.rounds),
        round_reviews=tuple(r.cases for r in trends.rounds),
        rows=tuple(rows),
        chart_series=tuple(series),
        chart_labels=tuple(labels),
        any_not_joined=any(q.changed_in for q in trends.questions),
    )


def earlier_actions(items: Iterable[tuple[str, Action]], today: date) -> tuple[EarlierAction, ...]:
    """The earlier rounds' actions ``(round name, action)`` as the report prints them."""
    pairs = list(items)
    printed = summary_actions([a for _, a in pairs], today)
    return tuple(
        EarlierAction(name, action) for (name, _), action in zip(pairs, printed, strict=True)
    )
