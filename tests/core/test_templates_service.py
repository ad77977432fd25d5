"""Templates: built-ins, import/export, refusals that name file and question, versioning."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from builders import add_complete_review, small_template_dict, write_json
from sqlite_utils import Database

from kvaldesk.domain.errors import ValidationError
from kvaldesk.services import rounds, templates


def test_builtins_are_loaded_once(db: Database) -> None:
    count = len(templates.list_templates(db))
    assert count >= 2
    assert templates.ensure_builtin_templates(db) == 0
    assert len(templates.list_templates(db)) == count


def test_every_builtin_question_has_help_criterion_and_references(db: Database) -> None:
    for template in templates.list_templates(db):
        for q in template.questions:
            assert q.help.strip(), f"{template.key} {q.id}"
            assert q.legal_refs or q.local, f"{template.key} {q.id}"


def test_export_import_round_trip(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "ut.json"
    original = templates.export_template_file(db, "forhandsbedomning", path)
    data = json.loads(path.read_text("utf-8"))
    assert data["content_hash"] == original.content_hash
    again, created = templates.import_template_file(db, path)
    assert not created
    assert again.id == original.id


def test_same_version_other_content_is_refused(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "ut.json"
    templates.export_template_file(db, "forhandsbedomning", path)
    data = json.loads(path.read_text("utf-8"))
    data["questions"][0]["text"] += " (ändrad)"
    del data["content_hash"]
    with pytest.raises(ValidationError, match="annat innehåll"):
        templates.import_template_file(db, write_json(tmp_path / "andrad.json", data))


def test_tampered_file_fails_its_hash(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "ut.json"
    templates.export_template_file(db, "forhandsbedomning", path)
    data = json.loads(path.read_text("utf-8"))
    data["questions"][0]["help"] = "Annan hjälptext."
    with pytest.raises(ValidationError) as caught:
        templates.import_template_file(db, write_json(path, data))
    assert any(p.where == "content_hash" for p in caught.value.problems)


@pytest.mark.parametrize(
    ("mutate", "where", "message"),
    [
        (lambda d: d["questions"][1].update(criterion="XX"), "fråga Q2 (criterion)", "XX"),
        (
            lambda d: d["questions"][3].update(condition={"question": "Q9", "answer_in": ["ja"]}),
            "fråga Q4",
            "Q9",
        ),
        (
            lambda d: d["questions"][3].update(
                condition={"question": "Q1", "answer_in": ["kanske"]}
            ),
            "fråga Q4",
            "kanske",
        ),
        (lambda d: d["questions"].append(dict(d["questions"][0])), "fråga Q1", "finns redan"),
        (
            lambda d: d["questions"][0].update(options=[d["questions"][0]["options"][1]] * 2),
            "fråga Q1",
            "samma värde",
        ),
        (lambda d: d["questions"][0].pop("help"), "fråga Q1", "help"),
    ],
)
def test_broken_template_names_file_question_and_problem(
    db: Database,
    tmp_path: Path,
    mutate,
    where: str,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    data = small_template_dict()
    mutate(data)
    with pytest.raises(ValidationError) as caught:
        templates.import_template_file(db, write_json(tmp_path / "trasig.json", data))
    assert caught.value.summary.startswith("trasig.json")
    assert any(p.where == where and message in p.message for p in caught.value.problems), (
        caught.value.describe()
    )


def test_not_json_is_refused_with_position(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "inte.json"
    path.write_text('{"key": "x",\n  oj }', encoding="utf-8")
    with pytest.raises(ValidationError, match=r"inte.json: filen är inte giltig JSON \(rad 2"):
        templates.import_template_file(db, path)


def test_editing_a_used_template_makes_a_new_version(db: Database, small_template: str) -> None:
    template = templates.get_template(db, small_template)
    round_ = rounds.create_round(db, template_key=small_template, name="Omgång")
    # Unused: the edit is saved in place.
    edited = replace(template, title="Testmall, ny titel")
    stored, new_version = templates.save_template(db, edited)
    assert (stored.version, new_version) == (1, False)
    add_complete_review(db, round_.id, "A-1", {"Q1": "ja", "Q2": "ja", "Q3": "ja", "Q5": "ja"})
    assert templates.template_is_frozen(db, stored)
    stored2, new_version2 = templates.save_template(db, replace(stored, title="Tredje titeln"))
    assert (stored2.version, new_version2) == (2, True)
    assert templates.get_template(db, small_template, 1).title == "Testmall, ny titel"
    assert rounds.get_round(db, round_.id).template_version == 1
