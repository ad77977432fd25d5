"""The review summary PDF (1–2 A4 pages per review), alone or as a streamed batch.

A summary is what a reviewer brings to the follow-up talk with the caseworker: the case, every
applicable question with its answer, a mark that is a symbol *and* a word, the comment,
critical findings highlighted, the review's actions, and lines for date and signatures.

The batch (:func:`write_review_summaries_pdf`) is streamed: it takes the summaries as an
iterator (the services fetch one review at a time), lays out one review, writes its pages to
the open file and drops them before the next review is fetched. See pdf_stream.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from kvaldesk.progress import NullProgress, Progress, check_cancelled
from kvaldesk.reporting.pdf_common import (
    NumberedCanvas,
    ReportDocument,
    VerdictMark,
    feed_section,
    finish_streaming_build,
    start_streaming_build,
)
from kvaldesk.reporting.review_summary_data import ReviewSummary, SummaryAction, Verdict
from kvaldesk.reporting.share_data import NOTHING
from kvaldesk.reporting.styles import (
    CONTENT_WIDTH,
    CRITICAL_FILL,
    CRITICAL_TEXT,
    MUTED,
    NON_COMPLIANT,
    SharedCells,
    cell,
    grid_style,
    markup_para,
    para,
    report_styles,
    text,
)

__all__ = [
    "review_summary_story",
    "write_review_summaries_pdf",
    "write_review_summary_pdf",
]

HEADER_TITLE = "Granskningssammanfattning"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _summary_sentence(summary: ReviewSummary) -> str:
    parts = [f"Uppfyllt i {summary.compliant} av {summary.judged} bedömda frågor."]
    if summary.non_compliant:
        line = _plural(summary.non_compliant, "fråga ej uppfylld", "frågor ej uppfyllda")
        if summary.critical_findings:
            line += f", varav {summary.critical_findings} kritisk"
            line += "a" if summary.critical_findings > 1 else ""
        parts.append(line + ".")
    not_applicable = sum(1 for a in summary.answers if a.verdict is Verdict.NOT_APPLICABLE)
    if not_applicable:
        parts.append(_plural(not_applicable, "fråga ej aktuell.", "frågor ej aktuella."))
    if summary.not_applicable_by_condition:
        count = summary.not_applicable_by_condition
        parts.append(
            f"{_plural(count, 'fråga', 'frågor')} gällde inte enligt tidigare svar och visas inte."
        )
    unanswered = sum(1 for a in summary.answers if a.verdict is Verdict.UNANSWERED)
    if unanswered:
        parts.append(f"{_plural(unanswered, 'fråga', 'frågor')} saknar svar.")
    return " ".join(parts)


def _dates(summary: ReviewSummary) -> str:
    if summary.completed != NOTHING:
        if summary.started in (NOTHING, summary.completed):
            return f"klar {summary.completed}"
        return f"påbörjad {summary.started}, klar {summary.completed}"
    return f"påbörjad {summary.started}"


@cache
def _muted_cell_style() -> ParagraphStyle:
    return ParagraphStyle("muted_cell", parent=report_styles().cell, textColor=MUTED)


def _info_table(summary: ReviewSummary) -> Table:
    styles = report_styles()
    label = _muted_cell_style()
    value = styles.cell_bold
    rows = [
        (
            "Omgång",
            summary.round_name,
            "Mall",
            f"{summary.template_title} (version {summary.template_version})",
        ),
        ("Ärende", summary.case_reference, "Status", summary.status),
        ("Grupp", summary.subgroup or NOTHING, "Enhet", summary.unit or NOTHING),
        ("Granskare", summary.reviewer, "Datum", _dates(summary)),
    ]
    data = [[cell(a, label), cell(b, value), cell(c, label), cell(d, value)] for a, b, c, d in rows]
    widths = [22 * mm, 64 * mm, 20 * mm, CONTENT_WIDTH - 106 * mm]
    table = Table(data, colWidths=widths, hAlign="LEFT")
    table.setStyle(grid_style(header_rows=0, stripes=False))
    return table


def _question_cell(
    question_text: str, comment: str, critical: bool, finding: bool, shared: SharedCells
) -> list[Flowable]:
    styles = report_styles()
    cells = [shared.cell(question_text, styles.cell)]
    tags = []
    if finding:
        tags.append(f'<font color="{CRITICAL_TEXT.hexval()}"><b>Kritisk avvikelse</b></font>')
    elif critical:
        tags.append(f'<font color="{MUTED.hexval()}">Kritisk fråga</font>')
    if tags:
        cells.append(shared.markup(" · ".join(tags), styles.cell))
    if comment:
        cells.append(markup_para(f"<i>Kommentar:</i> {text(comment)}", styles.cell))
    return cells


def _answers_table(summary: ReviewSummary, shared: SharedCells) -> Table:
    styles = report_styles()
    head = styles.cell_head
    data: list[list[object]] = [
        [
            shared.cell("Fråga", head),
            shared.cell("Frågetext och kommentar", head),
            shared.cell("Svar", head),
            shared.cell("Bedömning", head),
        ]
    ]
    extra: list[tuple[object, ...]] = []
    for index, answer in enumerate(summary.answers, start=1):
        finding = answer.critical_finding
        data.append(
            [
                shared.cell(answer.question_id, styles.cell_bold),
                _question_cell(
                    answer.question_text, answer.comment, answer.critical, finding, shared
                ),
                cell(answer.answer_text, styles.cell),
                VerdictMark(
                    answer.verdict,
                    answer.verdict_word,
                    bold=answer.verdict is Verdict.NON_COMPLIANT,
                ),
            ]
        )
        if finding:
            extra += [
                ("BACKGROUND", (0, index), (-1, index), CRITICAL_FILL),
                ("LINEBEFORE", (0, index), (0, index), 3, NON_COMPLIANT),
            ]
    if len(data) == 1:
        data.append(["", cell("Inga frågor är besvarade.", styles.cell), "", ""])
    widths = [12 * mm, CONTENT_WIDTH - 12 * mm - 32 * mm - 27 * mm, 32 * mm, 27 * mm]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    extra += [("TOPPADDING", (0, 1), (-1, -1), 2.2), ("BOTTOMPADDING", (0, 1), (-1, -1), 2.2)]
    table.setStyle(grid_style(extra=extra))
    return table


def actions_table(actions: Iterable[SummaryAction], *, with_question: bool = True) -> Table:
    """The actions with status, owner and due date; overdue ones marked with a word."""
    styles = report_styles()
    head = styles.cell_head
    header = [cell("Åtgärd", head)]
    if with_question:
        header.append(cell("Fråga", head))
    header += [cell("Ansvarig", head), cell("Klart senast", head), cell("Status", head)]
    data: list[list[object]] = [list(header)]
    for action in actions:
        status: Flowable = cell(action.status, styles.cell)
        if action.overdue:
            status = markup_para(
                f"{text(action.status)}<br/>"
                f'<font color="{NON_COMPLIANT.hexval()}"><b>! Försenad</b></font>',
                styles.cell,
            )
        row: list[object] = [cell(action.text, styles.cell)]
        if with_question:
            row.append(cell(action.question_id or NOTHING, styles.cell))
        row += [
            cell(action.owner, styles.cell),
            cell(action.due_date, styles.cell),
            status,
        ]
        data.append(row)
    fixed = [16 * mm] if with_question else []
    fixed += [34 * mm, 22 * mm, 22 * mm]
    widths = [CONTENT_WIDTH - sum(fixed), *fixed]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(grid_style())
    return table


def _signatures() -> Flowable:
    styles = report_styles()
    label = _muted_cell_style()
    gap = 6 * mm
    column = (CONTENT_WIDTH - 2 * gap - 32 * mm) / 2
    data = [
        ["", "", "", "", ""],
        [
            cell("Datum", label),
            "",
            cell("Underskrift granskare", label),
            "",
            cell("Underskrift handläggare", label),
        ],
        ["", "", "", "", ""],
        ["", "", cell("Namnförtydligande", label), "", cell("Namnförtydligande", label)],
    ]
    table = Table(
        data,
        colWidths=[32 * mm, gap, column, gap, column],
        rowHeights=[22, None, 20, None],
        hAlign="LEFT",
    )
    table.setStyle(
        [
            ("LINEBELOW", (0, 0), (0, 0), 0.7, colors.black),
            ("LINEBELOW", (2, 0), (2, 0), 0.7, colors.black),
            ("LINEBELOW", (4, 0), (4, 0), 0.7, colors.black),
            ("LINEBELOW", (2, 2), (2, 2), 0.7, colors.black),
            ("LINEBELOW", (4, 2), (4, 2), 0.7, colors.black),
            ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]
    )
    return KeepTogether(
        [
            para("Genomgången med handläggaren", styles.h2),
            table,
        ]
    )


def review_summary_story(
    summary: ReviewSummary, shared: SharedCells | None = None
) -> list[Flowable]:
    """The flowables of one review summary (no page break at the end).

    A batch passes one ``shared`` for all its summaries, so that the template's question
    texts are laid out once, not once per review.
    """
    styles = report_styles()
    shared = shared or SharedCells()
    title = ParagraphStyle(
        "summary_title", parent=styles.title, fontSize=17, leading=21, spaceAfter=3
    )
    story: list[Flowable] = [
        para(f"Granskning av ärende {summary.case_reference}", title),
        para("Sammanfattning inför samtalet med handläggaren", styles.muted),
        Spacer(1, 6),
        _info_table(summary),
        Spacer(1, 8),
        para(_summary_sentence(summary), styles.body),
        para("Frågor och svar", styles.h2),
        _answers_table(summary, shared),
        para("Åtgärder", styles.h2),
    ]
    if summary.actions:
        story.append(actions_table(summary.actions))
    else:
        story.append(para("Inga åtgärder är registrerade för granskningen.", styles.small))
    story += [Spacer(1, 4), _signatures()]
    return story


def _document(target: BinaryIO, round_name: str, title: str) -> ReportDocument:
    return ReportDocument(
        target,
        title=title,
        subject=f"Kollegial granskning: {round_name}",
        header_left=f"{HEADER_TITLE} · {round_name}",
    )


def _footer(summary: ReviewSummary) -> str:
    return (
        f"Ärende {summary.case_reference} · {summary.template_title}, "
        f"version {summary.template_version}"
    )


def write_review_summary_pdf(summary: ReviewSummary, sink: BinaryIO) -> None:
    """Write one review summary as a PDF to an open binary file."""
    doc = _document(sink, summary.round_name, f"{HEADER_TITLE} – ärende {summary.case_reference}")
    doc.footer_left = _footer(summary)
    doc.header_right = f"Utskriven {summary.printed_on}"
    doc.build(review_summary_story(summary), canvasmaker=NumberedCanvas)


def write_review_summaries_pdf(
    summaries: Iterable[ReviewSummary],
    sink: BinaryIO,
    *,
    round_name: str,
    total: int,
    progress: Progress | None = None,
) -> int:
    """Write every summary into one PDF, streamed: one review is laid out, written and dropped
    before the next is taken from ``summaries``. Each review starts on a new page and has its own
    "Sida X av Y". Checks for cancel before each review and reports ``(i, total)`` after it.

    Returns the number of pages written. Raises kvaldesk.progress.Cancelled when cancelled
    (the caller removes the partial file).
    """
    progress = progress or NullProgress()
    doc = _document(sink, round_name, f"{HEADER_TITLE}ar – {round_name}")
    canvas = start_streaming_build(doc, sink)
    done = 0
    pages = 0
    shared = SharedCells()
    check_cancelled(progress)
    progress.report(0, total, "")
    for summary in summaries:
        check_cancelled(progress)
        doc.footer_left = _footer(summary)
        doc.header_right = f"Utskriven {summary.printed_on}"
        story = [*review_summary_story(summary, shared), PageBreak()]
        feed_section(doc, story)
        pages = canvas.getPageNumber() - 1
        done += 1
        progress.report(done, total, summary.case_reference)
    if done == 0:
        styles = report_styles()
        feed_section(
            doc, [para("Omgången har inga granskningar att skriva ut.", styles.body), PageBreak()]
        )
        pages = 1
    finish_streaming_build(doc)
    return pages
