"""Use cases for rounds (granskningsomgångar) and their cases."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlite_utils import Database

from kvaldesk.domain.enums import RoundStatus
from kvaldesk.domain.errors import PersonalIdentityNumberError, Problem, ValidationError
from kvaldesk.domain.model import Case, Round
from kvaldesk.domain.personnummer import find_personal_numbers, mask
from kvaldesk.domain.validation import clean_text, parse_iso_date, parse_target
from kvaldesk.storage import audit, rounds_repo, templates_repo
from kvaldesk.storage.database import new_id

MAX_REFERENCE_LENGTH = 60


@dataclass(frozen=True)
class RoundSummary:
    """A round with its counts, for lists."""

    round: Round
    template_title: str
    cases: int
    reviews: int
    complete: int


def create_round(
    db: Database,
    *,
    template_key: str,
    name: str,
    template_version: int | None = None,
    unit: str = "",
    target_pct: float | str | None = None,
    period_start: str | None = None,
    period_end: str | None = None,
) -> Round:
    """Create an open round for a template version (the newest unless one is given)."""
    template = templates_repo.find_template(db, template_key, template_version)
    if template is None:
        raise ValidationError(f"Mallen {template_key} finns inte.")
    round_ = Round(
        id=new_id(),
        name=clean_text(name, "Namn", max_length=200, required=True),
        template_id=template.id,
        template_key=template.key,
        template_version=template.version,
        unit=clean_text(unit, "Enhet", max_length=200),
        target_pct=parse_target(target_pct),
        period_start=parse_iso_date(period_start, "Periodens början"),
        period_end=parse_iso_date(period_end, "Periodens slut"),
    )
    _check_period(round_)
    with db.atomic():
        stored = rounds_repo.insert_round(db, round_)
        audit.record(
            db,
            "round_created",
            "round",
            stored.id,
            {"name": stored.name, "template": f"{template.key}/{template.version}"},
        )
    return stored


def _check_period(round_: Round) -> None:
    if round_.period_start and round_.period_end and round_.period_start > round_.period_end:
        raise ValidationError("Periodens slut ligger före dess början.")


def update_round(
    db: Database,
    round_id: str,
    *,
    name: str,
    unit: str,
    target_pct: float | str | None,
    period_start: str | None,
    period_end: str | None,
    template_version: int | None = None,
) -> Round:
    """Edit a round (every field as the form shows it).

    The template version can change only while the round has no reviews.
    """
    current = rounds_repo.get_round(db, round_id)
    updated = replace(
        current,
        name=clean_text(name, "Namn", max_length=200, required=True),
        unit=clean_text(unit, "Enhet", max_length=200),
        target_pct=parse_target(target_pct),
        period_start=parse_iso_date(period_start, "Periodens början"),
        period_end=parse_iso_date(period_end, "Periodens slut"),
    )
    _check_period(updated)
    with db.atomic():
        if template_version is not None and template_version != current.template_version:
            if rounds_repo.round_counts(db, round_id)["reviews"]:
                raise ValidationError(
                    "Mallversionen kan inte bytas: omgången har redan granskningar."
                )
            template = templates_repo.find_template(db, current.template_key, template_version)
            if template is None:
                raise ValidationError(
                    f"Mallen {current.template_key} har ingen version {template_version}."
                )
            updated = replace(updated, template_id=template.id)
        stored = rounds_repo.update_round(db, updated)
        audit.record(db, "round_updated", "round", round_id, {"name": stored.name})
    return stored


def set_round_status(db: Database, round_id: str, status: RoundStatus) -> Round:
    """Open or close a round (a closed round takes no new reviews or answers)."""
    with db.atomic():
        current = rounds_repo.get_round(db, round_id)
        stored = rounds_repo.update_round(db, replace(current, status=status))
        audit.record(db, f"round_{status.value}", "round", round_id)
    return stored


def save_analysis(db: Database, round_id: str, text: str) -> Round:
    """Store the coordinator's free-text analysis (Analys) of the round."""
    analysis = clean_text(text, "Analys", max_length=20_000)
    with db.atomic():
        current = rounds_repo.get_round(db, round_id)
        stored = rounds_repo.update_round(db, replace(current, analysis=analysis))
        audit.record(db, "analysis_saved", "round", round_id)
    return stored


def get_round(db: Database, round_id: str) -> Round:
    """The round with this id."""
    return rounds_repo.get_round(db, round_id)


def list_rounds(db: Database) -> list[RoundSummary]:
    """Every round with its template title and counts, newest first."""
    titles = {t.id: t.label for t in templates_repo.list_templates(db)}
    summaries = []
    every_count = rounds_repo.all_round_counts(db)
    none = {"cases": 0, "reviews": 0, "complete": 0}
    for round_ in rounds_repo.list_rounds(db):
        counts = every_count.get(round_.id, none)
        summaries.append(
            RoundSummary(
                round_,
                titles.get(round_.template_id, ""),
                counts["cases"],
                counts["reviews"],
                counts["complete"],
            )
        )
    return summaries


def list_round_choices(db: Database) -> list[Round]:
    """Every round, newest first, without the counts of :func:`list_rounds` (which read every
    review): for lists that only name the rounds."""
    return rounds_repo.list_rounds(db)


def list_cases(db: Database, round_id: str) -> list[Case]:
    """The cases of a round."""
    return rounds_repo.list_cases(db, round_id)


def check_reference(reference: str) -> str:
    """A case reference, stripped and checked: required, short, no personnummer."""
    return clean_text(reference, "Ärendereferensen", max_length=MAX_REFERENCE_LENGTH, required=True)


def add_case(
    db: Database, round_id: str, reference: str, subgroup: str = "", unit: str = ""
) -> Case:
    """Add one case to a round; the reference must be unique in the round."""
    case = Case(
        id=new_id(),
        round_id=round_id,
        reference=check_reference(reference),
        subgroup=clean_text(subgroup, "Grupp", max_length=60),
        unit=clean_text(unit, "Enhet", max_length=200),
    )
    with db.atomic():
        round_ = rounds_repo.get_round(db, round_id)
        if round_.status is RoundStatus.CLOSED:
            raise ValidationError("Omgången är stängd. Öppna den igen för att lägga till ärenden.")
        if rounds_repo.find_case(db, round_id, case.reference) is not None:
            raise ValidationError(f"Ärendet {case.reference} finns redan i omgången.")
        stored = rounds_repo.insert_case(db, case)
        audit.record(db, "case_added", "case", stored.id, {"round": round_id})
    return stored


def parse_case_lines(text: str) -> tuple[list[Case], list[Problem]]:
    """Parse pasted lines "referens[<TAB>grupp[<TAB>enhet]]" into cases and problems."""
    cases: list[Case] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"Rad {number}"
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) > 3:
            problems.append(Problem(where, "för många kolumner (högst referens, grupp, enhet)"))
            continue
        numbers = find_personal_numbers(line)
        if numbers:
            problems.append(
                Problem(
                    where,
                    f"innehåller ett personnummer ({mask(numbers[0])}); "
                    "använd ärendets pseudonyma referens",
                )
            )
            continue
        try:
            reference = check_reference(parts[0])
        except (ValidationError, PersonalIdentityNumberError) as exc:
            problems.append(Problem(where, str(exc)))
            continue
        key = reference.casefold()
        if key in seen:
            problems.append(Problem(where, f"{reference} finns redan på rad {seen[key]}"))
            continue
        seen[key] = number
        subgroup = parts[1] if len(parts) > 1 else ""
        unit = parts[2] if len(parts) > 2 else ""
        if len(subgroup) > 60 or len(unit) > 200:
            problems.append(Problem(where, "grupp eller enhet är för lång"))
            continue
        cases.append(Case(id="", round_id="", reference=reference, subgroup=subgroup, unit=unit))
    return cases, problems


def add_cases_from_text(db: Database, round_id: str, text: str) -> list[Case]:
    """Add pasted cases, all or nothing: any bad line refuses the whole list with every problem."""
    parsed, problems = parse_case_lines(text)
    if not parsed and not problems:
        raise ValidationError("Listan är tom. Klistra in en ärendereferens per rad.")
    with db.atomic():
        round_ = rounds_repo.get_round(db, round_id)
        if round_.status is RoundStatus.CLOSED:
            raise ValidationError("Omgången är stängd. Öppna den igen för att lägga till ärenden.")
        existing = {c.reference.casefold() for c in rounds_repo.list_cases(db, round_id)}
        for case in parsed:
            if case.reference.casefold() in existing:
                problems.append(Problem(case.reference, "finns redan i omgången"))
        if problems:
            raise ValidationError(
                "Inga ärenden lades till. Rätta raderna nedan och försök igen.", problems
            )
        stored = [
            rounds_repo.insert_case(db, replace(c, id=new_id(), round_id=round_id)) for c in parsed
        ]
        audit.record(db, "cases_added", "round", round_id, {"count": len(stored)})
    return stored
