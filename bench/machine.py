"""What the figures were measured on: machine, load, date and versions."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from kvaldesk import __version__


def _processor() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown processor"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB RAM"
    except OSError:
        pass
    return "unknown RAM"


def _load() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "unknown"


def describe() -> dict[str, str]:
    """Machine, load average, date and versions, as text."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    packages = ", ".join(
        f"{name} {importlib.metadata.version(name)}"
        for name in ("reportlab", "sqlite-utils", "jsonschema", "pypdf")
    )
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.system()} {platform.release()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs ({_processor()}), {_memory()}",
        "load": _load(),
        "versions": f"kvaldesk {__version__}, Python {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version}, Qt {qVersion()} (PySide6 {pyside_version}), {packages}",
    }
