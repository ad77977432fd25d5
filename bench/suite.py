"""Run every benchmark at 1,000, 10,000 and 100,000 reviews and write docs/benchmarks.md.

    uv run --locked python -m bench [--quick] [--no-write]

``--quick`` is a dry run with small sizes (figures not comparable). Fixture databases and
packages are cached under bench/.cache/.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import engine, fixtures, machine, report, window

REPORT = fixtures.REPO_ROOT / "docs" / "benchmarks.md"


@dataclass(frozen=True)
class Plan:
    """Sizes and repetitions of one run."""

    sizes: tuple[int, ...]
    startup_size: int
    memory_size: int
    packages: int
    per_package: int
    saves: int
    repeats: int
    startup_runs: int
    quick: bool


FULL = Plan((1000, 10_000, 100_000), 10_000, 100_000, 200, 50, 400, 5, 9, False)
QUICK = Plan((300, 2000), 2000, 2000, 10, 50, 100, 2, 2, True)


def _log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def run(plan: Plan) -> dict[str, Any]:
    """Every figure of the plan, as a JSON-able dict."""
    started = time.perf_counter()
    figures: dict[str, Any] = {"about": machine.describe(), "plan": plan.__dict__, "sizes": {}}
    _log("fixtures")
    databases = {size: fixtures.demo_database(size) for size in plan.sizes}
    share, package_source = fixtures.packages(plan.packages, plan.per_package)
    with engine.scratch() as folder:
        work = Path(folder)
        home = work / "home"
        home.mkdir()
        # One window run whose figures are not kept: it compiles the modules to bytecode (as
        # an installed program has them), so that the first measured run does not compile
        # some 250 modules while its stalls are timed.
        _log("window warm-up")
        smallest = fixtures.working_copy(databases[plan.sizes[0]], work, "window.db")
        window.stalls(smallest, share, work / "out-warm-up", home)
        for size, source in databases.items():
            at: dict[str, Any] = {}
            _log(f"{size} reviews: saving answers")
            at["save"] = engine.save_answer(source, work, plan.saves)
            _log(f"{size} reviews: results")
            # The largest size takes long enough that fewer repetitions are as steady.
            repeats = plan.repeats if size < 100_000 else 2
            at["results"] = engine.results(source, repeats)
            _log(f"{size} reviews: import")
            at["import"] = engine.import_packages(source, work, share, package_source)
            _log(f"{size} reviews: round report PDF")
            at["pdf"] = engine.pdf_round_report(source, work, repeats if size < 100_000 else 1)
            _log(f"{size} reviews: stalls in the window")
            copy = fixtures.working_copy(source, work, "window.db")
            at["stalls"] = window.stalls(copy, share, work / f"out-{size}", home)
            figures["sizes"][str(size)] = at
            for name in ("save.db", "import.db", "plain.db", "window.db"):
                (work / name).unlink(missing_ok=True)
        _log("review summaries PDF")
        figures["summaries"] = engine.pdf_summaries(databases[plan.sizes[0]], work)
        _log("start-up")
        figures["startup"] = window.startup(
            fixtures.working_copy(databases[plan.startup_size], work, "startup.db"),
            home,
            plan.startup_runs,
        )
        figures["startup"]["reviews"] = plan.startup_size
        _log("memory")
        figures["memory"] = window.memory(
            fixtures.working_copy(databases[plan.memory_size], work, "memory.db"), home
        )
        figures["memory"]["reviews"] = plan.memory_size
        shutil.rmtree(home, ignore_errors=True)
    figures["seconds"] = time.perf_counter() - started
    return figures


def main(argv: list[str] | None = None) -> int:
    """Run the suite, print the figures as JSON, write docs/benchmarks.md."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a dry run")
    parser.add_argument("--no-write", action="store_true", help="do not write the docs page")
    parser.add_argument("--json", metavar="FILE", help="also save the raw figures here")
    args = parser.parse_args(argv)
    figures = run(QUICK if args.quick else FULL)
    text = json.dumps(figures, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")
    if not args.no_write:
        REPORT.write_text(report.markdown(figures), encoding="utf-8")
        _log(f"wrote {REPORT.relative_to(fixtures.REPO_ROOT)}")
    return 0
