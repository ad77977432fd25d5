"""The append-only audit log: who changed what, when. Triggers forbid updates and deletes."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from kvaldesk.storage.database import now_iso
from kvaldesk.storage.settings import REVIEWER_NAME, get_setting, machine_id


def record(
    db: Database,
    action: str,
    entity: str,
    entity_id: str,
    detail: dict[str, Any] | None = None,
    actor: str | None = None,
    *,
    machine: str | None = None,
    at: str | None = None,
) -> None:
    """Append one entry; call it inside the transaction that makes the change.

    ``machine`` (this database's machine id) and ``at`` (the change's time) save a look-up
    when the caller already has them.
    """
    db.execute(
        "INSERT INTO audit_log(at, machine_id, actor, action, entity, entity_id, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            at if at is not None else now_iso(),
            machine if machine is not None else machine_id(db),
            actor if actor is not None else get_setting(db, REVIEWER_NAME),
            action,
            entity,
            entity_id,
            json.dumps(detail or {}, ensure_ascii=False),
        ],
    )


def entries(db: Database, entity_id: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
    """The newest audit entries, optionally for one record."""
    sql = "SELECT * FROM audit_log"
    params: list[Any] = []
    if entity_id is not None:
        sql += " WHERE entity_id = ?"
        params.append(entity_id)
    sql += " ORDER BY id DESC LIMIT ?"
    params.append(limit)
    return [dict(row) for row in db.query(sql, params)]
