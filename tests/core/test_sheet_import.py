"""Spreadsheet import: one row per reviewed case, all or nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlite_utils import Database
from stdnum import luhn

from kvaldesk.domain.errors import ValidationError
from kvaldesk.services import rounds, sheets
from kvaldesk.services.maintenance import check_database
from kvaldesk.services.results import round_results

HEADER = [
    "Ärende",
    "Grupp",
    "Enhet",
    "Granskare",
    "Datum",
    "Q1",
    "Q2",
    "Q3",
    "Q3 värde",
    "Q4",
    "Q5",
    "Q1 kommentar",
]


def _row(ref: str, q1: str = "Ja", **extra: str) -> list[str]:
    cells = {
        "Ärende": ref,
        "Grupp": "ny",
        "Enhet": "Öst",
        "Granskare": "Märta Sjöberg",
        "Datum": "2026-03-02",
        "Q1": q1,
        "Q2": "Ej aktuellt",
        "Q3": "delvis",
        "Q3 värde": "97",
        "Q4": "Ja" if q1.lower() == "nej" else "",
        "Q5": "JA",
        "Q1 kommentar": "Frågan ställdes i samtal med mamman.",
    }
    cells.update(extra)
    return [cells[h] for h in HEADER]


def _csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig", sep: str = ";") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=sep)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture
def round_id(db: Database, small_template: str) -> str:
    return rounds.create_round(db, template_key=small_template, name="Historik 2025").id


def test_csv_rows_become_complete_reviews(db: Database, round_id: str, tmp_path: Path) -> None:
    rows = [_row(f"BU-{i}", "Ja" if i < 3 else "Nej") for i in range(5)]
    summary = sheets.import_sheet(db, round_id, _csv(tmp_path / "h.csv", rows))
    assert (summary.rows, summary.reviews_created, summary.cases_created) == (5, 5, 5)
    result = round_results(db, round_id)
    q1 = next(q for q in result.questions if q.question.id == "Q1")
    assert (q1.overall.compliant, q1.overall.n) == (3, 5)
    q2 = next(q for q in result.questions if q.question.id == "Q2")
    assert q2.overall.not_applicable == 5 and q2.overall.n == 0
    q3 = next(q for q in result.questions if q.question.id == "Q3")
    assert q3.numbers is not None and q3.numbers.mean == 97


def test_windows_1252_with_commas(db: Database, round_id: str, tmp_path: Path) -> None:
    path = _csv(tmp_path / "h.csv", [_row("BU-Å1"), _row("BU-Ö2", "nej")], "cp1252", ",")
    assert sheets.import_sheet(db, round_id, path).reviews_created == 2
    assert {c.reference for c in rounds.list_cases(db, round_id)} == {"BU-Å1", "BU-Ö2"}


def test_xlsx(db: Database, round_id: str, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(_row("BU-1"))
    row = _row("BU-2", "Nej")
    row[8] = 120  # type: ignore[call-overload]
    sheet.append(row)
    path = tmp_path / "h.xlsx"
    book.save(path)
    assert sheets.import_sheet(db, round_id, path).reviews_created == 2


def test_every_problem_is_listed_and_nothing_is_written(
    db: Database, round_id: str, tmp_path: Path
) -> None:
    before = check_database(db).counts
    rows = [
        _row("BU-1"),
        _row("BU-2", "Kanske"),
        _row("BU-3", Datum="2026-02-30"),
        _row("BU-4", **{"Q3 värde": "många"}),
        _row("", Q5="Ja"),
        _row("BU-1"),
        _row("BU-7", "Ja", Q4="Nej"),
        _row("BU-8", Q5=""),
    ]
    with pytest.raises(ValidationError) as caught:
        sheets.import_sheet(db, round_id, _csv(tmp_path / "h.csv", rows))
    found = {(p.where, p.message.split(" ")[0]) for p in caught.value.problems}
    wheres = [p.where for p in caught.value.problems]
    assert 'Rad 3, kolumn "Q1"' in wheres
    assert 'Rad 4, kolumn "Datum"' in wheres
    assert 'Rad 5, kolumn "Q3 värde"' in wheres
    assert 'Rad 6, kolumn "Ärende"' in wheres
    assert "Rad 7" in wheres
    assert 'Rad 8, kolumn "Q4"' in wheres
    assert 'Rad 9, kolumn "Q5"' in wheres
    assert len(found) >= 7
    assert check_database(db).counts == before


def test_personnummer_anywhere_refuses_the_file(
    db: Database, round_id: str, tmp_path: Path
) -> None:
    body = "121212" + "121"
    number = f"20{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"
    rows = [_row("BU-1"), _row("BU-2", **{"Q1 kommentar": f"Se {number}."})]
    before = check_database(db).counts
    with pytest.raises(ValidationError) as caught:
        sheets.import_sheet(db, round_id, _csv(tmp_path / "h.csv", rows))
    problem = caught.value.problems[0]
    assert problem.where == 'Rad 3, kolumn "Q1 kommentar"'
    assert "personnummer" in problem.message
    assert number not in caught.value.describe()
    assert check_database(db).counts == before


def test_unknown_and_missing_columns(db: Database, round_id: str, tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("ärende;Q1;Q2;Q3;Fråga 9\nBU-1;Ja;Ja;Ja;x\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        sheets.import_sheet(db, round_id, path)
    wheres = [p.where for p in caught.value.problems]
    assert 'Kolumn "Fråga 9"' in wheres
    assert 'Kolumn "Q5"' in wheres


def test_two_reviewers_of_one_case_is_a_double_review(
    db: Database, round_id: str, tmp_path: Path
) -> None:
    rows = [_row("BU-1"), _row("BU-1", Granskare="Jonas Ek")]
    summary = sheets.import_sheet(db, round_id, _csv(tmp_path / "h.csv", rows))
    assert (summary.cases_created, summary.reviews_created, summary.double_reviews) == (1, 2, 1)
    with pytest.raises(ValidationError, match="redan granskat"):
        sheets.import_sheet(db, round_id, _csv(tmp_path / "igen.csv", [_row("BU-1")]))
