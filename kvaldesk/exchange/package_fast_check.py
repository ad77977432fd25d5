"""A fast, hand-written check that a package's cases and reviews certainly match the schema.

A package can hold hundreds of thousands of answers, and the pure-Python JSON Schema validator
spends most of an import walking them. This check walks the same records in plain Python and
answers only "certainly valid" or "not sure". It is never more lenient than
``package-v1.schema.json`` (anything unusual, such as a float where an integer is expected, is
"not sure"), and "not sure" sends the whole file through the schema validator, so every
rejection and its Swedish reason still come from the schema.
"""

from __future__ import annotations

import re
from typing import Any

# The schema's patterns, matched in full (stricter than the schema's search semantics, where
# "$" also matches before a final newline).
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})"
)
_QUESTION_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,31}")
_MACHINE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")

_MAX_RECORDS = 200_000
_MAX_ANSWERS = 500
_MAX_TEXT = 4000
_MAX_VECTOR = 1000
_MAX_COUNTER = 9_007_199_254_740_991

_CASE_FIELDS = frozenset({"id", "round_id", "reference", "subgroup", "unit", "created_at"})
_REVIEW_FIELDS = frozenset(
    {
        "id",
        "round_id",
        "case_id",
        "reviewer",
        "status",
        "started_at",
        "updated_at",
        "completed_at",
        "version_vector",
        "answers",
    }
)
_ANSWER_FIELDS = frozenset(
    {"question_id", "value", "number", "text", "comment", "applies", "answered_at"}
)


def _fields_ok(record: dict[Any, Any], required: frozenset[str], optional_flag: str) -> bool:
    """Exactly the required fields, plus the optional boolean flag when present."""
    keys = record.keys()
    if keys == required:
        return True
    return (
        len(keys) == len(required) + 1
        and optional_flag in record
        and type(record[optional_flag]) is bool
        and keys - {optional_flag} == required
    )


def _text(value: Any, low: int, high: int) -> bool:
    return type(value) is str and low <= len(value) <= high


def _uuid(value: Any) -> bool:
    return type(value) is str and _UUID.fullmatch(value) is not None


def _timestamp(value: Any) -> bool:
    return type(value) is str and len(value) <= 40 and _TIMESTAMP.fullmatch(value) is not None


def _case_ok(case: Any) -> bool:
    return (
        type(case) is dict
        and _fields_ok(case, _CASE_FIELDS, "double_review")
        and _uuid(case["id"])
        and _uuid(case["round_id"])
        and _text(case["reference"], 1, 60)
        and _text(case["subgroup"], 0, 60)
        and _text(case["unit"], 0, 200)
        and _timestamp(case["created_at"])
    )


def _vector_ok(vector: Any) -> bool:
    if type(vector) is not dict or not 1 <= len(vector) <= _MAX_VECTOR:
        return False
    return all(
        _MACHINE_ID.fullmatch(name) is not None
        and type(count) is int
        and 1 <= count <= _MAX_COUNTER
        for name, count in vector.items()
    )


def _answer_ok(answer: Any) -> bool:
    if type(answer) is not dict or answer.keys() != _ANSWER_FIELDS:
        return False
    value, number, text = answer["value"], answer["number"], answer["text"]
    return (
        type(answer["question_id"]) is str
        and _QUESTION_ID.fullmatch(answer["question_id"]) is not None
        and (value is None or _text(value, 0, _MAX_TEXT))
        and (number is None or type(number) in (int, float))
        and (text is None or _text(text, 0, _MAX_TEXT))
        and _text(answer["comment"], 0, _MAX_TEXT)
        and type(answer["applies"]) is bool
        and _timestamp(answer["answered_at"])
    )


def _review_ok(review: Any) -> bool:
    if type(review) is not dict or not _fields_ok(review, _REVIEW_FIELDS, "consensus"):
        return False
    status, completed, answers = review["status"], review["completed_at"], review["answers"]
    return (
        _uuid(review["id"])
        and _uuid(review["round_id"])
        and _uuid(review["case_id"])
        and _text(review["reviewer"], 1, 120)
        and status in ("draft", "complete")
        and (
            _timestamp(completed)
            if status == "complete"
            else completed is None or _timestamp(completed)
        )
        and _timestamp(review["started_at"])
        and _timestamp(review["updated_at"])
        and _vector_ok(review["version_vector"])
        and type(answers) is list
        and len(answers) <= _MAX_ANSWERS
        and all(_answer_ok(answer) for answer in answers)
    )


def bulk_records_certainly_valid(data: Any) -> bool:
    """Whether data.json's ``cases`` and ``reviews`` certainly match the package schema.

    False means "not sure": the caller must validate them with the schema.
    """
    if type(data) is not dict:
        return False
    cases, reviews = data.get("cases"), data.get("reviews")
    return (
        type(cases) is list
        and type(reviews) is list
        and len(cases) <= _MAX_RECORDS
        and len(reviews) <= _MAX_RECORDS
        and all(_case_ok(case) for case in cases)
        and all(_review_ok(review) for review in reviews)
    )
