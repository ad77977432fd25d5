"""``kvaldesk export``, ``kvaldesk import`` and ``kvaldesk conflicts …``: the shared folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlite_utils import Database

from kvaldesk.cli.output import Subparsers, print_json
from kvaldesk.services import exchange

_LABELS = {
    "imported": "imported",
    "conflicts": "imported with conflicts",
    "already_imported": "already imported",
    "rejected": "rejected",
    "skipped": "skipped",
}


def _passphrase(args: argparse.Namespace) -> str | None:
    path = getattr(args, "passphrase_file", None)
    return exchange.read_passphrase_file(path) if path else None


def _counts_text(counts: dict[str, int]) -> str:
    return (
        f"{counts.get('reviews_inserted', 0)} nya, {counts.get('reviews_replaced', 0)} ersatta, "
        f"{counts.get('reviews_skipped', 0)} oförändrade granskningar; "
        f"{counts.get('cases', 0)} nya ärenden, {counts.get('rounds', 0)} nya omgångar, "
        f"{counts.get('templates', 0)} nya mallar, {counts.get('conflicts', 0)} konflikter"
    )


def cmd_export(db: Database, args: argparse.Namespace) -> int:
    """``kvaldesk export``: write one package with what changed."""
    result = exchange.export_package(
        db,
        Path(args.to),
        round_id=args.round,
        everything=args.all,
        passphrase=_passphrase(args),
    )
    if result.path is None:
        print(f"nothing to export: {result.message}")
    else:
        print(f"exported: {result.path} ({result.message})")
    return 0


def cmd_import(db: Database, args: argparse.Namespace) -> int:
    """``kvaldesk import``: one line (or JSON object) per file; exit 1 if any was rejected."""
    outcomes = exchange.import_paths(db, list(args.paths), passphrase=_passphrase(args))
    if args.json:
        print_json([o.to_json() for o in outcomes])
    else:
        for o in outcomes:
            line = f"{_LABELS[o.outcome]}: {o.file}"
            if o.outcome in ("imported", "conflicts"):
                line += f" ({_counts_text(o.counts)})"
            elif o.reason:
                line += f": {o.reason}"
            print(line)
    return 1 if any(o.outcome == "rejected" for o in outcomes) else 0


def cmd_conflicts_list(db: Database, args: argparse.Namespace) -> int:
    """``kvaldesk conflicts list``: the reviews waiting for the coordinator."""
    conflicts = exchange.list_conflicts(db, include_resolved=args.all)
    if args.json:
        print_json(
            [
                {
                    "id": c.id,
                    "review_id": c.review_id,
                    "round_id": c.round_id,
                    "round": c.round_name,
                    "case": c.case_reference,
                    "created_at": c.created_at,
                    "local": {
                        "reviewer": c.local["reviewer"],
                        "status": c.local["status"],
                        "updated_at": c.local["updated_at"],
                        "version_vector": c.local["version_vector"],
                    },
                    "incoming": {
                        "reviewer": c.incoming["reviewer"],
                        "status": c.incoming["status"],
                        "updated_at": c.incoming["updated_at"],
                        "version_vector": c.incoming["version_vector"],
                    },
                    "differing_questions": c.differing_questions,
                    "resolved_at": c.resolved_at,
                    "resolution": c.resolution,
                }
                for c in conflicts
            ]
        )
        return 0
    if not conflicts:
        print("inga konflikter")
    for c in conflicts:
        state = f"  löst: {c.resolution}" if c.resolved_at else ""
        print(
            f"{c.id}  {c.round_name} / {c.case_reference}: här {c.local['reviewer']} "
            f"({c.local['updated_at']}), inkommen {c.incoming['reviewer']} "
            f"({c.incoming['updated_at']}); skiljer sig i {', '.join(c.differing_questions) or '–'}"
            f"{state}"
        )
    return 0


def cmd_conflicts_resolve(db: Database, args: argparse.Namespace) -> int:
    """``kvaldesk conflicts resolve``: keep the local or the incoming version."""
    review = exchange.resolve_conflict(db, args.conflict_id, args.keep)
    print(f"resolved: {args.conflict_id} (kept {args.keep}; review {review.id})")
    return 0


def register(sub: Subparsers) -> None:
    """Add these commands to the parser."""
    p = sub.add_parser("export", help="export changes as one package to the shared folder")
    p.add_argument("--to", required=True, metavar="DIR", help="the shared folder")
    p.add_argument("--round", metavar="ROUND_ID", help="only this round's records")
    p.add_argument("--all", action="store_true", help="everything, not only what changed")
    p.add_argument("--passphrase-file", metavar="FILE", help="team passphrase (first line)")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import", help="import packages (files or folders)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true")
    p.add_argument("--passphrase-file", metavar="FILE", help="team passphrase (first line)")
    p.set_defaults(handler=cmd_import)

    c = sub.add_parser("conflicts", help="list and resolve review conflicts from imports")
    csub = c.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
    p = csub.add_parser("list", help="list unresolved conflicts")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="include resolved conflicts")
    p.set_defaults(handler=cmd_conflicts_list)
    p = csub.add_parser("resolve", help="keep the local or the incoming version")
    p.add_argument("conflict_id", metavar="ID")
    p.add_argument("--keep", required=True, choices=["local", "incoming"])
    p.set_defaults(handler=cmd_conflicts_resolve)
