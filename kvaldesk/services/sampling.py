"""Use case: draw a sample of cases (urval) for a round from a list of case references.

The list is a CSV or XLSX file (read with :func:`kvaldesk.exchange.sheet_reader.read_sheet`)
with the columns ``ärende`` (required), ``handläggare`` (caseworker code), ``enhet`` and
``grupp``; other columns are ignored (but checked for personnummer). A ``.txt`` file whose first
line is not a header with ``ärende`` is read as one reference per line; pasted text the same
(a table copied from Excel, tab-separated with an ``ärende`` header, or one reference per
line). The drawing itself is :func:`kvaldesk.results.sampling.draw_sample`; the seed is stored
on the round, the drawn references are recorded, and the drawn cases are added to the round,
all or nothing.

Whose own cases are excluded: the caseworker codes passed in ``exclude_caseworkers``; when that
is None, the user's own code from the settings (``reviewer_code``), if one is set.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from kvaldesk.domain.enums import RoundStatus
from kvaldesk.domain.errors import PersonalIdentityNumberError, Problem, ValidationError
from kvaldesk.domain.model import Case
from kvaldesk.domain.personnummer import find_personal_numbers, mask
from kvaldesk.exchange.sheet_reader import SheetRow, SheetTable, normalise_header, read_sheet
from kvaldesk.results.sampling import (
    CaseRef,
    Sample,
    StratifyBy,
    StratumDraw,
    draw_sample,
    eligible_cases,
)
from kvaldesk.services.rounds import add_case, check_reference
from kvaldesk.storage import audit, rounds_repo, sampling_repo
from kvaldesk.storage.settings import REVIEWER_CODE, get_setting

__all__ = [
    "CaseList",
    "CaseRef",
    "Sample",
    "SampleOutcome",
    "StratifyBy",
    "StratumDraw",
    "drawn_references",
    "parse_case_text",
    "preview_sample",
    "read_case_list",
    "sample_round",
    "sample_seed",
]

CASE_COLUMN = "ärende"
CASEWORKER_COLUMN = "handläggare"
UNIT_COLUMN = "enhet"
SUBGROUP_COLUMN = "grupp"
MAX_SEED = 2**31 - 1


@dataclass(frozen=True)
class CaseList:
    """A checked list of cases, and which optional columns it had."""

    cases: list[CaseRef]
    columns: frozenset[str]
    source: str


@dataclass(frozen=True)
class SampleOutcome:
    """What ``sample_round`` did: the sample (with its seed) and the cases added."""

    sample: Sample
    added: list[Case]
    source: str


def _check_cells(where: str, cells: dict[str, str], problems: list[Problem]) -> bool:
    for text in cells.values():
        numbers = find_personal_numbers(text)
        if numbers:
            problems.append(
                Problem(
                    where,
                    f"innehåller ett personnummer ({mask(numbers[0])}); "
                    "använd ärendets pseudonyma referens",
                )
            )
            return False
    return True


def _reference(where: str, text: str, problems: list[Problem]) -> str | None:
    if not text:
        problems.append(Problem(where, "ärendereferens saknas"))
        return None
    try:
        return check_reference(text)
    except (ValidationError, PersonalIdentityNumberError) as exc:
        problems.append(Problem(where, str(exc)))
        return None


def _is_plain_text_list(path: Path) -> bool:
    if path.suffix.lower() != ".txt":
        return False
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            for line in handle:
                if line.strip():
                    return not _is_header_line(line)
    except OSError as exc:
        raise ValidationError(f"{path.name}: filen kunde inte läsas ({exc.strerror}).") from exc
    return True


def _is_header_line(line: str) -> bool:
    cells = line.replace("\t", ";").replace(",", ";").split(";")
    return normalise_header(CASE_COLUMN) in {normalise_header(c) for c in cells}


def _reference_lines(lines: Sequence[str], source: str) -> CaseList:
    problems: list[Problem] = []
    cases: list[CaseRef] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"Rad {number}"
        if not _check_cells(where, {"": line}, problems):
            continue
        reference = _reference(where, line.strip(), problems)
        if reference is None:
            continue
        key = reference.casefold()
        if key in seen:
            problems.append(Problem(where, f"{reference} finns redan på rad {seen[key]}"))
            continue
        seen[key] = number
        cases.append(CaseRef(reference))
    if problems:
        raise ValidationError(f"{source}: listan kan inte användas.", problems)
    if not cases:
        raise ValidationError(f"{source}: listan är tom – ange en ärendereferens per rad.")
    return CaseList(cases, frozenset(), source)


def _pasted_table(lines: list[str], source: str) -> SheetTable:
    header_line = next(line for line in lines if line.strip())
    delimiter = max(("\t", ";", ","), key=header_line.count)
    parsed = list(csv.reader(lines, delimiter=delimiter))
    start = next(i for i, cells in enumerate(parsed) if any(c.strip() for c in cells))
    headers = [h.strip() for h in parsed[start]]
    keys = [normalise_header(h) for h in headers]
    rows: list[SheetRow] = []
    for number, cells in enumerate(parsed[start + 1 :], start=start + 2):
        if not any(c.strip() for c in cells):
            continue
        values = {key: (cells[i].strip() if i < len(cells) else "") for i, key in enumerate(keys)}
        extra = " ".join(c for c in cells[len(keys) :] if c.strip())
        if extra:
            values[""] = extra
        rows.append(SheetRow(number, values))
    return SheetTable([h for h in headers if h], rows, source)


def parse_case_text(text: str, source: str = "inklistrad lista") -> CaseList:
    """Pasted cases: a table copied from a spreadsheet (tab-, semicolon- or comma-separated,
    first line with an ``ärende`` column) or one reference per line. Checked as a file is."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        raise ValidationError(f"{source}: listan är tom – ange en ärendereferens per rad.")
    if _is_header_line(first):
        return _case_list_from_table(_pasted_table(lines, source))
    return _reference_lines(lines, source)


def parse_reference_lines(text: str, source: str = "listan") -> CaseList:
    """One reference per line (pasted, or a plain .txt file); empty lines are skipped."""
    return _reference_lines(text.splitlines(), source)


def read_case_list(path: Path) -> CaseList:
    """Read and check a list of cases; ValidationError with every problem by row and column."""
    if _is_plain_text_list(path):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            text = path.read_text(encoding="cp1252")
        except OSError as exc:
            raise ValidationError(f"{path.name}: filen kunde inte läsas ({exc.strerror}).") from exc
        return parse_reference_lines(text, path.name)
    return _case_list_from_table(read_sheet(path))


def _case_list_from_table(table: SheetTable) -> CaseList:
    if not table.has_column(CASE_COLUMN):
        raise ValidationError(
            f"{table.source}: listan kan inte användas.",
            [Problem('Kolumn "ärende"', "saknas; den är obligatorisk")],
        )
    written = {normalise_header(h): h for h in table.headers}
    columns = frozenset(
        c for c in (CASEWORKER_COLUMN, UNIT_COLUMN, SUBGROUP_COLUMN) if table.has_column(c)
    )

    def where(number: int, column: str) -> str:
        return f'Rad {number}, kolumn "{written.get(normalise_header(column), column)}"'

    problems: list[Problem] = []
    cases: list[CaseRef] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        if not _check_cells(f"Rad {row.number}", row.cells, problems):
            continue
        reference = _reference(where(row.number, CASE_COLUMN), row.get(CASE_COLUMN), problems)
        unit, subgroup = row.get(UNIT_COLUMN), row.get(SUBGROUP_COLUMN)
        caseworker = row.get(CASEWORKER_COLUMN)
        too_long = False
        for column, value, limit in (
            (UNIT_COLUMN, unit, 200),
            (SUBGROUP_COLUMN, subgroup, 60),
            (CASEWORKER_COLUMN, caseworker, 60),
        ):
            if len(value) > limit:
                problems.append(Problem(where(row.number, column), f"högst {limit} tecken"))
                too_long = True
        if reference is None or too_long:
            continue
        key = reference.casefold()
        if key in seen:
            problems.append(
                Problem(
                    where(row.number, CASE_COLUMN),
                    f"{reference} finns redan på rad {seen[key]}",
                )
            )
            continue
        seen[key] = row.number
        cases.append(CaseRef(reference, caseworker, unit, subgroup))
    if not table.rows:
        problems.append(Problem("", "listan har inga rader med ärenden"))
    if problems:
        raise ValidationError(f"{table.source}: listan kan inte användas.", problems)
    return CaseList(cases, columns, table.source)


def _check_options(
    case_list: CaseList, by: StratifyBy, explicit_codes: Sequence[str] | None
) -> None:
    problems: list[Problem] = []
    if by == "unit" and UNIT_COLUMN not in case_list.columns:
        problems.append(Problem('Kolumn "enhet"', "saknas; den behövs för urval per enhet"))
    if by == "subgroup" and SUBGROUP_COLUMN not in case_list.columns:
        problems.append(Problem('Kolumn "grupp"', "saknas; den behövs för urval per grupp"))
    if explicit_codes and CASEWORKER_COLUMN not in case_list.columns:
        problems.append(
            Problem(
                'Kolumn "handläggare"',
                "saknas; utan handläggarkoder går det inte att utesluta granskarens egna ärenden",
            )
        )
    if problems:
        raise ValidationError(f"{case_list.source}: urvalet kan inte göras.", problems)


def _exclusion_codes(db: Database, exclude_caseworkers: Sequence[str] | None) -> list[str]:
    if exclude_caseworkers is not None:
        return [c.strip() for c in exclude_caseworkers if c.strip()]
    own = get_setting(db, REVIEWER_CODE).strip()
    return [own] if own else []


def _draw(
    db: Database,
    round_id: str,
    case_list: CaseList,
    n: int,
    by: StratifyBy,
    seed: int | None,
    exclude_caseworkers: Sequence[str] | None,
) -> Sample:
    if n < 1:
        raise ValidationError("Antalet ärenden i urvalet (N) måste vara minst 1.")
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise ValidationError(f"Fröet måste vara ett heltal mellan 0 och {MAX_SEED}.")
    _check_options(case_list, by, exclude_caseworkers)
    round_ = rounds_repo.get_round(db, round_id)
    if round_.status is RoundStatus.CLOSED:
        raise ValidationError("Omgången är stängd. Öppna den igen för att dra ett urval.")
    codes = _exclusion_codes(db, exclude_caseworkers)
    eligible, excluded = eligible_cases(case_list.cases, codes)
    own = f" ({excluded} är granskarens egna och räknas inte)" if excluded else ""
    if not eligible:
        raise ValidationError(
            f"{case_list.source}: urvalet kan inte göras – inga ärenden att dra från{own}."
        )
    if by is None and n > len(eligible):
        raise ValidationError(
            f"Urvalet kan inte göras: N = {n} men listan har bara {len(eligible)} "
            f"ärenden att dra från{own}."
        )
    if seed is None:
        seed = sampling_repo.get_seed(db, round_id)
    if seed is None:
        seed = random.SystemRandom().randint(0, MAX_SEED)
    return draw_sample(case_list.cases, n, seed=seed, by=by, exclude_caseworkers=codes)


def preview_sample(
    db: Database,
    round_id: str,
    case_list: CaseList,
    n: int,
    *,
    by: StratifyBy = None,
    seed: int | None = None,
    exclude_caseworkers: Sequence[str] | None = None,
) -> Sample:
    """Draw a sample without storing anything (for a preview before adding the cases).

    Without ``seed`` the round's stored seed is used, or a new random one (in ``Sample.seed``;
    pass it to :func:`sample_round` to add exactly this sample).
    """
    return _draw(db, round_id, case_list, n, by, seed, exclude_caseworkers)


def sample_round(
    db: Database,
    round_id: str,
    case_list: CaseList,
    n: int,
    *,
    by: StratifyBy = None,
    seed: int | None = None,
    exclude_caseworkers: Sequence[str] | None = None,
) -> SampleOutcome:
    """Draw a sample from ``case_list`` and add the drawn cases to the round, all or nothing.

    ``n`` cases, or ``n`` per stratum with ``by`` (a smaller stratum gives all its cases).
    Without ``seed`` the round's stored seed is used (so a draw can be repeated), or a new one.
    The seed is stored on the round and every drawn reference is recorded with its stratum.
    """
    with db.atomic():
        sample = _draw(db, round_id, case_list, n, by, seed, exclude_caseworkers)
        existing = {c.reference.casefold() for c in rounds_repo.list_cases(db, round_id)}
        clashes = [
            Problem(case.reference, "finns redan i omgången")
            for case, _ in sample.cases
            if case.reference.casefold() in existing
        ]
        if clashes:
            raise ValidationError(
                "Inga ärenden lades till: några dragna ärenden finns redan i omgången.", clashes
            )
        added = [
            add_case(db, round_id, case.reference, case.subgroup, case.unit)
            for case, _ in sample.cases
        ]
        sampling_repo.record_sample(
            db, round_id, sample.seed, [(case.reference, stratum) for case, stratum in sample.cases]
        )
        audit.record(
            db,
            "sample_drawn",
            "round",
            round_id,
            {
                "file": case_list.source,
                "seed": sample.seed,
                "n": n,
                "by": by or "",
                "listed": len(case_list.cases),
                "drawn": len(added),
                "excluded_own": sample.excluded,
            },
        )
    return SampleOutcome(sample, added, case_list.source)


def sample_seed(db: Database, round_id: str) -> int | None:
    """The seed stored on the round by its last sample, or None."""
    rounds_repo.get_round(db, round_id)
    return sampling_repo.get_seed(db, round_id)


def drawn_references(db: Database, round_id: str) -> list[tuple[str, str, int]]:
    """(reference, stratum, seed) of every reference drawn for the round."""
    return sampling_repo.list_sample(db, round_id)
