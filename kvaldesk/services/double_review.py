"""Use cases for independent double review (dubbelgranskning) of cases in a round.

A case is a *double-review case* when it is marked for double review, or when two different
reviewers have reviewed it (in the window, merged from packages, or imported from a
spreadsheet as two rows with the same ``ärende`` and different ``granskare``). It *is double
reviewed* once two complete reviews by different reviewers exist; consensus reviews
(:mod:`kvaldesk.services.consensus`) are never one of the two.

Blindness: while a double-review case is not done (two complete reviews by different
reviewers, and every review of it complete) nobody may see another reviewer's answers of it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlite_utils import Database

from kvaldesk.domain.enums import ReviewStatus
from kvaldesk.domain.errors import ValidationError
from kvaldesk.domain.model import Case, Review
from kvaldesk.storage import audit, reviews_repo, rounds_repo

ConsensusStatus = Literal["none", "draft", "complete"]

BLIND_REASON = (
    "Ärendet dubbelgranskas oberoende. De andra granskarnas svar visas när båda "
    "granskningarna är klara."
)


@dataclass(frozen=True)
class AnswerVisibility:
    """Whether a viewer may see other reviewers' answers of a case, and why not."""

    visible: bool
    reason: str = ""


@dataclass(frozen=True)
class DoubleReviewCase:
    """A double-review case and how far it has come."""

    case: Case
    marked: bool
    reviewers: list[str]
    complete_reviewers: list[str]
    is_double: bool
    consensus_status: ConsensusStatus


def ordinary_reviews(reviews: Sequence[Review]) -> list[Review]:
    """The reviews that are not consensus reviews."""
    return [r for r in reviews if not r.consensus]


def _distinct(names: Sequence[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return list(seen.values())


def first_two_complete(reviews: Sequence[Review]) -> tuple[Review, Review] | None:
    """The first two complete ordinary reviews by different reviewers (by completion time,
    then reviewer, then id), or None: the pair compared for agreement and consensus."""
    complete = sorted(
        (r for r in ordinary_reviews(reviews) if r.status is ReviewStatus.COMPLETE),
        key=lambda r: (r.completed_at or "", r.reviewer.casefold(), r.id),
    )
    if not complete:
        return None
    first = complete[0]
    second = next(
        (r for r in complete[1:] if r.reviewer.casefold() != first.reviewer.casefold()), None
    )
    return (first, second) if second is not None else None


def _describe(case: Case, reviews: Sequence[Review]) -> DoubleReviewCase:
    ordinary = ordinary_reviews(reviews)
    consensus = [r for r in reviews if r.consensus]
    status: ConsensusStatus = "none"
    if consensus:
        complete = any(r.status is ReviewStatus.COMPLETE for r in consensus)
        status = "complete" if complete else "draft"
    return DoubleReviewCase(
        case=case,
        marked=case.double_review,
        reviewers=_distinct([r.reviewer for r in ordinary]),
        complete_reviewers=_distinct(
            [r.reviewer for r in ordinary if r.status is ReviewStatus.COMPLETE]
        ),
        is_double=first_two_complete(reviews) is not None,
        consensus_status=status,
    )


def is_double_review_case(case: Case, reviews: Sequence[Review]) -> bool:
    """Marked for double review, or reviewed by two different reviewers."""
    return case.double_review or len(_distinct([r.reviewer for r in ordinary_reviews(reviews)])) > 1


def double_review_cases(db: Database, round_id: str) -> list[DoubleReviewCase]:
    """The round's double-review cases (marked, or reviewed by two reviewers), by reference."""
    rounds_repo.get_round(db, round_id)
    # Only a marked case or one with two reviews or more can be one: the others are not read
    # (reading every case of a round of thousands, and one query per case, was slow).
    found = []
    for case in rounds_repo.double_review_candidates(db, round_id):
        reviews = reviews_repo.reviews_of_case(db, case.id)
        if is_double_review_case(case, reviews):
            found.append(_describe(case, reviews))
    return found


def mark_double_review(db: Database, case_ids: Sequence[str], marked: bool = True) -> int:
    """Mark (or unmark) cases for independent double review; returns how many changed."""
    with db.atomic():
        for case_id in case_ids:
            rounds_repo.get_case(db, case_id)
        changed = rounds_repo.set_double_review(db, case_ids, marked)
        for case_id in case_ids:
            audit.record(
                db,
                "double_review_marked" if marked else "double_review_unmarked",
                "case",
                case_id,
            )
    return changed


def mark_random_double_review(
    db: Database, round_id: str, count: int, *, seed: int | None = None
) -> list[Case]:
    """Mark ``count`` randomly chosen cases of the round that are not yet marked.

    The choice is reproducible with ``seed`` (it does not depend on the order of the cases).
    """
    with db.atomic():
        cases = [c for c in rounds_repo.list_cases(db, round_id) if not c.double_review]
        if count < 1:
            raise ValidationError("Ange hur många ärenden som ska dubbelgranskas (minst 1).")
        if count > len(cases):
            raise ValidationError(
                f"Det går inte att välja {count} ärenden för dubbelgranskning: "
                f"omgången har bara {len(cases)} ärenden som inte redan är markerade."
            )
        rng = random.Random(seed) if seed is not None else random.SystemRandom()
        ordered = sorted(cases, key=lambda c: (c.reference.casefold(), c.reference))
        chosen = sorted(rng.sample(ordered, count), key=lambda c: c.reference.casefold())
        ids = [c.id for c in chosen]
        rounds_repo.set_double_review(db, ids, True)
        audit.record(
            db, "double_review_marked", "round", round_id, {"cases": len(ids), "random": True}
        )
    return [rounds_repo.get_case(db, case_id) for case_id in ids]


def answer_visibility(db: Database, case_id: str, viewer: str) -> AnswerVisibility:
    """Whether ``viewer`` may see the answers of other reviewers' reviews of this case.

    Always visible for a case that is not a double-review case. For a double-review case only
    once two complete reviews by different reviewers exist and every review of the case is
    complete (a draft by a third reviewer keeps the others hidden from them too).
    """
    case = rounds_repo.get_case(db, case_id)
    reviews = reviews_repo.reviews_of_case(db, case_id)
    if not is_double_review_case(case, reviews):
        return AnswerVisibility(True)
    done = first_two_complete(reviews) is not None and all(
        r.status is ReviewStatus.COMPLETE for r in ordinary_reviews(reviews)
    )
    if done:
        return AnswerVisibility(True)
    return AnswerVisibility(False, BLIND_REASON)


def may_see_other_answers(db: Database, case_id: str, viewer: str) -> bool:
    """Shorthand for ``answer_visibility(...).visible``."""
    return answer_visibility(db, case_id, viewer).visible


def check_may_see(db: Database, review: Review, viewer: str | None) -> None:
    """Refuse (ValidationError) showing ``review`` to ``viewer`` while the case is blind.

    No check without a viewer, for the viewer's own review, or for consensus reviews
    (made only after both reviews are complete).
    """
    if viewer is None or review.consensus or review.reviewer.casefold() == viewer.casefold():
        return
    visibility = answer_visibility(db, review.case_id, viewer)
    if not visibility.visible:
        raise ValidationError(visibility.reason)
