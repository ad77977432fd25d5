"""The window's figures, each from separate processes (bench/window_probe.py)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.fixtures import REPO_ROOT


def probe(*args: str, home: Path, timeout: float = 900) -> dict[str, Any]:
    """Run one probe process (offscreen, its own settings folder) and return its figures."""
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        PYTHONPATH=str(REPO_ROOT),
        # As an installed program runs: modules compiled once (by the warm-up run), not at every
        # start, even where the environment asks Python not to write bytecode.
        PYTHONPYCACHEPREFIX=str(home / "pycache"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["KVALDESK_BENCH_T0"] = repr(time.time())
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.window_probe", *args],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as hung:
        tail = hung.stderr if isinstance(hung.stderr, str) else (hung.stderr or b"").decode()
        raise RuntimeError(f"probe {args} did not finish in {timeout} s:\n{tail[-3000:]}") from hung
    for line in done.stdout.splitlines():
        if line.startswith("BENCH "):
            figures: dict[str, Any] = json.loads(line[6:])
            return figures
    raise RuntimeError(f"probe {args} failed ({done.returncode}):\n{done.stderr[-3000:]}")


def startup(db: Path, home: Path, runs: int) -> dict[str, Any]:
    """Median time to the first painted main window: the real window vs a bare QMainWindow."""
    probe("bare", home=home)  # warm the file cache for both
    probe("app", "--db", str(db), home=home)
    # Alternately, so that a change in the machine's load falls on both alike.
    bare: list[float] = []
    app: list[float] = []
    for _ in range(runs):
        bare.append(probe("bare", home=home)["first_paint_s"])
        app.append(probe("app", "--db", str(db), home=home)["first_paint_s"])
    return {
        "runs": runs,
        "app_s": statistics.median(app),
        "floor_s": statistics.median(bare),
        "app_all": app,
        "floor_all": bare,
    }


def memory(db: Path, home: Path) -> dict[str, Any]:
    """Resident memory of the window (after start-up, and after the largest round's results)
    beside the bare window."""
    bare = probe("bare", home=home, timeout=300)
    app = probe("app", "--db", str(db), home=home, timeout=300)
    return {
        "floor_mb": bare["rss_mb"],
        "app_mb": app["rss_mb"],
        "app_results_mb": app["rss_results_mb"],
        "app_peak_mb": app["peak_rss_results_mb"],
    }


def stalls(db: Path, share: Path, out: Path, home: Path) -> dict[str, Any]:
    """The longest event-loop stall while the window imports, exports, computes results and
    writes the round report PDF."""
    out.mkdir(parents=True, exist_ok=True)
    return probe(
        "app", "--db", str(db), "--stalls", "--share", str(share), "--out", str(out), home=home
    )
