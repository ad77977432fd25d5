"""Read a CSV or XLSX file into a header row and data rows of text.

Units keep review results in spreadsheets, one row per reviewed case. This module only
reads such a file into a table; what the columns mean is decided elsewhere.

* CSV (``.csv``, ``.txt``, ``.tsv``): UTF-8 with or without BOM, otherwise Windows-1252.
  The delimiter is the one of ``;``, tab and ``,`` that occurs most often (outside
  quotes) on the first line; on a tie ``;`` wins, then tab.
* XLSX (``.xlsx``, ``.xlsm``): the first worksheet, cached values (not formulas).

Row 1 must hold the column names. Row numbers are the ones Excel shows, so a message
like "Rad 7" points at the row the user sees. Both formats are read row by row; only
the resulting table is kept in memory.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import unicodedata
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

from kvaldesk.domain.errors import Problem, ValidationError

__all__ = [
    "CSV_SUFFIXES",
    "DEFAULT_MAX_ROWS",
    "XLSX_SUFFIXES",
    "SheetRow",
    "SheetTable",
    "normalise_header",
    "read_sheet",
]

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
DEFAULT_MAX_ROWS = 200_000

_DELIMITERS = (";", "\t", ",")  # order breaks ties
_CHUNK = 1 << 16
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected .xlsx
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")

RawRows = Generator[list[str], None, None]


@dataclass(frozen=True)
class SheetRow:
    """One data row: its row number in Excel and its cells by normalised header."""

    number: int  # 1-based row number as the user sees it in Excel (header is row 1)
    cells: dict[str, str]  # normalised header -> cell text (stripped; '' for empty)

    def get(self, header: str) -> str:
        """The cell under ``header`` (any spelling), or '' if there is no such column."""
        return self.cells.get(normalise_header(header), "")


@dataclass(frozen=True)
class SheetTable:
    """A read file: the column names as written, the non-empty data rows, the file name.

    ``headers`` holds the named columns in file order. A column without a name and
    without values is left out; one without a name but with values is refused.
    """

    headers: list[str]  # as written in the file (stripped), in order
    rows: list[SheetRow]  # data rows; completely empty rows are skipped
    source: str  # file name for messages

    def normalised_headers(self) -> list[str]:
        """The headers after ``normalise_header``, in file order."""
        return [normalise_header(h) for h in self.headers]

    def has_column(self, header: str) -> bool:
        """Whether the table has a column named ``header`` (compared normalised)."""
        return normalise_header(header) in self.normalised_headers()

    def header_as_written(self, header: str) -> str:
        """The file's own spelling of the column ``header``; KeyError if there is none."""
        wanted = normalise_header(header)
        for written in self.headers:
            if normalise_header(written) == wanted:
                return written
        raise KeyError(header)

    def column(self, header: str) -> list[str]:
        """Every data row's cell in the column ``header``; KeyError if there is none."""
        key = normalise_header(header)
        if key not in self.normalised_headers():
            raise KeyError(header)
        return [row.cells[key] for row in self.rows]


def _column_letter(index: int) -> str:
    """Excel's column letter for a 1-based column number (A, B, …, AA)."""
    from openpyxl.utils import get_column_letter  # imported on use: openpyxl is slow to import

    return str(get_column_letter(index))


def normalise_header(text: str) -> str:
    """A column name for comparison: NFC, casefolded, stripped, inner whitespace as one space."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def read_sheet(path: Path, *, max_rows: int = DEFAULT_MAX_ROWS) -> SheetTable:
    """Read a CSV or XLSX file into a ``SheetTable``.

    Raises ``ValidationError`` with a Swedish message naming the file when the file
    cannot be read, is empty, has more than ``max_rows`` data rows, or when the header
    row or a data row has problems (each listed as a ``Problem`` naming its row).
    """
    source = path.name
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        opener = _csv_rows
    elif suffix in XLSX_SUFFIXES:
        opener = _xlsx_rows
    elif suffix == ".xls":
        raise ValidationError(
            f"{source}: det gamla Excel-formatet .xls kan inte läsas. "
            "Spara filen som Excel-arbetsbok (.xlsx) eller CSV och försök igen."
        )
    else:
        raise ValidationError(
            f"{source}: okänd filtyp ”{path.suffix or 'utan filändelse'}”. "
            "Filen måste vara en Excel-arbetsbok (.xlsx) eller en CSV-fil (.csv)."
        )
    if not path.is_file():
        raise ValidationError(f"{source}: filen finns inte eller är ingen vanlig fil.")
    rows = opener(path)
    try:
        return _build_table(rows, source, max_rows)
    except OSError as exc:
        raise _unreadable(source, exc) from exc
    finally:
        rows.close()


# --------------------------------------------------------------------------- building


def _build_table(rows: Iterator[list[str]], source: str, max_rows: int) -> SheetTable:
    first = next(rows, None)
    if first is None or not any(cell.strip() for cell in first):
        if first is not None and any(any(cell.strip() for cell in row) for row in rows):
            raise ValidationError(
                f"{source}: rad 1 är tom.",
                [Problem("Rad 1", "första raden ska innehålla kolumnnamnen, men den är tom")],
            )
        raise ValidationError(
            f"{source}: filen är tom – den har ingen rad med kolumnnamn och inga data."
        )

    written = [_clean(cell) for cell in first]
    while not written[-1]:
        written.pop()
    width = len(written)
    problems: list[Problem] = []
    named: list[tuple[int, str]] = []  # (column index, normalised name)
    first_seen: dict[str, int] = {}
    for index, name in enumerate(written):
        if not name:
            continue
        key = normalise_header(name)
        if key in first_seen:
            earlier = first_seen[key]
            problems.append(
                Problem(
                    "Rad 1",
                    (
                        f'kolumn "{written[earlier]}" ({_column_letter(earlier + 1)}) och '
                        f'kolumn "{name}" ({_column_letter(index + 1)}) har samma namn'
                    ),
                )
            )
        else:
            first_seen[key] = index
            named.append((index, key))
    unnamed = [index for index, name in enumerate(written) if not name]
    unnamed_used: dict[int, int] = {}  # column index -> first row number with a value

    row_problems: list[Problem] = []
    data: list[SheetRow] = []
    for number, raw in enumerate(rows, start=2):
        cells = [_clean(cell) for cell in raw]
        if not any(cells):
            continue
        if len(data) >= max_rows:
            limit = f"{max_rows:,}".replace(",", " ")
            raise ValidationError(
                f"{source}: filen har fler än {limit} rader med data, vilket är för många. "
                "Dela upp den i mindre filer."
            )
        extra = [index for index in range(width, len(cells)) if cells[index]]
        if extra:
            letters = ", ".join(_column_letter(index + 1) for index in extra)
            row_problems.append(
                Problem(
                    f"Rad {number}",
                    (
                        f"raden har värden i kolumn {letters}, men rubrikraden har bara "
                        f"{width} kolumner – kontrollera att inga värden har hamnat i fel kolumn"
                    ),
                )
            )
        for index in unnamed:
            if index < len(cells) and cells[index] and index not in unnamed_used:
                unnamed_used[index] = number
        data.append(
            SheetRow(
                number, {key: (cells[index] if index < len(cells) else "") for index, key in named}
            )
        )

    for index, number in sorted(unnamed_used.items()):
        problems.append(
            Problem(
                "Rad 1",
                (
                    f"kolumn {_column_letter(index + 1)} saknar namn men har värden "
                    f"(första gången på rad {number})"
                ),
            )
        )
    problems.extend(row_problems)
    if problems:
        raise ValidationError(f"{source}: tabellen kan inte läsas in.", problems)
    return SheetTable(headers=[written[index] for index, _ in named], rows=data, source=source)


def _clean(cell: str) -> str:
    return cell.replace("\r\n", "\n").replace("\r", "\n").strip()


def _unreadable(source: str, exc: OSError) -> ValidationError:
    return ValidationError(f"{source}: filen kunde inte läsas ({exc.strerror or exc}).")


# --------------------------------------------------------------------------------- CSV


def _csv_rows(path: Path) -> RawRows:
    source = path.name
    encoding = _detect_encoding(path)
    delimiter = _detect_delimiter(path, encoding)
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        number = 0
        while True:
            number += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                raise ValidationError(
                    f"{source}: rad {number} kunde inte läsas som CSV ({exc})."
                ) from exc
            yield row


def _detect_encoding(path: Path) -> str:
    """UTF-8 with BOM, UTF-8 or Windows-1252; refuse what is not text in any of them."""
    source = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
            if head.startswith(codecs.BOM_UTF8):
                bom = True
            elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                raise ValidationError(
                    f"{source}: filen är sparad som UTF-16 (”Unicode-text”), som inte kan "
                    "läsas. Spara den som ”CSV UTF-8 (kommaavgränsad)” i stället."
                )
            elif head.startswith((_ZIP_MAGIC, _OLE2_MAGIC)):
                raise ValidationError(
                    f"{source}: filen är en Excel-arbetsbok fast den heter {path.suffix}. "
                    "Byt filändelse till .xlsx eller spara den som CSV."
                )
            else:
                bom = False
            handle.seek(0)
            decoder = codecs.getincrementaldecoder("utf-8")()
            utf8 = cp1252 = True
            while chunk := handle.read(_CHUNK):
                if b"\x00" in chunk:
                    raise _not_text(source)
                if utf8:
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError:
                        utf8 = False
                if cp1252 and not _CP1252_UNDEFINED.isdisjoint(chunk):
                    cp1252 = False
                if not (utf8 or cp1252):
                    raise _not_text(source)
            if utf8:
                try:
                    decoder.decode(b"", final=True)
                except UnicodeDecodeError:
                    utf8 = False
    except OSError as exc:
        raise _unreadable(source, exc) from exc
    if utf8:
        return "utf-8-sig" if bom else "utf-8"
    if cp1252:
        return "cp1252"
    raise _not_text(source)


def _not_text(source: str) -> ValidationError:
    return ValidationError(
        f"{source}: filen innehåller inte text och kan inte läsas som CSV. "
        "Kontrollera att det är rätt fil."
    )


def _detect_delimiter(path: Path, encoding: str) -> str:
    """The one of ``;``, tab and ``,`` that occurs most outside quotes on the first line."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    in_quotes = False
    try:
        with path.open(encoding=encoding, newline="") as handle:
            while chunk := handle.read(_CHUNK):
                for char in chunk:
                    if char == '"':
                        in_quotes = not in_quotes
                    elif in_quotes:
                        continue
                    elif char in "\r\n":
                        return _most_common(counts)
                    elif char in counts:
                        counts[char] += 1
    except OSError as exc:
        raise _unreadable(path.name, exc) from exc
    return _most_common(counts)


def _most_common(counts: dict[str, int]) -> str:
    return max(_DELIMITERS, key=lambda delimiter: counts[delimiter])


# -------------------------------------------------------------------------------- XLSX


def _xlsx_rows(path: Path) -> RawRows:
    source = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise _unreadable(source, exc) from exc
    if head.startswith(_OLE2_MAGIC):
        raise ValidationError(
            f"{source}: filen är lösenordsskyddad eller sparad i det gamla .xls-formatet. "
            "Ta bort lösenordet och spara som Excel-arbetsbok (.xlsx)."
        )
    if not head.startswith(_ZIP_MAGIC):
        raise ValidationError(
            f"{source}: filen är ingen Excel-arbetsbok (.xlsx) – innehållet har fel format. "
            "Öppna den i Excel och spara den som .xlsx, eller spara den som CSV."
        )
    try:
        from openpyxl import load_workbook  # imported on use: it is slow to import

        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors for damaged files
        raise _broken_xlsx(source, exc) from exc
    try:
        if not workbook.worksheets:
            raise ValidationError(f"{source}: arbetsboken har inget kalkylblad.")
        sheet = workbook.worksheets[0]
        reset = getattr(sheet, "reset_dimensions", None)
        if reset is not None:
            reset()  # do not trust the stored size: read every row and column
        values = sheet.iter_rows(values_only=True)
        while True:
            try:
                row = next(values)
            except StopIteration:
                return
            except Exception as exc:  # a damaged sheet fails while it is parsed
                raise _broken_xlsx(source, exc) from exc
            yield [_cell_text(value) for value in row]
    finally:
        workbook.close()


def _broken_xlsx(source: str, exc: Exception) -> ValidationError:
    return ValidationError(
        f"{source}: Excel-filen är skadad och kunde inte läsas ({type(exc).__name__}: {exc}). "
        "Öppna den i Excel och spara den på nytt."
    )


def _cell_text(value: object) -> str:
    """An Excel cell value as text: dates as YYYY-MM-DD, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    return str(value)
