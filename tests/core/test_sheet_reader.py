"""Tests for kvaldesk.exchange.sheet_reader: CSV and XLSX files made in each test."""

from __future__ import annotations

import csv
import datetime
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from kvaldesk.domain.errors import ValidationError
from kvaldesk.exchange.sheet_reader import SheetTable, _cell_text, normalise_header, read_sheet

Rows = Sequence[Sequence[object]]


def write_csv(path: Path, rows: Rows, *, delimiter: str = ";", encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: Rows) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def refused(path: Path, **kwargs: int) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        read_sheet(path, **kwargs)
    return caught.value


def as_rows(table: SheetTable) -> list[tuple[int, dict[str, str]]]:
    return [(row.number, row.cells) for row in table.rows]


HEADER = ["Ärende", "FB1", "Kommentar"]
DATA = [["A-1", "Ja", "Bra dokumenterat"], ["A-2", "Nej", ""]]
EXPECTED = [
    (2, {"ärende": "A-1", "fb1": "Ja", "kommentar": "Bra dokumenterat"}),
    (3, {"ärende": "A-2", "fb1": "Nej", "kommentar": ""}),
]


# ---------------------------------------------------------------------------- CSV


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_delimiters(tmp_path: Path, delimiter: str) -> None:
    path = write_csv(tmp_path / "res.csv", [HEADER, *DATA], delimiter=delimiter)
    table = read_sheet(path)
    assert table.headers == HEADER
    assert as_rows(table) == EXPECTED
    assert table.source == "res.csv"


def test_csv_semicolon_keeps_decimal_commas(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [["Ärende", "Tid"], ["A-1", "3,5"]])
    assert read_sheet(path).rows[0].cells == {"ärende": "A-1", "tid": "3,5"}


def test_csv_delimiter_inside_quoted_header_is_not_counted(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('"Fråga; del 1",Svar,Kommentar\nA;B,Ja,x\n', encoding="utf-8")
    table = read_sheet(path)
    assert table.headers == ["Fråga; del 1", "Svar", "Kommentar"]
    assert table.rows[0].cells == {"fråga; del 1": "A;B", "svar": "Ja", "kommentar": "x"}


def test_csv_utf8_bom(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bom.csv", [HEADER, *DATA], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    table = read_sheet(path)
    assert table.headers[0] == "Ärende"
    assert as_rows(table) == EXPECTED


def test_csv_windows_1252(tmp_path: Path) -> None:
    rows: Rows = [["Åtgärd", "Bedömning"], ["Utredning påbörjad", "Är klar – ö"]]
    path = write_csv(tmp_path / "excel.csv", rows, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    table = read_sheet(path)
    assert table.headers == ["Åtgärd", "Bedömning"]
    assert table.rows[0].cells == {"åtgärd": "Utredning påbörjad", "bedömning": "Är klar – ö"}


def test_csv_quoted_newline_is_one_row(tmp_path: Path) -> None:
    rows: Rows = [
        HEADER,
        ["A-1", "Ja", "rad ett\nrad två"],
        ["A-2", "Nej", "kort"],
    ]
    path = write_csv(tmp_path / "nl.csv", rows)
    table = read_sheet(path)
    assert as_rows(table) == [
        (2, {"ärende": "A-1", "fb1": "Ja", "kommentar": "rad ett\nrad två"}),
        (3, {"ärende": "A-2", "fb1": "Nej", "kommentar": "kort"}),
    ]


def test_csv_crlf_inside_quotes_becomes_newline(tmp_path: Path) -> None:
    path = tmp_path / "crlf.csv"
    path.write_bytes(b'Nr;Text\r\n1;"a\r\nb"\r\n')
    assert read_sheet(path).rows[0].cells["text"] == "a\nb"


def test_csv_empty_rows_are_skipped_but_numbers_match_excel(tmp_path: Path) -> None:
    rows: Rows = [HEADER, DATA[0], [], ["", "  ", ""], DATA[1]]
    path = write_csv(tmp_path / "gaps.csv", rows)
    assert [row.number for row in read_sheet(path).rows] == [2, 5]


def test_csv_cells_are_stripped_and_short_rows_padded(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text(" Ärende ; FB1 ;Kommentar\n  A-1 ;Ja\n", encoding="utf-8")
    table = read_sheet(path)
    assert table.headers == HEADER
    assert table.rows[0].cells == {"ärende": "A-1", "fb1": "Ja", "kommentar": ""}


def test_csv_trailing_empty_cells_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "trail.csv"
    path.write_text("A;B;;\n1;2;;\n3;4;;;;\n", encoding="utf-8")
    table = read_sheet(path)
    assert table.headers == ["A", "B"]
    assert [row.cells for row in table.rows] == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]


def test_csv_garbage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(bytes(range(256)) * 4)
    error = refused(path)
    assert "junk.csv" in error.summary
    assert "text" in error.summary


def test_csv_binary_without_nul_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk2.csv"
    path.write_bytes(bytes(range(1, 256)) * 4)  # neither UTF-8 nor Windows-1252
    assert "junk2.csv" in refused(path).summary


def test_csv_that_is_really_a_workbook(tmp_path: Path) -> None:
    xlsx = write_xlsx(tmp_path / "book.xlsx", [HEADER])
    path = tmp_path / "book.csv"
    path.write_bytes(xlsx.read_bytes())
    error = refused(path)
    assert "book.csv" in error.summary
    assert ".xlsx" in error.summary


def test_csv_utf16_is_refused_with_advice(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "u16.txt", [HEADER], delimiter="\t", encoding="utf-16")
    assert "UTF-8" in refused(path).summary


# --------------------------------------------------------------------------- XLSX


def test_xlsx_values_become_text(tmp_path: Path) -> None:
    rows: Rows = [
        ["Ärende", "Antal", "Andel", "Stort", "Datum", "Tidpunkt", "Tom", "Sant", "Text"],
        [
            "A-1",
            3,
            2.5,
            2.0,
            datetime.date(2024, 3, 5),
            datetime.datetime(2024, 3, 6, 14, 30),
            None,
            True,
            "  mellanslag  ",
        ],
    ]
    table = read_sheet(write_xlsx(tmp_path / "v.xlsx", rows))
    assert table.rows[0].cells == {
        "ärende": "A-1",
        "antal": "3",
        "andel": "2.5",
        "stort": "2",
        "datum": "2024-03-05",
        "tidpunkt": "2024-03-06",
        "tom": "",
        "sant": "SANT",
        "text": "mellanslag",
    }


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (7, "7"),
        (7.0, "7"),
        (-0.25, "-0.25"),
        (1e20, "100000000000000000000"),
        (False, "FALSKT"),
        (datetime.datetime(2024, 12, 31, 23, 59), "2024-12-31"),
        (datetime.date(2024, 2, 29), "2024-02-29"),
        (datetime.time(8, 30), "08:30"),
        (datetime.time(8, 30, 15), "08:30:15"),
        ("  text ", "  text "),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert _cell_text(value) == text


def test_xlsx_row_numbers_match_excel(tmp_path: Path) -> None:
    path = tmp_path / "gaps.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(DATA[0])  # row 2
    sheet.cell(row=4, column=2, value="   ")  # row 4: only blanks
    for column, value in enumerate(DATA[1], start=1):
        sheet.cell(row=7, column=column, value=value)
    workbook.save(path)
    table = read_sheet(path)
    assert [row.number for row in table.rows] == [2, 7]
    assert table.rows[1].cells["ärende"] == "A-2"


def test_xlsx_reads_only_the_first_sheet(tmp_path: Path) -> None:
    path = tmp_path / "two.xlsx"
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.append(HEADER)
    first.append(DATA[0])
    second = workbook.create_sheet("Annat")
    second.append(["X"])
    second.append(["y"])
    workbook.save(path)
    assert read_sheet(path).headers == HEADER


def test_xlsx_garbage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "resultat.xlsx"
    path.write_bytes(b"\x00\x17garbage\xff\xfe" * 50)
    error = refused(path)
    assert "resultat.xlsx" in error.summary
    assert "ingen Excel-arbetsbok" in error.summary


def test_xlsx_csv_text_renamed_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "egentligen.xlsx", [HEADER, *DATA])
    assert "egentligen.xlsx" in refused(path).summary


def test_xlsx_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "arkiv.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hej.txt", "inte en arbetsbok")
    error = refused(path)
    assert "arkiv.xlsx" in error.summary
    assert "skadad" in error.summary


def test_xls_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "gammal.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    error = refused(path)
    assert "gammal.xls" in error.summary
    assert ".xlsx" in error.summary


# ------------------------------------------------------------------------- header


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_empty_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"tom{suffix}"
    if suffix == ".csv":
        path.write_bytes(b"")
    else:
        write_xlsx(path, [])
    error = refused(path)
    assert "tom" in error.summary
    assert path.name in error.summary


def test_file_with_only_blank_lines_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text("\n;;\n  \n", encoding="utf-8")
    assert "filen är tom" in refused(path).summary.casefold()


def test_empty_first_row_with_data_below(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "late.csv", [[], HEADER, *DATA])
    error = refused(path)
    assert [p.where for p in error.problems] == ["Rad 1"]
    assert "kolumnnamnen" in error.problems[0].message


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_duplicate_headers_name_both(tmp_path: Path, suffix: str) -> None:
    rows: Rows = [["Ärende", "FB3", "Kommentar", " fb3 "], ["A-1", "Ja", "", "Nej"]]
    path = tmp_path / f"dup{suffix}"
    write_csv(path, rows) if suffix == ".csv" else write_xlsx(path, rows)
    error = refused(path)
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert problem.where == "Rad 1"
    assert 'kolumn "FB3" (B)' in problem.message
    assert 'kolumn "fb3" (D)' in problem.message


def test_duplicate_after_whitespace_and_case_normalisation(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "dup.csv", [["Fråga  1", "FRÅGA 1"], ["a", "b"]])
    error = refused(path)
    assert '"Fråga  1"' in error.problems[0].message
    assert '"FRÅGA 1"' in error.problems[0].message


def test_unnamed_column_with_data_is_refused(tmp_path: Path) -> None:
    rows: Rows = [["Ärende", "", "FB1"], ["A-1", "", "Ja"], ["A-2", "x", "Nej"]]
    error = refused(write_csv(tmp_path / "hole.csv", rows))
    assert [(p.where, p.message) for p in error.problems] == [
        ("Rad 1", "kolumn B saknar namn men har värden (första gången på rad 3)")
    ]


def test_unnamed_column_without_data_is_left_out(tmp_path: Path) -> None:
    rows: Rows = [["Ärende", "", "FB1"], ["A-1", "", "Ja"]]
    table = read_sheet(write_csv(tmp_path / "hole.csv", rows))
    assert table.headers == ["Ärende", "FB1"]
    assert table.rows[0].cells == {"ärende": "A-1", "fb1": "Ja"}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_ragged_rows_are_named(tmp_path: Path, suffix: str) -> None:
    rows: Rows = [
        HEADER,
        DATA[0],
        ["A-2", "Nej", "text", "spill"],
        ["A-3", "Ja", ""],
        ["A-4", "Ja", "", "", "mer"],
    ]
    path = tmp_path / f"ragged{suffix}"
    write_csv(path, rows) if suffix == ".csv" else write_xlsx(path, rows)
    error = refused(path)
    assert [p.where for p in error.problems] == ["Rad 3", "Rad 5"]
    assert "kolumn D" in error.problems[0].message
    assert "kolumn E" in error.problems[1].message
    assert "Rad 3" in str(error)


# ----------------------------------------------------------------- other refusals


def test_too_many_rows(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv", [HEADER, *([DATA[0]] * 5)])
    assert len(read_sheet(path, max_rows=5).rows) == 5
    error = refused(path, max_rows=4)
    assert "fler än 4 rader" in error.summary
    assert "big.csv" in error.summary


def test_limit_is_written_with_thousands_separator(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv", [HEADER, *([DATA[0]] * 1001)])
    assert "fler än 1 000 rader" in refused(path, max_rows=1000).summary


@pytest.mark.parametrize("name", ["data.ods", "rapport.pdf", "utan_filandelse"])
def test_unknown_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("A;B\n1;2\n", encoding="utf-8")
    error = refused(path)
    assert name in error.summary
    assert "okänd filtyp" in error.summary


def test_missing_file(tmp_path: Path) -> None:
    error = refused(tmp_path / "finns_inte.csv")
    assert "finns_inte.csv" in error.summary
    assert "finns inte" in error.summary


# ------------------------------------------------------------------------ helpers


def test_normalise_header() -> None:
    assert normalise_header("  Fråga\u00a0 3 \n") == "fråga 3"
    assert normalise_header("ÅTGÄRD") == "åtgärd"
    assert normalise_header("a\u030atgärd") == "åtgärd"  # decomposed å
    assert normalise_header("") == ""


def test_table_helpers(tmp_path: Path) -> None:
    table = read_sheet(write_csv(tmp_path / "h.csv", [HEADER, *DATA]))
    assert table.has_column(" ärende ")
    assert not table.has_column("FB2")
    assert table.column("fb1") == ["Ja", "Nej"]
    assert table.header_as_written("KOMMENTAR") == "Kommentar"
    assert table.normalised_headers() == ["ärende", "fb1", "kommentar"]
    assert table.rows[0].get("FB1") == "Ja"
    assert table.rows[0].get("saknas") == ""
    with pytest.raises(KeyError):
        table.column("saknas")
