"""The shared bar chart: renders to SVG for any number of bars, labels, target line, n = 0."""

from __future__ import annotations

from itertools import pairwise

import pytest
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.pdfbase import pdfmetrics

from kvaldesk.domain.enums import CountsAs, Criterion
from kvaldesk.domain.model import AnswerOption, Question
from kvaldesk.reporting.charts import (
    BELOW_TARGET,
    MEETS_TARGET,
    PREVIOUS,
    WIDTH_SAFETY,
    ChartBar,
    ChartTexts,
    TrendSeries,
    bars_from_results,
    drawing_to_svg,
    format_percent,
    share_bar_chart,
    trend_bar_chart,
)
from kvaldesk.results.model import Counts, QuestionResult, RoundResults


def _bars(count: int) -> list[ChartBar]:
    return [
        ChartBar(
            f"FB{i + 1}",
            share=(i % 11) / 10,
            n=20,
            compliant=2 * (i % 11),
            previous_share=0.5 if i % 2 else None,
        )
        for i in range(count)
    ]


def _rects(drawing: Drawing, *fills: object) -> list[Rect]:
    return [s for s in drawing.contents if isinstance(s, Rect) and s.fillColor in fills]


def _strings(drawing: Drawing) -> list[String]:
    return [s for s in drawing.contents if isinstance(s, String)]


@pytest.mark.parametrize("count", [0, 1, 40])
def test_chart_renders_to_svg(count: int) -> None:
    drawing = share_bar_chart(_bars(count), 90, title="Andel uppfyllt per fråga")
    svg = drawing_to_svg(drawing, title="Andel uppfyllt – åäö")
    assert svg.startswith(b"<?xml")
    text = svg.decode("utf-8")
    assert "<svg" in text
    assert "Mål 90 %" in text
    assert "<title>Andel uppfyllt – åäö</title>" in text
    for bar in _bars(count):
        assert f">{bar.label}<" in text
    if count == 0:
        assert "Inga frågor att visa." in text


def test_height_grows_with_the_number_of_bars() -> None:
    heights = [share_bar_chart(_bars(n), 90).height for n in (1, 5, 40)]
    assert heights[0] < heights[1] < heights[2]


def test_bars_below_target_are_warm_and_at_target_calm() -> None:
    drawing = share_bar_chart(
        [ChartBar("A", 0.9, 20, 18), ChartBar("B", 0.5, 20, 10), ChartBar("C", 1.0, 4, 4)], 90
    )
    assert len(_rects(drawing, MEETS_TARGET)) == 2 + 1  # two bars and the legend swatch
    assert len(_rects(drawing, BELOW_TARGET)) == 1 + 1


def test_no_bar_when_n_is_zero() -> None:
    drawing = share_bar_chart([ChartBar("FB5", None, 0, 0)], 90, legend=False)
    assert _rects(drawing, MEETS_TARGET, BELOW_TARGET) == []
    texts = [s.text for s in _strings(drawing)]
    assert "FB5" in texts
    assert "–" in texts
    assert "–" in drawing_to_svg(drawing).decode("utf-8")


def test_value_labels_small_n_and_percent() -> None:
    drawing = share_bar_chart([ChartBar("A", 7 / 9, 9, 7), ChartBar("B", 0.76, 25, 19)], None)
    texts = [s.text for s in _strings(drawing)]
    assert "7 av 9" in texts
    assert "76 %" in texts
    assert not any(t.startswith("Mål") for t in texts)


def test_previous_round_is_a_thin_second_bar() -> None:
    drawing = share_bar_chart([ChartBar("A", 0.8, 20, 16, previous_share=0.5)], 90, legend=False)
    (previous,) = _rects(drawing, PREVIOUS)
    (current,) = _rects(drawing, BELOW_TARGET)
    assert previous.height < current.height
    assert previous.width == pytest.approx(current.width * 0.5 / 0.8)


def test_labels_never_overlap_and_stay_inside() -> None:
    bars = [ChartBar(f"Fråga med ett mycket långt namn {i}", 1.0, 30, 30) for i in range(40)]
    drawing = share_bar_chart(bars, 92.5, title="En titel " * 30, width=300)
    labels = sorted(
        s.y for s in _strings(drawing) if s.text.startswith("Fråga") and s.textAnchor == "end"
    )
    assert len(labels) == 40
    assert all(b - a >= 8 for a, b in pairwise(labels))
    texts = [s.text for s in _strings(drawing)]
    assert "Mål 92,5 %" in texts
    assert any(t.endswith("…") for t in texts)
    for string in _strings(drawing):
        assert 0 <= string.x <= drawing.width
        assert 0 <= string.y <= drawing.height


LONG_ROUND_NAMES = [
    f"Barnavårdsutredningar {season} {year}, Individ- och familjeomsorgen"
    for year in (2025, 2026)
    for season in ("våren", "hösten")
] + ["Barnavårdsutredningar hösten 2026, Individ- och familjeomsorgen"]


def _trend_series(rounds: int) -> list[TrendSeries]:
    return [
        TrendSeries(
            f"BU{i}",
            shares=(0.5,) * rounds,
            ns=(20,) * rounds,
            compliant=(10,) * rounds,
            joined=(True,) * rounds,
        )
        for i in range(1, 5)
    ]


@pytest.mark.parametrize("width", [260, 300, 482])
def test_trend_legend_with_long_round_names_wraps_below_the_plot(width: int) -> None:
    drawing = trend_bar_chart(_trend_series(5), LONG_ROUND_NAMES, "Trend", width)
    strings = _strings(drawing)
    axis_labels = [s for s in strings if s.text == "0 %"]
    assert axis_labels
    axis_bottom = min(s.y for s in axis_labels)
    legend = [s for s in strings if s.y < axis_bottom - 1]
    legend_text = " ".join(s.text for s in legend)
    for name in LONG_ROUND_NAMES:
        assert name in legend_text  # every word kept, in order
    for string in legend:
        # Inside the chart even when the window draws the SVG with a wider font.
        right = string.x + pdfmetrics.stringWidth(string.text, "Helvetica", 8) * WIDTH_SAFETY
        assert right <= drawing.width
        assert 0 <= string.y <= drawing.height
    # No two legend lines on top of each other.
    lines = sorted({(round(s.y, 3)) for s in legend})
    assert all(b - a >= 8 for a, b in pairwise(lines))
    if width < 400:
        assert len(lines) > len(LONG_ROUND_NAMES)  # the names are broken into lines


def test_short_legend_entries_share_a_row() -> None:
    drawing = trend_bar_chart(
        _trend_series(3), ["Våren 2025", "Hösten 2025", "Våren 2026"], "", 482
    )
    names = [s for s in _strings(drawing) if s.text.startswith(("Våren", "Hösten"))]
    assert len(names) == 3
    assert len({s.y for s in names}) == 1


def test_translated_texts_and_custom_value_text() -> None:
    texts = ChartTexts(target="Target {pct} %", at_target="At target")
    drawing = share_bar_chart(
        [ChartBar("A", 0.95, 20, 19)], 90, texts=texts, value_text=lambda bar: f"{bar.n} st"
    )
    svg = drawing_to_svg(drawing).decode("utf-8")
    assert "Target 90 %" in svg
    assert "At target" in svg
    assert "20 st" in svg


def test_format_percent() -> None:
    assert format_percent(90) == "90 %"
    assert format_percent(92.5) == "92,5 %"


def _question(qid: str, compliant_option: bool = True) -> Question:
    options = (
        AnswerOption(
            "ja", "Ja", CountsAs.COMPLIANT if compliant_option else CountsAs.NOT_APPLICABLE
        ),
        AnswerOption("nej", "Nej", CountsAs.NON_COMPLIANT),
    )
    return Question(qid, f"Text {qid}", "", Criterion.TS, options=options)


def test_bars_from_results_takes_share_questions_with_previous() -> None:
    results = RoundResults(
        reviews=10,
        questions=[
            QuestionResult(
                _question("Q1"),
                Counts(compliant=7, non_compliant=3),
                previous=Counts(compliant=1, non_compliant=1),
            ),
            QuestionResult(_question("Q2"), Counts()),
            QuestionResult(_question("Q3", compliant_option=False), Counts(non_compliant=4)),
        ],
        criteria=[],
        critical_findings=[],
    )
    bars = bars_from_results(results)
    assert [b.label for b in bars] == ["Q1", "Q2"]
    assert bars[0] == ChartBar("Q1", 0.7, 10, 7, previous_share=0.5)
    assert bars[1].share is None
    assert bars[1].n == 0
