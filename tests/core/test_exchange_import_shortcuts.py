"""The import's shortcuts change no outcome: data.json exactly as kvaldesk writes it is parsed
without the duplicate-key hook (and still refused when a key is there twice), the personnummer
scan looks only at records that may hold one, checked and parsed templates are remembered by
their text (an edited template is checked again), and export marks are written by SQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import small_template_dict
from hypothesis import given
from hypothesis import strategies as st
from sqlite_utils import Database
from test_exchange_support import (
    ANSWERS_A,
    ANSWERS_B,
    PERSONNUMMER,
    coordinator_round,
    data_dump,
    logical_dump,
    make_db,
    read_members,
    repack,
    review,
    write_package,
)

from kvaldesk.exchange.package_format import PackageRejected
from kvaldesk.exchange.package_json import compact, encode_records
from kvaldesk.exchange.package_plan import _parsed_template
from kvaldesk.exchange.package_reader import parse_data_json, read_package_bytes
from kvaldesk.services import exchange
from kvaldesk.storage import exchange_repo
from kvaldesk.storage.database import open_database


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A reviewer's package (two complete reviews) as written, and its parts."""
    tmp_path = tmp_path_factory.mktemp("source")
    db = make_db(tmp_path / "source.db", "Åsa Öberg")
    round_id = coordinator_round(db, tmp_path, ("K-1", "K-2"))
    review(db, round_id, "K-1", ANSWERS_A, "Åsa Öberg")
    review(db, round_id, "K-2", ANSWERS_B, "Åsa Öberg")
    out = tmp_path / "out"
    out.mkdir()
    result = exchange.export_package(db, out)
    assert result.path is not None
    raw = result.path.read_bytes()
    manifest, data = read_members(raw)
    yield {"raw": raw, "manifest": manifest, "data": data, "path": result.path}
    db.close()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Database]:
    db = make_db(tmp_path / "target.db", "Kerstin Samordnare")
    yield db
    db.close()


def _compact_package(source: dict[str, Any], text: str) -> bytes:
    """A package whose data.json is ``text`` (checksums fixed)."""
    return repack(source["manifest"], None, data_bytes=text.encode("utf-8"))


def _import_one(db: Database, folder: Path, name: str, content: bytes) -> Any:
    (outcome,) = exchange.import_paths(db, [write_package(folder, name, content)])
    return outcome


def test_data_json_as_written_is_the_encoding_of_what_it_holds(source: dict[str, Any]) -> None:
    members = read_members(source["raw"])[1]
    encoded = encode_records(members)
    assert encoded is not None
    text = encoded.text()
    assert text == compact(members)
    value, again = parse_data_json(text.encode("utf-8"))
    assert value == members and again == encoded


def test_a_key_twice_in_compact_data_json_is_still_refused(
    source: dict[str, Any], target: Database, tmp_path: Path
) -> None:
    text = compact(source["data"])
    assert text.count('"reviewer":"Åsa Öberg"') == 2
    doubled = text.replace('"reviewer":"Åsa Öberg"', '"reviewer":"Åsa Öberg","reviewer":"Bo"', 1)
    with pytest.raises(PackageRejected, match="ett fält finns två gånger"):
        parse_data_json(doubled.encode("utf-8"))
    before = logical_dump(target)
    outcome = _import_one(target, tmp_path, "dubbel.kvdpkg", _compact_package(source, doubled))
    assert outcome.outcome == "rejected" and "två gånger" in outcome.reason
    assert logical_dump(target) == before


def test_data_json_written_another_way_imports_the_same(
    source: dict[str, Any], target: Database, tmp_path: Path
) -> None:
    spaced = json.dumps(source["data"], indent=1)  # not as kvaldesk writes it: strict parse
    value, _encoded = parse_data_json(spaced.encode("utf-8"))
    assert value == source["data"]
    outcome = _import_one(target, tmp_path, "luftig.kvdpkg", _compact_package(source, spaced))
    assert outcome.outcome == "imported", outcome
    other = make_db(tmp_path / "other.db", "Kerstin Samordnare")
    assert exchange.import_paths(other, [source["path"]])[0].outcome == "imported"
    assert data_dump(other) == data_dump(target)
    other.close()


@pytest.mark.parametrize(
    "hidden",
    [
        PERSONNUMMER,
        "121212+1212",
        "1212121212",
        # After an escaped quote, a UUID is part of a longer text, not an identifier.
        'x"0b9e3f4c-5d6e-4f70-8a1b-191212121212',
    ],
)
def test_a_personnummer_in_compact_data_json_is_refused(
    source: dict[str, Any], target: Database, tmp_path: Path, hidden: str
) -> None:
    data = json.loads(json.dumps(source["data"]))
    data["reviews"][0]["answers"][0]["comment"] = f"Samtal med {hidden} i akten."
    before = logical_dump(target)
    outcome = _import_one(target, tmp_path, "pnr.kvdpkg", _compact_package(source, compact(data)))
    assert outcome.outcome == "rejected" and "personnummer" in outcome.reason, outcome
    assert "1212-1212" not in outcome.reason
    assert logical_dump(target) == before


def test_an_edited_template_is_checked_again_after_the_same_key_passed(
    source: dict[str, Any], target: Database, tmp_path: Path
) -> None:
    assert read_package_bytes(source["raw"]).template_hashes  # remembered as checked
    data = json.loads(json.dumps(source["data"]))
    data["templates"][0]["title"] = "Ändrad titel – åäö"
    outcome = _import_one(target, tmp_path, "mall.kvdpkg", _compact_package(source, compact(data)))
    assert outcome.outcome == "rejected" and "kontrollsumman" in outcome.reason, outcome
    data["templates"][0] = small_template_dict()
    data["templates"][0]["questions"][1]["id"] = "Q1"  # two questions with one id
    outcome = _import_one(target, tmp_path, "mall2.kvdpkg", _compact_package(source, compact(data)))
    assert outcome.outcome == "rejected" and "Q1" in outcome.reason, outcome


def test_parsed_templates_are_remembered_by_their_text() -> None:
    first = _parsed_template(small_template_dict())
    assert _parsed_template(small_template_dict()) is first
    edited = small_template_dict()
    edited["questions"] = edited["questions"][:2]
    other = _parsed_template(edited)
    assert other is not first and len(other.questions) == 2
    assert _parsed_template(small_template_dict(version=2)).version == 2


def test_imported_records_are_marked_with_their_current_fingerprints(
    source: dict[str, Any], target: Database
) -> None:
    assert exchange.import_paths(target, [source["path"]])[0].outcome == "imported"
    for entity, table in (("round", "rounds"), ("case", "cases"), ("review", "reviews")):
        ids = [r[0] for r in target.execute(f"SELECT id FROM {table}").fetchall()]
        marks = dict(
            target.execute(
                "SELECT record_id, fingerprint FROM exchange_export_marks WHERE entity = ?",
                [entity],
            ).fetchall()
        )
        current = exchange_repo.fingerprints(target, entity, ids)
        received = {
            "round": {r["id"] for r in source["data"]["rounds"]},
            "case": {c["id"] for c in source["data"]["cases"]},
            "review": {r["id"] for r in source["data"]["reviews"]},
        }[entity]
        assert received and marks == {i: current[i] for i in received}


def test_checkpoints_are_as_before_after_an_import(source: dict[str, Any], tmp_path: Path) -> None:
    db = open_database(tmp_path / "t.db")
    default = db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    with exchange_repo.fewer_checkpoints(db):
        assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] > default
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == default
    exchange.import_paths(db, [tmp_path / "finns-inte.kvdpkg"])
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == default
    db.close()


def test_the_log_is_emptied_after_an_import(tmp_path: Path) -> None:
    db = open_database(tmp_path / "t.db")
    with exchange_repo.fewer_checkpoints(db):
        with db.conn:
            db.execute("CREATE TABLE filler (text TEXT)")
            db.conn.executemany(
                "INSERT INTO filler VALUES (?)", [("Ärende ö" * 50,) for _ in range(5000)]
            )
        assert (tmp_path / "t.db-wal").stat().st_size > 1_000_000
    assert (tmp_path / "t.db-wal").stat().st_size == 0
    db.close()


@given(st.lists(st.text(max_size=5)))
def test_ids_sorted_in_groups_come_in_the_order_of_one_sort(ids: list[str]) -> None:
    from kvaldesk.storage.exchange_repo import _distinct_sorted

    assert _distinct_sorted(ids) == sorted(set(ids))
