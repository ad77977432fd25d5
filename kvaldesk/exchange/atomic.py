"""Atomic file writes: a temporary name in the same folder, fsync, rename."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

TEMP_PREFIX = ".kvaldesk-tmp-"


def temp_path_for(path: Path) -> Path:
    """A temporary file name beside ``path`` that readers know to skip."""
    return path.with_name(f"{TEMP_PREFIX}{secrets.token_hex(6)}-{path.name}")


def is_temp_name(name: str) -> bool:
    """Whether a file name is one of our temporary names (still being written)."""
    return name.startswith(TEMP_PREFIX)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see either the old file or the whole new one.

    On any error the temporary file is removed and the error is raised.
    """
    tmp = temp_path_for(path)
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
