"""Use cases: print-ready review summaries and round reports (PDF), Excel and CSV exports.

The window and the command line call these functions. They fetch through the other services,
hand the results to the pure builders in kvaldesk.reporting, and write every file atomically:
a temporary file in the target folder, fsync, rename. A cancelled or failed job leaves no file
(and an existing file of the same name untouched).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from sqlite_utils import Database

from kvaldesk.collector import collection_paused
from kvaldesk.domain.enums import ReviewStatus
from kvaldesk.domain.model import Review, Round, Template
from kvaldesk.exchange.atomic import temp_path_for
from kvaldesk.progress import NullProgress, Progress, check_cancelled
from kvaldesk.services import actions as actions_service
from kvaldesk.services import agreement as agreement_service
from kvaldesk.services import double_review as double_review_service
from kvaldesk.services import results as results_service
from kvaldesk.services import reviews as reviews_service
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services import trends as trends_service
from kvaldesk.services.settings import load_settings
from kvaldesk.services.templates import get_template_by_id
from kvaldesk.storage import rounds_repo

if TYPE_CHECKING:
    # The builders import reportlab and openpyxl (most of the window's start-up time when
    # imported at start): each function imports the one it uses.
    from kvaldesk.reporting.calibration_data import CalibrationSection
    from kvaldesk.reporting.review_summary_data import ReviewSummary
    from kvaldesk.reporting.round_report_data import RoundReport
    from kvaldesk.reporting.xlsx_export import AnswerRow

__all__ = [
    "review_summary",
    "round_report",
    "write_review_summary_pdf_file",
    "write_round_csv",
    "write_round_report_pdf",
    "write_round_reviews_pdf",
    "write_round_xlsx",
]


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """An open binary file that becomes ``path`` only when the block ends without an error.

    The data goes to a temporary name in the same folder (readers and the importer skip such
    names); on success it is flushed, fsynced and renamed over ``path``; on any error or
    cancel the temporary file is removed and ``path`` is left as it was.
    """
    path = Path(path)
    tmp = temp_path_for(path)
    try:
        with open(tmp, "xb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


# --------------------------------------------------------------------------- review summaries


def _round_and_template(db: Database, round_id: str) -> tuple[Round, Template]:
    round_ = rounds_service.get_round(db, round_id)
    return round_, get_template_by_id(db, round_.template_id)


def _summary(
    db: Database, review: Review, round_: Round, template: Template, today: date | None
) -> ReviewSummary:
    from kvaldesk.reporting.review_summary_data import build_review_summary

    case = rounds_repo.get_case(db, review.case_id)
    linked = [
        row.action
        for row in actions_service.list_actions(db, round_.id)
        if row.action.review_id == review.id
    ]
    return build_review_summary(round_, template, review, case, linked, today=today)


def review_summary(db: Database, review_id: str, *, today: date | None = None) -> ReviewSummary:
    """The data of one review's summary."""
    review = reviews_service.get_review(db, review_id)
    round_, template = _round_and_template(db, review.round_id)
    return _summary(db, review, round_, template, today)


def write_review_summary_pdf_file(
    db: Database, review_id: str, path: Path, *, today: date | None = None
) -> Path:
    """Write one review's summary (1–2 A4 pages) to ``path``."""
    from kvaldesk.reporting.pdf_review import write_review_summary_pdf

    summary = review_summary(db, review_id, today=today)
    with atomic_output(path) as handle:
        write_review_summary_pdf(summary, handle)
    return Path(path)


def _review_ids(db: Database, round_id: str, complete_only: bool) -> list[str]:
    rows = reviews_service.list_reviews(db, round_id)
    return [
        str(r["id"])
        for r in rows
        if not complete_only or r["status"] == ReviewStatus.COMPLETE.value
    ]


def write_round_reviews_pdf(
    db: Database,
    round_id: str,
    path: Path,
    progress: Progress | None = None,
    *,
    complete_only: bool = False,
    today: date | None = None,
) -> int:
    """Write every review summary of a round into one PDF, streamed review by review.

    Only the list of review ids is read up front; each review is fetched, laid out, written to
    the temporary file and dropped before the next. Reports ``(i, n)`` and checks for cancel
    between reviews; a cancelled batch leaves no file. Returns the number of pages.
    """
    from kvaldesk.reporting.pdf_review import write_review_summaries_pdf
    from kvaldesk.reporting.review_summary_data import build_review_summary

    progress = progress or NullProgress()
    round_, template = _round_and_template(db, round_id)
    ids = _review_ids(db, round_id, complete_only)
    action_rows = actions_service.list_actions(db, round_id)

    def summaries() -> Iterator[ReviewSummary]:
        for review_id in ids:
            review = reviews_service.get_review(db, review_id)
            case = rounds_repo.get_case(db, review.case_id)
            linked = [a for a in action_rows if a.action.review_id == review_id]
            yield build_review_summary(
                round_, template, review, case, [a.action for a in linked], today=today
            )

    with atomic_output(path) as handle:
        pages = write_review_summaries_pdf(
            summaries(), handle, round_name=round_.name, total=len(ids), progress=progress
        )
    return pages


# --------------------------------------------------------------------------- round report


def round_report(
    db: Database,
    round_id: str,
    *,
    suppress_small_groups: bool = True,
    today: date | None = None,
) -> RoundReport:
    """The data of a round's report: results by subgroup (small groups suppressed unless
    ``suppress_small_groups`` is False), the previous round, critical findings, analysis,
    actions (this round's and earlier rounds' of the same template), trends across rounds and
    the agreement between double reviewers."""
    from kvaldesk.reporting.calibration_data import build_trends, earlier_actions
    from kvaldesk.reporting.round_report_data import build_round_report

    round_, template = _round_and_template(db, round_id)
    results = results_service.round_results(
        db, round_id, by="subgroup", suppress_small_groups=suppress_small_groups
    )
    previous_name = ""
    if results.previous_round_id:
        previous_name = rounds_service.get_round(db, results.previous_round_id).name
    actions = [row.action for row in actions_service.list_actions(db, round_id)]
    earlier = actions_service.earlier_round_actions(db, round_id, today)
    return build_round_report(
        round_,
        template,
        results,
        actions,
        previous_round_name=previous_name,
        min_group_size=load_settings(db).min_group_size if suppress_small_groups else None,
        today=today,
        calibration=_calibration(db, round_id),
        trends=build_trends(trends_service.round_trends(db, round_id)),
        earlier_actions=earlier_actions(
            [(row.round_name, row.action) for row in earlier], today or date.today()
        ),
    )


def _calibration(db: Database, round_id: str) -> CalibrationSection:
    """Agreement between double reviewers, with how many cases are marked and reconciled."""
    from kvaldesk.reporting.calibration_data import build_calibration

    cases = double_review_service.double_review_cases(db, round_id)
    return build_calibration(
        agreement_service.round_agreement(db, round_id),
        marked=sum(1 for c in cases if c.marked),
        consensus=sum(1 for c in cases if c.is_double and c.consensus_status == "complete"),
    )


def write_round_report_pdf(
    db: Database,
    round_id: str,
    path: Path,
    progress: Progress | None = None,
    *,
    suppress_small_groups: bool = True,
    today: date | None = None,
) -> Path:
    """Write the round report (Resultat, Analys, Nya åtgärder) as a PDF."""
    from kvaldesk.reporting.pdf_round import write_round_report_pdf as render_round_report

    progress = progress or NullProgress()
    # The results of thousands of reviews, then hundreds of pages of flowables: no collector
    # passes over them meanwhile (kvaldesk/collector.py).
    with collection_paused():
        progress.report(0, 3, "Räknar fram resultaten")
        report = round_report(
            db, round_id, suppress_small_groups=suppress_small_groups, today=today
        )
        check_cancelled(progress)
        progress.report(1, 3, "Skriver rapporten")
        with atomic_output(path) as handle:
            render_round_report(report, handle)
            check_cancelled(progress)
    progress.report(3, 3, "Klar")
    return Path(path)


# --------------------------------------------------------------------------- Excel and CSV


def _answer_rows(db: Database, round_id: str, progress: Progress) -> Iterator[AnswerRow]:
    """Complete reviews one at a time, with case and reviewer, for the *Svar* sheet.

    Consensus reviews are left out: the sheet holds the reviewers' own reviews, in the layout
    the spreadsheet import reads (a consensus row would come back as a third reviewer).
    """
    from kvaldesk.reporting.xlsx_export import AnswerRow

    rows = [
        r
        for r in reviews_service.list_reviews(db, round_id)
        if r["status"] == ReviewStatus.COMPLETE.value and not r["consensus"]
    ]
    for index, row in enumerate(rows, start=1):
        if index % 50 == 0:
            check_cancelled(progress)
            progress.report(index, len(rows), "")
        review = reviews_service.get_review(db, str(row["id"]))
        yield AnswerRow(
            reference=str(row["reference"]),
            subgroup=str(row["subgroup"] or ""),
            unit=str(row["unit"] or ""),
            reviewer=review.reviewer,
            date=(review.completed_at or review.updated_at or "")[:10],
            answers=review.answers,
        )


def write_round_xlsx(
    db: Database,
    round_id: str,
    path: Path,
    progress: Progress | None = None,
    *,
    suppress_small_groups: bool = True,
    today: date | None = None,
) -> Path:
    """Write the round's results, groups, answers and actions as an Excel workbook.

    The *Svar* sheet has the spreadsheet import layout (docs/spreadsheet-import.md) and is the
    first sheet, so the file can be imported again as it is.
    """
    from kvaldesk.reporting.xlsx_export import write_round_workbook

    progress = progress or NullProgress()
    report = round_report(db, round_id, suppress_small_groups=suppress_small_groups, today=today)
    _, template = _round_and_template(db, round_id)
    with atomic_output(path) as handle:
        write_round_workbook(report, template, _answer_rows(db, round_id, progress), handle)
        check_cancelled(progress)
    return Path(path)


def write_round_csv(
    db: Database,
    round_id: str,
    path: Path,
    *,
    suppress_small_groups: bool = True,
    today: date | None = None,
) -> Path:
    """Write the per-question results as CSV for Swedish Excel (``;``, UTF-8 with BOM,
    decimal comma)."""
    from kvaldesk.reporting.csv_export import write_results_csv

    report = round_report(db, round_id, suppress_small_groups=suppress_small_groups, today=today)
    with atomic_output(path) as handle:
        write_results_csv(report, handle)
    return Path(path)
