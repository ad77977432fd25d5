"""Helpers of the backup and fault tests: a populated database and a damaged copy of one."""

from __future__ import annotations

from pathlib import Path

from builders import add_complete_review, small_template_dict, write_json
from sqlite_utils import Database

from kvaldesk.services import rounds, templates
from kvaldesk.storage.database import open_database
from kvaldesk.storage.settings import REVIEWER_NAME, set_setting

PAGE_SIZE = 4096


def populated_db(path: Path, reviews: int = 3) -> Database:
    """A database file with the test template, a round and ``reviews`` complete reviews."""
    db = open_database(path)
    templates.ensure_builtin_templates(db)
    with db.atomic():
        set_setting(db, REVIEWER_NAME, "Åsa Testgranskare")
    templates.import_template_file(
        db, write_json(path.with_suffix(".mall.json"), small_template_dict())
    )
    round_id = rounds.create_round(db, template_key="testmall", name="Omgång höst 2026").id
    for number in range(reviews):
        add_complete_review(
            db,
            round_id,
            f"ÄR-{number:03d}",
            {"Q1": "ja", "Q2": "nej", "Q3": "delvis", "Q5": "ja"},
            comments={"Q2": f"Barnets röst saknas i akt {number} – åäö"},
        )
    return db


def answer_count(db: Database) -> int:
    """How many answers the database holds."""
    return int(db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])


def corrupt_database(path: Path) -> None:
    """Damage a closed database file: every b-tree page after the first gets a garbage header.

    Page 1 (the schema) stays readable, so SQLite opens the file and ``quick_check`` reports
    the damage, as with a disk that lost some sectors.
    """
    data = bytearray(path.read_bytes())
    assert len(data) >= 3 * PAGE_SIZE, "too small to damage realistically"
    for start in range(PAGE_SIZE, len(data), PAGE_SIZE):
        data[start : start + 12] = b"\xff" * 12
    path.write_bytes(bytes(data))
