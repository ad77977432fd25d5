"""Build a package's bytes (zip, optionally encrypted) and write it atomically to a folder."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from kvaldesk.exchange import package_crypto
from kvaldesk.exchange.atomic import write_bytes_atomic
from kvaldesk.exchange.package_checks import check_data, check_personal_numbers
from kvaldesk.exchange.package_format import (
    DATA_NAME,
    MANIFEST_NAME,
    PackageRejected,
    build_manifest,
)
from kvaldesk.exchange.package_json import EncodedData, compact, encode_records
from kvaldesk.exchange.package_schema import manifest_problem

_ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # members carry no meaningful time; created_at is in the manifest


def _member(name: str, body: bytes) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info, body


def encode_json(value: Any, encoded: EncodedData | None = None) -> bytes:
    """Compact UTF-8 JSON as written in packages (no NaN or Infinity); an object of lists
    (data.json) is encoded record by record (``encoded``, when the caller has it), byte for
    byte as one ``json.dumps`` would."""
    encoded = encoded or encode_records(value)
    return (compact(value) if encoded is None else encoded.text()).encode("utf-8")


def build_package(
    data: dict[str, list[dict[str, Any]]],
    *,
    package_id: str,
    app_version: str,
    machine_id: str,
    reviewer: str,
    created_at: str,
    passphrase: str | None = None,
) -> bytes:
    """The bytes of a package file holding ``data``.

    The data is checked exactly as the reader checks it first (personnummer, schema,
    duplicates), so kvaldesk never writes a package it would refuse; a failed check raises
    PackageRejected with the reader's reason.
    """
    encoded = encode_records(data)
    check_data(data, encoded)
    # data.json in pieces, hashed and compressed piece by piece: made in one go, a large
    # package's text held the interpreter lock (and froze the window) for about a second.
    body = encoded.chunks() if encoded is not None else [encode_json(data)]
    digest = hashlib.sha256()
    for piece in body:
        digest.update(piece)
    size = sum(len(piece) for piece in body)
    manifest = build_manifest(
        package_id=package_id,
        app_version=app_version,
        machine_id=machine_id,
        reviewer=reviewer,
        created_at=created_at,
        members={DATA_NAME: (digest.hexdigest(), size)},
    )
    check_personal_numbers(manifest, MANIFEST_NAME)
    problem = manifest_problem(manifest)
    if problem is not None:
        raise PackageRejected(problem)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(
            *_member(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
        )
        info, _empty = _member(DATA_NAME, b"")
        info.file_size = size  # as writestr sets it: the same zip header
        with zf.open(info, "w") as member:
            for piece in body:
                member.write(piece)
    plain = buffer.getvalue()
    return package_crypto.encrypt(plain, passphrase) if passphrase else plain


def write_package(folder: Path, name: str, content: bytes) -> Path:
    """Write a package into ``folder`` atomically (temporary name, fsync, rename).

    Readers skip the temporary name, so no one ever sees half a package. OSError is raised
    unchanged (with the temporary file removed) for the caller to explain.
    """
    target = folder / name
    write_bytes_atomic(target, content)
    return target
