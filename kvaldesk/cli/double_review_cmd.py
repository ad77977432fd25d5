"""``kvaldesk double-review`` and ``kvaldesk consensus``: mark cases for independent double
review, list them, and record the reviewers' consensus on a double-reviewed case."""

from __future__ import annotations

import argparse

from sqlite_utils import Database

from kvaldesk.cli.output import Subparsers, print_json
from kvaldesk.domain.errors import NotFoundError, ValidationError
from kvaldesk.domain.model import Case
from kvaldesk.services import consensus, double_review, rounds

_CONSENSUS_LABELS = {"none": "ingen", "draft": "utkast", "complete": "klar"}


def _case(db: Database, round_id: str, reference: str) -> Case:
    for case in rounds.list_cases(db, round_id):
        if case.reference.casefold() == reference.strip().casefold():
            return case
    raise NotFoundError(f"Ärendet {reference} finns inte i omgången.")


def cmd_double_review(db: Database, args: argparse.Namespace) -> int:
    if args.mark or args.unmark:
        marked = [_case(db, args.round_id, r).id for r in args.mark or []]
        unmarked = [_case(db, args.round_id, r).id for r in args.unmark or []]
        if marked:
            double_review.mark_double_review(db, marked, True)
        if unmarked:
            double_review.mark_double_review(db, unmarked, False)
    if args.random:
        chosen = double_review.mark_random_double_review(
            db, args.round_id, args.random, seed=args.seed
        )
        if not args.json:
            print("Markerade för dubbelgranskning: " + ", ".join(c.reference for c in chosen))
    cases = double_review.double_review_cases(db, args.round_id)
    if args.json:
        print_json(
            [
                {
                    "case": c.case.reference,
                    "case_id": c.case.id,
                    "marked": c.marked,
                    "reviewers": c.reviewers,
                    "complete_reviewers": c.complete_reviewers,
                    "double_reviewed": c.is_double,
                    "consensus": c.consensus_status,
                }
                for c in cases
            ]
        )
        return 0
    if not cases:
        print("Inga ärenden är markerade för dubbelgranskning.")
    for c in cases:
        state = "dubbelgranskat" if c.is_double else f"{len(c.complete_reviewers)} av 2 klara"
        mark = "markerat" if c.marked else "omarkerat"
        print(
            f"  {c.case.reference:14} {mark:10} {state:16} "
            f"samsyn: {_CONSENSUS_LABELS[c.consensus_status]}"
        )
    return 0


def _parse_values(items: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items:
        question_id, sep, value = item.partition("=")
        if not sep or not question_id.strip() or not value.strip():
            raise ValidationError(f"--set {item}: skriv FRÅGA=SVAR, till exempel Q3=Ja.")
        values[question_id.strip()] = value.strip()
    return values


def cmd_consensus(db: Database, args: argparse.Namespace) -> int:
    case = _case(db, args.round_id, args.case)
    state = consensus.consensus_state(db, case.id)
    if args.set:
        wanted = _parse_values(args.set)
        by_id = {d.question_id: d for d in state.differences}
        values: dict[str, str] = {}
        for question_id, text in wanted.items():
            difference = by_id.get(question_id)
            value = text
            if difference is not None:
                for option_value, label in difference.options:
                    if text.casefold() in (option_value.casefold(), label.casefold()):
                        value = option_value
            values[question_id] = value
        consensus.save_consensus(db, case.id, values, comment=args.comment or "")
        state = consensus.consensus_state(db, case.id)
    if args.json:
        print_json(
            {
                "case": case.reference,
                "first": {"review_id": state.first.id, "reviewer": state.first.reviewer},
                "second": {"review_id": state.second.id, "reviewer": state.second.reviewer},
                "consensus_review_id": state.consensus.id if state.consensus else None,
                "differences": [
                    {
                        "id": d.question_id,
                        "text": d.text,
                        "first": d.first_value,
                        "second": d.second_value,
                        "reconciled": d.reconciled,
                    }
                    for d in state.differences
                ],
            }
        )
        return 0
    print(
        f"{case.reference}: {state.first.reviewer} och {state.second.reviewer} svarade olika "
        f"på {len(state.differences)} frågor."
    )
    for d in state.differences:
        line = f"  {d.question_id:6} {d.label(d.first_value)} / {d.label(d.second_value)}"
        if d.reconciled is not None:
            line += f"  → {d.label(d.reconciled)}"
        print(line)
    print("Samsyn sparad." if state.consensus else "Ingen samsyn sparad ännu.")
    return 0


def register(sub: Subparsers) -> None:
    """Add these commands to the parser."""
    p = sub.add_parser("double-review", help="mark and list cases for independent double review")
    p.add_argument("round_id", metavar="ROUND_ID")
    p.add_argument("--mark", action="append", metavar="CASE", help="mark a case (repeatable)")
    p.add_argument("--unmark", action="append", metavar="CASE", help="unmark a case")
    p.add_argument("--random", type=int, metavar="K", help="mark K random unmarked cases")
    p.add_argument("--seed", type=int, metavar="S", help="seed for --random")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_double_review)

    p = sub.add_parser("consensus", help="differences and consensus of a double-reviewed case")
    p.add_argument("round_id", metavar="ROUND_ID")
    p.add_argument("case", metavar="CASE", help="the case reference")
    p.add_argument(
        "--set",
        action="append",
        metavar="QUESTION=ANSWER",
        help="the agreed answer (label or value) of a differing question; repeatable",
    )
    p.add_argument("--comment", metavar="TEXT", help="why (stored in the audit log)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_consensus)
