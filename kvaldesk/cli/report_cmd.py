"""``kvaldesk report``, ``kvaldesk review-pdf`` and ``kvaldesk reviews list``: print-ready files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlite_utils import Database

from kvaldesk.cli.output import Subparsers, print_json
from kvaldesk.services import reports, reviews


def _cannot_write(path: str, exc: OSError) -> int:
    reason = exc.strerror or str(exc)
    print(f"kvaldesk: Kunde inte skriva {path}: {reason}. Ingen fil skrevs.", file=sys.stderr)
    return 1


def cmd_report(db: Database, args: argparse.Namespace) -> int:
    if not (args.pdf or args.xlsx or args.csv):
        print("kvaldesk: Ange minst en av --pdf, --xlsx och --csv.", file=sys.stderr)
        return 2
    suppress = not args.show_small_groups
    written: list[str] = []
    for option, path in (("pdf", args.pdf), ("xlsx", args.xlsx), ("csv", args.csv)):
        if not path:
            continue
        try:
            if option == "pdf":
                reports.write_round_report_pdf(
                    db, args.round_id, Path(path), suppress_small_groups=suppress
                )
            elif option == "xlsx":
                reports.write_round_xlsx(
                    db, args.round_id, Path(path), suppress_small_groups=suppress
                )
            else:
                reports.write_round_csv(
                    db, args.round_id, Path(path), suppress_small_groups=suppress
                )
        except OSError as exc:
            return _cannot_write(path, exc)
        written.append(path)
    for path in written:
        print(f"written: {path}")
    return 0


def cmd_review_pdf(db: Database, args: argparse.Namespace) -> int:
    if bool(args.review_id) == bool(args.round):
        print(
            "kvaldesk: Ange antingen REVIEW_ID (en granskning) eller --round ROUND_ID "
            "(alla granskningar i omgången).",
            file=sys.stderr,
        )
        return 2
    try:
        if args.review_id:
            reports.write_review_summary_pdf_file(db, args.review_id, Path(args.pdf))
            print(f"written: {args.pdf}")
        else:
            pages = reports.write_round_reviews_pdf(
                db, args.round, Path(args.pdf), complete_only=args.complete_only
            )
            print(f"written: {args.pdf} ({pages} sidor)")
    except OSError as exc:
        return _cannot_write(args.pdf, exc)
    return 0


def cmd_reviews_list(db: Database, args: argparse.Namespace) -> int:
    rows = reviews.list_reviews(db, args.round_id)
    items = [
        {
            "id": r["id"],
            "case": r["reference"],
            "subgroup": r["subgroup"] or "",
            "unit": r["unit"] or "",
            "reviewer": r["reviewer"],
            "status": r["status"],
            "answered": r["answered"],
            "updated_at": r["updated_at"],
            "completed_at": r["completed_at"],
        }
        for r in rows
    ]
    if args.json:
        print_json(items)
        return 0
    for item in items:
        status = "klar" if item["status"] == "complete" else "utkast"
        print(
            f"{item['id']}  {status:6}  {item['answered']!s:>3} svar  "
            f"{item['case']}  {item['subgroup'] or '-'}  {item['reviewer']}"
        )
    return 0


def register(sub: Subparsers) -> None:
    """Add these commands to the parser."""
    p = sub.add_parser(
        "report",
        help="write the round report: PDF (Resultat, Analys, Nya åtgärder), Excel and/or CSV",
    )
    p.add_argument("round_id", metavar="ROUND_ID")
    p.add_argument("--pdf", metavar="FILE", help="the round report as PDF")
    p.add_argument("--xlsx", metavar="FILE", help="results, groups, answers and actions (Excel)")
    p.add_argument("--csv", metavar="FILE", help="results per question (CSV for Swedish Excel)")
    p.add_argument(
        "--show-small-groups",
        action="store_true",
        help="do not hide groups below the minimum size (only for use inside the unit)",
    )
    p.set_defaults(handler=cmd_report)

    p = sub.add_parser(
        "review-pdf",
        help="write a review summary as PDF, or every summary of a round (--round)",
    )
    p.add_argument("review_id", metavar="REVIEW_ID", nargs="?")
    p.add_argument("--round", metavar="ROUND_ID", help="every review of this round in one PDF")
    p.add_argument("--pdf", metavar="FILE", required=True)
    p.add_argument(
        "--complete-only", action="store_true", help="with --round: only complete reviews"
    )
    p.set_defaults(handler=cmd_review_pdf)

    r = sub.add_parser("reviews", help="list the reviews of a round")
    rsub = r.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
    p = rsub.add_parser("list", help="list the reviews of a round (id, case, status, …)")
    p.add_argument("round_id", metavar="ROUND_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_reviews_list)
