"""Samsyn: for a double-reviewed case, the questions the two reviewers answered differently,
both answers side by side, and a choice of the answer they agree on per question. Saving
creates (or updates) the case's consensus review, which the results then count instead of the
two reviews."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.domain.model import Review
from kvaldesk.services import consensus as consensus_service
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services.consensus import ConsensusState
from ui.context import AppContext
from ui.i18n import _
from ui.widgets import HINT_STYLE, MessageLabel, make_bold, note, titled_layout

#: The two reviewers' answers: set apart from the question text.
ANSWER_STYLE = "background: #f3f5f7; border: 1px solid #d5dbe1; border-radius: 3px; padding: 4px;"


class ConsensusDialog(QDialog):
    """Samsyn för ett dubbelgranskat ärende."""

    def __init__(self, context: AppContext, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.case_id = case_id
        self.saved: Review | None = None
        self.choices: dict[str, QComboBox] = {}
        self.state: ConsensusState = consensus_service.consensus_state(context.db, case_id)
        state = self.state
        round_ = rounds_service.get_round(context.db, state.case.round_id)

        self.setWindowTitle(_("Samsyn"))
        self.setMinimumSize(760, 380)
        layout = titled_layout(
            self, _("Samsyn för {case}").format(case=state.case.reference.replace("&", "&&"))
        )
        where = QLabel(_("Omgång: {name}").format(name=round_.name))
        where.setTextFormat(Qt.TextFormat.PlainText)
        where.setStyleSheet(HINT_STYLE)
        layout.addWidget(where)
        self.intro = note()
        self.intro.setAccessibleName(_("Om samsynen"))
        layout.addWidget(self.intro)

        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setAccessibleName(_("Frågor där svaren skiljer sig"))
        grid = self._build_grid(state)
        self.area.setWidget(grid)
        layout.addWidget(self.area, 1)

        comment_row = QHBoxLayout()
        comment_label = QLabel(_("&Kommentar:"))
        self.comment = QLineEdit()
        self.comment.setAccessibleName(_("Kommentar till samsynen"))
        self.comment.setPlaceholderText(_("Valfritt: vad ni kom fram till och varför"))
        self.comment.setMaxLength(4000)
        comment_label.setBuddy(self.comment)
        comment_row.addWidget(comment_label)
        comment_row.addWidget(self.comment, 1)
        layout.addLayout(comment_row)
        self.message = MessageLabel()
        layout.addWidget(self.message)

        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton(_("&Spara samsyn"))
        self.save_button.setAccessibleName(_("Spara de överenskomna svaren"))
        self.close_button = QPushButton(_("Stäng"))
        self.close_button.setAccessibleName(_("Stäng"))
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.save_button, self.close_button):
            button.setAutoDefault(False)
        layout.addWidget(self.buttons)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self._show_state()
        # As tall as the questions need (up to a screenful); longer lists scroll.
        self.resize(960, min(740, max(420, grid.sizeHint().height() + 300)))

    def _build_grid(self, state: ConsensusState) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 4, 8, 4)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        headers = (
            _("Fråga"),
            state.first.reviewer,
            state.second.reviewer,
            _("Överenskommet svar"),
        )
        for column, text in enumerate(headers):
            label = make_bold(QLabel(text))
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            grid.addWidget(label, 0, column)
        for row, difference in enumerate(state.differences, start=1):
            question = QLabel(
                _("{id}. {text}").format(id=difference.question_id, text=difference.text)
            )
            question.setTextFormat(Qt.TextFormat.PlainText)
            question.setWordWrap(True)
            grid.addWidget(question, row, 0)
            for column, value in ((1, difference.first_value), (2, difference.second_value)):
                answer = QLabel(difference.label(value))
                answer.setTextFormat(Qt.TextFormat.PlainText)
                answer.setWordWrap(True)
                answer.setStyleSheet(ANSWER_STYLE)
                answer.setAccessibleName(
                    _("{reviewer} svarade {answer}").format(
                        reviewer=headers[column], answer=answer.text()
                    )
                )
                grid.addWidget(answer, row, column, Qt.AlignmentFlag.AlignTop)
            choice = QComboBox()
            choice.setAccessibleName(
                _("Överenskommet svar på fråga {id}").format(id=difference.question_id)
            )
            choice.addItem(_("Välj svar …"), None)
            for value, label in difference.options:
                choice.addItem(label, value)
            if difference.reconciled is not None:
                choice.setCurrentIndex(max(choice.findData(difference.reconciled), 0))
            choice.currentIndexChanged.connect(lambda _i: self._update_buttons())
            question.setBuddy(choice)
            self.choices[difference.question_id] = choice
            grid.addWidget(choice, row, 3, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 2)
        grid.setColumnStretch(3, 2)
        grid.setRowStretch(len(state.differences) + 1, 1)
        return page

    def _show_state(self) -> None:
        state = self.state
        n = len(state.differences)
        if n == 0:
            text = _(
                "{first} och {second} har svarat lika på alla frågor. Ingen samsyn behövs; "
                "resultatet räknar ärendet en gång."
            )
        elif n == 1:
            text = _(
                "{first} och {second} har svarat olika på 1 fråga. Gå igenom den tillsammans "
                "och välj det svar ni är överens om. Resultatet räknar sedan samsynen, inte "
                "de två granskningarna."
            )
        else:
            text = _(
                "{first} och {second} har svarat olika på {n} frågor. Gå igenom dem "
                "tillsammans och välj det svar ni är överens om för varje fråga. Resultatet "
                "räknar sedan samsynen, inte de två granskningarna."
            )
        self.intro.setText(
            text.format(first=state.first.reviewer, second=state.second.reviewer, n=n)
        )
        if state.consensus is not None:
            self.message.show_info(_("Samsynen är sparad. Du kan ändra den och spara igen."))
        self.area.setVisible(n > 0)
        self.comment.setEnabled(n > 0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(bool(self.state.differences))

    def values(self) -> dict[str, str]:
        """The chosen answers (questions without a choice are left out)."""
        chosen = {}
        for question_id, combo in self.choices.items():
            value = combo.currentData()
            if value is not None:
                chosen[question_id] = str(value)
        return chosen

    def save(self) -> None:
        """Save the agreed answers as the case's consensus review."""
        missing = [qid for qid, combo in self.choices.items() if combo.currentData() is None]
        if missing:
            self.message.show_error(
                _("Välj ett överenskommet svar på varje fråga. Saknas: {ids}.").format(
                    ids=", ".join(missing)
                )
            )
            self.choices[missing[0]].setFocus()
            return
        try:
            self.saved = consensus_service.save_consensus(
                self.context.db, self.case_id, self.values(), comment=self.comment.text()
            )
        except KvaldeskError as exc:
            self.message.show_exception(exc)
            return
        self.context.notify("reviews")
        self.context.status_message.emit(
            _("Samsynen för {case} är sparad.").format(case=self.state.case.reference)
        )
        self.accept()
