"""Printing a PDF with the system print dialog.

The PDF we save is also what we print: its pages are rendered with pypdfium2 at the printer's
resolution (capped, in bands, so memory stays small) and painted onto a QPrinter. PySide6-Essentials
has no QtPdf, and rendering the very same file keeps the printout and the saved PDF identical.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QWidget

from ui.i18n import _

if TYPE_CHECKING:
    import pypdfium2 as pdfium

#: Highest resolution a page is rendered at (a laser printer rarely shows more).
MAX_DPI = 600
#: Height of one rendered band in pixels: a band of an A4 page at 600 dpi is ~20 MB.
BAND_PIXELS = 1024
#: Documents with more pages than this show a progress dialog with Cancel.
PROGRESS_FROM_PAGES = 3


def _exec_dialog(dialog: QPrintDialog) -> bool:
    """Show the print dialog; True when the person chose Skriv ut (tests replace this)."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def new_printer() -> QPrinter:
    """A high-resolution printer set up for A4 portrait."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer


def _pages_to_print(dialog: QPrintDialog, page_count: int) -> list[int]:
    """The 0-based page numbers the dialog asks for, in printing order."""
    first, last = 1, page_count
    if dialog.printRange() == QAbstractPrintDialog.PrintRange.PageRange:
        first = max(1, dialog.fromPage() or 1)
        last = min(page_count, dialog.toPage() or page_count)
    pages = list(range(first - 1, last))
    if dialog.printer().pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    return pages


def _print_order(pages: list[int], printer: QPrinter) -> list[int]:
    """``pages`` repeated for the copies the application (not the printer driver) must make."""
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if copies == 1:
        return pages
    if printer.collateCopies():
        return pages * copies
    return [page for page in pages for _copy in range(copies)]


def _draw_page(painter: QPainter, page: pdfium.PdfPage, target: QRectF, dpi: float) -> None:
    """Render ``page`` into ``target`` (device pixels), band by band."""
    height_pt = page.get_size()[1]
    scale = dpi / 72.0
    band_pt = BAND_PIXELS / scale
    top_pt = 0.0
    while top_pt < height_pt:
        bottom_pt = min(height_pt, top_pt + band_pt)
        # crop = (left, bottom, right, top) cut off, in PDF units
        bitmap = page.render(
            scale=scale,
            crop=(0, height_pt - bottom_pt, 0, top_pt),
            rev_byteorder=True,
            prefer_bgrx=True,
            optimize_mode="print",
        )
        try:
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGBX8888,
            ).copy()
        finally:
            bitmap.close()
        band = QRectF(
            target.left(),
            target.top() + target.height() * top_pt / height_pt,
            target.width(),
            target.height() * (bottom_pt - top_pt) / height_pt,
        )
        painter.drawImage(band, image)
        top_pt = bottom_pt


def _target_rect(printer: QPrinter, width_pt: float, height_pt: float) -> QRectF:
    """Where a page of this size goes on the paper: actual size, centred, shrunk only if the
    paper is smaller (device pixels, full page)."""
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    dpi = printer.resolution()
    width, height = width_pt * dpi / 72.0, height_pt * dpi / 72.0
    shrink = min(1.0, paper.width() / width, paper.height() / height)
    width, height = width * shrink, height * shrink
    return QRectF((paper.width() - width) / 2, (paper.height() - height) / 2, width, height)


def print_pdf(
    parent: QWidget | None, pdf_path: Path, title: str, printer: QPrinter | None = None
) -> bool:
    """Show the system print dialog and print the PDF at ``pdf_path`` as it is.

    Honours the page range, copies and page order chosen in the dialog. Returns True when the
    pages were sent to the printer, False when the person cancelled.
    """
    import pypdfium2 as pdfium  # here, not at start-up: it takes a tenth of a second to import

    document = pdfium.PdfDocument(str(pdf_path))
    try:
        page_count = len(document)
        printer = printer or new_printer()
        printer.setDocName(title)
        printer.setFullPage(True)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(_("Skriv ut {title}").format(title=title))
        dialog.setMinMax(1, max(1, page_count))
        dialog.setFromTo(1, max(1, page_count))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
        if not _exec_dialog(dialog) or page_count == 0:
            return False
        order = _print_order(_pages_to_print(dialog, page_count), printer)
        if not order:
            return False
        return _paint(parent, document, printer, order, title)
    finally:
        document.close()


def _paint(
    parent: QWidget | None,
    document: pdfium.PdfDocument,
    printer: QPrinter,
    order: list[int],
    title: str,
) -> bool:
    progress: QProgressDialog | None = None
    if len(order) > PROGRESS_FROM_PAGES:
        progress = QProgressDialog(
            _("Skriver ut {title} …").format(title=title), _("Avbryt"), 0, len(order), parent
        )
        progress.setWindowTitle(_("Skriver ut"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAccessibleName(_("Utskrift pågår"))
        progress.setValue(0)
    dpi = float(min(printer.resolution(), MAX_DPI))
    painter = QPainter()
    if not painter.begin(printer):
        if progress is not None:
            progress.close()
        raise OSError(_("Skrivaren kunde inte startas."))
    cancelled = False
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for done, index in enumerate(order):
            if progress is not None:
                progress.setValue(done)
                progress.setLabelText(
                    _("Skriver ut sida {n} av {total} …").format(n=done + 1, total=len(order))
                )
                QApplication.processEvents()
                if progress.wasCanceled():
                    cancelled = True
                    break
            if done > 0 and not printer.newPage():
                raise OSError(_("Skrivaren tog inte emot nästa sida."))
            page = document[index]
            try:
                width_pt, height_pt = page.get_size()
                _draw_page(painter, page, _target_rect(printer, width_pt, height_pt), dpi)
            finally:
                page.close()
    finally:
        if cancelled:
            printer.abort()
        painter.end()
        if progress is not None:
            progress.setValue(len(order))
            progress.close()
    return not cancelled
