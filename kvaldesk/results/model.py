"""Result records: counts per question and group, per criterion, critical findings."""

from __future__ import annotations

from dataclasses import dataclass, field

from kvaldesk.domain.enums import Criterion
from kvaldesk.domain.model import Question
from kvaldesk.results.stats import NumberSummary, share, wilson_interval


@dataclass(frozen=True)
class Counts:
    """Answer counts for one question in one group of complete reviews.

    ``skipped`` counts complete reviews where a conditional question did not apply.
    ``n`` = compliant + non_compliant; Ej aktuellt and skipped leave the denominator.
    """

    compliant: int = 0
    non_compliant: int = 0
    not_applicable: int = 0
    skipped: int = 0
    per_option: dict[str, int] = field(default_factory=dict)
    suppressed: bool = False

    @property
    def n(self) -> int:
        """The denominator: compliant + non-compliant answers."""
        return self.compliant + self.non_compliant

    @property
    def share(self) -> float | None:
        """Share compliant (0–1), None when n = 0."""
        return share(self.compliant, self.n)

    @property
    def interval(self) -> tuple[float | None, float | None]:
        """The 95 % Wilson interval of the share."""
        return wilson_interval(self.compliant, self.n)

    def plus(self, other: Counts) -> Counts:
        """The sum of two counts (used for pooling)."""
        merged = dict(self.per_option)
        for key, value in other.per_option.items():
            merged[key] = merged.get(key, 0) + value
        return Counts(
            compliant=self.compliant + other.compliant,
            non_compliant=self.non_compliant + other.non_compliant,
            not_applicable=self.not_applicable + other.not_applicable,
            skipped=self.skipped + other.skipped,
            per_option=merged,
        )


@dataclass(frozen=True)
class QuestionResult:
    """The result of one question in a round."""

    question: Question
    overall: Counts
    groups: dict[str, Counts] = field(default_factory=dict)
    numbers: NumberSummary | None = None
    previous: Counts | None = None
    target_pct: float | None = None

    @property
    def change(self) -> float | None:
        """Change in share since the previous round (0–1 scale), when both exist."""
        if self.previous is None or self.previous.share is None or self.overall.share is None:
            return None
        return self.overall.share - self.previous.share

    @property
    def meets_target(self) -> bool | None:
        """Whether the share reaches the round's target, when both exist."""
        if self.target_pct is None or self.overall.share is None:
            return None
        return self.overall.share * 100 >= self.target_pct - 1e-9


@dataclass(frozen=True)
class CriterionResult:
    """Pooled result of every share-counting question tagged with one quality criterion."""

    criterion: Criterion
    questions: int
    counts: Counts
    groups: dict[str, Counts] = field(default_factory=dict)


@dataclass(frozen=True)
class CriticalFinding:
    """A non-compliant answer to a critical question."""

    review_id: str
    case_reference: str
    question_id: str
    question_text: str
    answer_label: str
    comment: str
    subgroup: str = ""
    unit: str = ""


@dataclass(frozen=True)
class RoundResults:
    """Everything the results view and the reports show for one round."""

    reviews: int
    questions: list[QuestionResult]
    criteria: list[CriterionResult]
    critical_findings: list[CriticalFinding]
    group_by: str | None = None
    group_reviews: dict[str, int] = field(default_factory=dict)
    previous_round_id: str | None = None
    previous_reviews: int = 0

    @property
    def overall(self) -> Counts:
        """Every share-counting answer of the round pooled."""
        total = Counts()
        for result in self.questions:
            if result.question.counts_in_share:
                total = total.plus(result.overall)
        return total
