"""Find and refuse Swedish personal identity numbers (personnummer and samordningsnummer).

kvaldesk stores only pseudonymous case references. Every case reference and free-text
field is checked here so that a personnummer or samordningsnummer never reaches the
database, a report or an exchange file.

A candidate is a run of 10 or 12 digits, optionally with ``-`` or ``+`` before the last
four, that is not part of a longer digit run. It counts as a personal number when its
date part is a real date (for a samordningsnummer the day is the birth day + 60), a
12-digit form starts with the century 18, 19 or 20, and the Luhn check digit over the
10-digit form is right. The checks are done with python-stdnum: ``stdnum.se.personnummer``
for personnummer, and for samordningsnummer (which that module refuses, since day 61–91
is not a date) its date logic on the day − 60 form together with ``stdnum.luhn``.
"""

from __future__ import annotations

import re

from kvaldesk.domain.errors import PersonalIdentityNumberError

__all__ = [
    "contains_personal_number",
    "ensure_no_personal_number",
    "find_personal_numbers",
    "is_personal_number",
    "mask",
]

# ASCII digits only: stdnum and the Luhn check work on 0-9, and other Unicode digits
# are not how anyone writes a personnummer.
_CANDIDATE = re.compile(r"(?<![0-9])(?:[0-9]{8}|[0-9]{6})[-+]?[0-9]{4}(?![0-9])")
_CENTURIES = frozenset({"18", "19", "20"})
_SAMORDNING_DAY_OFFSET = 60


def _split(candidate: str) -> tuple[str, str, str]:
    """Split a candidate into (date digits, separator, last four digits)."""
    if candidate[-5] in "-+":
        return candidate[:-5], candidate[-5], candidate[-4:]
    return candidate[:-4], "", candidate[-4:]


def is_personal_number(candidate: str) -> bool:
    """True if ``candidate`` as a whole is a valid personnummer or samordningsnummer.

    Accepts the forms ``YYMMDD-NNNN``, ``YYMMDD+NNNN``, ``YYMMDDNNNN`` and the same with
    a four-digit year (century 18, 19 or 20). Nothing else is stripped or tolerated.
    """
    if _CANDIDATE.fullmatch(candidate) is None:
        return False
    # Imported here, where a run of digits is checked (rarely): importing stdnum costs some
    # 20 ms of the window's start-up.
    from stdnum import luhn
    from stdnum.exceptions import ValidationError as StdnumValidationError
    from stdnum.se import personnummer as stdnum_personnummer

    date_part, separator, serial = _split(candidate)
    if len(date_part) == 8 and date_part[:2] not in _CENTURIES:
        return False
    day = int(date_part[-2:])
    if day <= _SAMORDNING_DAY_OFFSET:
        return bool(stdnum_personnummer.is_valid(candidate))
    # Samordningsnummer: the date is checked on the real birth day (day - 60), the
    # check digit on the number as written.
    birth_day = f"{day - _SAMORDNING_DAY_OFFSET:02d}"
    as_birth_date = f"{date_part[:-2]}{birth_day}{separator or '-'}{serial}"
    try:
        stdnum_personnummer.get_birth_date(as_birth_date)
    except StdnumValidationError:
        return False
    return bool(luhn.is_valid(date_part[-6:] + serial))


def find_personal_numbers(text: str) -> list[str]:
    """Every substring of ``text`` that is a valid personnummer or samordningsnummer.

    The substrings are returned as they appear in ``text``, in order, one per occurrence.
    """
    return [m.group(0) for m in _CANDIDATE.finditer(text) if is_personal_number(m.group(0))]


def contains_personal_number(text: str) -> bool:
    """True if ``text`` contains a valid personnummer or samordningsnummer."""
    return any(is_personal_number(m.group(0)) for m in _CANDIDATE.finditer(text))


def mask(number: str) -> str:
    """A form of ``number`` that is safe to show: the first six digits, the rest as X.

    ``"YYMMDD-NNNN"`` and ``"YYMMDDNNNN"`` become ``"YYMMDD-XXXX"``; a twelve-digit
    number ``"YYYYMMDD-NNNN"`` becomes ``"YYYYMMXX-XXXX"``. Anything else keeps at most
    its first six digits and shows every other character as X.
    """
    digits = "".join(ch for ch in number if "0" <= ch <= "9")
    if len(digits) in (10, 12):
        return digits[:6] + "X" * (len(digits) - 10) + "-XXXX"
    return digits[:6] + "X" * max(len(number) - len(digits[:6]), 0)


def ensure_no_personal_number(text: str, field: str) -> None:
    """Raise ``PersonalIdentityNumberError`` if ``text`` contains a personal number.

    ``field`` names the field for the message. The message shows the numbers masked,
    never in full.
    """
    found = find_personal_numbers(text)
    if not found:
        return
    masked = ", ".join(dict.fromkeys(mask(number) for number in found))
    raise PersonalIdentityNumberError(
        f'"{field}" innehåller något som ser ut som ett personnummer ({masked}). '
        "Personnummer får inte sparas i kvaldesk – använd ärendets pseudonyma referens."
    )
