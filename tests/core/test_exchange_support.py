"""Helpers for the exchange tests (no tests here): databases on disk, a shared round, packages
built by hand for hostile input, and a logical dump to prove a database did not change."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from builders import add_complete_review, small_template_dict, write_json
from sqlite_utils import Database

from kvaldesk.services import exchange, rounds, templates
from kvaldesk.storage.database import open_database
from kvaldesk.storage.settings import REVIEWER_NAME, set_setting

#: A Luhn-valid test personnummer (Skatteverket's "Tolvan Tolvansson").
PERSONNUMMER = "19121212-1212"
ANSWERS_A = {"Q1": "ja", "Q2": "ja", "Q3": "nej", "Q5": "ja"}
ANSWERS_B = {"Q1": "nej", "Q4": "ja", "Q2": "ej_aktuellt", "Q3": "delvis", "Q5": "nej"}


def make_db(path: Path, reviewer: str) -> Database:
    """A database file with the built-in templates and a reviewer name."""
    db = open_database(path)
    templates.ensure_builtin_templates(db)
    with db.atomic():
        set_setting(db, REVIEWER_NAME, reviewer)
    return db


def coordinator_round(db: Database, tmp: Path, references: tuple[str, ...] = ()) -> str:
    """Import the small test template, create a round with these cases; returns the round id."""
    path = write_json(tmp / "testmall.json", small_template_dict())
    templates.import_template_file(db, path)
    round_ = rounds.create_round(db, template_key="testmall", name="Omgång vår 2026", target_pct=80)
    if references:
        rounds.add_cases_from_text(db, round_.id, "\n".join(f"{r}\tny" for r in references))
    return round_.id


def share_round(coordinator: Database, share: Path, *reviewers: Database) -> None:
    """Export the coordinator's round and cases and import them into each reviewer database."""
    exchange.export_package(coordinator, share)
    for db in reviewers:
        outcomes = exchange.import_paths(db, [share])
        assert all(o.outcome in ("imported", "already_imported") for o in outcomes), outcomes


def review(db: Database, round_id: str, reference: str, answers: dict[str, str], who: str) -> str:
    """A complete review (adding the case if it is new); returns its id."""
    return add_complete_review(db, round_id, reference, answers, reviewer=who)


def logical_dump(db: Database) -> list[str]:
    """Every table's schema and rows, as SQL text: equal dumps mean equal databases."""
    return list(db.conn.iterdump())


def data_dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """The merged records only (no timestamps of the import itself, no logs)."""
    queries = {
        "rounds": "SELECT id, name, status FROM rounds ORDER BY id",
        "cases": "SELECT id, round_id, reference, subgroup FROM cases ORDER BY id",
        "reviews": "SELECT id, case_id, reviewer, status, version_vector FROM reviews ORDER BY id",
        "answers": "SELECT * FROM answers ORDER BY review_id, question_id",
        "actions": "SELECT id, text, status FROM actions ORDER BY id",
        "conflicts": "SELECT review_id, resolution FROM exchange_conflicts ORDER BY review_id",
    }
    return {name: [tuple(r) for r in db.execute(sql).fetchall()] for name, sql in queries.items()}


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip with exactly these members (names are written as given)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as zf:
        for name, body in members.items():
            info = zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0))
            info.compress_type = compression
            zf.writestr(info, body)
    return buffer.getvalue()


def read_members(package: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """The manifest and data of an unencrypted package."""
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        return json.loads(zf.read("manifest.json")), json.loads(zf.read("data.json"))


def repack(
    manifest: dict[str, Any],
    data: Any,
    *,
    extra: dict[str, bytes] | None = None,
    data_bytes: bytes | None = None,
    fix_checksums: bool = True,
) -> bytes:
    """A package with this manifest and data; the checksums are recomputed unless asked not
    to, so that the check under test (not the checksum) is the one that refuses it."""
    body = data_bytes if data_bytes is not None else json.dumps(data).encode("utf-8")
    manifest = json.loads(json.dumps(manifest))
    if fix_checksums:
        manifest["members"] = {
            "data.json": {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
        }
    members = {"manifest.json": json.dumps(manifest).encode("utf-8"), "data.json": body}
    members.update(extra or {})
    return zip_bytes(members)


def write_package(folder: Path, name: str, content: bytes) -> Path:
    """Drop a package file into a folder (plain write: tests make the hostile files)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    return path
