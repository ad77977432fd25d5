"""The data of a round report (Resultat, Analys, Nya åtgärder): pure, from fetched results.

:func:`build_round_report` takes the round, its template, the computed
:class:`~kvaldesk.results.model.RoundResults` (broken down by subgroup, small groups already
suppressed by the results engine), the round's actions and the previous round's name, and
returns a frozen :class:`RoundReport` with every text the PDF, XLSX and CSV writers print.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kvaldesk.domain.model import Action, Condition, Question, Round, Template
from kvaldesk.reporting.calibration_data import CalibrationSection, EarlierAction, TrendSection
from kvaldesk.reporting.charts import ChartBar, bars_from_results
from kvaldesk.reporting.review_summary_data import SummaryAction, summary_actions
from kvaldesk.reporting.share_data import (
    NOTHING,
    change_text,
    group_text,
    interval_text,
    number_text,
    percent,
    share_text,
    target_text,
    x_of_n,
)
from kvaldesk.results.model import Counts, CriticalFinding, RoundResults

NO_GROUP = "(ingen grupp)"


@dataclass(frozen=True)
class GroupCell:
    """One group's value in a breakdown table."""

    group: str
    text: str
    share: float | None
    compliant: int
    n: int
    suppressed: bool


@dataclass(frozen=True)
class QuestionRow:
    """One question of the Resultat table."""

    question_id: str
    text: str
    criterion: str
    critical: bool
    counts_in_share: bool
    share: float | None
    compliant: int
    n: int
    not_applicable: int
    skipped: int
    share_text: str
    count_text: str
    interval_text: str
    interval_low: float | None
    interval_high: float | None
    target_text: str
    meets_target: bool | None
    previous_share: float | None
    previous_text: str
    change: float | None
    change_text: str
    groups: tuple[GroupCell, ...]


@dataclass(frozen=True)
class CriterionRow:
    """Pooled shares of one quality criterion."""

    code: str
    title: str
    questions: int
    share: float | None
    share_text: str
    count_text: str
    interval_text: str
    groups: tuple[GroupCell, ...]


@dataclass(frozen=True)
class NumberRow:
    """A numeric measure (for example days of investigation)."""

    question_id: str
    label: str
    unit: str
    count: int
    mean_text: str
    median_text: str
    min_text: str
    max_text: str


@dataclass(frozen=True)
class CriticalRow:
    """A non-compliant answer to a critical question, by case reference."""

    case_reference: str
    subgroup: str
    question_id: str
    question_text: str
    answer: str
    comment: str


@dataclass(frozen=True)
class AppendixQuestion:
    """A question of the template with its help text and legal references."""

    question_id: str
    text: str
    help: str
    criterion: str
    critical: bool
    answers: str
    condition: str
    legal_refs: tuple[str, ...]


@dataclass(frozen=True)
class RoundReport:
    """Everything the round report prints."""

    round_id: str
    round_name: str
    unit: str
    template_title: str
    template_key: str
    template_version: int
    period: str
    status: str
    target_pct: float | None
    target_text: str
    reviews: int
    overall_share: float | None
    overall_share_text: str
    overall_count_text: str
    overall_interval_text: str
    previous_round_name: str
    previous_reviews: int
    previous_overall_text: str
    overall_change_text: str
    comparable_questions: int
    questions_below_target: int
    share_questions: int
    questions: tuple[QuestionRow, ...]
    criteria: tuple[CriterionRow, ...]
    group_by: str | None
    groups: tuple[str, ...]
    group_reviews: tuple[int, ...]
    numbers: tuple[NumberRow, ...]
    critical: tuple[CriticalRow, ...]
    analysis: str
    actions: tuple[SummaryAction, ...]
    appendix: tuple[AppendixQuestion, ...]
    chart_bars: tuple[ChartBar, ...]
    min_group_size: int | None
    suppressed_any: bool
    printed_on: str
    #: Agreement between double reviewers (section 5 Kalibrering).
    calibration: CalibrationSection | None = None
    #: Shares per question across the rounds of the template key (None: no earlier round).
    trends: TrendSection | None = None
    #: Actions of earlier rounds of the same template, followed up in this round.
    earlier_actions: tuple[EarlierAction, ...] = ()


def group_label(name: str) -> str:
    """A group's name as printed ("(ingen grupp)" for cases without one)."""
    return name or NO_GROUP


def _cells(groups: dict[str, Counts], names: Iterable[str]) -> tuple[GroupCell, ...]:
    cells = []
    for name in names:
        counts = groups.get(name, Counts())
        cells.append(
            GroupCell(
                group=name,
                text=group_text(counts),
                share=None if counts.suppressed else counts.share,
                compliant=counts.compliant,
                n=counts.n,
                suppressed=counts.suppressed,
            )
        )
    return tuple(cells)


def _ordered_groups(results: RoundResults, template: Template) -> list[str]:
    """Groups in the template's subgroup order, then any others alphabetically."""
    names = list(results.group_reviews)
    known = [s for s in template.subgroups if s in names]
    return known + sorted(n for n in names if n not in known)


def _condition_text(condition: Condition | None, template: Template) -> str:
    if condition is None:
        return ""
    if condition.question is not None:
        question = template.question(condition.question)
        labels = []
        for value in condition.answer_in:
            option = question.option(value) if question is not None else None
            labels.append(option.label if option is not None else value)
        return f"{condition.question} är {' eller '.join(labels)}"
    if condition.all_of:
        return " och ".join(f"({_condition_text(c, template)})" for c in condition.all_of)
    if condition.any_of:
        return " eller ".join(f"({_condition_text(c, template)})" for c in condition.any_of)
    if condition.negated is not None:
        return f"inte ({_condition_text(condition.negated, template)})"
    return ""


def _answers_text(question: Question) -> str:
    if question.options:
        return ", ".join(o.label for o in question.options)
    if question.number_field is not None:
        return question.number_field.label
    return {"number": "Tal", "date": "Datum", "text": "Fritext"}.get(question.kind.value, "")


def _appendix(template: Template) -> tuple[AppendixQuestion, ...]:
    items = []
    for q in template.questions:
        answers = _answers_text(q)
        if q.number_field is not None and q.options:
            unit = f" ({q.number_field.unit})" if q.number_field.unit else ""
            answers += f"; dessutom {q.number_field.label.lower()}{unit}"
        items.append(
            AppendixQuestion(
                question_id=q.id,
                text=q.text,
                help=q.help,
                criterion=f"{q.criterion.value} – {q.criterion.title}",
                critical=q.critical,
                answers=answers,
                condition=_condition_text(q.condition, template),
                legal_refs=tuple(r.display() for r in q.legal_refs),
            )
        )
    return tuple(items)


def _critical_rows(findings: Iterable[CriticalFinding]) -> tuple[CriticalRow, ...]:
    rows = [
        CriticalRow(
            case_reference=f.case_reference,
            subgroup=f.subgroup,
            question_id=f.question_id,
            question_text=f.question_text,
            answer=f.answer_label,
            comment=f.comment,
        )
        for f in findings
    ]
    rows.sort(key=lambda r: (r.case_reference.casefold(), r.question_id))
    return tuple(rows)


def _period(round_: Round) -> str:
    if round_.period_start and round_.period_end:
        return f"{round_.period_start} – {round_.period_end}"
    if round_.period_start:
        return f"från {round_.period_start}"
    if round_.period_end:
        return f"till {round_.period_end}"
    return ""


def build_round_report(
    round_: Round,
    template: Template,
    results: RoundResults,
    actions: Iterable[Action] = (),
    *,
    previous_round_name: str = "",
    min_group_size: int | None = None,
    today: date | None = None,
    calibration: CalibrationSection | None = None,
    trends: TrendSection | None = None,
    earlier_actions: tuple[EarlierAction, ...] = (),
) -> RoundReport:
    """The round report's data. ``results`` should be grouped by subgroup (new vs ongoing);
    ``min_group_size`` is the suppression limit the results were computed with (None: none)."""
    today = today or date.today()
    groups = _ordered_groups(results, template) if results.group_by else []
    rows: list[QuestionRow] = []
    suppressed_any = False
    current_comparable = Counts()
    previous_pooled = Counts()
    comparable = 0
    for result in results.questions:
        counts = result.overall
        question = result.question
        cells = _cells(result.groups, groups)
        suppressed_any = suppressed_any or any(c.suppressed for c in cells)
        previous = result.previous
        if question.counts_in_share and previous is not None:
            comparable += 1
            current_comparable = current_comparable.plus(counts)
            previous_pooled = previous_pooled.plus(previous)
        rows.append(
            QuestionRow(
                question_id=question.id,
                text=question.text,
                criterion=question.criterion.value,
                critical=question.critical,
                counts_in_share=question.counts_in_share,
                share=counts.share,
                compliant=counts.compliant,
                n=counts.n,
                not_applicable=counts.not_applicable,
                skipped=counts.skipped,
                share_text=share_text(counts),
                count_text=x_of_n(counts),
                interval_text=interval_text(counts),
                interval_low=counts.interval[0],
                interval_high=counts.interval[1],
                target_text=target_text(result.target_pct),
                meets_target=result.meets_target,
                previous_share=previous.share if previous is not None else None,
                previous_text=share_text(previous) if previous is not None else NOTHING,
                change=result.change,
                change_text=change_text(result.change),
                groups=cells,
            )
        )
    criteria = []
    for c in results.criteria:
        cells = _cells(c.groups, groups)
        suppressed_any = suppressed_any or any(cell.suppressed for cell in cells)
        criteria.append(
            CriterionRow(
                code=c.criterion.value,
                title=c.criterion.title,
                questions=c.questions,
                share=c.counts.share,
                share_text=share_text(c.counts),
                count_text=x_of_n(c.counts),
                interval_text=interval_text(c.counts),
                groups=cells,
            )
        )
    numbers = []
    for result in results.questions:
        summary = result.numbers
        if summary is None:
            continue
        field = result.question.number_field
        numbers.append(
            NumberRow(
                question_id=result.question.id,
                label=field.label if field is not None else result.question.text,
                unit=field.unit if field is not None else "",
                count=summary.count,
                mean_text=number_text(summary.mean),
                median_text=number_text(summary.median),
                min_text=number_text(summary.minimum),
                max_text=number_text(summary.maximum),
            )
        )
    overall = results.overall
    change = None
    if comparable and current_comparable.share is not None and previous_pooled.share is not None:
        change = current_comparable.share - previous_pooled.share
    share_rows = [r for r in rows if r.counts_in_share]
    return RoundReport(
        round_id=round_.id,
        round_name=round_.name,
        unit=round_.unit,
        template_title=template.title,
        template_key=template.key,
        template_version=template.version,
        period=_period(round_),
        status="Öppen" if round_.status.value == "open" else "Stängd",
        target_pct=round_.target_pct,
        target_text=target_text(round_.target_pct),
        reviews=results.reviews,
        overall_share=overall.share,
        overall_share_text=share_text(overall),
        overall_count_text=x_of_n(overall),
        overall_interval_text=interval_text(overall),
        previous_round_name=previous_round_name if results.previous_round_id else "",
        previous_reviews=results.previous_reviews,
        previous_overall_text=share_text(previous_pooled) if comparable else NOTHING,
        overall_change_text=change_text(change),
        comparable_questions=comparable,
        questions_below_target=sum(1 for r in share_rows if r.meets_target is False),
        share_questions=len(share_rows),
        questions=tuple(rows),
        criteria=tuple(criteria),
        group_by=results.group_by,
        groups=tuple(groups),
        group_reviews=tuple(results.group_reviews.get(g, 0) for g in groups),
        numbers=tuple(numbers),
        critical=_critical_rows(results.critical_findings),
        analysis=round_.analysis.strip(),
        actions=summary_actions(actions, today),
        appendix=_appendix(template),
        chart_bars=tuple(bars_from_results(results)),
        min_group_size=min_group_size,
        suppressed_any=suppressed_any,
        printed_on=today.isoformat(),
        calibration=calibration,
        trends=trends,
        earlier_actions=earlier_actions,
    )


def overall_percent(report: RoundReport) -> str:
    """The round's overall share as a whole percentage (for sentences)."""
    return percent(report.overall_share)
