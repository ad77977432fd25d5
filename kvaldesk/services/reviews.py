"""Use cases for a review: start or resume, save each answer at once, complete, reopen."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlite_utils import Database

from kvaldesk.domain.enums import QuestionKind, ReviewStatus, RoundStatus
from kvaldesk.domain.errors import NotFoundError, Problem, ValidationError
from kvaldesk.domain.model import Answer, Question, Review, Template
from kvaldesk.domain.rules import applicable_questions, missing_questions
from kvaldesk.domain.validation import clean_text
from kvaldesk.services.double_review import check_may_see
from kvaldesk.storage import audit, reviews_repo, rounds_repo, templates_repo
from kvaldesk.storage.database import durable, now_iso
from kvaldesk.storage.settings import REVIEWER_NAME, get_setting

MAX_COMMENT_LENGTH = 4000


@dataclass(frozen=True)
class ReviewProgress:
    """How far a review has come: answered applicable questions of all applicable ones."""

    answered: int
    applicable: int
    missing: list[str]

    @property
    def done(self) -> bool:
        """Every applicable question is answered."""
        return not self.missing


def _template_of_review(db: Database, review: Review) -> Template:
    round_ = rounds_repo.get_round(db, review.round_id)
    return templates_repo.get_template(db, round_.template_id)


def start_review(db: Database, case_id: str, reviewer: str | None = None) -> Review:
    """Resume this reviewer's own review of the case, or start a new draft.

    Another reviewer's review is never resumed: a second reviewer of a case (double review)
    gets a review of their own, and consensus reviews are left alone.
    """
    name = clean_text(
        reviewer if reviewer is not None else get_setting(db, REVIEWER_NAME),
        "Granskarens namn",
        max_length=120,
    )
    if not name:
        raise ValidationError("Ange ditt namn som granskare under Inställningar först.")
    with db.atomic():
        case = rounds_repo.get_case(db, case_id)
        for existing in reviews_repo.reviews_of_case(db, case_id):
            if existing.reviewer == name and not existing.consensus:
                return reviews_repo.get_review(db, existing.id)
        round_ = rounds_repo.get_round(db, case.round_id)
        if round_.status is RoundStatus.CLOSED:
            raise ValidationError("Omgången är stängd och tar inte emot nya granskningar.")
        review = reviews_repo.insert_review(db, case.round_id, case_id, name)
        audit.record(
            db, "review_started", "review", review.id, {"case": case.reference}, actor=name
        )
    return review


def get_review(db: Database, review_id: str, viewer: str | None = None) -> Review:
    """A review with its answers.

    With ``viewer`` (the person who will see it), a review by someone else of a double-review
    case that is not done yet is refused (ValidationError): reviewers stay blind to each other.
    """
    review = reviews_repo.get_review(db, review_id)
    check_may_see(db, review, viewer)
    return review


def _check_answer(
    question: Question, value: str | None, number: float | None, text: str | None
) -> None:
    if value is not None and question.options and question.option(value) is None:
        allowed = ", ".join(o.label for o in question.options)
        raise ValidationError(f"Fråga {question.id}: svaret måste vara ett av {allowed}.")
    if number is not None:
        field = question.number_field
        if field is None and question.kind is not QuestionKind.NUMBER:
            raise ValidationError(f"Fråga {question.id} har inget sifferfält.")
        if math.isnan(number) or math.isinf(number):
            raise ValidationError(f"Fråga {question.id}: ange ett tal.")
        if field is not None:
            if field.integer and number != int(number):
                raise ValidationError(f"{field.label}: ange ett heltal.")
            if field.minimum is not None and number < field.minimum:
                raise ValidationError(f"{field.label}: minst {field.minimum:g}.")
            if field.maximum is not None and number > field.maximum:
                raise ValidationError(f"{field.label}: högst {field.maximum:g}.")
    if text is not None:
        clean_text(text, f"Fråga {question.id}", max_length=MAX_COMMENT_LENGTH)


def save_answer(
    db: Database,
    review_id: str,
    question_id: str,
    *,
    value: str | None = None,
    number: float | None = None,
    text: str | None = None,
    comment: str = "",
) -> Review:
    """Save one answer at once (a committed transaction) and return the updated review.

    Answers to questions that stop applying because of this answer are kept but leave the
    results. A complete review must be reopened before it can change.
    """
    comment = clean_text(comment, "Kommentaren", max_length=MAX_COMMENT_LENGTH)
    with db.atomic():
        stored = reviews_repo.review_to_change(db, review_id)
        review = stored.review
        if review.status is ReviewStatus.COMPLETE:
            raise ValidationError(
                "Granskningen är markerad som klar. Öppna den igen för att ändra."
            )
        template = templates_repo.get_template(db, stored.template_id)
        question = template.question(question_id)
        if question is None:
            raise NotFoundError(f"Mallen har ingen fråga {question_id}.")
        _check_answer(question, value, number, text)
        stamp = now_iso()
        answer = Answer(
            question_id=question_id,
            value=value,
            number=float(number) if number is not None else None,
            text=text.strip() if text else text,
            comment=comment,
            answered_at=stamp,
        )
        values = {qid: a.value for qid, a in review.answers.items()}
        values[question_id] = value
        applicable = {q.id for q in applicable_questions(template, values)}
        reviews_repo.upsert_answer(db, review_id, answer, applies=question_id in applicable)
        reviews_repo.set_applicable(
            db, review_id, applicable, {**stored.applies, question_id: question_id in applicable}
        )
        vector = reviews_repo.bumped(review.version_vector, stored.machine_id)
        reviews_repo.store_version(db, review_id, vector, stamp)
        audit.record(
            db,
            "answer_saved",
            "review",
            review_id,
            {"question": question_id, "value": value},
            actor=review.reviewer,
            machine=stored.machine_id,
            at=stamp,
        )
    # What a fresh read would give, without reading again: the answers in stored order.
    return Review(
        id=review.id,
        round_id=review.round_id,
        case_id=review.case_id,
        reviewer=review.reviewer,
        status=review.status,
        started_at=review.started_at,
        updated_at=stamp,
        completed_at=review.completed_at,
        version_vector=vector,
        answers=dict(sorted({**review.answers, question_id: answer}.items())),
        consensus=review.consensus,
    )


def progress(template: Template, review: Review) -> ReviewProgress:
    """Answered and applicable question counts, and the ids still missing."""
    values = {qid: a.value for qid, a in review.answers.items()}
    numbers = {qid: a.number for qid, a in review.answers.items()}
    texts = {qid: a.text for qid, a in review.answers.items()}
    applicable = applicable_questions(template, values)
    missing = missing_questions(template, values, numbers, texts)
    return ReviewProgress(len(applicable) - len(missing), len(applicable), [q.id for q in missing])


def review_progress(db: Database, review_id: str) -> ReviewProgress:
    """Progress of a stored review."""
    review = reviews_repo.get_review(db, review_id)
    return progress(_template_of_review(db, review), review)


def complete_review(db: Database, review_id: str) -> Review:
    """Mark a review complete; refused with the missing questions listed if any remain."""
    with durable(db):
        review = reviews_repo.get_review(db, review_id)
        if review.status is ReviewStatus.COMPLETE:
            return review
        template = _template_of_review(db, review)
        state = progress(template, review)
        if not state.done:
            raise ValidationError(
                "Granskningen kan inte markeras som klar: "
                f"{len(state.missing)} av {state.applicable} frågor saknar svar.",
                [
                    Problem(f"Fråga {q.id}", q.text)
                    for q in template.questions
                    if q.id in state.missing
                ],
            )
        reviews_repo.set_status(db, review_id, ReviewStatus.COMPLETE)
        reviews_repo.touch_review(db, review_id)
        audit.record(db, "review_completed", "review", review_id, actor=review.reviewer)
    return reviews_repo.get_review(db, review_id)


def reopen_review(db: Database, review_id: str, reason: str = "") -> Review:
    """Reopen a complete review for changes; an explicit action that is logged with its reason."""
    why = clean_text(reason, "Anledningen", max_length=500)
    with db.atomic():
        review = reviews_repo.get_review(db, review_id)
        if review.status is not ReviewStatus.COMPLETE:
            return review
        reviews_repo.set_status(db, review_id, ReviewStatus.DRAFT)
        reviews_repo.touch_review(db, review_id)
        audit.record(db, "review_reopened", "review", review_id, {"reason": why})
    return reviews_repo.get_review(db, review_id)


def list_reviews(db: Database, round_id: str) -> list[dict[str, object]]:
    """The reviews of a round with case reference, subgroup, unit, reviewer and status."""
    rounds_repo.get_round(db, round_id)
    return reviews_repo.list_reviews(db, round_id)
