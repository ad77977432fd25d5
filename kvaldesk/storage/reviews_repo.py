"""Reviews and their answers. Every change to a review bumps its version vector."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from kvaldesk.domain.enums import ReviewStatus
from kvaldesk.domain.errors import NotFoundError
from kvaldesk.domain.model import Answer, Review
from kvaldesk.storage.database import new_id, now_iso
from kvaldesk.storage.settings import MACHINE_ID, machine_id


def _review(row: dict[str, Any], answers: dict[str, Answer] | None = None) -> Review:
    return Review(
        id=row["id"],
        round_id=row["round_id"],
        case_id=row["case_id"],
        reviewer=row["reviewer"],
        status=ReviewStatus(row["status"]),
        started_at=row["started_at"],
        updated_at=row["updated_at"],
        completed_at=row["completed_at"],
        version_vector=json.loads(row["version_vector"] or "{}"),
        answers=answers or {},
        consensus=bool(row.get("consensus", 0)),
    )


def insert_review(db: Database, round_id: str, case_id: str, reviewer: str) -> Review:
    """Start a new draft review of a case."""
    review_id = new_id()
    stamp = now_iso()
    vector = json.dumps({machine_id(db): 1}, sort_keys=True)
    db.execute(
        "INSERT INTO reviews(id, round_id, case_id, reviewer, status, started_at, updated_at, "
        "version_vector) VALUES (?, ?, ?, ?, 'draft', ?, ?, ?)",
        [review_id, round_id, case_id, reviewer, stamp, stamp, vector],
    )
    return get_review(db, review_id)


def _one_row(db: Database, sql: str, params: list[Any]) -> dict[str, Any] | None:
    """One row as a dict, read with a plain ``execute`` (these reads run on every save)."""
    cursor = db.execute(sql, params)
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def get_review(db: Database, review_id: str, with_answers: bool = True) -> Review:
    """The review with this id, with its answers."""
    row = _one_row(db, "SELECT * FROM reviews WHERE id = ?", [review_id])
    if row is None:
        raise NotFoundError(f"Granskningen {review_id} finns inte.")
    return _review(row, answers_of(db, review_id) if with_answers else None)


_ANSWER_COLUMNS = "question_id, value, number, text, comment, answered_at"


def answers_of(db: Database, review_id: str) -> dict[str, Answer]:
    """The answers of one review by question id."""
    return {
        row[0]: Answer(*row)
        for row in db.execute(
            f"SELECT {_ANSWER_COLUMNS} FROM answers WHERE review_id = ?", [review_id]
        )
    }


@dataclass(frozen=True)
class ReviewToChange:
    """What saving an answer needs to know, read in one go inside its transaction."""

    review: Review
    template_id: str
    machine_id: str
    applies: dict[str, bool]  # question id -> whether its stored answer counts


def review_to_change(db: Database, review_id: str) -> ReviewToChange:
    """The review with its answers, its round's template id, this machine's id and which
    stored answers apply: two reads instead of the half dozen the separate look-ups make."""
    row = _one_row(
        db,
        "SELECT r.*, o.template_id AS round_template_id, "
        f"(SELECT value FROM settings WHERE key = '{MACHINE_ID}') AS this_machine "
        "FROM reviews r JOIN rounds o ON o.id = r.round_id WHERE r.id = ?",
        [review_id],
    )
    if row is None:
        raise NotFoundError(f"Granskningen {review_id} finns inte.")
    answers: dict[str, Answer] = {}
    applies: dict[str, bool] = {}
    for answer_row in db.execute(
        f"SELECT {_ANSWER_COLUMNS}, applies FROM answers WHERE review_id = ?", [review_id]
    ):
        answers[answer_row[0]] = Answer(*answer_row[:6])
        applies[answer_row[0]] = answer_row[6] == 1
    return ReviewToChange(
        review=_review(row, answers),
        template_id=str(row["round_template_id"]),
        machine_id=str(row["this_machine"] or ""),
        applies=applies,
    )


def list_reviews(db: Database, round_id: str) -> list[dict[str, Any]]:
    """Rows describing each review of a round with its case reference, subgroup and unit."""
    return [
        dict(r)
        for r in db.query(
            "SELECT r.id, r.case_id, c.reference, c.subgroup, c.unit, r.reviewer, r.status, "
            "r.started_at, r.updated_at, r.completed_at, r.consensus, c.double_review, "
            "(SELECT COUNT(*) FROM answers a WHERE a.review_id = r.id AND a.applies = 1) "
            "AS answered "
            "FROM reviews r JOIN cases c ON c.id = r.case_id WHERE r.round_id = ? "
            "ORDER BY c.reference, r.started_at",
            [round_id],
        )
    ]


def reviews_of_case(db: Database, case_id: str) -> list[Review]:
    """Every review of a case (more than one for double reviews)."""
    return [
        _review(r)
        for r in db.query("SELECT * FROM reviews WHERE case_id = ? ORDER BY started_at", [case_id])
    ]


def insert_consensus_review(
    db: Database, round_id: str, case_id: str, reviewer: str, answers: Iterable[tuple[Answer, bool]]
) -> Review:
    """Store a complete consensus review of a case with its answers ``(answer, applies)``."""
    review_id = new_id()
    stamp = now_iso()
    vector = json.dumps({machine_id(db): 1}, sort_keys=True)
    db.execute(
        "INSERT INTO reviews(id, round_id, case_id, reviewer, status, started_at, updated_at, "
        "completed_at, version_vector, consensus) "
        "VALUES (?, ?, ?, ?, 'complete', ?, ?, ?, ?, 1)",
        [review_id, round_id, case_id, reviewer, stamp, stamp, stamp, vector],
    )
    replace_answers(db, review_id, answers)
    return get_review(db, review_id)


def replace_answers(db: Database, review_id: str, answers: Iterable[tuple[Answer, bool]]) -> None:
    """Replace every answer of a review with ``(answer, applies)``."""
    db.execute("DELETE FROM answers WHERE review_id = ?", [review_id])
    stamp = now_iso()
    db.conn.executemany(
        "INSERT INTO answers(review_id, question_id, value, number, text, comment, applies, "
        "answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                review_id,
                a.question_id,
                a.value,
                a.number,
                a.text,
                a.comment,
                1 if applies else 0,
                a.answered_at or stamp,
            )
            for a, applies in answers
        ],
    )


def touch_review(db: Database, review_id: str) -> None:
    """Bump this machine's counter in the version vector and the update time."""
    row = db.execute("SELECT version_vector FROM reviews WHERE id = ?", [review_id]).fetchone()
    if row is None:
        raise NotFoundError(f"Granskningen {review_id} finns inte.")
    store_version(db, review_id, bumped(json.loads(row[0] or "{}"), machine_id(db)), now_iso())


def bumped(vector: dict[str, int], machine: str) -> dict[str, int]:
    """A copy of a version vector with ``machine``'s counter one higher."""
    return {**vector, machine: vector.get(machine, 0) + 1}


def store_version(db: Database, review_id: str, vector: dict[str, int], stamp: str) -> None:
    """Write a review's new version vector and update time."""
    db.execute(
        "UPDATE reviews SET version_vector = ?, updated_at = ? WHERE id = ?",
        [json.dumps(vector, sort_keys=True), stamp, review_id],
    )


def upsert_answer(db: Database, review_id: str, answer: Answer, applies: bool = True) -> None:
    """Insert or replace one answer (``applies``: whether it counts in the results)."""
    db.execute(
        "INSERT INTO answers(review_id, question_id, value, number, text, comment, applies, "
        "answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(review_id, question_id) DO UPDATE SET value = excluded.value, "
        "number = excluded.number, text = excluded.text, comment = excluded.comment, "
        "applies = excluded.applies, answered_at = excluded.answered_at",
        [
            review_id,
            answer.question_id,
            answer.value,
            answer.number,
            answer.text,
            answer.comment,
            1 if applies else 0,
            answer.answered_at or now_iso(),
        ],
    )


def set_applicable(
    db: Database,
    review_id: str,
    applicable_ids: set[str],
    stored: dict[str, bool] | None = None,
) -> None:
    """Mark which stored answers belong to questions that currently apply.

    Answers to questions that no longer apply are kept (nothing is deleted silently) but
    leave the results. ``stored`` (question id -> applies as stored now, when the caller has
    just read it in the same transaction) saves reading it again.
    """
    if stored is None:
        stored = {
            question_id: bool(applies)
            for question_id, applies in db.execute(
                "SELECT question_id, applies FROM answers WHERE review_id = ?", [review_id]
            ).fetchall()
        }
    for question_id, applies in stored.items():
        wanted = question_id in applicable_ids
        if wanted != applies:
            db.execute(
                "UPDATE answers SET applies = ? WHERE review_id = ? AND question_id = ?",
                [1 if wanted else 0, review_id, question_id],
            )


def set_status(db: Database, review_id: str, status: ReviewStatus) -> None:
    """Mark a review complete (with the completion time) or back to draft."""
    completed = now_iso() if status is ReviewStatus.COMPLETE else None
    db.execute(
        "UPDATE reviews SET status = ?, completed_at = ? WHERE id = ?",
        [status.value, completed, review_id],
    )


@dataclass(frozen=True)
class NewReview:
    """A complete review to insert in bulk (spreadsheet import, demo data)."""

    id: str
    round_id: str
    case_id: str
    reviewer: str
    started_at: str
    completed_at: str
    answers: list[tuple[Answer, bool]]  # (answer, applies)


def bulk_insert_complete_reviews(db: Database, reviews: Iterable[NewReview]) -> int:
    """Insert complete reviews and their answers with executemany; returns the count.

    Call inside a transaction. Each review's version vector starts at this machine's 1.
    """
    vector = json.dumps({machine_id(db): 1}, sort_keys=True)
    review_rows: list[tuple[object, ...]] = []
    answer_rows: list[tuple[object, ...]] = []
    for r in reviews:
        review_rows.append(
            (
                r.id,
                r.round_id,
                r.case_id,
                r.reviewer,
                r.started_at,
                r.completed_at,
                r.completed_at,
                vector,
            )
        )
        for answer, applies in r.answers:
            answer_rows.append(
                (
                    r.id,
                    answer.question_id,
                    answer.value,
                    answer.number,
                    answer.text,
                    answer.comment,
                    1 if applies else 0,
                    answer.answered_at or r.completed_at,
                )
            )
    db.conn.executemany(
        "INSERT INTO reviews(id, round_id, case_id, reviewer, status, started_at, updated_at, "
        "completed_at, version_vector) VALUES (?, ?, ?, ?, 'complete', ?, ?, ?, ?)",
        review_rows,
    )
    db.conn.executemany(
        "INSERT INTO answers(review_id, question_id, value, number, text, comment, applies, "
        "answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        answer_rows,
    )
    return len(review_rows)
