"""Printing and saving reports from the window: the Rapport menu of the results view, the summary
of the open review, and print_pdf rendering the saved PDF onto a printer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter

from kvaldesk.services import reports as reports_service
from kvaldesk.services import reviews as reviews_service
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services.rounds import RoundSummary
from ui import printing
from ui.context import AppContext
from ui.tasks import TaskProgress
from ui.views import report_actions
from ui.views.results_view import ResultsView
from ui.views.review_view import ReviewView

NEW_PRINTER = printing.new_printer


def _round_with_reviews(context: AppContext) -> RoundSummary:
    return max(rounds_service.list_rounds(context.db), key=lambda s: s.complete)


def _results_view(qtbot: Any, context: AppContext) -> ResultsView:
    summary = _round_with_reviews(context)
    view = ResultsView(context)
    qtbot.addWidget(view)
    view.resize(1100, 720)
    view.show()
    view.show_round(summary.round.id)
    return view


class SaveDialog:
    """Stands in for the file dialog: answers with a path in ``folder`` and remembers what it
    was asked."""

    def __init__(self, folder: Path, name: str | None = None) -> None:
        self.folder = folder
        self.name = name
        self.asked: list[tuple[str, str, str]] = []

    def __call__(self, parent: Any, caption: str, default_name: str, file_filter: str) -> Path:
        self.asked.append((caption, default_name, file_filter))
        return self.folder / (self.name or default_name)


@pytest.fixture
def save_dialog(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> SaveDialog:
    folder = tmp_path / "out"
    folder.mkdir()
    dialog = SaveDialog(folder)
    monkeypatch.setattr(report_actions, "choose_save_path", dialog)
    return dialog


@pytest.fixture
def pdf_printer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The print dialog is accepted at once and prints to a PDF file (low resolution, fast)."""
    output = tmp_path / "printed.pdf"
    monkeypatch.setattr(printing, "new_printer", lambda: _pdf_printer(output))
    monkeypatch.setattr(printing, "_exec_dialog", lambda dialog: True)
    return output


def _pages(path: Path) -> int:
    return len(PdfReader(str(path)).pages)


# --- results view: Rapport ----------------------------------------------------------------------


def test_save_round_report_as_pdf(qtbot: Any, context: AppContext, save_dialog: SaveDialog) -> None:
    view = _results_view(qtbot, context)
    assert view.report_button.isEnabled()
    view.save_report_action.trigger()
    caption, default_name, file_filter = save_dialog.asked[0]
    assert caption == "Spara rapport som PDF"
    assert default_name.startswith("rapport-") and default_name.endswith(".pdf")
    assert "/" not in default_name and " " not in default_name
    assert "pdf" in file_filter
    saved = save_dialog.folder / default_name
    assert saved.read_bytes().startswith(b"%PDF")
    assert "Rapporten sparades" in view.message.text()
    assert str(saved) in view.message.text()
    assert sorted(p.name for p in save_dialog.folder.iterdir()) == [default_name]


def test_export_xlsx_and_csv(qtbot: Any, context: AppContext, save_dialog: SaveDialog) -> None:
    view = _results_view(qtbot, context)
    view.xlsx_action.trigger()
    view.csv_action.trigger()
    names = [asked[1] for asked in save_dialog.asked]
    assert names[0].endswith(".xlsx") and names[1].endswith(".csv")
    xlsx = save_dialog.folder / names[0]
    csv = save_dialog.folder / names[1]
    assert xlsx.read_bytes().startswith(b"PK")  # a zip: the workbook
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for Swedish Excel
    assert "Exporten sparades" in view.message.text()


def test_batch_of_summaries_writes_every_complete_review(
    qtbot: Any, context: AppContext, save_dialog: SaveDialog
) -> None:
    summary = _round_with_reviews(context)
    view = _results_view(qtbot, context)
    view.batch_action.trigger()
    default_name = save_dialog.asked[0][1]
    assert default_name.startswith("sammanfattningar-")
    saved = save_dialog.folder / default_name
    assert _pages(saved) >= summary.complete
    assert "Sammanfattningarna sparades" in view.message.text()


def test_cancelled_batch_leaves_no_file(
    qtbot: Any, context: AppContext, save_dialog: SaveDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _results_view(qtbot, context)
    messages: list[str] = []
    context.status_message.connect(messages.append)
    monkeypatch.setattr(TaskProgress, "is_cancelled", lambda self: True)
    view.batch_action.trigger()
    assert list(save_dialog.folder.iterdir()) == []  # neither the file nor a temporary file
    assert "Avbrutet" in view.message.text()
    assert any("Avbrutet" in text for text in messages)


def test_batch_can_be_cancelled_while_running(
    qtbot: Any, context: AppContext, save_dialog: SaveDialog
) -> None:
    """With the real, threaded runner: Cancel while the batch runs leaves no file."""
    view = _results_view(qtbot, context)
    context.tasks.synchronous = False
    started: list[Any] = []
    context.task_started.connect(lambda task, label: started.append(task))
    view.batch_action.trigger()
    assert started, "the batch runs in the background"
    started[0].cancel()
    qtbot.waitUntil(lambda: started[0].finished, timeout=30_000)
    if "Avbrutet" in view.message.text():
        assert list(save_dialog.folder.iterdir()) == []
    else:  # finished before Cancel was seen: then the file is complete
        assert "Sammanfattningarna sparades" in view.message.text()


def test_report_button_disabled_without_complete_reviews(
    qtbot: Any, empty_context: AppContext
) -> None:
    round_ = rounds_service.create_round(
        empty_context.db, template_key="forhandsbedomning", name="Tom omgång"
    )
    rounds_service.add_case(empty_context.db, round_.id, "TOM-001", "ny")
    view = ResultsView(empty_context)
    qtbot.addWidget(view)
    view.show_round(round_.id)
    assert not view.report_button.isEnabled()
    assert "inga klara granskningar" in view.report_button.toolTip()


def test_print_round_report(qtbot: Any, context: AppContext, pdf_printer: Path) -> None:
    view = _results_view(qtbot, context)
    view.print_report_action.trigger()
    assert _pages(pdf_printer) >= 1
    assert "skickades till skrivaren" in view.message.text()


# --- print_pdf ---------------------------------------------------------------------------------


@pytest.fixture
def batch_pdf(context: AppContext, tmp_path: Path) -> Path:
    path = tmp_path / "alla.pdf"
    reports_service.write_round_reviews_pdf(
        context.db, _round_with_reviews(context).round.id, path, complete_only=True
    )
    return path


def _pdf_printer(path: Path) -> QPrinter:
    printer = NEW_PRINTER()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(96)
    return printer


def test_print_pdf_prints_every_page(
    qtbot: Any, batch_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[QPrintDialog] = []

    def accept(dialog: QPrintDialog) -> bool:
        asked.append(dialog)
        return True

    monkeypatch.setattr(printing, "_exec_dialog", accept)
    output = tmp_path / "printed.pdf"
    printer = _pdf_printer(output)
    assert printing.print_pdf(None, batch_pdf, "Alla sammanfattningar", printer)
    assert printer.docName() == "Alla sammanfattningar"
    assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
    assert asked[0].maxPage() == _pages(batch_pdf)
    assert _pages(output) == _pages(batch_pdf)
    source_box = PdfReader(str(batch_pdf)).pages[0].mediabox
    printed_box = PdfReader(str(output)).pages[0].mediabox
    assert abs(float(printed_box.width) - float(source_box.width)) < 2
    assert abs(float(printed_box.height) - float(source_box.height)) < 2


def test_print_pdf_honours_page_range_and_copies(
    qtbot: Any, batch_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def pages_two_and_three_twice(dialog: QPrintDialog) -> bool:
        dialog.setPrintRange(QAbstractPrintDialog.PrintRange.PageRange)
        dialog.setFromTo(2, 3)
        dialog.printer().setCopyCount(2)
        return True

    monkeypatch.setattr(printing, "_exec_dialog", pages_two_and_three_twice)
    output = tmp_path / "range.pdf"
    printer = _pdf_printer(output)
    assert printing.print_pdf(None, batch_pdf, "Sidor", printer)
    expected = 2 if printer.supportsMultipleCopies() else 4
    assert _pages(output) == expected


def test_print_pdf_cancelled_in_dialog(
    qtbot: Any, batch_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(printing, "_exec_dialog", lambda dialog: False)
    output = tmp_path / "never.pdf"
    assert not printing.print_pdf(None, batch_pdf, "Nej", _pdf_printer(output))
    assert not output.exists()


# --- review view: the summary --------------------------------------------------------------------


def _review_view(qtbot: Any, context: AppContext) -> ReviewView:
    summary = _round_with_reviews(context)
    review_id = str(reviews_service.list_reviews(context.db, summary.round.id)[0]["id"])
    view = ReviewView(context)
    qtbot.addWidget(view)
    view.resize(1280, 820)
    view.show()
    view.open_review(review_id)
    return view


def test_save_review_summary_as_pdf(
    qtbot: Any, context: AppContext, save_dialog: SaveDialog
) -> None:
    view = _review_view(qtbot, context)
    view.header.save_pdf_action.trigger()
    default_name = save_dialog.asked[0][1]
    assert view.case is not None
    assert default_name == report_actions.file_name(f"granskning-{view.case.reference}", ".pdf")
    saved = save_dialog.folder / default_name
    assert saved.read_bytes().startswith(b"%PDF")
    assert "Sammanfattningen sparades" in view.message.text()


def test_print_review_summary_with_ctrl_p(
    qtbot: Any, context: AppContext, pdf_printer: Path
) -> None:
    view = _review_view(qtbot, context)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert 1 <= _pages(pdf_printer) <= 2
    assert "skickades till skrivaren" in view.message.text()


def test_file_names_are_safe() -> None:
    assert report_actions.file_name("Barn: våren/hösten 2026 (demo)", ".pdf") == (
        "Barn-våren-hösten-2026-(demo).pdf"
    )
    assert report_actions.file_name("  ", ".csv") == "rapport.csv"
