"""A damaged database file at start-up, through the real command line: the command refuses
with a message naming the newest good backup and the restore command; ``backup restore``
brings the data back and keeps the damaged file, unchanged."""

from __future__ import annotations

import shlex
from pathlib import Path

from test_cli import kvaldesk, ok, ok_json
from test_faults_support import corrupt_database, populated_db


def test_damaged_database_is_reported_and_restored(tmp_path: Path) -> None:
    db_path = tmp_path / "kvaldesk.db"
    populated_db(db_path, reviews=25).close()
    counts = ok_json(db_path, "check", "--json")["counts"]  # the start-up backup is taken
    [backup] = ok_json(db_path, "backup", "list", "--json")
    assert backup["reason"] == "start"
    corrupt_database(db_path)
    damaged_bytes = db_path.read_bytes()

    refused = kvaldesk(db_path, "rounds", "list")
    assert refused.returncode == 1 and refused.stdout == ""
    message = refused.stderr.strip()
    assert len(message.splitlines()) == 1
    assert "är skadad" in message and Path(backup["file"]).name in message
    command = message.split("Återställ den med: ", 1)[1]
    assert shlex.split(command)[-3:-1] == ["backup", "restore"]
    assert db_path.read_bytes() == damaged_bytes  # reporting changed nothing

    restore = kvaldesk(db_path, "backup", "restore", backup["file"])  # no terminal: asks --yes
    assert restore.returncode == 1 and "--yes" in restore.stderr
    out = ok(db_path, "backup", "restore", backup["file"], "--yes")
    assert out.startswith("restored: ")
    kept = Path(out.split("kept: ", 1)[1].strip())
    assert kept.parent == tmp_path / "backups" and kept.read_bytes() == damaged_bytes
    report = ok_json(db_path, "check", "--json")
    assert report["ok"] and report["counts"] == counts
    reasons = [b["reason"] for b in ok_json(db_path, "backup", "list", "--json")]
    assert sorted(reasons) == ["damaged", "start"]


def test_restore_refusals_on_the_command_line(tmp_path: Path) -> None:
    db_path = tmp_path / "kvaldesk.db"
    populated_db(db_path).close()
    missing = kvaldesk(db_path, "backup", "restore", str(tmp_path / "saknas.db"), "--yes")
    assert missing.returncode == 1 and "finns inte" in missing.stderr
    text = tmp_path / "lista.txt"
    text.write_text("Ärende ÄR-1\n" * 400, encoding="utf-8")
    foreign = kvaldesk(db_path, "backup", "restore", str(text), "--yes")
    assert foreign.returncode == 1 and "ingen kvaldesk-databas" in foreign.stderr
    copy = tmp_path / "skadad-kopia.db"
    copy.write_bytes(db_path.read_bytes())
    corrupt_database(copy)
    corrupt = kvaldesk(db_path, "backup", "restore", str(copy), "--yes")
    assert corrupt.returncode == 1 and "skadad" in corrupt.stderr
    assert ok_json(db_path, "check", "--json")["ok"]
