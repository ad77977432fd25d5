"""A thin table model over ``kvaldesk.services.rounds.list_rounds``: one row per round."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QBrush, QColor

from kvaldesk.domain.enums import RoundStatus
from kvaldesk.domain.model import Round
from kvaldesk.services.rounds import RoundSummary
from ui.i18n import _
from ui.models.base import RIGHT, Column, RowTableModel

NAME, TEMPLATE, UNIT, PERIOD, TARGET, CASES, COMPLETE, STATUS = range(8)

#: The round id of a row (any column).
ROUND_ID_ROLE = Qt.ItemDataRole.UserRole

#: Closed rounds are shown dimmed (and say "Stängd", so not by colour alone).
CLOSED_FOREGROUND = QColor("#5f6b76")


def format_percent(value: float) -> str:
    """A percentage the Swedish way: "90 %", "87,5 %"."""
    number = QLocale().toString(float(value), "g", 4)
    return _("{value} %").format(value=number)


def period_text(round_: Round) -> str:
    """The period as one short text: "2026-01-01 – 2026-03-31", or only one end."""
    start, end = round_.period_start, round_.period_end
    if start and end:
        return _("{start} – {end}").format(start=start, end=end)
    if start:
        return _("från {start}").format(start=start)
    if end:
        return _("till {end}").format(end=end)
    return ""


def status_text(round_: Round) -> str:
    """Öppen or Stängd."""
    return _("Stängd") if round_.status is RoundStatus.CLOSED else _("Öppen")


def template_text(summary: RoundSummary) -> str:
    """The round's template: its title, or its key and version when the title is unknown."""
    round_ = summary.round
    return summary.template_title or _("{key} (version {version})").format(
        key=round_.template_key, version=round_.template_version
    )


def target_text(summary: RoundSummary) -> str:
    """The target as "90 %", or "–" when there is none."""
    target = summary.round.target_pct
    return format_percent(target) if target is not None else "–"


def _target_tooltip(summary: RoundSummary) -> str | None:
    if summary.round.target_pct is None:
        return _("Inget mål är satt för omgången.")
    return None


def _complete_tooltip(summary: RoundSummary) -> str:
    return _(
        "{complete} av {reviews} påbörjade granskningar är klara. Omgången har {cases} ärenden."
    ).format(complete=summary.complete, reviews=summary.reviews, cases=summary.cases)


def _status_tooltip(summary: RoundSummary) -> str | None:
    if summary.round.status is RoundStatus.CLOSED:
        return _("Stängd: omgången tar inte emot nya ärenden eller granskningar.")
    return None


class RoundsTableModel(RowTableModel[RoundSummary]):
    """Namn, Mall, Enhet, Period, Mål, Ärenden, Klara granskningar, Status."""

    def columns(self) -> list[Column[RoundSummary]]:
        """The eight columns."""
        return [
            Column(_("Namn"), lambda s: s.round.name, tooltip=lambda s: s.round.name or None),
            Column(_("Mall"), template_text, tooltip=lambda s: template_text(s) or None),
            Column(_("Enhet"), lambda s: s.round.unit, tooltip=lambda s: s.round.unit or None),
            Column(_("Period"), lambda s: period_text(s.round)),
            Column(_("Mål"), target_text, tooltip=_target_tooltip, alignment=RIGHT),
            Column(_("Ärenden"), lambda s: str(s.cases), alignment=RIGHT),
            Column(
                _("Klara granskningar"),
                lambda s: _("{n} av {total}").format(n=s.complete, total=s.reviews),
                tooltip=_complete_tooltip,
                alignment=RIGHT,
            ),
            Column(_("Status"), lambda s: status_text(s.round), tooltip=_status_tooltip),
        ]

    def row_key(self, row: RoundSummary) -> str:
        """Rows are found by round id."""
        return row.round.id

    def role_data(self, row: RoundSummary, column: int, role: int) -> Any:
        """Closed rounds dimmed; the round id under ROUND_ID_ROLE."""
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(CLOSED_FOREGROUND) if row.round.status is RoundStatus.CLOSED else None
        if role == ROUND_ID_ROLE:
            return row.round.id
        return None

    def summary_at(self, row: int) -> RoundSummary | None:
        """The round shown at ``row``, or None."""
        return self.row_at(row)
