"""The one-statement aggregate behind the results equals counting review by review."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from builders import add_complete_review
from sqlite_utils import Database

from kvaldesk.services import results, reviews, rounds
from kvaldesk.storage import results_queries

CRITICAL = {"Q1": ["nej"]}


@pytest.fixture
def round_id(db: Database, small_template: str) -> str:
    round_ = rounds.create_round(db, template_key=small_template, name="Våren 2026")
    add_complete_review(
        db,
        round_.id,
        "BU-2026-003",
        {"Q1": "nej", "Q2": "ja", "Q3": "delvis", "Q4": "ja", "Q5": "nej"},
        subgroup="ny",
        unit="Öst",
        numbers={"Q3": 131},
        comments={"Q1": "Våld nämns men frågan ställdes aldrig."},
    )
    add_complete_review(
        db,
        round_.id,
        "BU-2026-001",
        {"Q1": "ja", "Q2": "ej_aktuellt", "Q3": "ja", "Q5": "ja"},
        subgroup="pågående",
        unit="Väst",
        numbers={"Q3": 97},
    )
    add_complete_review(
        db,
        round_.id,
        "BU-2026-002",
        {"Q1": "nej", "Q2": "nej", "Q3": "ja", "Q4": "nej", "Q5": "ja"},
        subgroup="ny",
        unit="Väst",
        numbers={"Q3": 97},
    )
    # A second reviewer of the same case: the case still counts once, with its first review.
    add_complete_review(
        db,
        round_.id,
        "BU-2026-002",
        {"Q1": "ja", "Q2": "ja", "Q3": "nej", "Q5": "nej"},
        reviewer="Örjan Kontrollgranskare",
        numbers={"Q3": 400},
    )
    # A draft does not count.
    case = rounds.add_case(db, round_.id, "BU-2026-004", "ny", "Öst")
    draft = reviews.start_review(db, case.id)
    reviews.save_answer(db, draft.id, "Q1", value="nej")
    return round_.id


def _counted_reviews(db: Database, round_id: str, column: str) -> list[tuple[str, str, str]]:
    """(review id, group, case reference) of the reviews that count."""
    rows = db.execute(
        f"SELECT r.id, {column}, c.reference FROM counted_reviews r "
        "JOIN cases c ON c.id = r.case_id WHERE r.round_id = ? AND r.status = 'complete'",
        [round_id],
    ).fetchall()
    return [(str(i), str(g), str(ref)) for i, g, ref in rows]


@pytest.mark.parametrize(("group_by", "column"), [(None, "''"), ("subgroup", "c.subgroup")])
def test_the_aggregate_equals_counting_review_by_review(
    db: Database, round_id: str, group_by: results_queries.GroupBy, column: str
) -> None:
    aggregate = results_queries.round_aggregate(
        db, round_id, group_by, number_questions=["Q3"], findings=CRITICAL
    )
    counts: Counter[tuple[str, str, str | None]] = Counter()
    numbers: dict[str, list[float]] = defaultdict(list)
    findings = []
    counted = _counted_reviews(db, round_id, column)
    for review_id, group, reference in counted:
        applies = dict(
            db.execute(
                "SELECT question_id, applies FROM answers WHERE review_id = ?", [review_id]
            ).fetchall()
        )
        review = reviews.get_review(db, review_id)
        for question_id, answer in review.answers.items():
            if not applies[question_id]:
                continue
            counts[(group, question_id, answer.value)] += 1
            if question_id == "Q3" and answer.number is not None:
                numbers[question_id].append(answer.number)
            if answer.value in CRITICAL.get(question_id, []):
                findings.append((reference, question_id, review_id, answer.comment))
    assert aggregate.answer_counts == [(g, q, v, n) for (g, q, v), n in sorted(counts.items())]
    assert aggregate.group_reviews == dict(Counter(group for _, group, _ in counted))
    assert {q: sorted(v) for q, v in aggregate.numbers.items()} == {
        q: sorted(v) for q, v in numbers.items()
    }
    assert sorted(aggregate.numbers["Q3"]) == [97.0, 97.0, 131.0]  # not the second review's 400
    assert [
        (f["reference"], f["question_id"], f["review_id"], f["comment"]) for f in aggregate.findings
    ] == sorted(findings)
    assert [f["reference"] for f in aggregate.findings] == ["BU-2026-002", "BU-2026-003"]


def test_findings_and_numbers_reach_the_results(db: Database, round_id: str) -> None:
    outcome = results.round_results(db, round_id)
    assert outcome.reviews == 3
    assert [(f.case_reference, f.answer_label) for f in outcome.critical_findings] == [
        ("BU-2026-002", "Nej"),
        ("BU-2026-003", "Nej"),
    ]
    assert outcome.critical_findings[1].comment == "Våld nämns men frågan ställdes aldrig."
    q3 = next(q for q in outcome.questions if q.question.id == "Q3")
    assert q3.numbers is not None
    assert (q3.numbers.count, q3.numbers.median, q3.numbers.maximum) == (3, 97.0, 131.0)


def test_an_empty_round_has_nothing(db: Database, small_template: str) -> None:
    round_ = rounds.create_round(db, template_key=small_template, name="Tom omgång")
    aggregate = results_queries.round_aggregate(
        db, round_.id, "unit", number_questions=["Q3"], findings=CRITICAL
    )
    assert aggregate == results_queries.RoundAggregate([], {}, {}, [])
