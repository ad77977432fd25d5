"""Use case: consensus (samsyn) for a double-reviewed case.

The two reviewers of a double-reviewed case (the first two complete reviews by different
reviewers) go through the questions where their answers differ and agree on one answer each.
The result is one *consensus review* of the case: the answers the two gave alike, the
reconciled answer for each differing question, complete at once. Results count the consensus
review instead of the two reviews (the ``counted_reviews`` view), never both.

A question *differs* when the two reviews' choice values differ, counting "not answered / does
not apply" as a value of its own. Numbers, texts and comments are taken from the review whose
answer was chosen (the first review when both agree).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlite_utils import Database

from kvaldesk.domain.errors import Problem, ValidationError
from kvaldesk.domain.model import Answer, Case, Question, Review, Template
from kvaldesk.domain.rules import applicable_questions
from kvaldesk.domain.validation import clean_text
from kvaldesk.services.double_review import first_two_complete
from kvaldesk.storage import audit, reviews_repo, rounds_repo, templates_repo
from kvaldesk.storage.database import durable, now_iso

CONSENSUS_REVIEWER = "Konsensus"
MAX_REVIEWER_LENGTH = 120
NOT_TWO_REVIEWS = "Ärendet har inte två klara granskningar av olika granskare."


@dataclass(frozen=True)
class QuestionDifference:
    """A question the two reviewers answered differently, and the reconciled value if any."""

    question_id: str
    text: str
    options: list[tuple[str, str]]  # (value, label)
    first_value: str | None
    second_value: str | None
    reconciled: str | None

    def label(self, value: str | None) -> str:
        """The option label of a value ("–" for no answer)."""
        for option_value, option_label in self.options:
            if option_value == value:
                return option_label
        return "–" if value is None else value


@dataclass(frozen=True)
class ConsensusState:
    """The two reviews compared, where they differ, and the consensus review if made."""

    case: Case
    first: Review
    second: Review
    differences: list[QuestionDifference]
    consensus: Review | None

    @property
    def reconciled(self) -> bool:
        """A consensus review exists."""
        return self.consensus is not None


def _value(review: Review, question: Question) -> str | None:
    answer = review.answers.get(question.id)
    return answer.value if answer is not None else None


def _applicable_value(template: Template, review: Review, question: Question) -> str | None:
    values = {qid: a.value for qid, a in review.answers.items()}
    if question.id not in {q.id for q in applicable_questions(template, values)}:
        return None
    return _value(review, question)


def _pair(db: Database, case_id: str) -> tuple[Case, Template, Review, Review, Review | None]:
    case = rounds_repo.get_case(db, case_id)
    round_ = rounds_repo.get_round(db, case.round_id)
    template = templates_repo.get_template(db, round_.template_id)
    reviews = reviews_repo.reviews_of_case(db, case_id)
    pair = first_two_complete(reviews)
    if pair is None:
        raise ValidationError(NOT_TWO_REVIEWS)
    first, second = (reviews_repo.get_review(db, r.id) for r in pair)
    existing = next((r for r in reviews if r.consensus), None)
    consensus = reviews_repo.get_review(db, existing.id) if existing is not None else None
    return case, template, first, second, consensus


def _differences(
    template: Template, first: Review, second: Review, consensus: Review | None
) -> list[QuestionDifference]:
    found = []
    for question in template.questions:
        if not question.options:
            continue
        a = _applicable_value(template, first, question)
        b = _applicable_value(template, second, question)
        if a == b:
            continue
        found.append(
            QuestionDifference(
                question_id=question.id,
                text=question.text,
                options=[(o.value, o.label) for o in question.options],
                first_value=a,
                second_value=b,
                reconciled=_value(consensus, question) if consensus is not None else None,
            )
        )
    return found


def consensus_state(db: Database, case_id: str) -> ConsensusState:
    """The double-reviewed case's two reviews, their differing questions and the consensus.

    ValidationError when the case does not have two complete reviews by different reviewers.
    """
    case, template, first, second, consensus = _pair(db, case_id)
    return ConsensusState(
        case, first, second, _differences(template, first, second, consensus), consensus
    )


def _answer_for(
    question: Question, value: str | None, first: Review, second: Review
) -> Answer | None:
    """The consensus answer: the chosen value with the number, text and comment of the review
    that gave it (the first review's when both or neither did); None for no value."""
    a, b = first.answers.get(question.id), second.answers.get(question.id)
    if value is None and not question.options:
        return a if a is not None else b  # numbers, dates and texts are not reconciled
    if value is None:
        return None
    source = a if a is not None and a.value == value else b
    if source is None or source.value != value:
        source = a if a is not None else b
    if source is None:
        return Answer(question.id, value=value, answered_at=now_iso())
    return replace(source, value=value, answered_at=now_iso())


def save_consensus(
    db: Database, case_id: str, values: Mapping[str, str], *, comment: str = ""
) -> Review:
    """Save the reconciled answers (question id → option value) for the differing questions
    and create or update the case's one complete consensus review, all or nothing.

    Every differing question that applies with the reconciled answers needs a value; values
    for questions that do not differ are refused (the reviewers already agree on them).
    ``comment`` (why the answers were reconciled so) is stored in the audit log.
    """
    note = clean_text(comment, "Kommentaren", max_length=2000)
    with durable(db):
        case, template, first, second, existing = _pair(db, case_id)
        differing = {d.question_id for d in _differences(template, first, second, None)}
        problems: list[Problem] = []
        for question_id, value in values.items():
            question = template.question(question_id)
            if question is None or question_id not in differing:
                problems.append(
                    Problem(f"Fråga {question_id}", "granskarna svarade redan likadant")
                )
            elif question.option(value) is None:
                allowed = ", ".join(o.label for o in question.options)
                problems.append(
                    Problem(f"Fråga {question_id}", f"svaret måste vara ett av {allowed}")
                )
        if problems:
            raise ValidationError("Samsynen kunde inte sparas.", problems)
        chosen: dict[str, str | None] = {}
        for question in template.questions:
            if question.id in differing:
                chosen[question.id] = values.get(question.id)
            else:
                chosen[question.id] = _value(first, question)
        applicable = {q.id for q in applicable_questions(template, chosen)}
        missing = [
            Problem(f"Fråga {q.id}", q.text)
            for q in template.questions
            if q.id in differing and q.id in applicable and chosen[q.id] is None
        ]
        if missing:
            raise ValidationError(
                f"Samsynen kan inte sparas: {len(missing)} frågor där granskarna svarat olika "
                "saknar ett gemensamt svar.",
                missing,
            )
        answers: list[tuple[Answer, bool]] = []
        for question in template.questions:
            answer = _answer_for(question, chosen[question.id], first, second)
            if answer is not None:
                answers.append((answer, question.id in applicable))
        reviewer = f"{CONSENSUS_REVIEWER} ({first.reviewer}, {second.reviewer})"
        if len(reviewer) > MAX_REVIEWER_LENGTH:
            reviewer = CONSENSUS_REVIEWER
        if existing is None:
            stored = reviews_repo.insert_consensus_review(
                db, case.round_id, case.id, reviewer, answers
            )
        else:
            reviews_repo.replace_answers(db, existing.id, answers)
            reviews_repo.touch_review(db, existing.id)
            stored = existing
        audit.record(
            db,
            "consensus_saved",
            "review",
            stored.id,
            {
                "case": case.reference,
                "reviews": [first.id, second.id],
                "reconciled": dict(values),
                "comment": note,
            },
        )
    return reviews_repo.get_review(db, stored.id)
