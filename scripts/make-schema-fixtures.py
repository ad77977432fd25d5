"""Make one database per schema version for tests/core/test_schema_upgrade.py.

For every migration in kvaldesk/storage/migrations.py, ``tests/fixtures/schema/v<name>.db``
(for example ``v0002_exchange.db``) is a small database with the migrations applied only up
to and including that one, and realistic Swedish records of every kind that version had:
template, rounds, cases, reviews with answers, an action, audit entries, exchange rows, ….
The upgrade test copies each file, opens it with today's kvaldesk and checks that every
record is still there.

Existing files are kept: they stand for the databases users have, so they must not change
when the code does. ``--force`` rebuilds them all (only while a migration is not released).

When you add migration NNNN_name:
1. If it adds tables or columns, add a function ``@fills("NNNN_name")`` below that puts
   records in them (plain SQL, fixed ids; it runs right after that migration).
2. Run ``uv run python scripts/make-schema-fixtures.py``: it writes ``vNNNN_name.db``.
3. Run ``uv run pytest tests/core/test_schema_upgrade.py`` and commit the new file.

Records are written with plain SQL for the schema of their version, never through the
services (which always expect the newest schema).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from kvaldesk.domain.template_codec import template_to_dict  # noqa: E402
from kvaldesk.exchange.template_file import load_template_file  # noqa: E402
from kvaldesk.paths import resource_path  # noqa: E402
from kvaldesk.storage.database import open_database  # noqa: E402
from kvaldesk.storage.migrations import MIGRATIONS  # noqa: E402

FOLDER = REPO_ROOT / "tests" / "fixtures" / "schema"
Filler = Callable[[sqlite3.Connection], None]
FILLERS: dict[str, Filler] = {}

MACHINE = "6f1c1d2e-0000-4000-8000-00000000a001"
OTHER_MACHINE = "6f1c1d2e-0000-4000-8000-00000000b002"
TEMPLATE = "11111111-0000-4000-8000-000000000001"
ROUND_OLD = "22222222-0000-4000-8000-000000000001"
ROUND_NOW = "22222222-0000-4000-8000-000000000002"
CASES = [f"33333333-0000-4000-8000-00000000000{n}" for n in range(1, 5)]
REVIEWS = [f"44444444-0000-4000-8000-00000000000{n}" for n in range(1, 5)]
ACTION = "55555555-0000-4000-8000-000000000001"
PACKAGE = "66666666-0000-4000-8000-000000000001"
CONFLICT = "77777777-0000-4000-8000-000000000001"
T0 = "2026-03-02T08:15:00.000000Z"
T1 = "2026-03-09T13:40:00.000000Z"
T2 = "2026-04-14T10:05:00.000000Z"


def fills(name: str) -> Callable[[Filler], Filler]:
    """Register the function that adds records right after migration ``name``."""

    def register(function: Filler) -> Filler:
        FILLERS[name] = function
        return function

    return register


def _audit(conn: sqlite3.Connection, at: str, action: str, entity: str, entity_id: str) -> None:
    conn.execute(
        "INSERT INTO audit_log(at, machine_id, actor, action, entity, entity_id, detail) "
        "VALUES (?, ?, 'Åsa Öberg', ?, ?, ?, '{}')",
        [at, MACHINE, action, entity, entity_id],
    )


@fills("0001_initial")
def initial_records(conn: sqlite3.Connection) -> None:
    """Settings, a template, two rounds, cases, reviews with answers, an action, audit."""
    conn.execute("UPDATE settings SET value = ? WHERE key = 'machine_id'", [MACHINE])
    for key, value in (
        ("reviewer_name", "Åsa Öberg"),
        ("reviewer_unit", "Barn och unga, Södra"),
        ("min_group_size", "5"),
        ("language", "sv"),
    ):
        conn.execute("INSERT INTO settings(key, value) VALUES (?, ?)", [key, value])
    body = template_to_dict(
        load_template_file(resource_path("templates", "barnavardsutredning.json"))
    )
    conn.execute(
        "INSERT INTO templates(id, key, version, title, content_hash, body, origin, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, 'builtin', ?)",
        [
            TEMPLATE,
            body["key"],
            body["version"],
            body["title"],
            body["content_hash"],
            json.dumps(body, ensure_ascii=False),
            T0,
        ],
    )
    for round_id, name, status, start, end in (
        (ROUND_OLD, "Barnavårdsutredningar hösten 2025", "closed", "2025-09-01", "2025-12-31"),
        (ROUND_NOW, "Barnavårdsutredningar våren 2026", "open", "2026-01-01", "2026-06-30"),
    ):
        conn.execute(
            "INSERT INTO rounds(id, name, template_id, unit, period_start, period_end, "
            "target_pct, status, analysis, created_at, updated_at) "
            "VALUES (?, ?, ?, 'Barn och unga, Södra', ?, ?, 80.0, ?, ?, ?, ?)",
            [
                round_id,
                name,
                TEMPLATE,
                start,
                end,
                status,
                "Brister i dokumentation av våld.",
                T0,
                T1,
            ],
        )
    for case_id, round_id, reference, subgroup in zip(
        CASES,
        (ROUND_OLD, ROUND_OLD, ROUND_NOW, ROUND_NOW),
        ("BU-2025-0412", "BU-2025-0977", "BU-2026-0031", "BU-2026-0118"),
        ("ny", "pågående", "ny", "pågående"),
        strict=True,
    ):
        conn.execute(
            "INSERT INTO cases(id, round_id, reference, subgroup, unit, created_at) "
            "VALUES (?, ?, ?, ?, 'Södra', ?)",
            [case_id, round_id, reference, subgroup, T0],
        )
    answers = {
        REVIEWS[0]: [
            ("BU1", "ja", ""),
            ("BU2", "delvis", "Barnets åsikt saknas"),
            ("BU3", "nej", ""),
        ],
        REVIEWS[1]: [("BU1", "nej", "Våld ej efterfrågat"), ("BU2", "ja", ""), ("BU3", "ja", "")],
        REVIEWS[2]: [("BU1", "ja", ""), ("BU2", "ja", "Samtal på förskolan"), ("BU3", "ja", "")],
        REVIEWS[3]: [("BU1", "ja", "Påbörjad – äö")],
    }
    for index, (review_id, case_id) in enumerate(zip(REVIEWS, CASES, strict=True)):
        complete = index < 3
        conn.execute(
            "INSERT INTO reviews(id, round_id, case_id, reviewer, status, started_at, "
            "updated_at, completed_at, version_vector) VALUES (?, "
            "(SELECT round_id FROM cases WHERE id = ?), ?, ?, ?, ?, ?, ?, ?)",
            [
                review_id,
                case_id,
                case_id,
                "Åsa Öberg" if index % 2 == 0 else "Björn Ekström",
                "complete" if complete else "draft",
                T1,
                T2,
                T2 if complete else None,
                json.dumps({MACHINE: index + 2}),
            ],
        )
        for question_id, value, comment in answers[review_id]:
            conn.execute(
                "INSERT INTO answers(review_id, question_id, value, number, text, comment, "
                "applies, answered_at) VALUES (?, ?, ?, NULL, NULL, ?, 1, ?)",
                [review_id, question_id, value, comment, T1],
            )
        _audit(conn, T1, "review_started", "review", review_id)
    conn.execute(
        "INSERT INTO actions(id, round_id, question_id, review_id, text, owner, due_date, "
        "status, created_at, updated_at) VALUES (?, ?, 'BU1', ?, ?, 'Enhetschef Södra', "
        "'2026-05-31', 'planned', ?, ?)",
        [ACTION, ROUND_OLD, REVIEWS[1], "Fråga alltid om våld – rutin på arbetsplatsträff", T2, T2],
    )
    _audit(conn, T2, "action_created", "action", ACTION)


@fills("0002_exchange")
def exchange_records(conn: sqlite3.Connection) -> None:
    """An export with its marks, an import, and a review conflict."""
    conn.execute(
        "INSERT INTO exchange_exports(package_id, file_name, created_at, round_id, everything, "
        "encrypted, counts) VALUES (?, ?, ?, ?, 0, 0, ?)",
        [PACKAGE, "kvaldesk-asa-oberg-20260414.kvaldesk", T2, ROUND_NOW, '{"reviews": 1}'],
    )
    conn.execute(
        "INSERT INTO exchange_export_marks(entity, record_id, fingerprint, package_id) "
        "VALUES ('reviews', ?, 'a1b2c3', ?)",
        [REVIEWS[2], PACKAGE],
    )
    conn.execute(
        "INSERT INTO exchange_imports(package_id, sha256, file_name, machine_id, reviewer, "
        "imported_at, outcome, counts) VALUES (?, ?, ?, ?, 'Björn Ekström', ?, 'conflicts', ?)",
        [
            "66666666-0000-4000-8000-000000000002",
            "0" * 64,
            "kvaldesk-bjorn-ekstrom-20260414.kvaldesk",
            OTHER_MACHINE,
            T2,
            '{"reviews": 1, "conflicts": 1}',
        ],
    )
    version = {
        "id": REVIEWS[0],
        "status": "complete",
        "reviewer": "Åsa Öberg",
        "version_vector": {MACHINE: 2},
        "answers": [],
    }
    conn.execute(
        "INSERT INTO exchange_conflicts(id, review_id, package_id, local_version, "
        "incoming_version, created_at, resolved_at, resolution) "
        "VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)",
        [
            CONFLICT,
            REVIEWS[0],
            "66666666-0000-4000-8000-000000000002",
            json.dumps(version, ensure_ascii=False),
            json.dumps(dict(version, version_vector={OTHER_MACHINE: 1}), ensure_ascii=False),
            T2,
        ],
    )
    _audit(conn, T2, "package_imported", "package", "66666666-0000-4000-8000-000000000002")


@fills("0003_calibration")
def calibration_records(conn: sqlite3.Connection) -> None:
    """A drawn sample with its seed, and a case marked for double review."""
    conn.execute("UPDATE rounds SET sample_seed = 20260301 WHERE id = ?", [ROUND_NOW])
    for number, reference in enumerate(("BU-2026-0031", "BU-2026-0118"), start=1):
        conn.execute(
            "INSERT INTO round_samples(id, round_id, reference, stratum, seed, drawn_at) "
            "VALUES (?, ?, ?, 'Södra', 20260301, ?)",
            [f"88888888-0000-4000-8000-00000000000{number}", ROUND_NOW, reference, T0],
        )
    conn.execute("UPDATE cases SET double_review = 1 WHERE id = ?", [CASES[2]])


def make_fixture(index: int, target: Path) -> None:
    """A database with the first ``index + 1`` migrations and their records."""
    names = [migration.name for migration in MIGRATIONS._migrations]
    target.unlink(missing_ok=True)
    db = open_database(target, migrate=False)
    try:
        for position, name in enumerate(names[: index + 1]):
            stop = names[position + 1] if position + 1 < len(names) else None
            MIGRATIONS.apply(db, stop_before=stop)
            if name in FILLERS:
                with db.conn:
                    FILLERS[name](db.conn)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode=DELETE")
        db.execute("VACUUM")
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    """Write the missing fixtures (all of them with --force)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="rebuild existing fixtures too")
    args = parser.parse_args(argv)
    FOLDER.mkdir(parents=True, exist_ok=True)
    for index, migration in enumerate(MIGRATIONS._migrations):
        target = FOLDER / f"v{migration.name}.db"
        if target.exists() and not args.force:
            print(f"{target.relative_to(REPO_ROOT)}: kept")
            continue
        make_fixture(index, target)
        print(f"{target.relative_to(REPO_ROOT)}: written ({target.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
