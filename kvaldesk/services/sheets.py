"""Use case: import a spreadsheet of reviewed cases (one row per case) into a round.

Two rows with the same ``ärende`` and different ``granskare`` become two reviews of one case:
a double review (docs/calibration.md); the same ärende and granskare twice is refused.

Layout (docs/spreadsheet-import.md): ``ärende`` (required), ``grupp``, ``enhet``, ``granskare``,
``datum``; one column per question id holding the option label; optional ``<id> kommentar``
and ``<id> värde`` (the question's number field). All or nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from kvaldesk.domain.enums import CountsAs
from kvaldesk.domain.errors import Problem, ValidationError
from kvaldesk.domain.model import Answer, Case, Question, Template
from kvaldesk.domain.personnummer import find_personal_numbers, mask
from kvaldesk.domain.rules import applicable_questions
from kvaldesk.exchange.sheet_reader import SheetRow, SheetTable, normalise_header, read_sheet
from kvaldesk.services.rounds import MAX_REFERENCE_LENGTH
from kvaldesk.storage import audit, reviews_repo, rounds_repo, templates_repo
from kvaldesk.storage.database import new_id, now_iso
from kvaldesk.storage.reviews_repo import NewReview
from kvaldesk.storage.settings import REVIEWER_NAME, get_setting

CASE_COLUMN = "ärende"
SUBGROUP_COLUMN = "grupp"
UNIT_COLUMN = "enhet"
REVIEWER_COLUMN = "granskare"
DATE_COLUMN = "datum"
COMMENT_SUFFIX = " kommentar"
NUMBER_SUFFIX = " värde"
FIXED_COLUMNS = (CASE_COLUMN, SUBGROUP_COLUMN, UNIT_COLUMN, REVIEWER_COLUMN, DATE_COLUMN)
_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


@dataclass
class SheetImportSummary:
    """What a spreadsheet import did."""

    rows: int = 0
    cases_created: int = 0
    reviews_created: int = 0
    double_reviews: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass
class SheetReviewRow:
    """One checked row: the review it will become."""

    row: SheetRow
    reference: str
    subgroup: str
    unit: str
    reviewer: str
    completed_at: str
    answers: dict[str, Answer]


def _where(row: SheetRow, column: str, written: dict[str, str]) -> str:
    name = written.get(normalise_header(column), column)
    return f'Rad {row.number}, kolumn "{name}"'


def _column_problems(table: SheetTable, template: Template) -> list[Problem]:
    known = {normalise_header(c) for c in FIXED_COLUMNS}
    for q in template.questions:
        known |= {
            normalise_header(q.id),
            normalise_header(q.id + COMMENT_SUFFIX),
            normalise_header(q.id + NUMBER_SUFFIX),
        }
    problems = [
        Problem(
            f'Kolumn "{h}"',
            "okänd kolumn: varken en fråga i mallen "
            f"{template.key} eller ärende, grupp, enhet, granskare, datum",
        )
        for h in table.headers
        if normalise_header(h) not in known
    ]
    if not table.has_column(CASE_COLUMN):
        problems.append(Problem('Kolumn "ärende"', "saknas; den är obligatorisk"))
    for q in template.questions:
        if q.options and q.condition is None and not table.has_column(q.id):
            problems.append(Problem(f'Kolumn "{q.id}"', "saknas; frågan gäller alla ärenden"))
    return problems


def _parse_number(
    text: str, question: Question, where: str, problems: list[Problem]
) -> float | None:
    if not text:
        return None
    compact = text.replace(" ", "").replace("\u00a0", "")
    if not _NUMBER.match(compact):
        problems.append(Problem(where, f'"{text}" är inget tal'))
        return None
    number = float(compact.replace(",", "."))
    nf = question.number_field
    if nf is not None:
        if nf.integer and number != int(number):
            problems.append(Problem(where, "ange ett heltal"))
        if nf.minimum is not None and number < nf.minimum:
            problems.append(Problem(where, f"minst {nf.minimum:g}"))
        if nf.maximum is not None and number > nf.maximum:
            problems.append(Problem(where, f"högst {nf.maximum:g}"))
    return number


def _parse_row(
    row: SheetRow,
    template: Template,
    default_reviewer: str,
    written: dict[str, str],
    problems: list[Problem],
) -> SheetReviewRow | None:
    before = len(problems)

    def where(column: str) -> str:
        return _where(row, column, written)

    for header, text in row.cells.items():
        numbers = find_personal_numbers(text)
        if numbers:
            problems.append(
                Problem(
                    where(header),
                    f"innehåller ett personnummer "
                    f"({mask(numbers[0])}); personnummer får inte importeras",
                )
            )
    if len(problems) > before:
        return None
    reference = row.get(CASE_COLUMN)
    if not reference:
        problems.append(Problem(where(CASE_COLUMN), "ärendereferens saknas"))
    elif len(reference) > MAX_REFERENCE_LENGTH:
        problems.append(Problem(where(CASE_COLUMN), f"högst {MAX_REFERENCE_LENGTH} tecken"))
    completed = now_iso()
    date_text = row.get(DATE_COLUMN)
    if date_text:
        try:
            completed = date.fromisoformat(date_text[:10]).isoformat() + "T12:00:00.000000Z"
            if len(date_text) > 10 and date_text[10:].strip() not in ("", "00:00:00"):
                raise ValueError(date_text)
        except ValueError:
            problems.append(
                Problem(where(DATE_COLUMN), f'"{date_text}" är inget datum (ÅÅÅÅ-MM-DD)')
            )
    answers: dict[str, Answer] = {}
    for question in template.questions:
        label = row.get(question.id)
        number = _parse_number(
            row.get(question.id + NUMBER_SUFFIX),
            question,
            where(question.id + NUMBER_SUFFIX),
            problems,
        )
        comment = row.get(question.id + COMMENT_SUFFIX)
        if len(comment) > 4000:
            problems.append(
                Problem(where(question.id + COMMENT_SUFFIX), "kommentaren är längre än 4000 tecken")
            )
        value: str | None = None
        if label:
            option = question.option_by_label(label)
            if option is None:
                allowed = ", ".join(o.label for o in question.options) or "inget svarsalternativ"
                problems.append(
                    Problem(
                        where(question.id),
                        f'"{label}" är inget svar på frågan (tillåtna: {allowed})',
                    )
                )
                continue
            value = option.value
        if value is not None or number is not None or comment:
            answers[question.id] = Answer(question.id, value=value, number=number, comment=comment)
    if len(problems) > before:
        return None
    values = {qid: a.value for qid, a in answers.items()}
    applicable = {q.id for q in applicable_questions(template, values)}
    for question in template.questions:
        answer = answers.get(question.id)
        if question.id in applicable:
            if question.options and (answer is None or answer.value is None):
                problems.append(Problem(where(question.id), "svar saknas"))
        elif answer is not None and answer.value is not None:
            option = question.option(answer.value)
            if option is not None and option.counts_as is not CountsAs.NOT_APPLICABLE:
                problems.append(
                    Problem(
                        where(question.id),
                        "frågan gäller inte enligt svaren på tidigare frågor, "
                        "men har svaret " + option.label,
                    )
                )
    if len(problems) > before:
        return None
    return SheetReviewRow(
        row,
        reference,
        row.get(SUBGROUP_COLUMN),
        row.get(UNIT_COLUMN),
        row.get(REVIEWER_COLUMN) or default_reviewer,
        completed,
        answers,
    )


@dataclass
class SheetCheck:
    """A read and checked spreadsheet: what would be imported, and every problem found."""

    table: SheetTable
    template: Template
    rows: list[SheetReviewRow]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        """Nothing stands in the way of importing."""
        return not self.problems


def check_sheet(db: Database, round_id: str, path: Path) -> SheetCheck:
    """Read a CSV or XLSX file and check it against the round, without writing anything.

    Raises ValidationError only when the file cannot be read as a table at all.
    """
    round_ = rounds_repo.get_round(db, round_id)
    template = templates_repo.get_template(db, round_.template_id)
    table = read_sheet(path)
    problems = _column_problems(table, template)
    if problems:
        return SheetCheck(table, template, [], problems)
    default_reviewer = get_setting(db, REVIEWER_NAME) or "okänd granskare"
    written = {normalise_header(h): h for h in table.headers}
    parsed: list[SheetReviewRow] = []
    seen: dict[tuple[str, str], int] = {}
    first_row: dict[str, SheetReviewRow] = {}
    for row in table.rows:
        result = _parse_row(row, template, default_reviewer, written, problems)
        if result is None:
            continue
        key = (result.reference.casefold(), result.reviewer.casefold())
        if key in seen:
            problems.append(
                Problem(
                    f"Rad {row.number}",
                    f"ärendet {result.reference} granskat "
                    f"av {result.reviewer} finns redan på rad {seen[key]}",
                )
            )
            continue
        seen[key] = row.number
        first = first_row.setdefault(result.reference.casefold(), result)
        if (first.subgroup, first.unit) != (result.subgroup, result.unit):
            problems.append(
                Problem(
                    f"Rad {row.number}",
                    f"ärendet {result.reference} har en annan grupp eller enhet än på rad "
                    f"{first.row.number}; en dubbelgranskning gäller samma ärende",
                )
            )
            continue
        parsed.append(result)
    if not table.rows:
        problems.append(Problem("", "filen har inga rader med granskningar"))
    cases = rounds_repo.list_cases(db, round_id)
    reviewed = {
        (c.reference.casefold(), r.reviewer.casefold())
        for c in cases
        for r in reviews_repo.reviews_of_case(db, c.id)
    }
    for item in parsed:
        if (item.reference.casefold(), item.reviewer.casefold()) in reviewed:
            problems.append(
                Problem(
                    f"Rad {item.row.number}",
                    f"ärendet {item.reference} är redan granskat av {item.reviewer} i omgången",
                )
            )
    return SheetCheck(table, template, parsed, problems)


def import_sheet(db: Database, round_id: str, path: Path) -> SheetImportSummary:
    """Import a CSV or XLSX file into a round: each row becomes a complete review.

    All or nothing: any problem refuses the whole file (ValidationError with every problem by
    row and column) and the database is unchanged.
    """
    summary = SheetImportSummary()
    with db.atomic():
        checked = check_sheet(db, round_id, path)
        summary.rows = len(checked.table.rows)
        if checked.problems:
            raise ValidationError(
                f"{checked.table.source}: ingenting importerades – "
                f"{len(checked.problems)} problem.",
                checked.problems,
            )
        template = checked.template
        cases = {c.reference.casefold(): c for c in rounds_repo.list_cases(db, round_id)}
        new_reviews: list[NewReview] = []
        reviewers_per_case: dict[str, set[str]] = {}
        for item in checked.rows:
            case = cases.get(item.reference.casefold())
            if case is None:
                case = rounds_repo.insert_case(
                    db, Case(new_id(), round_id, item.reference, item.subgroup, item.unit)
                )
                cases[item.reference.casefold()] = case
                summary.cases_created += 1
            values = {qid: a.value for qid, a in item.answers.items()}
            applicable = {q.id for q in applicable_questions(template, values)}
            new_reviews.append(
                NewReview(
                    id=new_id(),
                    round_id=round_id,
                    case_id=case.id,
                    reviewer=item.reviewer,
                    started_at=item.completed_at,
                    completed_at=item.completed_at,
                    answers=[(a, qid in applicable) for qid, a in item.answers.items()],
                )
            )
            reviewers_per_case.setdefault(case.id, set()).add(item.reviewer.casefold())
        summary.reviews_created = reviews_repo.bulk_insert_complete_reviews(db, new_reviews)
        # Two rows with the same ärende and different granskare (or a row for a case that
        # another reviewer already reviewed) make a double review: count the cases.
        for case_id in reviewers_per_case:
            names = {
                r.reviewer.casefold()
                for r in reviews_repo.reviews_of_case(db, case_id)
                if not r.consensus
            }
            summary.double_reviews += int(len(names) > 1)
        audit.record(
            db,
            "sheet_imported",
            "round",
            round_id,
            {"file": checked.table.source, "reviews": summary.reviews_created},
        )
    return summary
