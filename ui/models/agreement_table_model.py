"""Thin table models over a round's agreement (``kvaldesk.services.agreement.round_agreement``,
one row per question) and its double-reviewed cases
(``ui.models.double_state.load_double_states``, one row per case)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QBrush, QColor

from kvaldesk.services.agreement import AgreementStats, QuestionAgreement
from ui.i18n import _
from ui.models.base import RIGHT, Column, RowTableModel, bold_font, one_line
from ui.models.double_state import DoubleState
from ui.models.results_format import NOTHING, percent

QUESTION, TEXT, N, AGREEMENT, KAPPA, AC1, VERDICT = range(7)
CASE, REVIEWERS, DIFFERING, CONSENSUS = range(4)

#: Flagged questions: a warm background and dark text, plus words (not colour alone).
FLAGGED_BACKGROUND = QColor("#fde9d2")
FLAGGED_FOREGROUND = QColor("#7a2e00")


def coefficient(value: float | None) -> str:
    """κ or AC1 with two decimals in the window's language ("0,78"), or "–"."""
    if value is None:
        return NOTHING
    return QLocale().toString(value, "f", 2)


def _sort_value(value: float | None) -> float:
    return -2.0 if value is None else value


def flag_reason(stats: AgreementStats, kappa_threshold: float, agreement_threshold: float) -> str:
    """Why a question is flagged, in a sentence ("" when it is not under a threshold)."""
    reasons = []
    if stats.agreement is not None and stats.agreement < agreement_threshold:
        reasons.append(
            _("överensstämmelsen {value} är under gränsen {limit}").format(
                value=percent(stats.agreement), limit=percent(agreement_threshold)
            )
        )
    if stats.kappa is not None and stats.kappa < kappa_threshold:
        reasons.append(
            _("κ {value} är under gränsen {limit}").format(
                value=coefficient(stats.kappa), limit=coefficient(kappa_threshold)
            )
        )
    if not reasons:
        return ""
    return _(
        "Under gränsen: {reasons}. Kandidat för tydligare formulering eller hjälptext."
    ).format(reasons=_(" och ").join(reasons))


class AgreementTableModel(RowTableModel[QuestionAgreement]):
    """Fråga, Text, n, Överensstämmelse, κ, AC1, Bedömning."""

    def __init__(self, parent: Any = None) -> None:
        self.kappa_threshold = 0.75
        self.agreement_threshold = 0.95
        super().__init__(parent)

    def columns(self) -> list[Column[QuestionAgreement]]:
        """The seven columns."""
        return [
            Column(_("Fråga"), lambda q: q.id, sort_by_position=True),
            Column(_("Text"), lambda q: one_line(q.text), tooltip=lambda q: q.text),
            Column(
                _("n"),
                lambda q: str(q.stats.n),
                alignment=RIGHT,
                sort_key=lambda q: q.stats.n,
                header_tooltip=_("Antal dubbelgranskade ärenden där frågan gällde i båda."),
            ),
            Column(
                _("Överensstämmelse"),
                lambda q: percent(q.stats.agreement),
                alignment=RIGHT,
                sort_key=lambda q: _sort_value(q.stats.agreement),
                header_tooltip=_("Andelen ärenden där båda granskarna svarade lika."),
            ),
            Column(
                _("κ"),
                lambda q: coefficient(q.stats.kappa),
                accessible=lambda q: _("kappa {value}").format(value=coefficient(q.stats.kappa)),
                alignment=RIGHT,
                sort_key=lambda q: _sort_value(q.stats.kappa),
                header_tooltip=_(
                    "Cohens kappa: samstämmighet utöver slumpen. 1 är full samstämmighet, 0 "
                    "inte bättre än slumpen. Saknas (–) när alla svarade likadant."
                ),
            ),
            Column(
                _("AC1"),
                lambda q: coefficient(q.stats.ac1),
                alignment=RIGHT,
                sort_key=lambda q: _sort_value(q.stats.ac1),
                header_tooltip=_(
                    "Gwets AC1: som kappa, men stabil när nästan alla svar är likadana."
                ),
            ),
            Column(
                _("Bedömning"),
                lambda q: _("Under gränsen") if q.flagged else "",
                tooltip=lambda q: self.reason(q) or None,
                sort_key=lambda q: 0 if q.flagged else 1,
            ),
        ]

    def set_report(
        self, rows: list[QuestionAgreement], kappa_threshold: float, agreement_threshold: float
    ) -> None:
        """Show these questions, judged against these thresholds."""
        with self.resetting():
            self._rows = list(rows)
            self.kappa_threshold = kappa_threshold
            self.agreement_threshold = agreement_threshold

    def reason(self, row: QuestionAgreement) -> str:
        """Why the question is flagged ("" when it is not)."""
        if not row.flagged:
            return ""
        return flag_reason(row.stats, self.kappa_threshold, self.agreement_threshold)

    def row_key(self, row: QuestionAgreement) -> str:
        """Rows are found by question id."""
        return row.id

    def role_data(self, row: QuestionAgreement, column: int, role: int) -> Any:
        """Flagged questions warm, with the verdict in bold; the reason as every cell's tip."""
        if not row.flagged:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(FLAGGED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(FLAGGED_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and column == VERDICT:
            return bold_font()
        return None


def consensus_text(row: DoubleState) -> str:
    """Where the case stands on the way to a consensus."""
    if not row.is_double:
        return _("Väntar på två klara granskningar")
    if row.consensus_status == "complete":
        return _("Samsyn klar")
    if not row.differing:
        return _("Samma svar, ingen samsyn behövs")
    if row.consensus_status == "draft":
        return _("Samsyn påbörjad")
    return _("Samsyn behövs")


class DoubleCasesModel(RowTableModel[DoubleState]):
    """Ärende, Granskare, Skillnader, Samsyn."""

    SORTS_BY_TEXT = True

    def columns(self) -> list[Column[DoubleState]]:
        """The four columns."""
        return [
            Column(_("Ärende"), lambda r: r.case.reference),
            Column(
                _("Granskare"),
                lambda r: ", ".join(
                    name if name in r.complete_reviewers else _("{name} (pågår)").format(name=name)
                    for name in r.reviewers
                ),
            ),
            Column(
                _("Skillnader"),
                lambda r: NOTHING if r.differing is None else str(r.differing),
                alignment=RIGHT,
                sort_key=lambda r: -1 if r.differing is None else r.differing,
                header_tooltip=_("Antal frågor där de två granskarna svarade olika."),
            ),
            Column(_("Samsyn"), consensus_text),
        ]

    def row_key(self, row: DoubleState) -> str:
        """Rows are found by case id."""
        return row.case.id

    def role_data(self, row: DoubleState, column: int, role: int) -> Any:
        """Cases still needing a consensus in warm text."""
        if role == Qt.ItemDataRole.ForegroundRole and column == CONSENSUS and row.needs_consensus:
            return QBrush(FLAGGED_FOREGROUND)
        return None
