"""Export: gather what changed since the last export, and explain a folder that fails.

"Changed" is decided per record by a fingerprint (a review's version vector, a round's or an
action's update time, a case's fields) compared with the one remembered when the record was
last exported or received from the share. Marks are written only after the package file is
in place, so a failed write loses nothing: the next export includes the same records.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kvaldesk.storage import audit, exchange_repo

KEPT = "Inget har gått förlorat: uppgifterna finns kvar här och följer med nästa export."
_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_UNREACHABLE = {
    errno.ENOENT,
    errno.ENOTDIR,
    errno.EHOSTDOWN,
    errno.EHOSTUNREACH,
    errno.ENETUNREACH,
    errno.ENETDOWN,
    errno.ETIMEDOUT,
    errno.ESTALE,
}

Data = dict[str, list[dict[str, Any]]]
Marks = dict[str, dict[str, str]]


def folder_problem(folder: Path, exc: OSError) -> str:
    """What to tell a person whose package could not be written to ``folder``."""
    if isinstance(exc, PermissionError) or exc.errno in _READ_ONLY:
        return f"Den delade mappen {folder} är skrivskyddad: du får inte skriva där. {KEPT}"
    if exc.errno in _FULL:
        return (
            f"Den delade mappen {folder} är full (inget utrymme kvar på disken). {KEPT} "
            "Försök igen när det finns plats."
        )
    detail = exc.strerror or str(exc)
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)) or exc.errno in _UNREACHABLE:
        return f"Den delade mappen {folder} kan inte nås ({detail}). {KEPT}"
    return f"Paketet kunde inte skrivas till den delade mappen {folder} ({detail}). {KEPT}"


def collect_changes(db: Database, round_id: str | None, everything: bool) -> tuple[Data, Marks]:
    """The package data and the fingerprints to remember, or ``({}, {})`` when nothing changed.

    Changed reviews, cases, rounds and actions are exported with everything they refer to
    (their case, round and template; an action's review), so that every package can be
    imported into any database.
    """
    changed = {
        entity: exchange_repo.export_candidates(
            db, entity, round_id=round_id, everything=everything
        )
        for entity in exchange_repo.ENTITIES
    }
    if not any(changed.values()):
        return {}, {}
    actions = exchange_repo.read_actions(db, changed["action"])
    review_ids = set(changed["review"]) | {a["review_id"] for a in actions if a["review_id"]}
    reviews = exchange_repo.read_reviews(db, review_ids)
    cases = exchange_repo.read_cases(db, set(changed["case"]) | {r["case_id"] for r in reviews})
    round_ids = set(changed["round"]) | {c["round_id"] for c in cases}
    round_ids |= {r["round_id"] for r in reviews} | {a["round_id"] for a in actions}
    rounds = exchange_repo.read_rounds(db, round_ids)
    templates = exchange_repo.read_template_bodies(db, {r.pop("template_id") for r in rounds})
    data = {
        "templates": templates,
        "rounds": rounds,
        "cases": cases,
        "reviews": reviews,
        "actions": actions,
    }
    included = {"round": rounds, "case": cases, "review": reviews, "action": actions}
    marks = {
        entity: exchange_repo.fingerprints(db, entity, [r["id"] for r in records])
        for entity, records in included.items()
    }
    return data, marks


def release_records(data: Data) -> None:
    """Empty ``data``'s lists record by record.

    Freeing a large export's records in one go (when the last reference goes) is one long call
    that holds the interpreter lock: with 100 000 reviews the window froze for a third of a
    second. Popped one at a time, the other threads get their turn in between.
    """
    for records in data.values():
        while records:
            records.pop()


def remember_export(
    db: Database,
    marks: Marks,
    *,
    package_id: str,
    file_name: str,
    created_at: str,
    round_id: str | None,
    everything: bool,
    encrypted: bool,
    counts: dict[str, int],
) -> None:
    """After the file is in place: record the export, mark its records, write the audit log."""
    with db.atomic():
        exchange_repo.record_export(
            db,
            package_id=package_id,
            file_name=file_name,
            created_at=created_at,
            round_id=round_id,
            everything=everything,
            encrypted=encrypted,
            counts=counts,
        )
        for entity, entity_marks in marks.items():
            exchange_repo.mark_exported(db, entity, entity_marks, package_id)
        detail = {
            "file": file_name,
            "counts": counts,
            "round": round_id,
            "everything": everything,
            "encrypted": encrypted,
        }
        audit.record(db, "package_exported", "package", package_id, detail)
