"""The seed stored on a round and the case references drawn for it (urval)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from kvaldesk.storage.database import new_id, now_iso


def get_seed(db: Database, round_id: str) -> int | None:
    """The seed of the round's last sample, or None."""
    row = db.execute("SELECT sample_seed FROM rounds WHERE id = ?", [round_id]).fetchone()
    return int(row[0]) if row is not None and row[0] is not None else None


def record_sample(db: Database, round_id: str, seed: int, drawn: Iterable[tuple[str, str]]) -> None:
    """Store the seed on the round and each drawn (reference, stratum)."""
    stamp = now_iso()
    db.execute(
        "UPDATE rounds SET sample_seed = ?, updated_at = ? WHERE id = ?", [seed, stamp, round_id]
    )
    for reference, stratum in drawn:
        db.execute(
            "INSERT INTO round_samples(id, round_id, reference, stratum, seed, drawn_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [new_id(), round_id, reference, stratum, seed, stamp],
        )


def list_sample(db: Database, round_id: str) -> list[tuple[str, str, int]]:
    """(reference, stratum, seed) of every reference drawn for the round, in drawing order."""
    return [
        (str(r), str(s), int(seed))
        for r, s, seed in db.execute(
            "SELECT reference, stratum, seed FROM round_samples WHERE round_id = ? "
            "ORDER BY drawn_at, rowid",
            [round_id],
        ).fetchall()
    ]
