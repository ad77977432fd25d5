"""The template editor's form for one question, in three tabs: the question, its answers (see
template_editor_answers), and its condition and legal references. Every change is written
straight into the QuestionDraft."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kvaldesk.domain.enums import Criterion, QuestionKind
from ui.dialogs.template_editor_answers import MARGINS, AnswersTab, editable_table
from ui.dialogs.template_editor_drafts import QuestionDraft
from ui.dialogs.template_editor_models import LegalRefsTableModel
from ui.i18n import _
from ui.models.base import one_line
from ui.models.questions_table_model import criterion_label, describe_condition
from ui.widgets import MUTED_STYLE, note


class QuestionForm(QTabWidget):
    """Edits one QuestionDraft. ``changed`` is emitted when its id or text changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Frågans uppgifter"))
        self.draft: QuestionDraft | None = None
        self._earlier: list[QuestionDraft] = []
        self._loading = False
        self.addTab(self._build_question_tab(), _("Fråga"))
        self.answers = AnswersTab()
        self.addTab(self.answers, _("Svar"))
        self.addTab(self._build_condition_tab(), _("Villkor och lagrum"))
        self.set_draft(None, [])

    # Building -------------------------------------------------------------------------------

    def _build_question_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(MARGINS, MARGINS, MARGINS, MARGINS)
        form.setSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.id_edit = QLineEdit()
        self.id_edit.setAccessibleName(_("Frågans id"))
        self.id_edit.setMaxLength(32)
        self.id_edit.setMaximumWidth(180)
        self.id_edit.setToolTip(_("Ett kort id som FB3. Det syns i rapporter och villkor."))
        self.text_edit = QPlainTextEdit()
        self.text_edit.setAccessibleName(_("Frågans text"))
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(84)
        self.text_edit.setPlaceholderText(
            _(
                "En fråga som prövar ett enda krav, till exempel: Finns ett daterat beslut "
                "om att inleda utredning?"
            )
        )
        self.help_edit = QPlainTextEdit()
        self.help_edit.setAccessibleName(_("Hjälptext"))
        self.help_edit.setTabChangesFocus(True)
        self.help_edit.setMinimumHeight(90)
        self.help_edit.setPlaceholderText(
            _("När svarar granskaren Ja, och när Nej? Skriv så att två granskare svarar lika.")
        )
        self.criterion_combo = QComboBox()
        self.criterion_combo.setAccessibleName(_("Kvalitetskriterium"))
        for criterion in Criterion:
            self.criterion_combo.addItem(
                _("{code} – {title}").format(
                    code=criterion.value, title=criterion_label(criterion)
                ),
                criterion.value,
            )
        self.critical_check = QCheckBox(_("&Kritisk fråga: varje Ej uppfyllt listas i rapporterna"))
        self.critical_check.setAccessibleName(_("Kritisk fråga"))
        self.local_check = QCheckBox(_("&Lokal rutin (inte ett krav i lag)"))
        self.local_check.setAccessibleName(_("Lokal rutin"))
        for text, widget in (
            (_("&Id:"), self.id_edit),
            (_("Frågans te&xt:"), self.text_edit),
            (_("&Hjälptext:"), self.help_edit),
            (_("K&valitetskriterium:"), self.criterion_combo),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow("", self.critical_check)
        form.addRow("", self.local_check)
        self.id_edit.textEdited.connect(self._id_edited)
        self.text_edit.textChanged.connect(self._text_edited)
        self.help_edit.textChanged.connect(self._help_edited)
        self.criterion_combo.currentIndexChanged.connect(self._criterion_changed)
        self.critical_check.toggled.connect(lambda on: self._set("critical", on))
        self.local_check.toggled.connect(lambda on: self._set("local", on))
        return page

    def _build_condition_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(MARGINS, MARGINS, MARGINS, MARGINS)
        layout.setSpacing(8)
        self.condition_check = QCheckBox(
            _("&Villkor: frågan gäller bara om en tidigare fråga har ett visst svar")
        )
        self.condition_check.setAccessibleName(_("Frågan har ett villkor"))
        layout.addWidget(self.condition_check)
        self.condition_box = QWidget()
        box = QFormLayout(self.condition_box)
        box.setContentsMargins(24, 0, 0, 0)
        box.setSpacing(8)
        self.condition_question = QComboBox()
        self.condition_question.setAccessibleName(_("Villkorets fråga"))
        self.condition_question.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.condition_question.setMinimumContentsLength(30)
        self.condition_answers = QListWidget()
        self.condition_answers.setAccessibleName(_("Svar som gör att frågan gäller"))
        self.condition_answers.setMaximumHeight(100)
        question_label = QLabel(_("Gäller bara om &fråga:"))
        question_label.setBuddy(self.condition_question)
        answers_label = QLabel(_("har s&varet:"))
        answers_label.setBuddy(self.condition_answers)
        box.addRow(question_label, self.condition_question)
        box.addRow(answers_label, self.condition_answers)
        layout.addWidget(self.condition_box)
        self.complex_label = note("", MUTED_STYLE)
        self.remove_complex_button = QPushButton(_("Ta bort det sammansatta villkoret"))
        self.remove_complex_button.setAccessibleName(_("Ta bort det sammansatta villkoret"))
        layout.addWidget(self.complex_label)
        layout.addWidget(self.remove_complex_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.condition_check.toggled.connect(self._condition_toggled)
        self.condition_question.currentIndexChanged.connect(self._condition_question_changed)
        self.condition_answers.itemChanged.connect(self._condition_answers_changed)
        self.remove_complex_button.clicked.connect(self._remove_complex)

        self.refs_model = LegalRefsTableModel(self)
        self.refs_table = editable_table(self.refs_model, _("Lagrum"))
        header = self.refs_table.horizontalHeader()
        header.setSectionResizeMode(LegalRefsTableModel.LAW, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(
            LegalRefsTableModel.VERIFIED, QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(LegalRefsTableModel.NOTE, QHeaderView.ResizeMode.Stretch)
        self.refs_table.setColumnWidth(LegalRefsTableModel.LAW, 130)
        self.refs_table.setColumnWidth(LegalRefsTableModel.REFERENCE, 120)
        refs_label = QLabel(_("Lagr&um (ej verifierade visas som \u201dlagrum verifieras\u201d):"))
        refs_label.setBuddy(self.refs_table)
        refs_label.setWordWrap(True)
        layout.addSpacing(8)
        layout.addWidget(refs_label)
        refs_row = QHBoxLayout()
        refs_row.addWidget(self.refs_table, 1)
        buttons = QVBoxLayout()
        self.add_ref_button = QPushButton(_("Lägg till &lagrum"))
        self.add_ref_button.setAccessibleName(_("Lägg till lagrum"))
        self.remove_ref_button = QPushButton(_("Ta bort lagru&m"))
        self.remove_ref_button.setAccessibleName(_("Ta bort markerat lagrum"))
        buttons.addWidget(self.add_ref_button)
        buttons.addWidget(self.remove_ref_button)
        buttons.addStretch(1)
        refs_row.addLayout(buttons)
        layout.addLayout(refs_row, 1)
        self.add_ref_button.clicked.connect(self._add_ref)
        self.remove_ref_button.clicked.connect(self._remove_ref)
        return page

    # Loading a draft ------------------------------------------------------------------------

    def set_draft(self, draft: QuestionDraft | None, earlier: list[QuestionDraft]) -> None:
        """Edit this draft; ``earlier`` are the questions before it (for the condition)."""
        self._loading = True
        try:
            self.draft = draft
            self._earlier = earlier
            self.setEnabled(draft is not None)
            shown = draft or QuestionDraft(id="")
            self.id_edit.setText(shown.id)
            self.text_edit.setPlainText(shown.text)
            self.help_edit.setPlainText(shown.help)
            self.criterion_combo.setCurrentIndex(
                max(self.criterion_combo.findData(shown.criterion.value), 0)
            )
            self.critical_check.setChecked(shown.critical)
            self.local_check.setChecked(shown.local)
            self.answers.set_draft(draft)
            self.refs_model.set_refs(shown.legal_refs)
            self._load_condition(shown)
        finally:
            self._loading = False

    def _load_condition(self, draft: QuestionDraft) -> None:
        self.condition_question.clear()
        choices = [
            q for q in self._earlier if q.kind is QuestionKind.CHOICE and q.options and q.id.strip()
        ]
        for question in choices:
            self.condition_question.addItem(
                _("{id} – {text}").format(id=question.id, text=one_line(question.text)),
                question.id.strip(),
            )
        wanted = draft.condition_question
        if wanted and self.condition_question.findData(wanted) < 0:
            self.condition_question.addItem(
                _("{id} (finns inte före den här frågan)").format(id=wanted), wanted
            )
        complex_ = draft.complex_condition is not None
        self.complex_label.setVisible(complex_)
        self.remove_complex_button.setVisible(complex_)
        if complex_:
            self.complex_label.setText(
                _(
                    "Frågan har ett sammansatt villkor som inte kan ändras "
                    "här: {condition}. Det följer med när du sparar."
                ).format(condition=describe_condition(draft.complex_condition))
            )
        self.condition_check.setVisible(not complex_)
        self.condition_check.setEnabled(bool(choices) or bool(wanted))
        self.condition_check.setToolTip(
            "" if choices else _("Det finns ingen tidigare fråga med svarsalternativ.")
        )
        self.condition_check.setChecked(bool(wanted))
        self.condition_box.setVisible(bool(wanted) and not complex_)
        if wanted:
            self.condition_question.setCurrentIndex(self.condition_question.findData(wanted))
        self._fill_condition_answers(draft.condition_answers)

    def _fill_condition_answers(self, checked: list[str]) -> None:
        self.condition_answers.blockSignals(True)
        self.condition_answers.clear()
        qid = self.condition_question.currentData()
        source = next((q for q in self._earlier if q.id.strip() == qid), None)
        for option in source.options if source else []:
            item = QListWidgetItem(option.label or option.code)
            item.setData(Qt.ItemDataRole.UserRole, option.code)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsSelectable
            )
            item.setCheckState(
                Qt.CheckState.Checked if option.code in checked else Qt.CheckState.Unchecked
            )
            self.condition_answers.addItem(item)
        if self.condition_answers.count():
            self.condition_answers.setCurrentRow(0)
        self.condition_answers.blockSignals(False)

    # Writing to the draft -------------------------------------------------------------------

    def _set(self, name: str, value: object) -> None:
        if self.draft is not None and not self._loading:
            setattr(self.draft, name, value)

    def _id_edited(self, text: str) -> None:
        self._set("id", text)
        if not self._loading:
            self.changed.emit()

    def _text_edited(self) -> None:
        self._set("text", self.text_edit.toPlainText())
        if not self._loading:
            self.changed.emit()

    def _help_edited(self) -> None:
        self._set("help", self.help_edit.toPlainText())

    def _criterion_changed(self) -> None:
        self._set("criterion", Criterion(self.criterion_combo.currentData()))

    def _add_ref(self) -> None:
        row = self.refs_model.add_ref()
        index = self.refs_model.index(row, LegalRefsTableModel.LAW)
        self.refs_table.setCurrentIndex(index)
        self.refs_table.setFocus()
        self.refs_table.edit(index)

    def _remove_ref(self) -> None:
        self.refs_model.remove_ref(self.refs_table.currentIndex().row())

    def _condition_toggled(self, on: bool) -> None:
        if self._loading or self.draft is None:
            return
        self.condition_box.setVisible(on)
        if on:
            self.draft.condition_question = str(self.condition_question.currentData() or "")
            self._fill_condition_answers([])
        else:
            self.draft.condition_question = ""
        self.draft.condition_answers = []

    def _condition_question_changed(self) -> None:
        if self._loading or self.draft is None or not self.condition_check.isChecked():
            return
        self.draft.condition_question = str(self.condition_question.currentData() or "")
        self.draft.condition_answers = []
        self._fill_condition_answers([])

    def _condition_answers_changed(self) -> None:
        if self._loading or self.draft is None:
            return
        checked = []
        for row in range(self.condition_answers.count()):
            item = self.condition_answers.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                checked.append(str(item.data(Qt.ItemDataRole.UserRole)))
        self.draft.condition_answers = checked

    def _remove_complex(self) -> None:
        if self.draft is not None:
            self.draft.complex_condition = None
            self.set_draft(self.draft, self._earlier)
