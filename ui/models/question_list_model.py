"""The side list of the guided review: every applicable question with its state.

A thin adapter: :func:`build_question_rows` turns a template and a review into rows using the
engine's rules; :class:`QuestionListModel` only shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from kvaldesk.domain.enums import CountsAs, QuestionKind
from kvaldesk.domain.model import Question, Review, Template
from kvaldesk.domain.rules import applicable_questions, counts_as, is_answered
from ui.i18n import _

SHORT_TEXT_LENGTH = 70
ALERT_BACKGROUND = QColor("#fdecea")
ALERT_FOREGROUND = QColor("#a4161a")
ANSWERED_FOREGROUND = QColor("#1d6b34")
UNANSWERED_FOREGROUND = QColor("#7a7f85")

QuestionIndex = QModelIndex | QPersistentModelIndex


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


class QuestionListModel(QAbstractTableModel):
    """Columns: state mark, question id (⚠ when critical), short text, answer."""

    MARK, ID, TEXT, ANSWER = range(4)
    QUESTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[QuestionRow] = []

    def set_rows(self, rows: list[QuestionRow]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[QuestionRow]:
        """The rows shown, in order."""
        return list(self._rows)

    def row_of(self, question_id: str) -> int:
        """The row of this question, or -1 when it is not shown."""
        for number, row in enumerate(self._rows):
            if row.question_id == question_id:
                return number
        return -1

    def rowCount(self, parent: QuestionIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of applicable questions (0 under any parent: a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QuestionIndex = QModelIndex()) -> int:  # noqa: B008
        """Four columns (0 under any parent)."""
        return 0 if parent.isValid() else 4

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        """Column titles (the view hides them, screen readers use them)."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (_("Status"), _("Fråga"), _("Text"), _("Svar"))
        return titles[section] if 0 <= section < len(titles) else None

    def flags(self, index: QuestionIndex) -> Qt.ItemFlag:
        """Rows can be selected, not edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QuestionIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Text, tooltips, colours and the question id of one cell."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._describe(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._describe(row) if column == self.TEXT else self._display(row, column)
        if role == self.QUESTION_ID_ROLE:
            return row.question_id
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and row.alert:
            return QBrush(ALERT_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and (
            (column == self.ANSWER and row.alert) or column == self.ID
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.MARK:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, row: QuestionRow, column: int) -> str:
        if column == self.MARK:
            return "✓" if row.answered else "○"
        if column == self.ID:
            return (
                _("{id} ⚠").format(id=row.question_id) if row.question.critical else row.question_id
            )
        if column == self.TEXT:
            return short_text(row.question.text)
        return row.answer_label

    @staticmethod
    def _foreground(row: QuestionRow, column: int) -> QBrush | None:
        if row.alert and column in (QuestionListModel.ANSWER, QuestionListModel.ID):
            return QBrush(ALERT_FOREGROUND)
        if column == QuestionListModel.MARK:
            return QBrush(ANSWERED_FOREGROUND if row.answered else UNANSWERED_FOREGROUND)
        return None

    @staticmethod
    def _describe(row: QuestionRow) -> str:
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
