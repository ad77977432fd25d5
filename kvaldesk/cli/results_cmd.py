"""``kvaldesk results``: the results of a round, as text or JSON."""

from __future__ import annotations

import argparse

from sqlite_utils import Database

from kvaldesk.cli.output import Subparsers, print_json
from kvaldesk.services import results as results_service
from kvaldesk.services import rounds


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


def cmd_results(db: Database, args: argparse.Namespace) -> int:
    by = None if args.by in (None, "criterion") else args.by
    round_ = rounds.get_round(db, args.round_id)
    result = results_service.round_results(db, args.round_id, by=by)
    if args.json:
        print_json(results_service.results_to_json(round_, result))
        return 0
    print(f"{round_.name}: {result.reviews} klara granskningar")
    if args.by == "criterion":
        for c in result.criteria:
            print(
                f"  {c.criterion.value} {c.criterion.title:36} {_pct(c.counts.share):>6} "
                f"(n = {c.counts.n}, {c.questions} frågor)"
            )
        return 0
    for q in result.questions:
        if not q.question.counts_in_share:
            continue
        line = f"  {q.question.id:6} {_pct(q.overall.share):>6}  n = {q.overall.n:<5}"
        if q.groups:
            line += "  " + "  ".join(
                f"{name or '(ingen)'}: {_pct(c.share)} ({c.n})" for name, c in q.groups.items()
            )
        print(line)
    return 0


def register(sub: Subparsers) -> None:
    """Add these commands to the parser."""
    p = sub.add_parser("results", help="results of a round")
    p.add_argument("round_id", metavar="ROUND_ID")
    p.add_argument("--json", action="store_true")
    p.add_argument("--by", choices=["subgroup", "unit", "criterion"])
    p.set_defaults(handler=cmd_results)
