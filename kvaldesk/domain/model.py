"""Frozen dataclasses for templates, rounds, cases, reviews, answers and actions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kvaldesk.domain.enums import (
    ActionStatus,
    CountsAs,
    Criterion,
    QuestionKind,
    ReviewStatus,
    RoundStatus,
)


@dataclass(frozen=True)
class LegalRef:
    """A legal reference (lagrum): which law, which provision, and whether it was verified."""

    law: str
    reference: str
    verified: bool
    note: str = ""

    def display(self) -> str:
        """Human-readable form, marking unverified references."""
        text = f"{self.law} {self.reference}".strip()
        if not self.verified:
            text += " (lagrum verifieras)"
        return text


@dataclass(frozen=True)
class AnswerOption:
    """One answer option of a choice question, and what it counts as."""

    value: str
    label: str
    counts_as: CountsAs


@dataclass(frozen=True)
class NumberField:
    """An optional number recorded with an answer, for example days of investigation."""

    label: str
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = True


@dataclass(frozen=True)
class Condition:
    """When a question applies: a structured expression over earlier answers.

    Exactly one of the forms is used: ``question`` + ``answer_in`` (a leaf),
    ``all_of``, ``any_of`` or ``negated``.
    """

    question: str | None = None
    answer_in: tuple[str, ...] = ()
    all_of: tuple[Condition, ...] = ()
    any_of: tuple[Condition, ...] = ()
    negated: Condition | None = None

    def referenced_questions(self) -> set[str]:
        """Every question id this condition reads."""
        found: set[str] = set()
        if self.question is not None:
            found.add(self.question)
        for child in (*self.all_of, *self.any_of):
            found |= child.referenced_questions()
        if self.negated is not None:
            found |= self.negated.referenced_questions()
        return found


@dataclass(frozen=True)
class Question:
    """One audit question of a template."""

    id: str
    text: str
    help: str
    criterion: Criterion
    kind: QuestionKind = QuestionKind.CHOICE
    options: tuple[AnswerOption, ...] = ()
    critical: bool = False
    local: bool = False
    legal_refs: tuple[LegalRef, ...] = ()
    condition: Condition | None = None
    number_field: NumberField | None = None

    def option(self, value: str) -> AnswerOption | None:
        """The option with this value, or None."""
        for opt in self.options:
            if opt.value == value:
                return opt
        return None

    def option_by_label(self, label: str) -> AnswerOption | None:
        """The option whose label matches, ignoring case and surrounding space."""
        wanted = label.strip().casefold()
        for opt in self.options:
            if opt.label.casefold() == wanted or opt.value.casefold() == wanted:
                return opt
        return None

    @property
    def counts_in_share(self) -> bool:
        """Choice questions with at least one compliant option count in shares."""
        return self.kind is QuestionKind.CHOICE and any(
            o.counts_as is CountsAs.COMPLIANT for o in self.options
        )


@dataclass(frozen=True)
class Template:
    """A versioned review checklist (granskningsmall)."""

    key: str
    version: int
    title: str
    questions: tuple[Question, ...]
    description: str = ""
    subgroups: tuple[str, ...] = ()
    content_hash: str = ""
    id: str = ""

    def question(self, question_id: str) -> Question | None:
        """The question with this id, or None."""
        for q in self.questions:
            if q.id == question_id:
                return q
        return None

    @property
    def label(self) -> str:
        """Title and version, for lists."""
        return f"{self.title} (version {self.version})"


@dataclass(frozen=True)
class Round:
    """A review round (granskningsomgång) using one template version."""

    id: str
    name: str
    template_id: str
    template_key: str
    template_version: int
    unit: str = ""
    period_start: str | None = None
    period_end: str | None = None
    target_pct: float | None = None
    status: RoundStatus = RoundStatus.OPEN
    analysis: str = ""
    created_at: str = ""


@dataclass(frozen=True)
class Case:
    """A case (ärende) in a round, known only by a pseudonymous reference."""

    id: str
    round_id: str
    reference: str
    subgroup: str = ""
    unit: str = ""
    #: Marked for independent double review (two reviewers, blind to each other).
    double_review: bool = False


@dataclass(frozen=True)
class Answer:
    """One answer to one question in a review."""

    question_id: str
    value: str | None = None
    number: float | None = None
    text: str | None = None
    comment: str = ""
    answered_at: str = ""


@dataclass(frozen=True)
class Review:
    """One reviewer's review of one case."""

    id: str
    round_id: str
    case_id: str
    reviewer: str
    status: ReviewStatus = ReviewStatus.DRAFT
    started_at: str = ""
    updated_at: str = ""
    completed_at: str | None = None
    version_vector: dict[str, int] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    #: The reconciled review the reviewers of a double-reviewed case agreed on.
    consensus: bool = False


@dataclass(frozen=True)
class Action:
    """An action (åtgärd) decided from a finding."""

    id: str
    round_id: str
    text: str
    owner: str = ""
    due_date: str | None = None
    status: ActionStatus = ActionStatus.PLANNED
    question_id: str | None = None
    review_id: str | None = None
    created_at: str = ""
    updated_at: str = ""


JsonDict = dict[str, Any]
