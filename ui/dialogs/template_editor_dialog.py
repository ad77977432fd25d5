"""The template editor: title, description and questions of one template version.

A version that reviews use is frozen; saving it makes the next version and the rounds that use
the old one keep it. Problems are shown inline, per question, and nothing is saved until the
whole template is valid.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kvaldesk.domain.enums import QuestionKind
from kvaldesk.domain.errors import KvaldeskError, Problem, ValidationError
from kvaldesk.domain.model import Template
from kvaldesk.services import templates as templates_service
from ui.context import AppContext
from ui.dialogs.template_editor_drafts import QuestionDraft, preset_options
from ui.dialogs.template_editor_form import QuestionForm
from ui.dialogs.template_editor_problems import ProblemsPanel, group_problems
from ui.i18n import _
from ui.models.base import one_line
from ui.ui_state import remember_splitter
from ui.widgets import MessageLabel, heading, note

WARNING_STYLE = (
    "color: #5c3d00; background: #fff4d6; border: 1px solid #f0d58c; "
    "border-radius: 4px; padding: 6px 8px;"
)
_NUMBERED_ID = re.compile(r"^(?P<prefix>.*?)(?P<number>\d+)$")


def next_question_id(existing: list[str]) -> str:
    """A free id that continues the template's numbering: FB1…FB12 gives FB13."""
    numbers: dict[str, list[int]] = {}
    for qid in existing:
        match = _NUMBERED_ID.match(qid)
        if match and match["prefix"]:
            numbers.setdefault(match["prefix"], []).append(int(match["number"]))
    if numbers:
        prefix = Counter({p: len(n) for p, n in numbers.items()}).most_common(1)[0][0]
        number = max(numbers[prefix]) + 1
    else:
        prefix, number = "F", len(existing) + 1
    taken = set(existing)
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


class TemplateEditorDialog(QDialog):
    """Edit a template's title, description and questions, and save it (maybe as a new version).

    ``saved_message`` says what the last save did ("" when nothing was saved) and
    ``saved_template`` is the stored template after it.
    """

    def __init__(
        self,
        context: AppContext,
        template: Template,
        parent: QWidget | None = None,
        *,
        add_question: bool = False,
        select_question: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.template = template
        self.saved_message = ""
        self.saved_template: Template | None = None
        self.drafts: list[QuestionDraft] = [
            QuestionDraft.from_question(q) for q in template.questions
        ]
        self.setWindowTitle(_("Redigera mall – {title}").format(title=template.title))
        self.setAccessibleName(_("Redigera mall"))
        self._build()
        self._load_template_fields()
        self._refresh_list(0)
        if select_question:
            self.select_question(select_question)
        if add_question:
            self.add_question()
        self._size_to_screen()

    # Building -------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        self.title_label = heading("")
        layout.addWidget(self.title_label)
        self.frozen_label = note("", WARNING_STYLE)
        self.frozen_label.setAccessibleName(_("Mallen används"))
        layout.addWidget(self.frozen_label)

        fields = QFormLayout()
        fields.setSpacing(8)
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(_("Mallens titel"))
        self.title_edit.setMaxLength(200)
        self.description_edit = QPlainTextEdit()
        self.description_edit.setAccessibleName(_("Mallens beskrivning"))
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(54)
        for text, widget in (
            (_("&Titel:"), self.title_edit),
            (_("&Beskrivning:"), self.description_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            fields.addRow(label, widget)
        layout.addLayout(fields)

        self.splitter = remember_splitter(
            QSplitter(Qt.Orientation.Horizontal), "template-editor/questions"
        )
        self.splitter.setChildrenCollapsible(False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        left_layout.setSpacing(8)
        self.question_list = QListWidget()
        self.question_list.setAccessibleName(_("Mallens frågor"))
        self.question_list.setWordWrap(False)
        self.question_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.question_list.setUniformItemSizes(True)
        self.question_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.question_list.setStyleSheet("QListWidget::item { padding: 3px 2px; }")
        list_label = QLabel(_("Fr&ågor:"))
        list_label.setBuddy(self.question_list)
        left_layout.addWidget(list_label)
        left_layout.addWidget(self.question_list, 1)
        grid = QGridLayout()
        grid.setSpacing(6)
        self.add_button = QPushButton(_("&Ny fråga"))
        self.add_button.setAccessibleName(_("Lägg till en ny fråga"))
        self.remove_button = QPushButton(_("Ta b&ort fråga"))
        self.remove_button.setAccessibleName(_("Ta bort markerad fråga"))
        self.up_button = QPushButton(_("Flytta u&pp"))
        self.up_button.setAccessibleName(_("Flytta frågan uppåt"))
        self.up_button.setToolTip(_("Ctrl+Upp"))
        self.down_button = QPushButton(_("Flytta ne&d"))
        self.down_button.setAccessibleName(_("Flytta frågan nedåt"))
        self.down_button.setToolTip(_("Ctrl+Ned"))
        grid.addWidget(self.add_button, 0, 0)
        grid.addWidget(self.remove_button, 0, 1)
        grid.addWidget(self.up_button, 1, 0)
        grid.addWidget(self.down_button, 1, 1)
        left_layout.addLayout(grid)
        self.form = QuestionForm()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.form)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([300, 700])
        layout.addWidget(self.splitter, 1)

        self.problems = ProblemsPanel(self)
        layout.addWidget(self.problems)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton(_("&Spara"))
        self.save_button.setAccessibleName(_("Spara mallen"))
        self.save_button.setToolTip(_("Ctrl+S"))
        self.save_button.setDefault(True)
        self.close_button = QPushButton(_("Stäng"))
        self.close_button.setAccessibleName(_("Stäng redigeringen"))
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(self.buttons)

        self.question_list.currentRowChanged.connect(self._row_changed)
        self.form.changed.connect(self._update_current_item)
        self.add_button.clicked.connect(self.add_question)
        self.remove_button.clicked.connect(self.remove_question)
        self.up_button.clicked.connect(lambda: self.move_question(-1))
        self.down_button.clicked.connect(lambda: self.move_question(1))
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.problems.question_activated.connect(self.select_question)
        save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save_shortcut.activated.connect(self.save)
        for keys, step in (("Ctrl+Up", -1), ("Ctrl+Down", 1)):
            move = QShortcut(QKeySequence(keys), self.question_list)
            move.setContext(Qt.ShortcutContext.WidgetShortcut)
            move.activated.connect(lambda s=step: self.move_question(s))
        self.setTabOrder(self.title_edit, self.description_edit)
        self.setTabOrder(self.description_edit, self.question_list)
        self.setTabOrder(self.question_list, self.add_button)
        self.setTabOrder(self.add_button, self.remove_button)
        self.setTabOrder(self.remove_button, self.up_button)
        self.setTabOrder(self.up_button, self.down_button)
        self.setTabOrder(self.down_button, self.form)

    def _size_to_screen(self) -> None:
        self.setMinimumSize(820, 580)
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        width = min(1120, available.width() - 48) if available else 1120
        height = min(780, available.height() - 48) if available else 780
        self.resize(max(width, 820), max(height, 580))

    def _load_template_fields(self) -> None:
        template = self.template
        self.title_label.setText(
            _("{title}, version {version}").format(title=template.title, version=template.version)
        )
        self.title_edit.setText(template.title)
        self.description_edit.setPlainText(template.description)
        frozen = templates_service.template_is_frozen(self.context.db, template)
        if frozen:
            newest = max(
                (
                    t.version
                    for t in templates_service.list_templates(self.context.db)
                    if t.key == template.key
                ),
                default=template.version,
            )
            self.frozen_label.setText(
                _(
                    "Mallen används i granskningar. När du sparar skapas version {new}; pågående "
                    "omgångar fortsätter med version {old}."
                ).format(new=newest + 1, old=template.version)
            )
        self.frozen_label.setVisible(frozen)

    # The question list ----------------------------------------------------------------------

    def _item_text(self, draft: QuestionDraft) -> str:
        text = one_line(draft.text) or _("(frågetext saknas)")
        return _("{id}  {text}").format(id=draft.id.strip() or "?", text=text)

    def _refresh_list(self, row: int) -> None:
        self.question_list.blockSignals(True)
        self.question_list.clear()
        for draft in self.drafts:
            item = QListWidgetItem(self._item_text(draft))
            item.setToolTip(draft.text)
            self.question_list.addItem(item)
        self.question_list.blockSignals(False)
        row = min(max(row, 0), len(self.drafts) - 1)
        self.question_list.setCurrentRow(row)
        self._row_changed(row)

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self.drafts):
            self.form.set_draft(self.drafts[row], self.drafts[:row])
        else:
            self.form.set_draft(None, [])
        self.remove_button.setEnabled(0 <= row < len(self.drafts))
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < len(self.drafts) - 1)

    def _update_current_item(self) -> None:
        row = self.question_list.currentRow()
        item = self.question_list.item(row)
        if item is not None and 0 <= row < len(self.drafts):
            item.setText(self._item_text(self.drafts[row]))
            item.setToolTip(self.drafts[row].text)

    def current_row(self) -> int:
        """The row of the question being edited (-1 if none)."""
        return self.question_list.currentRow()

    def select_question(self, question_id: str) -> None:
        """Show this question in the form."""
        for row, draft in enumerate(self.drafts):
            if draft.id.strip() == question_id:
                self.question_list.setCurrentRow(row)
                return

    def add_question(self) -> None:
        """Add a new Ja/Nej question after the current one and start editing its text."""
        row = self.current_row()
        current = self.drafts[row] if 0 <= row < len(self.drafts) else None
        draft = QuestionDraft(
            id=next_question_id([d.id.strip() for d in self.drafts]),
            criterion=current.criterion if current else QuestionDraft(id="").criterion,
            kind=QuestionKind.CHOICE,
            options=list(preset_options()[_("Ja/Nej")]),
        )
        position = row + 1 if current else len(self.drafts)
        self.drafts.insert(position, draft)
        self._refresh_list(position)
        self.form.setCurrentIndex(0)
        self.form.text_edit.setFocus()

    def remove_question(self) -> None:
        """Remove the current question (nothing is saved until Spara)."""
        row = self.current_row()
        if 0 <= row < len(self.drafts):
            del self.drafts[row]
            self._refresh_list(row)
            self.question_list.setFocus()

    def move_question(self, step: int) -> None:
        """Move the current question up (-1) or down (+1)."""
        row = self.current_row()
        target = row + step
        if 0 <= row < len(self.drafts) and 0 <= target < len(self.drafts):
            self.drafts[row], self.drafts[target] = self.drafts[target], self.drafts[row]
            self._refresh_list(target)

    # Saving ---------------------------------------------------------------------------------

    def problems_found(self) -> list[Problem]:
        """Everything that stops the template from being saved, found before the engine looks."""
        found: list[Problem] = []
        if not self.title_edit.text().strip():
            found.append(Problem("", _("Mallen behöver en titel.")))
        if not self.drafts:
            found.append(Problem("", _("Mallen behöver minst en fråga.")))
        for row, draft in enumerate(self.drafts):
            found.extend(draft.problems(self.drafts[:row]))
        return found

    def edited_template(self) -> Template:
        """The template as edited. Call only when ``problems_found`` is empty."""
        return replace(
            self.template,
            title=self.title_edit.text().strip(),
            description=self.description_edit.toPlainText().strip(),
            questions=tuple(d.to_question() for d in self.drafts),
        )

    def has_unsaved_changes(self) -> bool:
        """Whether anything differs from the stored template."""
        if self.problems_found():
            return True
        edited = self.edited_template()
        return (edited.title, edited.description, edited.questions) != (
            self.template.title,
            self.template.description,
            self.template.questions,
        )

    def _show_problems(self, problems: list[Problem] | None, exc: KvaldeskError | None) -> None:
        summary = _("Mallen sparades inte. Rätta det här först:")
        self.message.clear_message()
        if exc is not None and not (isinstance(exc, ValidationError) and exc.problems):
            self.problems.show_problems(
                _("Mallen sparades inte: {reason}").format(reason=str(exc)), []
            )
            return
        if exc is not None:
            assert isinstance(exc, ValidationError)
            problems = exc.problems
        found = list(problems or [])
        self.problems.show_problems(summary, found)
        first = next((g.question_id for g in group_problems(found) if g.question_id), "")
        if first:
            self.select_question(first)

    def save(self) -> bool:
        """Save the template if it is valid; returns whether something was saved."""
        problems = self.problems_found()
        if problems:
            self._show_problems(problems, None)
            return False
        if not self.has_unsaved_changes():
            self.problems.clear_problems()
            self.message.show_info(_("Inga ändringar att spara."))
            return False
        old = self.template
        row = self.current_row()
        try:
            stored, new_version = templates_service.save_template(
                self.context.db, self.edited_template()
            )
        except KvaldeskError as exc:
            self._show_problems(None, exc)
            return False
        self.problems.clear_problems()
        self.template = stored
        self.saved_template = stored
        self.drafts = [QuestionDraft.from_question(q) for q in stored.questions]
        if new_version:
            self.saved_message = _(
                "Sparat som version {new}. Pågående omgångar fortsätter med version {old}."
            ).format(new=stored.version, old=old.version)
        else:
            self.saved_message = _("Sparat.")
        self._load_template_fields()
        self.setWindowTitle(_("Redigera mall – {title}").format(title=stored.title))
        self._refresh_list(row)
        self.message.show_info(self.saved_message)
        self.context.notify("templates")
        self.context.status_message.emit(self.saved_message)
        return True

    def reject(self) -> None:
        """Close; ask first when there are unsaved changes."""
        if self.has_unsaved_changes():
            answer = QMessageBox.question(
                self,
                _("Stäng utan att spara?"),
                _(
                    "Du har ändringar som inte är sparade. Vill du stänga ändå? Ändringarna "
                    "försvinner."
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()
