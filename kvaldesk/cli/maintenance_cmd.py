"""``kvaldesk demo`` and ``kvaldesk check``."""

from __future__ import annotations

import argparse

from sqlite_utils import Database

from kvaldesk.cli.output import Subparsers, print_json
from kvaldesk.services import demo, maintenance


def cmd_demo(db: Database, args: argparse.Namespace) -> int:
    summary = demo.make_demo(db, reviews=args.reviews, seed=args.seed)
    print(f"demo: {summary.rounds} rounds, {summary.cases} cases, {summary.reviews} reviews")
    return 0


def cmd_check(db: Database, args: argparse.Namespace) -> int:
    report = maintenance.check_database(db)
    if args.json:
        print_json(
            {
                "ok": report.ok,
                "integrity": report.integrity,
                "schema_version": report.schema_version,
                "machine_id": report.machine_id,
                "counts": report.counts,
            }
        )
    else:
        print(f"integrity: {'; '.join(report.integrity)}")
        print(f"schema version: {report.schema_version}")
        for table, count in report.counts.items():
            print(f"{table}: {count}")
    return 0 if report.ok else 1


def register(sub: Subparsers) -> None:
    """Add these commands to the parser."""
    p = sub.add_parser("demo", help="add demo rounds and reviews")
    p.add_argument("--reviews", type=int, default=60, metavar="N")
    p.add_argument("--seed", type=int, default=1, metavar="S")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("check", help="check the database's integrity")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check)
