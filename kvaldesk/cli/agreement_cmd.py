"""``kvaldesk agreement ROUND_ID``: agreement between reviewers on double-reviewed cases."""

from __future__ import annotations

import argparse

from sqlite_utils import Database

from kvaldesk.cli.output import Subparsers, print_json
from kvaldesk.services import agreement
from kvaldesk.services.agreement import AgreementStats


def _fmt(value: float | None, pct: bool = False) -> str:
    if value is None:
        return "–"
    if pct:
        return f"{value * 100:.0f} %".replace(".", ",")
    return f"{value:.2f}".replace(".", ",")


def _line(label: str, stats: AgreementStats) -> str:
    return (
        f"  {label:8} n = {stats.n:<4} överens {_fmt(stats.agreement, pct=True):>6}  "
        f"κ {_fmt(stats.kappa):>6}  AC1 {_fmt(stats.ac1):>6}"
    )


def _fraction(text: str) -> float:
    value = float(text.replace(",", "."))
    if value > 1:
        value /= 100
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("ange ett värde mellan 0 och 1 (eller 0–100 %)")
    return value


def cmd_agreement(db: Database, args: argparse.Namespace) -> int:
    report = agreement.round_agreement(
        db,
        args.round_id,
        kappa_threshold=args.kappa_threshold,
        agreement_threshold=args.agreement_threshold,
    )
    if args.json:
        print_json(agreement.agreement_to_json(report))
        return 0
    print(f"{report.round.name}: {report.cases} dubbelgranskade ärenden")
    if report.cases == 0:
        print("  Inga ärenden är granskade av två olika granskare ännu.")
        return 0
    for q in report.questions:
        print(_line(q.id, q.stats) + ("  ← under gränsvärdet" if q.flagged else ""))
    print(_line("Totalt", report.overall))
    print(
        f"Gränsvärden: κ {_fmt(report.kappa_threshold)}, "
        f"överensstämmelse {_fmt(report.agreement_threshold, pct=True)}."
    )
    return 0


def register(sub: Subparsers) -> None:
    """Add this command to the parser."""
    p = sub.add_parser(
        "agreement", help="agreement between reviewers (observed, Cohen's kappa, Gwet's AC1)"
    )
    p.add_argument("round_id", metavar="ROUND_ID")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--kappa-threshold",
        type=_fraction,
        metavar="K",
        help="flag questions with kappa below K (default: the settings, 0.75)",
    )
    p.add_argument(
        "--agreement-threshold",
        type=_fraction,
        metavar="A",
        help="flag questions with observed agreement below A (default: the settings, 0.95)",
    )
    p.set_defaults(handler=cmd_agreement)
