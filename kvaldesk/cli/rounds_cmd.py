"""``kvaldesk rounds …``: create and list review rounds."""

from __future__ import annotations

import argparse

from sqlite_utils import Database

from kvaldesk.cli.output import Subparsers, print_json
from kvaldesk.services import rounds


def cmd_rounds_create(db: Database, args: argparse.Namespace) -> int:
    round_ = rounds.create_round(
        db,
        template_key=args.template,
        name=args.name,
        template_version=args.version,
        unit=args.unit or "",
        target_pct=args.target,
    )
    print(round_.id)
    return 0


def cmd_rounds_list(db: Database, args: argparse.Namespace) -> int:
    items = rounds.list_rounds(db)
    if args.json:
        print_json(
            [
                {
                    "id": s.round.id,
                    "name": s.round.name,
                    "template": s.round.template_key,
                    "template_version": s.round.template_version,
                    "unit": s.round.unit,
                    "target": s.round.target_pct,
                    "status": s.round.status.value,
                    "period_start": s.round.period_start,
                    "period_end": s.round.period_end,
                    "cases": s.cases,
                    "reviews": s.reviews,
                    "complete": s.complete,
                }
                for s in items
            ]
        )
        return 0
    for s in items:
        print(f"{s.round.id}  {s.complete:>5}/{s.reviews:<5} klara  {s.round.name}")
    return 0


def register(sub: Subparsers) -> None:
    """Add these commands to the parser."""
    r = sub.add_parser("rounds", help="create and list review rounds")
    rsub = r.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
    p = rsub.add_parser("create", help="create a round; prints its id")
    p.add_argument("--template", required=True, metavar="KEY")
    p.add_argument("--version", type=int, help="template version (default: newest)")
    p.add_argument("--name", required=True)
    p.add_argument("--unit")
    p.add_argument("--target", metavar="PCT", help="target share in percent (0–100)")
    p.set_defaults(handler=cmd_rounds_create)
    p = rsub.add_parser("list", help="list rounds")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_rounds_list)
