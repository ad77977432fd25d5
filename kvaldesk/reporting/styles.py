"""Shared paragraph and table styles of the printed reports (A4, the embedded Noto Sans)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, TableStyle

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
    return Paragraph(text(value), style)


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
