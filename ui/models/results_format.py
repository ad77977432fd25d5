"""How the results view writes shares, counts, intervals and changes (Swedish by default).

Every text goes through ``_()`` with a whole phrase as the msgid; numbers are filled in with
``format``. Shares use the same rule as the reports: "x av n" when n < 10, else a whole
percentage, and "–" when there is nothing to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale

from kvaldesk.results.model import Counts
from kvaldesk.services import charts
from ui.i18n import _

if TYPE_CHECKING:
    from kvaldesk.services.charts import ChartTexts

NOTHING = "–"


def percent(share: float | None) -> str:
    """ "76 %" for a share 0–1, or "–"."""
    if share is None:
        return NOTHING
    return _("{pct} %").format(pct=round(100 * share))


def target_text(target_pct: float | None) -> str:
    """ "90 %" or "92,5 %" for a target percentage, or "–"."""
    if target_pct is None:
        return NOTHING
    return charts.format_percent(target_pct, _("{pct} %"))


def x_of_n(counts: Counts) -> str:
    """ "7 av 9" (compliant of n), or "–" when n = 0."""
    if counts.suppressed or counts.n == 0:
        return NOTHING
    return _("{x} av {n}").format(x=counts.compliant, n=counts.n)


def share_text(counts: Counts) -> str:
    """ "76 %", or "7 av 9" when n < 10, or "–"."""
    if counts.suppressed or counts.n == 0:
        return NOTHING
    if counts.n < charts.SMALL_N:
        return x_of_n(counts)
    return percent(counts.share)


def group_text(counts: Counts) -> str:
    """A group's cell: "76 % (25)", "7 av 9" when n < 10, "–" when suppressed or empty."""
    if counts.suppressed or counts.n == 0:
        return NOTHING
    if counts.n < charts.SMALL_N:
        return x_of_n(counts)
    return _("{share} ({n})").format(share=percent(counts.share), n=counts.n)


def interval_text(counts: Counts) -> str:
    """The 95 % Wilson interval as "62–87 %", or "–"."""
    low, high = counts.interval
    if counts.suppressed or low is None or high is None:
        return NOTHING
    return _("{low}–{high} %").format(low=round(100 * low), high=round(100 * high))


def change_text(change: float | None) -> str:
    """A change of share (0–1 scale) in percentage points: "+12 p.e.", "−5 p.e.", "±0 p.e."."""
    if change is None:
        return NOTHING
    points = round(100 * change)
    if points > 0:
        return _("+{points} p.e.").format(points=points)
    if points < 0:
        return _("−{points} p.e.").format(points=-points)
    return _("±0 p.e.")


def number_text(value: float | None, decimals: int = 1) -> str:
    """A number in the user's locale: whole numbers without decimals, else one decimal."""
    if value is None:
        return NOTHING
    locale = QLocale()
    if abs(value - round(value)) < 1e-9:
        return locale.toString(round(value))
    return locale.toString(float(value), "f", decimals)


def group_label(name: str, by: str | None) -> str:
    """A group's name as a column title; cases without a group or unit get a plain label."""
    if name:
        return name[:1].upper() + name[1:]
    return _("Utan enhet") if by == "unit" else _("Utan grupp")


def chart_texts() -> ChartTexts:
    """The chart's texts in the current language."""
    return charts.ChartTexts(
        target=_("Mål {pct} %"),
        percent=_("{pct} %"),
        small_n=_("{compliant} av {n}"),
        no_answers=NOTHING,
        at_target=_("Når målet"),
        below_target=_("Under målet"),
        current=_("Andel uppfyllt"),
        previous=_("Föregående omgång"),
        empty=_("Inga frågor att visa."),
    )
