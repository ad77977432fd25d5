"""Read, validate and write template files (the format in docs/template-format.md)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from kvaldesk.domain.errors import Problem, ValidationError
from kvaldesk.domain.model import Template
from kvaldesk.domain.personnummer import find_personal_numbers, mask
from kvaldesk.domain.template_codec import (
    normalized_content_hash,
    semantic_problems,
    template_from_dict,
    template_to_dict,
)
from kvaldesk.exchange.schema_messages import swedish_message
from kvaldesk.paths import resource_path

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


@cache
def _validator() -> Any:
    import jsonschema  # imported on use: it is slow to import and most commands never need it

    schema = json.loads(resource_path("schemas", "template-v1.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _schema_where(error: Any, data: dict[str, Any]) -> str:
    path = list(error.absolute_path)
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        questions = data.get("questions", [])
        qid = None
        if path[1] < len(questions) and isinstance(questions[path[1]], dict):
            qid = questions[path[1]].get("id")
        rest = "/".join(str(p) for p in path[2:])
        label = f"fråga {qid}" if qid else f"fråga nr {path[1] + 1}"
        return f"{label} ({rest})" if rest else label
    return "/".join(str(p) for p in path) or "mallen"


def _texts(data: dict[str, Any]) -> list[tuple[str, str]]:
    found = [
        ("titel", str(data.get("title", ""))),
        ("beskrivning", str(data.get("description", ""))),
    ]
    for q in data.get("questions", []) if isinstance(data.get("questions"), list) else []:
        if isinstance(q, dict):
            qid = q.get("id", "?")
            found.append((f"fråga {qid} (text)", str(q.get("text", ""))))
            found.append((f"fråga {qid} (hjälptext)", str(q.get("help", ""))))
    return found


def validate_template_dict(data: Any, source: str) -> Template:
    """Validate a parsed template file and return the Template, or raise ValidationError.

    Problems name the file (``source``), the question id and what is wrong.
    """
    if not isinstance(data, dict):
        raise ValidationError(f"{source}: filen är ingen granskningsmall (JSON-objekt saknas).")
    problems = [
        Problem(_schema_where(e, data), swedish_message(e))
        for e in sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    ]
    if not problems:
        problems.extend(semantic_problems(data))
        for where, text in _texts(data):
            for number in find_personal_numbers(text):
                problems.append(Problem(where, f"innehåller ett personnummer ({mask(number)})"))
        stated = data.get("content_hash")
        if stated and stated != normalized_content_hash(data):
            problems.append(
                Problem(
                    "content_hash",
                    "innehållet stämmer inte med kontrollsumman; filen har ändrats efter export",
                )
            )
    if problems:
        raise ValidationError(f"{source}: mallen kan inte läsas in.", problems)
    return template_from_dict(data)


def load_template_file(path: Path) -> Template:
    """Read and validate one template file."""
    name = path.name
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise ValidationError(f"{name}: filen är för stor för att vara en granskningsmall.")
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{name}: filen kunde inte läsas ({exc.strerror}).") from exc
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{name}: filen är inte UTF-8-kodad text.") from exc
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{name}: filen är inte giltig JSON (rad {exc.lineno}, kolumn {exc.colno}: {exc.msg})."
        ) from exc
    return validate_template_dict(data, name)


def write_template_file(template: Template, path: Path) -> None:
    """Write a template file atomically (temporary file, fsync, rename)."""
    from kvaldesk.exchange.atomic import write_bytes_atomic

    text = json.dumps(template_to_dict(template), ensure_ascii=False, indent=2) + "\n"
    write_bytes_atomic(path, text.encode("utf-8"))


def peek_key_version(path: Path) -> tuple[str, int] | None:
    """The ``key`` and ``version`` of a template file without validating it (None if absent)."""
    try:
        data = json.loads(path.read_text("utf-8-sig"))
        return str(data["key"]), int(data["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def builtin_template_paths() -> list[Path]:
    """The built-in template files shipped in resources/templates."""
    return sorted(resource_path("templates").glob("*.json"))
