"""The current question of an open review: its text, criterion, help and legal references,
the answer buttons (with number keys), number and text fields, and the comment. The panel
only shows things and emits signals; saving is done by the review view."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvaldesk.domain.model import Answer, NumberField, Question
from ui.i18n import _
from ui.widgets import ERROR_STYLE, MARGIN, MUTED_STYLE, SPACING, MessageLabel, heading, note

BADGE_STYLE = (
    "color: #7a4b00; background: #fff4d6; border: 1px solid #f0d58c; "
    "border-radius: 4px; padding: 2px 8px; font-weight: bold;"
)
HELP_STYLE = (
    "background: #f3f5f7; border: 1px solid #dde2e7; border-radius: 4px; "
    "padding: 8px 10px; color: #26313b;"
)
ANSWER_BUTTON_STYLE = (
    "QPushButton { padding: 8px 16px; font-size: 11pt; min-width: 96px; }"
    "QPushButton:checked { background: #1f5f8b; color: white; border: 1px solid #174a6c; "
    "border-radius: 4px; }"
)
#: Alt letters already used on the review page and in the menu bar (Arkiv, Visa, Hjälp).
TAKEN_MNEMONICS = "avhliegksfnm"


def with_mnemonic(text: str, taken: str) -> str:
    """``text`` with ``&`` before its first letter not in ``taken`` (any ``&`` escaped)."""
    escaped = text.replace("&", "&&")
    used = taken.casefold()
    for position, char in enumerate(escaped):
        if char.isalpha() and char.casefold() not in used:
            return f"{escaped[:position]}&{escaped[position:]}"
    return escaped


class OptionalNumberBox(QDoubleSpinBox):
    """A number field that may be empty: the lowest value shows as "–" and means no value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSpecialValueText("–")
        self.setKeyboardTracking(True)
        self.setMinimumWidth(110)
        self.configure(None)

    def configure(self, field: NumberField | None) -> None:
        """Decimals and range from the template's number field."""
        integer = field.integer if field is not None else False
        low = field.minimum if field is not None and field.minimum is not None else -1_000_000.0
        high = field.maximum if field is not None and field.maximum is not None else 1_000_000.0
        self.setDecimals(0 if integer else 2)
        step = 1.0 if integer else 0.01
        self.setRange(low - step, high)
        self.setSingleStep(1.0)

    def number(self) -> float | None:
        """The value, or None when empty."""
        return None if self.value() <= self.minimum() else float(self.value())

    def set_number(self, value: float | None) -> None:
        """Show a value (None: empty)."""
        self.setValue(self.minimum() if value is None else value)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if not text.strip() or text == self.specialValueText():
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> float:
        if not text.strip() or text == self.specialValueText():
            return self.minimum()
        return float(super().valueFromText(text))


class QuestionPanel(QWidget):
    """The current question: text, criterion, help, legal references and the answer fields."""

    option_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, 4, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        self.position = QLabel()
        self.position.setStyleSheet(MUTED_STYLE)
        layout.addWidget(self.position)
        self.text = heading("", 5)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        meta = QHBoxLayout()
        meta.setSpacing(SPACING)
        self.criterion = note("", MUTED_STYLE)
        self.badge = QLabel(_("⚠ Kritisk fråga"))
        self.badge.setStyleSheet(BADGE_STYLE)
        self.badge.setAccessibleName(_("Kritisk fråga"))
        self.badge.setToolTip(
            _("Svar som inte uppfyller kraven på en kritisk fråga listas med namn i rapporterna.")
        )
        meta.addWidget(self.badge)
        meta.addWidget(self.criterion, 1)
        layout.addLayout(meta)
        self.help = note("", HELP_STYLE)
        self.help.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.help)

        self.answers_label = QLabel(_("Svar:"))
        layout.addWidget(self.answers_label)
        self.answers_row = QHBoxLayout()
        self.answers_row.setSpacing(SPACING)
        layout.addLayout(self.answers_row)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.answer_buttons: list[QPushButton] = []
        self.keys_hint = note(
            _(
                "Tangenter: siffran svarar · Enter eller → nästa fråga · ← föregående · "
                "Ctrl+Enter markerar som klar"
            ),
            MUTED_STYLE,
        )
        layout.addWidget(self.keys_hint)
        self.alert = note("", ERROR_STYLE)
        self.alert.hide()
        layout.addWidget(self.alert)

        self.number_row = QWidget()
        number_layout = QHBoxLayout(self.number_row)
        number_layout.setContentsMargins(0, 4, 0, 0)
        number_layout.setSpacing(SPACING)
        self.number_label = QLabel()
        self.number = OptionalNumberBox()
        self.number_label.setBuddy(self.number)
        self.unit = QLabel()
        self.number_hint = note(_("Skriv talet och tryck Enter för att gå vidare."), MUTED_STYLE)
        number_layout.addWidget(self.number_label)
        number_layout.addWidget(self.number)
        number_layout.addWidget(self.unit)
        number_layout.addWidget(self.number_hint, 1)
        layout.addWidget(self.number_row)
        self.text_row = QWidget()
        text_layout = QHBoxLayout(self.text_row)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.setSpacing(SPACING)
        self.text_answer_label = QLabel(_("&Svar:"))
        self.text_answer = QLineEdit()
        self.text_answer.setAccessibleName(_("Svar i text"))
        self.text_answer.setMaxLength(4000)
        self.text_answer_label.setBuddy(self.text_answer)
        text_layout.addWidget(self.text_answer_label)
        text_layout.addWidget(self.text_answer, 1)
        layout.addWidget(self.text_row)
        self.field_message = MessageLabel()
        layout.addWidget(self.field_message)

        self.comment_label = QLabel(_("&Kommentar (frivillig):"))
        layout.addWidget(self.comment_label)
        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName(_("Kommentar"))
        self.comment.setTabChangesFocus(True)
        self.comment.setPlaceholderText(_("Vad saknas eller är otydligt i akten?"))
        self.comment.setToolTip(
            _("Sparas automatiskt. Esc går tillbaka till svaren, Tabb till nästa fält.")
        )
        self.comment.setMinimumHeight(72)
        self.comment.setMaximumHeight(130)
        self.comment_label.setBuddy(self.comment)
        layout.addWidget(self.comment)
        self.comment_note = note(
            _("Skriv aldrig personnummer eller namn i kommentaren."), MUTED_STYLE
        )
        layout.addWidget(self.comment_note)
        self.comment_message = MessageLabel()
        layout.addWidget(self.comment_message)
        # Legal references last: reference material, so the answers stay near the question.
        self.refs = QLabel()
        self.refs.setWordWrap(True)
        self.refs.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.refs)
        layout.addStretch(1)

    # -- showing a question

    def set_position(self, question_id: str, position: int, total: int) -> None:
        """Show "Fråga BU5 · 5 av 14" above the question."""
        self.position.setText(
            _("Fråga {id} · {n} av {total}").format(id=question_id, n=position, total=total)
        )

    def show_question(
        self, question: Question, answer: Answer | None, comment: str, editable: bool
    ) -> None:
        """Fill every field for ``question`` (``comment`` may be an unsaved draft)."""
        font = QFont(self.font())
        length = len(question.text)
        font.setPointSize(font.pointSize() + (5 if length < 120 else 3 if length < 240 else 2))
        font.setBold(True)
        self.text.setFont(font)
        self.text.setText(question.text)
        self.criterion.setText(
            _("Kvalitetskriterium: {title}").format(title=_(question.criterion.title))
        )
        self.badge.setVisible(question.critical)
        self.help.setText(question.help)
        self.help.setVisible(bool(question.help.strip()))
        self._show_refs(question)
        self._build_buttons(question, editable)
        self.set_value(answer.value if answer else None, question)
        self.number_row.setVisible(
            question.number_field is not None
            or (not question.options and question.kind.value == "number")
        )
        self.text_row.setVisible(not question.options and question.kind.value != "number")
        field = question.number_field
        self.number.configure(field)
        label = field.label if field is not None else _("Antal")
        self.number_label.setText(with_mnemonic(_("{label}:").format(label=label), TAKEN_MNEMONICS))
        self.number.setAccessibleName(label)
        self.unit.setText(field.unit if field is not None else "")
        self.number.set_number(answer.number if answer else None)
        self.number_hint.hide()
        self.text_answer.setText((answer.text or "") if answer else "")
        if question.kind.value == "date":
            self.text_answer.setPlaceholderText(_("ÅÅÅÅ-MM-DD"))
        else:
            self.text_answer.setPlaceholderText("")
        self.comment.setPlainText(comment)
        self.field_message.clear_message()
        self.comment_message.clear_message()
        self.set_editable(editable)

    def _show_refs(self, question: Question) -> None:
        if not question.legal_refs:
            self.refs.hide()
            return
        lines = []
        for ref in question.legal_refs:
            line = html.escape(ref.display())
            if ref.note:
                line = _("{ref} <span style='color:#4a5560'>({note})</span>").format(
                    ref=line, note=html.escape(ref.note)
                )
            lines.append(f"• {line}")
        self.refs.setText(_("<b>Lagrum</b><br>{lines}").format(lines="<br>".join(lines)))
        self.refs.show()

    def _build_buttons(self, question: Question, editable: bool) -> None:
        for button in self.answer_buttons:
            self.group.removeButton(button)
            self.answers_row.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.answer_buttons = []
        while self.answers_row.count():
            self.answers_row.takeAt(0)
        for number, option in enumerate(question.options, start=1):
            key = str(number) if number <= 9 else ""
            button = QPushButton(_("{key}  {label}").format(key=key, label=option.label).strip())
            button.setCheckable(True)
            button.setStyleSheet(ANSWER_BUTTON_STYLE)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setAccessibleName(_("Svara {label}").format(label=option.label))
            button.setToolTip(
                _(
                    "Svara {label} (tangent {key}). Enter eller högerpil: nästa fråga. "
                    "Vänsterpil: föregående."
                ).format(label=option.label, key=key)
            )
            self.group.addButton(button, number)
            self.answers_row.addWidget(button)
            self.answer_buttons.append(button)
            button.show()  # at once, not queued by the layout, so it can take focus
            button.clicked.connect(lambda _checked=False, n=number: self.option_clicked.emit(n))
        self.answers_row.addStretch(1)
        self.answers_label.setVisible(bool(question.options))

    def set_value(self, value: str | None, question: Question) -> None:
        """Check the button of ``value`` (none when unanswered)."""
        self.group.setExclusive(False)
        for button, option in zip(self.answer_buttons, question.options, strict=True):
            button.setChecked(option.value == value)
        self.group.setExclusive(True)

    def set_editable(self, editable: bool) -> None:
        """Allow or forbid changes (a complete review or a closed round is read-only)."""
        for button in self.answer_buttons:
            button.setEnabled(editable)
        self.number.setReadOnly(not editable)
        self.number.setButtonSymbols(
            QDoubleSpinBox.ButtonSymbols.UpDownArrows
            if editable
            else QDoubleSpinBox.ButtonSymbols.NoButtons
        )
        self.text_answer.setReadOnly(not editable)
        self.comment.setReadOnly(not editable)
        self.comment.setPlaceholderText(
            _("Vad saknas eller är otydligt i akten?") if editable else _("Ingen kommentar.")
        )
        self.comment_note.setVisible(editable)
        self.keys_hint.setVisible(editable and bool(self.answer_buttons))

    def show_critical_answer(self, answer_label: str | None) -> None:
        """The red note under the answers when a critical question is answered with a lack
        (Nej or Delvis); None hides it."""
        text = (
            _(
                "Kritisk fråga besvarad med {answer}. Beskriv gärna bristen i kommentaren; "
                "den listas i rapporterna."
            ).format(answer=answer_label)
            if answer_label is not None
            else ""
        )
        self.alert.setText(text)
        self.alert.setVisible(bool(text))

    def focus_answers(self) -> None:
        """Put keyboard focus on the checked answer, the first answer, or the answer field."""
        checked = self.group.checkedButton()
        if checked is not None and checked.isEnabled():
            checked.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.answer_buttons and self.answer_buttons[0].isEnabled():
            self.answer_buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.answer_buttons:
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.number_row.isVisible():
            self.number.setFocus(Qt.FocusReason.OtherFocusReason)
            self.number.selectAll()
        else:
            self.text_answer.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_widgets(self) -> list[QWidget]:
        """The panel's focusable widgets in tab order."""
        widgets: list[QWidget] = list(self.answer_buttons)
        widgets += [self.number, self.text_answer, self.comment]
        return widgets
