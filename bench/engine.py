"""The engine's figures: saving an answer, results, import, PDF; each beside its floor."""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table
from sqlite_utils import Database

from bench import fixtures
from kvaldesk.reporting.fonts import register_fonts
from kvaldesk.reporting.styles import report_styles
from kvaldesk.services import exchange, reports, reviews, rounds
from kvaldesk.services.results import round_results
from kvaldesk.services.templates import get_template
from kvaldesk.services.workspace import open_workspace

Figures = dict[str, Any]
ROUND_TEMPLATE = "barnavardsutredning"


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _median_of(run: Callable[[], object], repeats: int) -> float:
    return statistics.median(_timed(run) for _ in range(repeats))


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def measured_round(db: Database) -> tuple[str, int]:
    """(id, complete reviews) of the current barnavårdsutredning round: the demo's largest round
    of that template, with a previous round."""
    candidates = [s for s in rounds.list_rounds(db) if s.round.template_key == ROUND_TEMPLATE]
    chosen = max(candidates, key=lambda s: s.complete)
    return chosen.round.id, chosen.complete


# Saving one answer ---------------------------------------------------------------------------

_RAW_UPSERT = (
    "INSERT INTO answers(review_id, question_id, value, comment, applies, answered_at) "
    "VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT(review_id, question_id) DO UPDATE SET "
    "value = excluded.value, comment = excluded.comment, answered_at = excluded.answered_at"
)


def save_answer(source: Path, work: Path, saves: int) -> Figures:
    """p50/p99 of ``reviews.save_answer`` beside a raw upsert + commit on the same file."""
    path = fixtures.working_copy(source, work, "save.db")
    db = open_workspace(path)
    round_id, _n = measured_round(db)
    case = rounds.add_case(db, round_id, "MÄT-2026-0001", "ny")
    review = reviews.start_review(db, case.id, fixtures.COORDINATOR)
    key = rounds.get_round(db, round_id).template_key
    questions = [q for q in get_template(db, key).questions if q.options and q.condition is None]
    service: list[float] = []
    for index in range(saves):
        question = questions[index % len(questions)]
        value = question.options[(index // len(questions)) % len(question.options)].value
        start = time.perf_counter()
        reviews.save_answer(db, review.id, question.id, value=value, comment="Åtgärdat i akten.")
        service.append(time.perf_counter() - start)
    db.close()

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    raw: list[float] = []
    for index in range(saves):
        question = questions[index % len(questions)]
        start = time.perf_counter()
        conn.execute(
            _RAW_UPSERT,
            [review.id, question.id, f"v{index}", "Åtgärdat i akten.", "2026-11-23T10:00:00Z"],
        )
        conn.commit()
        raw.append(time.perf_counter() - start)
    conn.close()
    return {
        "saves": saves,
        "p50_ms": 1000 * _percentile(service, 50),
        "p99_ms": 1000 * _percentile(service, 99),
        "floor_p50_ms": 1000 * _percentile(raw, 50),
        "floor_p99_ms": 1000 * _percentile(raw, 99),
    }


# Results -------------------------------------------------------------------------------------

_ROUND_FLOOR = (
    "SELECT a.question_id, a.value, COUNT(*) FROM reviews r JOIN answers a ON a.review_id = r.id "
    "WHERE r.round_id = ? AND r.status = 'complete' AND a.applies = 1 "
    "GROUP BY a.question_id, a.value"
)
_ALL_FLOOR = (
    "SELECT r.round_id, a.question_id, a.value, COUNT(*) FROM reviews r "
    "JOIN answers a ON a.review_id = r.id WHERE r.status = 'complete' AND a.applies = 1 "
    "GROUP BY r.round_id, a.question_id, a.value"
)


def results(source: Path, repeats: int) -> Figures:
    """Results of the largest round and of every round, beside one hand-written GROUP BY."""
    db = open_workspace(source)
    round_id, complete = measured_round(db)
    template = rounds.get_round(db, round_id)
    round_ids = [s.round.id for s in rounds.list_rounds(db)]
    round_results(db, round_id)  # warm the page cache and the template cache alike
    figures = {
        "round_reviews": complete,
        "round_template": template.template_key,
        "round_s": _median_of(lambda: round_results(db, round_id), repeats),
        "round_floor_s": _median_of(
            lambda: db.execute(_ROUND_FLOOR, [round_id]).fetchall(), repeats
        ),
        "rounds": len(round_ids),
        "all_s": _median_of(lambda: [round_results(db, r) for r in round_ids], repeats),
        "all_floor_s": _median_of(lambda: db.execute(_ALL_FLOOR).fetchall(), repeats),
    }
    db.close()
    return figures


# Import --------------------------------------------------------------------------------------


def _plain_insert(target: Path, source: Path) -> float:
    rows, columns = fixtures.source_rows(source)
    db = open_workspace(target)
    template_id = db.execute(
        "SELECT id FROM templates WHERE key = ? ORDER BY version DESC", [fixtures.PACKAGE_TEMPLATE]
    ).fetchone()[0]
    at = columns["rounds"].index("template_id")
    rows["rounds"] = [
        tuple(template_id if i == at else v for i, v in enumerate(r)) for r in rows["rounds"]
    ]
    start = time.perf_counter()
    with db.atomic():
        for table in ("rounds", "cases", "reviews", "answers"):
            marks = ", ".join("?" for _ in columns[table])
            db.conn.executemany(
                f"INSERT INTO {table}({', '.join(columns[table])}) VALUES ({marks})", rows[table]
            )
    seconds = time.perf_counter() - start
    db.close()
    return seconds


def import_packages(source: Path, work: Path, share: Path, package_source: Path) -> Figures:
    """Import the cached packages into a copy of ``source``; the floor inserts the same rows
    with executemany into another copy, in one transaction."""
    db = open_workspace(fixtures.working_copy(source, work, "import.db"))
    start = time.perf_counter()
    outcomes = exchange.import_paths(db, [share])
    seconds = time.perf_counter() - start
    assert {o.outcome for o in outcomes} == {"imported"}, {o.reason for o in outcomes}
    imported = sum(o.counts.get("reviews", 0) for o in outcomes)
    answers = db.execute(
        "SELECT COUNT(*) FROM answers a JOIN reviews r ON r.id = a.review_id "
        "JOIN rounds o ON o.id = r.round_id WHERE o.name = 'Mätning 2026'"
    ).fetchone()[0]
    db.close()
    plain = _plain_insert(fixtures.working_copy(source, work, "plain.db"), package_source)
    return {
        "packages": len(outcomes),
        "reviews": imported,
        "answers": int(answers),
        "import_s": seconds,
        "floor_s": plain,
    }


# PDF -----------------------------------------------------------------------------------------


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def _minimal_pdf(pages: int, target: Path) -> None:
    """The floor: one paragraph per page in the same embedded font."""
    style = report_styles().body
    story: list[object] = []
    for page in range(pages):
        story += [Paragraph(f"Sida {page + 1}: kollegial granskning – åäö", style), PageBreak()]
    SimpleDocTemplate(str(target), initialFontName=register_fonts().regular).build(story)


def _table_pdf(pages: int, target: Path) -> None:
    """A second reference: each page a 40-row table of short strings (no Paragraphs)."""
    font = register_fonts().regular
    story: list[object] = []
    for page in range(pages):
        rows = [[f"BU{row}", f"Sida {page + 1}, rad {row}", "Ja", "Uppfyllt"] for row in range(40)]
        table = Table(rows, repeatRows=1)
        table.setStyle(
            [("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.3, "grey")]
        )
        story += [table, PageBreak()]
    SimpleDocTemplate(str(target), initialFontName=font).build(story)


def pdf_round_report(source: Path, work: Path, repeats: int) -> Figures:
    """The round report PDF of the largest round: pages per second beside the floors."""
    register_fonts()
    db = open_workspace(source)
    round_id, complete = measured_round(db)
    target = work / "rapport.pdf"
    seconds = _median_of(lambda: reports.write_round_report_pdf(db, round_id, target), repeats)
    db.close()
    pages = _pages(target)
    return {
        "kind": "round report",
        "reviews": complete,
        "pages": pages,
        "seconds": seconds,
        "floor_s": _median_of(lambda: _minimal_pdf(pages, work / "m.pdf"), repeats),
        "table_s": _median_of(lambda: _table_pdf(pages, work / "t.pdf"), repeats),
    }


def pdf_summaries(source: Path, work: Path) -> Figures:
    """The batch of review summaries (one page each) of the smallest round in ``source``."""
    register_fonts()
    db = open_workspace(source)
    smallest = min((s for s in rounds.list_rounds(db) if s.complete), key=lambda s: s.complete)
    target = work / "sammanfattningar.pdf"
    seconds = _timed(lambda: reports.write_round_reviews_pdf(db, smallest.round.id, target))
    db.close()
    pages = _pages(target)
    return {
        "kind": "review summaries",
        "reviews": smallest.complete,
        "pages": pages,
        "seconds": seconds,
        "floor_s": _timed(lambda: _minimal_pdf(pages, work / "mb.pdf")),
        "table_s": _timed(lambda: _table_pdf(pages, work / "tb.pdf")),
    }


def scratch() -> tempfile.TemporaryDirectory[str]:
    """A scratch folder for working copies."""
    return tempfile.TemporaryDirectory(prefix="kvaldesk-bench-")
