"""Rounds and cases: create, edit, paste case lists, refuse bad input."""

from __future__ import annotations

import pytest
from sqlite_utils import Database
from stdnum import luhn

from kvaldesk.domain.enums import RoundStatus
from kvaldesk.domain.errors import PersonalIdentityNumberError, ValidationError
from kvaldesk.services import rounds


def _fake_personnummer() -> str:
    body = "010101" + "234"
    return f"{body}{luhn.calc_check_digit(body)}"


def test_create_and_list(db: Database) -> None:
    round_ = rounds.create_round(
        db,
        template_key="forhandsbedomning",
        name="Våren 2026",
        unit="Mottagningen",
        target_pct="90",
        period_start="2026-01-01",
        period_end="2026-04-30",
    )
    assert round_.template_version == 1
    assert round_.target_pct == 90
    summaries = rounds.list_rounds(db)
    assert [s.round.name for s in summaries] == ["Våren 2026"]
    assert summaries[0].template_title.startswith("Förhandsbedömning")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": ""}, "Namn måste fyllas i"),
        ({"target_pct": "120"}, "mellan 0 och 100"),
        ({"target_pct": "mycket"}, "ett tal"),
        ({"period_start": "2026-13-01"}, "giltigt datum"),
        ({"period_start": "2026-05-01", "period_end": "2026-04-01"}, "före"),
        ({"template_key": "finns-inte"}, "finns inte"),
    ],
)
def test_bad_round_input(db: Database, kwargs: dict[str, str], message: str) -> None:
    args = {"template_key": "forhandsbedomning", "name": "Omgång", **kwargs}
    with pytest.raises(ValidationError, match=message):
        rounds.create_round(db, **args)  # type: ignore[arg-type]
    assert rounds.list_rounds(db) == []


def test_update_round_keeps_template_once_reviewed(db: Database) -> None:
    round_ = rounds.create_round(db, template_key="forhandsbedomning", name="Omgång")
    updated = rounds.update_round(
        db,
        round_.id,
        name="Omgång 1",
        unit="Väst",
        target_pct=80,
        period_start=None,
        period_end=None,
    )
    assert (updated.name, updated.unit, updated.target_pct) == ("Omgång 1", "Väst", 80)
    assert rounds.set_round_status(db, round_.id, RoundStatus.CLOSED).status is RoundStatus.CLOSED
    with pytest.raises(ValidationError, match="stängd"):
        rounds.add_case(db, round_.id, "FB-1")


def test_paste_cases_reports_every_bad_line(db: Database) -> None:
    round_ = rounds.create_round(db, template_key="forhandsbedomning", name="Omgång")
    text = (
        "FB-2026-001\tny\tÖst\n"
        "\n"
        f"{_fake_personnummer()}\tny\n"
        "FB-2026-001\n"
        "a\tb\tc\td\n" + "X" * 80 + "\n"
    )
    with pytest.raises(ValidationError) as caught:
        rounds.add_cases_from_text(db, round_.id, text)
    where = [p.where for p in caught.value.problems]
    assert where == ["Rad 3", "Rad 4", "Rad 5", "Rad 6"]
    assert "personnummer" in caught.value.problems[0].message
    assert rounds.list_cases(db, round_.id) == []


def test_paste_cases_adds_all_good_lines(db: Database) -> None:
    round_ = rounds.create_round(db, template_key="forhandsbedomning", name="Omgång")
    added = rounds.add_cases_from_text(db, round_.id, "FB-1\tny\tÖst\nFB-2\tpågående\nFB-3\n")
    assert [c.reference for c in added] == ["FB-1", "FB-2", "FB-3"]
    assert rounds.list_cases(db, round_.id)[1].subgroup == "pågående"
    with pytest.raises(ValidationError, match="Inga ärenden lades till"):
        rounds.add_cases_from_text(db, round_.id, "FB-1\nFB-4")
    assert len(rounds.list_cases(db, round_.id)) == 3


def test_case_reference_with_personnummer_is_refused(db: Database) -> None:
    round_ = rounds.create_round(db, template_key="forhandsbedomning", name="Omgång")
    with pytest.raises(PersonalIdentityNumberError, match="pseudonyma"):
        rounds.add_case(db, round_.id, _fake_personnummer())
    with pytest.raises(ValidationError, match="finns redan"):
        rounds.add_case(db, round_.id, "FB-1")
        rounds.add_case(db, round_.id, "FB-1")


def test_counts_of_every_round_in_one_pass_match_the_counts_per_round(db: Database) -> None:
    from kvaldesk.services import demo, double_review
    from kvaldesk.storage import rounds_repo

    demo.make_demo(db, reviews=80, seed=3)
    empty = rounds.create_round(db, template_key="forhandsbedomning", name="Tom omgång ÅÄÖ")
    summaries = rounds.list_rounds(db)
    assert {s.round.id for s in summaries} >= {empty.id}
    for summary in summaries:
        expected = rounds_repo.round_counts(db, summary.round.id)
        got = {"cases": summary.cases, "reviews": summary.reviews, "complete": summary.complete}
        assert got == expected
        # Only cases with two reviews or more are read for the double reviews: same answer.
        several = rounds_repo.cases_with_several_reviews(db, summary.round.id)
        for case in double_review.double_review_cases(db, summary.round.id):
            assert case.case.double_review or case.case.id in several
        # The candidates are exactly the marked cases and those with several reviews.
        candidates = {c.id for c in rounds_repo.double_review_candidates(db, summary.round.id)}
        every = rounds_repo.list_cases(db, summary.round.id)
        assert candidates == {c.id for c in every if c.double_review or c.id in several}
    assert next(s for s in summaries if s.round.id == empty.id).cases == 0
