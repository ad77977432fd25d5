"""The parser and the entry point of the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kvaldesk import __version__
from kvaldesk.cli import (
    agreement_cmd,
    backup_cmd,
    double_review_cmd,
    exchange_cmd,
    maintenance_cmd,
    report_cmd,
    results_cmd,
    rounds_cmd,
    sample_cmd,
    sheet_cmd,
    templates_cmd,
    trends_cmd,
)
from kvaldesk.cli.output import Handler, one_line
from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.services.workspace import database_path, start_workspace

#: Each module adds its commands with ``register(subparsers)``; the order is the help's order.
COMMAND_MODULES = (
    templates_cmd,
    rounds_cmd,
    sample_cmd,
    sheet_cmd,
    results_cmd,
    agreement_cmd,
    double_review_cmd,
    trends_cmd,
    report_cmd,
    exchange_cmd,
    maintenance_cmd,
    backup_cmd,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(
        prog="kvaldesk",
        description="kvaldesk – kollegial granskning. Without a command the window opens.",
    )
    parser.add_argument("--version", action="version", version=f"kvaldesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="database file (default: $KVALDESK_DB or the user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    file_handler: backup_cmd.FileHandler | None = getattr(args, "file_handler", None)
    if file_handler is not None:  # works on the file itself, even a damaged one
        try:
            return file_handler(database_path(args.db), args)
        except KvaldeskError as exc:
            print(f"kvaldesk: {one_line(exc)}", file=sys.stderr)
            return 1
    if handler is None:
        parser.print_help()
        return 2
    if getattr(args, "reviews", 0) is not None and getattr(args, "reviews", 0) < 0:
        parser.error("--reviews must be 0 or more")
    try:
        db = start_workspace(args.db, warn=lambda text: print(f"kvaldesk: {text}", file=sys.stderr))
        try:
            return handler(db, args)
        finally:
            db.close()
    except KvaldeskError as exc:
        print(f"kvaldesk: {one_line(exc)}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
