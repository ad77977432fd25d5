"""Swedish messages for JSON Schema violations (jsonschema's own messages are English)."""

from __future__ import annotations

from typing import Any


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + "…"


def swedish_message(error: Any) -> str:
    """A Swedish sentence for one ``jsonschema.ValidationError``."""
    kind = error.validator
    expected = error.validator_value
    instance = error.instance
    if kind == "required":
        missing = [name for name in expected if isinstance(instance, dict) and name not in instance]
        return "uppgift saknas: " + ", ".join(missing or expected)
    if kind == "additionalProperties":
        extra = sorted(set(instance) - set(error.schema.get("properties", {})))
        return "okänd uppgift: " + ", ".join(extra)
    if kind == "enum":
        return f"{_show(instance)} är inte tillåtet; tillåtna värden: " + ", ".join(
            str(v) for v in expected
        )
    if kind == "const":
        return f"ska vara {_show(expected)}, inte {_show(instance)}"
    if kind == "type":
        names = {
            "string": "text",
            "integer": "heltal",
            "number": "tal",
            "boolean": "sant/falskt",
            "array": "lista",
            "object": "objekt",
            "null": "tomt",
        }
        wanted = expected if isinstance(expected, list) else [expected]
        return "ska vara " + " eller ".join(names.get(str(w), str(w)) for w in wanted)
    if kind == "minLength":
        return "får inte vara tom" if expected == 1 else f"ska vara minst {expected} tecken"
    if kind == "maxLength":
        return f"får vara högst {expected} tecken"
    if kind == "pattern":
        return f"{_show(instance)} har fel form"
    if kind == "minItems":
        return f"ska ha minst {expected} element"
    if kind == "maxItems":
        return "ska vara tom" if expected == 0 else f"får ha högst {expected} element"
    if kind == "minimum":
        return f"ska vara minst {expected}"
    if kind == "maximum":
        return f"får vara högst {expected}"
    if kind == "uniqueItems":
        return "innehåller dubbletter"
    if kind in ("oneOf", "anyOf"):
        return "har en form som inte känns igen"
    return str(error.message)
