"""An upgrade from a database of every earlier schema version keeps every record.

tests/fixtures/schema/v<migration>.db holds, per migration, a small database with the schema
up to that migration and Swedish records of every kind it had (made by
scripts/make-schema-fixtures.py, which says how to add the next one). Each is copied, opened
with today's kvaldesk (start-up check, backup, migrations), and compared row by row.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from kvaldesk.services import actions, backups, exchange, results, reviews, rounds, templates
from kvaldesk.services.workspace import start_workspace
from kvaldesk.storage.database import newer_migrations, schema_version
from kvaldesk.storage.migrations import MIGRATIONS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schema"
MIGRATION_NAMES = [migration.name for migration in MIGRATIONS._migrations]
#: Record kinds every fixture must hold at least one of, by the migration that added them.
KINDS = {
    "0001_initial": ("templates", "rounds", "cases", "reviews", "answers", "actions", "audit_log"),
    "0002_exchange": (
        "exchange_exports",
        "exchange_export_marks",
        "exchange_imports",
        "exchange_conflicts",
    ),
    "0003_calibration": ("round_samples",),
}
REGENERATE = "Run `uv run python scripts/make-schema-fixtures.py` (see its docstring)."


def fixture_files() -> list[Path]:
    """The fixture databases, oldest schema first."""
    return sorted(FIXTURES.glob("v*.db"))


def _applied(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    finally:
        conn.close()


def snapshot(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (not SQLite's or the migrations' own), as dicts."""
    tables = [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name != '_sqlite_migrations'"
        )
    ]
    data: dict[str, list[dict[str, Any]]] = {}
    for table in tables:
        cursor = conn.execute(f'SELECT * FROM "{table}"')
        columns = [d[0] for d in cursor.description]
        data[table] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return data


def test_there_is_a_fixture_for_every_earlier_schema_version() -> None:
    have = {path.stem[1:] for path in fixture_files()}
    missing = [name for name in MIGRATION_NAMES[:-1] if name not in have]
    assert not missing, f"no fixture for schema {missing}. {REGENERATE}"


@pytest.mark.parametrize("fixture", fixture_files(), ids=lambda path: path.stem)
def test_upgrade_keeps_every_record(fixture: Path, tmp_path: Path) -> None:
    applied = _applied(fixture)
    assert applied == MIGRATION_NAMES[: len(applied)] and not newer_migrations(applied), (
        f"{fixture.name} does not match the migrations any more. {REGENERATE}"
    )
    assert fixture.stem == f"v{applied[-1]}"
    db_path = tmp_path / "kvaldesk.db"
    shutil.copy(fixture, db_path)
    source = sqlite3.connect(db_path)
    before = snapshot(source)
    source.close()
    for migration, kinds in KINDS.items():
        if migration in applied:
            empty = [kind for kind in kinds if not before.get(kind)]
            assert not empty, f"{fixture.name} has no {empty}. {REGENERATE}"

    db = start_workspace(db_path)
    try:
        assert schema_version(db) == MIGRATION_NAMES[-1]
        after = snapshot(db.conn)
        for table, rows in before.items():
            assert table in after, f"table {table} is gone"
            for row in rows:
                columns = list(row)
                kept = {tuple(r[c] for c in columns) for r in after[table]}
                assert tuple(row.values()) in kept, f"{table}: {row} changed or lost"
        assert [r[0] for r in db.execute("PRAGMA integrity_check")] == ["ok"]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        # Today's services read every record of the old database.
        assert templates.list_templates(db)
        for summary in rounds.list_rounds(db):
            round_id = summary.round.id
            results.round_results(db, round_id)
            for listed in reviews.list_reviews(db, round_id):
                review = reviews.get_review(db, str(listed["id"]))
                assert review.answers
            actions.list_actions(db, round_id)
        if "0002_exchange" in applied:
            assert exchange.list_conflicts(db)
    finally:
        db.close()

    taken = backups.list_backups(db_path)
    if len(applied) < len(MIGRATION_NAMES):  # migrations ran: the old database was backed up
        assert [b.reason for b in taken] == ["migration"]
        copy = sqlite3.connect(taken[0].path)
        assert snapshot(copy) == before
        copy.close()
    else:
        assert [b.reason for b in taken] == ["start"]
