"""Actions (åtgärder) decided from findings."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kvaldesk.domain.enums import ActionStatus
from kvaldesk.domain.errors import NotFoundError
from kvaldesk.domain.model import Action
from kvaldesk.storage.database import new_id, now_iso


def _action(row: dict[str, Any]) -> Action:
    return Action(
        id=row["id"],
        round_id=row["round_id"],
        text=row["text"],
        owner=row["owner"],
        due_date=row["due_date"],
        status=ActionStatus(row["status"]),
        question_id=row["question_id"],
        review_id=row["review_id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def insert_action(db: Database, action: Action) -> Action:
    """Store a new action."""
    action_id = action.id or new_id()
    stamp = now_iso()
    db.execute(
        "INSERT INTO actions(id, round_id, question_id, review_id, text, owner, due_date, status, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            action_id,
            action.round_id,
            action.question_id,
            action.review_id,
            action.text,
            action.owner,
            action.due_date,
            action.status.value,
            stamp,
            stamp,
        ],
    )
    return get_action(db, action_id)


def update_action(db: Database, action: Action) -> Action:
    """Write an action's text, owner, due date and status."""
    db.execute(
        "UPDATE actions SET text = ?, owner = ?, due_date = ?, status = ?, updated_at = ? "
        "WHERE id = ?",
        [action.text, action.owner, action.due_date, action.status.value, now_iso(), action.id],
    )
    return get_action(db, action.id)


def get_action(db: Database, action_id: str) -> Action:
    """The action with this id."""
    rows = list(db.query("SELECT * FROM actions WHERE id = ?", [action_id]))
    if not rows:
        raise NotFoundError(f"Åtgärden {action_id} finns inte.")
    return _action(rows[0])


def list_actions(db: Database, round_id: str | None = None) -> list[Action]:
    """Actions of one round (or all), by due date."""
    sql = "SELECT * FROM actions"
    params: list[Any] = []
    if round_id is not None:
        sql += " WHERE round_id = ?"
        params.append(round_id)
    sql += " ORDER BY due_date IS NULL, due_date, created_at"
    return [_action(r) for r in db.query(sql, params)]
