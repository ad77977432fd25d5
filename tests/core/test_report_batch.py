"""The batch of review summaries: streamed, numbered per review, cancellable, atomic."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from sqlite_utils import Database
from test_report_support import KnownRound, make_known_round, page_texts

from kvaldesk.exchange.atomic import TEMP_PREFIX
from kvaldesk.progress import Cancelled
from kvaldesk.reporting.fonts import register_fonts
from kvaldesk.reporting.pdf_stream import StreamingCanvas
from kvaldesk.services import reports

TODAY = date(2026, 3, 2)


class RecordingProgress:
    """Records reports; cancels once ``cancel_after`` reviews are done."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.reports: list[tuple[int, int]] = []
        self.cancel_after = cancel_after

    def report(self, done: int, total: int, text: str = "") -> None:
        self.reports.append((done, total))

    def is_cancelled(self) -> bool:
        done = self.reports[-1][0] if self.reports else 0
        return self.cancel_after is not None and done >= self.cancel_after


@pytest.fixture
def known(db: Database, small_template: str) -> KnownRound:
    return make_known_round(db, small_template, reviews=12)


def test_batch_has_every_review_with_its_own_page_numbers(
    db: Database, known: KnownRound, tmp_path: Path
) -> None:
    progress = RecordingProgress()
    path = tmp_path / "alla granskningar.pdf"
    pages = reports.write_round_reviews_pdf(db, known.round_id, path, progress, today=TODAY)
    texts = page_texts(path)
    assert len(texts) == pages >= 12
    joined = " ".join(" ".join(texts).split())
    for i in range(12):
        assert f"Granskning av ärende ÄR-Öst-{i:02d}" in joined
    # Each review starts on a new page whose numbering starts again at 1.
    starts = [t for t in texts if "Granskning av ärende" in t]
    assert len(starts) == 12
    assert all("Sida 1 av" in t for t in starts)
    assert progress.reports[0] == (0, 12)
    assert progress.reports[-1] == (12, 12)
    assert [d for d, _ in progress.reports] == list(range(13))
    reader = PdfReader(str(path), strict=True)
    assert str(reader.root_object["/Lang"]) == "sv-SE"
    assert reader.metadata is not None and reader.metadata.author == "kvaldesk"


def test_cancelled_batch_leaves_no_file(db: Database, known: KnownRound, tmp_path: Path) -> None:
    folder = tmp_path / "ut"
    folder.mkdir()
    path = folder / "alla.pdf"
    progress = RecordingProgress(cancel_after=3)
    with pytest.raises(Cancelled):
        reports.write_round_reviews_pdf(db, known.round_id, path, progress, today=TODAY)
    assert list(folder.iterdir()) == []
    assert progress.reports[-1] == (3, 12)


def test_cancel_keeps_an_existing_file(db: Database, known: KnownRound, tmp_path: Path) -> None:
    path = tmp_path / "alla.pdf"
    path.write_bytes(b"the old file")
    with pytest.raises(Cancelled):
        reports.write_round_reviews_pdf(
            db, known.round_id, path, RecordingProgress(cancel_after=1), today=TODAY
        )
    assert path.read_bytes() == b"the old file"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_batch_of_only_complete_reviews_and_of_none(
    db: Database, small_template: str, tmp_path: Path
) -> None:
    from kvaldesk.services import rounds

    round_ = rounds.create_round(db, template_key=small_template, name="Tom")
    path = tmp_path / "tom.pdf"
    assert reports.write_round_reviews_pdf(db, round_.id, path, complete_only=True) == 1
    assert "inga granskningar" in page_texts(path)[0]


def _draw_pages(canvas: Canvas, pages: int) -> None:
    font = register_fonts().regular
    for page in range(pages):
        canvas.setFont(font, 9)
        for line in range(50):
            canvas.drawString(
                40, 800 - 14 * line, f"Sida {page}, rad {line}: Åsa, Örjan och Märta granskar"
            )
        canvas.showPage()


def _peak(canvas_class: type[Canvas], pages: int, target: Path) -> int:
    font = register_fonts().regular
    with open(target, "wb") as handle:
        sink = handle if canvas_class is StreamingCanvas else io.BytesIO()
        tracemalloc.start()
        try:
            canvas = canvas_class(sink, initialFontName=font)
            _draw_pages(canvas, pages)
            canvas.save()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def test_streaming_canvas_memory_does_not_grow_with_pages(tmp_path: Path) -> None:
    # Not a timing test: the streamed document keeps only a few hundred bytes of bookkeeping
    # per page (object numbers and offsets), while a normal canvas keeps every page's content.
    small = _peak(StreamingCanvas, 40, tmp_path / "s40.pdf")
    large = _peak(StreamingCanvas, 240, tmp_path / "s240.pdf")
    normal_small = _peak(Canvas, 40, tmp_path / "n40.pdf")
    normal_large = _peak(Canvas, 240, tmp_path / "n240.pdf")
    per_page_streamed = (large - small) / 200
    per_page_normal = (normal_large - normal_small) / 200
    assert per_page_streamed < 2_000, per_page_streamed
    assert per_page_streamed * 5 < per_page_normal, (per_page_streamed, per_page_normal)
    reader = PdfReader(str(tmp_path / "s240.pdf"), strict=True)
    assert len(reader.pages) == 240
    assert "Sida 239, rad 49: Åsa, Örjan och Märta granskar" in (reader.pages[-1].extract_text())


def test_streamed_file_is_valid_for_poppler(tmp_path: Path) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    path = tmp_path / "s.pdf"
    _peak(StreamingCanvas, 30, path)
    result = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    assert "Pages:           30" in result.stdout
    assert "Error" not in result.stderr


def test_streaming_document_writes_pages_as_they_are_shown(tmp_path: Path) -> None:
    path = tmp_path / "s.pdf"
    with open(path, "wb") as handle:
        canvas = StreamingCanvas(handle, initialFontName=register_fonts().regular)
        _draw_pages(canvas, 3)
        handle.flush()
        # The three pages (and their content streams) are already in the file.
        assert len(re.findall(rb"/Type /Page\b(?!s)", path.read_bytes())) == 3
        kept = [o for o in canvas._doc.idToObject.values() if isinstance(o, pdfdoc.PDFPage)]
        assert kept == []
        canvas.save()
    assert len(PdfReader(str(path), strict=True).pages) == 3
