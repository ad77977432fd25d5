"""Hostile and broken package files: each is refused with a clear Swedish reason, the database
does not change at all (a full logical dump before and after), and the other files in the
folder still import."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import struct
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database
from test_exchange_support import (
    ANSWERS_A,
    ANSWERS_B,
    PERSONNUMMER,
    coordinator_round,
    logical_dump,
    make_db,
    read_members,
    repack,
    review,
    write_package,
    zip_bytes,
)

from kvaldesk.exchange.package_format import Limits, PackageRejected
from kvaldesk.exchange.package_reader import read_package, read_package_bytes
from kvaldesk.services import exchange

MASKED = "191212XX-XXXX"
Tamper = Callable[[dict[str, Any], dict[str, Any]], bytes]


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A reviewer's valid package (template, round, cases, two reviews) and its parts."""
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
    yield {"raw": raw, "manifest": manifest, "data": data, "round": round_id}
    db.close()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Database]:
    """The coordinator's database the hostile files are imported into."""
    db = make_db(tmp_path / "target.db", "Kerstin Samordnare")
    yield db
    db.close()


def _refused(db: Database, folder: Path, name: str, content: bytes, *needles: str) -> str:
    """Import one file: it must be rejected, naming every needle, and change nothing."""
    path = write_package(folder, name, content)
    before = logical_dump(db)
    (outcome,) = exchange.import_paths(db, [path])
    assert outcome.outcome == "rejected", outcome
    assert "\n" not in outcome.reason and "oväntat fel" not in outcome.reason
    for needle in needles:
        assert needle.casefold() in outcome.reason.casefold(), (needle, outcome.reason)
    assert logical_dump(db) == before
    return outcome.reason


def _with(data: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    change(changed)
    return changed


def _set_answer(field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(d: dict[str, Any]) -> None:
        d["reviews"][0]["answers"][0][field] = value

    return change


CASES: dict[str, tuple[Callable[[dict[str, Any]], bytes], tuple[str, ...]]] = {
    "not a zip": (lambda s: b"Detta ar ingen zip-fil\n" * 20, ("trasig",)),
    "empty": (lambda s: b"", ("trasig",)),
    "truncated": (lambda s: s["raw"][: len(s["raw"]) // 2], ("trasig eller ofullständig",)),
    "truncated end": (lambda s: s["raw"][:-10], ("trasig",)),
    "checksum mismatch": (
        lambda s: repack(s["manifest"], {**s["data"], "actions": []}, fix_checksums=False,
                         data_bytes=json.dumps(s["data"]).encode() + b" "),
        ("kontrollsumma", "data.json"),
    ),
    "missing data member": (
        lambda s: zip_bytes({"manifest.json": json.dumps(s["manifest"]).encode()}),
        ("saknar data.json",),
    ),
    "missing manifest": (
        lambda s: zip_bytes({"data.json": json.dumps(s["data"]).encode()}),
        ("saknar manifest.json",),
    ),
    "extra member": (
        lambda s: repack(s["manifest"], s["data"], extra={"readme.txt": b"hej"}),
        ("okänd fil", "readme.txt"),
    ),
    "extra member in manifest": (lambda s: _listed_extra_member(s), ("manifest", "members")),
    "unknown format": (
        lambda s: repack({**s["manifest"], "format": "annat-program"}, s["data"]),
        ("okänt format",),
    ),
    "newer format": (
        lambda s: repack({**s["manifest"], "format_version": 2, "min_app_version": "3.1.0"},
                         s["data"]),
        ("formatversion 2", "kräver kvaldesk 3.1.0 eller senare"),
    ),
    "newer format without version": (
        lambda s: repack({**s["manifest"], "format_version": 7, "min_app_version": None},
                         s["data"]),
        ("nyare kvaldesk",),
    ),
    "manifest schema": (
        lambda s: repack({**s["manifest"], "package_id": "inte-ett-uuid"}, s["data"]),
        ("manifest.json", "package_id"),
    ),
    "review schema": (
        lambda s: repack(s["manifest"], _with(s["data"], lambda d: d["reviews"][0].update(
            status="klar"))),
        ("data.json stämmer inte", "granskning", "status"),
    ),
    "missing field": (
        lambda s: repack(s["manifest"], _with(s["data"], lambda d: d["cases"][0].pop(
            "reference"))),
        ("ärende", '"reference"'),
    ),
    "unknown field": (
        lambda s: repack(s["manifest"], _with(s["data"], lambda d: d["rounds"][0].update(
            hemligt="x"))),
        ("omgång", "okända fält"),
    ),
    "slash in name": (
        lambda s: zip_bytes({"manifest.json": b"{}", "sub/data.json": b"{}"}),
        ("otillåtet filnamn", "sub/data.json"),
    ),
    "backslash in name": (
        lambda s: zip_bytes({"manifest.json": b"{}", "..\\data.json": b"{}"}),
        ("otillåtet filnamn",),
    ),
    "dot dot": (
        lambda s: zip_bytes({"manifest.json": b"{}", "..data.json": b"{}"}),
        ("otillåtet filnamn",),
    ),
    "absolute path": (
        lambda s: zip_bytes({"manifest.json": b"{}", "/etc/passwd": b"root"}),
        ("otillåtet filnamn",),
    ),
    "drive letter": (
        lambda s: zip_bytes({"manifest.json": b"{}", "C:data.json": b"{}"}),
        ("otillåtet filnamn",),
    ),
    "too many members": (
        lambda s: zip_bytes({f"m{i}.json": b"{}" for i in range(20)}),
        ("för många filer",),
    ),
    "zip bomb by ratio": (
        lambda s: zip_bytes({"manifest.json": b"{}", "data.json": b"\0" * (8 * 2**20)}),
        ("zip-bomb",),
    ),
    "member over the size limit": (
        lambda s: zip_bytes({"manifest.json": b" " * (200 * 1024)}),
        ("manifest.json", "för stor"),
    ),
    "bzip2 member": (
        lambda s: zip_bytes({"manifest.json": b"{}", "data.json": b"{}"}, zipfile.ZIP_BZIP2),
        ("komprimering",),
    ),
    "duplicate review id": (
        lambda s: repack(s["manifest"], _with(s["data"], lambda d: d["reviews"].append(
            copy.deepcopy(d["reviews"][0])))),
        ("granskning", "två gånger"),
    ),
    "duplicate case reference": (
        lambda s: repack(s["manifest"], _with(s["data"], lambda d: d["cases"][1].update(
            reference=d["cases"][0]["reference"]))),
        ("K-1", "två gånger"),
    ),
    "duplicate answer": (
        lambda s: repack(s["manifest"], _with(s["data"], lambda d: d["reviews"][0][
            "answers"].append(copy.deepcopy(d["reviews"][0]["answers"][0])))),
        ("två svar på fråga",),
    ),
    "duplicate zip member": (
        lambda s: _duplicate_member(s),
        ("två gånger",),
    ),
    "personnummer in a comment": (
        lambda s: repack(s["manifest"], _with(s["data"], _set_answer(
            "comment", f"Barnets pnr {PERSONNUMMER} framgår"))),
        ("personnummer", MASKED, "granskning", "kommentar"),
    ),
    "personnummer as case reference": (
        lambda s: repack(s["manifest"], _with(s["data"], lambda d: d["cases"][0].update(
            reference="191212121212"))),
        ("personnummer", MASKED, "ärendereferens"),
    ),
    "samordningsnummer in an action": (
        lambda s: repack(s["manifest"], _with(s["data"], lambda d: d["actions"].append({
            "id": "0b7f5a7e-7c55-4f4b-9a8e-5d0c4c1b2a10", "round_id": d["rounds"][0]["id"],
            "question_id": None, "review_id": None, "text": "Ring 701063-2391 om detta",
            "owner": "", "due_date": None, "status": "planned",
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}))),
        ("personnummer", "701063-XXXX", "åtgärd"),
    ),
    "personnummer as reviewer in the manifest": (
        lambda s: repack({**s["manifest"], "reviewer": PERSONNUMMER}, s["data"]),
        ("manifest.json", "personnummer", MASKED),
    ),
    "personnummer as a key": (
        lambda s: repack(s["manifest"], _with(s["data"], lambda d: d["reviews"][0][
            "version_vector"].update({"191212121212": 1}))),
        ("personnummer", MASKED),
    ),
    "unknown case": (
        lambda s: repack(s["manifest"], _with(s["data"], lambda d: d.update(cases=[]))),
        ("ärende", "varken finns i paketet eller här"),
    ),
    "unknown round": (
        lambda s: repack(s["manifest"], _with(s["data"], lambda d: d.update(rounds=[]))),
        ("omgång", "varken finns i paketet eller här"),
    ),
    "unknown template": (
        lambda s: repack(s["manifest"], _with(s["data"], lambda d: d.update(templates=[]))),
        ("mallen testmall version 1", "varken finns i paketet eller här"),
    ),
    "unknown review of an action": (
        lambda s: repack(s["manifest"], _with(s["data"], lambda d: d["actions"].append({
            "id": "0b7f5a7e-7c55-4f4b-9a8e-5d0c4c1b2a10", "round_id": d["rounds"][0]["id"],
            "question_id": "Q1", "review_id": "1b7f5a7e-7c55-4f4b-9a8e-5d0c4c1b2a10",
            "text": "Följ upp", "owner": "", "due_date": None, "status": "planned",
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}))),
        ("åtgärd", "granskning 1b7f5a7e"),
    ),
    "answer to a question the template lacks": (
        lambda s: repack(s["manifest"], _with(s["data"], _set_answer("question_id", "Q99"))),
        ("fråga Q99", "saknar"),
    ),
    "answer value that is no option": (
        lambda s: repack(s["manifest"], _with(s["data"], _set_answer("value", "kanske"))),
        ("inget av frågans alternativ",),
    ),
    "template changed after hashing": (
        lambda s: repack(s["manifest"], _with(s["data"], lambda d: d["templates"][0].update(
            title="Ändrad titel"))),
        ("mall testmall version 1", "kontrollsumman"),
    ),
    "NaN": (
        lambda s: repack(s["manifest"], None, data_bytes=json.dumps(_with(
            s["data"], _set_answer("number", 1.5))).replace("1.5", "NaN").encode()),
        ("inte giltig JSON",),
    ),
    "duplicate JSON key": (
        lambda s: repack(s["manifest"], None, data_bytes=b'{"templates": [], "templates": []}'),
        ("ett fält finns två gånger",),
    ),
    "byte order mark": (
        lambda s: repack(s["manifest"], None, data_bytes=b"\xef\xbb\xbf" + json.dumps(
            s["data"]).encode()),
        ("inte giltig JSON",),
    ),
    "not UTF-8": (
        lambda s: repack(s["manifest"], None, data_bytes=b'{"templates": "\xff"}'),
        ("UTF-8",),
    ),
    "deep nesting": (
        lambda s: repack(s["manifest"], None, data_bytes=b"[" * 100_000 + b"]" * 100_000),
        ("nästlad",),
    ),
    "huge number": (
        lambda s: repack(s["manifest"], None, data_bytes=json.dumps(_with(
            s["data"], _set_answer("number", 1.5))).replace("1.5", "1e999").encode()),
        ("inte giltig JSON",),
    ),
    "data is a list": (
        lambda s: repack(s["manifest"], [1, 2, 3]),
        ("data.json stämmer inte",),
    ),
}  # fmt: skip


def _duplicate_member(s: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as zf:
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        zf.writestr("manifest.json", json.dumps(s["manifest"]))
        zf.writestr("data.json", json.dumps(s["data"]))
        zf.writestr("data.json", json.dumps(s["data"]))
    return buffer.getvalue()


def _listed_extra_member(s: dict[str, Any]) -> bytes:
    manifest = copy.deepcopy(s["manifest"])
    manifest["members"]["x.json"] = {"sha256": hashlib.sha256(b"{}").hexdigest(), "size": 2}
    body = json.dumps(s["data"]).encode()
    manifest["members"]["data.json"] = {
        "sha256": hashlib.sha256(body).hexdigest(),
        "size": len(body),
    }
    return zip_bytes(
        {"manifest.json": json.dumps(manifest).encode(), "data.json": body, "x.json": b"{}"}
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_is_refused_and_changes_nothing(
    case: str, source: dict[str, Any], target: Database, tmp_path: Path
) -> None:
    make, needles = CASES[case]
    reason = _refused(
        target,
        tmp_path / "share",
        "kvaldesk-x-20260101-0000-00000000.kvdpkg",
        make(source),
        *needles,
    )
    assert PERSONNUMMER not in reason and "1212-1212" not in reason
    assert "191212121212" not in reason and "701063-2391" not in reason


def test_every_other_file_still_imports(
    source: dict[str, Any], target: Database, tmp_path: Path
) -> None:
    share = tmp_path / "share"
    for index, case in enumerate(sorted(CASES)):
        write_package(share, f"{index:02d}-hostile.kvdpkg", CASES[case][0](source))
    write_package(share, "99-valid.kvdpkg", source["raw"])
    outcomes = exchange.import_paths(target, [share])
    assert len(outcomes) == len(CASES) + 1
    assert [o.outcome for o in outcomes[:-1]] == ["rejected"] * len(CASES)
    assert outcomes[-1].outcome == "imported"
    assert outcomes[-1].counts["reviews_inserted"] == 2
    again = exchange.import_paths(target, [share])
    assert again[-1].outcome == "already_imported"
    # Files that only lacked a referenced record import now that the valid one brought it.
    needs_reference = {"unknown case", "unknown round", "unknown template"}
    for case, outcome in zip(sorted(CASES), again, strict=False):
        expected = {"imported"} if case in needs_reference else {"rejected"}
        assert outcome.outcome in expected, (case, outcome)


def test_a_header_that_lies_about_the_size_does_not_help(source: dict[str, Any]) -> None:
    """The central directory says data.json is small; it inflates to much more."""
    raw = bytearray(
        zip_bytes(
            {
                "manifest.json": json.dumps(source["manifest"]).encode(),
                "data.json": b"[" + b" " * (4 * 2**20) + b"]",
            }
        )
    )
    # Rewrite data.json's uncompressed size in its central directory entry (offset 24).
    entry = raw.rfind(b"PK\x01\x02")
    struct.pack_into("<I", raw, entry + 24, 1000)
    with pytest.raises(PackageRejected, match=r"kontrollsumma|ofullständig|större|trasig"):
        read_package_bytes(bytes(raw))


def test_limits_are_checked_on_headers_before_extracting(source: dict[str, Any]) -> None:
    small = Limits(max_member_bytes=1000, max_total_bytes=10**9, ratio_floor_bytes=10**9)
    with pytest.raises(PackageRejected, match=r"data\.json.*för stor"):
        read_package_bytes(source["raw"], limits=small)
    total = Limits(max_total_bytes=1000)
    with pytest.raises(PackageRejected, match="för stort packat upp"):
        read_package_bytes(source["raw"], limits=total)


def test_the_file_size_is_limited_while_reading(source: dict[str, Any], tmp_path: Path) -> None:
    path = write_package(tmp_path, "stor.kvdpkg", source["raw"])
    with pytest.raises(PackageRejected, match="för stor"):
        read_package(path, limits=Limits(max_file_bytes=100))
    assert read_package(path).package_id == source["manifest"]["package_id"]
