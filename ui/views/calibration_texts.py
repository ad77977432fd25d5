"""What the Kalibrering view computes and says: a round's agreement with its double-review cases
(in the background), the overall line, the flagged questions and the empty state."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from kvaldesk.services.agreement import AgreementReport, round_agreement
from ui.i18n import _
from ui.models.agreement_table_model import coefficient
from ui.models.double_state import DoubleState, load_double_states
from ui.models.results_format import percent


@dataclass(frozen=True)
class Calibration:
    """What the view shows for one round: the agreement and the double-review cases."""

    report: AgreementReport
    cases: list[DoubleState]


def compute(db: Database, round_id: str, kappa: float, agreement: float) -> Calibration:
    """The agreement of a round against these thresholds, and its double-review cases."""
    return Calibration(
        round_agreement(db, round_id, kappa_threshold=kappa, agreement_threshold=agreement),
        load_double_states(db, round_id),
    )


def overall_text(report: AgreementReport) -> str:
    """The overall line: cases, agreement, κ, AC1 and n."""
    overall = report.overall
    if report.cases == 1:
        text = _(
            "1 dubbelgranskat ärende · Totalt: överensstämmelse {agreement}, κ {kappa}, "
            "AC1 {ac1} (n = {n} svarspar)"
        )
    else:
        text = _(
            "{cases} dubbelgranskade ärenden · Totalt: överensstämmelse {agreement}, "
            "κ {kappa}, AC1 {ac1} (n = {n} svarspar)"
        )
    return text.format(
        cases=report.cases,
        agreement=percent(overall.agreement),
        kappa=coefficient(overall.kappa),
        ac1=coefficient(overall.ac1),
        n=overall.n,
    )


def flagged_text(report: AgreementReport) -> str:
    """What the highlighted questions mean ("" when none is under a threshold)."""
    flagged = report.flagged
    if not flagged:
        return ""
    ids = ", ".join(q.id for q in flagged)
    if len(flagged) == 1:
        text = _(
            "1 fråga ({ids}) ligger under gränserna och är markerad i tabellen: kandidat för "
            "tydligare formulering eller hjälptext."
        )
    else:
        text = _(
            "{n} frågor ({ids}) ligger under gränserna och är markerade i tabellen: kandidater "
            "för tydligare formulering eller hjälptext."
        )
    return text.format(n=len(flagged), ids=ids)


def empty_text(cases: list[DoubleState]) -> str:
    """The empty state: what to do to get double-reviewed cases."""
    marked = sum(1 for c in cases if c.marked)
    text = _(
        "Inga dubbelgranskade ärenden ännu i den här omgången. Markera ärenden för "
        "dubbelgranskning under Granskningar (knappen Dubbelgranskning). Samstämmigheten "
        "visas här när två granskare har granskat samma ärende klart."
    )
    if marked:
        text = "\n\n".join(
            [
                text,
                _("{n} ärenden är markerade och väntar på två klara granskningar.").format(
                    n=marked
                ),
            ]
        )
    return text
