"""The English catalogue translates every text of the window (docs/translations.md).

The msgids are extracted from ui/ the way scripts/update-translations.sh does it (Babel,
keyword ``_``), plus the texts ui/ passes to ``_()`` as variables (listed in
resources/translations/runtime-msgids.txt). No Qt is needed: only the .po file and ui.i18n.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from kvaldesk.paths import resource_path
from ui import i18n

ROOT = Path(__file__).resolve().parents[2]
#: The same mapping as babel.cfg.
METHOD_MAP = [("**.py", "python")]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
PRINTF = re.compile(r"%(?:\([^)]*\))?[sdifr]")
SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")

#: English texts that keep Swedish words on purpose (msgid: why).
SWEDISH_ON_PURPOSE = {
    "Varje rad i filen (Excel eller CSV) är ett granskat ärende och blir en klar granskning i "
    "omgången. Rad 1 är rubriker: ärende (krävs), grupp, enhet, granskare, datum och en kolumn "
    "per fråga med frågans id och svaret, till exempel Ja eller Nej. Se användarhandboken för "
    "kolumnerna (\u201dImportera resultat från Excel eller CSV\u201d).": (
        "The spreadsheet's column headings (ärende, grupp, …) are Swedish in every language, "
        "and so is the user guide's section title."
    ),
    "En ärendereferens per rad, eller kolumner kopierade från Excel med rubrikraden ärende, "
    "handläggare, enhet, grupp. Ctrl+Tabb går vidare till nästa fält.": (
        "The case list's column headings are Swedish in every language."
    ),
    "Rad 1 är rubriker: ärende (krävs) och, om ni vill, handläggare, enhet och grupp. En "
    ".txt-fil kan också ha en ärendereferens per rad utan rubrik.": (
        "The case list's column headings are Swedish in every language."
    ),
    "Ärenden där kolumnen handläggare har den här koden kommer aldrig med i urvalet, så att "
    "ingen granskar sina egna ärenden.": (
        "The case list's column headings are Swedish in every language."
    ),
}


def runtime_msgids() -> set[str]:
    """The msgids listed in runtime-msgids.txt."""
    text = resource_path("translations", "runtime-msgids.txt").read_text(encoding="utf-8")
    return {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}


@pytest.fixture(scope="module")
def msgids() -> set[str]:
    """Every msgid of ui/: the _("…") literals and the run-time list."""
    found = {
        message
        for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT / "ui"), method_map=METHOD_MAP, keywords={"_": None}
        )
        if isinstance(message, str) and message
    }
    assert len(found) > 500, "the extraction found suspiciously few texts"
    return found | runtime_msgids()


@pytest.fixture(scope="module")
def english() -> Catalog:
    """The English catalogue."""
    path = resource_path("translations", "en", "LC_MESSAGES", f"{i18n.DOMAIN}.po")
    with path.open("rb") as handle:
        return read_po(handle, locale="en")


@pytest.fixture
def restore_language() -> Iterator[None]:
    yield
    i18n.set_language(i18n.SOURCE_LANGUAGE)


def mnemonics(text: str) -> int:
    """How many & mnemonics the text has (&& is a literal ampersand)."""
    return len(re.findall(r"&[^&]", text.replace("&&", "")))


def translated(english: Catalog, msgids: set[str]) -> list[tuple[str, str]]:
    """(msgid, English text) for every msgid that has a translation."""
    pairs = []
    for msgid in sorted(msgids):
        message = english.get(msgid)
        if message is not None and isinstance(message.string, str) and message.string:
            pairs.append((msgid, message.string))
    return pairs


def test_every_text_has_an_english_translation(english: Catalog, msgids: set[str]) -> None:
    missing = [m for m in sorted(msgids) if english.get(m) is None]
    empty = [m for m in sorted(msgids) if english.get(m) is not None and not english[m].string]
    fuzzy = [m for m in sorted(msgids) if english.get(m) is not None and english[m].fuzzy]
    hint = "run scripts/update-translations.sh and translate the new entries"
    assert not missing, f"not in the English catalogue ({hint}): {missing}"
    assert not empty, f"untranslated: {empty}"
    assert not fuzzy, f"fuzzy (check the translation, then remove the fuzzy flag): {fuzzy}"


def test_placeholders_are_kept(english: Catalog, msgids: set[str]) -> None:
    wrong = [
        (msgid, text)
        for msgid, text in translated(english, msgids)
        if set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(text))
        or sorted(PRINTF.findall(msgid)) != sorted(PRINTF.findall(text))
    ]
    assert not wrong, f"placeholders differ: {wrong}"


def test_mnemonics_are_kept(english: Catalog, msgids: set[str]) -> None:
    wrong = [
        (msgid, text)
        for msgid, text in translated(english, msgids)
        if (mnemonics(msgid) == 0) != (mnemonics(text) == 0) or mnemonics(text) > 1
    ]
    assert not wrong, f"an & mnemonic is missing, added or doubled: {wrong}"


def test_trailing_ellipsis_is_kept(english: Catalog, msgids: set[str]) -> None:
    wrong = [
        (msgid, text)
        for msgid, text in translated(english, msgids)
        if msgid.endswith("…") != text.endswith("…")
    ]
    assert not wrong, f"a trailing … is missing or added: {wrong}"


def test_no_swedish_left_in_english(english: Catalog, msgids: set[str]) -> None:
    left = [
        (msgid, text)
        for msgid, text in translated(english, msgids)
        if SWEDISH_LETTERS.search(text) and msgid not in SWEDISH_ON_PURPOSE
    ]
    assert not left, f"still Swedish (forgotten translation?): {left}"


def test_swedish_on_purpose_list_is_current(msgids: set[str]) -> None:
    assert set(SWEDISH_ON_PURPOSE) <= msgids, "SWEDISH_ON_PURPOSE names texts no longer in ui/"


def test_set_language_switches_between_english_and_swedish(restore_language: None) -> None:
    i18n.set_language("en")
    assert i18n.language() == "en"
    assert i18n._("Granskningar") == "Reviews"
    assert i18n._("&Markera som klar") == "&Mark as complete"
    assert i18n._("{n} av {total} besvarade").format(n=3, total=9) == "3 of 9 answered"
    i18n.set_language("sv")
    assert i18n.language() == "sv"
    assert i18n._("Granskningar") == "Granskningar"
