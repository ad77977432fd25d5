"""JSON Schema validation of a package's manifest and data, with reasons in Swedish.

The schemas are shipped in ``resources/schemas``: ``package-v1-manifest.schema.json`` and
``package-v1.schema.json``, which refers to ``template-v1.schema.json`` for templates.
"""

from __future__ import annotations

import itertools
import json
from functools import cache
from typing import Any

from kvaldesk.bounded_cache import BoundedCache
from kvaldesk.exchange.package_fast_check import bulk_records_certainly_valid
from kvaldesk.paths import resource_path

MANIFEST_SCHEMA = "package-v1-manifest.schema.json"
DATA_SCHEMA = "package-v1.schema.json"
TEMPLATE_SCHEMA = "template-v1.schema.json"
_MAX_DETAIL = 160
_ERRORS_LOOKED_AT = 20

_KIND_LABELS = {
    "templates": "mall",
    "rounds": "omgång",
    "cases": "ärende",
    "reviews": "granskning",
    "actions": "åtgärd",
}
_TYPE_NAMES = {
    "string": "text",
    "integer": "ett heltal",
    "number": "ett tal",
    "boolean": "sant eller falskt",
    "object": "ett objekt",
    "array": "en lista",
    "null": "null",
}


def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(resource_path("schemas", name).read_text("utf-8"))
    return loaded


@cache
def _validators() -> tuple[Any, Any]:
    import jsonschema  # imported on use: slow to import, and most commands never need it
    from referencing import Registry, Resource

    template = _load(TEMPLATE_SCHEMA)
    registry: Registry[Any] = Registry().with_resource(
        template["$id"], Resource.from_contents(template)
    )
    manifest = jsonschema.Draft202012Validator(_load(MANIFEST_SCHEMA), registry=registry)
    data = jsonschema.Draft202012Validator(_load(DATA_SCHEMA), registry=registry)
    return manifest, data


def record_label(kind: str, record: Any, index: int) -> str:
    """How a reason names one record: "granskning <id>", "mall <key> version <n>", …"""
    label = _KIND_LABELS.get(kind, kind)
    if isinstance(record, dict):
        if kind == "templates" and isinstance(record.get("key"), str):
            version = record.get("version")
            return f"{label} {record['key']}" + (f" version {version}" if version else "")
        if isinstance(record.get("id"), str) and len(record["id"]) <= 64:
            return f"{label} {record['id']}"
    return f"{label} nr {index + 1}"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:37] + "…"


def _detail(error: Any) -> str:
    """A short Swedish description of one schema error (never the offending long text)."""
    kind, expected, instance = error.validator, error.validator_value, error.instance
    if kind == "required" and isinstance(instance, dict):
        missing = [k for k in expected if k not in instance]
        return "saknar " + ", ".join(f'"{k}"' for k in missing)
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = [str(k) for k in instance if k not in allowed]
        return "okända fält: " + ", ".join(f'"{_short(k)}"' for k in extra[:5])
    if kind == "type":
        names = expected if isinstance(expected, list) else [expected]
        return "ska vara " + " eller ".join(_TYPE_NAMES.get(n, str(n)) for n in names)
    if kind in ("enum", "const"):
        return "otillåtet värde"
    if kind in ("pattern", "format", "propertyNames"):
        return "har fel form"
    if kind in ("maxLength", "maxItems", "maxProperties"):
        return f"är för lång (högst {expected})"
    if kind in ("minLength", "minItems", "minProperties"):
        return f"är för kort (minst {expected})"
    if kind == "maximum":
        return f"är för stort (högst {expected})"
    if kind == "minimum":
        return f"är för litet (minst {expected})"
    if kind in ("anyOf", "oneOf"):
        return "har fel form eller typ"
    return str(error.message)[:_MAX_DETAIL]


def _where(path: list[Any], data: Any) -> str:
    if len(path) >= 2 and path[0] in _KIND_LABELS and isinstance(path[1], int):
        records = data.get(path[0], []) if isinstance(data, dict) else []
        record = records[path[1]] if path[1] < len(records) else None
        label = record_label(str(path[0]), record, path[1])
        rest = "/".join(str(p) for p in path[2:])
        return f"{label} ({rest})" if rest else label
    return "/".join(str(p) for p in path) or "hela filen"


def _first_error(validator: Any, instance: Any) -> Any | None:
    # Look at a few errors only: a hostile file can hold millions of them.
    errors = sorted(
        itertools.islice(validator.iter_errors(instance), _ERRORS_LOOKED_AT),
        key=lambda e: [
            (0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in e.absolute_path
        ],
    )
    if not errors:
        return None
    # Prefer the deepest error of the first record: it says most precisely what is wrong.
    first = list(errors[0].absolute_path)[:2]
    same_record = [e for e in errors if list(e.absolute_path)[:2] == first]
    return max(same_record, key=lambda e: len(e.absolute_path))


def manifest_problem(manifest: Any) -> str | None:
    """None if the manifest matches its schema, else one Swedish line naming the field."""
    error = _first_error(_validators()[0], manifest)
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path) or "manifestet"
    return f"manifest.json stämmer inte med formatet: {where} {_detail(error)}"


#: Templates (as canonical JSON) that passed the schema: each package carries the templates of
#: its rounds, usually the same few, and a template's validity does not depend on the package.
_VALID_TEMPLATES: BoundedCache[str, bool] = BoundedCache(64)


def _canonical(template: Any) -> str:
    return json.dumps(template, sort_keys=True, ensure_ascii=False)


def _all_templates_known(templates: Any) -> bool:
    """Whether every template in ``templates`` passed the schema before (then the schema need
    not see them again; all or none, so that an error's record index stays right)."""
    if not isinstance(templates, list) or len(templates) > 100:
        return False
    return all(_canonical(t) in _VALID_TEMPLATES for t in templates)


def _remember_valid_templates(templates: Any) -> None:
    if not isinstance(templates, list) or len(templates) > 100:
        return
    for template in templates:
        _VALID_TEMPLATES.put(_canonical(template), True)


def data_problem(data: Any) -> str | None:
    """None if data.json matches its schema, else one Swedish line naming the record.

    Cases and reviews that the fast hand-written check finds certainly valid are left out of the
    (slow, pure-Python) schema validation; anything else goes through the schema whole, so
    every reason still comes from the schema.
    """
    instance = data
    if bulk_records_certainly_valid(data):
        instance = {**data, "cases": [], "reviews": []}
        if _all_templates_known(data.get("templates")):
            instance["templates"] = []
    error = _first_error(_validators()[1], instance)
    if error is None:
        if isinstance(data, dict):
            _remember_valid_templates(data.get("templates"))
        return None
    where = _where(list(error.absolute_path), data)
    return f"data.json stämmer inte med formatet: {where} {_detail(error)}"
