"""The team passphrase: an AES-256-GCM container with a scrypt key, as documented."""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlite_utils import Database
from test_exchange_support import ANSWERS_A, coordinator_round, logical_dump, make_db, review

from kvaldesk.services import exchange

PASSPHRASE = "Vår gemensamma lösenfras"


@pytest.fixture
def packages(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """One review exported twice: encrypted and not."""
    db = make_db(tmp_path / "reviewer.db", "Åsa Öberg")
    round_id = coordinator_round(db, tmp_path, ("K-1",))
    review(db, round_id, "K-1", ANSWERS_A, "Åsa Öberg")
    (tmp_path / "secret").mkdir()
    (tmp_path / "plain").mkdir()
    secret = exchange.export_package(db, tmp_path / "secret", passphrase=PASSPHRASE)
    plain = exchange.export_package(db, tmp_path / "plain", everything=True)
    db.close()
    assert secret.path is not None and plain.path is not None and secret.encrypted
    yield {"secret": secret.path, "plain": plain.path, "tmp": tmp_path}


@pytest.fixture
def coordinator(tmp_path: Path) -> Iterator[Database]:
    """An empty coordinator database."""
    db = make_db(tmp_path / "coordinator.db", "Kerstin Samordnare")
    yield db
    db.close()


def test_the_container_is_as_documented(packages: dict[str, Any]) -> None:
    data = packages["secret"].read_bytes()
    assert re.match(
        r"^kvaldesk-asa-oberg-\d{8}-\d{4}-[0-9a-f]{8}\.kvdpkg$", packages["secret"].name
    )
    assert data[:8] == b"KVDENC1\n"
    salt, nonce, body = data[8:24], data[24:36], data[36:]
    key = hashlib.scrypt(
        unicodedata.normalize("NFC", PASSPHRASE).encode("utf-8"),
        salt=salt, n=2**15, r=8, p=1, dklen=32, maxmem=64 * 2**20,
    )  # fmt: skip
    plain = AESGCM(key).decrypt(nonce, body, data[:36])
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        assert json.loads(zf.read("manifest.json"))["format"] == "kvaldesk-package"
    assert b"K-1" not in data and "Åsa".encode() not in data  # nothing readable on the share


def test_the_right_passphrase_imports(packages: dict[str, Any], coordinator: Database) -> None:
    decomposed = unicodedata.normalize("NFD", PASSPHRASE)  # typed on another keyboard
    (outcome,) = exchange.import_paths(coordinator, [packages["secret"]], passphrase=decomposed)
    assert outcome.outcome == "imported" and outcome.counts["reviews_inserted"] == 1


@pytest.mark.parametrize(
    ("damage", "passphrase", "reason"),
    [
        ("none", None, "paketet är krypterat: ange teamets lösenfras"),
        ("none", "fel lösenfras", "fel lösenfras eller ändrad fil"),
        ("flip body", PASSPHRASE, "fel lösenfras eller ändrad fil"),
        ("flip salt", PASSPHRASE, "fel lösenfras eller ändrad fil"),
        ("flip tag", PASSPHRASE, "fel lösenfras eller ändrad fil"),
        ("truncate", PASSPHRASE, "fel lösenfras eller ändrad fil"),
        ("header only", PASSPHRASE, "fel lösenfras eller ändrad fil"),
    ],
)
def test_wrong_passphrase_or_modified_package_is_refused(
    packages: dict[str, Any], coordinator: Database, damage: str, passphrase: str | None,
    reason: str,
) -> None:  # fmt: skip
    data = bytearray(packages["secret"].read_bytes())
    if damage == "flip body":
        data[100] ^= 0x01
    elif damage == "flip salt":
        data[10] ^= 0x80
    elif damage == "flip tag":
        data[-1] ^= 0x01
    elif damage == "truncate":
        del data[-200:]
    elif damage == "header only":
        del data[40:]
    path = packages["tmp"] / "damaged.kvdpkg"
    path.write_bytes(bytes(data))
    before = logical_dump(coordinator)
    (outcome,) = exchange.import_paths(coordinator, [path], passphrase=passphrase)
    assert outcome.outcome == "rejected" and reason in outcome.reason
    assert logical_dump(coordinator) == before


def test_unencrypted_packages_without_a_passphrase(
    packages: dict[str, Any], coordinator: Database
) -> None:
    (plain,) = exchange.import_paths(coordinator, [packages["plain"]])
    assert plain.outcome == "imported"


def test_with_a_passphrase_an_unencrypted_package_is_refused(
    packages: dict[str, Any], coordinator: Database
) -> None:
    """With a team passphrase set, only packages made with it count as the team's."""
    (outcome,) = exchange.import_paths(coordinator, [packages["plain"]], passphrase=PASSPHRASE)
    assert outcome.outcome == "rejected" and "inte krypterat" in outcome.reason
