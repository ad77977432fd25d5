"""Builders for test data: a small template and complete reviews made through the services."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kvaldesk.services import reviews, rounds

JN = [
    {"value": "ja", "label": "Ja", "counts_as": "compliant"},
    {"value": "nej", "label": "Nej", "counts_as": "non_compliant"},
]
JNE = [*JN, {"value": "ej_aktuellt", "label": "Ej aktuellt", "counts_as": "not_applicable"}]
JDNE = [
    {"value": "ja", "label": "Ja", "counts_as": "compliant"},
    {"value": "delvis", "label": "Delvis", "counts_as": "non_compliant"},
    {"value": "nej", "label": "Nej", "counts_as": "non_compliant"},
    {"value": "ej_aktuellt", "label": "Ej aktuellt", "counts_as": "not_applicable"},
]


def small_template_dict(version: int = 1, **changes: Any) -> dict[str, Any]:
    """A five-question template used by many tests (Swedish texts, one condition)."""
    data: dict[str, Any] = {
        "format": "kvaldesk-template",
        "format_version": 1,
        "key": "testmall",
        "version": version,
        "title": "Testmall för barnavårdsutredningar – åäö",
        "description": "En liten mall för tester.",
        "subgroups": ["ny", "pågående"],
        "questions": [
            {
                "id": "Q1",
                "text": "Har frågor om våld ställts minst en gång under utredningen?",
                "help": "Ja om det framgår av akten.",
                "criterion": "TS",
                "critical": True,
                "kind": "choice",
                "options": JN,
                "legal_refs": [{"law": "SOSFS 2014:4", "reference": "", "verified": True}],
            },
            {
                "id": "Q2",
                "text": "Har barnet fått komma till tals?",
                "help": "Se samtal.",
                "criterion": "SI",
                "kind": "choice",
                "options": JNE,
            },
            {
                "id": "Q3",
                "text": "Avslutades utredningen inom fyra månader?",
                "help": "Räkna dagar.",
                "criterion": "EF",
                "kind": "choice",
                "options": JDNE,
                "number_field": {"label": "Utredningstid", "unit": "dagar", "min": 0, "max": 1000},
            },
            {
                "id": "Q4",
                "text": "Om frågor om våld inte ställts: framgår skälet?",
                "help": "Gäller bara om Q1 är Nej.",
                "criterion": "TS",
                "kind": "choice",
                "options": JN,
                "condition": {"question": "Q1", "answer_in": ["nej"]},
            },
            {
                "id": "Q5",
                "text": "Har utredningen kommunicerats före beslut?",
                "help": "FL 25 §.",
                "criterion": "TS",
                "kind": "choice",
                "options": JN,
            },
        ],
    }
    data.update(changes)
    return data


def write_json(path: Path, data: Any) -> Path:
    """Write JSON as UTF-8 and return the path."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def add_complete_review(
    db: Database,
    round_id: str,
    reference: str,
    answers: dict[str, str],
    *,
    subgroup: str = "",
    unit: str = "",
    reviewer: str = "Åsa Testgranskare",
    numbers: dict[str, float] | None = None,
    comments: dict[str, str] | None = None,
) -> str:
    """Add a case (if new) and a complete review with these answer values; returns its id."""
    from kvaldesk.storage import rounds_repo

    case = rounds_repo.find_case(db, round_id, reference)
    if case is None:
        case = rounds.add_case(db, round_id, reference, subgroup, unit)
    review = reviews.start_review(db, case.id, reviewer)
    for question_id, value in answers.items():
        reviews.save_answer(
            db,
            review.id,
            question_id,
            value=value,
            number=(numbers or {}).get(question_id),
            comment=(comments or {}).get(question_id, ""),
        )
    reviews.complete_review(db, review.id)
    return review.id
