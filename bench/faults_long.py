"""The long loop of the fault tests: the same real-process tests as CI, with more kills.

    uv run python bench/faults_long.py [--runs 200]

CI runs tests/core/test_faults_*.py with 40 SIGKILLs during answer saves (and 8 during a
package import). This script runs them with ``--runs`` kills during saves (default 200; the
import gets a fifth of that, at least 8) plus the disk-full, damaged-database and schema
upgrade tests, and exits with pytest's exit code. The database is reopened and checked
after every single kill. Not run by the tests; see docs/backups.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
TESTS = [
    "tests/core/test_faults_sigkill.py",
    "tests/core/test_crash_durability.py",
    "tests/core/test_faults_disk_full.py",
    "tests/core/test_faults_corrupt.py",
    "tests/core/test_schema_upgrade.py",
]


def main(argv: list[str] | None = None) -> int:
    """Run the fault tests with the long loop; returns pytest's exit code."""
    parser = argparse.ArgumentParser(description="Fault tests with the long SIGKILL loop.")
    parser.add_argument("--runs", type=int, default=200, help="SIGKILLs during saves (200)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    env = dict(os.environ, KVALDESK_FAULT_RUNS=str(args.runs))
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *TESTS]
    print(f"KVALDESK_FAULT_RUNS={args.runs} {' '.join(command[1:])}", flush=True)
    return subprocess.run(command, cwd=REPO_ROOT, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
