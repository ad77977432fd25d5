"""Nothing is lost on SIGKILL: an answer the engine reports saved is on disk.

A writer process saves answers through the services and prints ``ACK <review> <question>
<seq>`` after each ``save_answer`` returns (and ``DONE <review>`` after ``complete_review``).
The test kills it at a random moment, 50 times, then checks that the database is intact and
that every acknowledged answer (and completion) is stored. A save may be on disk before its
ack is printed, never the other way round, so the stored sequence number must be at least
the last acknowledged one for every (review, question).
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from builders import small_template_dict, write_json

from kvaldesk.services import maintenance, rounds, templates
from kvaldesk.storage.database import open_database
from kvaldesk.storage.settings import REVIEWER_NAME, set_setting

REPO_ROOT = Path(__file__).resolve().parents[2]
RUNS = 50
SEED = 20260312
READY_TIMEOUT_S = 30.0

WRITER = r"""
import sys

from kvaldesk.services import reviews, rounds
from kvaldesk.storage.database import open_database

db_path, round_id, run = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = open_database(db_path)
out = sys.stdout
out.write("READY\n")
out.flush()

# Three passes over the questions per review, so each answer is overwritten with a newer
# sequence number; the last pass leaves a complete set (Q1 = Ja, so Q4 does not apply).
PASSES = [
    [("Q1", "nej", None), ("Q4", "ja", None), ("Q2", "nej", None), ("Q3", "delvis", 200.0),
     ("Q5", "nej", None)],
    [("Q1", "ja", None), ("Q2", "ej_aktuellt", None), ("Q3", "nej", 150.0), ("Q5", "ja", None)],
    [("Q1", "ja", None), ("Q2", "ja", None), ("Q3", "ja", 90.0), ("Q5", "ja", None)],
]
seq = run * 100_000
case_number = 0
while True:
    case_number += 1
    case = rounds.add_case(db, round_id, f"K-{run:02d}-{case_number:05d}", "ny")
    review = reviews.start_review(db, case.id)
    for answers in PASSES:
        for question_id, value, number in answers:
            seq += 1
            reviews.save_answer(db, review.id, question_id, value=value, number=number,
                                comment=f"löpnummer {seq} – åäö")
            out.write(f"ACK {review.id} {question_id} {seq}\n")
            out.flush()
    reviews.complete_review(db, review.id)
    out.write(f"DONE {review.id}\n")
    out.flush()
"""

ACK = re.compile(r"^ACK (\S+) (\S+) (\d+)$")
DONE = re.compile(r"^DONE (\S+)$")
STORED_SEQ = re.compile(r"^löpnummer (\d+) – åäö$")


@dataclass
class RunOutcome:
    """What one writer run reported before it was killed."""

    ready: bool = False
    lines: list[str] = field(default_factory=list)
    killed_while_running: bool = False


def _collect(proc: subprocess.Popen[bytes], outcome: RunOutcome, ready: threading.Event) -> None:
    """Read the writer's stdout until EOF; complete lines only (a torn last line is dropped)."""
    assert proc.stdout is not None
    for raw in proc.stdout:
        if not raw.endswith(b"\n"):
            break
        line = raw.decode("utf-8").rstrip("\n")
        if line == "READY":
            outcome.ready = True
            ready.set()
        else:
            outcome.lines.append(line)
    ready.set()


def _run_and_kill(
    script: Path, db_path: Path, round_id: str, run: int, delay: float, env: dict[str, str]
) -> RunOutcome:
    proc = subprocess.Popen(
        [sys.executable, str(script), str(db_path), round_id, str(run)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=REPO_ROOT,
    )
    outcome = RunOutcome()
    ready = threading.Event()
    reader = threading.Thread(target=_collect, args=(proc, outcome, ready), daemon=True)
    reader.start()
    try:
        ready.wait(READY_TIMEOUT_S)
        time.sleep(delay)
        outcome.killed_while_running = proc.poll() is None
        proc.send_signal(signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        _, stderr = proc.communicate(timeout=30)
        reader.join(timeout=30)
    assert outcome.ready, f"writer {run} never became ready: {stderr.decode(errors='replace')}"
    assert outcome.killed_while_running, (
        f"writer {run} ended by itself (exit {proc.returncode}): {stderr.decode(errors='replace')}"
    )
    return outcome


@pytest.mark.slow
def test_acknowledged_answers_survive_sigkill(tmp_path: Path) -> None:
    db_path = tmp_path / "crash.db"
    db = open_database(db_path)
    templates.ensure_builtin_templates(db)
    template, _ = templates.import_template_file(
        db, write_json(tmp_path / "testmall.json", small_template_dict())
    )
    round_id = rounds.create_round(db, template_key=template.key, name="Kraschprov").id
    with db.atomic():
        set_setting(db, REVIEWER_NAME, "Åsa Testgranskare")
    db.close()

    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONUTF8"] = "1"

    rng = random.Random(SEED)
    last_acked: dict[tuple[str, str], int] = {}
    completed: set[str] = set()
    acks_per_run: list[int] = []
    started = time.monotonic()
    for run in range(RUNS):
        outcome = _run_and_kill(script, db_path, round_id, run, rng.uniform(0.05, 0.6), env)
        acks = 0
        for line in outcome.lines:
            if match := ACK.match(line):
                review_id, question_id, seq = match.group(1), match.group(2), int(match.group(3))
                key = (review_id, question_id)
                assert seq > last_acked.get(key, -1), line
                last_acked[key] = seq
                acks += 1
            elif match := DONE.match(line):
                completed.add(match.group(1))
            else:
                pytest.fail(f"unexpected writer output: {line!r}")
        acks_per_run.append(acks)
    elapsed = time.monotonic() - started

    # Not vacuous: acks arrived, and most kills hit a writer in the middle of saving.
    assert sum(acks_per_run) >= 100, acks_per_run
    assert sum(1 for a in acks_per_run if a > 0) >= 5, acks_per_run
    assert elapsed < 120, f"{RUNS} runs took {elapsed:.0f} s"

    db = open_database(db_path)
    try:
        assert [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()] == ["ok"]
        report = maintenance.check_database(db)
        assert report.ok, report.integrity
        stored: dict[tuple[str, str], int] = {}
        for review_id, question_id, comment in db.execute(
            "SELECT review_id, question_id, comment FROM answers"
        ).fetchall():
            match = STORED_SEQ.match(comment)
            assert match, f"garbled comment {comment!r}"
            stored[(review_id, question_id)] = int(match.group(1))
        lost = {
            key: (seq, stored.get(key))
            for key, seq in last_acked.items()
            if stored.get(key) is None or stored[key] < seq
        }
        assert not lost, f"{len(lost)} acknowledged answers lost, e.g. {list(lost.items())[:5]}"
        statuses = dict(db.execute("SELECT id, status FROM reviews").fetchall())
        not_complete = [r for r in completed if statuses.get(r) != "complete"]
        assert not not_complete, f"acknowledged completions lost: {not_complete[:5]}"
        # Every stored answer belongs to a review and case that are stored too.
        assert report.counts["reviews"] >= len({r for r, _ in last_acked})
    finally:
        db.close()
