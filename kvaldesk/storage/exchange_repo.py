"""SQL for the shared-folder exchange: records as package dictionaries, export marks,
imported packages and review conflicts.

Records travel as plain dictionaries whose keys are the column names (rounds name their
template by ``template_key`` and ``template_version``; reviews carry ``version_vector`` as a
dictionary and their ``answers`` as a list). Call the writing functions inside a transaction.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Any

from sqlite_utils import Database

from kvaldesk.domain.model import Template
from kvaldesk.domain.template_codec import template_from_dict
from kvaldesk.storage import templates_repo

ENTITIES = ("round", "case", "review", "action")
_TABLES = {"round": "rounds", "case": "cases", "review": "reviews", "action": "actions"}
#: What a record looked like when it was exported: it is exported again when this changes.
_FINGERPRINTS = {
    "round": "t.updated_at",
    "case": "t.round_id || char(31) || t.reference || char(31) || t.subgroup || char(31) || t.unit"
    # A case marked for double review travels again; unmarked cases keep their old fingerprint.
    " || CASE WHEN t.double_review THEN char(31) || 'double_review' ELSE '' END",
    "review": "t.version_vector",
    "action": "t.updated_at",
}
_ROUND_COLUMN = {
    "round": "t.id",
    "case": "t.round_id",
    "review": "t.round_id",
    "action": "t.round_id",
}
_CHUNK = 500
ROUND_FIELDS = (
    "id", "name", "template_key", "template_version", "unit", "period_start", "period_end",
    "target_pct", "status", "analysis", "created_at", "updated_at",
)  # fmt: skip
CASE_FIELDS = ("id", "round_id", "reference", "subgroup", "unit", "created_at")
REVIEW_FIELDS = (
    "id", "round_id", "case_id", "reviewer", "status", "started_at", "updated_at",
    "completed_at", "version_vector",
)  # fmt: skip
#: Optional fields (package format v1, added later): written only when true, read as false
#: when missing, so packages of unmarked cases and ordinary reviews look as they always did.
CASE_FLAG = "double_review"
REVIEW_FLAG = "consensus"
ANSWER_FIELDS = ("question_id", "value", "number", "text", "comment", "applies", "answered_at")
ACTION_FIELDS = (
    "id", "round_id", "question_id", "review_id", "text", "owner", "due_date", "status",
    "created_at", "updated_at",
)  # fmt: skip
_ROUND_COLUMNS = tuple(f for f in ROUND_FIELDS if f not in ("template_key", "template_version"))


def vector_text(vector: dict[str, int]) -> str:
    """A version vector as stored in ``reviews.version_vector`` (as ``touch_review`` writes it)."""
    return json.dumps(vector, sort_keys=True)


#: WAL pages between checkpoints while packages are imported (at most about 120 MB of log).
_IMPORT_CHECKPOINT_PAGES = 30_000


@contextlib.contextmanager
def fewer_checkpoints(db: Database) -> Iterator[None]:
    """Checkpoint the write-ahead log less often meanwhile (then as before).

    Each package is its own transaction, and with SQLite's default of 1 000 pages nearly every
    one of them was followed by a checkpoint copying its pages into the database file and
    syncing it; less often, a page changed by many packages is copied and synced once (with
    100 000 reviews this was most of an import's time). Durability is the same: a committed
    transaction is in the log either way. At the end the log is checkpointed and truncated here,
    in the importing thread, so that the next save (in the window: on the main thread) does not
    pay for copying a log of up to ~120 MB, and the log file does not stay that large.
    """
    previous = int(db.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
    db.execute(f"PRAGMA wal_autocheckpoint={max(previous, _IMPORT_CHECKPOINT_PAGES)}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA wal_autocheckpoint={previous}")
        # Best effort: with a reader still open the checkpoint is partial, which is harmless.
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def _chunks(items: Iterable[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == _CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _distinct_sorted(ids: Iterable[str]) -> list[str]:
    """The distinct ids, sorted (so that chunks, and the rows read by them, come in the same
    order every time).

    Sorted in small groups by their first two characters, in the groups' order, which gives the
    same order as one sort: a single sort of 100 000 ids is one call of some 60 ms that holds
    the interpreter lock, and the window would freeze meanwhile; between the groups' sorts other
    threads get their turn.
    """
    groups: dict[str, list[str]] = {}
    for record_id in set(ids):
        groups.setdefault(record_id[:2], []).append(record_id)
    return [record_id for prefix in sorted(groups) for record_id in sorted(groups[prefix])]


def _rows_in(
    db: Database, sql: str, ids: Iterable[str], tail: str = "", params: Sequence[Any] = ()
) -> list[dict[str, Any]]:
    """``sql`` + `` IN (…)`` over ``ids`` in chunks; ``sql`` ends with ``WHERE <column>``
    (after any ``?`` of its own, filled from ``params``)."""
    rows: list[dict[str, Any]] = []
    for batch in _chunks(_distinct_sorted(ids)):
        marks = ",".join("?" for _ in batch)
        rows.extend(dict(r) for r in db.query(f"{sql} IN ({marks}){tail}", [*params, *batch]))
    return rows


def _insert_rows(db: Database, table: str, columns: Sequence[str], rows: Iterable[Any]) -> None:
    """executemany INSERT of ``columns`` from each row (a sequence in column order)."""
    db.conn.executemany(
        f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
        rows,
    )


def _insert(
    db: Database, table: str, columns: Sequence[str], records: Iterable[dict[str, Any]]
) -> None:
    """executemany INSERT of ``columns`` taken from each record."""
    if len(columns) == 1:
        _insert_rows(db, table, columns, ((r[columns[0]],) for r in records))
    else:
        _insert_rows(db, table, columns, map(itemgetter(*columns), records))


# --------------------------------------------------------------------------- export side


def export_candidates(
    db: Database, entity: str, *, round_id: str | None = None, everything: bool = False
) -> dict[str, str]:
    """Ids and fingerprints of the records to export: changed since they were last exported
    (or imported), or every one with ``everything``; only one round's with ``round_id``."""
    fingerprint, table = _FINGERPRINTS[entity], _TABLES[entity]
    sql = (
        f"SELECT t.id, {fingerprint} AS fp FROM {table} t "
        "LEFT JOIN exchange_export_marks m ON m.entity = ? AND m.record_id = t.id "
        f"WHERE (? OR m.fingerprint IS NULL OR m.fingerprint != {fingerprint})"
    )
    params: list[Any] = [entity, 1 if everything else 0]
    if round_id is not None:
        sql += f" AND {_ROUND_COLUMN[entity]} = ?"
        params.append(round_id)
    return {str(i): str(fp) for i, fp in db.execute(sql, params).fetchall()}


def fingerprints(db: Database, entity: str, ids: Iterable[str]) -> dict[str, str]:
    """The current fingerprint of each record."""
    sql = f"SELECT t.id AS id, {_FINGERPRINTS[entity]} AS fp FROM {_TABLES[entity]} t WHERE t.id"
    return {r["id"]: r["fp"] for r in _rows_in(db, sql, ids)}


def mark_exported(db: Database, entity: str, marks: dict[str, str], package_id: str) -> None:
    """Remember each record's fingerprint as exported (or received) in ``package_id``."""
    db.conn.executemany(
        "INSERT INTO exchange_export_marks(entity, record_id, fingerprint, package_id) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(entity, record_id) DO UPDATE SET "
        "fingerprint = excluded.fingerprint, package_id = excluded.package_id",
        [(entity, record_id, fp, package_id) for record_id, fp in marks.items()],
    )


def mark_current(db: Database, entity: str, ids: Iterable[str], package_id: str) -> None:
    """Mark records as they are now: they came from the share, so need not go back to it.
    (As :func:`mark_exported` of their :func:`fingerprints`, in one statement per chunk.)"""
    fingerprint, table = _FINGERPRINTS[entity], _TABLES[entity]
    for batch in _chunks(_distinct_sorted(ids)):
        marks = ",".join("?" for _ in batch)
        db.conn.execute(
            "INSERT INTO exchange_export_marks(entity, record_id, fingerprint, package_id) "
            f"SELECT ?, t.id, {fingerprint}, ? FROM {table} t WHERE t.id IN ({marks}) "
            "ON CONFLICT(entity, record_id) DO UPDATE SET "
            "fingerprint = excluded.fingerprint, package_id = excluded.package_id",
            [entity, package_id, *batch],
        )


def read_rounds(db: Database, ids: Iterable[str]) -> list[dict[str, Any]]:
    """Round records with their template's key and version, and ``template_id`` (local)."""
    sql = (
        f"SELECT {', '.join(f'r.{c}' for c in _ROUND_COLUMNS)}, r.template_id, "
        "t.key AS template_key, t.version AS template_version "
        "FROM rounds r JOIN templates t ON t.id = r.template_id WHERE r.id"
    )
    return _rows_in(db, sql, ids, " ORDER BY r.id")


def _optional_flag(record: dict[str, Any], name: str) -> dict[str, Any]:
    if record.pop(name):
        record[name] = True
    return record


def read_cases(db: Database, ids: Iterable[str]) -> list[dict[str, Any]]:
    """Case records (with ``double_review: true`` only when the case is marked)."""
    sql = f"SELECT {', '.join(CASE_FIELDS)}, {CASE_FLAG} FROM cases WHERE id"
    rows = _rows_in(db, sql, ids, " ORDER BY round_id, reference")
    return [_optional_flag(row, CASE_FLAG) for row in rows]


def read_reviews(db: Database, ids: Iterable[str]) -> list[dict[str, Any]]:
    """Full review records: the review, its version vector and all its answers."""
    ids = list(ids)
    columns = ", ".join((*REVIEW_FIELDS, REVIEW_FLAG))
    reviews = [
        _optional_flag(row, REVIEW_FLAG)
        for row in _rows_in(db, f"SELECT {columns} FROM reviews WHERE id", ids)
    ]
    answers: dict[str, list[dict[str, Any]]] = {}
    sql = f"SELECT review_id, {', '.join(ANSWER_FIELDS)} FROM answers WHERE review_id"
    for row in _rows_in(db, sql, ids, " ORDER BY review_id, question_id"):
        review_id = row.pop("review_id")
        row["applies"] = bool(row["applies"])
        answers.setdefault(review_id, []).append(row)
    for review in reviews:
        review["version_vector"] = json.loads(review["version_vector"] or "{}")
        review["answers"] = answers.get(review["id"], [])
    return sorted(reviews, key=lambda r: r["id"])


def read_actions(db: Database, ids: Iterable[str]) -> list[dict[str, Any]]:
    """Action records."""
    sql = f"SELECT {', '.join(ACTION_FIELDS)} FROM actions WHERE id"
    return _rows_in(db, sql, ids, " ORDER BY id")


def read_template_bodies(db: Database, template_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The stored file-format dictionaries of these template versions."""
    rows = _rows_in(db, "SELECT key, version, body FROM templates WHERE id", template_ids)
    return [json.loads(r["body"]) for r in sorted(rows, key=lambda r: (r["key"], r["version"]))]


def record_export(db: Database, **fields: Any) -> None:
    """Remember one written package (package_id, file_name, created_at, round_id, everything,
    encrypted, counts)."""
    fields["counts"] = json.dumps(fields["counts"])
    fields["everything"], fields["encrypted"] = int(fields["everything"]), int(fields["encrypted"])
    _insert(db, "exchange_exports", tuple(fields), [fields])


def last_export(db: Database) -> dict[str, Any] | None:
    """The newest export of this database, or None."""
    rows = list(db.query("SELECT * FROM exchange_exports ORDER BY created_at DESC LIMIT 1"))
    return dict(rows[0]) if rows else None


# --------------------------------------------------------------------------- import side


def package_seen(db: Database, package_id: str, sha256: str) -> bool:
    """Whether this very package file (same id, same SHA-256) was imported before."""
    row = db.execute(
        "SELECT 1 FROM exchange_imports WHERE package_id = ? AND sha256 = ?", [package_id, sha256]
    ).fetchone()
    return row is not None


def record_import(db: Database, **fields: Any) -> None:
    """Remember an imported package (package_id, sha256, file_name, machine_id, reviewer,
    imported_at, outcome, counts)."""
    fields["counts"] = json.dumps(fields["counts"])
    _insert(db, "exchange_imports", tuple(fields), [fields])


def imported_package_with_sha256(db: Database, sha256: str) -> str | None:
    """The id of the package imported from a file with this SHA-256, or None."""
    row = db.execute(
        "SELECT package_id FROM exchange_imports WHERE sha256 = ?", [sha256]
    ).fetchone()
    return str(row[0]) if row else None


def templates_by_ref(
    db: Database, refs: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], dict[str, Any]]:
    """Stored templates by (key, version): ``id``, ``content_hash`` and ``body``."""
    found: dict[tuple[str, int], dict[str, Any]] = {}
    sql = "SELECT id, content_hash, body FROM templates WHERE key = ? AND version = ?"
    for key, version in set(refs):
        for row in db.query(sql, [key, version]):
            found[(key, version)] = {**row, "body": json.loads(row["body"])}
    return found


def rounds_by_id(db: Database, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Stored rounds: ``template_key``, ``template_version``, ``template_id``."""
    return {r["id"]: r for r in read_rounds(db, ids)}


def cases_by_id(db: Database, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Stored cases by id."""
    return {r["id"]: r for r in read_cases(db, ids)}


def case_ids_by_reference(
    db: Database, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """Stored case ids by (round id, reference), looked up by the UNIQUE index."""
    by_round: dict[str, set[str]] = {}
    for round_id, reference in keys:
        by_round.setdefault(round_id, set()).add(reference)
    found: dict[tuple[str, str], str] = {}
    for round_id, references in by_round.items():
        sql = "SELECT id, reference FROM cases WHERE round_id = ? AND reference"
        for row in _rows_in(db, sql, references, params=[round_id]):
            found[(round_id, row["reference"])] = row["id"]
    return found


def reviews_by_id(db: Database, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Stored reviews (without answers): round, case and version vector."""
    rows = _rows_in(db, "SELECT id, round_id, case_id, version_vector FROM reviews WHERE id", ids)
    for row in rows:
        row["version_vector"] = json.loads(row["version_vector"] or "{}")
    return {r["id"]: r for r in rows}


def actions_updated_at(db: Database, ids: Iterable[str]) -> dict[str, str]:
    """Stored actions' update times by id."""
    return {
        r["id"]: r["updated_at"]
        for r in _rows_in(db, "SELECT id, updated_at FROM actions WHERE id", ids)
    }


def insert_templates(db: Database, bodies: Sequence[dict[str, Any]]) -> list[Template]:
    """Store new template versions received in a package; returns them with their ids."""
    return [
        templates_repo.insert_template(db, template_from_dict(body), origin="package")
        for body in bodies
    ]


def insert_rounds(
    db: Database, records: Sequence[dict[str, Any]], template_ids: dict[tuple[str, int], str]
) -> None:
    """Insert new rounds, each with its local template id."""
    rows = [
        {**r, "template_id": template_ids[(r["template_key"], r["template_version"])]}
        for r in records
    ]
    _insert(db, "rounds", (*_ROUND_COLUMNS, "template_id"), rows)


def insert_cases(db: Database, records: Sequence[dict[str, Any]]) -> None:
    """Insert new cases."""
    rows = ({**r, CASE_FLAG: 1 if r.get(CASE_FLAG) else 0} for r in records)
    _insert(db, "cases", (*CASE_FIELDS, CASE_FLAG), rows)


def mark_double_review(db: Database, case_ids: Iterable[str]) -> None:
    """Mark known cases for double review (an incoming package had them marked)."""
    db.conn.executemany(
        f"UPDATE cases SET {CASE_FLAG} = 1 WHERE id = ?", [(case_id,) for case_id in case_ids]
    )


def _stored_review(record: dict[str, Any]) -> dict[str, Any]:
    return {
        **record,
        "version_vector": vector_text(record["version_vector"]),
        REVIEW_FLAG: 1 if record.get(REVIEW_FLAG) else 0,
    }


_ANSWER_ROW = itemgetter("question_id", "value", "number", "text", "comment")


def _insert_answers(db: Database, records: Sequence[dict[str, Any]]) -> None:
    rows = (
        (r["id"], *_ANSWER_ROW(a), 1 if a["applies"] else 0, a["answered_at"])
        for r in records
        for a in r["answers"]
    )
    _insert_rows(db, "answers", ("review_id", *ANSWER_FIELDS), rows)


def insert_reviews(db: Database, records: Sequence[dict[str, Any]]) -> None:
    """Insert new reviews with all their answers."""
    _insert(db, "reviews", (*REVIEW_FIELDS, REVIEW_FLAG), (_stored_review(r) for r in records))
    _insert_answers(db, records)


def replace_reviews(db: Database, records: Sequence[dict[str, Any]]) -> None:
    """Replace stored reviews and all their answers by these versions."""
    columns = (*REVIEW_FIELDS[1:], REVIEW_FLAG)
    db.conn.executemany(
        f"UPDATE reviews SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
        [(*(row[c] for c in columns), row["id"]) for row in map(_stored_review, records)],
    )
    db.conn.executemany("DELETE FROM answers WHERE review_id = ?", [(r["id"],) for r in records])
    _insert_answers(db, records)


def set_review_vector(db: Database, review_id: str, vector: dict[str, int], stamp: str) -> None:
    """Give a review a new version vector and update time."""
    db.execute(
        "UPDATE reviews SET version_vector = ?, updated_at = ? WHERE id = ?",
        [vector_text(vector), stamp, review_id],
    )


def upsert_actions(db: Database, records: Sequence[dict[str, Any]]) -> None:
    """Insert actions, or overwrite the stored ones with the same id (but not their round)."""
    updated = [c for c in ACTION_FIELDS if c not in ("id", "round_id", "created_at")]
    db.conn.executemany(
        f"INSERT INTO actions({', '.join(ACTION_FIELDS)}) "
        f"VALUES ({', '.join('?' for _ in ACTION_FIELDS)}) ON CONFLICT(id) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in updated),
        [tuple(r[c] for c in ACTION_FIELDS) for r in records],
    )


# --------------------------------------------------------------------------- conflicts


def pending_conflicts(db: Database, review_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Unresolved conflicts by review id, each with ``id`` and the incoming ``vector``."""
    sql = (
        "SELECT id, review_id, incoming_version FROM exchange_conflicts WHERE resolved_at "
        "IS NULL AND review_id"
    )
    found: dict[str, list[dict[str, Any]]] = {}
    for row in _rows_in(db, sql, review_ids, " ORDER BY created_at"):
        vector = json.loads(row["incoming_version"])["version_vector"]
        found.setdefault(row["review_id"], []).append({"id": row["id"], "vector": vector})
    return found


def add_conflict(db: Database, **fields: Any) -> None:
    """Store a conflict (id, review_id, package_id, local_version, incoming_version as
    dictionaries, created_at)."""
    for version in ("local_version", "incoming_version"):
        fields[version] = json.dumps(fields[version], ensure_ascii=False)
    _insert(db, "exchange_conflicts", tuple(fields), [fields])


def close_conflicts(db: Database, conflict_ids: Iterable[str], resolution: str, stamp: str) -> None:
    """Mark conflicts resolved (``local``, ``incoming`` or ``superseded``)."""
    db.conn.executemany(
        "UPDATE exchange_conflicts SET resolved_at = ?, resolution = ? WHERE id = ? "
        "AND resolved_at IS NULL",
        [(stamp, resolution, conflict_id) for conflict_id in conflict_ids],
    )


def _conflict(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    row["local_version"] = json.loads(row["local_version"])
    row["incoming_version"] = json.loads(row["incoming_version"])
    return row


def get_conflict(db: Database, conflict_id: str) -> dict[str, Any] | None:
    """One conflict with both versions as dictionaries, or None."""
    rows = list(db.query("SELECT * FROM exchange_conflicts WHERE id = ?", [conflict_id]))
    return _conflict(rows[0]) if rows else None


def list_conflicts(db: Database, include_resolved: bool = False) -> list[dict[str, Any]]:
    """Conflicts (unresolved only, unless asked) with case reference and round name."""
    sql = (
        "SELECT x.*, c.reference AS case_reference, o.name AS round_name, o.id AS round_id "
        "FROM exchange_conflicts x JOIN reviews r ON r.id = x.review_id "
        "JOIN cases c ON c.id = r.case_id JOIN rounds o ON o.id = r.round_id"
    )
    if not include_resolved:
        sql += " WHERE x.resolved_at IS NULL"
    return [_conflict(r) for r in db.query(sql + " ORDER BY x.created_at, x.id")]
