"""The cheap table cells and the windowed long table lay out exactly as reportlab's own would."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table

from kvaldesk.reporting.fonts import register_fonts
from kvaldesk.reporting.long_table import WindowedTable
from kvaldesk.reporting.styles import (
    LayoutKeepingParagraph,
    SharedCells,
    TextLine,
    cell,
    grid_style,
    markup_para,
    report_styles,
    text,
)

COLUMNS = [30 * mm, 25 * mm, 60 * mm]


def _pages(story: list[Flowable]) -> list[str]:
    sink = io.BytesIO()
    doc = SimpleDocTemplate(sink, initialFontName=register_fonts().regular)
    doc.build(story)
    return [page.extract_text() for page in PdfReader(io.BytesIO(sink.getvalue())).pages]


def _rows(count: int, *, paragraphs: bool = False) -> list[list[object]]:
    styles = report_styles()
    rows: list[list[object]] = []
    for i in range(count):
        values = [
            f"ÄRENDE-{i:04d}",
            "pågående" if i % 3 else "ny",
            "Har barnets vårdnadshavare fått information om utredningen och dess syfte?"
            if i % 4 == 0
            else "Ja, på mötet.",
        ]
        if paragraphs:
            rows.append([Paragraph(text(v), styles.cell) for v in values])
        else:
            rows.append([cell(v, styles.cell) for v in values])
    return rows


def test_plain_text_that_fits_is_one_cheap_line_with_a_paragraphs_height() -> None:
    styles = report_styles()
    line = cell("Åsa Öberg, ärende BU-2026-004", styles.cell_bold_right)
    assert isinstance(line, TextLine)
    paragraph = Paragraph(text("Åsa Öberg, ärende BU-2026-004"), styles.cell_bold_right)
    assert line.wrap(200, 100) == paragraph.wrap(200, 100)


def test_text_wider_than_the_column_is_wrapped_as_a_paragraph() -> None:
    styles = report_styles()
    value = "Underrättelsen skickades till en av två vårdnadshavare och besvarades inte."
    line = cell(value, styles.cell)
    paragraph = Paragraph(text(value), styles.cell)
    width, height = line.wrap(80, 500)
    assert (width, height) == paragraph.wrap(80, 500)
    assert height > styles.cell.leading  # more than one line
    # and back to one line where the column is wide enough
    assert line.wrap(500, 500) == (500, styles.cell.leading)


@pytest.mark.parametrize(
    "value",
    ["två  mellanslag", " inledande", "rad\nbrytning", "mjukt\u00adbindestreck", "", "\u00a0"],
)
def test_text_a_paragraph_would_change_stays_a_paragraph(value: str) -> None:
    assert isinstance(cell(value, report_styles().cell), Paragraph)


def test_tables_of_cheap_cells_match_tables_of_paragraphs() -> None:
    cheap = Table(_rows(40), colWidths=COLUMNS)
    reference = Table(_rows(40, paragraphs=True), colWidths=COLUMNS)
    for table in (cheap, reference):
        table.setStyle(grid_style(header_rows=0))
        table.wrap(400, 2000)
    assert cheap._rowHeights == reference._rowHeights
    assert _pages([cheap]) == _pages([reference])


def test_special_characters_are_drawn_as_written() -> None:
    line = cell("Barn & unga <13 år> – åäö", report_styles().cell)
    assert isinstance(line, TextLine)
    (page,) = _pages([line])
    assert "Barn & unga <13 år> – åäö" in page


def test_a_paragraph_breaks_its_lines_once_per_width(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[float] = []
    original = Paragraph.breakLines

    def counting(self: Paragraph, width: object) -> object:
        calls.append(1)
        return original(self, width)

    monkeypatch.setattr(Paragraph, "breakLines", counting)
    markup = "<b>BU7</b> Har frågor om våld ställts minst en gång under utredningen?"
    paragraph = markup_para(markup, report_styles().cell)
    assert isinstance(paragraph, LayoutKeepingParagraph)
    first = paragraph.wrap(120, 100)
    assert paragraph.wrap(120, 50) == first
    assert len(calls) == 1
    wide = paragraph.wrap(400, 100)
    assert len(calls) == 2
    assert paragraph.wrap(120, 100) == first
    assert len(calls) == 2
    assert wide == Paragraph(markup, report_styles().cell).wrap(400, 100)


def test_shared_cells_are_made_once_per_text_and_style() -> None:
    styles = report_styles()
    shared = SharedCells()
    assert shared.cell("ny", styles.cell) is shared.cell("ny", styles.cell)
    assert shared.cell("ny", styles.cell) is not shared.cell("ny", styles.cell_bold)
    assert shared.markup("<b>BU7</b>", styles.cell) is shared.markup("<b>BU7</b>", styles.cell)


@pytest.mark.parametrize("window", [7, 60, 1000])
def test_a_windowed_table_breaks_pages_where_the_whole_table_does(window: int) -> None:
    styles = report_styles()
    header: list[object] = [cell(h, styles.cell_head) for h in ("Ärende", "Grupp", "Svar")]
    rows = _rows(230)
    whole = Table([header, *rows], colWidths=COLUMNS, repeatRows=1, hAlign="LEFT")
    whole.setStyle(grid_style())
    windowed = WindowedTable(header, rows, col_widths=COLUMNS, style=grid_style(), window=window)
    expected = _pages([whole])
    assert len(expected) > 3
    assert _pages([windowed]) == expected
