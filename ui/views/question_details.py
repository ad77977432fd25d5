"""The templates view's details pane: one question, read-only, with everything the template says
about it: text, help, criterion, whether it is critical, how it is answered, its condition and
its legal references."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from kvaldesk.domain.model import Question, Template
from ui.i18n import _
from ui.models.questions_table_model import (
    counts_as_label,
    criterion_label,
    describe_condition,
    kind_label,
)
from ui.widgets import MUTED_STYLE, make_bold


def _value_label(name: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def _caption(text: str) -> QLabel:
    return make_bold(QLabel(text))


class QuestionDetails(QScrollArea):
    """One question, read-only: text, help, criterion, answers, condition and legal references."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(_("Frågans detaljer"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys scroll
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 4, 12, 12)
        layout.setSpacing(8)
        self.id_label = _value_label(_("Frågans id"))
        self.id_label.setStyleSheet(MUTED_STYLE)
        self.text_label = _value_label(_("Frågans text"))
        font = self.text_label.font()
        font.setPointSize(font.pointSize() + 2)
        font.setBold(True)
        self.text_label.setFont(font)
        layout.addWidget(self.id_label)
        layout.addWidget(self.text_label)
        self.help_label = _value_label(_("Hjälptext"))
        layout.addWidget(_caption(_("Hjälptext")))
        layout.addWidget(self.help_label)
        facts = QFormLayout()
        facts.setSpacing(8)
        facts.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        facts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.criterion_label = _value_label(_("Kvalitetskriterium"))
        self.critical_label = _value_label(_("Kritisk fråga"))
        self.local_label = _value_label(_("Lokal rutin"))
        self.kind_label = _value_label(_("Svarstyp"))
        self.condition_label = _value_label(_("Villkor"))
        for text, label in (
            (_("Kvalitetskriterium:"), self.criterion_label),
            (_("Kritisk:"), self.critical_label),
            (_("Lokal rutin:"), self.local_label),
            (_("Svarstyp:"), self.kind_label),
            (_("Villkor:"), self.condition_label),
        ):
            facts.addRow(_caption(text), label)
        layout.addLayout(facts)
        self.options_caption = _caption(_("Svarsalternativ"))
        self.options_label = _value_label(_("Svarsalternativ"))
        self.number_caption = _caption(_("Sifferfält"))
        self.number_label = _value_label(_("Sifferfält"))
        self.refs_caption = _caption(_("Lagrum"))
        self.refs_label = _value_label(_("Lagrum"))
        for widget in (
            self.options_caption,
            self.options_label,
            self.number_caption,
            self.number_label,
            self.refs_caption,
            self.refs_label,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setWidget(body)
        self._body = body
        self.show_question(None, None)

    def show_question(self, question: Question | None, template: Template | None) -> None:
        """Show this question of this template (or an empty pane)."""
        self._body.setVisible(question is not None)
        if question is None:
            return
        self.id_label.setText(_("Fråga {id}").format(id=question.id))
        self.text_label.setText(question.text)
        self.help_label.setText(question.help or _("Ingen hjälptext."))
        self.criterion_label.setText(
            _("{code} – {title}").format(
                code=question.criterion.value, title=criterion_label(question.criterion)
            )
        )
        self.critical_label.setText(
            _("Ja – varje Ej uppfyllt listas i rapporterna") if question.critical else _("Nej")
        )
        self.local_label.setText(
            _("Ja – en lokal rutin, inte ett krav i lag") if question.local else _("Nej")
        )
        self.kind_label.setText(kind_label(question.kind))
        self.condition_label.setText(describe_condition(question.condition, template))
        options = "\n".join(
            _("{label} – räknas som {counts_as}").format(
                label=option.label, counts_as=counts_as_label(option.counts_as)
            )
            for option in question.options
        )
        self.options_label.setText(options)
        for widget in (self.options_caption, self.options_label):
            widget.setVisible(bool(question.options))
        field = question.number_field
        if field is not None:
            parts = [field.label + (f" ({field.unit})" if field.unit else "")]
            if field.minimum is not None or field.maximum is not None:
                parts.append(
                    _("från {low} till {high}").format(
                        low="–" if field.minimum is None else f"{field.minimum:g}",
                        high="–" if field.maximum is None else f"{field.maximum:g}",
                    )
                )
            parts.append(_("heltal") if field.integer else _("decimaltal"))
            self.number_label.setText(", ".join(parts))
        for widget in (self.number_caption, self.number_label):
            widget.setVisible(field is not None)
        refs = [
            ref.display() + (f" – {ref.note}" if ref.note else "") for ref in question.legal_refs
        ]
        self.refs_label.setText("\n".join(refs) if refs else _("Inga lagrum angivna."))

    def text(self) -> str:
        """Everything shown, as plain text (for tests and copying)."""
        labels = (
            self.id_label,
            self.text_label,
            self.help_label,
            self.criterion_label,
            self.critical_label,
            self.local_label,
            self.kind_label,
            self.condition_label,
            self.options_label,
            self.number_label,
            self.refs_label,
        )
        return "\n".join(label.text() for label in labels if not label.isHidden())
