"""The embedded report font: Noto Sans (SIL Open Font License 1.1, see resources/fonts/OFL.txt).

Every PDF kvaldesk writes uses this family only, so Swedish letters print the same on every
machine and no base-14 font (Helvetica …) ends up in a file. :func:`register_fonts` registers
the TTFs with reportlab once per process and maps ``<b>`` and ``<i>`` in Paragraphs to the bold
and italic faces (bold italic falls back to bold: the file is left out to keep the bundle small).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kvaldesk.paths import resource_path

__all__ = ["FAMILY", "ReportFonts", "register_fonts"]

FAMILY = "NotoSans"


@dataclass(frozen=True)
class ReportFonts:
    """The reportlab names of the registered faces."""

    regular: str = FAMILY
    bold: str = f"{FAMILY}-Bold"
    italic: str = f"{FAMILY}-Italic"


_FILES = {
    "regular": "NotoSans-Regular.ttf",
    "bold": "NotoSans-Bold.ttf",
    "italic": "NotoSans-Italic.ttf",
}
_LOCK = threading.Lock()
_REGISTERED: ReportFonts | None = None


def register_fonts() -> ReportFonts:
    """Register the report font family with reportlab (once) and return its face names.

    Raises FileNotFoundError when a font file is missing from the resources.
    """
    global _REGISTERED
    with _LOCK:
        if _REGISTERED is not None:
            return _REGISTERED
        names = ReportFonts()
        for attribute, filename in _FILES.items():
            path = resource_path("fonts", filename)
            if not path.is_file():
                raise FileNotFoundError(f"Typsnittet saknas: {path}")
            pdfmetrics.registerFont(TTFont(getattr(names, attribute), str(path)))
        pdfmetrics.registerFontFamily(
            FAMILY,
            normal=names.regular,
            bold=names.bold,
            italic=names.italic,
            boldItalic=names.bold,
        )
        _REGISTERED = names
        return names
