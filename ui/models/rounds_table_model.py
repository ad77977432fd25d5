"""A thin table model over ``kvaldesk.services.rounds.list_rounds``: one row per round."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from kvaldesk.domain.enums import RoundStatus
from kvaldesk.domain.model import Round
from kvaldesk.services.rounds import RoundSummary
from ui.i18n import _

Index = QModelIndex | QPersistentModelIndex

NAME, TEMPLATE, UNIT, PERIOD, TARGET, CASES, COMPLETE, STATUS = range(8)
COLUMN_COUNT = STATUS + 1

#: The round id of a row (any column).
ROUND_ID_ROLE = Qt.ItemDataRole.UserRole

#: Closed rounds are shown dimmed (and say "Stängd", so not by colour alone).
CLOSED_FOREGROUND = QColor("#5f6b76")

_NUMERIC = (TARGET, CASES, COMPLETE)


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


class RoundsTableModel(QAbstractTableModel):
    """Namn, Mall, Enhet, Period, Mål, Ärenden, Klara granskningar, Status."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RoundSummary] = []

    def headers(self) -> list[str]:
        """The column titles, translated."""
        return [
            _("Namn"),
            _("Mall"),
            _("Enhet"),
            _("Period"),
            _("Mål"),
            _("Ärenden"),
            _("Klara granskningar"),
            _("Status"),
        ]

    def set_rows(self, rows: Sequence[RoundSummary]) -> None:
        """Show these rounds (in the service's order, newest first)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def summary_at(self, row: int) -> RoundSummary | None:
        """The round shown at ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, round_id: str) -> int:
        """The row showing this round, or -1."""
        for number, summary in enumerate(self._rows):
            if summary.round.id == round_id:
                return number
        return -1

    # Qt's model interface -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of rounds (0 under any item: this is a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Eight columns."""
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and 0 <= section < COLUMN_COUNT
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
        ):
            return self.headers()[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Selectable, not editable in place (editing is done in the dialog)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, tooltip, alignment and colour of one cell."""
        if not index.isValid():
            return None
        summary = self.summary_at(index.row())
        column = index.column()
        if summary is None or not 0 <= column < COLUMN_COUNT:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(summary, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(summary, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if summary.round.status is RoundStatus.CLOSED:
                return QBrush(CLOSED_FOREGROUND)
            return None
        if role == ROUND_ID_ROLE:
            return summary.round.id
        return None

    def _display(self, summary: RoundSummary, column: int) -> str:
        round_ = summary.round
        if column == NAME:
            return round_.name
        if column == TEMPLATE:
            return summary.template_title or _("{key} (version {version})").format(
                key=round_.template_key, version=round_.template_version
            )
        if column == UNIT:
            return round_.unit
        if column == PERIOD:
            return period_text(round_)
        if column == TARGET:
            return format_percent(round_.target_pct) if round_.target_pct is not None else "–"
        if column == CASES:
            return str(summary.cases)
        if column == COMPLETE:
            return _("{n} av {total}").format(n=summary.complete, total=summary.reviews)
        return status_text(round_)

    def _tooltip(self, summary: RoundSummary, column: int) -> str | None:
        if column == COMPLETE:
            return _(
                "{complete} av {reviews} påbörjade granskningar är klara. "
                "Omgången har {cases} ärenden."
            ).format(complete=summary.complete, reviews=summary.reviews, cases=summary.cases)
        if column == TARGET and summary.round.target_pct is None:
            return _("Inget mål är satt för omgången.")
        if column == STATUS and summary.round.status is RoundStatus.CLOSED:
            return _("Stängd: omgången tar inte emot nya ärenden eller granskningar.")
        if column in (NAME, TEMPLATE, UNIT):
            return self._display(summary, column) or None
        return None
