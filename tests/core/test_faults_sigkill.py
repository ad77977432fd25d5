"""SIGKILL with real processes: during answer saves (checked after every kill) and during a
package import (the package is in the database whole or not at all).

The number of answer-save kills is ``KVALDESK_FAULT_RUNS`` (40 here; ``bench/faults_long.py``
runs 200 and more). The writer, its acknowledgements and the kill are the ones of
test_crash_durability.py, which checks once at the end; this loop reopens the database after
every kill, as the next start of the window would.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from test_crash_durability import ACK, DONE, SEED, STORED_SEQ, WRITER, _run_and_kill
from test_faults_support import populated_db

from kvaldesk.services import demo, exchange
from kvaldesk.storage.backup import check_file, list_backups
from kvaldesk.storage.database import open_database

REPO_ROOT = Path(__file__).resolve().parents[2]
RUNS = int(os.environ.get("KVALDESK_FAULT_RUNS", "40"))
IMPORT_RUNS = max(8, RUNS // 5)
PACKAGE_REVIEWS = 300

IMPORTER = r"""
import sys

from kvaldesk.services import exchange
from kvaldesk.storage.database import open_database

db = open_database(sys.argv[1])
print("READY", flush=True)
outcomes = exchange.import_paths(db, [sys.argv[2]])
print("DONE", outcomes[0].outcome, flush=True)
"""


def child_env() -> dict[str, str]:
    """The environment of a child process: this repository importable, UTF-8 I/O."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONUTF8"] = "1"
    return env


def _stored_sequences(db_path: Path) -> dict[tuple[str, str], int]:
    db = open_database(db_path)
    try:
        assert [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()] == ["ok"]
        stored = {}
        for review_id, question_id, comment in db.execute(
            "SELECT review_id, question_id, comment FROM answers"
        ).fetchall():
            match = STORED_SEQ.match(comment)
            assert match, f"garbled comment {comment!r}"
            stored[(review_id, question_id)] = int(match.group(1))
        return stored
    finally:
        db.close()


def run_save_kill_loop(workdir: Path, runs: int, seed: int = SEED + 8) -> int:
    """Kill a saving writer ``runs`` times; after each kill every acknowledged answer must be
    stored and the database intact. Returns how many saves were acknowledged."""
    db_path = workdir / "spara.db"
    db = populated_db(db_path, reviews=0)
    round_id = str(db.execute("SELECT id FROM rounds").fetchone()[0])
    db.close()
    script = workdir / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    rng = random.Random(seed)
    last_acked: dict[tuple[str, str], int] = {}
    total = 0
    for run in range(runs):
        outcome = _run_and_kill(script, db_path, round_id, run, rng.uniform(0.02, 0.5), child_env())
        for line in outcome.lines:
            if match := ACK.match(line):
                last_acked[(match.group(1), match.group(2))] = int(match.group(3))
                total += 1
            else:
                assert DONE.match(line), f"unexpected writer output: {line!r}"
        stored = _stored_sequences(db_path)
        lost = [key for key, seq in last_acked.items() if stored.get(key, -1) < seq]
        assert not lost, f"kill {run + 1}: {len(lost)} acknowledged answers lost: {lost[:3]}"
    return total


@pytest.mark.slow
def test_every_acknowledged_answer_survives_every_sigkill(tmp_path: Path) -> None:
    acknowledged = run_save_kill_loop(tmp_path, RUNS)
    assert acknowledged >= RUNS  # not vacuous: the writer was saving when it was killed


def _package(workdir: Path) -> tuple[Path, int]:
    """A package with demo rounds, cases and about ``PACKAGE_REVIEWS`` complete reviews;
    returns it and its number of reviews."""
    source = open_database(workdir / "källa.db")
    demo.make_demo(source, reviews=PACKAGE_REVIEWS, seed=11)
    share = workdir / "delad mapp"
    share.mkdir()
    result = exchange.export_package(source, share)
    source.close()
    assert result.path is not None
    return result.path, result.counts["reviews"]


def _import_and_kill(db_path: Path, package: Path, delay: float | None) -> str | None:
    """Run the importer; kill it ``delay`` seconds after it is ready (None: let it finish).
    Returns its DONE outcome, or None when it was killed first."""
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(db_path), str(package)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env(), cwd=REPO_ROOT,
    )  # fmt: skip
    assert proc.stdout is not None
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if not line.endswith("\n"):  # a line torn by the kill
                break
            lines.append(line.strip())
            ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    ready.wait(60)
    if delay is not None:
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=120)  # not communicate(): the reader thread owns stdout
    reader.join(timeout=30)
    assert proc.stderr is not None
    stderr = proc.stderr.read()
    assert lines and lines[0] == "READY", stderr
    done = [line.split()[1] for line in lines if line.startswith("DONE ")]
    if delay is None:
        assert proc.returncode == 0 and done, stderr
    return done[0] if done else None


def _package_state(db_path: Path, expected_reviews: int) -> str:
    """ "all" or "none" of the package in the database (anything else fails the test)."""
    db = open_database(db_path)
    try:
        assert [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()] == ["ok"]
        reviews = int(db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])
        answers = int(db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])
        imports = int(db.execute("SELECT COUNT(*) FROM exchange_imports").fetchone()[0])
    finally:
        db.close()
    if (reviews, answers, imports) == (0, 0, 0):
        return "none"
    assert (reviews, imports) == (expected_reviews, 1), (reviews, answers, imports)
    return "all"


@pytest.mark.slow
def test_sigkill_during_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    package, package_reviews = _package(tmp_path)
    empty = tmp_path / "tom.db"
    populated_db(empty, reviews=0).close()  # an existing database: it is backed up first
    # One import to the end, to learn how long an import takes here.
    whole = tmp_path / "hel.db"
    shutil.copy(empty, whole)
    started = time.monotonic()
    assert _import_and_kill(whole, package, None) == "imported"
    duration = time.monotonic() - started
    assert _package_state(whole, package_reviews) == "all"

    rng = random.Random(SEED + 9)
    states = []
    for run in range(IMPORT_RUNS):
        target = tmp_path / f"mål-{run}.db"
        shutil.copy(empty, target)
        done = _import_and_kill(target, package, rng.uniform(0.0, duration))
        state = _package_state(target, package_reviews)
        assert done is None or state == "all"
        states.append(state)
        # A backup that was being written when the kill came never has its final name.
        for backup in list_backups(target):
            assert check_file(backup.path) == [], backup.path
        db = open_database(target)  # the import can be run again and completes
        assert exchange.import_paths(db, [package])[0].outcome in ("imported", "already_imported")
        db.close()
        assert _package_state(target, package_reviews) == "all"
    assert "none" in states, states  # some kills came in the middle of the import
