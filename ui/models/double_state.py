"""A double-review case as the window shows it: the engine's
``kvaldesk.services.double_review.DoubleReviewCase`` and how many questions its two reviews
answer differently (from ``kvaldesk.services.consensus.consensus_state``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from kvaldesk.domain.model import Case
from kvaldesk.services import consensus as consensus_service
from kvaldesk.services import double_review as double_review_service
from kvaldesk.services.double_review import DoubleReviewCase


@dataclass(frozen=True)
class DoubleState:
    """One double-review case and its number of differing questions (None until it has two
    complete reviews by different reviewers)."""

    review: DoubleReviewCase
    differing: int | None

    @property
    def case(self) -> Case:
        """The case."""
        return self.review.case

    @property
    def marked(self) -> bool:
        """Marked for independent double review."""
        return self.review.marked

    @property
    def reviewers(self) -> list[str]:
        """The reviewers of the case (consensus left out), any status."""
        return self.review.reviewers

    @property
    def complete_reviewers(self) -> list[str]:
        """The reviewers whose review is complete."""
        return self.review.complete_reviewers

    @property
    def is_double(self) -> bool:
        """Two complete reviews by different reviewers."""
        return self.review.is_double

    @property
    def consensus_status(self) -> str:
        """ "none", "draft" or "complete"."""
        return str(self.review.consensus_status)

    @property
    def needs_consensus(self) -> bool:
        """Two complete reviews that differ, and no complete consensus yet."""
        return self.is_double and bool(self.differing) and self.consensus_status != "complete"


def load_double_states(db: Database, round_id: str) -> list[DoubleState]:
    """The round's double-review cases with their differing questions counted."""
    states = []
    for review in double_review_service.double_review_cases(db, round_id):
        differing = None
        if review.is_double:
            differing = len(consensus_service.consensus_state(db, review.case.id).differences)
        states.append(DoubleState(review, differing))
    return states
