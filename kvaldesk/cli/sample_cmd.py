"""``kvaldesk sample ROUND_ID FILE``: draw a random sample of cases (urval) into a round."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlite_utils import Database

from kvaldesk.cli.output import Subparsers, print_json
from kvaldesk.services import sampling


def _stratum_label(name: str) -> str:
    return name or "(tom)"


def cmd_sample(db: Database, args: argparse.Namespace) -> int:
    case_list = sampling.read_case_list(Path(args.file))
    outcome = sampling.sample_round(
        db,
        args.round_id,
        case_list,
        args.n,
        by=args.by,
        seed=args.seed,
        exclude_caseworkers=args.exclude_caseworker,
    )
    sample = outcome.sample
    if args.json:
        print_json(
            {
                "round": args.round_id,
                "file": outcome.source,
                "seed": sample.seed,
                "n": sample.n,
                "by": sample.by,
                "excluded_own": sample.excluded,
                "drawn": [
                    {"reference": case.reference, "stratum": stratum}
                    for case, stratum in sample.cases
                ],
                "strata": [
                    {
                        "name": s.name,
                        "available": s.available,
                        "drawn": s.drawn,
                        "short": s.short,
                    }
                    for s in sample.strata
                ],
            }
        )
        return 0
    for case, stratum in sample.cases:
        print(f"{case.reference}\t{stratum}" if sample.by else case.reference)
    print(f"Frö: {sample.seed} – {len(sample.cases)} ärenden lades till i omgången.")
    if sample.excluded:
        print(f"{sample.excluded} ärenden uteslöts eftersom de är granskarens egna.")
    for s in sample.strata:
        if s.short:
            where = f"Gruppen {_stratum_label(s.name)}" if sample.by else "Listan"
            print(f"{where} har bara {s.available} ärenden (färre än {s.wanted}): alla drogs.")
    if sample.by is None and args.exclude_caseworker is None and not sample.excluded:
        print("Inga ärenden uteslöts (ingen handläggarkod angiven eller inga egna ärenden).")
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("måste vara minst 1")
    return value


def register(sub: Subparsers) -> None:
    """Add this command to the parser."""
    p = sub.add_parser("sample", help="draw a random sample of cases into a round")
    p.add_argument("round_id", metavar="ROUND_ID")
    p.add_argument("file", metavar="FILE", help="CSV, XLSX or text file with case references")
    p.add_argument("--n", type=_positive, required=True, metavar="N", help="cases (per stratum)")
    p.add_argument("--by", choices=["unit", "subgroup"], help="stratify by unit or subgroup")
    p.add_argument(
        "--seed", type=int, metavar="S", help="seed (default: the round's stored seed, or new)"
    )
    p.add_argument(
        "--exclude-caseworker",
        action="append",
        metavar="CODE",
        help="leave out cases whose handläggare is CODE (repeatable; default: your own code "
        "from the settings)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_sample)
