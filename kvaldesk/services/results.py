"""Use case: the results of a round, and their JSON form for the CLI."""

from __future__ import annotations

from typing import Any, Literal

from sqlite_utils import Database

from kvaldesk.domain.enums import CountsAs
from kvaldesk.domain.model import Round, Template
from kvaldesk.results.compute import AnswerCount, RoundData, compute_round_results
from kvaldesk.results.model import Counts, CriticalFinding, RoundResults
from kvaldesk.storage import results_queries, rounds_repo, templates_repo
from kvaldesk.storage.results_queries import RoundAggregate
from kvaldesk.storage.settings import MIN_GROUP_SIZE, get_setting

Breakdown = Literal["subgroup", "unit"] | None
DEFAULT_MIN_GROUP_SIZE = 5


def min_group_size(db: Database) -> int:
    """The configured minimum group size for reports that leave the unit (default 5)."""
    try:
        return max(1, int(get_setting(db, MIN_GROUP_SIZE, str(DEFAULT_MIN_GROUP_SIZE))))
    except ValueError:
        return DEFAULT_MIN_GROUP_SIZE


def _number_questions(template: Template) -> list[str]:
    return [
        q.id for q in template.questions if q.number_field is not None or q.kind.value == "number"
    ]


def _critical_values(template: Template) -> dict[str, list[str]]:
    """Critical question id -> the values that count as non-compliant."""
    return {
        q.id: [o.value for o in q.options if o.counts_as is CountsAs.NON_COMPLIANT]
        for q in template.questions
        if q.critical
    }


def _round_data(round_: Round, template: Template, aggregate: RoundAggregate) -> RoundData:
    return RoundData(
        template=template,
        answer_counts=[AnswerCount(g, q, v, n) for g, q, v, n in aggregate.answer_counts],
        group_reviews=aggregate.group_reviews,
        numbers=aggregate.numbers,
        target_pct=round_.target_pct,
    )


def _findings(template: Template, rows: list[dict[str, Any]]) -> list[CriticalFinding]:
    findings = []
    for row in rows:
        question = template.question(row["question_id"])
        assert question is not None
        option = question.option(row["value"])
        findings.append(
            CriticalFinding(
                review_id=row["review_id"],
                case_reference=row["reference"],
                question_id=question.id,
                question_text=question.text,
                answer_label=option.label if option else str(row["value"]),
                comment=row["comment"],
                subgroup=row["subgroup"],
                unit=row["unit"],
            )
        )
    return findings


def critical_findings(db: Database, round_id: str, template: Template) -> list[CriticalFinding]:
    """Every non-compliant answer to a critical question in the round's complete reviews."""
    aggregate = results_queries.round_aggregate(db, round_id, findings=_critical_values(template))
    return _findings(template, aggregate.findings)


def round_results(
    db: Database,
    round_id: str,
    *,
    by: Breakdown = None,
    suppress_small_groups: bool = False,
) -> RoundResults:
    """Results of a round: per question, per group (``by``), per criterion, with the target,
    the previous round of the same template key and the critical findings.

    ``suppress_small_groups`` hides groups below the configured minimum (for reports that leave
    the unit).
    """
    round_ = rounds_repo.get_round(db, round_id)
    template = templates_repo.get_template(db, round_.template_id)
    aggregate = results_queries.round_aggregate(
        db,
        round_id,
        by,
        number_questions=_number_questions(template),
        findings=_critical_values(template),
    )
    previous_round = rounds_repo.previous_round(db, round_)
    previous = None
    if previous_round is not None:
        previous_template = templates_repo.get_template(db, previous_round.template_id)
        # The comparison reads only the previous round's counts and number of reviews.
        previous = _round_data(
            previous_round,
            previous_template,
            results_queries.round_aggregate(db, previous_round.id),
        )
    return compute_round_results(
        _round_data(round_, template, aggregate),
        grouped=by is not None,
        group_by=by,
        previous=previous,
        previous_round_id=previous_round.id if previous_round else None,
        critical_findings=_findings(template, aggregate.findings),
        min_group_size=min_group_size(db) if suppress_small_groups else None,
    )


def _counts_json(counts: Counts, labels: dict[str, str] | None = None) -> dict[str, Any]:
    """Counts as JSON; ``options`` (by option label) only for a single question's counts."""
    low, high = counts.interval
    data: dict[str, Any] = {
        "n": counts.n,
        "compliant": counts.compliant,
        "non_compliant": counts.non_compliant,
        "not_applicable": counts.not_applicable,
        "skipped": counts.skipped,
        "share": counts.share,
        "ci_low": low,
        "ci_high": high,
        "suppressed": counts.suppressed,
    }
    if labels is not None:
        data["options"] = {labels.get(k, k): v for k, v in counts.per_option.items()}
    return data


def results_to_json(round_: Round, results: RoundResults) -> dict[str, Any]:
    """The documented JSON shape of ``kvaldesk results --json`` (see docs/cli.md)."""
    questions = []
    for result in results.questions:
        q = result.question
        labels = {o.value: o.label for o in q.options}
        item: dict[str, Any] = {
            "id": q.id,
            "text": q.text,
            "criterion": q.criterion.value,
            "critical": q.critical,
            **_counts_json(result.overall, labels),
            "target": result.target_pct,
            "previous": _counts_json(result.previous, labels) if result.previous else None,
            "change": result.change,
        }
        if result.numbers is not None:
            item["numbers"] = {
                "count": result.numbers.count,
                "mean": result.numbers.mean,
                "median": result.numbers.median,
                "min": result.numbers.minimum,
                "max": result.numbers.maximum,
            }
        if results.group_by is not None:
            item["groups"] = {name: _counts_json(c, labels) for name, c in result.groups.items()}
        questions.append(item)
    overall = results.overall
    return {
        "round": {
            "id": round_.id,
            "name": round_.name,
            "template": round_.template_key,
            "template_version": round_.template_version,
            "unit": round_.unit,
            "target": round_.target_pct,
            "status": round_.status.value,
        },
        "reviews": results.reviews,
        "overall": _counts_json(overall),
        "group_by": results.group_by,
        "questions": questions,
        "criteria": [
            {
                "criterion": c.criterion.value,
                "title": c.criterion.title,
                "questions": c.questions,
                **_counts_json(c.counts),
                **(
                    {"groups": {n: _counts_json(g) for n, g in c.groups.items()}}
                    if results.group_by is not None
                    else {}
                ),
            }
            for c in results.criteria
        ],
        "critical_findings": [
            {
                "review_id": f.review_id,
                "case": f.case_reference,
                "question": f.question_id,
                "answer": f.answer_label,
                "comment": f.comment,
                "subgroup": f.subgroup,
            }
            for f in results.critical_findings
        ],
        "previous_round": results.previous_round_id,
    }
