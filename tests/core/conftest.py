"""Fixtures for the core (engine) tests: fresh databases and a small template."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import small_template_dict, write_json
from sqlite_utils import Database

from kvaldesk.services import templates
from kvaldesk.storage.database import open_database
from kvaldesk.storage.settings import REVIEWER_NAME, set_setting


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh database with the built-in templates and a reviewer name set."""
    database = open_database(tmp_path / "kvaldesk.db")
    templates.ensure_builtin_templates(database)
    with database.atomic():
        set_setting(database, REVIEWER_NAME, "Åsa Testgranskare")
    yield database
    database.close()


@pytest.fixture
def small_template(db: Database, tmp_path: Path) -> str:
    """Import the small test template; returns its key."""
    path = write_json(tmp_path / "testmall.json", small_template_dict())
    template, _ = templates.import_template_file(db, path)
    return template.key
