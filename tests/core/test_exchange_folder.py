"""A shared folder that misbehaves: unreachable, read-only, full; files that vanish while they
are read; packages still being written. Nothing is lost and nothing is half-written."""

from __future__ import annotations

import builtins
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database
from test_exchange_support import ANSWERS_A, ANSWERS_B, coordinator_round, make_db, review

from kvaldesk.exchange import atomic, package_reader
from kvaldesk.exchange.atomic import TEMP_PREFIX
from kvaldesk.progress import Cancelled
from kvaldesk.services import exchange


@pytest.fixture
def reviewer(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A reviewer database with two complete reviews not yet exported."""
    db = make_db(tmp_path / "reviewer.db", "Åsa Öberg")
    round_id = coordinator_round(db, tmp_path, ("K-1", "K-2"))
    review(db, round_id, "K-1", ANSWERS_A, "Åsa Öberg")
    review(db, round_id, "K-2", ANSWERS_B, "Åsa Öberg")
    share = tmp_path / "share"
    share.mkdir()
    yield {"db": db, "share": share, "round": round_id}
    db.close()


def _exports(db: Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM exchange_exports").fetchone()[0])


def _retry_exports_everything(db: Database, share: Path) -> None:
    """Nothing was lost: the next export still holds both reviews."""
    result = exchange.export_package(db, share)
    assert result.path is not None and result.counts["reviews"] == 2
    assert [p.name for p in share.iterdir()] == [result.path.name]


def test_unreachable_folder(reviewer: dict[str, Any], tmp_path: Path) -> None:
    db = reviewer["db"]
    missing = tmp_path / "server" / "delad"
    with pytest.raises(exchange.ExchangeFolderError, match="kan inte nås") as caught:
        exchange.export_package(db, missing)
    assert "Inget har gått förlorat" in str(caught.value)
    assert _exports(db) == 0 and not missing.exists()  # never created in its place
    _retry_exports_everything(db, reviewer["share"])


def test_folder_that_vanishes_while_writing(
    reviewer: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = builtins.open

    def gone(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "x" in mode:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(path))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(atomic, "open", gone, raising=False)
    with pytest.raises(exchange.ExchangeFolderError, match="kan inte nås"):
        exchange.export_package(reviewer["db"], reviewer["share"])
    monkeypatch.undo()
    _retry_exports_everything(reviewer["db"], reviewer["share"])


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file modes")
def test_read_only_folder_by_file_mode(reviewer: dict[str, Any]) -> None:
    share = reviewer["share"]
    share.chmod(0o555)
    try:
        with pytest.raises(exchange.ExchangeFolderError, match="är skrivskyddad"):
            exchange.export_package(reviewer["db"], share)
    finally:
        share.chmod(0o755)
    _retry_exports_everything(reviewer["db"], share)


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS])
def test_read_only_share(
    reviewer: dict[str, Any], monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """As a Windows share answers a user without write permission (or a read-only mount)."""
    real_open = builtins.open

    def refuse(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "x" in mode or "w" in mode:
            if code == errno.EACCES:
                raise PermissionError(code, os.strerror(code), str(path))
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(atomic, "open", refuse, raising=False)
    with pytest.raises(exchange.ExchangeFolderError, match="är skrivskyddad") as caught:
        exchange.export_package(reviewer["db"], reviewer["share"])
    assert "Inget har gått förlorat" in str(caught.value)
    assert _exports(reviewer["db"]) == 0
    monkeypatch.undo()
    _retry_exports_everything(reviewer["db"], reviewer["share"])


@pytest.mark.parametrize("where", ["write", "fsync"])
def test_disk_full(reviewer: dict[str, Any], monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """ENOSPC half-way through the write, or at fsync (as network shares often report it)."""
    real_open = builtins.open

    class HalfWriter:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> HalfWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.handle, name)

    def half_open(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(path, mode, *args, **kwargs)
        return HalfWriter(handle) if "x" in mode else handle

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if where == "write":
        monkeypatch.setattr(atomic, "open", half_open, raising=False)
    else:
        monkeypatch.setattr(atomic.os, "fsync", no_space)
    with pytest.raises(exchange.ExchangeFolderError, match="är full") as caught:
        exchange.export_package(reviewer["db"], reviewer["share"])
    assert "Försök igen" in str(caught.value)
    assert list(reviewer["share"].iterdir()) == []  # no temporary file left behind
    assert _exports(reviewer["db"]) == 0
    monkeypatch.undo()
    _retry_exports_everything(reviewer["db"], reviewer["share"])


def _three_packages(reviewer: dict[str, Any], tmp_path: Path) -> tuple[Database, list[Path]]:
    db, share = reviewer["db"], reviewer["share"]
    first = exchange.export_package(db, share).path
    review(db, reviewer["round"], "K-3", ANSWERS_A, "Åsa Öberg")
    second = exchange.export_package(db, share).path
    review(db, reviewer["round"], "K-4", ANSWERS_B, "Åsa Öberg")
    third = exchange.export_package(db, share).path
    assert first and second and third
    return make_db(tmp_path / "coordinator.db", "Kerstin Samordnare"), sorted(
        [first, second, third]
    )


def test_a_file_removed_just_before_it_is_read(reviewer: dict[str, Any], tmp_path: Path) -> None:
    coordinator, _ = _three_packages(reviewer, tmp_path)

    class RemovesTheNextFile:
        def report(self, done: int, total: int, text: str = "") -> None:
            if done == 1:
                (reviewer["share"] / text).unlink()  # someone tidies the share right now

        def is_cancelled(self) -> bool:
            return False

    outcomes = exchange.import_paths(
        coordinator, [reviewer["share"]], progress=RemovesTheNextFile()
    )
    assert [o.outcome for o in outcomes] == ["imported", "rejected", "imported"]
    assert "försvann" in outcomes[1].reason
    coordinator.close()


def test_a_file_removed_while_it_is_read(
    reviewer: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coordinator, files = _three_packages(reviewer, tmp_path)
    real_open = builtins.open

    class Vanishing:
        def __init__(self, handle: Any) -> None:
            self.handle, self.calls = handle, 0

        def __enter__(self) -> Vanishing:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def read(self, size: int = -1) -> bytes:
            self.calls += 1
            if self.calls > 1:
                raise FileNotFoundError(errno.ENOENT, "No such file or directory")
            return bytes(self.handle.read(100))

    def flaky(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(path, mode, *args, **kwargs)
        return Vanishing(handle) if Path(path) == files[1] else handle

    monkeypatch.setattr(package_reader, "open", flaky, raising=False)
    outcomes = exchange.import_paths(coordinator, files)
    assert [o.outcome for o in outcomes] == ["imported", "rejected", "imported"]
    assert "försvann medan den lästes" in outcomes[1].reason
    monkeypatch.undo()
    assert exchange.import_paths(coordinator, [files[1]])[0].outcome == "imported"
    coordinator.close()


def test_packages_being_written_are_skipped_and_nothing_is_moved(
    reviewer: dict[str, Any], tmp_path: Path
) -> None:
    db, share = reviewer["db"], reviewer["share"]
    done = exchange.export_package(db, share).path
    assert done is not None
    half = share / f"{TEMP_PREFIX}0123456789ab-kvaldesk-bo-20260101-0000-abcdef01.kvdpkg"
    half.write_bytes(done.read_bytes()[:100])
    (share / "._kvaldesk-asa-20260101-0000-12345678.kvdpkg").write_bytes(b"\0\5\26\7")
    (share / "anteckningar.txt").write_text("inte ett paket", encoding="utf-8")
    listing = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in share.iterdir()}
    coordinator = make_db(tmp_path / "coordinator.db", "Kerstin Samordnare")
    outcomes = exchange.import_paths(coordinator, [share])
    assert [(Path(o.file).name, o.outcome) for o in outcomes] == [(done.name, "imported")]
    named = exchange.import_paths(coordinator, [half])
    assert named[0].outcome == "skipped" and "skrivs fortfarande" in named[0].reason
    assert {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in share.iterdir()} == listing
    missing = exchange.import_paths(coordinator, [tmp_path / "finns-inte"])
    assert missing[0].outcome == "rejected" and "finns inte" in missing[0].reason
    coordinator.close()


def test_import_can_be_cancelled_between_files(reviewer: dict[str, Any], tmp_path: Path) -> None:
    coordinator, files = _three_packages(reviewer, tmp_path)
    seen: list[str] = []

    class StopAfterOne:
        def report(self, done: int, total: int, text: str = "") -> None:
            seen.append(text)

        def is_cancelled(self) -> bool:
            return len(seen) >= 1

    with pytest.raises(Cancelled):
        exchange.import_paths(coordinator, files, progress=StopAfterOne())
    imported = coordinator.execute("SELECT COUNT(*) FROM exchange_imports").fetchone()[0]
    assert imported == 1  # the file before the cancel stays imported, whole
    coordinator.close()
