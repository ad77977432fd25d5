"""``kvaldesk sheet import``: import a spreadsheet of reviewed cases."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlite_utils import Database

from kvaldesk.cli.output import Subparsers
from kvaldesk.services import sheets


def cmd_sheet_import(db: Database, args: argparse.Namespace) -> int:
    summary = sheets.import_sheet(db, args.round_id, Path(args.file))
    print(
        f"imported: {summary.reviews_created} reviews, {summary.cases_created} new cases "
        f"from {summary.rows} rows"
    )
    return 0


def register(sub: Subparsers) -> None:
    """Add these commands to the parser."""
    s = sub.add_parser("sheet", help="import a spreadsheet of reviewed cases")
    ssub = s.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
    p = ssub.add_parser("import", help="import a CSV or XLSX file into a round")
    p.add_argument("round_id", metavar="ROUND_ID")
    p.add_argument("file")
    p.set_defaults(handler=cmd_sheet_import)
