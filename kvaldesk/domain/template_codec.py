"""Convert templates between dictionaries (the file format) and domain objects.

Pure: no I/O and no schema validation (that is ``kvaldesk.exchange.template_file``). The
semantic checks here are the ones a JSON Schema cannot express.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from typing import Any

from kvaldesk.domain.enums import CountsAs, Criterion, QuestionKind
from kvaldesk.domain.errors import Problem
from kvaldesk.domain.model import (
    AnswerOption,
    Condition,
    LegalRef,
    NumberField,
    Question,
    Template,
)

TEMPLATE_FORMAT = "kvaldesk-template"
TEMPLATE_FORMAT_VERSION = 1


def canonical_json(obj: Any) -> bytes:
    """The canonical UTF-8 JSON used for hashing: sorted keys, no spaces."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def compute_content_hash(data: dict[str, Any]) -> str:
    """SHA-256 of the template's canonical JSON without its ``content_hash`` member."""
    body = {k: v for k, v in data.items() if k != "content_hash"}
    return hashlib.sha256(canonical_json(body)).hexdigest()


def _condition_from_dict(data: dict[str, Any]) -> Condition:
    if "question" in data:
        return Condition(
            question=str(data["question"]), answer_in=tuple(str(v) for v in data["answer_in"])
        )
    if "all" in data:
        return Condition(all_of=tuple(_condition_from_dict(c) for c in data["all"]))
    if "any" in data:
        return Condition(any_of=tuple(_condition_from_dict(c) for c in data["any"]))
    return Condition(negated=_condition_from_dict(data["not"]))


def _condition_to_dict(condition: Condition) -> dict[str, Any]:
    if condition.question is not None:
        return {"question": condition.question, "answer_in": list(condition.answer_in)}
    if condition.all_of:
        return {"all": [_condition_to_dict(c) for c in condition.all_of]}
    if condition.any_of:
        return {"any": [_condition_to_dict(c) for c in condition.any_of]}
    assert condition.negated is not None
    return {"not": _condition_to_dict(condition.negated)}


def _question_from_dict(data: dict[str, Any]) -> Question:
    number_field = None
    if data.get("number_field"):
        nf = data["number_field"]
        number_field = NumberField(
            label=nf["label"],
            unit=nf.get("unit", ""),
            minimum=nf.get("min"),
            maximum=nf.get("max"),
            integer=nf.get("integer", True),
        )
    return Question(
        id=data["id"],
        text=data["text"],
        help=data.get("help", ""),
        criterion=Criterion(data["criterion"]),
        kind=QuestionKind(data.get("kind", "choice")),
        options=tuple(
            AnswerOption(value=o["value"], label=o["label"], counts_as=CountsAs(o["counts_as"]))
            for o in data.get("options", [])
        ),
        critical=bool(data.get("critical", False)),
        local=bool(data.get("local", False)),
        legal_refs=tuple(
            LegalRef(
                law=r["law"],
                reference=r.get("reference", ""),
                verified=bool(r["verified"]),
                note=r.get("note", ""),
            )
            for r in data.get("legal_refs", [])
        ),
        condition=_condition_from_dict(data["condition"]) if data.get("condition") else None,
        number_field=number_field,
    )


def normalized_content_hash(data: dict[str, Any]) -> str:
    """The content hash of a template dictionary in its normalized (exported) form.

    Members spelled out with their default value (``"critical": false``, an empty
    ``legal_refs`` …) do not change the hash, so a file and its export hash alike.
    """
    return compute_content_hash(template_to_dict(_build(data, ""), with_hash=False))


def template_from_dict(data: dict[str, Any], template_id: str = "") -> Template:
    """Build a Template from a dictionary that already passed schema validation.

    Its ``content_hash`` is always computed from the content (never taken from the file).
    """
    built = _build(data, template_id)
    return replace(built, content_hash=normalized_content_hash(data))


def _build(data: dict[str, Any], template_id: str) -> Template:
    return Template(
        id=template_id,
        key=data["key"],
        version=int(data["version"]),
        title=data["title"],
        description=data.get("description", ""),
        subgroups=tuple(data.get("subgroups", [])),
        questions=tuple(_question_from_dict(q) for q in data["questions"]),
    )


def _question_to_dict(q: Question) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": q.id,
        "text": q.text,
        "help": q.help,
        "criterion": q.criterion.value,
        "kind": q.kind.value,
    }
    if q.critical:
        out["critical"] = True
    if q.local:
        out["local"] = True
    if q.options:
        out["options"] = [
            {"value": o.value, "label": o.label, "counts_as": o.counts_as.value} for o in q.options
        ]
    if q.number_field is not None:
        nf: dict[str, Any] = {"label": q.number_field.label}
        if q.number_field.unit:
            nf["unit"] = q.number_field.unit
        if q.number_field.minimum is not None:
            nf["min"] = q.number_field.minimum
        if q.number_field.maximum is not None:
            nf["max"] = q.number_field.maximum
        if not q.number_field.integer:
            nf["integer"] = False
        out["number_field"] = nf
    if q.legal_refs:
        refs = []
        for r in q.legal_refs:
            ref: dict[str, Any] = {"law": r.law, "reference": r.reference, "verified": r.verified}
            if r.note:
                ref["note"] = r.note
            refs.append(ref)
        out["legal_refs"] = refs
    if q.condition is not None:
        out["condition"] = _condition_to_dict(q.condition)
    return out


def template_to_dict(template: Template, *, with_hash: bool = True) -> dict[str, Any]:
    """The file-format dictionary of a template (with ``content_hash`` unless asked not to)."""
    out: dict[str, Any] = {
        "format": TEMPLATE_FORMAT,
        "format_version": TEMPLATE_FORMAT_VERSION,
        "key": template.key,
        "version": template.version,
        "title": template.title,
    }
    if template.description:
        out["description"] = template.description
    if template.subgroups:
        out["subgroups"] = list(template.subgroups)
    out["questions"] = [_question_to_dict(q) for q in template.questions]
    if with_hash:
        out["content_hash"] = compute_content_hash(out)
    return out


def semantic_problems(data: dict[str, Any]) -> list[Problem]:
    """Checks beyond the schema: unique ids and options, conditions that read earlier questions."""
    problems: list[Problem] = []
    seen: dict[str, dict[str, Any]] = {}
    for index, q in enumerate(data.get("questions", []), start=1):
        qid = q.get("id", f"#{index}")
        where = f"fråga {qid}"
        if qid in seen:
            problems.append(Problem(where, "frågans id finns redan tidigare i mallen"))
        values = [o.get("value") for o in q.get("options", [])]
        labels = [str(o.get("label", "")).casefold() for o in q.get("options", [])]
        if len(set(values)) != len(values):
            problems.append(Problem(where, "två svarsalternativ har samma värde"))
        if len(set(labels)) != len(labels):
            problems.append(Problem(where, "två svarsalternativ har samma text"))
        if (
            q.get("kind", "choice") == "choice"
            and values
            and not any(o.get("counts_as") == "compliant" for o in q.get("options", []))
        ):
            problems.append(Problem(where, "minst ett svarsalternativ måste räknas som uppfyllt"))
        nf = q.get("number_field") or {}
        if "min" in nf and "max" in nf and nf["min"] > nf["max"]:
            problems.append(Problem(where, "sifferfältets minsta värde är större än största"))
        if q.get("condition"):
            problems.extend(_condition_problems(q["condition"], seen, where))
        seen[qid] = q
    return problems


def _condition_problems(
    cond: dict[str, Any], earlier: dict[str, dict[str, Any]], where: str
) -> list[Problem]:
    if "question" in cond:
        ref = cond["question"]
        if ref not in earlier:
            return [
                Problem(
                    where, f"villkoret hänvisar till fråga {ref}, som inte finns före denna fråga"
                )
            ]
        values = {o.get("value") for o in earlier[ref].get("options", [])}
        bad = [v for v in cond.get("answer_in", []) if v not in values]
        if bad:
            return [
                Problem(where, f"villkoret använder svar som fråga {ref} saknar: " + ", ".join(bad))
            ]
        return []
    children = cond.get("all") or cond.get("any") or ([cond["not"]] if "not" in cond else [])
    problems: list[Problem] = []
    for child in children:
        problems.extend(_condition_problems(child, earlier, where))
    return problems
