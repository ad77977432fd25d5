"""Use case: realistic Swedish demo data, deterministic by seed (also used by benchmarks)."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from kvaldesk.domain.enums import CountsAs
from kvaldesk.domain.model import Answer, Round, Template
from kvaldesk.domain.rules import condition_holds
from kvaldesk.services.templates import ensure_builtin_templates
from kvaldesk.storage import audit, reviews_repo, rounds_repo, templates_repo
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
                new_reviews = []
                case_rows = []
                for number in range(n):
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
                        )
                    )
                    when = created + timedelta(minutes=number)
                    new_reviews.append(
                        _make_review(rng, template, round_, case_id, subgroup, when, quality)
                    )
                db.conn.executemany(
                    "INSERT INTO cases(id, round_id, reference, subgroup, unit, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    case_rows,
                )
                reviews_repo.bulk_insert_complete_reviews(db, new_reviews)
                total_cases += n
        audit.record(
            db,
            "demo_created",
            "database",
            "demo",
            {"reviews": reviews, "seed": seed},
            actor="kvaldesk",
        )
    return DemoSummary(rounds=2 * len(plan), cases=total_cases, reviews=reviews)
