"""The data of a review summary (granskningssammanfattning): pure, from fetched domain objects.

:func:`build_review_summary` takes what the services fetched (round, template, review, case,
the review's actions) and returns a frozen :class:`ReviewSummary` that the PDF renderer prints
without further look-ups.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kvaldesk.domain.enums import ActionStatus, CountsAs, ReviewStatus
from kvaldesk.domain.model import Action, Answer, Case, Question, Review, Round, Template
from kvaldesk.domain.rules import applicable_questions
from kvaldesk.reporting.share_data import NOTHING, date_text, number_text

STATUS_LABELS = {
    ActionStatus.PLANNED: "Planerad",
    ActionStatus.IN_PROGRESS: "Pågår",
    ActionStatus.DONE: "Klar",
    ActionStatus.CANCELLED: "Avbruten",
}
"""The same words as kvaldesk.services.actions.STATUS_LABELS (reporting sits below services)."""

OPEN_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class Verdict(StrEnum):
    """How one answer is judged in the summary."""

    COMPLIANT = "compliant"
    NON_COMPLIANT = "non_compliant"
    NOT_APPLICABLE = "not_applicable"
    NOT_ASSESSED = "not_assessed"
    """A number, date or text question: recorded, not judged."""
    UNANSWERED = "unanswered"


VERDICT_WORDS = {
    Verdict.COMPLIANT: "Uppfyllt",
    Verdict.NON_COMPLIANT: "Ej uppfyllt",
    Verdict.NOT_APPLICABLE: "Ej aktuellt",
    Verdict.NOT_ASSESSED: "Uppgift",
    Verdict.UNANSWERED: "Ej besvarad",
}


@dataclass(frozen=True)
class SummaryAnswer:
    """One applicable question with its answer."""

    question_id: str
    question_text: str
    answer_text: str
    comment: str
    verdict: Verdict
    critical: bool

    @property
    def verdict_word(self) -> str:
        """ "Uppfyllt", "Ej uppfyllt", …"""
        return VERDICT_WORDS[self.verdict]

    @property
    def critical_finding(self) -> bool:
        """A non-compliant answer to a critical question (highlighted)."""
        return self.critical and self.verdict is Verdict.NON_COMPLIANT


@dataclass(frozen=True)
class SummaryAction:
    """An action recorded for the review."""

    text: str
    owner: str
    due_date: str
    status: str
    overdue: bool
    question_id: str


@dataclass(frozen=True)
class ReviewSummary:
    """Everything one review summary prints."""

    review_id: str
    round_name: str
    round_unit: str
    template_title: str
    template_version: int
    case_reference: str
    subgroup: str
    unit: str
    reviewer: str
    status: str
    started: str
    completed: str
    answers: tuple[SummaryAnswer, ...]
    not_applicable_by_condition: int
    actions: tuple[SummaryAction, ...]
    printed_on: str

    @property
    def compliant(self) -> int:
        """Answers judged compliant."""
        return sum(1 for a in self.answers if a.verdict is Verdict.COMPLIANT)

    @property
    def non_compliant(self) -> int:
        """Answers judged non-compliant."""
        return sum(1 for a in self.answers if a.verdict is Verdict.NON_COMPLIANT)

    @property
    def critical_findings(self) -> int:
        """Non-compliant answers to critical questions."""
        return sum(1 for a in self.answers if a.critical_finding)

    @property
    def judged(self) -> int:
        """Answers that count in a share: compliant + non-compliant."""
        return self.compliant + self.non_compliant


def _answer_text(question: Question, answer: Answer | None) -> str:
    if answer is None:
        return NOTHING
    parts: list[str] = []
    if answer.value is not None:
        option = question.option(answer.value)
        parts.append(option.label if option is not None else answer.value)
    if answer.number is not None:
        unit = question.number_field.unit if question.number_field is not None else ""
        label = question.number_field.label if question.number_field is not None else ""
        number = number_text(answer.number)
        shown = f"{number} {unit}".strip()
        parts.append(f"{label}: {shown}" if label and answer.value is not None else shown)
    if answer.text:
        parts.append(answer.text)
    return "\n".join(parts) if parts else NOTHING


def _verdict(question: Question, answer: Answer | None) -> Verdict:
    if question.options:
        option = question.option(answer.value) if answer and answer.value is not None else None
        if option is None:
            return Verdict.UNANSWERED
        return {
            CountsAs.COMPLIANT: Verdict.COMPLIANT,
            CountsAs.NON_COMPLIANT: Verdict.NON_COMPLIANT,
            CountsAs.NOT_APPLICABLE: Verdict.NOT_APPLICABLE,
        }[option.counts_as]
    if answer is None or (answer.number is None and not (answer.text or answer.value)):
        return Verdict.UNANSWERED
    return Verdict.NOT_ASSESSED


def is_overdue(action: Action, today: date) -> bool:
    """An open action whose due date has passed (the services' rule)."""
    if action.status not in OPEN_ACTION_STATUSES or not action.due_date:
        return False
    return date.fromisoformat(action.due_date) < today


def summary_actions(actions: Iterable[Action], today: date) -> tuple[SummaryAction, ...]:
    """Actions as the reports print them."""
    return tuple(
        SummaryAction(
            text=a.text,
            owner=a.owner or NOTHING,
            due_date=a.due_date or NOTHING,
            status=STATUS_LABELS.get(a.status, a.status.value),
            overdue=is_overdue(a, today),
            question_id=a.question_id or "",
        )
        for a in actions
    )


def build_review_summary(
    round_: Round,
    template: Template,
    review: Review,
    case: Case,
    actions: Iterable[Action] = (),
    *,
    today: date | None = None,
) -> ReviewSummary:
    """The summary of one review: every applicable question in template order with its answer,
    verdict and comment, and the actions linked to the review."""
    today = today or date.today()
    values = {qid: a.value for qid, a in review.answers.items()}
    applicable = applicable_questions(template, values)
    answers = []
    for question in applicable:
        answer = review.answers.get(question.id)
        answers.append(
            SummaryAnswer(
                question_id=question.id,
                question_text=question.text,
                answer_text=_answer_text(question, answer),
                comment=answer.comment if answer is not None else "",
                verdict=_verdict(question, answer),
                critical=question.critical,
            )
        )
    linked = [a for a in actions if a.review_id == review.id]
    return ReviewSummary(
        review_id=review.id,
        round_name=round_.name,
        round_unit=round_.unit,
        template_title=template.title,
        template_version=template.version,
        case_reference=case.reference,
        subgroup=case.subgroup,
        unit=case.unit or round_.unit,
        reviewer=review.reviewer,
        status="Klar" if review.status is ReviewStatus.COMPLETE else "Utkast (inte klar)",
        started=date_text(review.started_at),
        completed=date_text(review.completed_at),
        answers=tuple(answers),
        not_applicable_by_condition=len(template.questions) - len(applicable),
        actions=summary_actions(linked, today),
        printed_on=today.isoformat(),
    )
