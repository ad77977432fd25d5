"""Use case: agreement between reviewers in a round (double reviews).

A case reviewed by two different reviewers (complete reviews) is a double review, whether the
reviews came from the window, packages or a spreadsheet import (two rows with the same
``ärende`` and different ``granskare``). Per case the first two complete reviews by different
reviewers (by completion time, then reviewer) are compared — consensus reviews never; per
question only choice answers to questions that apply in both reviews count. Thresholds come
from the settings unless given. Statistics: :mod:`kvaldesk.results.agreement`.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kvaldesk.domain.model import Review, Template
from kvaldesk.domain.rules import applicable_questions
from kvaldesk.results.agreement import (
    AgreementReport,
    AgreementStats,
    QuestionAgreement,
    agreement_stats,
)
from kvaldesk.services.double_review import first_two_complete
from kvaldesk.services.settings import (
    DEFAULT_AGREEMENT_THRESHOLD,
    DEFAULT_KAPPA_THRESHOLD,
    agreement_thresholds,
)
from kvaldesk.storage import reviews_repo, rounds_repo, templates_repo

__all__ = [
    "DEFAULT_AGREEMENT_THRESHOLD",
    "DEFAULT_KAPPA_THRESHOLD",
    "AgreementReport",
    "AgreementStats",
    "QuestionAgreement",
    "agreement_to_json",
    "double_review_pairs",
    "round_agreement",
]


def double_review_pairs(db: Database, round_id: str) -> list[tuple[Review, Review]]:
    """Per double-reviewed case of the round, the two reviews compared (without answers)."""
    pairs: list[tuple[Review, Review]] = []
    for case in rounds_repo.list_cases(db, round_id):
        pair = first_two_complete(reviews_repo.reviews_of_case(db, case.id))
        if pair is not None:
            pairs.append(pair)
    return pairs


def _applicable_values(template: Template, review: Review) -> dict[str, str]:
    values = {qid: a.value for qid, a in review.answers.items()}
    applicable = {q.id for q in applicable_questions(template, values)}
    return {qid: v for qid, v in values.items() if v is not None and qid in applicable}


def round_agreement(
    db: Database,
    round_id: str,
    *,
    kappa_threshold: float | None = None,
    agreement_threshold: float | None = None,
) -> AgreementReport:
    """Agreement per question and overall for the double-reviewed cases of a round.

    A question is flagged when its κ or its observed agreement is below the threshold
    (a figure that is undefined, such as κ when everyone answered the same, never flags).
    Thresholds not given come from the settings (defaults κ 0.75, agreement 95 %).
    """
    stored_kappa, stored_agreement = agreement_thresholds(db)
    kappa_threshold = stored_kappa if kappa_threshold is None else kappa_threshold
    agreement_threshold = stored_agreement if agreement_threshold is None else agreement_threshold
    round_ = rounds_repo.get_round(db, round_id)
    template = templates_repo.get_template(db, round_.template_id)
    reviews = double_review_pairs(db, round_id)
    per_question: dict[str, list[tuple[str, str]]] = {q.id: [] for q in template.questions}
    for first, second in reviews:
        a = _applicable_values(template, reviews_repo.get_review(db, first.id))
        b = _applicable_values(template, reviews_repo.get_review(db, second.id))
        for question_id in per_question:
            if question_id in a and question_id in b:
                per_question[question_id].append((a[question_id], b[question_id]))
    questions: list[QuestionAgreement] = []
    pooled: list[tuple[str, str]] = []
    scale: set[str] = set()
    for question in template.questions:
        if not question.options:
            continue  # numbers and free text are not categorical ratings
        values = [o.value for o in question.options]
        scale.update(values)
        stats = agreement_stats(per_question[question.id], values)
        pooled.extend(per_question[question.id])
        flagged = stats.below(
            kappa_threshold=kappa_threshold, agreement_threshold=agreement_threshold
        )
        questions.append(QuestionAgreement(question.id, question.text, stats, flagged))
    return AgreementReport(
        round=round_,
        cases=len(reviews),
        questions=questions,
        overall=agreement_stats(pooled, scale),
        kappa_threshold=kappa_threshold,
        agreement_threshold=agreement_threshold,
    )


def _stats_json(stats: AgreementStats) -> dict[str, Any]:
    return {
        "n": stats.n,
        "agreements": stats.agreements,
        "agreement": stats.agreement,
        "kappa": stats.kappa,
        "ac1": stats.ac1,
    }


def agreement_to_json(report: AgreementReport) -> dict[str, Any]:
    """The documented JSON shape of ``kvaldesk agreement --json`` (see docs/cli.md)."""
    return {
        "round": {
            "id": report.round.id,
            "name": report.round.name,
            "template": report.round.template_key,
            "template_version": report.round.template_version,
        },
        "cases": report.cases,
        "thresholds": {"kappa": report.kappa_threshold, "agreement": report.agreement_threshold},
        "questions": [
            {"id": q.id, "text": q.text, **_stats_json(q.stats), "flagged": q.flagged}
            for q in report.questions
        ],
        "overall": _stats_json(report.overall),
    }
