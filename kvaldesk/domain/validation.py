"""Checks for text that people type: length, required, and never a personnummer."""

from __future__ import annotations

import re
from datetime import date

from kvaldesk.domain.errors import ValidationError
from kvaldesk.domain.personnummer import ensure_no_personal_number

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def clean_text(
    value: str | None, field: str, *, max_length: int = 2000, required: bool = False
) -> str:
    """Strip the text and check it; raises ValidationError (or PersonalIdentityNumberError)."""
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(f"{field} måste fyllas i.")
    if len(text) > max_length:
        raise ValidationError(f"{field} får vara högst {max_length} tecken (nu {len(text)}).")
    ensure_no_personal_number(text, field)
    return text


def parse_iso_date(value: str | None, field: str) -> str | None:
    """A date written YYYY-MM-DD, checked to exist; None for empty input."""
    text = (value or "").strip()
    if not text:
        return None
    if not _DATE.match(text):
        raise ValidationError(f"{field} ska skrivas ÅÅÅÅ-MM-DD, till exempel 2026-03-31.")
    try:
        date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError(f"{field}: {text} är inget giltigt datum.") from exc
    return text


def parse_target(value: float | str | None) -> float | None:
    """A target percentage between 0 and 100, or None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).replace(",", ".").replace("%", "").strip())
    except ValueError as exc:
        raise ValidationError(
            f"Målvärdet ska vara ett tal mellan 0 och 100, inte {value!r}."
        ) from exc
    if not 0 <= number <= 100:
        raise ValidationError("Målvärdet ska vara mellan 0 och 100 procent.")
    return number
