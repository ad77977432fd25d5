"""The fast path of saving an answer: what it returns and writes equals a fresh read, and the
kept parsed templates never outlive an edit of the template."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from builders import add_complete_review
from sqlite_utils import Database

from kvaldesk.domain.model import Question
from kvaldesk.services import reviews, rounds, templates
from kvaldesk.storage import audit, templates_repo
from kvaldesk.storage.settings import machine_id


@pytest.fixture
def review_id(db: Database, small_template: str) -> str:
    round_ = rounds.create_round(db, template_key=small_template, name="Hösten 2026")
    case = rounds.add_case(db, round_.id, "BU-2026-117", "pågående", "Väst")
    return reviews.start_review(db, case.id).id


def _applies(db: Database, review_id: str) -> dict[str, int]:
    rows = db.execute(
        "SELECT question_id, applies FROM answers WHERE review_id = ?", [review_id]
    ).fetchall()
    return {str(q): int(a) for q, a in rows}


def test_the_returned_review_equals_a_fresh_read(db: Database, review_id: str) -> None:
    saves: list[tuple[str, dict[str, Any]]] = [
        ("Q5", {"value": "ja", "comment": "Kommunicerat före beslut."}),
        ("Q1", {"value": "nej"}),
        ("Q3", {"value": "delvis", "number": 143, "comment": "Överskreds."}),
        ("Q4", {"value": "ja", "text": "  Skälet framgår i journalen.  "}),
        ("Q2", {"value": "ej_aktuellt"}),
        ("Q1", {"value": "ja", "comment": "Rättat efter samtal med handläggaren."}),
    ]
    for question_id, save in saves:
        returned = reviews.save_answer(db, review_id, question_id, **save)
        fresh = reviews.get_review(db, review_id)
        assert returned == fresh
        assert list(returned.answers) == list(fresh.answers)
        assert returned.updated_at == fresh.updated_at
    assert reviews.get_review(db, review_id).answers["Q4"].text == "Skälet framgår i journalen."


def test_applicability_is_written_as_before(db: Database, review_id: str) -> None:
    reviews.save_answer(db, review_id, "Q1", value="nej")
    reviews.save_answer(db, review_id, "Q4", value="ja")
    assert _applies(db, review_id) == {"Q1": 1, "Q4": 1}
    reviews.save_answer(db, review_id, "Q1", value="ja")
    assert _applies(db, review_id) == {"Q1": 1, "Q4": 0}
    # Saving an answer to a question that does not apply keeps it out of the results.
    reviews.save_answer(db, review_id, "Q4", value="nej")
    assert _applies(db, review_id) == {"Q1": 1, "Q4": 0}
    reviews.save_answer(db, review_id, "Q1", value="nej")
    assert _applies(db, review_id) == {"Q1": 1, "Q4": 1}


def test_each_save_bumps_the_vector_and_writes_one_audit_row(db: Database, review_id: str) -> None:
    me = machine_id(db)
    start = reviews.get_review(db, review_id).version_vector[me]
    for number, value in enumerate(["ja", "nej", "ja"], start=1):
        saved = reviews.save_answer(db, review_id, "Q5", value=value)
        assert saved.version_vector[me] == start + number
    rows = [e for e in audit.entries(db, review_id) if e["action"] == "answer_saved"]
    assert len(rows) == 3
    assert {r["machine_id"] for r in rows} == {me}
    assert {r["actor"] for r in rows} == {"Åsa Testgranskare"}
    assert rows[0]["at"] == reviews.get_review(db, review_id).updated_at


def test_a_refused_answer_changes_nothing(db: Database, review_id: str) -> None:
    reviews.save_answer(db, review_id, "Q1", value="ja")
    before = reviews.get_review(db, review_id)
    entries = len(audit.entries(db, review_id))
    with pytest.raises(Exception, match="heltal"):
        reviews.save_answer(db, review_id, "Q3", value="ja", number=12.5)
    assert reviews.get_review(db, review_id) == before
    assert len(audit.entries(db, review_id)) == entries


def _question(db: Database, review_id: str, question_id: str) -> Question:
    review = reviews.get_review(db, review_id)
    template_id = rounds.get_round(db, review.round_id).template_id
    question = templates_repo.get_template(db, template_id).question(question_id)
    assert question is not None
    return question


def test_an_edited_draft_template_is_never_served_stale(db: Database, small_template: str) -> None:
    template = templates.get_template(db, small_template)
    assert templates_repo.get_template(db, template.id).title == template.title  # now kept
    edited = replace(template, title="Testmall, omarbetad – åäö")
    _stored, new_version = templates.save_template(db, edited)
    assert not new_version
    assert templates_repo.get_template(db, template.id).title == "Testmall, omarbetad – åäö"
    assert templates.get_template(db, small_template).title == "Testmall, omarbetad – åäö"


def test_an_answer_option_added_to_a_draft_template_is_accepted(
    db: Database, small_template: str
) -> None:
    template = templates.get_template(db, small_template)
    round_ = rounds.create_round(db, template_key=small_template, name="Utkastomgång")
    case = rounds.add_case(db, round_.id, "BU-2026-118", "ny", "Öst")
    # The round exists but nothing is reviewed yet, so the template is still a draft.
    q5 = template.question("Q5")
    assert q5 is not None
    widened = replace(
        q5, options=(*q5.options, replace(q5.options[0], value="delvis", label="Delvis"))
    )
    edited = replace(
        template, questions=tuple(widened if q.id == "Q5" else q for q in template.questions)
    )
    templates.save_template(db, edited)
    review = reviews.start_review(db, case.id)
    saved = reviews.save_answer(db, review.id, "Q5", value="delvis")
    assert saved.answers["Q5"].value == "delvis"
    assert _question(db, review.id, "Q5").option("delvis") is not None


def test_a_new_template_version_is_its_own_template(db: Database, small_template: str) -> None:
    template = templates.get_template(db, small_template)
    round_ = rounds.create_round(db, template_key=small_template, name="Omgång 1")
    add_complete_review(db, round_.id, "A-1", {"Q1": "ja", "Q2": "ja", "Q3": "ja", "Q5": "ja"})
    stored, new_version = templates.save_template(db, replace(template, title="Version två"))
    assert new_version
    assert templates_repo.get_template(db, template.id).title == template.title
    assert templates_repo.get_template(db, stored.id).title == "Version två"
