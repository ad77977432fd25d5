"""Results against numbers counted by hand."""

from __future__ import annotations

import pytest
from builders import add_complete_review
from sqlite_utils import Database

from kvaldesk.results.stats import format_share, summarise_numbers, wilson_interval
from kvaldesk.services import reviews, rounds
from kvaldesk.services.results import results_to_json, round_results
from kvaldesk.storage.settings import MIN_GROUP_SIZE, set_setting

ALL_YES = {"Q1": "ja", "Q2": "ja", "Q3": "ja", "Q5": "ja"}


def _by_id(result, question_id):  # type: ignore[no-untyped-def]
    return next(q for q in result.questions if q.question.id == question_id)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857-872, table II, method 3 (Wilson).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_published_examples(successes, n, low, high):  # type: ignore[no-untyped-def]
    got_low, got_high = wilson_interval(successes, n)
    assert got_low == pytest.approx(low, abs=5e-5)
    assert got_high == pytest.approx(high, abs=5e-5)


def test_wilson_interval_is_empty_for_no_answers():
    assert wilson_interval(0, 0) == (None, None)


def test_number_summary_and_small_n_text():
    summary = summarise_numbers([97, 137, 60, 120])
    assert summary.mean == pytest.approx(103.5)
    assert summary.median == pytest.approx(108.5)
    assert (summary.minimum, summary.maximum) == (60, 137)
    assert format_share(9, 10) == "90 % (n = 10)"
    assert format_share(7, 9) == "7 av 9"
    assert format_share(0, 0) == "–"


def test_violence_questions_new_and_ongoing(db: Database, small_template: str) -> None:
    """19 of 25 new and 9 of 27 ongoing cases had violence questions asked: 76 % and 33 %."""
    round_ = rounds.create_round(db, template_key=small_template, name="Våren 2026", target_pct=90)
    for i in range(25):
        answers = {**ALL_YES, "Q1": "ja" if i < 19 else "nej"}
        if i >= 19:
            answers["Q4"] = "ja"
        add_complete_review(db, round_.id, f"NY-{i:03d}", answers, subgroup="ny")
    for i in range(27):
        answers = {**ALL_YES, "Q1": "ja" if i < 9 else "nej"}
        if i >= 9:
            answers["Q4"] = "nej"
        add_complete_review(db, round_.id, f"PÅG-{i:03d}", answers, subgroup="pågående")

    result = round_results(db, round_.id, by="subgroup")
    q1 = _by_id(result, "Q1")
    assert result.reviews == 52
    assert (q1.groups["ny"].compliant, q1.groups["ny"].n) == (19, 25)
    assert round(100 * q1.groups["ny"].share) == 76
    assert (q1.groups["pågående"].compliant, q1.groups["pågående"].n) == (9, 27)
    assert round(100 * q1.groups["pågående"].share) == 33
    assert (q1.overall.compliant, q1.overall.n) == (28, 52)
    assert q1.meets_target is False

    # The conditional question applies only where Q1 = Nej: 6 + 18 = 24 reviews.
    q4 = _by_id(result, "Q4")
    assert q4.overall.n == 24
    assert q4.overall.compliant == 6
    assert q4.overall.skipped == 28

    # Every Nej on the critical question is listed by case reference.
    findings = result.critical_findings
    assert len(findings) == 6 + 18
    assert {f.question_id for f in findings} == {"Q1"}
    assert "NY-019" in {f.case_reference for f in findings}

    data = results_to_json(rounds.get_round(db, round_.id), result)
    q1_json = next(q for q in data["questions"] if q["id"] == "Q1")
    assert q1_json["groups"]["ny"]["share"] == pytest.approx(0.76)
    assert q1_json["groups"]["pågående"]["share"] == pytest.approx(9 / 27)
    assert q1_json["share"] == pytest.approx(28 / 52)
    low, high = wilson_interval(28, 52)
    assert (q1_json["ci_low"], q1_json["ci_high"]) == (low, high)


def test_not_applicable_leaves_the_denominator(db: Database, small_template: str) -> None:
    round_ = rounds.create_round(db, template_key=small_template, name="Omgång")
    add_complete_review(db, round_.id, "A-1", {**ALL_YES, "Q2": "ej_aktuellt", "Q3": "delvis"})
    add_complete_review(db, round_.id, "A-2", {**ALL_YES, "Q2": "nej", "Q3": "ja"})
    add_complete_review(db, round_.id, "A-3", {**ALL_YES, "Q3": "ej_aktuellt"})
    result = round_results(db, round_.id)
    q2 = _by_id(result, "Q2")
    assert (q2.overall.compliant, q2.overall.non_compliant, q2.overall.not_applicable) == (1, 1, 1)
    assert q2.overall.n == 2
    assert q2.overall.share == pytest.approx(0.5)
    q3 = _by_id(result, "Q3")
    assert q3.overall.per_option == {"delvis": 1, "ja": 1, "ej_aktuellt": 1}
    assert q3.overall.share == pytest.approx(0.5)


def test_only_complete_reviews_count(db: Database, small_template: str) -> None:
    round_ = rounds.create_round(db, template_key=small_template, name="Omgång")
    add_complete_review(db, round_.id, "A-1", ALL_YES)
    case = rounds.add_case(db, round_.id, "A-2")
    draft = reviews.start_review(db, case.id)
    reviews.save_answer(db, draft.id, "Q1", value="nej")
    result = round_results(db, round_.id)
    assert result.reviews == 1
    assert _by_id(result, "Q1").overall.n == 1
    assert result.critical_findings == []


def test_criterion_is_pooled_over_its_questions(db: Database, small_template: str) -> None:
    round_ = rounds.create_round(db, template_key=small_template, name="Omgång")
    add_complete_review(db, round_.id, "A-1", {**ALL_YES, "Q1": "nej", "Q4": "nej"})
    add_complete_review(db, round_.id, "A-2", ALL_YES)
    result = round_results(db, round_.id, by="subgroup")
    ts = next(c for c in result.criteria if c.criterion.value == "TS")
    # TS: Q1 (1 of 2), Q4 (0 of 1), Q5 (2 of 2) -> 3 of 5.
    assert ts.questions == 3
    assert (ts.counts.compliant, ts.counts.n) == (3, 5)


def test_numbers_mean_and_median(db: Database, small_template: str) -> None:
    round_ = rounds.create_round(db, template_key=small_template, name="Omgång")
    for i, days in enumerate([97, 137, 60]):
        add_complete_review(db, round_.id, f"A-{i}", ALL_YES, numbers={"Q3": days})
    numbers = _by_id(round_results(db, round_.id), "Q3").numbers
    assert numbers is not None
    assert numbers.count == 3
    assert numbers.mean == pytest.approx(98)
    assert numbers.median == pytest.approx(97)


def test_small_groups_are_suppressed_when_asked(db: Database, small_template: str) -> None:
    round_ = rounds.create_round(db, template_key=small_template, name="Omgång")
    for i in range(6):
        add_complete_review(db, round_.id, f"N-{i}", ALL_YES, subgroup="ny")
    for i in range(2):
        add_complete_review(db, round_.id, f"P-{i}", ALL_YES, subgroup="pågående")
    with db.atomic():
        set_setting(db, MIN_GROUP_SIZE, "5")
    inside = round_results(db, round_.id, by="subgroup")
    leaving = round_results(db, round_.id, by="subgroup", suppress_small_groups=True)
    assert _by_id(inside, "Q1").groups["pågående"].n == 2
    hidden = _by_id(leaving, "Q1").groups["pågående"]
    assert hidden.suppressed and hidden.n == 0
    assert _by_id(leaving, "Q1").groups["ny"].n == 6
    assert _by_id(leaving, "Q1").overall.n == 8


def test_previous_round_only_for_unchanged_questions(
    db: Database, small_template: str, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from builders import small_template_dict, write_json

    from kvaldesk.services import templates

    first = rounds.create_round(db, template_key=small_template, name="Hösten 2025")
    for i in range(4):
        add_complete_review(
            db,
            first.id,
            f"H-{i}",
            {**ALL_YES, "Q1": "ja" if i < 1 else "nej", **({"Q4": "ja"} if i >= 1 else {})},
        )
    changed = small_template_dict(version=2)
    changed["questions"][4]["text"] = "Har utredningen kommunicerats med vårdnadshavarna?"
    templates.import_template_file(db, write_json(tmp_path / "v2.json", changed))
    second = rounds.create_round(db, template_key=small_template, name="Våren 2026")
    for i in range(4):
        add_complete_review(db, second.id, f"V-{i}", ALL_YES)
    result = round_results(db, second.id)
    q1 = _by_id(result, "Q1")
    assert q1.previous is not None
    assert q1.previous.share == pytest.approx(0.25)
    assert q1.change == pytest.approx(0.75)
    assert _by_id(result, "Q5").previous is None
    assert result.previous_round_id == first.id


def test_empty_round_has_no_shares(db: Database, small_template: str) -> None:
    round_ = rounds.create_round(db, template_key=small_template, name="Tom")
    result = round_results(db, round_.id, by="unit")
    assert result.reviews == 0
    assert all(q.overall.share is None for q in result.questions)
    assert results_to_json(rounds.get_round(db, round_.id), result)["questions"][0]["share"] is None


def test_pooled_criterion_of_a_small_group_is_suppressed(db: Database, small_template: str) -> None:
    """Two reviews pool to n = 6 on TS, but a group of two cases must still be hidden."""
    round_ = rounds.create_round(db, template_key=small_template, name="Omgång")
    for i in range(6):
        add_complete_review(db, round_.id, f"N-{i}", ALL_YES, subgroup="ny")
    for i in range(2):
        add_complete_review(
            db, round_.id, f"P-{i}", {**ALL_YES, "Q1": "nej", "Q4": "ja"}, subgroup="pågående"
        )
    with db.atomic():
        set_setting(db, MIN_GROUP_SIZE, "5")
    leaving = round_results(db, round_.id, by="subgroup", suppress_small_groups=True)
    ts = next(c for c in leaving.criteria if c.criterion.value == "TS")
    assert ts.groups["pågående"].suppressed
    assert not ts.groups["ny"].suppressed
