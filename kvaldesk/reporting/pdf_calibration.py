"""The round report's calibration section (Kalibrering), trend part and earlier rounds'
actions, as reportlab flowables. Data: :mod:`kvaldesk.reporting.calibration_data`."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from kvaldesk.reporting.calibration_data import (
    NOT_JOINED,
    CalibrationRow,
    CalibrationSection,
    EarlierAction,
    TrendSection,
)
from kvaldesk.reporting.charts import MAX_TREND_ROUNDS, trend_bar_chart
from kvaldesk.reporting.pdf_review import actions_table
from kvaldesk.reporting.review_summary_data import SummaryAction
from kvaldesk.reporting.styles import (
    CONTENT_WIDTH,
    MUTED,
    NON_COMPLIANT,
    cell,
    grid_style,
    markup_para,
    para,
    report_styles,
    text,
)

__all__ = ["calibration_story", "earlier_actions_story", "trends_story"]

TREND_ROUNDS_PER_TABLE = 5


def _heading(label: str, style: ParagraphStyle, room: float = 45 * mm) -> list[Flowable]:
    return [CondPageBreak(room), para(label, style)]


def _right(value: str, *, bold: bool = False, colour: str | None = None) -> Flowable:
    styles = report_styles()
    if not colour:
        return cell(value, styles.cell_bold_right if bold else styles.cell_right)
    content = text(value)
    if bold:
        content = f"<b>{content}</b>"
    return markup_para(f'<font color="{colour}">{content}</font>', styles.cell_right)


def _calibration_table(section: CalibrationSection) -> Table:
    styles = report_styles()
    data: list[list[object]] = [
        [
            cell("Fråga", styles.cell_head),
            cell("n", styles.cell_head_right),
            cell("Överens", styles.cell_head_right),
            cell("Kappa (κ)", styles.cell_head_right),
            cell("AC1", styles.cell_head_right),
        ]
    ]
    rows: Sequence[CalibrationRow] = section.rows
    for row in [*rows, section.overall]:
        label = f"<b>{text(row.question_id)}</b> {text(row.text)}"
        if row.flagged:
            label += (
                f'<br/><font color="{NON_COMPLIANT.hexval()}"><b>! Under gränsvärdet</b></font>'
            )
        data.append(
            [
                markup_para(label, styles.cell),
                _right(str(row.n)),
                _right(row.agreement_text, bold=row.flagged),
                _right(row.kappa_text, bold=row.flagged),
                _right(row.ac1_text),
            ]
        )
    fixed = [12 * mm, 19 * mm, 19 * mm, 16 * mm]
    table = Table(data, colWidths=[CONTENT_WIDTH - sum(fixed), *fixed], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        grid_style(extra=[("LINEABOVE", (0, len(data) - 1), (-1, len(data) - 1), 0.8, MUTED)])
    )
    return table


def calibration_story(section: CalibrationSection | None, number: str) -> list[Flowable]:
    """Section ``number`` Kalibrering: agreement between reviewers on double-reviewed cases."""
    styles = report_styles()
    story: list[Flowable] = _heading(f"{number}  Kalibrering", styles.h1, 60 * mm)
    if section is None or section.double_reviewed == 0:
        marked = section.marked if section is not None else 0
        note = "Inga ärenden i omgången är granskade av två granskare ännu."
        if marked:
            note += f" {marked} ärenden är markerade för dubbelgranskning."
        story.append(para(note, styles.body))
        return story
    cases = section.double_reviewed
    sentences = [
        f"{cases} {'ärende' if cases == 1 else 'ärenden'} granskades oberoende av två "
        "granskare. Tabellen visar hur ofta de svarade likadant (överens) och två mått som "
        "tar hänsyn till slumpmässig överensstämmelse: Cohens kappa (κ) och Gwets AC1 "
        "(1 = helt samstämmiga, 0 = som slumpen)."
    ]
    if section.consensus:
        sentences.append(
            f"För {section.consensus} av ärendena har granskarna enats om ett gemensamt svar "
            "(samsyn); resultaten räknar då samsynen, annars den först klara granskningen."
        )
    story.append(para(" ".join(sentences), styles.body))
    story.append(Spacer(1, 4))
    story.append(_calibration_table(section))
    story.append(
        para(
            f"n = ärenden där frågan gällde i båda granskningarna (för Alla: frågor gånger "
            f"ärenden). Gränsvärden: κ under "
            f"{section.kappa_threshold_text} eller överens under "
            f"{section.agreement_threshold_text} markeras. – = kan inte räknas (till exempel "
            "κ när båda alltid svarade samma sak).",
            styles.footnote,
        )
    )
    flagged = section.flagged
    story += _heading(f"{number}.1  Frågor att se över", styles.h2, 30 * mm)
    if flagged:
        story.append(
            para(
                "Granskarna tolkade de här frågorna olika. Se över formuleringen eller "
                "hjälptexten, eller gå igenom frågorna tillsammans före nästa omgång:",
                styles.body,
            )
        )
        for row in flagged:
            story.append(
                markup_para(
                    f"• <b>{text(row.question_id)}</b> {text(row.text)} "
                    f'<font color="{MUTED.hexval()}">(överens {text(row.agreement_text)}, '
                    f"κ {text(row.kappa_text)}, n = {row.n})</font>",
                    styles.body,
                )
            )
    else:
        story.append(para("Ingen fråga ligger under gränsvärdena.", styles.body))
    return story


def _trend_table(section: TrendSection, start: int, end: int) -> Table:
    styles = report_styles()
    header: list[object] = [cell("Fråga", styles.cell_head)]
    for number in range(start, end):
        reviews = section.round_reviews[number]
        header.append(
            markup_para(f"Omgång {number + 1}<br/>{reviews} ärenden", styles.cell_head_right)
        )
    data: list[list[object]] = [header]
    for row in section.rows:
        cells = [
            _right(c, colour=MUTED.hexval() if c == NOT_JOINED else None)
            for c in row.cells[start:end]
        ]
        data.append([markup_para(f"<b>{text(row.question_id)}</b> {text(row.text)}", styles.cell)])
        data[-1].extend(cells)
    column = 25 * mm
    widths = [CONTENT_WIDTH - column * (end - start), *([column] * (end - start))]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(grid_style())
    return table


def trends_story(section: TrendSection | None, number: str) -> list[Flowable]:
    """Subsection ``number`` Trender: the chart and table of shares across rounds (nothing when
    there is no earlier round)."""
    if section is None:
        return []
    styles = report_styles()
    story: list[Flowable] = _heading(f"{number}  Trender över omgångar", styles.h2, 70 * mm)
    story.append(
        para(
            f"Andel uppfyllt per fråga i de {len(section.round_names)} omgångarna med samma "
            "mall, äldst först. En fråga räknas ihop över omgångarna bara där den är "
            "oförändrad (samma text, svarsalternativ och villkor).",
            styles.small,
        )
    )
    shown = min(len(section.chart_labels), MAX_TREND_ROUNDS)
    title = "Andel uppfyllt per fråga och omgång"
    if len(section.round_names) > shown:
        title += f" (de {shown} senaste)"
    drawing = trend_bar_chart(
        list(section.chart_series),
        list(section.chart_labels),
        title,
        CONTENT_WIDTH,
        font_name=styles.fonts.regular,
        bold_font_name=styles.fonts.bold,
        font_size=8,
        not_joined=NOT_JOINED,
    )
    drawing.hAlign = "LEFT"
    drawing.initialFontName = styles.fonts.regular
    drawing.initialFontSize = 8
    story += [Spacer(1, 4), drawing, Spacer(1, 6)]
    key = " · ".join(
        f"<b>Omgång {number}</b> {text(name)}"
        for number, name in enumerate(section.round_names, start=1)
    )
    tables: list[Flowable] = []
    for start in range(0, len(section.round_names), TREND_ROUNDS_PER_TABLE):
        end = min(start + TREND_ROUNDS_PER_TABLE, len(section.round_names))
        tables += [_trend_table(section, start, end), Spacer(1, 4)]
    # The key of the round numbers stays with the table that uses them.
    story.append(KeepTogether([markup_para(key, styles.small), Spacer(1, 3), tables[0]]))
    story += tables[1:]
    note = "Vid färre än 10 svar skrivs andelen som ”x av n”."
    if section.any_not_joined:
        note += (
            f" {NOT_JOINED.capitalize()} = frågan hade en annan lydelse eller andra "
            "svarsalternativ i den omgången och räknas inte ihop."
        )
    story.append(para(note, styles.footnote))
    return story


def earlier_actions_story(actions: Sequence[EarlierAction], number: str) -> list[Flowable]:
    """Subsection ``number``: the earlier rounds' actions with status and overdue marked."""
    styles = report_styles()
    story: list[Flowable] = _heading(
        f"{number}  Åtgärder från tidigare omgångar", styles.h2, 40 * mm
    )
    if not actions:
        story.append(
            para("Inga åtgärder är registrerade i tidigare omgångar med samma mall.", styles.body)
        )
        return story
    overdue = sum(1 for a in actions if a.action.overdue)
    line = (
        f"{len(actions)} {'åtgärd' if len(actions) == 1 else 'åtgärder'} från tidigare "
        "omgångar följs upp"
    )
    if overdue:
        line += f", varav {overdue} {'försenad' if overdue == 1 else 'försenade'}"
    story.append(para(line + ".", styles.small))
    rows: list[SummaryAction] = []
    for item in actions:
        action = item.action
        rows.append(
            SummaryAction(
                text=f"{action.text} ({item.round_name})",
                owner=action.owner,
                due_date=action.due_date,
                status=action.status,
                overdue=action.overdue,
                question_id=action.question_id,
            )
        )
    story.append(actions_table(rows))
    return story
