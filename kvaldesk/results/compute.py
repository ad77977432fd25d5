"""Compute round results from aggregated answer counts.

The storage layer does the heavy lifting with one GROUP BY; this module turns those counts into
shares, intervals, breakdowns, pooled criteria and comparisons. It never sees single answers,
so it is fast for any number of reviews.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kvaldesk.domain.enums import CountsAs, Criterion
from kvaldesk.domain.model import Question, Template
from kvaldesk.results.model import (
    Counts,
    CriterionResult,
    CriticalFinding,
    QuestionResult,
    RoundResults,
)
from kvaldesk.results.stats import summarise_numbers

DEFAULT_MIN_GROUP_SIZE = 5


@dataclass(frozen=True)
class AnswerCount:
    """One row of the aggregate: how many complete reviews in ``group`` gave ``value``."""

    group: str
    question_id: str
    value: str | None
    count: int


@dataclass(frozen=True)
class RoundData:
    """The aggregated input for one round."""

    template: Template
    answer_counts: Sequence[AnswerCount]
    group_reviews: Mapping[str, int]
    numbers: Mapping[str, Sequence[float]] = field(default_factory=dict)
    target_pct: float | None = None


def _counts_for(question: Question, by_value: Mapping[str | None, int], reviews: int) -> Counts:
    compliant = non_compliant = not_applicable = answered = 0
    per_option: dict[str, int] = {}
    for value, count in by_value.items():
        answered += count
        option = question.option(value) if value is not None else None
        if option is None:
            continue
        per_option[option.value] = per_option.get(option.value, 0) + count
        if option.counts_as is CountsAs.COMPLIANT:
            compliant += count
        elif option.counts_as is CountsAs.NON_COMPLIANT:
            non_compliant += count
        else:
            not_applicable += count
    return Counts(
        compliant=compliant,
        non_compliant=non_compliant,
        not_applicable=not_applicable,
        skipped=max(0, reviews - answered),
        per_option=per_option,
    )


def _index(rows: Iterable[AnswerCount]) -> dict[str, dict[str, dict[str | None, int]]]:
    """question id -> group -> value -> count."""
    index: dict[str, dict[str, dict[str | None, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for row in rows:
        index[row.question_id][row.group][row.value] += row.count
    return index


def _question_signature(question: Question) -> tuple[object, ...]:
    return (
        question.text.strip(),
        tuple((o.value, o.label, o.counts_as) for o in question.options),
    )


def comparable_questions(current: Template, previous: Template) -> set[str]:
    """Ids of questions whose text and options are unchanged between two template versions."""
    same: set[str] = set()
    for question in current.questions:
        other = previous.question(question.id)
        if other is not None and _question_signature(other) == _question_signature(question):
            same.add(question.id)
    return same


def overall_counts(data: RoundData) -> dict[str, Counts]:
    """Counts per question over every group together."""
    index = _index(data.answer_counts)
    total_reviews = sum(data.group_reviews.values())
    result: dict[str, Counts] = {}
    for question in data.template.questions:
        merged: dict[str | None, int] = defaultdict(int)
        for by_value in index.get(question.id, {}).values():
            for value, count in by_value.items():
                merged[value] += count
        result[question.id] = _counts_for(question, merged, total_reviews)
    return result


def suppress(counts: Counts, min_size: int | None, reviews: int | None = None) -> Counts:
    """Hide a group's counts when its n, or its number of reviews, is below the minimum
    (reports that leave the unit), so that no caseworker can be identified."""
    if min_size is None or counts.n == 0:
        return counts
    if counts.n >= min_size and (reviews is None or reviews >= min_size):
        return counts
    return Counts(suppressed=True)


def compute_round_results(
    data: RoundData,
    *,
    grouped: bool = False,
    group_by: str | None = None,
    previous: RoundData | None = None,
    previous_round_id: str | None = None,
    critical_findings: Sequence[CriticalFinding] = (),
    min_group_size: int | None = None,
) -> RoundResults:
    """Results per question and per criterion, with groups, comparison and suppression.

    ``grouped`` says whether ``data.answer_counts`` carry meaningful group names (subgroup or
    unit); ``min_group_size`` suppresses groups whose n is smaller (None: show everything).
    """
    index = _index(data.answer_counts)
    totals = overall_counts(data)
    previous_totals = overall_counts(previous) if previous is not None else {}
    comparable = comparable_questions(data.template, previous.template) if previous else set()
    group_names = sorted(data.group_reviews)

    questions: list[QuestionResult] = []
    raw_groups: dict[str, dict[str, Counts]] = {}
    for question in data.template.questions:
        groups: dict[str, Counts] = {}
        if grouped:
            by_group = index.get(question.id, {})
            raw = {
                name: _counts_for(question, by_group.get(name, {}), data.group_reviews[name])
                for name in group_names
            }
            raw_groups[question.id] = raw
            groups = {
                name: suppress(c, min_group_size, data.group_reviews[name])
                for name, c in raw.items()
            }
        numbers = None
        if question.number_field is not None or question.kind.value == "number":
            numbers = summarise_numbers(list(data.numbers.get(question.id, ())))
        questions.append(
            QuestionResult(
                question=question,
                overall=totals[question.id],
                groups=groups,
                numbers=numbers,
                previous=previous_totals.get(question.id) if question.id in comparable else None,
                target_pct=data.target_pct,
            )
        )

    return RoundResults(
        reviews=sum(data.group_reviews.values()),
        questions=questions,
        criteria=criterion_results(questions, raw_groups, min_group_size, data.group_reviews),
        critical_findings=list(critical_findings),
        group_by=group_by if grouped else None,
        group_reviews=dict(data.group_reviews) if grouped else {},
        previous_round_id=previous_round_id if previous is not None else None,
        previous_reviews=sum(previous.group_reviews.values()) if previous is not None else 0,
    )


def criterion_results(
    questions: Sequence[QuestionResult],
    raw_groups: Mapping[str, Mapping[str, Counts]] | None = None,
    min_group_size: int | None = None,
    group_reviews: Mapping[str, int] | None = None,
) -> list[CriterionResult]:
    """Pooled counts per quality criterion, in the criteria's fixed order.

    ``raw_groups`` (question id -> group -> unsuppressed counts) adds a breakdown per group;
    suppression is applied to the pooled group counts.
    """
    results: list[CriterionResult] = []
    for criterion in Criterion:
        members = [
            q for q in questions if q.question.criterion is criterion and q.question.counts_in_share
        ]
        if not members:
            continue
        pooled = Counts()
        groups: dict[str, Counts] = {}
        for member in members:
            pooled = pooled.plus(member.overall)
            for name, counts in (raw_groups or {}).get(member.question.id, {}).items():
                groups[name] = groups.get(name, Counts()).plus(counts)
        groups = {
            name: suppress(c, min_group_size, (group_reviews or {}).get(name))
            for name, c in groups.items()
        }
        results.append(CriterionResult(criterion, len(members), pooled, groups))
    return results
