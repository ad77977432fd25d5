"""Consensus for a double-reviewed case: the differing questions, the reconciled review, and
results that count the consensus instead of the two reviews."""

from __future__ import annotations

from datetime import date

import pytest
from builders import add_complete_review
from sqlite_utils import Database

from kvaldesk.domain.errors import ValidationError
from kvaldesk.services import (
    actions,
    agreement,
    consensus,
    demo,
    double_review,
    results,
    reviews,
    rounds,
    trends,
)
from kvaldesk.storage import audit

MARTA = {"Q1": "ja", "Q2": "ja", "Q3": "delvis", "Q5": "ja"}
JONAS = {"Q1": "nej", "Q2": "ja", "Q3": "ja", "Q4": "nej", "Q5": "ja"}


@pytest.fixture
def case_id(db: Database, small_template: str) -> str:
    round_id = rounds.create_round(db, template_key=small_template, name="Samsyn vt 2026").id
    add_complete_review(db, round_id, "BU-501", MARTA, reviewer="Märta Sjöberg")
    add_complete_review(db, round_id, "BU-501", JONAS, reviewer="Jonas Ek")
    return rounds.list_cases(db, round_id)[0].id


def test_differences_are_listed(db: Database, case_id: str) -> None:
    state = consensus.consensus_state(db, case_id)
    assert (state.first.reviewer, state.second.reviewer) == ("Märta Sjöberg", "Jonas Ek")
    by_id = {d.question_id: d for d in state.differences}
    assert set(by_id) == {"Q1", "Q3", "Q4"}  # Q4 applies only in Jonas's review
    assert (by_id["Q4"].first_value, by_id["Q4"].second_value) == (None, "nej")
    assert by_id["Q3"].label("delvis") == "Delvis"
    assert state.consensus is None


def test_saving_the_consensus_and_results_use_it(db: Database, case_id: str) -> None:
    with pytest.raises(ValidationError) as missing:
        consensus.save_consensus(db, case_id, {"Q1": "nej"})
    assert {p.where for p in missing.value.problems} == {"Fråga Q3", "Fråga Q4"}
    with pytest.raises(ValidationError, match="redan likadant"):
        consensus.save_consensus(db, case_id, {"Q2": "nej", "Q1": "ja", "Q3": "ja"})
    review = consensus.save_consensus(
        db, case_id, {"Q1": "ja", "Q3": "ja"}, comment="Våldsfrågan ställdes vid hembesöket."
    )
    assert review.consensus
    assert review.reviewer == "Konsensus (Märta Sjöberg, Jonas Ek)"
    assert {q: a.value for q, a in review.answers.items()} == {
        "Q1": "ja",
        "Q2": "ja",
        "Q3": "ja",
        "Q5": "ja",
    }  # Q4 does not apply when Q1 is Ja
    state = consensus.consensus_state(db, case_id)
    assert state.consensus is not None and state.consensus.id == review.id
    assert {d.question_id: d.reconciled for d in state.differences}["Q3"] == "ja"
    round_id = state.case.round_id
    result = results.round_results(db, round_id)
    assert result.reviews == 1
    by_id = {q.question.id: q.overall for q in result.questions}
    assert (by_id["Q1"].compliant, by_id["Q1"].n) == (1, 1)
    assert (by_id["Q3"].compliant, by_id["Q3"].n) == (1, 1)
    assert by_id["Q4"].n == 0
    # Saving again replaces the answers of the same consensus review.
    again = consensus.save_consensus(db, case_id, {"Q1": "nej", "Q3": "delvis", "Q4": "ja"})
    assert again.id == review.id
    assert again.answers["Q4"].value == "ja"
    assert results.round_results(db, round_id).reviews == 1
    # Agreement still compares the two reviewers, never the consensus.
    assert agreement.round_agreement(db, round_id).cases == 1
    listed = double_review.double_review_cases(db, round_id)
    assert listed[0].consensus_status == "complete"
    assert listed[0].reviewers == ["Märta Sjöberg", "Jonas Ek"]
    assert any(e["action"] == "consensus_saved" for e in audit.entries(db, review.id))
    # The consensus review is never resumed as somebody's own review.
    assert reviews.start_review(db, case_id, "Märta Sjöberg").id == state.first.id


def test_a_case_without_two_reviews_has_no_consensus(db: Database, small_template: str) -> None:
    round_id = rounds.create_round(db, template_key=small_template, name="Enkel").id
    add_complete_review(db, round_id, "BU-601", MARTA, reviewer="Märta Sjöberg")
    case = rounds.list_cases(db, round_id)[0]
    with pytest.raises(ValidationError, match="två klara granskningar"):
        consensus.consensus_state(db, case.id)


def test_demo_shows_double_reviews_consensus_actions_and_trends(db: Database) -> None:
    summary = demo.make_demo(db, reviews=200, seed=4)
    assert summary.reviews == 200
    listed = rounds.list_rounds(db)
    assert sum(s.complete for s in listed) == 200  # consensus reviews are not reviewers' reviews
    autumn = next(
        s.round for s in listed if "hösten" in s.round.name and "Barnavård" in s.round.name
    )
    cases = double_review.double_review_cases(db, autumn.id)
    assert len(cases) == 6 and all(c.marked and c.is_double for c in cases)
    assert sum(c.consensus_status == "complete" for c in cases) == 2
    assert agreement.round_agreement(db, autumn.id).cases == 6
    result = results.round_results(db, autumn.id)
    assert result.reviews == len(rounds.list_cases(db, autumn.id))  # each case once
    earlier = actions.earlier_round_actions(db, autumn.id, today=date(2026, 11, 1))
    assert [r.overdue for r in earlier] == [False, True]
    assert trends.round_trends(db, autumn.id).has_history
