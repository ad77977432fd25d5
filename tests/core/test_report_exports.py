"""The Excel and CSV exports: Swedish headers, number formats, and the *Svar* round trip."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlite_utils import Database
from test_report_support import KnownRound, make_known_round

from kvaldesk.exchange.atomic import TEMP_PREFIX
from kvaldesk.reporting import xlsx_export
from kvaldesk.reporting.csv_export import CSV_HEADERS
from kvaldesk.services import reports, results, rounds, sheets

TODAY = date(2026, 3, 2)
COUNT_KEYS = ("n", "compliant", "non_compliant", "not_applicable", "skipped", "share", "options")


@pytest.fixture
def known(db: Database, small_template: str) -> KnownRound:
    return make_known_round(db, small_template)


@pytest.fixture
def workbook_path(db: Database, known: KnownRound, tmp_path: Path) -> Path:
    return reports.write_round_xlsx(db, known.round_id, tmp_path / "omgång.xlsx", today=TODAY)


def _counts(db: Database, round_id: str) -> list[dict[str, Any]]:
    round_ = rounds.get_round(db, round_id)
    data = results.results_to_json(round_, results.round_results(db, round_id))
    return [
        {"id": q["id"], **{k: q[k] for k in COUNT_KEYS}, "numbers": q.get("numbers")}
        for q in data["questions"]
    ]


def test_workbook_sheets_headers_and_formats(workbook_path: Path) -> None:
    workbook = load_workbook(workbook_path)
    assert workbook.sheetnames == ["Svar", "Resultat", "Per grupp", "Åtgärder"]
    assert workbook.active is not None and workbook.active.title == "Resultat"
    resultat = workbook["Resultat"]
    header = [c.value for c in resultat[1]]
    assert header[:5] == ["Fråga", "Frågetext", "Kriterium", "Kritisk", "Andel uppfyllt"]
    assert "x av n" in header and "95 % intervall" in header and "Ej aktuellt" in header
    assert resultat.freeze_panes == "C2"
    q1 = next(row for row in resultat.iter_rows(min_row=2) if row[0].value == "Q1")
    values = {h: c for h, c in zip(header, q1, strict=True)}
    assert values["Andel uppfyllt"].value == pytest.approx(0.76)
    assert values["Andel uppfyllt"].number_format == "0 %"
    assert values["x av n"].value == "19 av 25"
    assert values["Mål"].value == pytest.approx(0.9)
    assert values["Föregående omgång"].value == pytest.approx(0.5)
    assert values["Förändring (p.e.)"].value == 26
    q2 = next(row for row in resultat.iter_rows(min_row=2) if row[0].value == "Q2")
    assert dict(zip(header, (c.value for c in q2), strict=True))["Ej aktuellt"] == 5
    assert resultat.column_dimensions["B"].width >= 40
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes is not None
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None)


def test_per_group_sheet_hides_small_groups(workbook_path: Path) -> None:
    sheet = load_workbook(workbook_path)["Per grupp"]
    header = [c.value for c in sheet[1]]
    rows = [
        dict(zip(header, (c.value for c in r), strict=True)) for r in sheet.iter_rows(min_row=2)
    ]
    q1 = {r["Grupp"]: r for r in rows if r["Fråga eller kriterium"] == "Q1"}
    assert q1["pågående"]["Dold (liten grupp)"] == "ja"
    assert q1["pågående"]["Andel uppfyllt"] is None and q1["pågående"]["x av n"] == "–"
    assert q1["ny"]["x av n"] == "15 av 21"


def test_actions_sheet(workbook_path: Path) -> None:
    sheet = load_workbook(workbook_path)["Åtgärder"]
    rows = list(sheet.iter_rows(min_row=1, values_only=True))
    assert rows[0] == ("Åtgärd", "Fråga", "Ansvarig", "Klart senast", "Status", "Försenad")
    overdue = next(r for r in rows[1:] if r[1] == "Q1")
    assert overdue[2] == "Enhetschef Åsa Öberg"
    due = overdue[3]
    assert isinstance(due, datetime) and due.date() == date(2020, 1, 31)
    assert overdue[4:] == ("Planerad", "ja")


def test_svar_sheet_imports_back_with_identical_counts(
    db: Database, known: KnownRound, small_template: str, workbook_path: Path
) -> None:
    svar = load_workbook(workbook_path)["Svar"]
    header = [c.value for c in svar[1]]
    assert header[:5] == ["ärende", "grupp", "enhet", "granskare", "datum"]
    assert "Q1" in header and "Q1 kommentar" in header and "Q3 värde" in header
    assert svar.max_row == 1 + 25
    copy = rounds.create_round(db, template_key=small_template, name="Återläst – åäö")
    summary = sheets.import_sheet(db, copy.id, workbook_path)
    assert summary.reviews_created == 25
    assert _counts(db, copy.id) == _counts(db, known.round_id)


def test_csv_is_swedish_excel_dialect(db: Database, known: KnownRound, tmp_path: Path) -> None:
    path = reports.write_round_csv(db, known.round_id, tmp_path / "resultat.csv", today=TODAY)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert tuple(rows[0]) == CSV_HEADERS
    by_id = {r[0]: dict(zip(CSV_HEADERS, r, strict=True)) for r in rows[1:]}
    assert list(by_id) == ["Q1", "Q2", "Q3", "Q4", "Q5"]
    q1 = by_id["Q1"]
    assert q1["andel uppfyllt (%)"] == "76,0"
    assert q1["x av n"] == "19 av 25"
    assert q1["mål (%)"] == "90,0"
    assert q1["föregående omgång (%)"] == "50,0"
    assert q1["förändring (p.e.)"] == "26,0"
    assert q1["frågetext"] == "Har frågor om våld ställts minst en gång under utredningen?"
    assert by_id["Q4"]["gällde inte"] == "19"


def test_a_failed_export_leaves_no_file(
    db: Database, known: KnownRound, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    # services/reports imports the builder when a workbook is written: break it where it lives.
    monkeypatch.setattr(xlsx_export, "write_round_workbook", broken)
    with pytest.raises(RuntimeError):
        reports.write_round_xlsx(db, known.round_id, tmp_path / "x.xlsx")
    left = [p.name for p in tmp_path.iterdir()]
    assert not [n for n in left if n.startswith(TEMP_PREFIX) or n.endswith(".xlsx")], left
