"""Shared paragraph and table styles of the printed reports (A4, the embedded Noto Sans)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, TableStyle

from kvaldesk.reporting.fonts import ReportFonts, register_fonts

PAGE_SIZE = A4
MARGIN_LEFT = 20 * mm
MARGIN_RIGHT = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT

TEXT = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5b6670")
RULE = colors.HexColor("#c3ccd5")
HEADER_FILL = colors.HexColor("#e4eaf0")
STRIPE_FILL = colors.HexColor("#f5f7f9")
CRITICAL_FILL = colors.HexColor("#fbe3e1")
CRITICAL_TEXT = colors.HexColor("#8c1c13")
COMPLIANT = colors.HexColor("#1d6b3a")
NON_COMPLIANT = colors.HexColor("#a4161a")


@dataclass(frozen=True)
class ReportStyles:
    """Every paragraph style the renderers use."""

    fonts: ReportFonts
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_bold_right: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    footnote: ParagraphStyle


@cache
def report_styles() -> ReportStyles:
    """The styles (fonts registered on first use)."""
    fonts = register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=fonts.regular,
        fontSize=9.5,
        leading=13,
        textColor=TEXT,
        spaceAfter=5,
        alignment=TA_LEFT,
    )
    cell = ParagraphStyle(
        "cell", parent=body, fontSize=8.3, leading=10.4, spaceAfter=0, splitLongWords=True
    )
    return ReportStyles(
        fonts=fonts,
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11),
        muted=ParagraphStyle("muted", parent=body, fontSize=8.5, leading=11, textColor=MUTED),
        title=ParagraphStyle(
            "title", parent=body, fontName=fonts.bold, fontSize=22, leading=27, spaceAfter=10
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=12.5, leading=17, spaceAfter=6, textColor=MUTED
        ),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            fontName=fonts.bold,
            fontSize=15,
            leading=19,
            spaceBefore=4,
            spaceAfter=8,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=fonts.bold,
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=5,
        ),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=fonts.bold),
        cell_bold_right=ParagraphStyle(
            "cell_bold_right", parent=cell, fontName=fonts.bold, alignment=TA_RIGHT
        ),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_head=ParagraphStyle("cell_head", parent=cell, fontName=fonts.bold),
        cell_head_right=ParagraphStyle(
            "cell_head_right", parent=cell, fontName=fonts.bold, alignment=TA_RIGHT
        ),
        footnote=ParagraphStyle(
            "footnote", parent=body, fontSize=7.8, leading=10, textColor=MUTED, spaceBefore=3
        ),
    )


def text(value: object) -> str:
    """Plain text made safe for a Paragraph (``&``, ``<`` and ``>`` escaped, newlines kept)."""
    return escape(str(value)).replace("\n", "<br/>")


def para(value: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text."""
    return LayoutKeepingParagraph(text(value), style)


# Words of visible characters separated by single spaces: a Paragraph of such text draws it
# unchanged on one line when it fits (no whitespace to collapse, no soft hyphens, no markup).
_ONE_LINE_TEXT = re.compile(r"[^\s\xad\u200b]+(?: [^\s\xad\u200b]+)*")
_ONE_LINE_ALIGNMENTS = (TA_LEFT, TA_RIGHT, TA_CENTER)
# Text this close to the column width goes through the Paragraph, which decides as it does.
_FIT_MARGIN = 1e-6


class TextLine(Flowable):  # type: ignore[misc]
    """Plain text in a paragraph style, drawn as one line when it fits the width it is given.

    It draws exactly what a one-line :class:`Paragraph` of the same text and style draws (same
    height, baseline, colour and alignment) without parsing markup or breaking lines, which is
    most of the time of a report's tables. When the text does not fit, it lays out and draws a
    Paragraph instead, so the result never differs from :func:`para`.
    """

    def __init__(self, value: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = value
        self.style = style
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self.text_width = float(stringWidth(value, style.fontName, style.fontSize))
        self._paragraph: LayoutKeepingParagraph | None = None
        self._wrapped: LayoutKeepingParagraph | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self.text_width <= available_width - _FIT_MARGIN:
            self._wrapped = None
            self.width = available_width
            self.height = float(self.style.leading)
            return self.width, self.height
        if self._paragraph is None:
            self._paragraph = LayoutKeepingParagraph(text(self.text), self.style)
        self._wrapped = self._paragraph
        self.width, self.height = self._paragraph.wrap(available_width, available_height)
        return self.width, self.height

    def minWidth(self) -> float:
        """The widest word, as a Paragraph says (for tables that size their own columns)."""
        style = self.style
        return max(
            float(stringWidth(word, style.fontName, style.fontSize)) for word in self.text.split()
        )

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        """Draw at ``(x, y)``; the line is placed directly, without moving the origin."""
        if self._wrapped is not None:
            self._wrapped.drawOn(canvas, x, y, _sW)
            return
        x = self._hAlignAdjust(x, _sW)
        style = self.style
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        canvas.setFont(style.fontName, style.fontSize, style.leading)
        # Where a Paragraph puts its first baseline (reportlab's paraFontSizeHeightOffset).
        baseline = y + self.height - style.fontSize
        if style.alignment == TA_RIGHT:
            canvas.drawRightString(x + self.width, baseline, self.text)
        elif style.alignment == TA_CENTER:
            canvas.drawCentredString(x + self.width / 2, baseline, self.text)
        else:
            canvas.drawString(x, baseline, self.text)
        canvas.restoreState()


def _draws_as_one_line(value: str, style: ParagraphStyle) -> bool:
    return (
        style.alignment in _ONE_LINE_ALIGNMENTS
        and not (style.leftIndent or style.rightIndent or style.firstLineIndent)
        and not (style.backColor or style.borderWidth or style.textTransform)
        and _ONE_LINE_TEXT.fullmatch(value) is not None
    )


def cell(value: object, style: ParagraphStyle) -> Flowable:
    """A table cell of plain text: a :class:`TextLine` when the text can be drawn as one line
    (decided against the column width at layout), otherwise a paragraph as :func:`para` that
    breaks its lines once per width."""
    content = str(value)
    if _draws_as_one_line(content, style):
        return TextLine(content, style)
    return LayoutKeepingParagraph(text(content), style)


def markup_para(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of markup (``<b>``, ``<i>``, ``<font>``; text escaped with :func:`text`)."""
    return LayoutKeepingParagraph(markup, style)


class LayoutKeepingParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that keeps its layout per available width.

    A table wraps every cell at least twice (to size its rows, and again to draw them) and
    once more for each page it is split over; wrapping again at a width seen before restores
    that layout instead of breaking the lines again.
    """

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        layouts: dict[float, dict[str, Any]] = self.__dict__.setdefault("_layouts", {})
        layout = layouts.get(available_width)
        if layout is not None:
            self.__dict__.update(layout)
            return self.width, self.height
        size: tuple[float, float] = super().wrap(available_width, available_height)
        layouts[available_width] = {
            k: v for k, v in self.__dict__.items() if k not in ("canv", "_layouts")
        }
        return size


class SharedCells:
    """Table cells made once per distinct text and style, for tables that repeat themselves
    (the critical question in every row of the findings, the questions of a template in every
    review summary of a batch): the markup is parsed and broken into lines once.

    One instance per document being written; cells are not shared between threads.
    """

    def __init__(self) -> None:
        self._made: dict[tuple[bool, str, int], Flowable] = {}

    def cell(self, value: str, style: ParagraphStyle) -> Flowable:
        """As :func:`cell`, the same flowable for the same text and style."""
        key = (False, value, id(style))
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = cell(value, style)
        return found

    def markup(self, markup: str, style: ParagraphStyle) -> Flowable:
        """As :func:`markup_para`, the same paragraph for the same markup and style."""
        key = (True, markup, id(style))
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = markup_para(markup, style)
        return found


def grid_style(
    *,
    header_rows: int = 1,
    stripes: bool = True,
    extra: list[tuple[Any, ...]] | None = None,
) -> TableStyle:
    """The look of every table: a shaded header row, thin rules, optional zebra stripes."""
    fonts = register_fonts()
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
        ("FONTSIZE", (0, 0), (-1, -1), 8.3),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, MUTED),
        ]
    if stripes:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, STRIPE_FILL]))
    commands += extra or []
    return TableStyle(commands)
