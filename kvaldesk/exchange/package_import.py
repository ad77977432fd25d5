"""Import: find the package files to read, and import one file in its own transaction.

A file that is refused for any reason changes nothing (not even the list of imported
packages or the audit log) and yields a ``rejected`` outcome; nothing raised here escapes
as a crash. Files are only read: never deleted, moved or renamed.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlite_utils import Database

from kvaldesk.exchange.atomic import is_temp_name
from kvaldesk.exchange.package_format import (
    DEFAULT_LIMITS,
    EXTENSION,
    PackageContent,
    PackageRejected,
)
from kvaldesk.exchange.package_plan import (
    ImportPlan,
    LocalState,
    package_references,
    plan_import,
)
from kvaldesk.exchange.package_reader import read_file_limited, read_package_bytes
from kvaldesk.storage import audit, exchange_repo
from kvaldesk.storage.database import new_id, now_iso

Outcome = Literal["imported", "conflicts", "already_imported", "rejected", "skipped"]


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file: imported, conflicts, already_imported, rejected or skipped."""

    file: str
    outcome: Outcome
    reason: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    package_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The object ``kvaldesk import --json`` prints for this file."""
        return {
            "file": self.file,
            "outcome": self.outcome,
            "reason": self.reason,
            "counts": self.counts,
        }


def package_files(paths: list[Path]) -> list[Path | ImportOutcome]:
    """The files to import, in order: each file given, and every ``*.kvdpkg`` directly inside
    each folder given (sorted by name). Temporary names of packages still being written and
    macOS ``._`` companion files are skipped. A path that cannot be used becomes an outcome."""
    items: list[Path | ImportOutcome] = []
    for path in paths:
        try:
            if path.is_dir():
                items.extend(
                    sorted(
                        p
                        for p in path.iterdir()
                        if p.name.lower().endswith(EXTENSION)
                        and not is_temp_name(p.name)
                        and not p.name.startswith("._")
                    )
                )
            elif is_temp_name(path.name):
                reason = "filen skrivs fortfarande (tillfälligt namn)"
                items.append(ImportOutcome(str(path), "skipped", reason))
            elif path.exists():
                items.append(path)
            else:
                reason = "filen eller mappen finns inte eller kan inte nås"
                items.append(ImportOutcome(str(path), "rejected", reason))
        except OSError as exc:
            reason = f"mappen kan inte nås ({exc.strerror or exc})"
            items.append(ImportOutcome(str(path), "rejected", reason))
    return items


def _local_state(db: Database, content: PackageContent) -> LocalState:
    refs = package_references(content)
    rounds = exchange_repo.rounds_by_id(db, refs["rounds"])
    template_refs = refs["templates"] | {
        (r["template_key"], r["template_version"]) for r in rounds.values()
    }
    reviews = exchange_repo.reviews_by_id(db, refs["reviews"])
    return LocalState(
        templates=exchange_repo.templates_by_ref(db, template_refs),
        rounds=rounds,
        cases=exchange_repo.cases_by_id(db, refs["cases"]),
        case_ids_by_reference=exchange_repo.case_ids_by_reference(db, refs["case_references"]),
        reviews=reviews,
        actions=exchange_repo.actions_updated_at(db, refs["actions"]),
        pending_conflicts=exchange_repo.pending_conflicts(db, reviews),
    )


def _apply(db: Database, plan: ImportPlan, package_id: str) -> None:
    stamp = now_iso()
    for template in exchange_repo.insert_templates(db, plan.templates):
        detail = {
            "key": template.key,
            "version": template.version,
            "origin": "package",
            "package": package_id,
        }
        audit.record(db, "template_added", "template", template.id, detail)
    used = {(r["template_key"], r["template_version"]) for r in plan.rounds}
    template_ids = {
        ref: stored["id"] for ref, stored in exchange_repo.templates_by_ref(db, used).items()
    }
    exchange_repo.insert_rounds(db, plan.rounds, template_ids)
    exchange_repo.insert_cases(db, plan.cases)
    exchange_repo.mark_double_review(db, plan.case_marks)
    exchange_repo.insert_reviews(db, plan.reviews_insert)
    conflicting = [r["id"] for r in plan.conflicts]
    local_versions = {r["id"]: r for r in exchange_repo.read_reviews(db, conflicting)}
    exchange_repo.replace_reviews(db, plan.reviews_replace)
    exchange_repo.close_conflicts(db, plan.superseded_conflicts, "superseded", stamp)
    for incoming in plan.conflicts:
        conflict_id = new_id()
        exchange_repo.add_conflict(
            db,
            id=conflict_id,
            review_id=incoming["id"],
            package_id=package_id,
            local_version=local_versions[incoming["id"]],
            incoming_version=incoming,
            created_at=stamp,
        )
        detail = {"conflict": conflict_id, "package": package_id}
        audit.record(db, "conflict_recorded", "review", incoming["id"], detail)
    exchange_repo.upsert_actions(db, plan.actions)
    # What came from the share need not go back to it: mark it as exported.
    received = [r["id"] for r in (*plan.reviews_insert, *plan.reviews_replace)]
    for entity, ids in (
        ("round", [r["id"] for r in plan.rounds]),
        ("case", [c["id"] for c in plan.cases]),
        ("review", received + plan.reviews_equal),
        ("action", [a["id"] for a in plan.actions]),
    ):
        exchange_repo.mark_current(db, entity, ids, package_id)


def _import(db: Database, path: Path, passphrase: str | None) -> ImportOutcome:
    shown = str(path)
    raw = read_file_limited(path, DEFAULT_LIMITS.max_file_bytes)
    sha256 = hashlib.sha256(raw).hexdigest()
    seen = exchange_repo.imported_package_with_sha256(db, sha256)
    if seen is not None:  # the very same bytes: nothing to read, decrypt or merge
        return ImportOutcome(shown, "already_imported", package_id=seen)
    content = read_package_bytes(raw, passphrase=passphrase, sha256=sha256)
    manifest = content.manifest
    with db.atomic():
        if exchange_repo.package_seen(db, content.package_id, sha256):
            return ImportOutcome(shown, "already_imported", package_id=content.package_id)
        plan = plan_import(content, _local_state(db, content))
        _apply(db, plan, content.package_id)
        counts = plan.counts()
        outcome: Outcome = "conflicts" if plan.conflicts else "imported"
        exchange_repo.record_import(
            db,
            package_id=content.package_id,
            sha256=sha256,
            file_name=path.name,
            machine_id=manifest["machine_id"],
            reviewer=manifest["reviewer"],
            imported_at=now_iso(),
            outcome=outcome,
            counts=counts,
        )
        detail = {
            "file": path.name,
            "machine": manifest["machine_id"],
            "reviewer": manifest["reviewer"],
            "outcome": outcome,
            "counts": counts,
        }
        audit.record(db, "package_imported", "package", content.package_id, detail)
    reason = f"{counts['conflicts']} konflikter att lösa" if plan.conflicts else ""
    return ImportOutcome(shown, outcome, reason, counts, content.package_id)


def import_file(db: Database, path: Path, passphrase: str | None = None) -> ImportOutcome:
    """Import one package file in its own transaction; every failure is a rejected outcome
    and leaves the database exactly as it was."""
    try:
        return _import(db, path, passphrase)
    except PackageRejected as exc:
        return ImportOutcome(str(path), "rejected", exc.reason)
    except sqlite3.Error as exc:
        reason = f"databasen kunde inte uppdateras ({exc}); filen lämnades orörd"
        return ImportOutcome(str(path), "rejected", reason)
    except Exception as exc:  # the importer gives outcomes, never a crash
        reason = f"oväntat fel ({type(exc).__name__}); filen lämnades orörd"
        return ImportOutcome(str(path), "rejected", reason)
