"""Export and import between databases on disk: what changed travels, merge by UUID and
version vector, conflicts for the coordinator, templates, cases and rounds by identity."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from builders import small_template_dict, write_json
from sqlite_utils import Database
from test_exchange_support import (
    ANSWERS_A,
    ANSWERS_B,
    coordinator_round,
    data_dump,
    logical_dump,
    make_db,
    review,
    share_round,
)

from kvaldesk.domain.enums import ActionStatus
from kvaldesk.exchange.merge import Order, compare, covers, resolution_vector
from kvaldesk.services import actions, exchange, results, reviews, rounds, templates
from kvaldesk.storage import actions_repo, audit, reviews_repo
from kvaldesk.storage.settings import machine_id

NAME = re.compile(r"^kvaldesk-[a-z0-9-]+-\d{8}-\d{4}-[0-9a-f]{8}\.kvdpkg$")


@pytest.fixture
def world(tmp_path: Path) -> dict[str, Any]:
    """A coordinator and two reviewers who received the coordinator's round and cases."""
    share = tmp_path / "share"
    share.mkdir()
    coord = make_db(tmp_path / "coord.db", "Kerstin Samordnare")
    round_id = coordinator_round(coord, tmp_path, ("K-1", "K-2", "K-3", "K-4", "K-5", "K-6"))
    a = make_db(tmp_path / "a.db", "Åsa Öberg")
    b = make_db(tmp_path / "b.db", "Björn Ek")
    share_round(coord, share, a, b)
    yield {"share": share, "coord": coord, "a": a, "b": b, "round": round_id, "tmp": tmp_path}
    for db in (coord, a, b):
        db.close()


def _export(db: Database, folder: Path, **kwargs: Any) -> Path:
    result = exchange.export_package(db, folder, **kwargs)
    assert result.path is not None, result.message
    return result.path


def _results(db: Database, round_id: str, by: Any = None) -> dict[str, Any]:
    data = results.results_to_json(
        rounds.get_round(db, round_id), results.round_results(db, round_id, by=by)
    )
    for finding in data["critical_findings"]:
        finding.pop("review_id")  # made where the review was made: differs in the reference db
    return data


def test_version_vector_order() -> None:
    assert compare({"a": 1}, {"a": 1}) is Order.EQUAL
    assert compare({"a": 2}, {"a": 1}) is Order.LOCAL_DOMINATES
    assert compare({"a": 1}, {"a": 1, "b": 1}) is Order.INCOMING_DOMINATES
    assert compare({"a": 2, "b": 1}, {"a": 1, "b": 2}) is Order.CONCURRENT
    assert compare({}, {"a": 1}) is Order.INCOMING_DOMINATES
    resolved = resolution_vector({"a": 2, "b": 1}, {"a": 1, "b": 3, "c": 1}, "a")
    assert resolved == {"a": 3, "b": 3, "c": 1}
    assert covers(resolved, {"a": 2, "b": 1}) and covers(resolved, {"a": 1, "b": 3, "c": 1})


def test_two_reviewers_into_a_third_database_give_the_results_of_all_reviews(
    world: dict[str, Any],
) -> None:
    share, round_id, tmp = world["share"], world["round"], world["tmp"]
    a, b = world["a"], world["b"]
    review(a, round_id, "K-1", ANSWERS_A, "Åsa Öberg")
    review(a, round_id, "K-2", ANSWERS_B, "Åsa Öberg")
    review(a, round_id, "K-3", ANSWERS_A, "Åsa Öberg")
    review(b, round_id, "K-4", ANSWERS_B, "Björn Ek")
    review(b, round_id, "K-5", ANSWERS_A, "Björn Ek")
    review(b, round_id, "K-9", ANSWERS_B, "Björn Ek")  # a case Björn added himself
    path_a, path_b = _export(a, share), _export(b, share)
    assert NAME.match(path_a.name) and path_a.name.startswith("kvaldesk-asa-oberg-")
    assert path_b.name.startswith("kvaldesk-bjorn-ek-")

    # The reference: every review made directly in one database.
    together = make_db(tmp / "together.db", "Kerstin Samordnare")
    exchange.import_paths(together, [next(p for p in share.iterdir() if "kerstin" in p.name)])
    for ref, answers, who in (
        ("K-1", ANSWERS_A, "Åsa Öberg"), ("K-2", ANSWERS_B, "Åsa Öberg"),
        ("K-3", ANSWERS_A, "Åsa Öberg"), ("K-4", ANSWERS_B, "Björn Ek"),
        ("K-5", ANSWERS_A, "Björn Ek"), ("K-9", ANSWERS_B, "Björn Ek"),
    ):  # fmt: skip
        review(together, round_id, ref, answers, who)

    third = make_db(tmp / "third.db", "Kerstin Samordnare")
    outcomes = exchange.import_paths(third, [share])
    assert [o.outcome for o in outcomes] == ["imported"] * 3, outcomes
    by_file = {Path(o.file).name: o.counts for o in outcomes}
    assert by_file[path_a.name]["reviews_inserted"] == 3
    assert by_file[path_b.name]["reviews_inserted"] == 3
    assert sum(c["cases"] for c in by_file.values()) == 7  # K-1 … K-6 and Björn's own K-9
    for by in (None, "subgroup"):
        assert _results(third, round_id, by) == _results(together, round_id, by)
    assert _results(third, round_id)["reviews"] == 6

    before = logical_dump(third)
    again = exchange.import_paths(third, [share])
    assert [o.outcome for o in again] == ["already_imported"] * 3
    assert logical_dump(third) == before
    assert {e["action"] for e in audit.entries(third)} >= {"package_imported"}
    assert any(e["action"] == "package_exported" for e in audit.entries(a))


def test_only_changes_are_exported_and_all_exports_everything(world: dict[str, Any]) -> None:
    share, a, round_id = world["share"], world["a"], world["round"]
    review(a, round_id, "K-1", ANSWERS_A, "Åsa Öberg")
    first = exchange.export_package(a, share)
    assert first.counts["reviews"] == 1
    nothing = exchange.export_package(a, share)
    assert nothing.path is None and "Inget nytt" in nothing.message
    assert len(list(share.iterdir())) == 2  # the round package and Åsa's first one

    review(a, round_id, "K-2", ANSWERS_B, "Åsa Öberg")
    second = exchange.export_package(a, share)
    assert second.counts["reviews"] == 1 and second.counts["cases"] == 1
    everything = exchange.export_package(a, share, everything=True)
    assert everything.counts["reviews"] == 2 and everything.counts["cases"] == 6
    other = rounds.create_round(a, template_key="testmall", name="Annan omgång")
    rounds.add_case(a, other.id, "X-1")
    only_other = exchange.export_package(a, share, round_id=other.id, everything=True)
    assert only_other.counts == {
        "templates": 1, "rounds": 1, "cases": 1, "reviews": 0, "actions": 0,
    }  # fmt: skip


def test_incoming_dominates_replaces_the_review_and_all_its_answers(world: dict[str, Any]) -> None:
    share, a, coord, round_id = world["share"], world["a"], world["coord"], world["round"]
    review_id = review(a, round_id, "K-1", ANSWERS_B, "Åsa Öberg")
    exchange.export_package(a, share)
    exchange.import_paths(coord, [share])
    reviews.reopen_review(a, review_id, "rättar svar")
    reviews.save_answer(a, review_id, "Q1", value="ja")  # Q4 stops applying
    reviews.save_answer(a, review_id, "Q5", value="ja", comment="Kommunicerat muntligt.")
    reviews.complete_review(a, review_id)
    outcome = exchange.import_paths(coord, [_export(a, share)])[0]
    assert outcome.outcome == "imported" and outcome.counts["reviews_replaced"] == 1
    mine, theirs = reviews_repo.get_review(coord, review_id), reviews_repo.get_review(a, review_id)
    assert mine.answers == theirs.answers and mine.version_vector == theirs.version_vector
    assert mine.answers["Q5"].comment == "Kommunicerat muntligt."
    applies = dict(
        coord.execute(
            "SELECT question_id, applies FROM answers WHERE review_id = ?", [review_id]
        ).fetchall()
    )
    assert applies["Q4"] == 0 and applies["Q1"] == 1


def test_older_or_equal_versions_are_skipped(world: dict[str, Any]) -> None:
    share, a, coord, round_id = world["share"], world["a"], world["coord"], world["round"]
    old_share, new_share = share / "old", share / "new"
    old_share.mkdir()
    new_share.mkdir()
    review_id = review(a, round_id, "K-1", ANSWERS_A, "Åsa Öberg")
    exchange.export_package(a, old_share)
    reviews.reopen_review(a, review_id, "")
    exchange.export_package(a, new_share)
    assert exchange.import_paths(coord, [new_share])[0].counts["reviews_inserted"] == 1
    before = data_dump(coord)
    old = exchange.import_paths(coord, [old_share])[0]
    assert old.outcome == "imported" and old.counts["reviews_skipped"] == 1
    assert data_dump(coord) == before
    assert reviews_repo.get_review(coord, review_id).status.value == "draft"


def _concurrent(world: dict[str, Any]) -> tuple[str, Path]:
    """Åsa's review is edited on her laptop and by the coordinator, each unaware of the other."""
    share, a, coord, round_id = world["share"], world["a"], world["coord"], world["round"]
    review_id = review(a, round_id, "K-1", ANSWERS_A, "Åsa Öberg")
    exchange.export_package(a, share)
    exchange.import_paths(coord, [share])
    reviews.reopen_review(coord, review_id, "samordnaren rättar")
    reviews.save_answer(coord, review_id, "Q2", value="nej", comment="Barnet hördes inte.")
    reviews.complete_review(coord, review_id)
    reviews.reopen_review(a, review_id, "granskaren rättar")
    reviews.save_answer(a, review_id, "Q3", value="ja", number=95)
    reviews.complete_review(a, review_id)
    return review_id, _export(a, share)


def test_concurrent_edits_keep_local_and_flag_a_conflict(world: dict[str, Any]) -> None:
    coord, share = world["coord"], world["share"]
    review_id, path = _concurrent(world)
    local_before = reviews_repo.get_review(coord, review_id)
    outcome = exchange.import_paths(coord, [path])[0]
    assert outcome.outcome == "conflicts" and outcome.counts["conflicts"] == 1
    assert "1 konflikter" in outcome.reason
    assert reviews_repo.get_review(coord, review_id) == local_before
    (conflict,) = exchange.list_conflicts(coord)
    assert conflict.review_id == review_id and conflict.case_reference == "K-1"
    assert conflict.differing_questions == ["Q2", "Q3"]
    assert conflict.incoming["answers"][2]["value"] == "ja"
    assert any(e["action"] == "conflict_recorded" for e in audit.entries(coord, review_id))

    # The same version again (another package) does not flag it twice.
    again = exchange.import_paths(coord, [_export(world["a"], share, everything=True)])[0]
    assert again.outcome == "imported" and again.counts["reviews_skipped"] == 1
    assert len(exchange.list_conflicts(coord)) == 1


@pytest.mark.parametrize("keep", ["incoming", "local"])
def test_resolving_a_conflict_dominates_both_versions(world: dict[str, Any], keep: str) -> None:
    coord, a, share = world["coord"], world["a"], world["share"]
    review_id, _ = _concurrent(world)
    exchange.import_paths(coord, [share])
    (conflict,) = exchange.list_conflicts(coord)
    local_vv, incoming_vv = conflict.local["version_vector"], conflict.incoming["version_vector"]
    resolved = exchange.resolve_conflict(coord, conflict.id, keep)
    assert compare(resolved.version_vector, local_vv) is Order.LOCAL_DOMINATES
    assert compare(resolved.version_vector, incoming_vv) is Order.LOCAL_DOMINATES
    expected = resolution_vector(local_vv, incoming_vv, machine_id(coord))
    assert resolved.version_vector == expected
    kept = conflict.incoming if keep == "incoming" else conflict.local
    assert {q: x.value for q, x in resolved.answers.items()} == {
        x["question_id"]: x["value"] for x in kept["answers"]
    }
    assert exchange.list_conflicts(coord) == []
    (closed,) = exchange.list_conflicts(coord, include_resolved=True)
    assert closed.resolution == keep
    with pytest.raises(Exception, match="redan löst"):
        exchange.resolve_conflict(coord, conflict.id, keep)

    # The decision travels back: Åsa's laptop takes it without a new conflict.
    exchange.export_package(coord, share)
    back = exchange.import_paths(a, [share])
    assert sum(o.counts.get("reviews_replaced", 0) for o in back) == 1
    assert reviews_repo.get_review(a, review_id).answers == resolved.answers
    assert exchange.list_conflicts(a) == []


def _other_template_round(db: Database, tmp: Path, version: int, title: str) -> str:
    tmp.mkdir(exist_ok=True)
    path = write_json(tmp / f"mall-{version}.json", small_template_dict(version, title=title))
    templates.import_template_file(db, path)
    return rounds.create_round(
        db, template_key="testmall", template_version=version, name="Egen"
    ).id


def test_a_template_with_the_same_key_and_version_but_other_content_is_refused(
    world: dict[str, Any], tmp_path: Path
) -> None:
    solo = make_db(tmp_path / "solo.db", "Solo Granskare")
    round_id = _other_template_round(solo, tmp_path / "solo", 1, "Testmall med annan titel")
    review(solo, round_id, "S-1", ANSWERS_A, "Solo Granskare")
    out = tmp_path / "out"
    out.mkdir()
    exchange.export_package(solo, out)
    before = logical_dump(world["coord"])
    (outcome,) = exchange.import_paths(world["coord"], [out])
    assert outcome.outcome == "rejected"
    assert "testmall version 1" in outcome.reason and "annat innehåll" in outcome.reason
    assert logical_dump(world["coord"]) == before


def test_a_new_template_version_is_inserted(world: dict[str, Any], tmp_path: Path) -> None:
    solo = make_db(tmp_path / "solo.db", "Solo Granskare")
    round_id = _other_template_round(solo, tmp_path / "solo", 2, "Testmall, version 2")
    review(solo, round_id, "S-1", ANSWERS_A, "Solo Granskare")
    out = tmp_path / "out"
    out.mkdir()
    exchange.export_package(solo, out)
    (outcome,) = exchange.import_paths(world["coord"], [out])
    assert outcome.outcome == "imported", outcome.reason
    assert outcome.counts["templates"] == 1 and outcome.counts["rounds"] == 1
    assert templates.get_template(world["coord"], "testmall", 2).title == "Testmall, version 2"


def test_the_same_reference_with_another_id_is_an_identity_conflict(world: dict[str, Any]) -> None:
    coord, a, share, round_id = world["coord"], world["a"], world["share"], world["round"]
    rounds.add_case(coord, round_id, "K-77")
    review(a, round_id, "K-77", ANSWERS_A, "Åsa Öberg")  # Åsa adds "K-77" on her own
    path = _export(a, share)
    before = logical_dump(coord)
    outcome = exchange.import_paths(coord, [path])[0]
    assert outcome.outcome == "rejected" and "K-77" in outcome.reason
    assert "identitetskonflikt" in outcome.reason
    assert logical_dump(coord) == before


def test_known_rounds_and_cases_keep_the_local_metadata(world: dict[str, Any]) -> None:
    coord, a, share, round_id = world["coord"], world["a"], world["share"], world["round"]
    rounds.update_round(
        a, round_id, name="Åsas namn", unit="", target_pct=50, period_start=None, period_end=None
    )
    review(a, round_id, "K-1", ANSWERS_A, "Åsa Öberg")
    assert exchange.export_package(a, share).counts["rounds"] == 1
    exchange.import_paths(coord, [share])
    kept = rounds.get_round(coord, round_id)
    assert kept.name == "Omgång vår 2026" and kept.target_pct == 80


def test_actions_travel_and_the_newest_edit_wins(world: dict[str, Any]) -> None:
    coord, a, share, round_id = world["coord"], world["a"], world["share"], world["round"]
    action = actions.create_action(coord, round_id, "Rutin för barnsamtal", owner="Enhetschef")
    exchange.export_package(coord, share)
    first = exchange.import_paths(a, [share])
    assert sum(o.counts.get("actions_inserted", 0) for o in first) == 1
    stored = actions_repo.get_action(coord, action.id)
    actions.update_action(coord, replace(stored, status=ActionStatus.DONE))
    exchange.export_package(coord, share)
    second = exchange.import_paths(a, [share])
    assert sum(o.counts.get("actions_replaced", 0) for o in second) == 1
    assert actions_repo.get_action(a, action.id).status is ActionStatus.DONE


def test_counts_and_outcomes_are_json_ready(world: dict[str, Any]) -> None:
    a, share, round_id = world["a"], world["share"], world["round"]
    review(a, round_id, "K-1", ANSWERS_A, "Åsa Öberg")
    exchange.export_package(a, share)
    (outcome,) = [
        o for o in exchange.import_paths(world["coord"], [share]) if "asa" in Path(o.file).name
    ]
    data = json.loads(json.dumps(outcome.to_json()))
    assert set(data) == {"file", "outcome", "reason", "counts"}
    assert data["counts"]["reviews_inserted"] == 1
