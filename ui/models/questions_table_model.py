"""A thin table model over a template's questions, and the words used to show questions.

The helpers (``counts_as_label``, ``kind_label``, ``criterion_label``, ``describe_condition``)
are shared by the templates view and the template editor so both say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import Qt

from kvaldesk.domain.enums import CountsAs, Criterion, QuestionKind
from kvaldesk.domain.model import Condition, Question, Template
from ui.i18n import _
from ui.models.base import Column, RowTableModel, one_line

ID, TEXT, CRITERION, CRITICAL = range(4)

#: The question id of a row (any column).
QUESTION_ID_ROLE = Qt.ItemDataRole.UserRole


def counts_as_label(counts_as: CountsAs) -> str:
    """What an option counts as, in words: Uppfyllt, Ej uppfyllt or Ej aktuellt."""
    return {
        CountsAs.COMPLIANT: _("Uppfyllt"),
        CountsAs.NON_COMPLIANT: _("Ej uppfyllt"),
        CountsAs.NOT_APPLICABLE: _("Ej aktuellt"),
    }[counts_as]


def kind_label(kind: QuestionKind) -> str:
    """How a question is answered, in words."""
    return {
        QuestionKind.CHOICE: _("Val mellan svarsalternativ"),
        QuestionKind.NUMBER: _("Tal"),
        QuestionKind.TEXT: _("Text"),
        QuestionKind.DATE: _("Datum"),
    }[kind]


def criterion_label(criterion: Criterion) -> str:
    """The quality criterion's name (Socialstyrelsen's six kvalitetskriterier)."""
    return {
        Criterion.SI: _("Självbestämmande och integritet"),
        Criterion.HS: _("Helhetssyn och samordning"),
        Criterion.TS: _("Trygghet och säkerhet"),
        Criterion.KB: _("Kunskapsbaserad verksamhet"),
        Criterion.TG: _("Tillgänglighet"),
        Criterion.EF: _("Effektivitet"),
    }.get(criterion, criterion.title)


def join_alternatives(items: Sequence[str], word: str = "eller") -> str:
    """ "A", "A eller B", "A, B eller C" (``word`` is "eller" or "och")."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    template = _("{items} eller {last}") if word == "eller" else _("{items} och {last}")
    return template.format(items=", ".join(items[:-1]), last=items[-1])


def _describe_part(condition: Condition, template: Template | None) -> str:
    if condition.question is not None:
        question = template.question(condition.question) if template else None
        labels = []
        for value in condition.answer_in:
            option = question.option(value) if question else None
            labels.append(option.label if option else value)
        return _("{question} är {answers}").format(
            question=condition.question, answers=join_alternatives(labels)
        )
    if condition.all_of:
        return join_alternatives([_describe_part(c, template) for c in condition.all_of], "och")
    if condition.any_of:
        return join_alternatives([_describe_part(c, template) for c in condition.any_of])
    if condition.negated is not None:
        return _("inte ({condition})").format(condition=_describe_part(condition.negated, template))
    return ""


def describe_condition(condition: Condition | None, template: Template | None = None) -> str:
    """The condition in words, for example "Gäller om FB4 är Nej"; "Gäller alltid" for none."""
    if condition is None:
        return _("Gäller alltid")
    return _("Gäller om {condition}").format(condition=_describe_part(condition, template))


class QuestionsTableModel(RowTableModel[Question]):
    """Id, Fråga, Kriterium (the code, with the name as tooltip), Kritisk."""

    def columns(self) -> list[Column[Question]]:
        """The four columns."""
        return [
            Column(_("Id"), lambda q: q.id),
            Column(_("Fråga"), lambda q: one_line(q.text), tooltip=lambda q: q.text),
            Column(
                _("Kriterium"),
                lambda q: q.criterion.value,
                tooltip=lambda q: criterion_label(q.criterion),
                accessible=lambda q: criterion_label(q.criterion),
                header_tooltip="\n".join(
                    _("{code} – {title}").format(code=c.value, title=criterion_label(c))
                    for c in Criterion
                ),
            ),
            Column(
                _("Kritisk"),
                lambda q: _("Kritisk") if q.critical else "",
                header_tooltip=_("Varje Ej uppfyllt på en kritisk fråga listas i rapporterna."),
            ),
        ]

    def row_key(self, row: Question) -> str:
        """Rows are found by question id."""
        return row.id

    def role_data(self, row: Question, column: int, role: int) -> Any:
        """The question id under QUESTION_ID_ROLE."""
        return row.id if role == QUESTION_ID_ROLE else None

    def set_questions(self, questions: Iterable[Question]) -> None:
        """Show these questions (a template's, in order)."""
        self.set_rows(questions)

    def question_at(self, row: int) -> Question | None:
        """The question shown at ``row``, or None."""
        return self.row_at(row)
