"""Use case: trends — the share compliant per question across the rounds of one template key.

Rounds are taken in the order they were created (as "previous round" is everywhere). The
questions are those of the newest round's template that count in shares. A question is
*joined* across rounds only where its content is unchanged: the same id **and** the same
text, kind, condition and answer options (value, label and what each counts as), compared
with the newest round's version. A round whose template version has different content for
the question (or lacks it) gets no point for it — a gap in the line — and is listed in
``TrendQuestion.changed_in``, so a reworded question never silently continues an old series.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kvaldesk.domain.errors import NotFoundError
from kvaldesk.domain.model import Round
from kvaldesk.results.trends import (
    TrendPoint,
    TrendQuestion,
    TrendRound,
    Trends,
    question_signature,
)
from kvaldesk.services.results import round_results
from kvaldesk.storage import rounds_repo, templates_repo

__all__ = [
    "TrendPoint",
    "TrendQuestion",
    "TrendRound",
    "Trends",
    "question_signature",
    "round_trends",
    "template_trends",
    "trends_to_json",
]


def _rounds_of_key(db: Database, template_key: str, until: Round | None) -> list[Round]:
    rounds = [r for r in rounds_repo.list_rounds(db) if r.template_key == template_key]
    if until is not None:
        rounds = [r for r in rounds if r.created_at <= until.created_at]
    return sorted(rounds, key=lambda r: (r.created_at, r.name))


def template_trends(
    db: Database, template_key: str, *, until_round_id: str | None = None
) -> Trends:
    """The share compliant per question for every round of ``template_key`` (up to and
    including ``until_round_id`` when given), joined only where the question is unchanged."""
    until = rounds_repo.get_round(db, until_round_id) if until_round_id else None
    rounds = _rounds_of_key(db, template_key, until)
    if not rounds:
        raise NotFoundError(f"Det finns inga omgångar med mallen {template_key}.")
    newest = templates_repo.get_template(db, rounds[-1].template_id)
    questions = [q for q in newest.questions if q.counts_in_share]
    wanted = {q.id: question_signature(q) for q in questions}
    trend_rounds: list[TrendRound] = []
    points: dict[str, list[TrendPoint | None]] = {q.id: [] for q in questions}
    changed: dict[str, list[str]] = {q.id: [] for q in questions}
    for round_ in rounds:
        template = templates_repo.get_template(db, round_.template_id)
        results = round_results(db, round_.id)
        by_id = {r.question.id: r for r in results.questions}
        trend_rounds.append(
            TrendRound(
                round_.id,
                round_.name,
                round_.template_version,
                round_.period_start,
                round_.period_end,
                round_.created_at,
                results.reviews,
            )
        )
        for question_id, signature in wanted.items():
            own = template.question(question_id)
            result = by_id.get(question_id)
            if own is None or result is None or question_signature(own) != signature:
                points[question_id].append(None)
                changed[question_id].append(round_.name)
                continue
            counts = result.overall
            points[question_id].append(TrendPoint(counts.share, counts.n, counts.compliant))
    return Trends(
        template_key,
        trend_rounds,
        [TrendQuestion(q.id, q.text, points[q.id], changed[q.id]) for q in questions],
    )


def round_trends(db: Database, round_id: str) -> Trends:
    """The trends of a round's template key up to and including the round."""
    round_ = rounds_repo.get_round(db, round_id)
    return template_trends(db, round_.template_key, until_round_id=round_id)


def trends_to_json(trends: Trends) -> dict[str, Any]:
    """The documented JSON shape of ``kvaldesk trends --json`` (see docs/cli.md)."""
    return {
        "template": trends.template_key,
        "rounds": [
            {
                "id": r.id,
                "name": r.name,
                "template_version": r.template_version,
                "period_start": r.period_start,
                "period_end": r.period_end,
                "reviews": r.cases,
            }
            for r in trends.rounds
        ],
        "questions": [
            {
                "id": q.id,
                "text": q.text,
                "shares": [None if p is None else p.share for p in q.points],
                "n": [None if p is None else p.n for p in q.points],
                "not_joined": q.changed_in,
            }
            for q in trends.questions
        ],
    }
