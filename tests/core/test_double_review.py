"""Independent double review: marking, blindness, a second reviewer gets a review of their own,
and results count a double-reviewed case once."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import add_complete_review
from sqlite_utils import Database
from test_exchange_support import (
    ANSWERS_A,
    ANSWERS_B,
    coordinator_round,
    make_db,
    review,
    share_round,
)

from kvaldesk.domain.errors import ValidationError
from kvaldesk.services import consensus, double_review, exchange, results, reviews, rounds
from kvaldesk.storage import rounds_repo

ALL_YES = {"Q1": "ja", "Q2": "ja", "Q3": "ja", "Q5": "ja"}
SOME_NO = {"Q1": "ja", "Q2": "nej", "Q3": "nej", "Q5": "ja"}


@pytest.fixture
def round_id(db: Database, small_template: str) -> str:
    return rounds.create_round(db, template_key=small_template, name="Dubbelgranskning vt").id


def test_mark_unmark_and_list(db: Database, round_id: str) -> None:
    first = rounds.add_case(db, round_id, "BU-101")
    second = rounds.add_case(db, round_id, "BU-102")
    rounds.add_case(db, round_id, "BU-103")
    assert double_review.mark_double_review(db, [first.id, second.id]) == 2
    assert double_review.mark_double_review(db, [first.id]) == 0  # already marked
    listed = double_review.double_review_cases(db, round_id)
    assert [c.case.reference for c in listed] == ["BU-101", "BU-102"]
    assert all(c.marked and not c.is_double for c in listed)
    double_review.mark_double_review(db, [second.id], marked=False)
    assert [c.case.reference for c in double_review.double_review_cases(db, round_id)] == ["BU-101"]
    assert rounds.get_round(db, round_id)  # unchanged round


def test_random_marking_is_reproducible(db: Database, round_id: str) -> None:
    for number in range(1, 21):
        rounds.add_case(db, round_id, f"BU-{number:03}")
    chosen = double_review.mark_random_double_review(db, round_id, 4, seed=11)
    assert len(chosen) == 4 and all(c.double_review for c in chosen)
    with pytest.raises(ValidationError, match="bara 16 ärenden"):
        double_review.mark_random_double_review(db, round_id, 17)


def test_second_reviewer_gets_an_own_review_and_is_blind(db: Database, round_id: str) -> None:
    case = rounds.add_case(db, round_id, "BU-201")
    double_review.mark_double_review(db, [case.id])
    first = reviews.start_review(db, case.id, "Märta Sjöberg")
    reviews.save_answer(db, first.id, "Q1", value="nej")
    second = reviews.start_review(db, case.id, "Jonas Ek")
    assert second.id != first.id
    assert second.answers == {}
    assert reviews.start_review(db, case.id, "Märta Sjöberg").id == first.id
    # Jonas may not see Märta's answers, Märta may see her own.
    assert not double_review.may_see_other_answers(db, case.id, "Jonas Ek")
    with pytest.raises(ValidationError, match="dubbelgranskas"):
        reviews.get_review(db, first.id, viewer="Jonas Ek")
    assert reviews.get_review(db, first.id, viewer="Märta Sjöberg").answers["Q1"].value == "nej"
    # Once both are complete, the answers may be compared.
    for review_id, answers in ((first.id, SOME_NO), (second.id, ALL_YES)):
        for question_id, value in answers.items():
            reviews.save_answer(db, review_id, question_id, value=value)
        if answers["Q1"] == "nej":
            reviews.save_answer(db, review_id, "Q4", value="ja")
        reviews.complete_review(db, review_id)
    assert double_review.answer_visibility(db, case.id, "Jonas Ek").visible
    assert reviews.get_review(db, first.id, viewer="Jonas Ek").id == first.id
    listed = double_review.double_review_cases(db, round_id)
    assert listed[0].is_double
    assert listed[0].complete_reviewers == ["Märta Sjöberg", "Jonas Ek"]


def test_an_unmarked_case_with_two_reviewers_is_a_double_review(
    db: Database, round_id: str
) -> None:
    add_complete_review(db, round_id, "BU-301", ALL_YES, reviewer="Märta Sjöberg")
    case = rounds.list_cases(db, round_id)[0]
    assert double_review.may_see_other_answers(db, case.id, "Jonas Ek")  # single review
    draft = reviews.start_review(db, case.id, "Jonas Ek")
    assert not double_review.may_see_other_answers(db, case.id, "Jonas Ek")
    assert draft.answers == {}
    assert [c.case.reference for c in double_review.double_review_cases(db, round_id)] == ["BU-301"]


def test_results_count_a_double_reviewed_case_once(db: Database, round_id: str) -> None:
    add_complete_review(db, round_id, "BU-401", ALL_YES, reviewer="Märta Sjöberg")
    add_complete_review(db, round_id, "BU-401", SOME_NO, reviewer="Jonas Ek")
    add_complete_review(db, round_id, "BU-402", SOME_NO, reviewer="Märta Sjöberg")
    result = results.round_results(db, round_id)
    assert result.reviews == 2  # two cases, not three reviews
    q2 = next(q for q in result.questions if q.question.id == "Q2")
    # BU-401 counts with its first completed review (Märta: Ja), BU-402 with Nej.
    assert (q2.overall.compliant, q2.overall.n) == (1, 2)


def test_packages_carry_the_mark_and_the_consensus(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    coord = make_db(tmp_path / "coord.db", "Kerstin Samordnare")
    round_id = coordinator_round(coord, tmp_path, ("K-1", "K-2"))
    k1 = next(c for c in rounds.list_cases(coord, round_id) if c.reference == "K-1")
    double_review.mark_double_review(coord, [k1.id])
    a = make_db(tmp_path / "a.db", "Åsa Öberg")
    b = make_db(tmp_path / "b.db", "Björn Ek")
    share_round(coord, share, a, b)
    assert rounds_repo.get_case(a, k1.id).double_review
    assert not next(c for c in rounds.list_cases(a, round_id) if c.reference == "K-2").double_review
    review(a, round_id, "K-1", ANSWERS_A, "Åsa Öberg")
    review(b, round_id, "K-1", ANSWERS_B, "Björn Ek")
    for db in (a, b):
        exchange.export_package(db, share)
    exchange.import_paths(coord, [share])
    # Merged from packages: two reviews of one case by different reviewers is a double review.
    listed = double_review.double_review_cases(coord, round_id)
    assert [(c.case.reference, c.is_double) for c in listed] == [("K-1", True)]
    assert results.round_results(coord, round_id).reviews == 1
    state = consensus.consensus_state(coord, k1.id)
    made = consensus.save_consensus(
        coord, k1.id, {d.question_id: d.first_value or "ja" for d in state.differences}
    )
    exchange.export_package(coord, share)
    exchange.import_paths(a, [share])
    received = reviews.get_review(a, made.id)
    assert received.consensus
    assert results.round_results(a, round_id).reviews == 1
    # A case marked later on the coordinator's computer is marked on import (never unmarked).
    k2 = next(c for c in rounds.list_cases(coord, round_id) if c.reference == "K-2")
    double_review.mark_double_review(coord, [k2.id])
    exchange.export_package(coord, share)
    exchange.import_paths(b, [share])
    assert rounds_repo.get_case(b, k2.id).double_review
    for db in (coord, a, b):
        db.close()
