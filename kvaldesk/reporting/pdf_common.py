"""What the PDF renderers share: the A4 document, header and footer, "Sida X av Y", marks.

"Sida X av Y" needs the page count before a page is written. :class:`NumberedCanvas` holds
back the pages of one *section* (a whole report, or one review in a batch), and
:meth:`NumberedCanvas.flush_pages` writes them with the footer once the section is complete.
Only one section's pages are held at a time.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from kvaldesk.reporting.fonts import register_fonts
from kvaldesk.reporting.pdf_stream import StreamingCanvas
from kvaldesk.reporting.review_summary_data import Verdict
from kvaldesk.reporting.styles import (
    COMPLIANT,
    CONTENT_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MUTED,
    NON_COMPLIANT,
    PAGE_SIZE,
    RULE,
    TEXT,
)

AUTHOR = "kvaldesk"
LANGUAGE = "sv-SE"
_EXCLUDED = frozenset({"_deferred_pages"})


def page_number_text(number: int, total: int) -> str:
    """ "Sida 2 av 5"."""
    return f"Sida {number} av {total}"


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that writes "Sida X av Y" and the footer when a section's pages are flushed.

    The page template's ``onPage`` sets ``footer_left`` (for example the round and the case);
    it is saved with each page and drawn at the foot of that page.
    """

    footer_left: str = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deferred_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        """Hold the page back until its section is complete."""
        self._deferred_pages.append({k: v for k, v in self.__dict__.items() if k not in _EXCLUDED})
        self._startPage()

    def flush_pages(self) -> int:
        """Write the held pages with "Sida X av Y"; returns how many were written."""
        pages, self._deferred_pages = self._deferred_pages, []
        total = len(pages)
        for number, state in enumerate(pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, total)
            Canvas.showPage(self)
        self._deferred_pages = []
        return total

    def _draw_footer(self, number: int, total: int) -> None:
        fonts = register_fonts()
        width = PAGE_SIZE[0]
        y = MARGIN_BOTTOM - 11
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN_LEFT, y + 9, width - MARGIN_RIGHT, y + 9)
        self.setFillColor(MUTED)
        self.setFont(fonts.regular, 7.5)
        if self.footer_left:
            self.drawString(MARGIN_LEFT, y, _fit(self.footer_left, fonts.regular, 7.5, 380))
        self.drawRightString(width - MARGIN_RIGHT, y, page_number_text(number, total))
        self.restoreState()

    def save(self) -> None:
        """Write any held pages, then the file."""
        self.flush_pages()
        super().save()


class StreamingNumberedCanvas(NumberedCanvas, StreamingCanvas):
    """A numbered canvas whose flushed pages go straight to the file (the batch)."""


def _fit(text: str, font: str, size: float, width: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class ReportDocument(BaseDocTemplate):  # type: ignore[misc]
    """An A4 document with the report's header and footer on every page but the title page.

    ``header_left`` / ``header_right`` are drawn at the top; ``footer_left`` at the foot.
    They may change between sections (the batch sets them per review).
    """

    def __init__(
        self,
        target: str | BinaryIO,
        *,
        title: str,
        subject: str,
        header_left: str,
        header_right: str = "",
        footer_left: str = "",
        with_title_page: bool = False,
    ) -> None:
        fonts = register_fonts()
        super().__init__(
            target,
            pagesize=PAGE_SIZE,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author=AUTHOR,
            subject=subject,
            creator="kvaldesk",
            lang=LANGUAGE,
            initialFontName=fonts.regular,
            initialFontSize=9.5,
            initialLeading=13,
            pageCompression=1,
        )
        self.header_left = header_left
        self.header_right = header_right or f"Utskriven {date.today().isoformat()}"
        self.footer_left = footer_left
        frame = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            CONTENT_WIDTH,
            PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="content",
        )
        templates = []
        if with_title_page:
            templates.append(PageTemplate("title", [frame], onPage=self._title_page))
        templates.append(PageTemplate("normal", [frame], onPage=self._normal_page))
        self.addPageTemplates(templates)

    def _title_page(self, canvas: NumberedCanvas, doc: BaseDocTemplate) -> None:
        canvas.footer_left = self.footer_left

    def _normal_page(self, canvas: NumberedCanvas, doc: BaseDocTemplate) -> None:
        fonts = register_fonts()
        width, height = PAGE_SIZE
        y = height - MARGIN_TOP + 10
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setFont(fonts.regular, 7.5)
        right = self.header_right
        right_width = canvas.stringWidth(right, fonts.regular, 7.5)
        left_room = width - MARGIN_LEFT - MARGIN_RIGHT - right_width - 16
        canvas.drawString(MARGIN_LEFT, y, _fit(self.header_left, fonts.regular, 7.5, left_room))
        canvas.drawRightString(width - MARGIN_RIGHT, y, right)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_LEFT, y - 4, width - MARGIN_RIGHT, y - 4)
        canvas.restoreState()
        canvas.footer_left = self.footer_left


class VerdictMark(Flowable):  # type: ignore[misc]
    """A symbol and a word for an answer's verdict: ✓ Uppfyllt, ✗ Ej uppfyllt, – Ej aktuellt.

    The symbol is drawn (the font has no check marks), so the verdict never rests on colour
    alone: the shape and the word carry it too.
    """

    SIZE = 9.0

    def __init__(self, verdict: Verdict, word: str, *, bold: bool = False) -> None:
        super().__init__()
        self.verdict = verdict
        self.word = word
        self.bold = bold

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = self.SIZE + 4 + _word_width(self.word, self.bold)
        self.height = 11.0
        return self.width, self.height

    def draw(self) -> None:
        fonts = register_fonts()
        c = self.canv
        s = self.SIZE
        r = s / 2
        cx, cy = r, 1.0 + r
        c.saveState()
        if self.verdict is Verdict.COMPLIANT:
            c.setFillColor(COMPLIANT)
            c.circle(cx, cy, r, stroke=0, fill=1)
            c.setStrokeColor(colors.white)
            c.setLineWidth(1.4)
            c.setLineCap(1)
            c.setLineJoin(1)
            path = c.beginPath()
            path.moveTo(cx - r * 0.5, cy + r * 0.02)
            path.lineTo(cx - r * 0.12, cy - r * 0.4)
            path.lineTo(cx + r * 0.52, cy + r * 0.42)
            c.drawPath(path, stroke=1, fill=0)
            colour = COMPLIANT
        elif self.verdict is Verdict.NON_COMPLIANT:
            c.setFillColor(NON_COMPLIANT)
            c.circle(cx, cy, r, stroke=0, fill=1)
            c.setStrokeColor(colors.white)
            c.setLineWidth(1.4)
            c.setLineCap(1)
            d = r * 0.42
            c.line(cx - d, cy - d, cx + d, cy + d)
            c.line(cx - d, cy + d, cx + d, cy - d)
            colour = NON_COMPLIANT
        else:
            c.setStrokeColor(MUTED)
            c.setLineWidth(0.8)
            c.circle(cx, cy, r - 0.4, stroke=1, fill=0)
            if self.verdict is Verdict.UNANSWERED:
                c.setFillColor(MUTED)
                c.setFont(fonts.bold, 6.5)
                c.drawCentredString(cx, cy - 2.3, "?")
            else:
                c.setLineWidth(1.2)
                c.line(cx - r * 0.45, cy, cx + r * 0.45, cy)
            colour = TEXT
        c.setFillColor(colour)
        c.setFont(fonts.bold if self.bold else fonts.regular, 8.3)
        c.drawString(s + 4, 2.2, self.word)
        c.restoreState()


@cache
def _word_width(word: str, bold: bool) -> float:
    """The width of a verdict word (a handful of words, measured once)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fonts = register_fonts()
    return float(stringWidth(word, fonts.bold if bold else fonts.regular, 8.3))


def start_streaming_build(doc: ReportDocument, sink: BinaryIO) -> StreamingNumberedCanvas:
    """Begin a Platypus build whose sections are fed one by one (see :func:`feed_section`)."""
    doc._startBuild(sink, canvasmaker=StreamingNumberedCanvas)
    canvas: StreamingNumberedCanvas = doc.canv
    canvas._doctemplate = doc
    return canvas


def feed_section(doc: ReportDocument, story: list[Flowable]) -> None:
    """Lay out one section's flowables (the list is consumed) and write its pages.

    The story must end with a PageBreak so that its last page is complete.
    """
    while story:
        doc.clean_hanging()
        doc.handle_flowable(story)
    canvas: NumberedCanvas = doc.canv
    canvas.flush_pages()


def finish_streaming_build(doc: ReportDocument) -> None:
    """End the build started with :func:`start_streaming_build` and write the file's tail."""
    doc._endBuild()
