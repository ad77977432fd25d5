"""Trend data: the share compliant per question across the rounds of one template key. Pure.

Computed by :mod:`kvaldesk.services.trends`; drawn by the charts and the round report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kvaldesk.domain.model import Question


@dataclass(frozen=True)
class TrendRound:
    """One round in a trend, oldest first."""

    id: str
    name: str
    template_version: int
    period_start: str | None
    period_end: str | None
    created_at: str
    cases: int  # reviews counted (one per case)


@dataclass(frozen=True)
class TrendPoint:
    """A question's share compliant in one round."""

    share: float | None
    n: int
    compliant: int


@dataclass(frozen=True)
class TrendQuestion:
    """One question's share per round (None where the question was not joined)."""

    id: str
    text: str
    points: list[TrendPoint | None]
    changed_in: list[str] = field(default_factory=list)  # names of rounds left out


@dataclass(frozen=True)
class Trends:
    """The trend table of a template key: rounds (oldest first) and questions."""

    template_key: str
    rounds: list[TrendRound]
    questions: list[TrendQuestion]

    @property
    def has_history(self) -> bool:
        """More than one round: there is something to compare."""
        return len(self.rounds) > 1


def question_signature(question: Question) -> tuple[Any, ...]:
    """What must be equal for a question to count as unchanged between template versions."""
    return (
        question.id,
        " ".join(question.text.split()),
        question.kind.value,
        repr(question.condition),
        tuple((o.value, o.label, o.counts_as.value) for o in question.options),
    )
