"""Real processes on one shared folder: two reviewers export again and again while they keep
reviewing (and correcting earlier reviews), and a coordinator imports the folder in a loop at
the same time. In the end every review is in the coordinator's database exactly once, in its
newest version, and the results equal those computed from all reviews put together."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from test_exchange_support import coordinator_round, make_db

from kvaldesk.services import exchange, results, rounds
from kvaldesk.storage.database import open_database

REPO_ROOT = Path(__file__).resolve().parents[2]
ROUNDS_PER_EXPORTER = 8
TIMEOUT_S = 120

EXPORTER = r"""
import random
import sys

from kvaldesk.services import exchange, reviews, rounds
from kvaldesk.storage.database import open_database

db_path, share, round_id, prefix, who, count = sys.argv[1:7]
db = open_database(db_path)
rng = random.Random(prefix)
made = []
for number in range(int(count)):
    case = rounds.add_case(db, round_id, f"{prefix}-{number:03d}", rng.choice(["ny", "pågående"]))
    review = reviews.start_review(db, case.id, who)
    q1 = rng.choice(["ja", "nej"])
    answers = [("Q1", q1), ("Q2", rng.choice(["ja", "nej", "ej_aktuellt"])),
               ("Q3", rng.choice(["ja", "delvis", "nej"])), ("Q5", rng.choice(["ja", "nej"]))]
    if q1 == "nej":
        answers.append(("Q4", rng.choice(["ja", "nej"])))
    for question, value in answers:
        reviews.save_answer(db, review.id, question, value=value)
    reviews.complete_review(db, review.id)
    made.append(review.id)
    if number % 3 == 2:  # correct an earlier review: a newer version must replace the old one
        earlier = rng.choice(made[:-1])
        reviews.reopen_review(db, earlier, "rättelse")
        reviews.save_answer(db, earlier, "Q5", value=rng.choice(["ja", "nej"]), comment="rättad")
        reviews.complete_review(db, earlier)
    exchange.export_package(db, share)
print("DONE", len(made), flush=True)
"""

IMPORTER = r"""
import json
import sys
import time
from pathlib import Path

from kvaldesk.services import exchange
from kvaldesk.storage.database import open_database

db_path, share, stop = sys.argv[1:4]
db = open_database(db_path)
passes, seen = 0, {}
while True:
    last = Path(stop).exists()
    for outcome in exchange.import_paths(db, [Path(share)]):
        seen.setdefault(outcome.outcome, []).append(outcome.reason)
    passes += 1
    if last:
        break
    time.sleep(0.02)
print(json.dumps({"passes": passes, "rejected": seen.get("rejected", []),
                  "outcomes": {k: len(v) for k, v in seen.items()}}), flush=True)
"""


def _spawn(program: str, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONUTF8"] = "1"
    return subprocess.Popen(
        [sys.executable, "-c", program, *args],
        cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _finish(proc: subprocess.Popen[str]) -> str:
    out, err = proc.communicate(timeout=TIMEOUT_S)
    assert proc.returncode == 0, err
    return out


def _results(db: Any, round_id: str, by: Any = None) -> dict[str, Any]:
    return results.results_to_json(
        rounds.get_round(db, round_id), results.round_results(db, round_id, by=by)
    )


def _together(path: Path, seed_package: Path, sources: list[Path]) -> Any:
    """All reviews in one database, copied with plain SQL (not through the exchange)."""
    db = make_db(path, "Kerstin Samordnare")
    assert exchange.import_paths(db, [seed_package])[0].outcome == "imported"
    for index, source in enumerate(sources):
        db.execute(f"ATTACH DATABASE ? AS s{index}", [str(source)])
        with db.atomic():
            db.execute(f"INSERT OR IGNORE INTO cases SELECT * FROM s{index}.cases")
            db.execute(f"INSERT INTO reviews SELECT * FROM s{index}.reviews")
            db.execute(f"INSERT INTO answers SELECT * FROM s{index}.answers")
        db.execute(f"DETACH DATABASE s{index}")
    return db


def test_two_exporters_and_an_importer_at_the_same_time(tmp_path: Path) -> None:
    share, seed = tmp_path / "share", tmp_path / "seed"
    share.mkdir()
    seed.mkdir()
    coordinator = make_db(tmp_path / "coordinator.db", "Kerstin Samordnare")
    round_id = coordinator_round(coordinator, tmp_path, ("GEMENSAM-1",))
    seed_package = exchange.export_package(coordinator, seed).path
    assert seed_package is not None
    coordinator.close()
    reviewers = {"A": ("Åsa Öberg", tmp_path / "a.db"), "B": ("Björn Ek", tmp_path / "b.db")}
    for who, path in reviewers.values():
        db = make_db(path, who)
        assert exchange.import_paths(db, [seed_package])[0].outcome == "imported"
        db.close()
    third = tmp_path / "third.db"
    make_db(third, "Kerstin Samordnare").close()

    stop = tmp_path / "stop"
    importer = _spawn(IMPORTER, str(third), str(share), str(stop))
    exporters = [
        _spawn(EXPORTER, str(path), str(share), round_id, prefix, who, str(ROUNDS_PER_EXPORTER))
        for prefix, (who, path) in reviewers.items()
    ]
    made = sum(int(_finish(p).split()[1]) for p in exporters)
    time.sleep(0.1)
    stop.touch()
    report = json.loads(_finish(importer).strip().splitlines()[-1])
    assert report["rejected"] == [], report
    assert report["passes"] >= 2 and report["outcomes"]["imported"] >= 2

    db = open_database(third)
    sources = [open_database(path) for _, path in reviewers.values()]
    expected_ids = sorted(
        row[0] for source in sources for row in source.execute("SELECT id FROM reviews")
    )
    assert len(expected_ids) == made == 2 * ROUNDS_PER_EXPORTER
    assert sorted(r[0] for r in db.execute("SELECT id FROM reviews")) == expected_ids
    version = "SELECT id, version_vector, status FROM reviews ORDER BY id"
    newest = sorted(row for source in sources for row in source.execute(version).fetchall())
    assert db.execute(version).fetchall() == newest
    answers = "SELECT * FROM answers ORDER BY review_id, question_id"
    assert db.execute(answers).fetchall() == sorted(
        row for source in sources for row in source.execute(answers).fetchall()
    )
    for source in sources:
        source.close()

    together = _together(tmp_path / "together.db", seed_package, [p for _, p in reviewers.values()])
    for by in (None, "subgroup"):
        assert _results(db, round_id, by) == _results(together, round_id, by)
    assert _results(db, round_id)["reviews"] == made
    together.close()

    files = sorted(share.iterdir())
    assert all(not p.name.startswith(".") for p in files)  # no temporary file left behind
    again = exchange.import_paths(db, [share])
    assert len(again) == len(files) and {o.outcome for o in again} == {"already_imported"}
    db.close()
