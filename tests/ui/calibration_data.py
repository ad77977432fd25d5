"""Test data for calibration: second reviews of cases that already have a complete review, with
chosen answers changed, so that the cases are double-reviewed and differ where wanted."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from kvaldesk.domain.enums import ReviewStatus
from kvaldesk.domain.model import Condition, Question, Template
from kvaldesk.services import double_review as double_review_service
from kvaldesk.services import reviews as reviews_service
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services import templates as templates_service

SECOND_REVIEWER = "Kerstin Öberg"


def _referenced(condition: Condition | None) -> set[str]:
    if condition is None:
        return set()
    found = {condition.question} if condition.question else set()
    for part in (*condition.all_of, *condition.any_of):
        found |= _referenced(part)
    return found | _referenced(condition.negated)


def flippable_questions(template: Template) -> list[Question]:
    """Choice questions no other question depends on and that apply always: changing their
    answer changes nothing else in a review."""
    used: set[str] = set()
    for question in template.questions:
        used |= _referenced(question.condition)
    return [
        q
        for q in template.questions
        if q.options and q.condition is None and q.id not in used and len(q.options) > 1
    ]


def round_template(db: Database, round_id: str) -> Template:
    round_ = rounds_service.get_round(db, round_id)
    return templates_service.get_template_by_id(db, round_.template_id)


def add_second_reviews(
    db: Database,
    round_id: str,
    count: int,
    flip: Iterable[str] = (),
    reviewer: str = SECOND_REVIEWER,
    complete: bool = True,
) -> list[str]:
    """Mark ``count`` cases with a complete review for double review and give each a second
    review by ``reviewer``: the same answers, except the questions in ``flip`` get another
    option. Returns the case ids."""
    template = round_template(db, round_id)
    flipped = set(flip)
    rows = [r for r in reviews_service.list_reviews(db, round_id) if not r.get("consensus")]
    per_case: dict[str, int] = {}
    for r in rows:
        per_case[str(r["case_id"])] = per_case.get(str(r["case_id"]), 0) + 1
    # Cases with exactly one review, complete: a second review makes them double-reviewed.
    done = [
        r
        for r in rows
        if r.get("status") == ReviewStatus.COMPLETE.value
        and per_case[str(r["case_id"])] == 1
        and r.get("reviewer") != reviewer
    ]
    case_ids: list[str] = []
    for row in done:
        if len(case_ids) == count:
            break
        case_id = str(row["case_id"])
        if case_id in case_ids:
            continue
        first = reviews_service.get_review(db, str(row["id"]))
        double_review_service.mark_double_review(db, [case_id], True)
        second = reviews_service.start_review(db, case_id, reviewer)
        for question in template.questions:
            answer = first.answers.get(question.id)
            if answer is None:
                continue
            value = answer.value
            if question.id in flipped and question.options:
                value = next(o.value for o in question.options if o.value != answer.value)
            reviews_service.save_answer(
                db,
                second.id,
                question.id,
                value=value,
                number=answer.number,
                text=answer.text,
            )
        if complete:
            reviews_service.complete_review(db, second.id)
        case_ids.append(case_id)
    return case_ids
