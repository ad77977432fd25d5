"""Benchmark: the round report of 1,000 reviews × 15 questions, and the batch of review
summaries (pages per second), each beside a minimal reportlab document with the same number of
pages made in the same run.

    uv run python bench/bench_reports.py [--reviews N] [--batch-reviews M] [--no-write]

Writes its figures to docs/benchmarks-reports.md (unless --no-write). Not run by the tests.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table
from sqlite_utils import Database

from kvaldesk import __version__
from kvaldesk.reporting.fonts import register_fonts
from kvaldesk.reporting.pdf_review import review_summary_story
from kvaldesk.reporting.styles import report_styles
from kvaldesk.services import reports, rounds
from kvaldesk.services.demo import make_demo
from kvaldesk.services.reviews import list_reviews
from kvaldesk.storage.database import open_database

REPO_ROOT = Path(__file__).resolve().parents[1]
REPORT = REPO_ROOT / "docs" / "benchmarks-reports.md"
TEMPLATE_TITLE = "Barnavårdsutredning"
REPEATS = 3


def _demo_round(db: Database, reviews: int) -> tuple[str, int]:
    """A demo database whose current barnavårdsutredning round has ``reviews`` reviews.

    make_demo spreads its reviews over four templates and two rounds each (2/5 and 3/5).
    """
    per_template = -(-reviews * 5 // 3)
    while per_template - per_template * 2 // 5 > reviews:
        per_template -= 1
    make_demo(db, reviews=per_template * 4, seed=7)
    for summary in rounds.list_rounds(db):
        if TEMPLATE_TITLE in summary.round.name and "hösten" in summary.round.name:
            return summary.round.id, summary.complete
    raise SystemExit("demo round not found")


def _best(run: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _minimal_pdf(pages: int, target: Path) -> None:
    """The minimal document: one paragraph per page in the same embedded font."""
    style = report_styles().body
    story: list[object] = []
    for page in range(pages):
        story.append(Paragraph(f"Sida {page + 1}: kollegial granskning – åäö", style))
        story.append(PageBreak())
    doc = SimpleDocTemplate(str(target), initialFontName=register_fonts().regular)
    doc.build(story)


def _table_pdf(pages: int, target: Path) -> None:
    """A plain-table document: each page a 40-row table of short strings (no Paragraphs)."""
    font = register_fonts().regular
    story: list[object] = []
    for page in range(pages):
        rows = [[f"BU{row}", f"Sida {page + 1}, rad {row}", "Ja", "Uppfyllt"] for row in range(40)]
        table = Table(rows, repeatRows=1)
        table.setStyle(
            [("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.3, "grey")]
        )
        story += [table, PageBreak()]
    doc = SimpleDocTemplate(str(target), initialFontName=font)
    doc.build(story)


def _naive_batch(db: Database, round_id: str, target: Path) -> None:
    """The batch without streaming: every summary's story in one list, one ``build``."""
    story: list[object] = []
    for row in list_reviews(db, round_id):
        story += review_summary_story(reports.review_summary(db, str(row["id"])))
        story.append(PageBreak())
    doc = SimpleDocTemplate(str(target), initialFontName=register_fonts().regular)
    doc.build(story)


def _pages(path: Path) -> int:
    return len(PdfReader(str(path)).pages)


def _peak_memory(run: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _markdown(f: dict[str, float | int | str]) -> str:
    def num(key: str) -> float:
        return float(f[key])

    pps = num("batch_pages") / num("batch_seconds")
    minimal_pps = num("batch_pages") / num("minimal_batch_seconds")
    table_pps = num("batch_pages") / num("table_batch_seconds")
    naive_pps = num("batch_pages") / num("naive_seconds")
    rs, ms, ts = num("report_seconds"), num("minimal_report_seconds"), num("table_report_seconds")
    batch_mb, naive_mb = num("batch_peak") / 1e6, num("naive_peak") / 1e6
    return f"""# Benchmark: printed reports

Made by `uv run python bench/bench_reports.py` (not part of the test suite). It builds a demo
database whose current *Barnavårdsutredning* round has {f["reviews"]} complete reviews of
{f["questions"]} share-counting questions and writes the round report PDF (best of {REPEATS}
runs); from a second demo database it writes the batch of review summaries of a round with
{f["batch_reviews"]} reviews. Each is compared, in the same run, with reportlab documents of the
same number of pages: a *minimal* one (one paragraph per page) and a *plain-table* one (each page a
40-row table of short strings, no Paragraphs), both in the same embedded font.

| | |
|---|---|
| Date | {f["date"]} |
| Machine | {f["machine"]} |
| Versions | {f["versions"]} |

## Round report ({f["reviews"]} reviews × {f["questions"]} questions)

| Step | Seconds |
|---|---:|
| Report data (results by subgroup, previous round, findings, actions) | {f["data_seconds"]:.2f} |
| **Round report PDF, {f["report_pages"]} pages** (goal < 2 s) | **{rs:.2f}** |
| Minimal reportlab document, {f["report_pages"]} pages | {ms:.3f} |
| Plain-table reportlab document, {f["report_pages"]} pages | {ts:.2f} |
| Ratio report / minimal | {rs / ms:.0f}× |
| Ratio report / plain-table | {rs / ts:.1f}× |
| Excel workbook (four sheets, {f["reviews"]} answer rows) | {f["xlsx_seconds"]:.2f} |
| CSV | {f["csv_seconds"]:.2f} |

## Batch of review summaries ({f["batch_reviews"]} reviews, {f["batch_pages"]} pages)

| | Pages per second | Peak traced memory |
|---|---:|---:|
| **Batch, streamed** (`write_round_reviews_pdf`) | **{pps:.0f}** | **{batch_mb:.1f} MB** |
| Same summaries, one ordinary `build` (not streamed) | {naive_pps:.0f} | {naive_mb:.1f} MB |
| Minimal reportlab document, same page count | {minimal_pps:.0f} | |
| Plain-table reportlab document, same page count | {table_pps:.0f} | |

Ratios: minimal / batch {minimal_pps / pps:.0f}×, plain-table / batch {table_pps / pps:.1f}×,
memory ordinary build / streamed {naive_mb / batch_mb:.0f}×. The batch file is
{num("batch_size") / 1e6:.1f} MB.

The round report reads aggregated counts (one GROUP BY per round), so its time hardly depends on
the number of reviews; the time goes to laying out tables of wrapped Paragraphs with repeated
header rows, the chart, and the list of critical findings (which does grow with the reviews). A
summary page is a dense table of wrapped Paragraphs with drawn marks and a signature block, far
more work than a one-paragraph page and a few times a plain-string table page. The batch is
streamed: each review is fetched, laid out and its pages written to the file before the next
(`kvaldesk/reporting/pdf_stream.py`), so its memory stays flat, while the ordinary build keeps
every story and every page until it saves.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--batch-reviews", type=int, default=200)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    f: dict[str, float | int | str] = {}

    with tempfile.TemporaryDirectory(prefix="kvaldesk-bench-") as folder:
        work = Path(folder)
        register_fonts()

        # The round report of a large round.
        db = open_database(work / "stor.db")
        round_id, f["reviews"] = _demo_round(db, args.reviews)
        report = reports.round_report(db, round_id)
        f["questions"] = sum(1 for q in report.questions if q.counts_in_share)
        pdf = work / "omgång.pdf"
        f["data_seconds"] = _best(lambda: reports.round_report(db, round_id))
        f["report_seconds"] = _best(lambda: reports.write_round_report_pdf(db, round_id, pdf))
        pages = f["report_pages"] = _pages(pdf)
        f["minimal_report_seconds"] = _best(lambda: _minimal_pdf(pages, work / "m.pdf"))
        f["table_report_seconds"] = _best(lambda: _table_pdf(pages, work / "t.pdf"))
        f["xlsx_seconds"] = _best(
            lambda: reports.write_round_xlsx(db, round_id, work / "o.xlsx"), 1
        )
        f["csv_seconds"] = _best(lambda: reports.write_round_csv(db, round_id, work / "o.csv"))
        db.close()

        # The batch of review summaries.
        small = open_database(work / "batch.db")
        batch_round, f["batch_reviews"] = _demo_round(small, args.batch_reviews)
        batch = work / "alla.pdf"
        f["batch_seconds"] = _best(
            lambda: reports.write_round_reviews_pdf(small, batch_round, batch), 1
        )
        batch_pages = f["batch_pages"] = _pages(batch)
        f["batch_size"] = batch.stat().st_size
        f["minimal_batch_seconds"] = _best(lambda: _minimal_pdf(batch_pages, work / "mb.pdf"), 1)
        f["table_batch_seconds"] = _best(lambda: _table_pdf(batch_pages, work / "tb.pdf"), 1)
        f["naive_seconds"] = _best(lambda: _naive_batch(small, batch_round, work / "n.pdf"), 1)
        f["batch_peak"] = _peak_memory(
            lambda: reports.write_round_reviews_pdf(small, batch_round, work / "p.pdf")
        )
        f["naive_peak"] = _peak_memory(lambda: _naive_batch(small, batch_round, work / "q.pdf"))
        small.close()

    f["versions"] = f"kvaldesk {__version__}, Python {sys.version.split()[0]}, " + ", ".join(
        f"{name} {importlib.metadata.version(name)}" for name in ("reportlab", "openpyxl", "pypdf")
    )
    f["machine"] = (
        f"{platform.system()} {platform.release()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs ({platform.processor() or 'unknown processor'})"
    )
    f["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = _markdown(f)
    print(text)
    if not args.no_write:
        REPORT.write_text(text, encoding="utf-8")
        print(f"written: {REPORT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
