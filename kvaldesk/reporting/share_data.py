"""How the printed and exported reports write shares, counts, intervals, changes and numbers.

The rules are the window's (ui/models/results_format.py) and the chart's: a whole percentage
("76 %"), "x av n" when n < 10, "–" when a group is suppressed or has no answers, changes in
procentenheter ("+12 p.e."), numbers with a decimal comma. The minus sign is written as an
en dash ("–5 p.e."): the embedded font has no U+2212.
"""

from __future__ import annotations

from kvaldesk.reporting.charts import SMALL_N, format_percent
from kvaldesk.results.model import Counts

NOTHING = "–"


def percent(share: float | None) -> str:
    """ "76 %" for a share 0–1, or "–"."""
    if share is None:
        return NOTHING
    return f"{round(100 * share)} %"


def target_text(target_pct: float | None) -> str:
    """ "90 %" or "92,5 %", or "–"."""
    if target_pct is None:
        return NOTHING
    return format_percent(target_pct)


def x_of_n(counts: Counts) -> str:
    """ "19 av 25" (compliant of n), or "–"."""
    if counts.suppressed or counts.n == 0:
        return NOTHING
    return f"{counts.compliant} av {counts.n}"


def share_text(counts: Counts) -> str:
    """ "76 %", "7 av 9" when n < 10, or "–"."""
    if counts.suppressed or counts.n == 0:
        return NOTHING
    if counts.n < SMALL_N:
        return x_of_n(counts)
    return percent(counts.share)


def group_text(counts: Counts) -> str:
    """A group's cell: "76 % (25)", "7 av 9" when n < 10, "–" when suppressed or empty."""
    if counts.suppressed or counts.n == 0:
        return NOTHING
    if counts.n < SMALL_N:
        return x_of_n(counts)
    return f"{percent(counts.share)} ({counts.n})"


def interval_text(counts: Counts) -> str:
    """The 95 % Wilson interval, "62–87 %", or "–"."""
    low, high = counts.interval
    if counts.suppressed or low is None or high is None:
        return NOTHING
    return f"{round(100 * low)}–{round(100 * high)} %"


def change_points(change: float | None) -> int | None:
    """A change of share (0–1) in whole procentenheter."""
    return None if change is None else round(100 * change)


def change_text(change: float | None) -> str:
    """ "+12 p.e.", "–5 p.e.", "±0 p.e." or "–"."""
    points = change_points(change)
    if points is None:
        return NOTHING
    if points > 0:
        return f"+{points} p.e."
    if points < 0:
        return f"–{-points} p.e."
    return "±0 p.e."


def number_text(value: float | None, decimals: int = 1) -> str:
    """A number Swedish style: whole numbers without decimals, else a decimal comma."""
    if value is None:
        return NOTHING
    if abs(value - round(value)) < 10 ** (-decimals) / 2:
        return f"{round(value):,}".replace(",", "\u00a0")
    return f"{value:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")


def date_text(stamp: str | None) -> str:
    """The date part (ÅÅÅÅ-MM-DD) of an ISO timestamp, or "–"."""
    if not stamp:
        return NOTHING
    return stamp[:10]
