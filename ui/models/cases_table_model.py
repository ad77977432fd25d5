"""A thin table model over a round's cases (``kvaldesk.services.rounds.list_cases``), their
reviews (``kvaldesk.services.reviews.list_reviews``) and their double-review state
(``ui.models.double_state.load_double_states``): one row per case."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from kvaldesk.domain.enums import ReviewStatus
from kvaldesk.domain.model import Case
from kvaldesk.services.reviews import ReviewProgress
from ui.i18n import _
from ui.models.base import RIGHT, Column, RowTableModel
from ui.models.double_state import DoubleState

REFERENCE, SUBGROUP, UNIT, MINE, REVIEWS, DOUBLE, OTHERS = range(7)

#: The case id of a row (any column).
CASE_ID_ROLE = Qt.ItemDataRole.UserRole

DONE_FOREGROUND = QColor("#1d5e2e")
NOT_STARTED_FOREGROUND = QColor("#5f6b76")
#: A double-reviewed case whose reviewers still have to agree: warm, with words that say so.
CONSENSUS_NEEDED_FOREGROUND = QColor("#7a2e00")


@dataclass(frozen=True)
class CaseRow:
    """One case with my review (if any) and the other reviewers' reviews."""

    case: Case
    mine: Mapping[str, Any] | None = None
    my_progress: ReviewProgress | None = None
    others: list[Mapping[str, Any]] = field(default_factory=list)
    #: The double-review state, for cases marked for double review or with two reviewers.
    double: DoubleState | None = None

    @property
    def review_count(self) -> int:
        """The reviewers' own reviews of the case (a consensus review is not counted)."""
        return len(self.others) + (1 if self.mine is not None else 0)

    @property
    def needs_consensus(self) -> bool:
        """Two complete reviews that differ, and no complete consensus yet."""
        return self.double is not None and self.double.needs_consensus

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
    doubles: Mapping[str, DoubleState] | None = None,
) -> list[CaseRow]:
    """Combine the service's cases and review rows into one row per case.

    ``reviewer`` is the user's own name; ``progress`` maps review ids of the user's
    unfinished reviews to their progress; ``doubles`` maps case ids to their double-review
    state. Consensus reviews are left out of the reviews (``doubles`` tells about them).
    """
    progress = progress or {}
    doubles = doubles or {}
    by_case: dict[str, list[Mapping[str, Any]]] = {}
    for review in reviews:
        if review.get("consensus"):
            continue
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
        rows.append(
            CaseRow(
                case,
                mine,
                progress.get(str(mine["id"])) if mine else None,
                others,
                doubles.get(case.id),
            )
        )
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


def my_review_text(row: CaseRow) -> str:
    """The state of my review of the case: Ej påbörjad, Pågår … or Klar."""
    if row.mine is None:
        return _("Ej påbörjad")
    return review_state_text(row.mine, row.my_progress)


def _my_review_tooltip(row: CaseRow) -> str | None:
    if row.mine is None:
        return _("Du har inte börjat granska ärendet. Tryck Enter för att börja.")
    return None


def double_review_text(row: CaseRow) -> str:
    """The case's double-review state in a few words ("" for an ordinary case)."""
    double = row.double
    if double is None:
        return ""
    if double.consensus_status == "complete":
        return _("Samsyn klar")
    if double.is_double:
        if not double.differing:
            return _("Samma svar")
        if double.consensus_status == "draft":
            return _("Samsyn påbörjad")
        if double.differing == 1:
            return _("Samsyn behövs (1 fråga)")
        return _("Samsyn behövs ({n} frågor)").format(n=double.differing)
    if double.marked:
        return _("Markerad, {done} av 2 klara").format(done=min(len(double.complete_reviewers), 2))
    return _("{n} granskare").format(n=len(double.reviewers))


def _double_review_tooltip(row: CaseRow) -> str | None:
    double = row.double
    if double is None:
        return _("Inte markerat för dubbelgranskning.")
    if double.is_double and double.differing and double.consensus_status != "complete":
        return _(
            "Granskarna har svarat olika på {n} frågor. Välj Samsyn… för att komma överens "
            "om ett svar per fråga."
        ).format(n=double.differing)
    if double.marked and not double.is_double:
        return _(
            "Markerat för oberoende dubbelgranskning: två granskare granskar ärendet utan att se "
            "varandras svar förrän båda är klara."
        )
    return None


def _double_review_sort_key(row: CaseRow) -> str:
    double = row.double
    if double is None:
        return "9"
    if row.needs_consensus:
        return "0"
    return "1" if double.consensus_status != "complete" else "2"


def _my_review_sort_key(row: CaseRow) -> str:
    done = row.my_progress.answered if row.my_progress else 0
    return f"{row.my_state}{done:06d}"


class CasesTableModel(RowTableModel[CaseRow]):
    """Ärende, Grupp, Enhet, Min granskning, Granskningar, Dubbelgranskning, Andra granskare."""

    SORTS_BY_TEXT = True

    def columns(self) -> list[Column[CaseRow]]:
        """The seven columns."""
        return [
            Column(_("Ärende"), lambda r: r.case.reference),
            Column(_("Grupp"), lambda r: r.case.subgroup),
            Column(_("Enhet"), lambda r: r.case.unit),
            Column(
                _("Min granskning"),
                my_review_text,
                tooltip=_my_review_tooltip,
                sort_key=_my_review_sort_key,
            ),
            Column(
                _("Granskningar"),
                lambda r: str(r.review_count),
                alignment=RIGHT,
                sort_key=lambda r: r.review_count,
                header_tooltip=_("Hur många granskningar ärendet har (samsyn räknas inte)."),
            ),
            Column(
                _("Dubbelgranskning"),
                double_review_text,
                tooltip=_double_review_tooltip,
                sort_key=_double_review_sort_key,
            ),
            Column(
                _("Andra granskare"),
                lambda r: "; ".join(other_review_text(o) for o in r.others),
                tooltip=lambda r: "\n".join(other_review_text(o) for o in r.others) or None,
                sort_key=lambda r: f"{len(r.others):06d}",
            ),
        ]

    def row_key(self, row: CaseRow) -> str:
        """Rows are found by case id."""
        return row.case.id

    def role_data(self, row: CaseRow, column: int, role: int) -> Any:
        """The colour of my review's state; the case id under CASE_ID_ROLE."""
        if role == Qt.ItemDataRole.ForegroundRole and column == MINE:
            if row.my_state == 2:
                return QBrush(DONE_FOREGROUND)
            if row.my_state == 0:
                return QBrush(NOT_STARTED_FOREGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == DOUBLE and row.needs_consensus:
            return QBrush(CONSENSUS_NEEDED_FOREGROUND)
        if role == CASE_ID_ROLE:
            return row.case.id
        return None
