"""Pure rules: when a question applies, and what an answer counts as."""

from __future__ import annotations

from collections.abc import Mapping

from kvaldesk.domain.enums import CountsAs
from kvaldesk.domain.model import Condition, Question, Template


def condition_holds(condition: Condition, values: Mapping[str, str | None]) -> bool:
    """Evaluate a structured condition against answer values by question id."""
    if condition.question is not None:
        value = values.get(condition.question)
        return value is not None and value in condition.answer_in
    if condition.all_of:
        return all(condition_holds(c, values) for c in condition.all_of)
    if condition.any_of:
        return any(condition_holds(c, values) for c in condition.any_of)
    if condition.negated is not None:
        return not condition_holds(condition.negated, values)
    return True


def applicable_questions(template: Template, values: Mapping[str, str | None]) -> list[Question]:
    """The questions that apply, in template order, given the answers so far.

    A question whose condition reads a question that does not itself apply sees no answer
    for it, so chains of conditions collapse as a reviewer would expect.
    """
    effective: dict[str, str | None] = {}
    result: list[Question] = []
    for question in template.questions:
        if question.condition is None or condition_holds(question.condition, effective):
            result.append(question)
            effective[question.id] = values.get(question.id)
    return result


def counts_as(question: Question, value: str | None) -> CountsAs | None:
    """What this answer counts as, or None when unanswered or not a known option."""
    if value is None:
        return None
    option = question.option(value)
    return option.counts_as if option is not None else None


def is_answered(
    question: Question, value: str | None, number: float | None, text: str | None
) -> bool:
    """Whether an answer is complete for this kind of question."""
    if question.options:
        return value is not None and question.option(value) is not None
    if question.kind.value == "number":
        return number is not None
    return bool((text or value or "").strip())


def missing_questions(
    template: Template,
    values: Mapping[str, str | None],
    numbers: Mapping[str, float | None] | None = None,
    texts: Mapping[str, str | None] | None = None,
) -> list[Question]:
    """Applicable questions that still lack an answer."""
    numbers = numbers or {}
    texts = texts or {}
    return [
        q
        for q in applicable_questions(template, values)
        if not is_answered(q, values.get(q.id), numbers.get(q.id), texts.get(q.id))
    ]
