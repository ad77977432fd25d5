"""The optional team passphrase: an encrypted container around a package's zip.

Layout (all of it one file, named like any package)::

    magic   8 bytes   b"KVDENC1\\n"
    salt   16 bytes   random per package
    nonce  12 bytes   random per package
    body    rest      AES-256-GCM ciphertext of the whole zip, followed by the 16-byte tag

The key is scrypt(passphrase, salt, n=2**15, r=8, p=1, length 32), the passphrase being
NFC-normalized and encoded as UTF-8. The 36-byte header (magic, salt, nonce) is the
authenticated data, so changing any byte of the file makes decryption fail.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kvaldesk.exchange.package_format import PackageRejected

MAGIC = b"KVDENC1\n"
SALT_BYTES = 16
NONCE_BYTES = 12
TAG_BYTES = 16
HEADER_BYTES = len(MAGIC) + SALT_BYTES + NONCE_BYTES
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
KEY_BYTES = 32
# scrypt needs 128 * r * n bytes (32 MiB here); OpenSSL's default ceiling is exactly that.
_SCRYPT_MAXMEM = 64 * 1024 * 1024

WRONG_PASSPHRASE = "fel lösenfras eller ändrad fil"
NEEDS_PASSPHRASE = "paketet är krypterat: ange teamets lösenfras"


def derive_key(passphrase: str, salt: bytes) -> bytes:
    """The 32-byte AES key for a passphrase and a package's salt (scrypt, n=2**15, r=8, p=1)."""
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return hashlib.scrypt(
        secret,
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        maxmem=_SCRYPT_MAXMEM,
        dklen=KEY_BYTES,
    )


def is_encrypted(data: bytes) -> bool:
    """Whether the file content starts with the container's magic bytes."""
    return data.startswith(MAGIC)


def encrypt(plain: bytes, passphrase: str) -> bytes:
    """Wrap a package's zip bytes in the encrypted container."""
    if not passphrase:
        raise ValueError("an empty passphrase encrypts nothing")
    salt = os.urandom(SALT_BYTES)
    nonce = os.urandom(NONCE_BYTES)
    header = MAGIC + salt + nonce
    body = AESGCM(derive_key(passphrase, salt)).encrypt(nonce, plain, header)
    return header + body


def decrypt(data: bytes, passphrase: str | None) -> bytes:
    """The zip bytes inside an encrypted container; PackageRejected if that is impossible."""
    if not passphrase:
        raise PackageRejected(NEEDS_PASSPHRASE)
    if len(data) < HEADER_BYTES + TAG_BYTES:
        raise PackageRejected(f"{WRONG_PASSPHRASE} (filen är ofullständig)")
    header = data[:HEADER_BYTES]
    salt = header[len(MAGIC) : len(MAGIC) + SALT_BYTES]
    nonce = header[len(MAGIC) + SALT_BYTES :]
    try:
        return AESGCM(derive_key(passphrase, salt)).decrypt(nonce, data[HEADER_BYTES:], header)
    except InvalidTag:
        raise PackageRejected(WRONG_PASSPHRASE) from None
