"""Named schema migrations. Append new ones; never edit an applied migration."""

from __future__ import annotations

import uuid

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("kvaldesk")

# One statement at a time: executescript() would commit the migration's transaction early.
_INITIAL_SCHEMA: tuple[str, ...] = (
    """
    CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE templates (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    body TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (key, version)
    )
    """,
    """
    CREATE TABLE rounds (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    template_id TEXT NOT NULL REFERENCES templates(id),
    unit TEXT NOT NULL DEFAULT '',
    period_start TEXT,
    period_end TEXT,
    target_pct REAL,
    status TEXT NOT NULL DEFAULT 'open',
    analysis TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
    )
    """,
    """
    CREATE INDEX rounds_template ON rounds(template_id)
    """,
    """
    CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    reference TEXT NOT NULL,
    subgroup TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (round_id, reference)
    )
    """,
    """
    CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    reviewer TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    completed_at TEXT,
    version_vector TEXT NOT NULL DEFAULT '{}'
    )
    """,
    """
    CREATE INDEX reviews_round_status ON reviews(round_id, status)
    """,
    """
    CREATE INDEX reviews_case ON reviews(case_id)
    """,
    """
    CREATE TABLE answers (
    review_id TEXT NOT NULL REFERENCES reviews(id),
    question_id TEXT NOT NULL,
    value TEXT,
    number REAL,
    text TEXT,
    comment TEXT NOT NULL DEFAULT '',
    applies INTEGER NOT NULL DEFAULT 1,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (review_id, question_id)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE actions (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    question_id TEXT,
    review_id TEXT REFERENCES reviews(id),
    text TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    status TEXT NOT NULL DEFAULT 'planned',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
    )
    """,
    """
    CREATE INDEX actions_round ON actions(round_id)
    """,
    """
    CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    machine_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
    )
    """,
    """
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
    """,
    """
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
    """,
)


@MIGRATIONS(name="0001_initial")
def initial(db: Database) -> None:
    """Templates, rounds, cases, reviews, answers, actions, settings and the audit log."""
    for statement in _INITIAL_SCHEMA:
        db.execute(statement)
    db.execute("INSERT INTO settings(key, value) VALUES ('machine_id', ?)", [str(uuid.uuid4())])


_EXCHANGE_SCHEMA: tuple[str, ...] = (
    """
    CREATE TABLE exchange_exports (
    package_id TEXT PRIMARY KEY,
    file_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    round_id TEXT,
    everything INTEGER NOT NULL DEFAULT 0,
    encrypted INTEGER NOT NULL DEFAULT 0,
    counts TEXT NOT NULL DEFAULT '{}'
    )
    """,
    """
    CREATE TABLE exchange_export_marks (
    entity TEXT NOT NULL,
    record_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    package_id TEXT NOT NULL,
    PRIMARY KEY (entity, record_id)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE exchange_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    package_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    machine_id TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    outcome TEXT NOT NULL,
    counts TEXT NOT NULL DEFAULT '{}',
    UNIQUE (package_id, sha256)
    )
    """,
    """
    CREATE TABLE exchange_conflicts (
    id TEXT PRIMARY KEY,
    review_id TEXT NOT NULL REFERENCES reviews(id),
    package_id TEXT NOT NULL,
    local_version TEXT NOT NULL,
    incoming_version TEXT NOT NULL,
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    resolution TEXT
    )
    """,
    """
    CREATE INDEX exchange_conflicts_review ON exchange_conflicts(review_id, resolved_at)
    """,
)


@MIGRATIONS(name="0002_exchange")
def exchange(db: Database) -> None:
    """Shared-folder exchange: exports made (with what each record looked like when it was
    last exported), packages imported, and review conflicts for the coordinator."""
    for statement in _EXCHANGE_SCHEMA:
        db.execute(statement)


_CALIBRATION_SCHEMA: tuple[str, ...] = (
    """
    ALTER TABLE rounds ADD COLUMN sample_seed INTEGER
    """,
    """
    CREATE TABLE round_samples (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    reference TEXT NOT NULL,
    stratum TEXT NOT NULL DEFAULT '',
    seed INTEGER NOT NULL,
    drawn_at TEXT NOT NULL
    )
    """,
    """
    CREATE INDEX round_samples_round ON round_samples(round_id)
    """,
    """
    ALTER TABLE cases ADD COLUMN double_review INTEGER NOT NULL DEFAULT 0
    """,
    """
    ALTER TABLE reviews ADD COLUMN consensus INTEGER NOT NULL DEFAULT 0
    """,
    # The one review per case that results count: the complete consensus review when there is
    # one, otherwise the first completed review (completion time, then reviewer, then id).
    """
    CREATE VIEW counted_reviews AS
    SELECT r.* FROM reviews r
    WHERE r.status = 'complete' AND r.id = (
        SELECT r2.id FROM reviews r2
        WHERE r2.case_id = r.case_id AND r2.status = 'complete'
        ORDER BY r2.consensus DESC, r2.completed_at, r2.reviewer COLLATE NOCASE, r2.id
        LIMIT 1
    )
    """,
)


@MIGRATIONS(name="0003_calibration")
def calibration(db: Database) -> None:
    """Calibration: the round's sample seed and drawn references, the double-review mark on
    cases, consensus reviews, and the view of the one review per case that results count."""
    for statement in _CALIBRATION_SCHEMA:
        db.execute(statement)
