"""What the Dra urval dialog asks the engine for: the request read from the form, reading the
list and drawing a preview (in the background), and the outcome in whole sentences."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from kvaldesk.results.sampling import Sample, StratifyBy
from kvaldesk.services import sampling as sampling_service
from kvaldesk.services.sampling import CaseList
from ui.i18n import _


def strata() -> list[tuple[StratifyBy, str]]:
    """The ways to split a sample, with their translated labels."""
    return [
        (None, _("Ingen uppdelning")),
        ("unit", _("Per enhet (N från varje enhet)")),
        ("subgroup", _("Per grupp (N från varje grupp)")),
    ]


@dataclass(frozen=True)
class DrawRequest:
    """What the person asked for (read on the main thread, used by the background job)."""

    path: str | None
    pasted: str
    n: int
    by: StratifyBy
    seed: int | None
    #: The caseworker codes whose cases are left out; None: the code in Inställningar.
    exclude: tuple[str, ...] | None


def read_list(request: DrawRequest) -> CaseList:
    """The checked list of cases (ValidationError with every problem)."""
    if request.path is not None:
        return sampling_service.read_case_list(Path(request.path))
    return sampling_service.parse_case_text(request.pasted, _("inklistrad lista"))


def preview(db: Database, round_id: str, request: DrawRequest) -> tuple[CaseList, Sample]:
    """Read the list and draw the sample without storing anything."""
    case_list = read_list(request)
    return case_list, sampling_service.preview_sample(
        db,
        round_id,
        case_list,
        request.n,
        by=request.by,
        seed=request.seed,
        exclude_caseworkers=request.exclude,
    )


def drawn_text(sample: Sample) -> str:
    """ "12 ärenden drogs med fröet 4711." with the right number form."""
    if len(sample.cases) == 1:
        text = _("1 ärende drogs med fröet {seed}.")
    else:
        text = _("{n} ärenden drogs med fröet {seed}.")
    return text.format(n=len(sample.cases), seed=sample.seed)


def details_text(sample: Sample) -> str:
    """The strata and the excluded own cases, in whole sentences ("" when nothing to say)."""
    lines = []
    if sample.by is not None:
        parts = [
            _("{name}: {drawn} av {available}").format(
                name=s.name or _("(tom)"), drawn=s.drawn, available=s.available
            )
            for s in sample.strata
        ]
        lines.append(_("Per stratum: {parts}.").format(parts="; ".join(parts)))
        short = [s.name or _("(tom)") for s in sample.strata if s.short]
        if short:
            lines.append(
                _("Färre ärenden än N fanns i {names}; alla drogs där.").format(
                    names=", ".join(short)
                )
            )
    elif sample.strata and sample.strata[0].short:
        lines.append(
            _("Listan hade bara {n} ärenden att dra från; alla drogs.").format(
                n=sample.strata[0].available
            )
        )
    if sample.excluded:
        lines.append(
            _("{n} ärenden med handläggarkoden uteslöts (granskarens egna).").format(
                n=sample.excluded
            )
        )
    return "\n".join(lines)
