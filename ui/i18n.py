"""Translations. Swedish is the source language; English comes from a gettext catalogue.

``_("Granskningar")`` returns the text in the chosen language. Catalogues are read from the
``.po`` files in resources/translations with Babel, so no compiled files are committed.
Qt's own dialog texts are translated with Qt's QTranslator (see :func:`install_qt_translator`).
"""

from __future__ import annotations

from functools import cache

from kvaldesk.paths import resource_path

DOMAIN = "kvaldesk"
SOURCE_LANGUAGE = "sv"
_current: dict[str, str] = {}
_language = SOURCE_LANGUAGE


@cache
def _catalogue(language: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    path = resource_path("translations", language, "LC_MESSAGES", f"{DOMAIN}.po")
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy and isinstance(message.id, str)
    }


def set_language(language: str) -> None:
    """Use this language for every later ``_()`` call ("sv" or "en")."""
    global _language, _current
    _language = language
    _current = {} if language == SOURCE_LANGUAGE else _catalogue(language)


def language() -> str:
    """The language in use."""
    return _language


def _(text: str) -> str:
    """The text translated into the current language (the Swedish text if none)."""
    return _current.get(text, text) if _current else text


def install_qt_translator(app: object, language: str) -> list[object]:
    """Load Qt's own translations (dialog buttons and the like) for the language."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    translators: list[object] = []
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase",):
        translator = QTranslator(app)  # type: ignore[arg-type]
        if translator.load(QLocale(language), name, "_", folder):
            app.installTranslator(translator)  # type: ignore[attr-defined]
            translators.append(translator)
    QLocale.setDefault(
        QLocale(
            QLocale.Language.Swedish if language == "sv" else QLocale.Language.English,
            QLocale.Country.Sweden if language == "sv" else QLocale.Country.UnitedKingdom,
        )
    )
    return translators
