"""The round report PDF: title page, summary, Resultat (with trends across rounds), Analys,
Nya åtgärder (with earlier rounds' actions), Kalibrering and an appendix.

The structure follows RAN (Resultat, Analys och Nya åtgärder), the way the units report their
egenkontroller in the kvalitetsberättelse. Everything printed comes from a
:class:`~kvaldesk.reporting.round_report_data.RoundReport`; the bar chart is the window's
chart (kvaldesk.reporting.charts), drawn with the embedded font.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from kvaldesk.reporting.charts import ChartBar, share_bar_chart
from kvaldesk.reporting.long_table import WindowedTable
from kvaldesk.reporting.pdf_calibration import (
    calibration_story,
    earlier_actions_story,
    trends_story,
)
from kvaldesk.reporting.pdf_common import NumberedCanvas, ReportDocument
from kvaldesk.reporting.pdf_review import actions_table
from kvaldesk.reporting.round_report_data import (
    GroupCell,
    QuestionRow,
    RoundReport,
    group_label,
)
from kvaldesk.reporting.share_data import NOTHING
from kvaldesk.reporting.styles import (
    CONTENT_WIDTH,
    MUTED,
    SharedCells,
    cell,
    grid_style,
    markup_para,
    para,
    report_styles,
    text,
)

__all__ = ["round_report_story", "write_round_report_pdf"]

CHART_BARS_PER_DRAWING = 25
GROUP_COLUMNS_PER_TABLE = 4


def _head(label: str, *, right: bool = False) -> Flowable:
    styles = report_styles()
    return cell(label, styles.cell_head_right if right else styles.cell_head)


def _cell(value: str, *, right: bool = False, bold: bool = False) -> Flowable:
    styles = report_styles()
    if bold:
        style = styles.cell_bold_right if right else styles.cell_bold
    else:
        style = styles.cell_right if right else styles.cell
    return cell(value, style)


def _heading(label: str, style: ParagraphStyle, room: float = 45 * mm) -> list[Flowable]:
    """A heading that starts a new page when less than ``room`` is left under it."""
    return [CondPageBreak(room), para(label, style)]


def _suppression_note(report: RoundReport) -> str:
    if report.min_group_size is None:
        return "– = inga svar i gruppen. Små grupper visas i den här rapporten."
    return (
        f"– = inga svar, eller färre än {report.min_group_size} svar i gruppen. Små grupper "
        "visas inte, så att ingen enskild handläggare eller enskilt ärende kan identifieras."
    )


# --------------------------------------------------------------------------- title and summary


def _title_page(report: RoundReport) -> list[Flowable]:
    styles = report_styles()
    kicker = ParagraphStyle("kicker", parent=styles.muted, fontSize=10, leading=14)
    facts = [
        ("Mall", f"{report.template_title}, version {report.template_version}"),
        ("Enhet", report.unit or NOTHING),
        ("Period", report.period or NOTHING),
        ("Mål", report.target_text),
        ("Klara granskningar", str(report.reviews)),
        ("Omgångens status", report.status),
        ("Utskriven", report.printed_on),
    ]
    label = ParagraphStyle(
        "fact_label", parent=styles.cell, textColor=MUTED, fontSize=9.5, leading=12.5
    )
    value = ParagraphStyle(
        "fact_value", parent=styles.cell, fontSize=9.5, leading=12.5, fontName=styles.fonts.bold
    )
    table = Table(
        [[cell(a, label), cell(b, value)] for a, b in facts],
        colWidths=[42 * mm, CONTENT_WIDTH - 42 * mm],
        hAlign="LEFT",
    )
    table.setStyle(grid_style(header_rows=0, stripes=False))
    contents = [
        "1  Sammanfattning",
        "2  Resultat",
        "3  Analys",
        "4  Nya åtgärder",
        "5  Kalibrering",
        "Bilaga  Frågorna i mallen",
    ]
    return [
        Spacer(1, 38 * mm),
        para("Kollegial granskning · Resultat, Analys och Nya åtgärder", kicker),
        Spacer(1, 4),
        para(report.round_name, styles.title),
        para(f"{report.template_title}", styles.subtitle),
        Spacer(1, 10 * mm),
        table,
        Spacer(1, 12 * mm),
        para("Innehåll", styles.h2),
        *[para(line, styles.body) for line in contents],
        Spacer(1, 10 * mm),
        para(
            "Andel uppfyllt = uppfyllda svar / (uppfyllda + ej uppfyllda) bland klara "
            "granskningar där frågan gäller. Svaret Ej aktuellt och frågor som inte gällde "
            "enligt tidigare svar räknas inte i nämnaren. Vid färre än 10 svar skrivs andelen "
            "som ”x av n”. 95 % KI är ett Wilson-konfidensintervall.",
            styles.muted,
        ),
        para(_suppression_note(report), styles.muted),
        NextPageTemplate("normal"),
        PageBreak(),
    ]


def _summary(report: RoundReport) -> list[Flowable]:
    styles = report_styles()
    findings_cases = len({r.case_reference for r in report.critical})
    overall = report.overall_share_text
    if report.overall_count_text != NOTHING and report.overall_count_text != overall:
        overall += f" ({report.overall_count_text} svar)"
    previous = NOTHING
    if report.previous_round_name:
        previous = (
            f"{report.previous_round_name}: {report.previous_overall_text} "
            f"({report.previous_reviews} granskningar)"
        )
        if report.comparable_questions < report.share_questions:
            previous += f"; jämfört på de {report.comparable_questions} frågor som är oförändrade"
    below = NOTHING
    if report.target_pct is not None:
        below = f"{report.questions_below_target} av {report.share_questions}"
    rows = [
        ("Klara granskningar", str(report.reviews)),
        ("Andel uppfyllt, alla frågor", overall),
        ("95 % konfidensintervall", report.overall_interval_text),
        ("Mål", report.target_text),
        ("Frågor under målet", below),
        ("Föregående omgång", previous),
        ("Förändring", report.overall_change_text),
        (
            "Kritiska avvikelser",
            (
                f"{len(report.critical)} (i {findings_cases} "
                f"{'ärende' if findings_cases == 1 else 'ärenden'})"
            )
            if report.critical
            else "0",
        ),
    ]
    table = Table(
        [[cell(a, styles.cell), _cell(b, bold=True)] for a, b in rows],
        colWidths=[55 * mm, CONTENT_WIDTH - 55 * mm],
        hAlign="LEFT",
    )
    table.setStyle(grid_style(header_rows=0))
    sentences = [
        f"Omgången omfattar {report.reviews} klara granskningar med mallen "
        f"{report.template_title} (version {report.template_version})."
    ]
    if report.overall_share is not None:
        sentences.append(f"Sammantaget var andelen uppfyllt {report.overall_share_text}.")
    if report.target_pct is not None and report.share_questions:
        sentences.append(
            f"{report.questions_below_target} av {report.share_questions} frågor når inte "
            f"målet {report.target_text}."
        )
    return [
        *_heading("1  Sammanfattning", styles.h1),
        para(" ".join(sentences), styles.body),
        Spacer(1, 4),
        table,
        Spacer(1, 8),
    ]


# --------------------------------------------------------------------------- Resultat


def _question_label(row: QuestionRow) -> list[Paragraph]:
    styles = report_styles()
    label = f"<b>{text(row.question_id)}</b> {text(row.text)}"
    if row.critical:
        label += f' <font color="{MUTED.hexval()}">(kritisk fråga)</font>'
    return [markup_para(label, styles.cell)]


def _results_table(report: RoundReport) -> Table:
    header = [
        _head("Fråga"),
        _head("Andel", right=True),
        _head("Antal", right=True),
        _head("95 % KI", right=True),
        _head("Mål", right=True),
        _head("Före\u00adgående", right=True),
        _head("Föränd\u00adring", right=True),
        _head("Ej aktuellt", right=True),
    ]
    data: list[list[object]] = [header]
    for row in report.questions:
        if not row.counts_in_share:
            continue
        below = row.meets_target is False
        data.append(
            [
                _question_label(row),
                _cell(row.share_text, right=True, bold=below),
                _cell(row.count_text, right=True),
                _cell(row.interval_text, right=True),
                _cell(row.target_text, right=True),
                _cell(row.previous_text, right=True),
                _cell(row.change_text, right=True),
                _cell(str(row.not_applicable + row.skipped), right=True),
            ]
        )
    fixed = [15 * mm, 21 * mm, 17 * mm, 11 * mm, 16 * mm, 16 * mm, 16 * mm]
    table = Table(data, colWidths=[CONTENT_WIDTH - sum(fixed), *fixed], repeatRows=1, hAlign="LEFT")
    table.setStyle(grid_style())
    return table


def _charts(report: RoundReport) -> list[Flowable]:
    styles = report_styles()
    bars: Sequence[ChartBar] = report.chart_bars
    flowables: list[Flowable] = []
    chunks = [
        bars[i : i + CHART_BARS_PER_DRAWING] for i in range(0, len(bars), CHART_BARS_PER_DRAWING)
    ] or [bars]
    for number, chunk in enumerate(chunks, start=1):
        title = "Andel uppfyllt per fråga"
        if len(chunks) > 1:
            title += f" ({number} av {len(chunks)})"
        drawing = share_bar_chart(
            list(chunk),
            report.target_pct,
            title=title,
            width=CONTENT_WIDTH,
            font_name=styles.fonts.regular,
            bold_font_name=styles.fonts.bold,
            font_size=8,
        )
        drawing.hAlign = "LEFT"
        # The renderer's initial state would otherwise select Helvetica (a base-14 font).
        drawing.initialFontName = styles.fonts.regular
        drawing.initialFontSize = 8
        flowables.append(drawing)
        flowables.append(Spacer(1, 6))
    return flowables


def _criteria_table(report: RoundReport) -> Table:
    styles = report_styles()
    data: list[list[object]] = [
        [
            _head("Kvalitetskriterium"),
            _head("Frågor", right=True),
            _head("Andel", right=True),
            _head("Antal", right=True),
            _head("95 % KI", right=True),
        ]
    ]
    for row in report.criteria:
        data.append(
            [
                markup_para(f"<b>{text(row.code)}</b> {text(row.title)}", styles.cell),
                _cell(str(row.questions), right=True),
                _cell(row.share_text, right=True),
                _cell(row.count_text, right=True),
                _cell(row.interval_text, right=True),
            ]
        )
    fixed = [16 * mm, 17 * mm, 22 * mm, 20 * mm]
    table = Table(data, colWidths=[CONTENT_WIDTH - sum(fixed), *fixed], repeatRows=1, hAlign="LEFT")
    table.setStyle(grid_style())
    return table


def _group_header(report: RoundReport, start: int, end: int) -> list[object]:
    header: list[object] = [_head("Fråga")]
    for name, reviews in zip(
        report.groups[start:end], report.group_reviews[start:end], strict=True
    ):
        noun = "granskning" if reviews == 1 else "granskningar"
        label = f"{text(group_label(name))}<br/>{reviews} {noun}"
        header.append(markup_para(label, report_styles().cell_head_right))
    return header


def _group_tables(report: RoundReport) -> list[Flowable]:
    styles = report_styles()
    flowables: list[Flowable] = []
    for start in range(0, len(report.groups), GROUP_COLUMNS_PER_TABLE):
        end = min(start + GROUP_COLUMNS_PER_TABLE, len(report.groups))
        data: list[list[object]] = [_group_header(report, start, end)]
        for row in report.questions:
            if not row.counts_in_share:
                continue
            cells: Sequence[GroupCell] = row.groups[start:end]
            data.append(
                [
                    markup_para(f"<b>{text(row.question_id)}</b> {text(row.text)}", styles.cell),
                    *[_cell(c.text, right=True) for c in cells],
                ]
            )
        for criterion in report.criteria:
            cells = criterion.groups[start:end]
            data.append(
                [
                    markup_para(
                        f"<i>Kriterium</i> <b>{text(criterion.code)}</b> {text(criterion.title)}",
                        styles.cell,
                    ),
                    *[_cell(c.text, right=True) for c in cells],
                ]
            )
        column = 30 * mm
        widths = [CONTENT_WIDTH - column * (end - start), *([column] * (end - start))]
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(grid_style())
        flowables += [table, Spacer(1, 4)]
    return flowables


def _numbers_table(report: RoundReport) -> Table:
    styles = report_styles()
    data: list[list[object]] = [
        [
            _head("Fråga"),
            _head("Mått"),
            _head("Antal", right=True),
            _head("Medel", right=True),
            _head("Median", right=True),
            _head("Minst", right=True),
            _head("Högst", right=True),
        ]
    ]
    for row in report.numbers:
        unit = f" ({row.unit})" if row.unit else ""
        data.append(
            [
                cell(row.question_id, styles.cell_bold),
                cell(f"{row.label}{unit}", styles.cell),
                _cell(str(row.count), right=True),
                _cell(row.mean_text, right=True),
                _cell(row.median_text, right=True),
                _cell(row.min_text, right=True),
                _cell(row.max_text, right=True),
            ]
        )
    fixed = [16 * mm, 15 * mm, 17 * mm, 17 * mm, 16 * mm, 16 * mm]
    table = Table(
        data,
        colWidths=[fixed[0], CONTENT_WIDTH - sum(fixed), *fixed[1:]],
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(grid_style())
    return table


def _critical_table(report: RoundReport) -> Flowable:
    styles = report_styles()
    shared = SharedCells()
    header: list[object] = [
        _head("Ärende"),
        _head("Grupp"),
        _head("Fråga"),
        _head("Svar"),
        _head("Kommentar"),
    ]
    rows: list[list[object]] = [
        [
            cell(row.case_reference, styles.cell_bold),
            shared.cell(group_label(row.subgroup) if row.subgroup else NOTHING, styles.cell),
            shared.markup(f"<b>{text(row.question_id)}</b> {text(row.question_text)}", styles.cell),
            shared.cell(row.answer, styles.cell),
            shared.cell(row.comment or NOTHING, styles.cell),
        ]
        for row in report.critical
    ]
    fixed = [30 * mm, 20 * mm, 52 * mm, 18 * mm]
    # Hundreds of pages in a large round: laid out a window of rows at a time.
    return WindowedTable(
        header, rows, col_widths=[*fixed, CONTENT_WIDTH - sum(fixed)], style=grid_style()
    )


def _results(report: RoundReport) -> list[Flowable]:
    styles = report_styles()
    story: list[Flowable] = [
        *_heading("2  Resultat", styles.h1),
        *_heading("2.1  Andel uppfyllt per fråga", styles.h2),
    ]
    if report.share_questions:
        story.append(_results_table(report))
        notes = [
            "Antal = uppfyllda av besvarade (n). Ej aktuellt = svaret Ej aktuellt eller "
            "frågan gällde inte enligt tidigare svar. Förändring i procentenheter (p.e.) "
            "mot föregående omgång, bara för frågor som är oförändrade."
        ]
        if report.target_pct is not None:
            notes.append("Andelar i fetstil når inte målet.")
        story.append(para(" ".join(notes), styles.footnote))
        story.append(Spacer(1, 6))
        story.append(CondPageBreak(60 * mm))
        story += _charts(report)
    else:
        story.append(para("Mallen har inga frågor som räknas i andelar.", styles.body))

    story += _heading("2.2  Andel uppfyllt per kvalitetskriterium", styles.h2)
    if report.criteria:
        story.append(_criteria_table(report))
        story.append(
            para("Alla svar på frågor som hör till samma kriterium räknas samman.", styles.footnote)
        )
    else:
        story.append(para("Inga frågor är kopplade till kvalitetskriterier.", styles.body))

    story += _heading("2.3  Nya och pågående ärenden", styles.h2)
    if report.group_by and report.groups and any(report.groups):
        story.append(
            para(
                "Andel uppfyllt per grupp av ärenden, med antalet svar inom parentes.",
                styles.small,
            )
        )
        story += _group_tables(report)
        story.append(para(_suppression_note(report), styles.footnote))
    else:
        story.append(para("Ärendena i omgången är inte indelade i grupper.", styles.body))

    if report.numbers:
        story += _heading("2.4  Mätvärden", styles.h2)
        story.append(_numbers_table(report))
        story.append(
            para("Medel och median över klara granskningar med ett värde.", styles.footnote)
        )

    story += _heading("2.5  Kritiska avvikelser", styles.h2)
    if report.critical:
        story.append(
            para(
                "Varje svar Ej uppfyllt på en kritisk fråga, ordnat efter ärendereferens.",
                styles.small,
            )
        )
        story.append(_critical_table(report))
    else:
        story.append(para("Inga kritiska avvikelser i omgången.", styles.body))
    story += trends_story(report.trends, "2.6")
    return story


# --------------------------------------------------------------------------- Analys, åtgärder


def _analysis(report: RoundReport) -> list[Flowable]:
    styles = report_styles()
    story: list[Flowable] = _heading("3  Analys", styles.h1, 50 * mm)
    if not report.analysis:
        story.append(
            para(
                "Ingen analys är skriven för omgången ännu. Analysen skrivs i kvaldesk, i vyn "
                "Resultat under Analys.",
                ParagraphStyle("placeholder", parent=styles.body, textColor=MUTED),
            )
        )
        return story
    for block in report.analysis.split("\n\n"):
        if block.strip():
            story.append(para(block.strip(), styles.body))
    return story


def _actions(report: RoundReport) -> list[Flowable]:
    styles = report_styles()
    story: list[Flowable] = _heading("4  Nya åtgärder", styles.h1, 50 * mm)
    if not report.actions:
        story.append(para("Inga åtgärder är registrerade för omgången.", styles.body))
        return [*story, *_earlier_actions(report)]
    overdue = sum(1 for a in report.actions if a.overdue)
    count = len(report.actions)
    line = f"{count} {'åtgärd' if count == 1 else 'åtgärder'}"
    if overdue:
        line += f", varav {overdue} {'försenad' if overdue == 1 else 'försenade'}"
        line += " (datumet Klart senast har passerats)"
    story.append(para(line + ".", styles.small))
    story.append(actions_table(report.actions))
    return [*story, *_earlier_actions(report)]


def _earlier_actions(report: RoundReport) -> list[Flowable]:
    """Earlier rounds' actions of the same template, when there were earlier rounds."""
    if report.trends is None and not report.earlier_actions:
        return []
    return earlier_actions_story(report.earlier_actions, "4.1")


def _appendix(report: RoundReport) -> list[Flowable]:
    styles = report_styles()
    meta_style = ParagraphStyle("appendix_meta", parent=styles.small, textColor=MUTED, spaceAfter=1)
    item_style = ParagraphStyle("appendix_item", parent=styles.small, spaceAfter=2)
    question_style = ParagraphStyle("appendix_q", parent=styles.body, spaceBefore=6, spaceAfter=1)
    story: list[Flowable] = [PageBreak(), para("Bilaga  Frågorna i mallen", styles.h1)]
    story.append(
        para(
            f"{report.template_title}, version {report.template_version}: varje fråga med "
            "kvalitetskriterium, svarsalternativ, hjälptext och lagrum.",
            styles.small,
        )
    )
    for item in report.appendix:
        meta = [f"Kriterium {item.criterion}", f"Svar: {item.answers}"]
        if item.critical:
            meta.insert(0, "Kritisk fråga")
        if item.condition:
            meta.append(f"Gäller om {item.condition}")
        parts: list[Flowable] = [
            markup_para(
                f"<b>{text(item.question_id)}</b>  {text(item.text)}",
                question_style,
            ),
            para(" · ".join(meta), meta_style),
        ]
        if item.help:
            parts.append(markup_para(f"<i>Hjälptext:</i> {text(item.help)}", item_style))
        if item.legal_refs:
            parts.append(
                markup_para(f"<i>Lagrum:</i> {text('; '.join(item.legal_refs))}", item_style)
            )
        story.append(KeepTogether(parts))
    return story


def round_report_story(report: RoundReport) -> list[Flowable]:
    """Every flowable of the round report, title page first."""
    return [
        *_title_page(report),
        *_summary(report),
        *_results(report),
        *_analysis(report),
        *_actions(report),
        *calibration_story(report.calibration, "5"),
        *_appendix(report),
    ]


def write_round_report_pdf(report: RoundReport, sink: BinaryIO) -> None:
    """Write the round report as a PDF to an open binary file."""
    doc = ReportDocument(
        sink,
        title=f"Rapport: {report.round_name}",
        subject=f"Kollegial granskning – Resultat, Analys och Nya åtgärder: {report.round_name}",
        header_left=f"Kollegial granskning · {report.round_name}",
        header_right=f"Utskriven {report.printed_on}",
        footer_left=f"{report.template_title}, version {report.template_version}"
        + (f" · {report.unit}" if report.unit else ""),
        with_title_page=True,
    )
    doc.build(round_report_story(report), canvasmaker=NumberedCanvas)
