"""Checks of a package's records that need no database: personnummer, schema, duplicate ids,
and templates whose content does not match their hash.

Used by the reader on every package and by the writer on its own output, so kvaldesk never
writes a package it would refuse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from kvaldesk.bounded_cache import BoundedCache
from kvaldesk.domain.personnummer import contains_personal_number, find_personal_numbers, mask
from kvaldesk.domain.template_codec import normalized_content_hash, semantic_problems
from kvaldesk.exchange.package_format import PackageRejected
from kvaldesk.exchange.package_json import EncodedData, compact, encode_records
from kvaldesk.exchange.package_schema import data_problem, record_label

KEY = "(fältnamn)"
#: Random identifiers (UUIDs, SHA-256 hashes) are not scanned: their digit runs can pass the
#: date and Luhn checks by chance (about one UUID in 100 000), and they hold no personal data.
_IDENTIFIER = re.compile(
    r"^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{64})$"
)
_FIELD_NAMES = {
    "comment": "kommentar",
    "text": "text",
    "value": "svar",
    "reviewer": "granskare",
    "reference": "ärendereferens",
    "name": "namn",
    "analysis": "analys",
    "unit": "enhet",
    "subgroup": "grupp",
    "owner": "ansvarig",
    "title": "titel",
    "description": "beskrivning",
    "help": "hjälptext",
}


def _leaves(value: Any) -> list[tuple[tuple[Any, ...], str]]:
    """Every string (and integral number written as text) in a JSON value with its path.

    Object keys count too; random identifiers do not. Iterative, so a deeply nested hostile
    value cannot overflow.
    """
    found: list[tuple[tuple[Any, ...], str]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if not _IDENTIFIER.match(item):
                found.append((path, item))
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            found.append((path, str(item)))
        elif isinstance(item, float) and item.is_integer() and abs(item) < 1e13:
            found.append((path, str(int(item))))
        elif isinstance(item, dict):
            for key, child in item.items():
                if not _IDENTIFIER.match(str(key)):
                    found.append(((*path, KEY), str(key)))
                stack.append(((*path, key), child))
        elif isinstance(item, list):
            stack.extend(((*path, index), child) for index, child in enumerate(item))
    return found


def _texts(value: Any) -> list[str]:
    """Every string, object key and integral number in a JSON value (no paths: fast)."""
    found: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            found.extend(str(key) for key in item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, int | float) and not isinstance(item, bool):
            found.append(str(int(item)) if float(item).is_integer() else "")
    return found


#: A whole JSON string that is a random identifier, in compact ``json.dumps`` output: its
#: opening quote follows "[", "{", "," or ":" (or the space put before a piece); a quote inside
#: a string is escaped, so follows a backslash. It ends at a quote right after the last hex
#: digit; a closing quote is followed by one of ",:]}", never by a hex digit.
_DUMPED_IDENTIFIER = re.compile(
    r'(?<=[\[{,: ])"(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{64})"'
)
#: Every candidate of :func:`contains_personal_number` holds ``[0-9]{6}[-+]?[0-9]{4}`` (its
#: last six date digits, separator and four digits). Seen through this table (UTF-8 bytes: an
#: ASCII digit becomes "0", "+" and "-" become "-", every other byte "x"), that is "0000000000"
#: or "000000-0000": two substring searches, many times faster than a regular expression.
#: Almost no record of a package holds one, so only those records pay for the full check.
_DIGIT_SHAPES = bytes(
    0x30 if 0x30 <= b <= 0x39 else 0x2D if b in (0x2B, 0x2D) else 0x78 for b in range(256)
)


def _may_hold_personal_number(text: str) -> bool:
    shape = text.encode("utf-8", "surrogatepass").translate(_DIGIT_SHAPES)
    return b"0000000000" in shape or b"000000-0000" in shape


def _flat_texts(value: Any, encoded: EncodedData | None = None) -> Iterator[str]:
    """Every string, key and number of a JSON value, record by record, for the fast scan;
    without the random identifiers that :func:`_leaves` skips too (in a large package some
    UUID's digits pass the checks by chance, and a hit sends the whole package through the
    slow walk). Only pieces that may hold a personnummer are given.

    ``json.dumps`` (C code) escapes only quotes, backslashes and control characters, never a
    digit, and puts non-digits between values; so a number that :func:`_leaves` would show is
    found here too (integral floats appear as ``N.0``). A rare extra hit only costs the walk.
    ``encoded`` is the value already encoded by :func:`encode_records`, when the caller has it.
    """
    if encoded is None:
        encoded = encode_records(value)
    if encoded is not None:
        pieces: Iterable[str] = encoded.pieces()
    else:
        try:
            pieces = [compact(value)]
        except (TypeError, ValueError, RecursionError):
            yield "\n".join(_texts(value))
            return
    for piece in pieces:
        if _may_hold_personal_number(piece):
            yield _DUMPED_IDENTIFIER.sub('""', " " + piece)


def _describe(path: tuple[Any, ...], data: Any) -> str:
    if len(path) >= 2 and isinstance(path[1], int) and isinstance(data, dict):
        records = data.get(path[0])
        record = records[path[1]] if isinstance(records, list) else None
        label = record_label(str(path[0]), record, path[1])
        rest = list(path[2:])
        if len(rest) >= 2 and rest[0] == "answers" and isinstance(rest[1], int):
            answers = record.get("answers") if isinstance(record, dict) else None
            answer = answers[rest[1]] if isinstance(answers, list) else None
            qid = answer.get("question_id") if isinstance(answer, dict) else None
            field = _FIELD_NAMES.get(str(rest[2]), str(rest[2])) if len(rest) > 2 else "svar"
            which = f"fråga {qid}" if isinstance(qid, str) and len(qid) <= 32 else "ett svar"
            return f"{label}, {which} ({field})"
        if rest:
            field = KEY if rest[-1] == KEY else str(rest[0])
            return f"{label} ({_FIELD_NAMES.get(field, field)})"
        return label
    return "/".join(str(p) for p in path) or "paketet"


def check_personal_numbers(value: Any, source: str, encoded: EncodedData | None = None) -> None:
    """Refuse the package if any string in ``value`` holds a personnummer or
    samordningsnummer; the reason names where, and shows the number masked only.
    ``encoded``: ``value`` as :func:`encode_records` gives it, when the caller has it."""
    if not any(contains_personal_number(text) for text in _flat_texts(value, encoded)):
        return  # the common case; only a hit pays for the walk that says where
    for path, text in sorted(_leaves(value), key=lambda leaf: [str(p) for p in leaf[0]]):
        numbers = find_personal_numbers(text)
        if numbers:
            if source == "data.json":
                where = _describe(path, value)
            else:
                top = str(path[0]) if path and path[0] != KEY else KEY
                where = f"fältet {_FIELD_NAMES.get(top, top)}"
            raise PackageRejected(
                f"{source} innehåller något som ser ut som ett personnummer ({mask(numbers[0])}) "
                f"i {where}; personnummer får aldrig lämna en dator"
            )


def _duplicates(data: dict[str, list[dict[str, Any]]]) -> None:
    seen_templates: set[tuple[str, int]] = set()
    for template in data["templates"]:
        ref = (template["key"], template["version"])
        if ref in seen_templates:
            raise PackageRejected(f"mall {ref[0]} version {ref[1]} finns två gånger i paketet")
        seen_templates.add(ref)
    for kind in ("rounds", "cases", "reviews", "actions"):
        ids: set[str] = set()
        for index, record in enumerate(data[kind]):
            if record["id"] in ids:
                label = record_label(kind, record, index)
                raise PackageRejected(f"{label} finns två gånger i paketet")
            ids.add(record["id"])
    references: set[tuple[str, str]] = set()
    for case in data["cases"]:
        key = (case["round_id"], case["reference"])
        if key in references:
            raise PackageRejected(
                f"ärendereferensen {case['reference']} finns två gånger i samma omgång i paketet"
            )
        references.add(key)
    for index, review in enumerate(data["reviews"]):
        questions: set[str] = set()
        for answer in review["answers"]:
            if answer["question_id"] in questions:
                label = record_label("reviews", review, index)
                raise PackageRejected(
                    f"{label} har två svar på fråga {answer['question_id']} i paketet"
                )
            questions.add(answer["question_id"])


#: Content hashes of templates that passed the semantic checks, by their compact JSON: a folder
#: of packages usually carries the same few templates, and the result depends on the text alone.
_CHECKED_TEMPLATES: BoundedCache[str, str] = BoundedCache(64)


def _checked_template_hash(template: dict[str, Any], label: str) -> str:
    """The template's normalized content hash, after its semantic checks (PackageRejected)."""
    try:
        text = compact(template)
    except (TypeError, ValueError, RecursionError):
        text = None
    if text is not None:
        known = _CHECKED_TEMPLATES.get(text)
        if known is not None:
            return known
    problems = semantic_problems(template)
    if problems:
        raise PackageRejected(f"{label}: {problems[0]}")
    computed = normalized_content_hash(template)
    if text is not None:
        _CHECKED_TEMPLATES.put(text, computed)
    return computed


def _template_hashes(data: dict[str, list[dict[str, Any]]]) -> dict[tuple[str, int], str]:
    hashes: dict[tuple[str, int], str] = {}
    for template in data["templates"]:
        label = f"mall {template['key']} version {template['version']}"
        computed = _checked_template_hash(template, label)
        stated = template.get("content_hash")
        if stated and stated != computed:
            raise PackageRejected(
                f"{label}: innehållet stämmer inte med kontrollsumman (mallen har ändrats)"
            )
        hashes[(template["key"], template["version"])] = computed
    return hashes


def check_data(data: Any, encoded: EncodedData | None = None) -> dict[tuple[str, int], str]:
    """Every database-free check of data.json, in order: personnummer, schema, duplicate ids,
    templates. Returns each template's content hash by (key, version). ``encoded``: ``data``
    as :func:`encode_records` gives it, when the caller has it."""
    check_personal_numbers(data, "data.json", encoded)
    problem = data_problem(data)
    if problem is not None:
        raise PackageRejected(problem)
    _duplicates(data)
    return _template_hashes(data)
