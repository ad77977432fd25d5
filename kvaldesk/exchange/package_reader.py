"""Read a package file safely and validate it into a :class:`PackageContent`.

Nothing is extracted to disk. The file is read with a size limit; the zip's headers are
checked (member count, names, sizes, compression ratio, no zip encryption) before any member
is decompressed, and the bytes actually decompressed are counted against the same limits.
Every problem becomes :class:`PackageRejected` with one Swedish line.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

from kvaldesk import __version__
from kvaldesk.domain.personnummer import find_personal_numbers, mask
from kvaldesk.exchange import package_crypto
from kvaldesk.exchange.package_checks import check_data, check_personal_numbers
from kvaldesk.exchange.package_format import (
    DATA_MEMBERS,
    DATA_NAME,
    DEFAULT_LIMITS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    Limits,
    PackageContent,
    PackageRejected,
)
from kvaldesk.exchange.package_json import EncodedData, encode_records
from kvaldesk.exchange.package_schema import manifest_problem

_CHUNK = 1024 * 1024
_BROKEN_ZIP = "filen är inget giltigt kvaldesk-paket: zip-filen är trasig eller ofullständig"
# zipfile raises many kinds of errors on hostile input; each means "a broken file".
_ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    ValueError,
    struct.error,
    zlib.error,
    NotImplementedError,
    RuntimeError,
    IndexError,
    KeyError,
    OverflowError,
    UnicodeError,
    TypeError,
    OSError,
)
_DRIVE = re.compile(r"^[A-Za-z]:")
_VERSION_TEXT = re.compile(r"^[0-9][0-9A-Za-z.+-]{0,40}$")


def safe_text(text: str, limit: int = 60) -> str:
    """A file or member name as it may appear in a reason: personnummer masked, control
    characters escaped, at most ``limit`` characters."""
    for number in find_personal_numbers(text):
        text = text.replace(number, mask(number))
    shown = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def read_file_limited(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing it as soon as more than ``limit`` bytes were read."""
    chunks: list[bytes] = []
    total = 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    raise PackageRejected(
                        f"filen är för stor för ett kvaldesk-paket (över {limit // 2**20} MiB)"
                    )
                chunks.append(chunk)
    except FileNotFoundError:
        raise PackageRejected(
            "filen försvann medan den lästes (flyttad eller borttagen); försök igen"
        ) from None
    except IsADirectoryError:
        raise PackageRejected("sökvägen är en mapp, inte en paketfil") from None
    except PermissionError:
        raise PackageRejected("filen kunde inte läsas: behörighet saknas") from None
    except OSError as exc:
        raise PackageRejected(f"filen kunde inte läsas ({exc.strerror or exc})") from None
    return b"".join(chunks)


def _check_name(name: str) -> None:
    bad = (
        not name
        or "/" in name
        or "\\" in name
        or ".." in name
        or name.startswith(("/", "~"))
        or _DRIVE.match(name) is not None
        or not name.isprintable()
    )
    if bad:
        raise PackageRejected(
            f'paketet innehåller ett otillåtet filnamn "{safe_text(name)}" '
            "(mappar, absoluta sökvägar och .. är förbjudna)"
        )


def _check_headers(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_members:
        raise PackageRejected(
            f"paketet innehåller för många filer ({len(infos)}, högst {limits.max_members})"
        )
    names: set[str] = set()
    total = 0
    for info in infos:
        _check_name(info.filename)
        if info.filename in names:
            raise PackageRejected(f'filen "{safe_text(info.filename)}" finns två gånger i paketet')
        names.add(info.filename)
        shown = safe_text(info.filename)
        if info.flag_bits & 0x1:
            raise PackageRejected(
                f'"{shown}" är krypterad i zip-filen, vilket formatet inte tillåter'
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageRejected(f'"{shown}" använder en komprimering som formatet inte tillåter')
        limit = (
            limits.max_manifest_bytes if info.filename == MANIFEST_NAME else limits.max_member_bytes
        )
        if info.file_size > limit:
            raise PackageRejected(f'"{shown}" är för stor ({info.file_size} byte, högst {limit})')
        total += info.file_size
        if total > limits.max_total_bytes:
            raise PackageRejected(
                f"paketets innehåll är för stort packat upp (högst {limits.max_total_bytes} byte)"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
            raise PackageRejected(
                f'"{shown}" packas upp {ratio:.0f} gånger större än den är packad '
                "(misstänkt zip-bomb)"
            )
    if MANIFEST_NAME not in names:
        raise PackageRejected("paketet saknar manifest.json")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, counted while reading: more than the header said is refused."""
    allowed = min(limit, info.file_size)
    chunks: list[bytes] = []
    total = 0
    with zf.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if total > allowed:
                raise PackageRejected(
                    f'"{safe_text(info.filename)}" är större än zip-filen uppger (ändrad fil)'
                )
            chunks.append(chunk)
    if total != info.file_size:
        raise PackageRejected(f'"{safe_text(info.filename)}" är ofullständig i zip-filen')
    return b"".join(chunks)


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError("number out of range")
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key")
    return result


def parse_json(raw: bytes, member: str) -> Any:
    """Strict JSON: UTF-8 without BOM, no NaN or Infinity, no key twice in an object."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PackageRejected(f"{member} är inte UTF-8-kodad text") from None
    try:
        return json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_finite,
            object_pairs_hook=_unique_keys,
        )
    except RecursionError:
        raise PackageRejected(f"{member} är för djupt nästlad") from None
    except ValueError as exc:
        detail = "ett fält finns två gånger" if "duplicate key" in str(exc) else "trasig JSON"
        raise PackageRejected(f"{member} är inte giltig JSON ({detail})") from None


def parse_data_json(raw: bytes) -> tuple[Any, EncodedData | None]:
    """data.json parsed as strictly as :func:`parse_json`, and its records encoded (for the
    personnummer scan).

    The parse that refuses a key twice calls Python code for every object. When the file is
    exactly the encoding of what was parsed (as kvaldesk writes it), no object in it can hold a
    key twice, so the fast parser suffices; any other file is parsed again strictly.
    """
    try:
        text = raw.decode("utf-8")
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return parse_json(raw, DATA_NAME), None  # refused there, with the reason
    encoded = encode_records(value)
    if encoded is None or encoded.text() != text:
        return parse_json(raw, DATA_NAME), encoded
    return value, encoded


def _check_format(manifest: Any) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise PackageRejected("okänt format: filen är inget kvaldesk-paket")
    version = manifest.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise PackageRejected("paketets formatversion är ogiltig")
    if version > FORMAT_VERSION:
        needed = manifest.get("min_app_version")
        if isinstance(needed, str) and _VERSION_TEXT.match(needed):
            raise PackageRejected(
                f"paketet har formatversion {version} och kräver kvaldesk {needed} eller "
                f"senare (du har {__version__}); uppdatera kvaldesk"
            )
        raise PackageRejected(
            f"paketet har formatversion {version}, som kräver en nyare kvaldesk "
            f"(du har {__version__}); uppdatera kvaldesk"
        )


def _open_zip(raw: bytes, limits: Limits) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest and the data members of a zip, every header and checksum checked."""
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        infos = zf.infolist()
        _check_headers(infos, limits)
        by_name = {info.filename: info for info in infos}
        manifest = parse_json(
            _read_member(zf, by_name[MANIFEST_NAME], limits.max_manifest_bytes), MANIFEST_NAME
        )
        _check_format(manifest)
        check_personal_numbers(manifest, MANIFEST_NAME)
        problem = manifest_problem(manifest)
        if problem is not None:
            raise PackageRejected(problem)
        listed = set(manifest["members"])
        for name in DATA_MEMBERS:
            if name not in by_name:
                raise PackageRejected(f"paketet saknar {name}")
        extra = sorted(set(by_name) - listed - {MANIFEST_NAME})
        if extra:
            raise PackageRejected(f'paketet innehåller en okänd fil "{safe_text(extra[0])}"')
        members: dict[str, bytes] = {}
        for name in DATA_MEMBERS:
            body = _read_member(zf, by_name[name], limits.max_member_bytes)
            stated = manifest["members"][name]
            if len(body) != stated["size"] or hashlib.sha256(body).hexdigest() != stated["sha256"]:
                raise PackageRejected(
                    f"kontrollsumman för {name} stämmer inte (filen är ändrad eller skadad)"
                )
            members[name] = body
    return manifest, members


def read_package_bytes(
    raw: bytes,
    *,
    passphrase: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    sha256: str | None = None,
) -> PackageContent:
    """Validate a package file's content (encrypted or not) without touching any database.
    ``sha256``: of ``raw``, when the caller has computed it."""
    sha256 = sha256 or hashlib.sha256(raw).hexdigest()
    encrypted = package_crypto.is_encrypted(raw)
    if encrypted:
        body = package_crypto.decrypt(raw, passphrase)
    elif passphrase:
        raise PackageRejected(
            "paketet är inte krypterat fast teamet använder lösenfras; "
            "det kan komma från någon utanför teamet"
        )
    else:
        body = raw
    try:
        manifest, members = _open_zip(body, limits)
    except PackageRejected:
        raise
    except RecursionError:
        raise PackageRejected("paketet är för djupt nästlat") from None
    except _ZIP_ERRORS as exc:
        if isinstance(exc, zipfile.BadZipFile) and "CRC" in str(exc):
            raise PackageRejected(
                "zip-filens kontrollsumma stämmer inte (filen är ändrad eller skadad)"
            ) from None
        raise PackageRejected(_BROKEN_ZIP) from None
    data, encoded = parse_data_json(members[DATA_NAME])
    try:
        hashes = check_data(data, encoded)
    except RecursionError:
        raise PackageRejected("data.json är för djupt nästlad") from None
    return PackageContent(
        manifest=manifest,
        data=data,
        sha256=sha256,
        encrypted=encrypted,
        size=len(raw),
        template_hashes=hashes,
    )


def read_package(
    path: Path, *, passphrase: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> PackageContent:
    """Read and validate one package file; PackageRejected says why it cannot be used."""
    return read_package_bytes(
        read_file_limited(path, limits.max_file_bytes), passphrase=passphrase, limits=limits
    )
