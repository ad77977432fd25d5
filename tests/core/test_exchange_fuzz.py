"""Property-based: flipped bytes and truncated packages never crash the importer and never
write part of a package. A damaged file is either refused with the database exactly as it
was (full logical dump), or (when the damage hit only bytes nothing depends on, such as a
zip timestamp) imported whole, with the same records as the undamaged file."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_exchange_support import (
    ANSWERS_A,
    ANSWERS_B,
    coordinator_round,
    data_dump,
    logical_dump,
    make_db,
    review,
)

from kvaldesk.services import exchange
from kvaldesk.storage.database import open_database

PASSPHRASE = "Teamets lösenfras – åäö"
_counter = itertools.count()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A valid package (plain and encrypted), an empty target database file, and what the
    target holds after importing the undamaged package."""
    base = tmp_path_factory.mktemp("fuzz")
    source = make_db(base / "source.db", "Åsa Öberg")
    round_id = coordinator_round(source, base, ("K-1", "K-2"))
    review(source, round_id, "K-1", ANSWERS_A, "Åsa Öberg")
    review(source, round_id, "K-2", ANSWERS_B, "Åsa Öberg")
    (base / "plain").mkdir()
    (base / "secret").mkdir()
    plain = exchange.export_package(source, base / "plain", everything=True).path
    secret = exchange.export_package(
        source, base / "secret", everything=True, passphrase=PASSPHRASE
    ).path
    source.close()
    assert plain is not None and secret is not None
    empty = make_db(base / "empty.db", "Kerstin Samordnare")
    pristine = logical_dump(empty)
    empty.close()  # the last connection checkpoints the WAL into the file
    check = _fresh(base / "empty.db", base)
    assert exchange.import_paths(check, [plain])[0].outcome == "imported"
    expected = data_dump(check)
    check.close()
    yield {
        "base": base,
        "empty": base / "empty.db",
        "pristine": pristine,
        "expected": expected,
        "plain": plain.read_bytes(),
        "secret": secret.read_bytes(),
    }


def _fresh(empty: Path, base: Path) -> Any:
    copy = base / f"target-{next(_counter)}.db"
    shutil.copyfile(empty, copy)
    return open_database(copy)


def _import_damaged(corpus: dict[str, Any], content: bytes, passphrase: str | None) -> None:
    base = corpus["base"]
    db = _fresh(corpus["empty"], base)
    try:
        path = base / f"damaged-{next(_counter)}.kvdpkg"
        path.write_bytes(content)
        (outcome,) = exchange.import_paths(db, [path], passphrase=passphrase)
        assert outcome.outcome in ("rejected", "imported"), outcome
        assert "oväntat fel" not in outcome.reason, outcome.reason
        if outcome.outcome == "rejected":
            assert outcome.reason and "\n" not in outcome.reason
            assert logical_dump(db) == corpus["pristine"]
        else:
            assert data_dump(db) == corpus["expected"]
    finally:
        db.close()


def _flip(content: bytes, flips: list[tuple[int, int]]) -> bytes:
    damaged = bytearray(content)
    for position, mask in flips:
        damaged[position % len(damaged)] ^= mask
    return bytes(damaged)


FLIPS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 255)), min_size=1, max_size=6)
#: Flips at distinct positions (each mask is non-zero), for tests that need a changed file.
DISTINCT_FLIPS = st.lists(
    st.tuples(st.integers(0, 10**6), st.integers(1, 255)),
    min_size=1,
    max_size=6,
    unique_by=lambda flip: flip[0],
)


def _flip_each_once(content: bytes, flips: list[tuple[int, int]]) -> bytes:
    """``content`` with each flip applied to its own byte: positions that meet modulo the
    length are flipped only by the first, so no byte is flipped back to what it was."""
    by_position: dict[int, int] = {}
    for position, mask in flips:
        by_position.setdefault(position % len(content), mask)
    return _flip(content, list(by_position.items()))


FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@settings(FUZZ, max_examples=80)
@given(flips=FLIPS)
def test_flipped_bytes_never_crash_or_write_half(
    corpus: dict[str, Any], flips: list[tuple[int, int]]
) -> None:
    _import_damaged(corpus, _flip(corpus["plain"], flips), None)


@settings(FUZZ, max_examples=50)
@given(keep=st.integers(0, 10**6))
def test_truncated_packages_never_crash_or_write_half(corpus: dict[str, Any], keep: int) -> None:
    _import_damaged(corpus, corpus["plain"][: keep % len(corpus["plain"])], None)


@settings(FUZZ, max_examples=30)
@given(start=st.integers(0, 10**6), length=st.integers(1, 200))
def test_cut_out_bytes_never_crash_or_write_half(
    corpus: dict[str, Any], start: int, length: int
) -> None:
    plain = corpus["plain"]
    start %= len(plain)
    _import_damaged(corpus, plain[:start] + plain[start + length :], None)


@settings(FUZZ, max_examples=12)
@given(flips=DISTINCT_FLIPS)
def test_any_change_to_an_encrypted_package_is_refused(
    corpus: dict[str, Any], flips: list[tuple[int, int]]
) -> None:
    base = corpus["base"]
    db = _fresh(corpus["empty"], base)
    try:
        path = base / f"damaged-{next(_counter)}.kvdpkg"
        damaged = _flip_each_once(corpus["secret"], flips)
        assert damaged != corpus["secret"]
        path.write_bytes(damaged)
        (outcome,) = exchange.import_paths(db, [path], passphrase=PASSPHRASE)
        assert outcome.outcome == "rejected", outcome
        assert logical_dump(db) == corpus["pristine"]
    finally:
        db.close()
