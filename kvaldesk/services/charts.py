"""Use case: the chart of a round's results, as SVG for the window.

The window and the PDF reports draw the same chart (:mod:`kvaldesk.reporting.charts`); the
window asks for it here, at the width it has and with its translated texts, and shows the SVG.
The small types and helpers the window needs to write the same numbers as the chart are
re-exported, so the UI imports only services.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kvaldesk.results.model import RoundResults
from kvaldesk.results.trends import Trends

if TYPE_CHECKING:
    from kvaldesk.reporting.charts import SMALL_N, ChartTexts, format_percent

__all__ = [
    "SMALL_N",
    "ChartSvg",
    "ChartTexts",
    "format_percent",
    "results_chart_svg",
    "trend_chart_svg",
]

#: Re-exported from kvaldesk.reporting.charts when first used: that module imports reportlab,
#: which took most of the window's start-up when imported at start.
_FROM_REPORTING = ("SMALL_N", "ChartTexts", "format_percent")


def __getattr__(name: str) -> Any:
    """``SMALL_N``, ``ChartTexts`` and ``format_percent`` of kvaldesk.reporting.charts,
    imported on first use (PEP 562)."""
    if name in _FROM_REPORTING:
        return getattr(importlib.import_module("kvaldesk.reporting.charts"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_chart_code() -> None:
    """Import the chart code (and reportlab) now. The window calls this on a worker thread
    before the first chart, so the import (about a second) never holds up its event loop."""
    importlib.import_module("kvaldesk.reporting.charts")


@dataclass(frozen=True)
class ChartSvg:
    """A drawn chart: the SVG and the drawing's size in points."""

    svg: bytes
    width: float
    height: float


def results_chart_svg(
    results: RoundResults,
    target_pct: float | None,
    title: str,
    *,
    width: float,
    font_size: float,
    texts: ChartTexts,
) -> ChartSvg:
    """The share compliant per question of ``results`` as a bar chart ``width`` points wide,
    with the target line at ``target_pct`` (none when None); ``title`` is the SVG's title."""
    from kvaldesk.reporting.charts import bars_from_results, drawing_to_svg, share_bar_chart

    drawing = share_bar_chart(
        bars_from_results(results),
        target_pct,
        title,
        width=width,
        font_size=font_size,
        texts=texts,
    )
    return ChartSvg(drawing_to_svg(drawing, title), float(drawing.width), float(drawing.height))


def trend_chart_svg(
    trends: Trends,
    title: str,
    *,
    width: float,
    font_size: float,
    texts: ChartTexts,
    not_joined: str = "ej jämförbar",
) -> ChartSvg:
    """The share compliant per question and round of ``trends`` (the last five rounds) as a
    grouped bar chart ``width`` points wide; ``not_joined`` is written where a question's
    content differed in a round."""
    from kvaldesk.reporting.charts import drawing_to_svg, trend_bar_chart, trend_series

    series, labels = trend_series(trends)
    drawing = trend_bar_chart(
        series,
        labels,
        title,
        width=width,
        font_size=font_size,
        texts=texts,
        not_joined=not_joined,
    )
    return ChartSvg(drawing_to_svg(drawing, title), float(drawing.width), float(drawing.height))
