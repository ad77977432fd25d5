"""Checks on the seven built-in review templates in resources/templates/.

Only json, jsonschema, pathlib and re are used, so the checks do not depend on the engine.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIR = ROOT / "resources" / "templates"
SCHEMA_PATH = ROOT / "resources" / "schemas" / "template-v1.schema.json"

EXPECTED_KEYS = {
    "forhandsbedomning",
    "barnavardsutredning",
    "familjehemsutredning",
    "genomforandeplan",
    "vardnad-boende-umgange",
    "lss-vuxen",
    "ekonomiskt-bistand",
}
PERSONNUMMER = re.compile(r"\d{6,8}[-+]?\d{4}")
OPTION_LABELS = {"ja": "Ja", "delvis": "Delvis", "nej": "Nej", "ej_aktuellt": "Ej aktuellt"}
OPTION_COUNTS = {
    "ja": "compliant",
    "delvis": "non_compliant",
    "nej": "non_compliant",
    "ej_aktuellt": "not_applicable",
}
OPTION_ORDER = ["ja", "delvis", "nej", "ej_aktuellt"]

TEMPLATE_PATHS = sorted(TEMPLATE_DIR.glob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _condition_leaves(condition: dict[str, Any]) -> list[dict[str, Any]]:
    """Every {question, answer_in} leaf of a structured condition."""
    if "question" in condition:
        return [condition]
    if "all" in condition:
        return [leaf for child in condition["all"] for leaf in _condition_leaves(child)]
    if "any" in condition:
        return [leaf for child in condition["any"] for leaf in _condition_leaves(child)]
    if "not" in condition:
        return _condition_leaves(condition["not"])
    raise AssertionError(f"unknown condition form: {condition!r}")


def _strings(value: Any) -> list[str]:
    """All string values (and keys) anywhere in a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        found: list[str] = []
        for key, item in value.items():
            found.append(key)
            found.extend(_strings(item))
        return found
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = _load(SCHEMA_PATH)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_seven_templates_with_expected_keys() -> None:
    assert len(TEMPLATE_PATHS) == 7
    keys = {_load(p)["key"] for p in TEMPLATE_PATHS}
    assert keys == EXPECTED_KEYS
    for path in TEMPLATE_PATHS:
        assert path.stem == _load(path)["key"], f"{path.name}: file name must be <key>.json"


@pytest.mark.parametrize("path", TEMPLATE_PATHS, ids=lambda p: p.stem)
def test_valid_against_schema(path: Path, validator: Draft202012Validator) -> None:
    errors = sorted(validator.iter_errors(_load(path)), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


@pytest.mark.parametrize("path", TEMPLATE_PATHS, ids=lambda p: p.stem)
def test_header(path: Path) -> None:
    template = _load(path)
    assert template["format"] == "kvaldesk-template"
    assert template["format_version"] == 1
    assert template["version"] == 1
    assert "content_hash" not in template, "built-in templates carry no content_hash"
    assert template["title"].strip()
    assert template.get("description", "").strip()
    assert {"ny", "pågående"} <= set(template.get("subgroups", []))


@pytest.mark.parametrize("path", TEMPLATE_PATHS, ids=lambda p: p.stem)
def test_question_count_and_unique_ids(path: Path) -> None:
    questions = _load(path)["questions"]
    assert 8 <= len(questions) <= 15
    ids = [q["id"] for q in questions]
    assert len(ids) == len(set(ids)), f"duplicate question ids: {ids}"


@pytest.mark.parametrize("path", TEMPLATE_PATHS, ids=lambda p: p.stem)
def test_help_texts_present(path: Path) -> None:
    for question in _load(path)["questions"]:
        assert question["text"].strip(), question["id"]
        assert question["help"].strip(), f"{question['id']}: empty help text"


@pytest.mark.parametrize("path", TEMPLATE_PATHS, ids=lambda p: p.stem)
def test_options_follow_the_standard_scales(path: Path) -> None:
    for question in _load(path)["questions"]:
        if question["kind"] != "choice":
            continue
        values = [o["value"] for o in question["options"]]
        assert values == [v for v in OPTION_ORDER if v in values], question["id"]
        assert values[0] == "ja" and "nej" in values, question["id"]
        for option in question["options"]:
            assert option["label"] == OPTION_LABELS[option["value"]], question["id"]
            assert option["counts_as"] == OPTION_COUNTS[option["value"]], question["id"]


@pytest.mark.parametrize("path", TEMPLATE_PATHS, ids=lambda p: p.stem)
def test_conditions_reference_earlier_questions_and_existing_options(path: Path) -> None:
    seen: dict[str, set[str]] = {}
    for question in _load(path)["questions"]:
        condition = question.get("condition")
        if condition is not None:
            for leaf in _condition_leaves(condition):
                target = leaf["question"]
                assert target in seen, (
                    f"{question['id']}: condition reads {target}, which is not an earlier question"
                )
                unknown = set(leaf["answer_in"]) - seen[target]
                assert not unknown, f"{question['id']}: {target} has no option(s) {unknown}"
        seen[question["id"]] = {o["value"] for o in question.get("options", [])}


@pytest.mark.parametrize("path", TEMPLATE_PATHS, ids=lambda p: p.stem)
def test_legal_refs_unless_local(path: Path) -> None:
    for question in _load(path)["questions"]:
        if question.get("local", False):
            continue
        assert question.get("legal_refs"), f"{question['id']}: no legal reference"


@pytest.mark.parametrize("path", TEMPLATE_PATHS, ids=lambda p: p.stem)
def test_unverified_refs_carry_a_note(path: Path) -> None:
    for question in _load(path)["questions"]:
        for ref in question.get("legal_refs", []):
            if not ref["verified"]:
                assert ref.get("note", "").strip(), f"{question['id']}: {ref}"


@pytest.mark.parametrize("path", TEMPLATE_PATHS, ids=lambda p: p.stem)
def test_old_sol_refs_have_a_new_sol_counterpart(path: Path) -> None:
    for question in _load(path)["questions"]:
        laws = [r["law"] for r in question.get("legal_refs", [])]
        if "SoL (2001:453)" in laws:
            assert "SoL (2025:400)" in laws, question["id"]


@pytest.mark.parametrize("path", TEMPLATE_PATHS, ids=lambda p: p.stem)
def test_number_fields(path: Path) -> None:
    for question in _load(path)["questions"]:
        field = question.get("number_field")
        if field is None:
            continue
        assert field["label"].strip() and field.get("unit", "").strip(), question["id"]
        assert field.get("min") == 0 and field.get("max", 0) > 0, question["id"]
        assert field.get("integer", True) is True, question["id"]


@pytest.mark.parametrize("path", TEMPLATE_PATHS, ids=lambda p: p.stem)
def test_written_in_normalized_form(path: Path) -> None:
    """Defaults are left out, as the exporter writes them, so a built-in's content_hash is
    the same whether it is computed from this file or from an export of it."""
    for question in _load(path)["questions"]:
        assert question.get("critical", True) is True, question["id"]
        assert question.get("local", True) is True, question["id"]
        assert question.get("legal_refs", [None]) != [], question["id"]
        assert "integer" not in question.get("number_field", {}), question["id"]
        for ref in question.get("legal_refs", []):
            assert ref.get("note", "x") != "", question["id"]


@pytest.mark.parametrize("path", TEMPLATE_PATHS, ids=lambda p: p.stem)
def test_no_personnummer_shaped_text(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    assert not PERSONNUMMER.search(raw)
    for text in _strings(_load(path)):
        assert not PERSONNUMMER.search(text), text
