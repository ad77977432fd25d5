"""Fixture databases and packages, built once and cached under bench/.cache/ (git-ignored).

A cache entry's name carries a fingerprint of the code that makes it (demo generator,
migrations, built-in templates, this file), so changing that code builds fresh fixtures.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kvaldesk.domain.model import Answer, Template
from kvaldesk.domain.rules import condition_holds
from kvaldesk.services import exchange, rounds, templates
from kvaldesk.services.demo import make_demo
from kvaldesk.services.workspace import open_workspace
from kvaldesk.storage import reviews_repo
from kvaldesk.storage.reviews_repo import NewReview
from kvaldesk.storage.settings import REVIEWER_NAME, set_setting

REPO_ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(__file__).resolve().parent / ".cache"
COORDINATOR = "Kerstin Samordnare"
PACKAGE_TEMPLATE = "barnavardsutredning"
PACKAGE_REVIEWERS = ("Åsa Lindqvist", "Örjan Bergström", "Märta Sjöberg", "Jonas Ek")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    sources = [
        REPO_ROOT / "kvaldesk" / "services" / "demo.py",
        REPO_ROOT / "kvaldesk" / "storage" / "migrations.py",
        Path(__file__),
        *sorted((REPO_ROOT / "resources" / "templates").glob("*")),
    ]
    for source in sources:
        if source.is_file():
            digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


def _forget_stale(prefix: str) -> None:
    """Remove cache entries made by older code (another fingerprint)."""
    for entry in CACHE.glob(prefix + "*"):
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def demo_database(reviews: int) -> Path:
    """The cached demo database with ``reviews`` complete reviews (built on first use)."""
    target = CACHE / f"demo-{reviews}-{_fingerprint()}.db"
    if target.exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    _forget_stale(f"demo-{reviews}-")
    building = target.with_suffix(".building")
    building.unlink(missing_ok=True)
    db = open_workspace(building)
    make_demo(db, reviews=reviews, seed=7)
    with db.atomic():
        set_setting(db, REVIEWER_NAME, COORDINATOR)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("PRAGMA journal_mode=DELETE")
    db.close()
    building.rename(target)
    return target


def working_copy(source: Path, folder: Path, name: str) -> Path:
    """A copy of a cached database that a benchmark may change."""
    target = folder / name
    shutil.copyfile(source, target)
    return target


def _package_review(
    rng: random.Random, template: Template, round_id: str, case_id: str
) -> NewReview:
    stamp = datetime(2026, 2, 1, 9, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 90_000))
    when = stamp.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    values: dict[str, str | None] = {}
    answers: list[tuple[Answer, bool]] = []
    for question in template.questions:
        if not question.options:
            continue
        if question.condition is not None and not condition_holds(question.condition, values):
            continue
        value = rng.choice(question.options).value
        values[question.id] = value
        comment = "Framgår inte av akten." if rng.random() < 0.05 else ""
        answers.append((Answer(question.id, value=value, comment=comment, answered_at=when), True))
    return NewReview(
        id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        round_id=round_id,
        case_id=case_id,
        reviewer=rng.choice(PACKAGE_REVIEWERS),
        started_at=when,
        completed_at=when,
        answers=answers,
    )


def packages(count: int, per_package: int) -> tuple[Path, Path]:
    """(folder of ``count`` packages of ``per_package`` new complete reviews each, the reviewer
    database they were exported from). Built once, cached."""
    folder = CACHE / f"packages-{count}x{per_package}-{_fingerprint()}"
    share, source = folder / "share", folder / "source.db"
    if (folder / "done").exists():
        return share, source
    _forget_stale(f"packages-{count}x{per_package}-")
    share.mkdir(parents=True)
    rng = random.Random(20260312)
    db = open_workspace(source)
    with db.atomic():
        set_setting(db, REVIEWER_NAME, "Åsa Lindqvist")
    template = templates.get_template(db, PACKAGE_TEMPLATE)
    round_id = rounds.create_round(db, template_key=PACKAGE_TEMPLATE, name="Mätning 2026").id
    for number in range(count):
        with db.atomic():
            new = []
            for index in range(per_package):
                case_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                db.execute(
                    "INSERT INTO cases(id, round_id, reference, subgroup, unit, created_at) "
                    "VALUES (?, ?, ?, ?, '', '2026-02-01T09:00:00Z')",
                    [
                        case_id,
                        round_id,
                        f"B-{number:04d}-{index:03d}",
                        rng.choice(["ny", "pågående"]),
                    ],
                )
                new.append(_package_review(rng, template, round_id, case_id))
            reviews_repo.bulk_insert_complete_reviews(db, new)
        exported = exchange.export_package(db, share)
        assert exported.path is not None and exported.counts["reviews"] == per_package
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    (folder / "done").write_text("ok", encoding="utf-8")
    return share, source


def source_rows(source: Path) -> tuple[dict[str, list[tuple[object, ...]]], dict[str, list[str]]]:
    """Rows and column names of the rounds, cases, reviews and answers in ``source``."""
    rows: dict[str, list[tuple[object, ...]]] = {}
    columns: dict[str, list[str]] = {}
    with sqlite3.connect(source) as conn:
        for table in ("rounds", "cases", "reviews", "answers"):
            rows[table] = conn.execute(f"SELECT * FROM {table}").fetchall()
            columns[table] = [c[1] for c in conn.execute(f"PRAGMA table_info({table})")]
    return rows, columns
