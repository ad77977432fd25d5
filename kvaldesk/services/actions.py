"""Use cases for actions (åtgärder): create from a finding, edit, list with overdue marked."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlite_utils import Database

from kvaldesk.domain.enums import ActionStatus
from kvaldesk.domain.errors import ValidationError
from kvaldesk.domain.model import Action
from kvaldesk.domain.validation import clean_text, parse_iso_date
from kvaldesk.storage import actions_repo, audit, rounds_repo
from kvaldesk.storage.database import new_id

OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
STATUS_LABELS = {
    ActionStatus.PLANNED: "Planerad",
    ActionStatus.IN_PROGRESS: "Pågår",
    ActionStatus.DONE: "Klar",
    ActionStatus.CANCELLED: "Avbruten",
}


@dataclass(frozen=True)
class ActionRow:
    """An action with what the list shows beside it."""

    action: Action
    round_name: str
    overdue: bool


def is_overdue(action: Action, today: date | None = None) -> bool:
    """An open action whose due date has passed."""
    if action.status not in OPEN_STATUSES or not action.due_date:
        return False
    return date.fromisoformat(action.due_date) < (today or date.today())


def _checked(action: Action) -> Action:
    return replace(
        action,
        text=clean_text(action.text, "Åtgärden", max_length=2000, required=True),
        owner=clean_text(action.owner, "Ansvarig", max_length=120),
        due_date=parse_iso_date(action.due_date, "Klart senast"),
    )


def create_action(
    db: Database,
    round_id: str,
    text: str,
    *,
    owner: str = "",
    due_date: str | None = None,
    status: ActionStatus = ActionStatus.PLANNED,
    question_id: str | None = None,
    review_id: str | None = None,
) -> Action:
    """Record a new action, optionally linked to a question or a review of the round."""
    action = _checked(
        Action(
            id=new_id(),
            round_id=round_id,
            text=text,
            owner=owner,
            due_date=due_date,
            status=status,
            question_id=question_id,
            review_id=review_id,
        )
    )
    with db.atomic():
        rounds_repo.get_round(db, round_id)
        stored = actions_repo.insert_action(db, action)
        audit.record(db, "action_created", "action", stored.id, {"round": round_id})
    return stored


def update_action(db: Database, action: Action) -> Action:
    """Save an edited action (text, owner, due date, status)."""
    checked = _checked(action)
    if checked.status not in STATUS_LABELS:
        raise ValidationError("Okänd status.")
    with db.atomic():
        stored = actions_repo.update_action(db, checked)
        audit.record(db, "action_updated", "action", stored.id, {"status": stored.status.value})
    return stored


def list_actions(
    db: Database, round_id: str | None = None, today: date | None = None
) -> list[ActionRow]:
    """Actions (of one round, or all) with their round's name and whether they are overdue."""
    names = {r.id: r.name for r in rounds_repo.list_rounds(db)}
    return [
        ActionRow(a, names.get(a.round_id, ""), is_overdue(a, today))
        for a in actions_repo.list_actions(db, round_id)
    ]


def earlier_round_actions(
    db: Database, round_id: str, today: date | None = None
) -> list[ActionRow]:
    """The actions of earlier rounds of the same template key, for following them up in this
    round: with their round's name, status and whether they are overdue (due date passed and
    not done or cancelled). Newest round first, then by due date."""
    current = rounds_repo.get_round(db, round_id)
    earlier = [
        r
        for r in rounds_repo.list_rounds(db)
        if r.template_key == current.template_key
        and r.id != current.id
        and r.created_at < current.created_at
    ]
    rows: list[ActionRow] = []
    for round_ in earlier:  # list_rounds gives the newest first
        rows.extend(
            ActionRow(a, round_.name, is_overdue(a, today))
            for a in actions_repo.list_actions(db, round_.id)
        )
    return rows
