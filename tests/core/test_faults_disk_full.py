"""A full disk during a save and during an export: a clear message, the database intact,
nothing half-written.

The save runs in a real child process whose file size limit (RLIMIT_FSIZE, with SIGXFSZ
ignored) makes the kernel refuse the write, as a full disk would; SQLite's own limit
(``PRAGMA max_page_count``) gives its "database or disk is full". The export gets a file
object that writes half the package and then fails with ENOSPC.
"""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_faults_sigkill import REPO_ROOT, child_env
from test_faults_support import answer_count, populated_db

from kvaldesk.exchange import atomic
from kvaldesk.services import exchange, reviews
from kvaldesk.storage.database import StorageWriteError, open_database

LONG_COMMENT = "Utredningen saknar barnets egen berättelse om förskolan – åäö. " * 50

SAVER = r"""
import json
import resource
import signal
import sys

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.services import reviews
from kvaldesk.storage.database import open_database

db_path, review_id, limit, comment = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
db = open_database(db_path)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
acked = 0
while acked < 10_000:
    try:
        reviews.save_answer(db, review_id, "Q2", value="nej", comment=f"{acked:05d} {comment}")
    except KvaldeskError as exc:
        print(json.dumps({"acked": acked, "error": type(exc).__name__, "message": str(exc)}))
        break
    acked += 1
else:
    print(json.dumps({"acked": acked, "error": None, "message": ""}))
"""


def _draft_review(db_path: Path) -> str:
    db = populated_db(db_path, reviews=2)
    case_id = str(db.execute("SELECT id FROM cases LIMIT 1").fetchone()[0])
    review = reviews.start_review(db, case_id, "Björn Granskare")
    db.close()
    return review.id


def _stored_comment(db_path: Path, review_id: str) -> str:
    db = open_database(db_path)
    try:
        assert [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()] == ["ok"]
        row = db.execute(
            "SELECT comment FROM answers WHERE review_id = ? AND question_id = 'Q2'", [review_id]
        ).fetchone()
        return str(row[0]) if row else ""
    finally:
        db.close()


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX only")
def test_save_on_a_full_disk_in_a_real_process(tmp_path: Path) -> None:
    db_path = tmp_path / "kvaldesk.db"
    review_id = _draft_review(db_path)
    wal = Path(f"{db_path}-wal")
    limit = max(db_path.stat().st_size, wal.stat().st_size if wal.exists() else 0) + 200_000
    proc = subprocess.run(
        [sys.executable, "-c", SAVER, str(db_path), review_id, str(limit), LONG_COMMENT],
        capture_output=True, text=True, env=child_env(), cwd=REPO_ROOT, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    report: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["error"] == "StorageWriteError", report
    assert "kunde inte skrivas till disken" in report["message"]
    assert "Allt som sparats tidigare finns kvar" in report["message"]
    assert report["acked"] >= 1
    # Every acknowledged save is there, the refused one is not, and the file is intact.
    assert _stored_comment(db_path, review_id).startswith(f"{report['acked'] - 1:05d} ")
    db = open_database(db_path)  # with room again, saving works
    reviews.save_answer(db, review_id, "Q2", value="ja", comment="Åter plats på disken")
    db.close()
    assert _stored_comment(db_path, review_id) == "Åter plats på disken"


def test_save_when_sqlite_reports_the_disk_full(tmp_path: Path) -> None:
    db_path = tmp_path / "kvaldesk.db"
    review_id = _draft_review(db_path)
    db = open_database(db_path)
    reviews.save_answer(db, review_id, "Q2", value="nej", comment="Första anteckningen")
    before = answer_count(db)
    pages = int(db.execute("PRAGMA page_count").fetchone()[0])
    db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StorageWriteError, match="Disken är full"):
        for number in range(200):  # new pages are needed soon
            reviews.save_answer(
                db, review_id, "Q3", value="nej", comment=f"{number} {LONG_COMMENT[:3900]}"
            )
    assert answer_count(db) in (before, before + 1)
    db.close()
    assert _stored_comment(db_path, review_id) == "Första anteckningen"


class _DiskFullFile:
    """A file object that writes half of the data, then fails as a full disk does."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    def __enter__(self) -> _DiskFullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def write(self, data: bytes) -> int:
        self._handle.write(data[: len(data) // 2])
        self._handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def test_export_to_a_full_disk_leaves_no_partial_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "delad mapp"
    share.mkdir()
    db = populated_db(tmp_path / "kvaldesk.db", reviews=5)
    temp_names: list[str] = []

    def full_open(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        temp_names.append(Path(path).name)
        return _DiskFullFile(open(path, mode, *args, **kwargs))

    monkeypatch.setattr(atomic, "open", full_open, raising=False)
    with pytest.raises(exchange.ExchangeFolderError) as caught:
        exchange.export_package(db, share)
    message = str(caught.value)
    assert "är full" in message and "Inget har gått förlorat" in message
    assert temp_names and all(atomic.is_temp_name(n) for n in temp_names)
    assert list(share.iterdir()) == []  # neither the final name nor the temporary file
    assert db.execute("SELECT COUNT(*) FROM exchange_exports").fetchone()[0] == 0
    monkeypatch.undo()
    again = exchange.export_package(db, share)  # the same records go with the next export
    assert again.path is not None and again.counts["reviews"] == 5
    assert [p.name for p in share.iterdir()] == [again.path.name]
    db.close()
