"""Aggregate queries behind the results: one statement per round, not one row per answer.

Results count each case once: the ``counted_reviews`` view (migration 0003) holds the
consensus review of a double-reviewed case when there is one, otherwise its first completed
review, never both. Finding those reviews costs a subquery per review, so one statement
finds them once (a materialized CTE) and reads everything the results need from it: the
answer counts with the recorded numbers, the critical findings and the reviews per group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlite_utils import Database

GroupBy = Literal["subgroup", "unit"] | None

_GROUP_COLUMN = {None: "''", "subgroup": "c.subgroup", "unit": "c.unit"}


@dataclass(frozen=True)
class RoundAggregate:
    """Everything the results of one round read from the database."""

    #: (group, question id, value, count) over complete reviews, applicable answers only,
    #: ordered by group, question id and value.
    answer_counts: list[tuple[str, str, str | None, int]]
    #: Number of complete reviews per group ('' when not grouped).
    group_reviews: dict[str, int]
    #: Recorded numbers per question (only the questions asked for).
    numbers: dict[str, list[float]] = field(default_factory=dict)
    #: Answers whose (question id, value) was asked for, with case data, ordered by case
    #: reference and question id.
    findings: list[dict[str, Any]] = field(default_factory=list)


def _counted(group_by: GroupBy) -> str:
    join = "JOIN cases c ON c.id = r.case_id " if group_by else ""
    return (
        f"SELECT r.id, r.case_id, {_GROUP_COLUMN[group_by]} AS grp FROM counted_reviews r {join}"
        "WHERE r.round_id = ? AND r.status = 'complete'"
    )


def _findings_part(wanted: Mapping[str, Sequence[str]]) -> tuple[str, list[Any]]:
    asked = {question_id: values for question_id, values in wanted.items() if values}
    if not asked:
        return "", []
    clauses = []
    params: list[Any] = list(asked)
    for question_id, values in asked.items():
        clauses.append(f"(a.question_id = ? AND a.value IN ({','.join('?' for _ in values)}))")
        params.extend([question_id, *values])
    marks = ",".join("?" for _ in asked)
    sql = (
        "UNION ALL SELECT 'finding', r.grp, a.question_id, a.value, r.id, 1, a.comment, "
        "c.reference, c.subgroup, c.unit FROM counted r "
        # The question ids in the join let SQLite look each answer up by its primary key.
        f"JOIN answers a ON a.review_id = r.id AND a.question_id IN ({marks}) "
        "JOIN cases c ON c.id = r.case_id "
        f"WHERE a.applies = 1 AND ({' OR '.join(clauses)}) "
    )
    return sql, params


def round_aggregate(
    db: Database,
    round_id: str,
    group_by: GroupBy = None,
    *,
    number_questions: Sequence[str] = (),
    findings: Mapping[str, Sequence[str]] | None = None,
) -> RoundAggregate:
    """Counts, numbers (of ``number_questions``), findings (answers whose value is among
    ``findings[question id]``) and reviews per group of a round, in one statement."""
    with_numbers = bool(number_questions)
    group_key = "r.grp, " if group_by else ""
    findings_sql, findings_params = _findings_part(findings or {})
    sql = (
        f"WITH counted AS MATERIALIZED ({_counted(group_by)}) "
        f"SELECT 'count', r.grp, a.question_id, a.value, {'a.number' if with_numbers else 'NULL'}, "
        "COUNT(*), NULL, NULL, NULL, NULL "
        "FROM counted r JOIN answers a ON a.review_id = r.id WHERE a.applies = 1 "
        # Ungrouped, the constant stays out of GROUP BY: the longer sort key costs a quarter.
        f"GROUP BY {group_key}a.question_id, a.value{', a.number' if with_numbers else ''} "
        f"{findings_sql}"
        "UNION ALL SELECT 'reviews', r.grp, NULL, NULL, NULL, COUNT(*), NULL, NULL, NULL, NULL "
        "FROM counted r GROUP BY r.grp"
    )
    wanted_numbers = set(number_questions)
    counts: dict[tuple[str, str, str | None], int] = {}
    numbers: dict[str, list[float]] = defaultdict(list)
    found: list[dict[str, Any]] = []
    group_reviews: dict[str, int] = {}
    rows = db.execute(sql, [round_id, *findings_params]).fetchall()
    for kind, grp, question_id, value, extra, n, comment, reference, subgroup, unit in rows:
        if kind == "count":
            # Rows come sorted by group, question and value, so the merged counts keep that
            # order; with numbers each row is one (value, number) pair.
            key = (str(grp), str(question_id), value)
            counts[key] = counts.get(key, 0) + int(n)
            if extra is not None and question_id in wanted_numbers:
                numbers[str(question_id)].extend([float(extra)] * int(n))
        elif kind == "finding":
            found.append(
                {
                    "review_id": extra,
                    "reference": reference,
                    "subgroup": subgroup,
                    "unit": unit,
                    "question_id": question_id,
                    "value": value,
                    "comment": comment,
                }
            )
        else:
            group_reviews[str(grp)] = int(n)
    found.sort(key=lambda f: (f["reference"], f["question_id"]))
    return RoundAggregate(
        answer_counts=[(g, q, v, n) for (g, q, v), n in counts.items()],
        group_reviews=group_reviews,
        numbers=dict(numbers),
        findings=found,
    )
