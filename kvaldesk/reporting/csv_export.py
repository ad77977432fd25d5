"""The per-question results of a round as CSV for Swedish Excel.

Swedish Excel dialect: ``;`` between fields, UTF-8 with a byte order mark (so Excel reads
å, ä, ö right), CRLF line ends, decimal comma. Percentages are numbers 0–100 with one decimal
("75,9"); an empty field means no value (no answers, no target, no previous round).
"""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

from kvaldesk.reporting.round_report_data import RoundReport

__all__ = ["CSV_HEADERS", "decimal", "write_results_csv"]

CSV_HEADERS = (
    "fråga",
    "frågetext",
    "kriterium",
    "kritisk",
    "andel uppfyllt (%)",
    "uppfyllda",
    "besvarade (n)",
    "x av n",
    "ki låg (%)",
    "ki hög (%)",
    "mål (%)",
    "föregående omgång (%)",
    "förändring (p.e.)",
    "ej aktuellt",
    "gällde inte",
)


def decimal(value: float | None, decimals: int = 1) -> str:
    """A number with a decimal comma ("75,9"), or "" for None."""
    if value is None:
        return ""
    return f"{value:.{decimals}f}".replace(".", ",")


def _pct(share: float | None) -> str:
    return "" if share is None else decimal(100 * share)


def write_results_csv(report: RoundReport, sink: BinaryIO) -> None:
    """Write one row per share-counting question to an open binary file."""
    text = io.TextIOWrapper(sink, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
        writer.writerow(CSV_HEADERS)
        for row in report.questions:
            if not row.counts_in_share:
                continue
            writer.writerow(
                [
                    row.question_id,
                    row.text,
                    row.criterion,
                    "ja" if row.critical else "nej",
                    _pct(row.share),
                    row.compliant,
                    row.n,
                    row.count_text if row.n else "",
                    _pct(row.interval_low),
                    _pct(row.interval_high),
                    decimal(report.target_pct),
                    _pct(row.previous_share),
                    decimal(None if row.change is None else 100 * row.change),
                    row.not_applicable,
                    row.skipped,
                ]
            )
        text.flush()
    finally:
        text.detach()
