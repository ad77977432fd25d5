"""A reportlab canvas that writes each finished page to the file at once (streaming PDF).

reportlab normally keeps every page of a document in memory until ``save()`` and then formats
the whole file. For the batch of review summaries (hundreds of pages) that would make memory
grow with the number of reviews. :class:`StreamingCanvas` keeps reportlab's object model but
formats a page and its content stream as soon as the page is shown, writes them to the open
file, records their byte offsets and drops them. Only objects shared by all pages stay in
memory until the end: the page tree (a list of references), the font dictionary and the font
subsets (bounded by the glyphs used), the catalogue and the document info. ``save()`` writes
those, the cross-reference table (one offset per object) and the trailer. What still grows
with the page count is that bookkeeping: a few hundred bytes per page (object numbers, offsets,
the page tree's references), against the whole page content in an ordinary reportlab document.

This relies on reportlab's PDFDocument internals (object numbers are assigned when an object is
registered, and the final pass formats objects in number order), which have been stable since
reportlab 3; ``tests/core/test_report_batch.py`` checks the output with pypdf and poppler.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

__all__ = ["StreamingCanvas"]


class _StreamingDocument(pdfdoc.PDFDocument):  # type: ignore[misc]
    """A PDFDocument that writes pages (and their content streams) as they are added."""

    _sink: BinaryIO
    _offset: int
    _flushed: set[str]

    def begin_stream(self, sink: BinaryIO) -> None:
        """Start writing to ``sink``: the file header goes out now."""
        self._sink = sink
        self._offset = 0
        self._flushed = set()
        self._write(pdfdoc.PDFFile(self._pdfVersion).format(self))

    def _write(self, data: bytes) -> int:
        offset = self._offset
        self._sink.write(data)
        self._offset += len(data)
        return offset

    def _flush(self, name: str) -> None:
        """Format the registered object ``name``, write it, and forget its content."""
        obj = self.idToObject[name]
        formatted = pdfdoc.PDFIndirectObject(name, obj).format(self)
        self.idToOffset[name] = self._write(formatted)
        self._flushed.add(name)
        # Keep a tiny stand-in so that references by name still resolve to the object number.
        self.idToObject[name] = pdfdoc.PDFObjectReference(name)

    def addPage(self, page: Any) -> None:
        """Register the page as reportlab does, then write it and its content stream."""
        super().addPage(page)
        name = page.__InternalName__
        self._flush(name)
        contents = getattr(page, "Contents", None)
        contents_name = getattr(contents, "__InternalName__", None)
        if contents_name is not None and contents_name in self.idToObject:
            self._flush(contents_name)
        # The page tree only needs the page's reference; let the page object go.
        pages = self.Pages.pages
        pages[-1] = pdfdoc.PDFObjectReference(name)

    def SaveToFile(self, filename: Any, canvas: Any) -> None:
        """Write the objects still in memory, the cross-reference table and the trailer."""
        if getattr(self, "_savedToFile", False):
            raise RuntimeError("the document can only be saved once")
        self._savedToFile = True
        for font in self.delayedFonts:
            font.addObjects(self)
        self.info.invariant = self.invariant
        self.info.digest(self.signature)
        self.Reference(self.Catalog)
        self.Reference(self.info)
        self.Outlines.prepare(self, canvas)
        if self.Outlines.ready < 0:
            self.Catalog.Outlines = None
        self._write_rest()

    def _write_rest(self) -> None:
        self.encrypt.prepare(self)
        catalog = self.Reference(self.Catalog)
        info = self.Reference(self.info)
        counter = 0
        ids: list[str] = []
        # Formatting may register new objects (font parts, the page tree): loop until done.
        while True:
            counter += 1
            if counter not in self.numberToId:
                break
            name = self.numberToId[counter]
            ids.append(name)
            if name in self._flushed:
                continue
            obj = self.idToObject[name]
            self.idToOffset[name] = self._write(pdfdoc.PDFIndirectObject(name, obj).format(self))
        xref = pdfdoc.PDFCrossReferenceTable()
        xref.addsection(0, ids)
        xref_offset = self._write(xref.format(self))
        trailer = pdfdoc.PDFTrailer(
            startxref=xref_offset,
            Size=len(ids) + 1,
            Root=catalog,
            Info=info,
            ID=self.ID(),
        )
        self._write(trailer.format(self))
        self._sink.flush()


class StreamingCanvas(Canvas):  # type: ignore[misc]
    """A canvas whose pages go to ``sink`` (an open binary file) as soon as they are shown.

    Pass the open file as the canvas's filename (Platypus: ``doc.build(..., canvasmaker=...)``
    with the file as the document's filename). The caller closes the file after ``save()``.
    """

    def __init__(self, sink: BinaryIO, *args: Any, **kwargs: Any) -> None:
        super().__init__(sink, *args, **kwargs)
        self._doc.__class__ = _StreamingDocument
        self._doc.begin_stream(sink)
