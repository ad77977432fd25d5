"""``kvaldesk backup list|restore|keep``: the database's backups (docs/backups.md).

``list`` and ``restore`` work on the database file without opening it first, so they work
on a damaged database too.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from kvaldesk.cli.output import Subparsers, print_json
from kvaldesk.services import backups
from kvaldesk.services import settings as settings_service
from kvaldesk.services.workspace import restore_workspace

#: A command that works on the database file itself rather than on an open database.
FileHandler = Callable[[Path, argparse.Namespace], int]


def cmd_list(db_path: Path, args: argparse.Namespace) -> int:
    found = backups.list_backups(db_path)
    if args.json:
        print_json(
            [
                {
                    "file": str(b.path),
                    "taken_at": b.taken_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                    "reason": b.reason,
                    "size": b.size,
                    "rotated": b.rotated,
                }
                for b in found
            ]
        )
        return 0
    if not found:
        print(f"Inga säkerhetskopior i {backups.backup_folder(db_path)}.")
        return 0
    for b in found:
        local = b.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        print(f"{local}  {b.reason:<11}  {b.size:>12,} B  {b.path}".replace(",", " "))
    return 0


def _confirmed(backup: Path, db_path: Path) -> bool:
    if not sys.stdin.isatty():
        print(
            "kvaldesk: lägg till --yes för att återställa utan fråga "
            "(den nuvarande databasen sparas i mappen backups).",
            file=sys.stderr,
        )
        return False
    answer = input(
        f"Återställa {db_path} från {backup.name}? "
        "Den nuvarande databasen sparas i mappen backups. [j/N] "
    )
    return answer.strip().lower() in ("j", "ja", "y", "yes")


def cmd_restore(db_path: Path, args: argparse.Namespace) -> int:
    backup = Path(args.file)
    if not args.yes and not _confirmed(backup, db_path):
        return 1
    result = restore_workspace(backup, db_path)
    print(f"restored: {db_path} från {result.restored.name} (schema {result.schema_version})")
    if result.kept is not None:
        print(f"kept: {result.kept}")
    return 0


def cmd_keep(db: Database, args: argparse.Namespace) -> int:
    if args.count is not None:
        settings_service.save_backups_to_keep(db, args.count)
    print(f"backups to keep: {settings_service.backups_to_keep(db)}")
    return 0


def register(sub: Subparsers) -> None:
    """Add these commands to the parser."""
    p = sub.add_parser("backup", help="list and restore the database's backups")
    backup_sub = p.add_subparsers(dest="backup_command", metavar="ACTION", required=True)

    q = backup_sub.add_parser("list", help="list the backups, newest first")
    q.add_argument("--json", action="store_true")
    q.set_defaults(file_handler=cmd_list)

    q = backup_sub.add_parser("restore", help="restore a backup (the current database is kept)")
    q.add_argument("file", metavar="FILE", help="the backup file (see `backup list`)")
    q.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    q.set_defaults(file_handler=cmd_restore)

    q = backup_sub.add_parser("keep", help="show or set how many automatic backups are kept")
    q.add_argument("count", type=int, nargs="?", metavar="N", help="1–100")
    q.set_defaults(handler=cmd_keep)
