"""A thin table model over a template's questions, and the words used to show questions.

The helpers (``counts_as_label``, ``kind_label``, ``criterion_label``, ``describe_condition``)
are shared by the templates view and the template editor so both say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from kvaldesk.domain.enums import CountsAs, Criterion, QuestionKind
from kvaldesk.domain.model import Condition, Question, Template
from ui.i18n import _

Index = QModelIndex | QPersistentModelIndex

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


def one_line(text: str) -> str:
    """The text on one line (a table cell elides it; the tooltip shows all of it)."""
    return " ".join(text.split())


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


class QuestionsTableModel(QAbstractTableModel):
    """Id, Fråga, Kriterium (the code, with the name as tooltip), Kritisk."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._questions: list[Question] = []

    def headers(self) -> list[str]:
        """The column titles, translated."""
        return [_("Id"), _("Fråga"), _("Kriterium"), _("Kritisk")]

    def set_questions(self, questions: Sequence[Question]) -> None:
        """Show these questions (a template's, in order)."""
        self.beginResetModel()
        self._questions = list(questions)
        self.endResetModel()

    def question_at(self, row: int) -> Question | None:
        """The question shown at ``row``, or None."""
        return self._questions[row] if 0 <= row < len(self._questions) else None

    def row_of(self, question_id: str) -> int:
        """The row showing this question, or -1."""
        for number, question in enumerate(self._questions):
            if question.id == question_id:
                return number
        return -1

    # Qt's model interface -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of questions (0 under any item: a flat table)."""
        return 0 if parent.isValid() else len(self._questions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Four columns."""
        return 0 if parent.isValid() else CRITICAL + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and 0 <= section <= CRITICAL:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return self.headers()[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == CRITERION:
                return "\n".join(
                    _("{code} – {title}").format(code=c.value, title=criterion_label(c))
                    for c in Criterion
                )
            if role == Qt.ItemDataRole.ToolTipRole and section == CRITICAL:
                return _("Varje Ej uppfyllt på en kritisk fråga listas i rapporterna.")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Selectable, not editable in place (editing is done in the editor)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text and tooltip of one cell."""
        if not index.isValid():
            return None
        question = self.question_at(index.row())
        if question is None or not 0 <= index.column() <= CRITICAL:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.AccessibleTextRole and column == CRITERION:
            return criterion_label(question.criterion)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(question, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == TEXT:
                return question.text
            if column == CRITERION:
                return criterion_label(question.criterion)
            return None
        if role == QUESTION_ID_ROLE:
            return question.id
        return None

    def _display(self, question: Question, column: int) -> str:
        if column == ID:
            return question.id
        if column == TEXT:
            return one_line(question.text)
        if column == CRITERION:
            return question.criterion.value
        return _("Kritisk") if question.critical else ""
