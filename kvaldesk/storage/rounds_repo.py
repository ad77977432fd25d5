"""Rounds (granskningsomgångar) and their cases."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from kvaldesk.domain.enums import RoundStatus
from kvaldesk.domain.errors import NotFoundError
from kvaldesk.domain.model import Case, Round
from kvaldesk.storage.database import new_id, now_iso

_ROUND_SELECT = (
    "SELECT r.*, t.key AS template_key, t.version AS template_version "
    "FROM rounds r JOIN templates t ON t.id = r.template_id"
)


def _round(row: dict[str, Any]) -> Round:
    return Round(
        id=row["id"],
        name=row["name"],
        template_id=row["template_id"],
        template_key=row["template_key"],
        template_version=int(row["template_version"]),
        unit=row["unit"],
        period_start=row["period_start"],
        period_end=row["period_end"],
        target_pct=row["target_pct"],
        status=RoundStatus(row["status"]),
        analysis=row["analysis"],
        created_at=row["created_at"],
    )


def insert_round(db: Database, round_: Round) -> Round:
    """Store a new round; returns it with id and timestamps."""
    round_id = round_.id or new_id()
    stamp = now_iso()
    db.execute(
        "INSERT INTO rounds(id, name, template_id, unit, period_start, period_end, target_pct, "
        "status, analysis, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            round_id,
            round_.name,
            round_.template_id,
            round_.unit,
            round_.period_start,
            round_.period_end,
            round_.target_pct,
            round_.status.value,
            round_.analysis,
            round_.created_at or stamp,
            stamp,
        ],
    )
    return get_round(db, round_id)


def update_round(db: Database, round_: Round) -> Round:
    """Write the editable fields of a round."""
    db.execute(
        "UPDATE rounds SET name = ?, template_id = ?, unit = ?, period_start = ?, "
        "period_end = ?, target_pct = ?, status = ?, analysis = ?, updated_at = ? WHERE id = ?",
        [
            round_.name,
            round_.template_id,
            round_.unit,
            round_.period_start,
            round_.period_end,
            round_.target_pct,
            round_.status.value,
            round_.analysis,
            now_iso(),
            round_.id,
        ],
    )
    return get_round(db, round_.id)


def get_round(db: Database, round_id: str) -> Round:
    """The round with this id."""
    rows = list(db.query(_ROUND_SELECT + " WHERE r.id = ?", [round_id]))
    if not rows:
        raise NotFoundError(f"Granskningsomgången {round_id} finns inte.")
    return _round(rows[0])


def list_rounds(db: Database) -> list[Round]:
    """Every round, newest first."""
    return [_round(r) for r in db.query(_ROUND_SELECT + " ORDER BY r.created_at DESC, r.name")]


def previous_round(db: Database, round_: Round) -> Round | None:
    """The newest round of the same template key created before this one."""
    rows = list(
        db.query(
            _ROUND_SELECT + " WHERE t.key = ? AND r.id != ? AND r.created_at < ? "
            "ORDER BY r.created_at DESC LIMIT 1",
            [round_.template_key, round_.id, round_.created_at],
        )
    )
    return _round(rows[0]) if rows else None


def round_counts(db: Database, round_id: str) -> dict[str, int]:
    """Number of cases, reviews and complete reviews in a round (reviewers' reviews: the
    consensus reviews of double-reviewed cases are not counted)."""
    cases = db.execute("SELECT COUNT(*) FROM cases WHERE round_id = ?", [round_id]).fetchone()[0]
    reviews, complete = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(status = 'complete'), 0) FROM reviews "
        "WHERE round_id = ? AND consensus = 0",
        [round_id],
    ).fetchone()
    return {"cases": int(cases), "reviews": int(reviews), "complete": int(complete)}


def all_round_counts(db: Database) -> dict[str, dict[str, int]]:
    """:func:`round_counts` of every round that has cases or reviews, by round id, in two
    grouped queries (a round missing from the result has none)."""
    counts: dict[str, dict[str, int]] = {}
    for round_id, cases in db.execute(
        "SELECT round_id, COUNT(*) FROM cases GROUP BY round_id"
    ).fetchall():
        counts[round_id] = {"cases": int(cases), "reviews": 0, "complete": 0}
    for round_id, reviews, complete in db.execute(
        "SELECT round_id, COUNT(*), COALESCE(SUM(status = 'complete'), 0) FROM reviews "
        "WHERE consensus = 0 GROUP BY round_id"
    ).fetchall():
        entry = counts.setdefault(round_id, {"cases": 0, "reviews": 0, "complete": 0})
        entry["reviews"], entry["complete"] = int(reviews), int(complete)
    return counts


def double_review_candidates(db: Database, round_id: str) -> list[Case]:
    """The round's cases that can be double reviews: marked for it, or with more than one
    review (of any kind), ordered by reference."""
    return [
        _case(r)
        for r in db.query(
            "SELECT * FROM cases WHERE round_id = ? AND (double_review = 1 OR id IN "
            "(SELECT case_id FROM reviews WHERE round_id = ? GROUP BY case_id "
            "HAVING COUNT(*) > 1)) ORDER BY reference",
            [round_id, round_id],
        )
    ]


def cases_with_several_reviews(db: Database, round_id: str) -> set[str]:
    """The ids of the round's cases that have more than one review (of any kind)."""
    return {
        str(row[0])
        for row in db.execute(
            "SELECT case_id FROM reviews WHERE round_id = ? GROUP BY case_id HAVING COUNT(*) > 1",
            [round_id],
        ).fetchall()
    }


def _case(row: dict[str, Any]) -> Case:
    return Case(
        id=row["id"],
        round_id=row["round_id"],
        reference=row["reference"],
        subgroup=row["subgroup"],
        unit=row["unit"],
        double_review=bool(row.get("double_review", 0)),
    )


def insert_case(db: Database, case: Case) -> Case:
    """Store a new case in a round."""
    case_id = case.id or new_id()
    db.execute(
        "INSERT INTO cases(id, round_id, reference, subgroup, unit, created_at, double_review) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            case_id,
            case.round_id,
            case.reference,
            case.subgroup,
            case.unit,
            now_iso(),
            int(case.double_review),
        ],
    )
    return Case(
        id=case_id,
        round_id=case.round_id,
        reference=case.reference,
        subgroup=case.subgroup,
        unit=case.unit,
        double_review=case.double_review,
    )


def get_case(db: Database, case_id: str) -> Case:
    """The case with this id."""
    rows = list(db.query("SELECT * FROM cases WHERE id = ?", [case_id]))
    if not rows:
        raise NotFoundError(f"Ärendet {case_id} finns inte.")
    return _case(rows[0])


def find_case(db: Database, round_id: str, reference: str) -> Case | None:
    """The case with this reference in the round, or None."""
    rows = list(
        db.query("SELECT * FROM cases WHERE round_id = ? AND reference = ?", [round_id, reference])
    )
    return _case(rows[0]) if rows else None


def list_cases(db: Database, round_id: str) -> list[Case]:
    """The cases of a round, ordered by reference."""
    return [
        _case(r)
        for r in db.query("SELECT * FROM cases WHERE round_id = ? ORDER BY reference", [round_id])
    ]


def set_double_review(db: Database, case_ids: Sequence[str], marked: bool) -> int:
    """Mark (or unmark) cases for double review; returns how many changed."""
    changed = 0
    for case_id in case_ids:
        cursor = db.execute(
            "UPDATE cases SET double_review = ? WHERE id = ? AND double_review != ?",
            [int(marked), case_id, int(marked)],
        )
        changed += cursor.rowcount
    return changed


def update_case(db: Database, case: Case) -> None:
    """Write a case's subgroup and unit."""
    db.execute(
        "UPDATE cases SET subgroup = ?, unit = ? WHERE id = ?", [case.subgroup, case.unit, case.id]
    )
