"""The Excel export of a round: *Svar*, *Resultat*, *Per grupp* and *Åtgärder*.

*Svar* has exactly the spreadsheet import layout (docs/spreadsheet-import.md): one row per
complete review with ``ärende``, ``grupp``, ``enhet``, ``granskare``, ``datum``, one column per
question id holding the option label, ``<id> kommentar`` and, for questions with a number
field, ``<id> värde``. It is the first sheet because the importer reads the first sheet, so the
exported file can be imported into another round as it is; the workbook opens on *Resultat*.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kvaldesk.domain.model import Answer, Question, Template
from kvaldesk.domain.rules import applicable_questions
from kvaldesk.reporting.round_report_data import RoundReport, group_label
from kvaldesk.reporting.share_data import NOTHING

__all__ = ["AnswerRow", "svar_headers", "write_round_workbook"]

PERCENT = "0 %"
CHANGE = "+0;-0;0"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E4EAF0")
WRAP = Alignment(wrap_text=True, vertical="top")

# The import layout's column names (kvaldesk.services.sheets; reporting sits below services).
CASE_COLUMN = "ärende"
SUBGROUP_COLUMN = "grupp"
UNIT_COLUMN = "enhet"
REVIEWER_COLUMN = "granskare"
DATE_COLUMN = "datum"
COMMENT_SUFFIX = " kommentar"
NUMBER_SUFFIX = " värde"


@dataclass(frozen=True)
class AnswerRow:
    """One complete review for the *Svar* sheet."""

    reference: str
    subgroup: str
    unit: str
    reviewer: str
    date: str
    answers: Mapping[str, Answer]


def _has_number(question: Question) -> bool:
    return question.number_field is not None or question.kind.value == "number"


def svar_headers(template: Template) -> list[str]:
    """The *Svar* sheet's header row for a template."""
    headers = [CASE_COLUMN, SUBGROUP_COLUMN, UNIT_COLUMN, REVIEWER_COLUMN, DATE_COLUMN]
    for q in template.questions:
        if q.options:
            headers.append(q.id)
        headers.append(q.id + COMMENT_SUFFIX)
        if _has_number(q):
            headers.append(q.id + NUMBER_SUFFIX)
    return headers


def _date_or_text(text: str) -> date | str | None:
    """An ISO date as a date cell (Excel sorts and filters it), other text as it is."""
    if not text or text == NOTHING:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


def _svar_values(template: Template, row: AnswerRow) -> list[Any]:
    values: dict[str, str | None] = {qid: a.value for qid, a in row.answers.items()}
    applies = {q.id for q in applicable_questions(template, values)}
    when = _date_or_text(row.date)
    cells: list[Any] = [row.reference, row.subgroup or None, row.unit or None, row.reviewer, when]
    for q in template.questions:
        answer = row.answers.get(q.id) if q.id in applies else None
        if q.options:
            option = q.option(answer.value) if answer and answer.value is not None else None
            cells.append(option.label if option is not None else None)
        cells.append(answer.comment or None if answer is not None else None)
        if _has_number(q):
            number = answer.number if answer is not None else None
            if number is not None and float(number).is_integer():
                cells.append(int(number))
            else:
                cells.append(number)
    return cells


def _header(sheet: Worksheet, headers: Sequence[str], widths: Sequence[float]) -> None:
    sheet.append(list(headers))
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = width


def _svar_sheet(sheet: Worksheet, template: Template, rows: Iterable[AnswerRow]) -> None:
    headers = svar_headers(template)
    widths = [18.0, 12.0, 22.0, 20.0, 12.0]
    for header in headers[5:]:
        widths.append(22.0 if header.endswith(COMMENT_SUFFIX) else 11.0)
    _header(sheet, headers, widths)
    for row in rows:
        sheet.append(_svar_values(template, row))
        sheet.cell(row=sheet.max_row, column=5).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "B2"


def _resultat_sheet(sheet: Worksheet, report: RoundReport) -> None:
    headers = [
        "Fråga",
        "Frågetext",
        "Kriterium",
        "Kritisk",
        "Andel uppfyllt",
        "Uppfyllda",
        "Besvarade (n)",
        "x av n",
        "95 % intervall",
        "Mål",
        "Föregående omgång",
        "Förändring (p.e.)",
        "Ej aktuellt",
        "Gällde inte",
    ]
    _header(sheet, headers, [9, 60, 10, 8, 10, 10, 11, 11, 13, 8, 12, 12, 10, 10])
    for row in report.questions:
        if not row.counts_in_share:
            continue
        change = None if row.change is None else round(100 * row.change)
        target = None if report.target_pct is None else report.target_pct / 100
        sheet.append(
            [
                row.question_id,
                row.text,
                row.criterion,
                "ja" if row.critical else "nej",
                row.share,
                row.compliant,
                row.n,
                row.count_text,
                row.interval_text,
                target,
                row.previous_share,
                change,
                row.not_applicable,
                row.skipped,
            ]
        )
        current = sheet.max_row
        for column in (5, 10, 11):
            sheet.cell(row=current, column=column).number_format = PERCENT
        sheet.cell(row=current, column=12).number_format = CHANGE
        sheet.cell(row=current, column=2).alignment = WRAP
    sheet.freeze_panes = "C2"


def _grupp_sheet(sheet: Worksheet, report: RoundReport) -> None:
    headers = [
        "Fråga eller kriterium",
        "Text",
        "Grupp",
        "Granskningar i gruppen",
        "Andel uppfyllt",
        "Uppfyllda",
        "Besvarade (n)",
        "x av n",
        "Dold (liten grupp)",
    ]
    _header(sheet, headers, [12, 50, 16, 12, 10, 10, 11, 11, 11])
    reviews = dict(zip(report.groups, report.group_reviews, strict=True))
    lines = [
        (row.question_id, row.text, row.groups) for row in report.questions if row.counts_in_share
    ]
    lines += [(c.code, c.title, c.groups) for c in report.criteria]
    for identifier, label, cells in lines:
        for cell in cells:
            sheet.append(
                [
                    identifier,
                    label,
                    group_label(cell.group),
                    reviews.get(cell.group, 0),
                    cell.share if not cell.suppressed and cell.n else None,
                    None if cell.suppressed else cell.compliant,
                    None if cell.suppressed else cell.n,
                    NOTHING if cell.suppressed or not cell.n else f"{cell.compliant} av {cell.n}",
                    "ja" if cell.suppressed else "nej",
                ]
            )
            sheet.cell(row=sheet.max_row, column=5).number_format = PERCENT
    sheet.freeze_panes = "C2"


def _atgarder_sheet(sheet: Worksheet, report: RoundReport) -> None:
    headers = ["Åtgärd", "Fråga", "Ansvarig", "Klart senast", "Status", "Försenad"]
    _header(sheet, headers, [60, 9, 22, 13, 12, 10])
    for action in report.actions:
        sheet.append(
            [
                action.text,
                action.question_id or None,
                None if action.owner == NOTHING else action.owner,
                _date_or_text(action.due_date),
                action.status,
                "ja" if action.overdue else "nej",
            ]
        )
        sheet.cell(row=sheet.max_row, column=1).alignment = WRAP
        sheet.cell(row=sheet.max_row, column=4).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"


def write_round_workbook(
    report: RoundReport,
    template: Template,
    answer_rows: Iterable[AnswerRow],
    sink: BinaryIO,
) -> None:
    """Write the round's workbook to an open binary file."""
    workbook = Workbook()
    svar = workbook.active
    assert svar is not None
    svar.title = "Svar"
    resultat = workbook.create_sheet("Resultat")
    grupp = workbook.create_sheet("Per grupp")
    atgarder = workbook.create_sheet("Åtgärder")
    _svar_sheet(svar, template, answer_rows)
    _resultat_sheet(resultat, report)
    _grupp_sheet(grupp, report)
    _atgarder_sheet(atgarder, report)
    for sheet in workbook.worksheets:
        sheet.sheet_view.tabSelected = sheet is resultat
    workbook.active = resultat
    workbook.properties.title = f"Resultat: {report.round_name}"
    workbook.properties.subject = "Kollegial granskning"
    workbook.properties.creator = "kvaldesk"
    workbook.properties.language = "sv-SE"
    workbook.save(sink)
