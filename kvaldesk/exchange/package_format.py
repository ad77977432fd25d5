"""The exchange package, format version 1: names, limits, the manifest and the file name.

A package is one file in the shared folder (``*.kvdpkg``): a zip with ``manifest.json`` and
``data.json``, optionally wrapped in an encrypted container (see ``package_crypto``). The
format is specified in docs/package-format.md; the JSON Schemas are
``resources/schemas/package-v1-manifest.schema.json`` and ``package-v1.schema.json``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.domain.personnummer import find_personal_numbers, mask

FORMAT_NAME = "kvaldesk-package"
FORMAT_VERSION = 1
#: The first kvaldesk version that reads each format version (written as ``min_app_version``).
MIN_APP_VERSION = {1: "0.1.0"}
EXTENSION = ".kvdpkg"
MANIFEST_NAME = "manifest.json"
DATA_NAME = "data.json"
#: The members a version 1 package holds besides the manifest: exactly these, no others.
DATA_MEMBERS = (DATA_NAME,)
#: The record kinds of data.json, in the order they are imported.
RECORD_KINDS = ("templates", "rounds", "cases", "reviews", "actions")


@dataclass(frozen=True)
class Limits:
    """What a reader accepts, checked on the zip headers before anything is extracted and
    again on the bytes actually read (a lying header does not help)."""

    max_file_bytes: int = 128 * 1024 * 1024
    max_members: int = 8
    max_manifest_bytes: int = 64 * 1024
    max_member_bytes: int = 128 * 1024 * 1024
    max_total_bytes: int = 128 * 1024 * 1024
    #: Uncompressed / compressed size, checked for members above ``ratio_floor_bytes``.
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 1024 * 1024


DEFAULT_LIMITS = Limits()


class PackageRejected(KvaldeskError):
    """A package file was refused; ``reason`` is one Swedish line for the person importing."""

    def __init__(self, reason: str) -> None:
        text = " ".join(reason.split())
        for number in find_personal_numbers(text):  # a reason never shows one in full
            text = text.replace(number, mask(number))
        self.reason = text
        super().__init__(text)


@dataclass(frozen=True)
class PackageContent:
    """A package that passed every check that needs no database."""

    manifest: dict[str, Any]
    data: dict[str, list[dict[str, Any]]]
    sha256: str
    encrypted: bool = False
    size: int = 0
    #: The content hash of each template in the package, computed (never trusted) on reading.
    template_hashes: dict[tuple[str, int], str] = field(default_factory=dict)

    @property
    def package_id(self) -> str:
        """The package's UUID from the manifest."""
        return str(self.manifest["package_id"])


_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "a", "Ä": "a", "Ö": "o"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG_LENGTH = 40


def reviewer_slug(name: str) -> str:
    """An ASCII slug of a reviewer's name for file names: å→a, ä→a, ö→o, other accents
    dropped, anything else a hyphen ("granskare" when nothing is left)."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", name).translate(_FOLD))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_SLUG.sub("-", ascii_only).strip("-")[:MAX_SLUG_LENGTH].strip("-")
    return slug or "granskare"


def package_file_name(reviewer: str, moment: datetime, package_id: str) -> str:
    """``kvaldesk-<reviewer-slug>-<YYYYMMDD-HHMM>-<8 hex of package id>.kvdpkg``."""
    short = package_id.replace("-", "")[:8]
    return f"kvaldesk-{reviewer_slug(reviewer)}-{moment:%Y%m%d-%H%M}-{short}{EXTENSION}"


def build_manifest(
    *,
    package_id: str,
    app_version: str,
    machine_id: str,
    reviewer: str,
    created_at: str,
    members: dict[str, tuple[str, int]],
) -> dict[str, Any]:
    """The manifest of a version 1 package; ``members`` maps name → (sha256, size)."""
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "min_app_version": MIN_APP_VERSION[FORMAT_VERSION],
        "app_version": app_version,
        "package_id": package_id,
        "machine_id": machine_id,
        "reviewer": reviewer,
        "created_at": created_at,
        "members": {
            name: {"sha256": digest, "size": size} for name, (digest, size) in members.items()
        },
    }
