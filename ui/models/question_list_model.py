"""The side list of the guided review: every applicable question with its state.

A thin adapter: :func:`build_question_rows` turns a template and a review into rows using the
engine's rules; :class:`QuestionListModel` only shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from kvaldesk.domain.enums import CountsAs, QuestionKind
from kvaldesk.domain.model import Question, Review, Template
from kvaldesk.domain.rules import applicable_questions, counts_as, is_answered
from ui.i18n import _
from ui.models.base import Column, RowTableModel, bold_font

SHORT_TEXT_LENGTH = 70
ALERT_BACKGROUND = QColor("#fdecea")
ALERT_FOREGROUND = QColor("#a4161a")
ANSWERED_FOREGROUND = QColor("#1d6b34")
UNANSWERED_FOREGROUND = QColor("#7a7f85")


@dataclass(frozen=True)
class QuestionRow:
    """One applicable question as the side list shows it."""

    question: Question
    answered: bool
    answer_label: str
    alert: bool

    @property
    def question_id(self) -> str:
        """The question's id."""
        return self.question.id


def short_text(text: str, limit: int = SHORT_TEXT_LENGTH) -> str:
    """The text cut at a word boundary near ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",.:;")
    return _("{text} …").format(text=cut)


def answer_label(
    question: Question, value: str | None, number: float | None, text: str | None
) -> str:
    """The stored answer as a short label ("Ja", "12", ...), or "" when unanswered."""
    if question.options:
        option = question.option(value) if value is not None else None
        return option.label if option is not None else ""
    if question.kind is QuestionKind.NUMBER:
        return "" if number is None else f"{number:g}"
    return short_text(text or value or "", 20)


def build_question_rows(template: Template, review: Review) -> list[QuestionRow]:
    """The applicable questions of ``template`` with their state in ``review``, in order."""
    values = {qid: a.value for qid, a in review.answers.items()}
    rows = []
    for question in applicable_questions(template, values):
        answer = review.answers.get(question.id)
        value = answer.value if answer else None
        number = answer.number if answer else None
        text = answer.text if answer else None
        rows.append(
            QuestionRow(
                question=question,
                answered=is_answered(question, value, number, text),
                answer_label=answer_label(question, value, number, text),
                alert=question.critical and counts_as(question, value) is CountsAs.NON_COMPLIANT,
            )
        )
    return rows


def _mark(row: QuestionRow) -> str:
    return "✓" if row.answered else "○"


def _id_text(row: QuestionRow) -> str:
    return _("{id} ⚠").format(id=row.question_id) if row.question.critical else row.question_id


def describe(row: QuestionRow) -> str:
    """The question, its state and whether it is critical, on separate lines."""
    if row.answered:
        state = _("Besvarad: {answer}").format(answer=row.answer_label)
    else:
        state = _("Obesvarad")
    lines = [_("Fråga {id}: {text}").format(id=row.question_id, text=row.question.text), state]
    if row.question.critical:
        lines.append(_("Kritisk fråga"))
    if row.alert:
        lines.append(_("Brist på en kritisk fråga"))
    return "\n".join(lines)


class QuestionListModel(RowTableModel[QuestionRow]):
    """Columns: state mark, question id (⚠ when critical), short text, answer."""

    MARK, ID, TEXT, ANSWER = range(4)
    QUESTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def columns(self) -> list[Column[QuestionRow]]:
        """Four columns; the tooltip of every cell describes the whole row."""
        return [
            Column(_("Status"), _mark, tooltip=describe, alignment=Qt.AlignmentFlag.AlignCenter),
            Column(_("Fråga"), _id_text, tooltip=describe),
            Column(
                _("Text"),
                lambda r: short_text(r.question.text),
                tooltip=describe,
                accessible=describe,
            ),
            Column(_("Svar"), lambda r: r.answer_label, tooltip=describe),
        ]

    def row_key(self, row: QuestionRow) -> str:
        """Rows are found by question id."""
        return row.question_id

    def role_data(self, row: QuestionRow, column: int, role: int) -> object:
        """Colours and fonts of the state, and the question id."""
        if role == self.QUESTION_ID_ROLE:
            return row.question_id
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and row.alert:
            return QBrush(ALERT_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and (
            (column == self.ANSWER and row.alert) or column == self.ID
        ):
            return bold_font()
        return None

    @staticmethod
    def _foreground(row: QuestionRow, column: int) -> QBrush | None:
        if row.alert and column in (QuestionListModel.ANSWER, QuestionListModel.ID):
            return QBrush(ALERT_FOREGROUND)
        if column == QuestionListModel.MARK:
            return QBrush(ANSWERED_FOREGROUND if row.answered else UNANSWERED_FOREGROUND)
        return None
