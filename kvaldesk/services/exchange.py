"""Use cases for the shared folder: export a package, import packages, resolve conflicts.

The format is in docs/package-format.md. An export writes one package with what changed
since this database's last export; an import merges each file in its own transaction (a
refused file changes nothing, the others still import) and never deletes or moves a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from sqlite_utils import Database

from kvaldesk import __version__
from kvaldesk.collector import collection_paused
from kvaldesk.domain.errors import KvaldeskError, NotFoundError, ValidationError
from kvaldesk.domain.model import Review
from kvaldesk.exchange.merge import covers, resolution_vector
from kvaldesk.exchange.package_export import (
    KEPT,
    collect_changes,
    folder_problem,
    release_records,
    remember_export,
)
from kvaldesk.exchange.package_format import RECORD_KINDS, PackageRejected, package_file_name
from kvaldesk.exchange.package_import import ImportOutcome, import_file, package_files
from kvaldesk.exchange.package_reader import safe_text
from kvaldesk.exchange.package_writer import build_package, write_package
from kvaldesk.progress import NullProgress, Progress, check_cancelled
from kvaldesk.services import backups
from kvaldesk.storage import audit, exchange_repo, reviews_repo, rounds_repo
from kvaldesk.storage.database import new_id, now_iso
from kvaldesk.storage.settings import REVIEWER_NAME, get_setting, machine_id

__all__ = [
    "ConflictInfo",
    "ExchangeFolderError",
    "ExportResult",
    "ImportOutcome",
    "export_package",
    "import_paths",
    "list_conflicts",
    "read_passphrase_file",
    "resolve_conflict",
]

#: The default progress: reports nowhere, never cancels.
NO_PROGRESS: Progress = NullProgress()
_NOTHING_NEW = "Inget nytt att exportera sedan förra exporten; ingen fil skrevs."


class ExchangeFolderError(KvaldeskError):
    """The shared folder could not be written (unreachable, read-only or full)."""


@dataclass(frozen=True)
class ExportResult:
    """What an export did: the file written (None when there was nothing new) and counts."""

    path: Path | None
    package_id: str | None
    counts: dict[str, int]
    message: str
    encrypted: bool = False


# --------------------------------------------------------------------------- export


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def export_package(
    db: Database,
    folder: Path | str,
    *,
    round_id: str | None = None,
    everything: bool = False,
    passphrase: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> ExportResult:
    """Write what changed since this database's last export (everything with ``everything``;
    one round's with ``round_id``) as one package in ``folder``, atomically.

    Records are remembered as exported only after the file is in place, so when the folder
    cannot be reached, is read-only or full (ExchangeFolderError) nothing is lost: the next
    export includes the same records.
    """
    target = Path(folder)
    if not target.is_dir():
        raise ExchangeFolderError(
            f"Den delade mappen {target} kan inte nås (mappen finns inte "
            f"eller är inte ansluten). {KEPT}"
        )
    if round_id is not None:
        rounds_repo.get_round(db, round_id)
    # Millions of small objects meanwhile: no collector passes over them (kvaldesk/collector.py).
    # The records hold no reference cycles; release_records frees them one by one.
    with collection_paused():
        progress.report(0, 3, "Samlar ändrade uppgifter")
        with db.atomic():  # one consistent snapshot
            data, marks = collect_changes(db, round_id, everything)
        counts = {kind: len(data.get(kind, [])) for kind in RECORD_KINDS}
        if not data:
            return ExportResult(None, None, counts, _NOTHING_NEW)
        check_cancelled(progress)
        package_id = new_id()
        reviewer = get_setting(db, REVIEWER_NAME)
        progress.report(1, 3, "Packar paketet")
        try:
            content = build_package(
                data,
                package_id=package_id,
                app_version=__version__,
                machine_id=machine_id(db),
                reviewer=reviewer,
                created_at=now_iso(),
                passphrase=passphrase,
            )
        except PackageRejected as exc:
            raise ValidationError(f"Paketet kan inte skapas: {exc.reason}") from exc
        finally:
            release_records(data)
    check_cancelled(progress)
    name = package_file_name(reviewer, datetime.now().astimezone(), package_id)
    progress.report(2, 3, "Skriver till den delade mappen")
    try:
        path = write_package(target, name, content)
    except OSError as exc:
        raise ExchangeFolderError(folder_problem(target, exc)) from exc
    remember_export(
        db,
        marks,
        package_id=package_id,
        file_name=name,
        created_at=now_iso(),
        round_id=round_id,
        everything=everything,
        encrypted=bool(passphrase),
        counts=counts,
    )
    progress.report(3, 3, "Klart")
    message = (
        f"Exporterade {_plural(counts['reviews'], 'granskning', 'granskningar')}, "
        f"{_plural(counts['cases'], 'ärende', 'ärenden')} och "
        f"{_plural(counts['rounds'], 'omgång', 'omgångar')} till {path.name}."
    )
    return ExportResult(path, package_id, counts, message, encrypted=bool(passphrase))


# --------------------------------------------------------------------------- import


def import_paths(
    db: Database,
    paths: Sequence[Path | str],
    *,
    passphrase: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> list[ImportOutcome]:
    """Import package files and folders; one outcome per file, in order.

    Each file is imported in its own transaction: a rejected file changes nothing and the
    others still import. Files are never deleted or moved. Raises Cancelled between files
    when asked to stop (the files before stay imported). The database is backed up first
    when there is a file to import (BackupError, and nothing imported, if that fails).
    """
    items = package_files([Path(p) for p in paths])
    if any(not isinstance(item, ImportOutcome) for item in items):
        backups.before_import(db)
    outcomes: list[ImportOutcome] = []
    with exchange_repo.fewer_checkpoints(db):
        for done, item in enumerate(items):
            check_cancelled(progress)
            if isinstance(item, ImportOutcome):
                outcomes.append(item)
                continue
            progress.report(done, len(items), item.name)
            outcomes.append(import_file(db, item, passphrase))
    progress.report(len(items), len(items), "Klart")
    return outcomes


def read_passphrase_file(path: Path | str) -> str:
    """The team passphrase: the first line of the file, without its line break."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            first = handle.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"Lösenfrasen kunde inte läsas från {path}: {exc}") from exc
    if not first:
        raise ValidationError(
            f"Lösenfrasfilen {path} är tom (lösenfrasen ska stå på första raden)."
        )
    return first


# --------------------------------------------------------------------------- conflicts


@dataclass(frozen=True)
class ConflictInfo:
    """A review changed on two machines without either seeing the other's change."""

    id: str
    review_id: str
    round_id: str
    round_name: str
    case_reference: str
    created_at: str
    local: dict[str, Any]
    incoming: dict[str, Any]
    differing_questions: list[str]
    resolved_at: str | None = None
    resolution: str | None = None


def _differing(local: dict[str, Any], incoming: dict[str, Any]) -> list[str]:
    def by_question(version: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
        """Each answer's stored fields by question id."""
        return {
            a["question_id"]: (a["value"], a["number"], a["text"], a["comment"], a["applies"])
            for a in version["answers"]
        }

    mine, theirs = by_question(local), by_question(incoming)
    return sorted(q for q in set(mine) | set(theirs) if mine.get(q) != theirs.get(q))


def list_conflicts(db: Database, *, include_resolved: bool = False) -> list[ConflictInfo]:
    """Review conflicts waiting for the coordinator (and resolved ones, if asked)."""
    return [
        ConflictInfo(
            id=row["id"],
            review_id=row["review_id"],
            round_id=row["round_id"],
            round_name=row["round_name"],
            case_reference=row["case_reference"],
            created_at=row["created_at"],
            local=row["local_version"],
            incoming=row["incoming_version"],
            differing_questions=_differing(row["local_version"], row["incoming_version"]),
            resolved_at=row["resolved_at"],
            resolution=row["resolution"],
        )
        for row in exchange_repo.list_conflicts(db, include_resolved)
    ]


def resolve_conflict(
    db: Database, conflict_id: str, keep: Literal["local", "incoming"] | str
) -> Review:
    """Resolve a conflict by keeping the local or the incoming version of the review.

    Either way the review's version vector becomes the element-wise maximum of both plus one
    bump for this machine, so the decision dominates both versions wherever it travels.
    """
    if keep not in ("local", "incoming"):
        raise ValidationError('Välj vilken version som ska behållas: "local" eller "incoming".')
    with db.atomic():
        conflict = exchange_repo.get_conflict(db, conflict_id)
        if conflict is None:
            raise NotFoundError(f"Konflikten {safe_text(conflict_id)} finns inte.")
        if conflict["resolved_at"]:
            raise ValidationError(
                f"Konflikten {conflict_id} är redan löst "
                f"({conflict['resolution']}, {conflict['resolved_at']})."
            )
        review_id = conflict["review_id"]
        current = exchange_repo.read_reviews(db, [review_id])[0]
        incoming = conflict["incoming_version"]
        vector = resolution_vector(
            current["version_vector"], incoming["version_vector"], machine_id(db)
        )
        stamp = now_iso()
        if keep == "incoming":
            exchange_repo.replace_reviews(
                db, [dict(incoming, version_vector=vector, updated_at=stamp)]
            )
        else:
            exchange_repo.set_review_vector(db, review_id, vector, stamp)
        exchange_repo.close_conflicts(db, [conflict_id], keep, stamp)
        covered = [
            p["id"]
            for p in exchange_repo.pending_conflicts(db, [review_id]).get(review_id, [])
            if covers(vector, p["vector"])
        ]
        exchange_repo.close_conflicts(db, covered, "superseded", stamp)
        audit.record(
            db, "conflict_resolved", "review", review_id, {"conflict": conflict_id, "keep": keep}
        )
    return reviews_repo.get_review(db, review_id)
