"""``kvaldesk templates …``: list, show, import and export review templates."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kvaldesk.cli.output import Subparsers, print_json
from kvaldesk.domain.model import Template
from kvaldesk.domain.template_codec import template_to_dict
from kvaldesk.services import templates


def _template_summary(t: Template) -> dict[str, Any]:
    return {
        "key": t.key,
        "version": t.version,
        "title": t.title,
        "questions": len(t.questions),
        "content_hash": t.content_hash,
    }


def cmd_templates_list(db: Database, args: argparse.Namespace) -> int:
    items = templates.list_templates(db)
    if args.json:
        print_json([_template_summary(t) for t in items])
        return 0
    for t in items:
        print(f"{t.key:28} v{t.version:<3} {len(t.questions):>3} frågor  {t.title}")
    return 0


def cmd_templates_show(db: Database, args: argparse.Namespace) -> int:
    template = templates.get_template(db, args.key, args.version)
    if args.json:
        print_json(template_to_dict(template))
        return 0
    print(f"{template.title} ({template.key}, version {template.version})")
    if template.description:
        print(template.description)
    for q in template.questions:
        mark = " (kritisk)" if q.critical else ""
        print(f"\n{q.id}{mark} [{q.criterion.value}] {q.text}")
        if q.options:
            print("   Svar: " + " / ".join(o.label for o in q.options))
        for ref in q.legal_refs:
            print(f"   Lagrum: {ref.display()}")
        if q.help:
            print(f"   Hjälp: {q.help}")
    return 0


def cmd_templates_import(db: Database, args: argparse.Namespace) -> int:
    template, created = templates.import_template_file(db, Path(args.file))
    state = "imported" if created else "already present"
    print(f"{state}: {template.key} version {template.version} ({len(template.questions)} frågor)")
    return 0


def cmd_templates_export(db: Database, args: argparse.Namespace) -> int:
    template = templates.export_template_file(db, args.key, Path(args.file), args.version)
    print(f"exported: {template.key} version {template.version} -> {args.file}")
    return 0


def register(sub: Subparsers) -> None:
    """Add these commands to the parser."""
    t = sub.add_parser("templates", help="list, show, import and export review templates")
    tsub = t.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
    p = tsub.add_parser("list", help="list templates")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_templates_list)
    p = tsub.add_parser("show", help="show a template's questions")
    p.add_argument("key")
    p.add_argument("--version", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_templates_show)
    p = tsub.add_parser("import", help="import a template file")
    p.add_argument("file")
    p.set_defaults(handler=cmd_templates_import)
    p = tsub.add_parser("export", help="export a template to a file")
    p.add_argument("key")
    p.add_argument("file")
    p.add_argument("--version", type=int)
    p.set_defaults(handler=cmd_templates_export)
