"""Aggregate queries behind the results: one GROUP BY per round, not one row per answer.

Results count each case once: the ``counted_reviews`` view (migration 0003) holds the
consensus review of a double-reviewed case when there is one, otherwise its first completed
review, never both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from sqlite_utils import Database

GroupBy = Literal["subgroup", "unit"] | None

_GROUP_COLUMN = {None: "''", "subgroup": "c.subgroup", "unit": "c.unit"}


def answer_counts(
    db: Database, round_id: str, group_by: GroupBy = None
) -> list[tuple[str, str, str | None, int]]:
    """(group, question id, value, count) over complete reviews, applicable answers only."""
    column = _GROUP_COLUMN[group_by]
    join = "JOIN cases c ON c.id = r.case_id " if group_by else ""
    sql = (
        f"SELECT {column} AS grp, a.question_id, a.value, COUNT(*) "
        "FROM counted_reviews r "
        f"{join}"
        "JOIN answers a ON a.review_id = r.id "
        "WHERE r.round_id = ? AND r.status = 'complete' AND a.applies = 1 "
        # Ungrouped, the constant stays out of GROUP BY: the longer sort key costs a quarter.
        f"GROUP BY {'grp, ' if group_by else ''}a.question_id, a.value"
    )
    return [(str(g), str(q), v, int(n)) for g, q, v, n in db.execute(sql, [round_id]).fetchall()]


def complete_reviews_per_group(
    db: Database, round_id: str, group_by: GroupBy = None
) -> dict[str, int]:
    """Number of complete reviews per group ('' when not grouped)."""
    column = _GROUP_COLUMN[group_by]
    join = "JOIN cases c ON c.id = r.case_id " if group_by else ""
    sql = (
        f"SELECT {column} AS grp, COUNT(*) FROM counted_reviews r {join}"
        "WHERE r.round_id = ? AND r.status = 'complete' GROUP BY grp"
    )
    return {str(g): int(n) for g, n in db.execute(sql, [round_id]).fetchall()}


def number_values(
    db: Database, round_id: str, question_ids: Sequence[str]
) -> dict[str, list[float]]:
    """Recorded numbers per question over complete reviews."""
    if not question_ids:
        return {}
    marks = ",".join("?" for _ in question_ids)
    sql = (
        "SELECT a.question_id, a.number FROM counted_reviews r "
        "JOIN answers a ON a.review_id = r.id "
        "WHERE r.round_id = ? AND r.status = 'complete' AND a.applies = 1 "
        f"AND a.number IS NOT NULL AND a.question_id IN ({marks})"
    )
    found: dict[str, list[float]] = defaultdict(list)
    for question_id, number in db.execute(sql, [round_id, *question_ids]).fetchall():
        found[str(question_id)].append(float(number))
    return dict(found)


def answers_with_values(
    db: Database, round_id: str, wanted: Mapping[str, Sequence[str]]
) -> list[dict[str, Any]]:
    """Complete-review answers whose (question id, value) is in ``wanted``, with case data."""
    if not wanted:
        return []
    clauses = []
    params: list[Any] = [round_id]
    for question_id, values in wanted.items():
        if not values:
            continue
        clauses.append(f"(a.question_id = ? AND a.value IN ({','.join('?' for _ in values)}))")
        params.extend([question_id, *values])
    if not clauses:
        return []
    sql = (
        "SELECT r.id AS review_id, c.reference, c.subgroup, c.unit, a.question_id, a.value, "
        "a.comment FROM counted_reviews r JOIN cases c ON c.id = r.case_id "
        "JOIN answers a ON a.review_id = r.id "
        "WHERE r.round_id = ? AND r.status = 'complete' AND a.applies = 1 AND ("
        + " OR ".join(clauses)
        + ") ORDER BY c.reference, a.question_id"
    )
    return [dict(row) for row in db.query(sql, params)]
