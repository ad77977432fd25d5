"""Automatic backups: when they are taken, that each is whole and verified, rotation, restore."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_faults_support import answer_count, corrupt_database, populated_db

from kvaldesk.domain.errors import ValidationError
from kvaldesk.services import backups, exchange, rounds, settings
from kvaldesk.services.workspace import open_workspace, restore_workspace, start_workspace
from kvaldesk.storage.backup import check_file
from kvaldesk.storage.database import DatabaseError, open_database, schema_version
from kvaldesk.storage.migrations import MIGRATIONS


def _reasons(db_path: Path) -> list[str]:
    return [b.reason for b in backups.list_backups(db_path)]


def _only_backups_in_folder(db_path: Path) -> None:
    """No temporary files and no -wal/-shm files beside the backups."""
    names = [p.name for p in backups.backup_folder(db_path).iterdir()]
    assert all(n.endswith(".db") and not n.startswith(".") for n in names), names


def test_a_new_database_is_not_backed_up(tmp_path: Path) -> None:
    db_path = tmp_path / "ny.db"
    start_workspace(db_path).close()
    assert backups.list_backups(db_path) == []
    assert not backups.backup_folder(db_path).exists()


def test_start_up_backup_at_most_once_per_interval(tmp_path: Path) -> None:
    db_path = tmp_path / "kvaldesk.db"
    populated_db(db_path).close()
    db = start_workspace(db_path)
    db.close()
    first = backups.list_backups(db_path)
    assert [b.reason for b in first] == ["start"]
    start_workspace(db_path).close()  # a second command right after: no churn
    assert len(backups.list_backups(db_path)) == 1
    db = open_workspace(db_path)
    later = datetime.now(UTC) + backups.STARTUP_INTERVAL + timedelta(minutes=1)
    assert backups.startup_backup(db, now=later) is not None
    db.close()
    assert _reasons(db_path) == ["start", "start"]


def test_a_backup_is_a_whole_verified_self_contained_copy(tmp_path: Path) -> None:
    db_path = tmp_path / "kvaldesk.db"
    db = populated_db(db_path, reviews=4)
    taken = backups.take_backup(db, "start")
    assert taken is not None
    assert taken.path.parent == tmp_path / "backups"
    assert taken.path.name.startswith("kvaldesk-") and taken.path.name.endswith("-start.db")
    _only_backups_in_folder(db_path)
    assert check_file(taken.path, full=True) == []
    copy = sqlite3.connect(taken.path)
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert copy.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == answer_count(db)
    copy.close()
    db.close()


def test_rotation_keeps_the_configured_number_and_never_the_kept_aside_copies(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "kvaldesk.db"
    db = populated_db(db_path)
    settings.save_backups_to_keep(db, 3)
    kept_aside = backups.backup_folder(db_path) / "kvaldesk-20200101T000000000000Z-damaged.db"
    kept_aside.parent.mkdir()
    kept_aside.write_bytes(b"skadad fil sparas")
    taken = [backups.take_backup(db, reason) for reason in ("start", "import", "import", "start")]
    taken.append(backups.take_backup(db, "migration"))
    names = {b.path.name for b in backups.list_backups(db_path)}
    assert names == {b.path.name for b in taken[-3:] if b} | {kept_aside.name}
    db.close()


def test_backups_to_keep_setting(tmp_path: Path) -> None:
    db = populated_db(tmp_path / "kvaldesk.db")
    assert settings.load_settings(db).backups_to_keep == settings.DEFAULT_BACKUPS_TO_KEEP == 10
    saved = settings.save_settings(db, settings.load_settings(db).__class__(
        reviewer_name="Åsa Testgranskare", backups_to_keep=25
    ))  # fmt: skip
    assert saved.backups_to_keep == 25 == settings.backups_to_keep(db)
    for wrong in (0, 101):
        with pytest.raises(ValidationError, match="mellan 1 och 100"):
            settings.save_backups_to_keep(db, wrong)
    assert settings.backups_to_keep(db) == 25
    db.close()


def _one_migration_behind(tmp_path: Path) -> tuple[Path, list[str]]:
    """A database made by the previous schema version, and the names of every migration."""
    names = [m.name for m in MIGRATIONS._migrations]
    db_path = tmp_path / "gammal.db"
    old = open_database(db_path, migrate=False)
    MIGRATIONS.apply(old, stop_before=names[-1])
    old.close()
    return db_path, names


def test_backup_before_migrations_of_an_existing_database(tmp_path: Path) -> None:
    db_path, names = _one_migration_behind(tmp_path)
    db = open_workspace(db_path)
    assert schema_version(db) == names[-1]
    db.close()
    [taken] = backups.list_backups(db_path)
    assert taken.reason == "migration"
    copy = open_database(taken.path, migrate=False)
    assert schema_version(copy) == names[-2]
    copy.close()
    open_workspace(db_path).close()  # nothing pending: no second backup
    assert len(backups.list_backups(db_path)) == 1


def test_a_second_connection_neither_migrates_nor_backs_up(tmp_path: Path) -> None:
    from kvaldesk.services.workspace import open_another_connection

    db_path, names = _one_migration_behind(tmp_path)
    # Only the window's own opening migrates (with its backup); a worker's connection does not.
    worker = open_another_connection(db_path)
    assert schema_version(worker) == names[-2]
    worker.close()
    assert backups.list_backups(db_path) == []
    open_workspace(db_path).close()
    worker = open_another_connection(db_path)
    assert schema_version(worker) == names[-1]
    assert worker.execute("SELECT count(*) FROM templates").fetchone()[0] > 0
    worker.close()


def test_backup_before_every_import(tmp_path: Path) -> None:
    share = tmp_path / "delad"
    share.mkdir()
    source = populated_db(tmp_path / "granskare.db")
    exchange.export_package(source, share)
    source.close()
    db_path = tmp_path / "samordnare" / "kvaldesk.db"
    db = open_workspace(db_path)
    (tmp_path / "tom").mkdir()
    assert exchange.import_paths(db, [tmp_path / "tom"]) == []
    assert backups.list_backups(db_path) == []  # nothing to import: no backup
    outcomes = exchange.import_paths(db, [share])
    assert [o.outcome for o in outcomes] == ["imported"]
    assert _reasons(db_path) == ["import"]
    [taken] = backups.list_backups(db_path)
    copy = sqlite3.connect(taken.path)
    assert copy.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0  # before the import
    copy.close()
    db.close()


def test_restore_a_healthy_database_keeps_the_current_one(tmp_path: Path) -> None:
    db_path = tmp_path / "kvaldesk.db"
    db = populated_db(db_path, reviews=2)
    taken = backups.take_backup(db, "start")
    assert taken is not None
    round_id = rounds.list_rounds(db)[0].round.id
    rounds.add_case(db, round_id, "ÄR-NY-Ö", "ny")
    watcher = open_database(db_path)  # another connection stays open during the restore
    result = restore_workspace(taken.path, db_path)
    assert result.kept is not None and result.kept.name.endswith("-pre-restore.db")
    cases = "SELECT reference FROM cases ORDER BY reference"
    assert [r[0] for r in watcher.execute(cases)] == ["ÄR-000", "ÄR-001"]
    kept = sqlite3.connect(result.kept)
    assert "ÄR-NY-Ö" in [r[0] for r in kept.execute(cases)]
    kept.close()
    watcher.close()
    db.close()
    assert check_file(db_path, full=True) == []


def test_damaged_database_at_start_names_the_newest_good_backup(tmp_path: Path) -> None:
    db_path = tmp_path / "kvaldesk.db"
    db = populated_db(db_path, reviews=20)
    older = backups.take_backup(db, "start")
    newest = backups.take_backup(db, "import")
    assert older is not None and newest is not None
    expected = answer_count(db)
    db.close()
    corrupt_database(newest.path)  # a damaged backup is skipped
    corrupt_database(db_path)
    with pytest.raises(backups.DamagedDatabaseError) as caught:
        start_workspace(db_path)
    error = caught.value
    assert error.newest_good is not None and error.newest_good.path == older.path
    assert "skadad" in str(error) and "backup restore" in str(error)
    assert older.path.name in str(error)
    with pytest.raises(backups.BackupError, match="skadad"):
        restore_workspace(newest.path, db_path)
    result = restore_workspace(older.path, db_path)
    assert result.kept is not None and result.kept.name.endswith("-damaged.db")
    assert result.kept.read_bytes()[:16] == b"SQLite format 3\x00"  # kept, unchanged
    assert check_file(result.kept) != []
    db = start_workspace(db_path)
    assert answer_count(db) == expected
    db.close()


def test_restore_refuses_what_it_cannot_use(tmp_path: Path) -> None:
    db_path = tmp_path / "kvaldesk.db"
    db = populated_db(db_path)
    before = answer_count(db)
    db.close()
    text = tmp_path / "anteckning.txt"
    text.write_text("Det här är ingen databas – åäö\n" * 200, encoding="utf-8")
    foreign = tmp_path / "annan.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    newer = tmp_path / "nyare.db"
    conn = sqlite3.connect(newer)
    conn.execute(
        "CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set, name, applied_at)"
    )
    conn.execute("INSERT INTO _sqlite_migrations VALUES (1, 'kvaldesk', '0001_initial', '')")
    conn.execute("INSERT INTO _sqlite_migrations VALUES (2, 'kvaldesk', '9999_framtid', '')")
    conn.commit()
    conn.close()
    cases = [
        (tmp_path / "saknas.db", "finns inte"),
        (text, "ingen kvaldesk-databas"),
        (foreign, "ingen kvaldesk-databas"),
        (newer, "nyare version"),
    ]
    for path, message in cases:
        with pytest.raises(backups.BackupError, match=message):
            restore_workspace(path, db_path)
    db = open_workspace(db_path)
    assert answer_count(db) == before
    db.close()
    assert not backups.backup_folder(db_path).exists()  # nothing kept: nothing was touched
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_database_from_a_newer_kvaldesk_is_refused(tmp_path: Path) -> None:
    db_path = tmp_path / "kvaldesk.db"
    populated_db(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('kvaldesk', '9999_framtid', '')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="nyare version"):
        open_workspace(db_path)
