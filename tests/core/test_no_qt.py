"""The engine package never loads Qt or the UI: import every kvaldesk module in a fresh
interpreter and look at what ended up in sys.modules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

PROGRAM = r"""
import importlib
import json
import pkgutil
import sys

import kvaldesk

imported = ["kvaldesk"]
failed = []
for info in pkgutil.walk_packages(kvaldesk.__path__, prefix="kvaldesk.", onerror=failed.append):
    if info.name == "kvaldesk.__main__":
        # Importing it would run the CLI; it only imports kvaldesk.cli (imported here too).
        continue
    importlib.import_module(info.name)
    imported.append(info.name)
loaded = sorted(sys.modules)
print(json.dumps({
    "imported": imported,
    "failed": failed,
    "qt": [m for m in loaded if m.split(".")[0] in ("PySide6", "shiboken6")],
    "ui": [m for m in loaded if m == "ui" or m.startswith("ui.")],
}))
"""


def test_engine_imports_no_qt_and_no_ui() -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["failed"] == []
    imported = set(report["imported"])
    for expected in (
        "kvaldesk.cli",
        "kvaldesk.services.reviews",
        "kvaldesk.storage.database",
        "kvaldesk.exchange.sheet_reader",
        "kvaldesk.results.compute",
        "kvaldesk.domain.personnummer",
    ):
        assert expected in imported, expected
    assert report["qt"] == [], f"the engine loaded Qt: {report['qt']}"
    assert report["ui"] == [], f"the engine loaded the UI package: {report['ui']}"


def test_main_module_imports_only_the_cli() -> None:
    """``kvaldesk.__main__`` (skipped above: importing it runs the CLI) imports only the CLI."""
    import ast

    tree = ast.parse((REPO_ROOT / "kvaldesk" / "__main__.py").read_text("utf-8"))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    assert modules <= {"sys", "kvaldesk.cli"}, modules
