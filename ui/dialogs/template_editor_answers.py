"""The "Svar" tab of the template editor: how a question is answered, its answer options (with
the common scales as presets) and an optional number field."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kvaldesk.domain.enums import QuestionKind
from ui.dialogs.template_editor_drafts import OptionDraft, QuestionDraft, preset_options
from ui.dialogs.template_editor_models import CountsAsDelegate, OptionsTableModel
from ui.i18n import _
from ui.models.questions_table_model import kind_label
from ui.widgets import MUTED_STYLE, note

MARGINS = 12


def editable_table(model: QAbstractTableModel, name: str) -> QTableView:
    """A table edited in place from the keyboard (F2 or typing), one row selected at a time."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
        | QAbstractItemView.EditTrigger.SelectedClicked
    )
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


class AnswersTab(QWidget):
    """Edits the answer part of one QuestionDraft: kind, options and number field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft: QuestionDraft | None = None
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGINS, MARGINS, MARGINS, MARGINS)
        layout.setSpacing(8)
        kind_row = QHBoxLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(_("Svarstyp"))
        for kind in QuestionKind:
            self.kind_combo.addItem(kind_label(kind), kind.value)
        kind_label_widget = QLabel(_("Svarst&yp:"))
        kind_label_widget.setBuddy(self.kind_combo)
        kind_row.addWidget(kind_label_widget)
        kind_row.addWidget(self.kind_combo)
        kind_row.addStretch(1)
        layout.addLayout(kind_row)

        self.options_model = OptionsTableModel(self)
        self.options_table = editable_table(self.options_model, _("Svarsalternativ"))
        self.options_table.setItemDelegateForColumn(
            OptionsTableModel.COUNTS_AS, CountsAsDelegate(self.options_table)
        )
        self.options_table.setColumnWidth(OptionsTableModel.VALUE, 120)
        self.options_table.setColumnWidth(OptionsTableModel.COUNTS_AS, 130)
        header = self.options_table.horizontalHeader()
        header.setSectionResizeMode(OptionsTableModel.COUNTS_AS, QHeaderView.ResizeMode.Fixed)
        self.options_table.setMinimumHeight(130)
        self.options_label = QLabel(
            _("Svars&alternativ (dubbelklicka eller tryck F2 för att ändra):")
        )
        self.options_label.setBuddy(self.options_table)
        layout.addWidget(self.options_label)
        options_row = QHBoxLayout()
        options_row.addWidget(self.options_table, 1)
        buttons = QVBoxLayout()
        self.add_option_button = QPushButton(_("Lägg till s&var"))
        self.add_option_button.setAccessibleName(_("Lägg till svarsalternativ"))
        self.remove_option_button = QPushButton(_("Ta bort sva&r"))
        self.remove_option_button.setAccessibleName(_("Ta bort markerat svarsalternativ"))
        self.preset_button = QPushButton(_("&Förval"))
        self.preset_button.setAccessibleName(_("Fyll i en vanlig svarsskala"))
        self.preset_menu = QMenu(self.preset_button)
        for name, options in preset_options().items():
            action = self.preset_menu.addAction(name)
            action.triggered.connect(lambda _checked=False, o=options: self.apply_preset(o))
        self.preset_button.setMenu(self.preset_menu)
        for button in (self.add_option_button, self.remove_option_button, self.preset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        options_row.addLayout(buttons)
        layout.addLayout(options_row, 1)
        self.options_note = note(
            _("Frågor utan svarsalternativ räknas inte in i andelen uppfyllt."), MUTED_STYLE
        )
        layout.addWidget(self.options_note)
        self.add_option_button.clicked.connect(self._add_option)
        self.remove_option_button.clicked.connect(self._remove_option)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)

        self.number_group = QGroupBox(
            _("Sifferfält (ta&l som sparas med svaret, till exempel antal dagar)")
        )
        self.number_group.setCheckable(True)
        self.number_group.setAccessibleName(_("Sifferfält"))
        number_form = QFormLayout(self.number_group)
        number_form.setSpacing(8)
        self.number_label = QLineEdit()
        self.number_label.setAccessibleName(_("Sifferfältets rubrik"))
        self.number_unit = QLineEdit()
        self.number_unit.setAccessibleName(_("Sifferfältets enhet"))
        self.number_min = QLineEdit()
        self.number_min.setAccessibleName(_("Minsta tillåtna tal"))
        self.number_max = QLineEdit()
        self.number_max.setAccessibleName(_("Största tillåtna tal"))
        for edit in (self.number_min, self.number_max):
            edit.setMaximumWidth(120)
            edit.setPlaceholderText(_("valfritt"))
        self.number_integer = QCheckBox(_("Bara heltal (in&ga decimaler)"))
        self.number_integer.setAccessibleName(_("Bara heltal"))
        for text, widget in (
            (_("R&ubrik:"), self.number_label),
            (_("Enh&et:"), self.number_unit),
            (_("&Minst:"), self.number_min),
            (_("Hö&gst:"), self.number_max),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            number_form.addRow(label, widget)
        number_form.addRow("", self.number_integer)
        layout.addWidget(self.number_group)
        self.number_group.toggled.connect(lambda on: self._set("has_number", on))
        self.number_label.textEdited.connect(lambda t: self._set("number_label", t))
        self.number_unit.textEdited.connect(lambda t: self._set("number_unit", t))
        self.number_min.textEdited.connect(lambda t: self._set("number_min", t))
        self.number_max.textEdited.connect(lambda t: self._set("number_max", t))
        self.number_integer.toggled.connect(lambda on: self._set("number_integer", on))
        self.set_draft(None)

    def set_draft(self, draft: QuestionDraft | None) -> None:
        """Edit this draft (None: an empty, disabled tab)."""
        self._loading = True
        try:
            self.draft = draft
            shown = draft or QuestionDraft(id="")
            self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(shown.kind.value), 0))
            self.options_model.set_options(shown.options)
            self.number_group.setChecked(shown.has_number)
            self.number_label.setText(shown.number_label)
            self.number_unit.setText(shown.number_unit)
            self.number_min.setText(shown.number_min)
            self.number_max.setText(shown.number_max)
            self.number_integer.setChecked(shown.number_integer)
            self._update_kind()
        finally:
            self._loading = False

    def _update_kind(self) -> None:
        choice = self.draft is None or self.draft.kind is QuestionKind.CHOICE
        for widget in (
            self.options_table,
            self.add_option_button,
            self.remove_option_button,
            self.preset_button,
            self.options_label,
        ):
            widget.setEnabled(choice)
        self.options_note.setText(
            _("Frågor utan svarsalternativ räknas inte in i andelen uppfyllt.")
            if not choice
            else _("Minst ett svar ska räknas som Uppfyllt. Ej aktuellt räknas inte med i andelen.")
        )

    def _set(self, name: str, value: object) -> None:
        if self.draft is not None and not self._loading:
            setattr(self.draft, name, value)

    def _kind_changed(self) -> None:
        self._set("kind", QuestionKind(self.kind_combo.currentData()))
        if not self._loading:
            self._update_kind()

    def apply_preset(self, options: list[OptionDraft]) -> None:
        """Replace the answer options with a common scale."""
        if self.draft is not None:
            self.options_model.replace_all(options)

    def _add_option(self) -> None:
        row = self.options_model.add_option()
        index = self.options_model.index(row, OptionsTableModel.LABEL)
        self.options_table.setCurrentIndex(index)
        self.options_table.setFocus()
        self.options_table.edit(index)

    def _remove_option(self) -> None:
        self.options_model.remove_option(self.options_table.currentIndex().row())
