"""The one chart code of kvaldesk: reportlab drawings used by the window (as SVG) and the PDFs.

:func:`share_bar_chart` draws a horizontal bar chart of the share compliant per question, with
the previous round as a thin second bar, the round's target as a dashed line and the value at
the end of each bar. :func:`drawing_to_svg` turns any drawing into SVG bytes for QtSvg.
No Qt here: the window only shows the SVG.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics

from kvaldesk.results.model import RoundResults
from kvaldesk.results.trends import Trends

__all__ = [
    "ChartBar",
    "ChartTexts",
    "TrendSeries",
    "bars_from_results",
    "drawing_to_svg",
    "format_percent",
    "share_bar_chart",
    "trend_bar_chart",
    "trend_series",
]

SMALL_N = 10
"""Below this n a share is written "x av n" instead of a percentage."""

MEETS_TARGET = colors.HexColor("#2b6c9e")
BELOW_TARGET = colors.HexColor("#d9822b")
PREVIOUS = colors.HexColor("#8a949e")
GRID = colors.HexColor("#d5dbe1")
AXIS = colors.HexColor("#5b6670")
STRIPE = colors.HexColor("#f4f6f8")
TEXT = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5b6670")
TARGET_LINE = colors.HexColor("#a4161a")

WIDTH_SAFETY = 1.15
"""Room for a screen font that is wider than the font the text was measured with."""


@dataclass(frozen=True)
class ChartBar:
    """One bar: a question's share compliant (0–1, None when n = 0) and its counts.

    ``previous_share`` (0–1) is the same question in the previous round, when comparable.
    """

    label: str
    share: float | None
    n: int = 0
    compliant: int = 0
    previous_share: float | None = None


@dataclass(frozen=True)
class ChartTexts:
    """Every text the chart writes, so the window can pass translated ones."""

    target: str = "Mål {pct} %"
    percent: str = "{pct} %"
    small_n: str = "{compliant} av {n}"
    no_answers: str = "–"
    at_target: str = "Når målet"
    below_target: str = "Under målet"
    current: str = "Andel uppfyllt"
    previous: str = "Föregående omgång"
    empty: str = "Inga frågor att visa."


def format_percent(value: float, template: str = "{pct} %") -> str:
    """A percentage (0–100) Swedish style: whole numbers without decimals, else one decimal
    with a decimal comma ("90 %", "92,5 %")."""
    if abs(value - round(value)) < 0.05:
        text = str(round(value))
    else:
        text = f"{value:.1f}".replace(".", ",")
    return template.format(pct=text)


def default_value_text(bar: ChartBar, texts: ChartTexts = ChartTexts()) -> str:
    """ "76 %", or "7 av 9" when n < 10, or "–" when nothing was answered."""
    if bar.n <= 0 or bar.share is None:
        return texts.no_answers
    if bar.n < SMALL_N:
        return texts.small_n.format(compliant=bar.compliant, n=bar.n)
    return texts.percent.format(pct=round(100 * bar.share))


def bars_from_results(results: RoundResults) -> list[ChartBar]:
    """One bar per share-counting question of the round, in template order (overall counts)."""
    bars: list[ChartBar] = []
    for result in results.questions:
        if not result.question.counts_in_share:
            continue
        counts = result.overall
        previous = result.previous.share if result.previous is not None else None
        bars.append(
            ChartBar(
                label=result.question.id,
                share=counts.share,
                n=counts.n,
                compliant=counts.compliant,
                previous_share=previous,
            )
        )
    return bars


def _width(text: str, font: str, size: float) -> float:
    """The width of the text in points, measured with the font's metrics."""
    return float(pdfmetrics.stringWidth(text, font, size))


def _bold_of(font_name: str) -> str:
    if font_name in ("Helvetica", "Times-Roman", "Courier"):
        return {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold"}.get(
            font_name, "Courier-Bold"
        )
    return font_name


def _fit(text: str, font: str, size: float, max_width: float) -> str:
    """The text, shortened with "…" so that it is at most ``max_width`` wide."""
    if _width(text, font, size) <= max_width:
        return text
    ellipsis = "…"
    while text and _width(text + ellipsis, font, size) > max_width:
        text = text[:-1]
    return (text.rstrip() + ellipsis) if text else ""


def _clamp01(value: float) -> float:
    if math.isnan(value):
        return 0.0
    return min(1.0, max(0.0, value))


def _tick_step(plot_width: float, font: str, size: float, texts: ChartTexts) -> int:
    """The step in % between tick labels that keeps the labels apart."""
    label_width = _width(texts.percent.format(pct=100), font, size) + 6
    for step in (10, 20, 25, 50):
        if plot_width * step / 100 >= label_width:
            return step
    return 100


def share_bar_chart(
    items: Sequence[ChartBar],
    target_pct: float | None,
    title: str = "",
    width: float = 480,
    *,
    font_name: str = "Helvetica",
    bold_font_name: str | None = None,
    font_size: float = 8,
    show_values: bool = True,
    value_text: Callable[[ChartBar], str] | None = None,
    texts: ChartTexts | None = None,
    legend: bool = True,
) -> Drawing:
    """A horizontal bar chart of the share compliant (axis 0–100 %) per item.

    Bars at or above ``target_pct`` are blue, bars below it orange; without a target every bar
    is blue. The previous round is a thin grey bar under each bar. Items with n = 0 show "–"
    and no bar. The height grows with the number of items; labels never overlap: long labels
    are shortened with "…", and the value column is reserved beside the plot.
    """
    texts = texts or ChartTexts()
    value_of = value_text or (lambda bar: default_value_text(bar, texts))
    bold = bold_font_name or _bold_of(font_name)
    width = max(float(width), 160.0)
    pad = 6.0
    small = font_size * 0.9
    row_height = max(16.0, font_size * 2.3)
    bar_height = row_height * 0.52
    previous_height = max(2.0, row_height * 0.16)
    has_previous = any(bar.previous_share is not None for bar in items)

    # Vertical layout, top down.
    title_height = font_size + 8 if title else 0.0
    target_height = font_size + 6 if target_pct is not None else 2.0
    axis_height = small + 8
    legend_entries = _legend_entries(items, target_pct, has_previous, texts) if legend else []

    # Horizontal layout: labels | plot | values.
    label_width = max((_width(bar.label, font_name, font_size) for bar in items), default=0)
    label_column = min(label_width * WIDTH_SAFETY, width * 0.3) + 8
    values = [value_of(bar) for bar in items] if show_values else []
    value_width = max((_width(v, font_name, font_size) for v in values), default=0.0)
    tick_half = _width(texts.percent.format(pct=100), font_name, small) / 2
    value_column = max(value_width * WIDTH_SAFETY + 8, tick_half * WIDTH_SAFETY + 2)
    plot_left = pad + label_column
    plot_right = width - pad - value_column
    plot_width = max(plot_right - plot_left, 40.0)
    plot_right = plot_left + plot_width

    legend_layout = _legend_layout(legend_entries, width - 2 * pad, font_name, font_size)
    rows = max(len(items), 1)
    height = (
        pad
        + title_height
        + target_height
        + rows * row_height
        + axis_height
        + legend_layout.height
        + pad
    )
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=colors.white, strokeColor=None))

    top = height - pad
    if title:
        drawing.add(
            String(
                pad,
                top - font_size - 2,
                _fit(title, bold, font_size + 2, width - 2 * pad),
                fontName=bold,
                fontSize=font_size + 2,
                fillColor=TEXT,
            )
        )
        top -= title_height
    top -= target_height
    plot_top = top
    plot_bottom = plot_top - rows * row_height

    def x_of(share: float) -> float:
        return plot_left + _clamp01(share) * plot_width

    # Stripes, gridlines and the axis.
    for index in range(len(items)):
        if index % 2 == 1:
            y = plot_top - (index + 1) * row_height
            drawing.add(
                Rect(plot_left, y, plot_width, row_height, fillColor=STRIPE, strokeColor=None)
            )
    step = _tick_step(plot_width, font_name, small, texts)
    for pct in range(0, 101, 10):
        x = x_of(pct / 100)
        drawing.add(
            Line(x, plot_bottom, x, plot_top, strokeColor=GRID if pct else AXIS, strokeWidth=0.5)
        )
        if pct % step == 0:
            drawing.add(
                String(
                    x,
                    plot_bottom - small - 3,
                    texts.percent.format(pct=pct),
                    fontName=font_name,
                    fontSize=small,
                    fillColor=MUTED,
                    textAnchor="middle",
                )
            )
    drawing.add(
        Line(plot_left, plot_bottom, plot_right, plot_bottom, strokeColor=AXIS, strokeWidth=0.7)
    )

    # Bars.
    if not items:
        empty_width = _width(texts.empty, font_name, font_size) * WIDTH_SAFETY
        drawing.add(
            Rect(
                plot_left + (plot_width - empty_width) / 2 - 4,
                plot_bottom + 2,
                empty_width + 8,
                row_height - 4,
                fillColor=colors.white,
                strokeColor=None,
            )
        )
        drawing.add(
            String(
                plot_left + plot_width / 2,
                plot_bottom + row_height / 2 - font_size / 3,
                texts.empty,
                fontName=font_name,
                fontSize=font_size,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    value_shapes: list[Rect | String] = []
    for index, bar in enumerate(items):
        row_top = plot_top - index * row_height
        bar_top = row_top - (row_height - bar_height - previous_height - 1) / 2
        bar_bottom = bar_top - bar_height
        text_y = bar_bottom + bar_height / 2 - font_size * 0.35
        drawing.add(
            String(
                plot_left - 6,
                text_y,
                _fit(bar.label, font_name, font_size, label_column - 8),
                fontName=font_name,
                fontSize=font_size,
                fillColor=TEXT,
                textAnchor="end",
            )
        )
        end = plot_left
        if bar.n > 0 and bar.share is not None:
            end = x_of(bar.share)
            meets = target_pct is None or bar.share * 100 >= target_pct - 1e-9
            drawing.add(
                Rect(
                    plot_left,
                    bar_bottom,
                    max(end - plot_left, 0.0),
                    bar_height,
                    fillColor=MEETS_TARGET if meets else BELOW_TARGET,
                    strokeColor=None,
                )
            )
        if bar.previous_share is not None:
            drawing.add(
                Rect(
                    plot_left,
                    bar_bottom - 1 - previous_height,
                    max(x_of(bar.previous_share) - plot_left, 0.0),
                    previous_height,
                    fillColor=PREVIOUS,
                    strokeColor=None,
                )
            )
        if show_values:
            # A background behind the value keeps gridlines and the target line off the text;
            # values are drawn last, over the target line.
            value_shapes.append(
                Rect(
                    end + 2,
                    text_y - font_size * 0.3,
                    _width(values[index], font_name, font_size) * WIDTH_SAFETY + 4,
                    font_size * 1.25,
                    fillColor=STRIPE if index % 2 == 1 else colors.white,
                    strokeColor=None,
                )
            )
            value_shapes.append(
                String(
                    end + 4,
                    text_y,
                    values[index],
                    fontName=font_name,
                    fontSize=font_size,
                    fillColor=TEXT if bar.n > 0 else MUTED,
                )
            )

    # The target line and its label above the plot.
    if target_pct is not None:
        x = x_of(target_pct / 100)
        # Dashes drawn as short lines: renderers disagree on dash patterns of a closed path.
        y = plot_bottom
        while y < plot_top + 2:
            end_y = min(y + 3, plot_top + 2)
            drawing.add(Line(x, y, x, end_y, strokeColor=TARGET_LINE, strokeWidth=1))
            y += 5
        label = format_percent(target_pct, texts.target)
        label_half = _width(label, font_name, font_size) / 2
        centre = min(max(x, pad + label_half), width - pad - label_half)
        drawing.add(
            String(
                centre,
                plot_top + 4,
                label,
                fontName=font_name,
                fontSize=font_size,
                fillColor=TARGET_LINE,
                textAnchor="middle",
            )
        )

    for shape in value_shapes:
        drawing.add(shape)

    # The legend under the axis.
    _draw_legend(drawing, legend_layout, pad, plot_bottom - axis_height, font_name, font_size)
    return drawing


LegendEntry = tuple[colors.Color, str]
_BOLD_FAMILY = re.compile(r"font-family: ([A-Za-z ]+)-Bold;")


def _legend_entries(
    items: Sequence[ChartBar], target_pct: float | None, has_previous: bool, texts: ChartTexts
) -> list[LegendEntry]:
    if not items:
        return []
    entries: list[LegendEntry] = []
    if target_pct is None:
        entries.append((MEETS_TARGET, texts.current))
    else:
        entries.append((MEETS_TARGET, texts.at_target))
        entries.append((BELOW_TARGET, texts.below_target))
    if has_previous:
        entries.append((PREVIOUS, texts.previous))
    return entries


@dataclass(frozen=True)
class _PlacedEntry:
    """A legend entry at ``x`` (from the legend's left edge) and ``y`` (down from the first
    row's baseline), its name broken into ``lines``."""

    x: float
    y: float
    colour: colors.Color
    lines: tuple[str, ...]


@dataclass(frozen=True)
class _LegendLayout:
    entries: tuple[_PlacedEntry, ...]
    height: float
    row_height: float
    line_height: float


def _wrap_words(text: str, font: str, size: float, max_width: float) -> list[str]:
    """The text broken at spaces into lines at most ``max_width`` wide (a word wider than
    that is shortened with "…")."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and _width(candidate, font, size) <= max_width:
            lines[-1] = candidate
        else:
            lines.append(_fit(word, font, size, max_width))
    return lines or [""]


def _legend_layout(
    entries: Sequence[LegendEntry], available: float, font: str, size: float
) -> _LegendLayout:
    """Legend entries left to right, wrapped onto as many rows as the width needs; a name too
    long for a row (a long round name) is broken into lines, so the legend never runs past
    the chart's edge. Widths are measured with :data:`WIDTH_SAFETY` (the window's SVG may be
    drawn with a wider font)."""
    row_height = size + 8
    line_height = size * 1.25
    placed: list[_PlacedEntry] = []
    x = 0.0
    row_top = 0.0
    row_lines = 1
    for colour, text in entries:
        lines = _wrap_words(text, font, size, (available - 28) / WIDTH_SAFETY)
        text_width = max(_width(line, font, size) for line in lines)
        if placed and x + 14 + text_width * WIDTH_SAFETY > available:
            row_top += row_height + (row_lines - 1) * line_height
            x = 0.0
            row_lines = 1
        placed.append(_PlacedEntry(x, row_top, colour, tuple(lines)))
        row_lines = max(row_lines, len(lines))
        x += 14 + text_width + 14
    height = row_top + row_height + (row_lines - 1) * line_height if placed else 0.0
    return _LegendLayout(tuple(placed), height, row_height, line_height)


def _draw_legend(
    drawing: Drawing, layout: _LegendLayout, left: float, top: float, font: str, size: float
) -> None:
    """Draw the legend with its first row's baseline one row under ``top``."""
    baseline = top - layout.row_height + 4
    for entry in layout.entries:
        x = left + entry.x
        y = baseline - entry.y
        drawing.add(Rect(x, y, 10, 7, fillColor=entry.colour, strokeColor=None))
        for number, line in enumerate(entry.lines):
            drawing.add(
                String(
                    x + 14,
                    y - number * layout.line_height,
                    line,
                    fontName=font,
                    fontSize=size,
                    fillColor=TEXT,
                )
            )


def drawing_to_svg(drawing: Drawing, title: str = "") -> bytes:
    """The drawing as SVG (UTF-8 bytes) for QtSvg or a file; ``title`` becomes the SVG's
    <title> (read by screen readers)."""
    svg = renderSVG.drawToString(drawing)
    svg = svg.replace("<title>...</title>", f"<title>{escape(title)}</title>", 1)
    svg = svg.replace("<desc>...</desc>", "<desc></desc>", 1)
    # "Helvetica-Bold" is a PDF font name, not a family: say bold the way SVG readers expect.
    svg = _BOLD_FAMILY.sub(r"font-family: \1; font-weight: bold;", svg)
    return svg.encode("utf-8")


# --------------------------------------------------------------------------- trends

TREND_COLOURS = (
    colors.HexColor("#c9d3dc"),
    colors.HexColor("#a3b4c4"),
    colors.HexColor("#7b93aa"),
    colors.HexColor("#4f7391"),
    MEETS_TARGET,
)
"""Oldest to newest round: greys deepening into the blue of the current round."""

MAX_TREND_ROUNDS = len(TREND_COLOURS)


@dataclass(frozen=True)
class TrendSeries:
    """One question's share per round (None when n = 0), and whether the question was joined
    in each round (False: its content differed in that round's template version)."""

    label: str
    shares: tuple[float | None, ...]
    ns: tuple[int, ...]
    compliant: tuple[int, ...]
    joined: tuple[bool, ...]


_TREND_PICKS = {1: (4,), 2: (1, 4), 3: (0, 2, 4), 4: (0, 1, 2, 4), 5: (0, 1, 2, 3, 4)}


def _trend_colours(count: int) -> list[colors.Color]:
    """Colours far enough apart for ``count`` rounds, the newest always blue."""
    return [TREND_COLOURS[i] for i in _TREND_PICKS.get(min(count, MAX_TREND_ROUNDS), ())]


def trend_bar_chart(
    series: Sequence[TrendSeries],
    round_labels: Sequence[str],
    title: str = "",
    width: float = 480,
    *,
    font_name: str = "Helvetica",
    bold_font_name: str | None = None,
    font_size: float = 8,
    texts: ChartTexts | None = None,
    not_joined: str = "ej jämförbar",
) -> Drawing:
    """A grouped horizontal bar chart of the share compliant per question and round (axis
    0–100 %): per question one bar per round, oldest on top, in deepening colours with the
    newest round in blue, each with its value. At most the last :data:`MAX_TREND_ROUNDS`
    rounds (the caller passes them). A round where the question was not joined shows
    ``not_joined`` instead of a bar."""
    texts = texts or ChartTexts()
    bold = bold_font_name or _bold_of(font_name)
    width = max(float(width), 200.0)
    rounds = len(round_labels)
    palette = _trend_colours(rounds)
    pad = 6.0
    small = font_size * 0.85
    bar_height = max(5.0, small * 1.15)
    gap = 1.5
    row_height = max(rounds, 1) * (bar_height + gap) + 8
    title_height = font_size + 8 if title else 0.0
    axis_height = small + 8

    def value_of(share: float | None, n: int, compliant: int) -> str:
        return default_value_text(ChartBar("", share, n, compliant), texts)

    value_texts = [
        value_of(s.shares[i], s.ns[i], s.compliant[i]) for s in series for i in range(rounds)
    ] + [not_joined]
    value_width = max((_width(v, font_name, small) for v in value_texts), default=0.0)
    label_width = max((_width(s.label, font_name, font_size) for s in series), default=0)
    label_column = min(label_width * WIDTH_SAFETY, width * 0.3) + 8
    tick_half = _width(texts.percent.format(pct=100), font_name, small) / 2
    value_column = max(value_width * WIDTH_SAFETY + 8, tick_half * WIDTH_SAFETY + 2)
    plot_left = pad + label_column
    plot_width = max(width - pad - value_column - plot_left, 40.0)
    plot_right = plot_left + plot_width
    legend = [(palette[i], round_labels[i]) for i in range(rounds)]
    legend_layout = _legend_layout(legend, width - 2 * pad, font_name, font_size)
    rows = max(len(series), 1)
    height = pad + title_height + 4 + rows * row_height + axis_height + legend_layout.height + pad
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=colors.white, strokeColor=None))
    top = height - pad
    if title:
        drawing.add(
            String(
                pad,
                top - font_size - 2,
                _fit(title, bold, font_size + 2, width - 2 * pad),
                fontName=bold,
                fontSize=font_size + 2,
                fillColor=TEXT,
            )
        )
        top -= title_height
    plot_top = top - 4
    plot_bottom = plot_top - rows * row_height

    def x_of(share: float) -> float:
        return plot_left + _clamp01(share) * plot_width

    for index in range(len(series)):
        if index % 2 == 1:
            y = plot_top - (index + 1) * row_height
            drawing.add(
                Rect(plot_left, y, plot_width, row_height, fillColor=STRIPE, strokeColor=None)
            )
    step = _tick_step(plot_width, font_name, small, texts)
    for pct in range(0, 101, 10):
        x = x_of(pct / 100)
        drawing.add(
            Line(x, plot_bottom, x, plot_top, strokeColor=GRID if pct else AXIS, strokeWidth=0.5)
        )
        if pct % step == 0:
            drawing.add(
                String(
                    x,
                    plot_bottom - small - 3,
                    texts.percent.format(pct=pct),
                    fontName=font_name,
                    fontSize=small,
                    fillColor=MUTED,
                    textAnchor="middle",
                )
            )
    drawing.add(
        Line(plot_left, plot_bottom, plot_right, plot_bottom, strokeColor=AXIS, strokeWidth=0.7)
    )
    if not series:
        drawing.add(
            String(
                plot_left + plot_width / 2,
                plot_bottom + row_height / 2 - font_size / 3,
                texts.empty,
                fontName=font_name,
                fontSize=font_size,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    for index, item in enumerate(series):
        row_top = plot_top - index * row_height
        drawing.add(
            String(
                plot_left - 6,
                row_top - row_height / 2 - font_size * 0.35,
                _fit(item.label, font_name, font_size, label_column - 8),
                fontName=font_name,
                fontSize=font_size,
                fillColor=TEXT,
                textAnchor="end",
            )
        )
        for i in range(rounds):
            bar_top = row_top - 4 - i * (bar_height + gap)
            bar_bottom = bar_top - bar_height
            share = item.shares[i]
            n = item.ns[i]
            end = plot_left
            if not item.joined[i]:
                text, colour = not_joined, MUTED
            elif share is not None and n > 0:
                end = x_of(share)
                drawing.add(
                    Rect(
                        plot_left,
                        bar_bottom,
                        max(end - plot_left, 0.0),
                        bar_height,
                        fillColor=palette[i],
                        strokeColor=None,
                    )
                )
                text = value_of(share, n, item.compliant[i])
                colour = TEXT
            else:
                text, colour = texts.no_answers, MUTED
            drawing.add(
                Rect(
                    end + 2,
                    bar_bottom,
                    _width(text, font_name, small) * WIDTH_SAFETY + 4,
                    bar_height,
                    fillColor=STRIPE if index % 2 == 1 else colors.white,
                    strokeColor=None,
                )
            )
            drawing.add(
                String(
                    end + 4,
                    bar_bottom + bar_height / 2 - small * 0.35,
                    text,
                    fontName=font_name,
                    fontSize=small,
                    fillColor=colour,
                )
            )
    _draw_legend(drawing, legend_layout, pad, plot_bottom - axis_height, font_name, font_size)
    return drawing


def trend_series(trends: Trends) -> tuple[list[TrendSeries], list[str]]:
    """The chart's series (one per question) and round labels for the last
    :data:`MAX_TREND_ROUNDS` rounds of ``trends``."""
    first = max(0, len(trends.rounds) - MAX_TREND_ROUNDS)
    labels = [r.name for r in trends.rounds[first:]]
    series = []
    for question in trends.questions:
        points = question.points[first:]
        series.append(
            TrendSeries(
                label=question.id,
                shares=tuple(p.share if p is not None else None for p in points),
                ns=tuple(p.n if p is not None else 0 for p in points),
                compliant=tuple(p.compliant if p is not None else 0 for p in points),
                joined=tuple(p is not None for p in points),
            )
        )
    return series, labels
