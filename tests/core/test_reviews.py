"""Guided review in the engine: answers saved at once, conditions, complete, reopen."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from kvaldesk.domain.enums import ReviewStatus
from kvaldesk.domain.errors import PersonalIdentityNumberError, ValidationError
from kvaldesk.services import reviews, rounds
from kvaldesk.storage import audit


@pytest.fixture
def review_id(db: Database, small_template: str) -> str:
    round_ = rounds.create_round(db, template_key=small_template, name="Våren 2026")
    case = rounds.add_case(db, round_.id, "BU-2026-001", "ny", "Öst")
    return reviews.start_review(db, case.id).id


def test_each_answer_is_saved_and_bumps_the_version_vector(db: Database, review_id: str) -> None:
    before = reviews.get_review(db, review_id).version_vector
    reviews.save_answer(
        db, review_id, "Q1", value="ja", comment="Frågan ställdes vid första besöket."
    )
    review = reviews.get_review(db, review_id)
    assert review.answers["Q1"].value == "ja"
    assert review.answers["Q1"].comment.startswith("Frågan ställdes")
    assert sum(review.version_vector.values()) == sum(before.values()) + 1


def test_resuming_returns_the_same_draft(db: Database, review_id: str) -> None:
    case_id = reviews.get_review(db, review_id).case_id
    assert reviews.start_review(db, case_id).id == review_id
    assert reviews.start_review(db, case_id, "Örjan Annan").id != review_id


def test_condition_controls_which_questions_apply(db: Database, review_id: str) -> None:
    reviews.save_answer(db, review_id, "Q1", value="ja")
    assert reviews.review_progress(db, review_id).applicable == 4
    reviews.save_answer(db, review_id, "Q1", value="nej")
    assert reviews.review_progress(db, review_id).applicable == 5
    assert "Q4" in reviews.review_progress(db, review_id).missing
    reviews.save_answer(db, review_id, "Q4", value="ja")
    reviews.save_answer(db, review_id, "Q1", value="ja")
    # The answer to Q4 is kept, but no longer applies.
    assert "Q4" in reviews.get_review(db, review_id).answers
    row = db.execute(
        "SELECT applies FROM answers WHERE review_id = ? AND question_id = 'Q4'", [review_id]
    ).fetchone()
    assert row[0] == 0


def test_complete_is_refused_with_the_missing_questions(db: Database, review_id: str) -> None:
    reviews.save_answer(db, review_id, "Q1", value="ja")
    with pytest.raises(ValidationError) as caught:
        reviews.complete_review(db, review_id)
    missing = [p.where for p in caught.value.problems]
    assert missing == ["Fråga Q2", "Fråga Q3", "Fråga Q5"]
    assert reviews.get_review(db, review_id).status is ReviewStatus.DRAFT


def test_complete_then_reopen_is_logged(db: Database, review_id: str) -> None:
    for qid in ("Q1", "Q2", "Q3", "Q5"):
        reviews.save_answer(db, review_id, qid, value="ja")
    assert reviews.complete_review(db, review_id).status is ReviewStatus.COMPLETE
    with pytest.raises(ValidationError):
        reviews.save_answer(db, review_id, "Q1", value="nej")
    reopened = reviews.reopen_review(db, review_id, "Fel svar på fråga 1")
    assert reopened.status is ReviewStatus.DRAFT
    actions = [e["action"] for e in audit.entries(db, review_id)]
    assert actions[:2] == ["review_reopened", "review_completed"]


def test_bad_answers_are_refused(db: Database, review_id: str) -> None:
    with pytest.raises(ValidationError, match="Ja, Nej"):
        reviews.save_answer(db, review_id, "Q1", value="kanske")
    with pytest.raises(ValidationError, match="högst 1000"):
        reviews.save_answer(db, review_id, "Q3", value="ja", number=5000)
    with pytest.raises(ValidationError, match="heltal"):
        reviews.save_answer(db, review_id, "Q3", value="ja", number=2.5)
    with pytest.raises(ValidationError, match="sifferfält"):
        reviews.save_answer(db, review_id, "Q1", value="ja", number=3)
    assert reviews.get_review(db, review_id).answers == {}


def test_personnummer_in_a_comment_is_refused(db: Database, review_id: str) -> None:
    from stdnum import luhn

    body = "121212" + "121"
    number = f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"
    with pytest.raises(PersonalIdentityNumberError, match="personnummer"):
        reviews.save_answer(db, review_id, "Q1", value="ja", comment=f"Pojken ({number}) har …")
    assert reviews.get_review(db, review_id).answers == {}


def test_audit_log_is_append_only(db: Database, review_id: str) -> None:
    import sqlite3

    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM audit_log")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE audit_log SET actor = 'x'")
