"""Tests for kvaldesk.domain.personnummer.

No real-looking personnummer literal appears here: every number is built from a made-up
date and serial, with the check digit computed by stdnum's Luhn module. Where a date
is spelled out it is mostly in the future (20xx beyond today) or impossible.
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from kvaldesk.domain.errors import PersonalIdentityNumberError
from kvaldesk.domain.personnummer import (
    contains_personal_number,
    ensure_no_personal_number,
    find_personal_numbers,
    is_personal_number,
    mask,
)


def make(date: str, serial: str = "987", separator: str = "-") -> str:
    """A Luhn-valid number: ``date`` (YYMMDD or YYYYMMDD), a 3-digit serial, check digit."""
    check = luhn.calc_check_digit(date[-6:] + serial)
    return f"{date}{separator}{serial}{check}"


def wrong_checks(number: str) -> list[str]:
    """``number`` with each of the nine wrong check digits."""
    right = number[-1]
    return [number[:-1] + d for d in "0123456789" if d != right]


# ------------------------------------------------------------------- valid forms


@pytest.mark.parametrize("separator", ["-", "+", ""])
def test_ten_digit_forms_are_found(separator: str) -> None:
    number = make("901224", separator=separator)
    assert find_personal_numbers(number) == [number]
    assert is_personal_number(number)


@pytest.mark.parametrize("separator", ["-", "+", ""])
def test_twelve_digit_forms_are_found(separator: str) -> None:
    number = make("20901224", separator=separator)
    assert find_personal_numbers(number) == [number]


@pytest.mark.parametrize("century", ["18", "19", "20"])
def test_plausible_centuries(century: str) -> None:
    assert contains_personal_number(make(f"{century}991231"))


@pytest.mark.parametrize("century", ["00", "17", "21", "99"])
def test_implausible_century_is_not_flagged(century: str) -> None:
    number = make(f"{century}901224")
    assert find_personal_numbers(number) == []
    # nor is the last ten digits of the run picked out on their own
    assert find_personal_numbers(f"Ärende {number}.") == []


@pytest.mark.parametrize("separator", ["-", "+", ""])
def test_samordningsnummer_day_plus_sixty(separator: str) -> None:
    number = make("901284", separator=separator)  # 24 December + 60
    assert find_personal_numbers(number) == [number]
    twelve = make("20901284", separator=separator)
    assert find_personal_numbers(twelve) == [twelve]


@pytest.mark.parametrize(
    "date",
    [
        "901292",  # day 32 + 60
        "901160",  # day 0 + 60
        "20230289",  # 29 February + 60 in a year that is not a leap year
        "901192",  # 31 November + 60
    ],
)
def test_samordningsnummer_with_impossible_date_is_not_flagged(date: str) -> None:
    assert find_personal_numbers(make(date)) == []


def test_samordningsnummer_on_leap_day_is_flagged() -> None:
    assert contains_personal_number(make("20240289"))


# ------------------------------------------------------------------ invalid forms


def test_wrong_check_digit_is_not_flagged() -> None:
    for number in wrong_checks(make("901224")) + wrong_checks(make("20901284")):
        assert find_personal_numbers(number) == [], number
        assert not contains_personal_number(f"pnr {number}")


@pytest.mark.parametrize(
    "date",
    [
        "991332",  # month 13, day 32
        "991300",  # month 13
        "990015",  # month 0
        "990100",  # day 0
        "990431",  # 31 April
        "20230229",  # 29 February, not a leap year
        "20901232",  # day 32
    ],
)
def test_impossible_dates_are_not_flagged(date: str) -> None:
    # the check digit is right, so only the date can be what refuses it
    assert find_personal_numbers(make(date)) == []


def test_leap_day_depends_on_the_century_the_separator_gives() -> None:
    # "000229-" is 29 Feb 2000 (a leap year); "000229+" is 1900, which was not.
    assert contains_personal_number(make("000229", separator="-"))
    assert not contains_personal_number(make("000229", separator="+"))
    assert contains_personal_number(make("20240229"))


def test_longer_digit_runs_are_not_flagged() -> None:
    twelve = make("20901224", separator="")
    ten = make("901224", separator="")
    assert find_personal_numbers("1" + twelve) == []  # 13 digits
    assert find_personal_numbers(twelve + "0") == []  # 13 digits
    assert find_personal_numbers("5" + ten) == []  # 11 digits
    assert find_personal_numbers(ten + "5") == []
    assert find_personal_numbers(make("901224") + "7") == []  # 5 digits after the dash
    assert find_personal_numbers("12" + make("901224")) == []  # 8 digits before it


def test_shorter_and_other_separators_are_not_flagged() -> None:
    ten = make("901224", separator="")
    assert find_personal_numbers(ten[:6] + " " + ten[6:]) == []  # space is not a separator
    assert find_personal_numbers(ten[:6] + "/" + ten[6:]) == []
    assert find_personal_numbers(ten[:9]) == []


@pytest.mark.parametrize(
    "text",
    [
        "Ring 070-123 45 67 efter lunch.",
        "Tel 08-123 456 78 eller 0771-567 567.",
        "Dnr SN 2024/1234-5, möte 2024-05-06 kl 10.15.",
        "Belopp 12 345,50 kr, kontonummer 1234-56 78901.",
        "",
    ],
)
def test_ordinary_swedish_text_is_not_flagged(text: str) -> None:
    assert find_personal_numbers(text) == []
    assert not contains_personal_number(text)


# ----------------------------------------------------------------------- in text


def test_found_inside_swedish_text() -> None:
    number = make("901224")
    text = f"Pojke, pnr {number}, har bott hos sin mamma sedan augusti."
    assert find_personal_numbers(text) == [number]
    assert contains_personal_number(text)


def test_found_next_to_letters_and_punctuation() -> None:
    number = make("901224", separator="")
    for text in (f"ref-{number}", f"IFO{number}x", f"({number})", f"{number}\n", f"å{number}ö"):
        assert find_personal_numbers(text) == [number], text


def test_several_numbers_are_returned_in_order_as_written() -> None:
    first = make("901224", separator="+")
    second = make("20901284", separator="")
    text = f"Mamma {first} och barn {second}; igen: {first}."
    assert find_personal_numbers(text) == [first, second, first]


# -------------------------------------------------------------- refuse and mask


def test_ensure_raises_with_field_and_masked_number() -> None:
    number = make("901224")
    with pytest.raises(PersonalIdentityNumberError) as caught:
        ensure_no_personal_number(f"Pojke, pnr {number}, 7 år", "Ärendereferens")
    message = str(caught.value)
    assert '"Ärendereferens"' in message
    assert "901224-XXXX" in message
    assert number not in message
    assert number[-4:] not in message
    assert "pseudonyma referens" in message


def test_ensure_never_echoes_a_twelve_digit_number() -> None:
    number = make("20901224", separator="")
    with pytest.raises(PersonalIdentityNumberError) as caught:
        ensure_no_personal_number(number, "Kommentar")
    message = str(caught.value)
    assert "209012XX-XXXX" in message
    assert number[:8] not in message


def test_ensure_masks_each_number_once() -> None:
    a, b = make("901224"), make("20901284")
    with pytest.raises(PersonalIdentityNumberError) as caught:
        ensure_no_personal_number(f"{a} {b} {a}", "Kommentar")
    assert str(caught.value).count("901224-XXXX") == 1
    assert "209012XX-XXXX" in str(caught.value)


def test_ensure_accepts_clean_text() -> None:
    ensure_no_personal_number("Ärende 2024-017, flicka 7 år. Tel 070-123 45 67.", "Kommentar")
    ensure_no_personal_number(wrong_checks(make("901224"))[0], "Referens")


@pytest.mark.parametrize(
    ("date", "separator", "expected"),
    [
        ("901224", "-", "901224-XXXX"),
        ("901224", "+", "901224-XXXX"),
        ("901224", "", "901224-XXXX"),
        ("20901224", "-", "209012XX-XXXX"),
        ("20901224", "", "209012XX-XXXX"),
    ],
)
def test_mask(date: str, separator: str, expected: str) -> None:
    assert mask(make(date, separator=separator)) == expected


def test_mask_of_something_else_shows_at_most_six_digits() -> None:
    assert mask("abc") == "XXX"
    assert mask("12345678") == "123456XX"


# -------------------------------------------------------------------- properties


@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    found = find_personal_numbers(text)
    assert all(number in text for number in found)
    assert contains_personal_number(text) == bool(found)


@given(st.text(alphabet="0123456789-+ \n", max_size=60))
def test_digit_soup_never_raises(text: str) -> None:
    for number in find_personal_numbers(text):
        assert is_personal_number(number)


@given(
    birth=st.dates(min_value=datetime.date(1850, 1, 1), max_value=datetime.date(2099, 12, 31)),
    serial=st.integers(min_value=0, max_value=999),
    samordning=st.booleans(),
    separator=st.sampled_from(["-", ""]),
    before=st.text(alphabet=st.characters(exclude_categories=["Nd"]), max_size=20),
    after=st.text(alphabet=st.characters(exclude_categories=["Nd"]), max_size=20),
)
def test_every_constructed_twelve_digit_number_is_found(
    birth: datetime.date,
    serial: int,
    samordning: bool,
    separator: str,
    before: str,
    after: str,
) -> None:
    day = birth.day + (60 if samordning else 0)
    number = make(f"{birth:%Y%m}{day:02d}", f"{serial:03d}", separator)
    assert find_personal_numbers(f"{before}{number}{after}") == [number]
    with pytest.raises(PersonalIdentityNumberError):
        ensure_no_personal_number(f"{before}{number}{after}", "Fält")
