"""``kvaldesk trends TEMPLATE_KEY``: the share compliant per question across rounds."""

from __future__ import annotations

import argparse

from sqlite_utils import Database

from kvaldesk.cli.output import Subparsers, print_json
from kvaldesk.services import trends as trends_service


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


def cmd_trends(db: Database, args: argparse.Namespace) -> int:
    trends = trends_service.template_trends(db, args.template_key)
    if args.json:
        print_json(trends_service.trends_to_json(trends))
        return 0
    print(f"Mall {trends.template_key}: {len(trends.rounds)} omgångar")
    for number, round_ in enumerate(trends.rounds, start=1):
        print(
            f"  {number}. {round_.name} (version {round_.template_version}, "
            f"{round_.cases} granskade ärenden)"
        )
    header = "  " + f"{'Fråga':8}" + "".join(f"{n:>8}" for n in range(1, len(trends.rounds) + 1))
    print(header)
    for question in trends.questions:
        cells = "".join(f"{'·' if p is None else _pct(p.share):>8}" for p in question.points)
        print(f"  {question.id:8}{cells}")
    changed = [q for q in trends.questions if q.changed_in]
    if changed:
        print("· = frågan var ändrad (eller saknades) i den omgången och räknas inte ihop.")
    return 0


def register(sub: Subparsers) -> None:
    """Add this command to the parser."""
    p = sub.add_parser("trends", help="share compliant per question across rounds of a template")
    p.add_argument("template_key", metavar="TEMPLATE_KEY")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_trends)
