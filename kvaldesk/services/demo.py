"""Use case: realistic Swedish demo data, deterministic by seed (also used by benchmarks).

Two rounds per template (spring and autumn, so trends and "previous round" have something to
show), actions in both rounds (the spring ones followed up in the autumn, one of them overdue),
and in the autumn round of the first template a few independently double-reviewed cases, two
of them with a consensus. The number of reviewers' reviews is exactly ``reviews``: a double
review uses two of them on one case (consensus reviews come on top).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from kvaldesk.domain.enums import ActionStatus, CountsAs
from kvaldesk.domain.model import Action, Answer, Round, Template
from kvaldesk.domain.rules import condition_holds
from kvaldesk.services.templates import ensure_builtin_templates
from kvaldesk.storage import actions_repo, audit, reviews_repo, rounds_repo, templates_repo
from kvaldesk.storage.reviews_repo import NewReview

DEMO_TEMPLATES = ("barnavardsutredning", "forhandsbedomning", "lss-vuxen", "ekonomiskt-bistand")
REVIEWERS = (
    "Åsa Lindqvist",
    "Örjan Bergström",
    "Märta Sjöberg",
    "Jonas Ek",
    "Leila Haddad",
    "Björn Åkesson",
)
UNITS = ("Utredningsgruppen Öst", "Utredningsgruppen Väst", "Mottagningen")
SUBGROUPS = ("ny", "pågående")
COMMENTS = (
    "Frågan om våld ställdes först vid andra samtalet.",
    "Framgår av journalanteckning, men inte av utredningen.",
    "Dokumentationen är knapphändig här.",
    "Bedömningen saknar motivering.",
    "Underrättelsen skickades till en av två vårdnadshavare.",
)
BASE_DATE = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
MAX_DOUBLE_REVIEWS = 6
CONSENSUS_CASES = 2
AGREE_WITH_FIRST = 0.85
#: (text, owner, due date, status) of the actions of the spring and the autumn rounds.
SPRING_ACTIONS = (
    (
        "Inför en rutin för att ställa frågor om våld vid första samtalet.",
        "Enhetschef",
        "2026-04-30",
        ActionStatus.PLANNED,
    ),
    (
        "Gå igenom dokumentationen av barnets egen berättelse på en APT.",
        "Förste socialsekreterare",
        "2026-03-31",
        ActionStatus.DONE,
    ),
)
AUTUMN_ACTIONS = (
    (
        "Förtydliga hjälptexten till frågorna där granskarna tolkade olika.",
        "Kvalitetsutvecklare",
        "2027-02-28",
        ActionStatus.IN_PROGRESS,
    ),
)


@dataclass(frozen=True)
class DemoSummary:
    """What the demo generator made."""

    rounds: int
    cases: int
    reviews: int


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _answer_value(rng: random.Random, template: Template, qid: str, quality: float) -> str:
    question = template.question(qid)
    assert question is not None
    weights = []
    for option in question.options:
        if option.counts_as is CountsAs.COMPLIANT:
            weights.append(quality)
        elif option.counts_as is CountsAs.NOT_APPLICABLE:
            weights.append(0.08)
        else:
            weights.append((1 - quality) / 2 + 0.02)
    return rng.choices([o.value for o in question.options], weights=weights)[0]


def _make_review(
    rng: random.Random,
    template: Template,
    round_: Round,
    case_id: str,
    subgroup: str,
    when: datetime,
    quality_by_question: dict[str, float],
) -> NewReview:
    values: dict[str, str | None] = {}
    answers: dict[str, Answer] = {}
    stamp = _stamp(when)
    for question in template.questions:
        # Conditions read only earlier questions, so the answers so far decide.
        if question.condition is not None and not condition_holds(question.condition, values):
            continue
        if not question.options:
            continue
        quality = quality_by_question[question.id] + (0.1 if subgroup == "ny" else -0.1)
        value = _answer_value(rng, template, question.id, min(0.97, max(0.05, quality)))
        values[question.id] = value
        number = None
        if question.number_field is not None:
            low = question.number_field.minimum or 0
            high = min(question.number_field.maximum or 200, 200)
            number = float(rng.randint(int(low), int(max(low, high))))
        comment = rng.choice(COMMENTS) if rng.random() < 0.06 else ""
        answers[question.id] = Answer(
            question.id, value=value, number=number, comment=comment, answered_at=stamp
        )
    return NewReview(
        id=_uuid(rng),
        round_id=round_.id,
        case_id=case_id,
        reviewer=rng.choice(REVIEWERS),
        started_at=stamp,
        completed_at=stamp,
        answers=[(a, True) for a in answers.values()],
    )


def _second_review(
    rng: random.Random, template: Template, first: NewReview, when: datetime
) -> NewReview:
    """An independent second review of the same case: mostly the same answers, some not."""
    given = {a.question_id: a for a, _ in first.answers}
    values: dict[str, str | None] = {}
    answers: list[tuple[Answer, bool]] = []
    stamp = _stamp(when)
    for question in template.questions:
        if question.condition is not None and not condition_holds(question.condition, values):
            continue
        if not question.options:
            continue
        earlier = given.get(question.id)
        if earlier is not None and earlier.value is not None and rng.random() < AGREE_WITH_FIRST:
            value = earlier.value
        else:
            value = rng.choice([o.value for o in question.options])
        values[question.id] = value
        number = earlier.number if earlier is not None else None
        answers.append((Answer(question.id, value=value, number=number, answered_at=stamp), True))
    others = [r for r in REVIEWERS if r != first.reviewer]
    return NewReview(
        id=_uuid(rng),
        round_id=first.round_id,
        case_id=first.case_id,
        reviewer=rng.choice(others),
        started_at=stamp,
        completed_at=stamp,
        answers=answers,
    )


def _consensus(rng: random.Random, first: NewReview, second: NewReview) -> NewReview:
    """The reviewers' consensus: here they settle every difference on the first answer."""
    return NewReview(
        id=_uuid(rng),
        round_id=first.round_id,
        case_id=first.case_id,
        reviewer=f"Konsensus ({first.reviewer}, {second.reviewer})",
        started_at=second.completed_at,
        completed_at=second.completed_at,
        answers=list(first.answers),
    )


def _add_actions(
    rng: random.Random,
    db: Database,
    round_: Round,
    template: Template,
    items: tuple[tuple[str, str, str, ActionStatus], ...],
) -> None:
    for number, (text, owner, due, status) in enumerate(items):
        question = template.questions[number % len(template.questions)]
        actions_repo.insert_action(
            db,
            Action(
                id=_uuid(rng),
                round_id=round_.id,
                text=text,
                owner=owner,
                due_date=due,
                status=status,
                question_id=question.id,
            ),
        )


def make_demo(db: Database, reviews: int = 60, seed: int = 1) -> DemoSummary:
    """Create demo rounds (two per template: a previous and a current round) with cases and
    complete reviews, spread over templates, units and subgroups. Same seed, same data."""
    if reviews < 0:
        raise ValueError("reviews must be 0 or more")
    ensure_builtin_templates(db)
    rng = random.Random(seed)
    templates = [t for key in DEMO_TEMPLATES if (t := templates_repo.find_template(db, key))]
    plan: list[tuple[Template, int]] = []
    per_template = [reviews // len(templates)] * len(templates)
    for i in range(reviews % len(templates)):
        per_template[i] += 1
    for template, count in zip(templates, per_template, strict=True):
        plan.append((template, count))
    total_cases = 0
    with db.atomic():
        for index, (template, count) in enumerate(plan):
            quality = {q.id: rng.uniform(0.45, 0.92) for q in template.questions}
            halves = (count * 2 // 5, count - count * 2 // 5)
            for half, (label, n) in enumerate(zip(("våren", "hösten"), halves, strict=True)):
                created = BASE_DATE + timedelta(days=180 * half + index)
                round_ = rounds_repo.insert_round(
                    db,
                    Round(
                        id=_uuid(rng),
                        name=f"{template.title} – {label} 2026 (demo)",
                        template_id=template.id,
                        template_key=template.key,
                        template_version=template.version,
                        unit=UNITS[index % len(UNITS)],
                        target_pct=90.0,
                        created_at=_stamp(created),
                        period_start=(created - timedelta(days=120)).date().isoformat(),
                        period_end=created.date().isoformat(),
                    ),
                )
                if half == 1:
                    quality = {k: min(0.95, v + 0.08) for k, v in quality.items()}
                doubles = min(MAX_DOUBLE_REVIEWS, n // 5) if (index, half) == (0, 1) else 0
                new_reviews = []
                case_rows = []
                for number in range(n - doubles):
                    case_id = _uuid(rng)
                    subgroup = SUBGROUPS[0] if rng.random() < 0.5 else SUBGROUPS[1]
                    reference = f"DEMO-{half + 1}{index + 1}-{number + 1:05d}"
                    case_rows.append(
                        (
                            case_id,
                            round_.id,
                            reference,
                            subgroup,
                            rng.choice(UNITS),
                            round_.created_at,
                            int(number < doubles),
                        )
                    )
                    when = created + timedelta(minutes=number)
                    new_reviews.append(
                        _make_review(rng, template, round_, case_id, subgroup, when, quality)
                    )
                consensus_ids = []
                for number in range(doubles):
                    first = new_reviews[number]
                    when = created + timedelta(days=2, minutes=number)
                    second = _second_review(rng, template, first, when)
                    new_reviews.append(second)
                    if number < CONSENSUS_CASES:
                        agreed = _consensus(rng, first, second)
                        new_reviews.append(agreed)
                        consensus_ids.append(agreed.id)
                db.conn.executemany(
                    "INSERT INTO cases(id, round_id, reference, subgroup, unit, created_at, "
                    "double_review) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    case_rows,
                )
                reviews_repo.bulk_insert_complete_reviews(db, new_reviews)
                db.conn.executemany(
                    "UPDATE reviews SET consensus = 1 WHERE id = ?", [(i,) for i in consensus_ids]
                )
                _add_actions(
                    rng, db, round_, template, SPRING_ACTIONS if half == 0 else AUTUMN_ACTIONS
                )
                total_cases += n - doubles
        audit.record(
            db,
            "demo_created",
            "database",
            "demo",
            {"reviews": reviews, "seed": seed},
            actor="kvaldesk",
        )
    return DemoSummary(rounds=2 * len(plan), cases=total_cases, reviews=reviews)
