"""The headless command line. Calls services only; never imports Qt.

Exit codes: 0 success, 1 bad input (one-line reason on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kvaldesk import __version__
from kvaldesk.domain.errors import KvaldeskError, ValidationError
from kvaldesk.domain.model import Template
from kvaldesk.domain.template_codec import template_to_dict
from kvaldesk.services import demo, maintenance, rounds, sheets, templates
from kvaldesk.services import results as results_service
from kvaldesk.services.workspace import open_workspace

Handler = Callable[[Database, argparse.Namespace], int]


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _one_line(exc: KvaldeskError) -> str:
    if isinstance(exc, ValidationError) and exc.problems:
        shown = "; ".join(str(p) for p in exc.problems[:5])
        more = f" (+{len(exc.problems) - 5} till)" if len(exc.problems) > 5 else ""
        return f"{exc.summary} {shown}{more}".replace("\n", " ")
    return str(exc).replace("\n", " ")


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
        _print_json([_template_summary(t) for t in items])
        return 0
    for t in items:
        print(f"{t.key:28} v{t.version:<3} {len(t.questions):>3} frågor  {t.title}")
    return 0


def cmd_templates_show(db: Database, args: argparse.Namespace) -> int:
    template = templates.get_template(db, args.key, args.version)
    if args.json:
        _print_json(template_to_dict(template))
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
        _print_json(
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


def cmd_sheet_import(db: Database, args: argparse.Namespace) -> int:
    summary = sheets.import_sheet(db, args.round_id, Path(args.file))
    print(
        f"imported: {summary.reviews_created} reviews, {summary.cases_created} new cases "
        f"from {summary.rows} rows"
    )
    return 0


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


def cmd_results(db: Database, args: argparse.Namespace) -> int:
    by = None if args.by in (None, "criterion") else args.by
    round_ = rounds.get_round(db, args.round_id)
    result = results_service.round_results(db, args.round_id, by=by)
    if args.json:
        _print_json(results_service.results_to_json(round_, result))
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


def cmd_demo(db: Database, args: argparse.Namespace) -> int:
    summary = demo.make_demo(db, reviews=args.reviews, seed=args.seed)
    print(f"demo: {summary.rounds} rounds, {summary.cases} cases, {summary.reviews} reviews")
    return 0


def cmd_check(db: Database, args: argparse.Namespace) -> int:
    report = maintenance.check_database(db)
    if args.json:
        _print_json(
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(
        prog="kvaldesk",
        description="kvaldesk – kollegial granskning. Without a command the window opens.",
    )
    parser.add_argument("--version", action="version", version=f"kvaldesk {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="database file (default: $KVALDESK_DB or the user data folder)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

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

    s = sub.add_parser("sheet", help="import a spreadsheet of reviewed cases")
    ssub = s.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
    p = ssub.add_parser("import", help="import a CSV or XLSX file into a round")
    p.add_argument("round_id", metavar="ROUND_ID")
    p.add_argument("file")
    p.set_defaults(handler=cmd_sheet_import)

    p = sub.add_parser("results", help="results of a round")
    p.add_argument("round_id", metavar="ROUND_ID")
    p.add_argument("--json", action="store_true")
    p.add_argument("--by", choices=["subgroup", "unit", "criterion"])
    p.set_defaults(handler=cmd_results)

    p = sub.add_parser("demo", help="add demo rounds and reviews")
    p.add_argument("--reviews", type=int, default=60, metavar="N")
    p.add_argument("--seed", type=int, default=1, metavar="S")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("check", help="check the database's integrity")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    if getattr(args, "reviews", 0) is not None and getattr(args, "reviews", 0) < 0:
        parser.error("--reviews must be 0 or more")
    try:
        db = open_workspace(args.db)
        try:
            return handler(db, args)
        finally:
            db.close()
    except KvaldeskError as exc:
        print(f"kvaldesk: {_one_line(exc)}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
