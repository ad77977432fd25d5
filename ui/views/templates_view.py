"""Mallar: the review templates, their questions and one question's details; import, export
and the question editor."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.domain.model import Question, Template
from kvaldesk.services import templates as templates_service
from ui.context import AppContext
from ui.dialogs.template_editor_dialog import TemplateEditorDialog
from ui.dialogs.template_editor_problems import ProblemsPanel
from ui.errors import show_error
from ui.i18n import _
from ui.models.questions_table_model import (
    QuestionsTableModel,
)
from ui.models.templates_table_model import TemplateRow, TemplatesTableModel
from ui.tables import setup_row_table
from ui.ui_state import remember_splitter
from ui.views.question_details import QuestionDetails
from ui.widgets import MUTED_STYLE, MessageLabel, note, titled_layout


def _table(name: str) -> QTableView:
    table = setup_row_table(QTableView(), name)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    return table


class TemplatesView(QWidget):
    """Mallar: browse templates and questions, import and export files, open the editor."""

    view_name = "templates"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAccessibleName(_("Mallar"))
        self.templates_model = TemplatesTableModel(self)
        self.questions_model = QuestionsTableModel(self)
        self._build()
        context.data_changed.connect(self._data_changed)
        self.refresh()

    # Building -------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = titled_layout(self, _("Mallar"), (16, 16, 16, 12))
        intro = note(
            _(
                "En mall är frågorna som granskas. En mall som används i granskningar "
                "ändras aldrig: när du sparar en ändring blir den en ny version, och "
                "pågående omgångar behåller sin version."
            ),
            MUTED_STYLE,
        )
        layout.addWidget(intro)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.import_button = QPushButton(_("&Importera mall…"))
        self.import_button.setAccessibleName(_("Importera mall från fil"))
        self.export_button = QPushButton(_("&Exportera mall…"))
        self.export_button.setAccessibleName(_("Exportera markerad mall till fil"))
        self.edit_button = QPushButton(_("&Redigera…"))
        self.edit_button.setAccessibleName(_("Redigera markerad mall"))
        self.new_question_button = QPushButton(_("&Ny fråga…"))
        self.new_question_button.setAccessibleName(_("Lägg till en fråga i markerad mall"))
        for button in (
            self.edit_button,
            self.new_question_button,
            self.import_button,
            self.export_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.problems = ProblemsPanel(self)
        layout.addWidget(self.problems)

        self.templates_table = _table(_("Mallar"))
        self.templates_table.setModel(self.templates_model)
        header = self.templates_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.questions_table = _table(_("Frågor i mallen"))
        self.questions_table.setModel(self.questions_model)
        header = self.questions_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.details = QuestionDetails()

        templates_pane = self._pane(_("&Mallar:"), self.templates_table)
        questions_pane = self._pane(_("&Frågor i mallen:"), self.questions_table)
        details_pane = QWidget()
        details_layout = QVBoxLayout(details_pane)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.details)
        self.lower_splitter = remember_splitter(
            QSplitter(Qt.Orientation.Horizontal), "templates/questions"
        )
        self.lower_splitter.addWidget(questions_pane)
        self.lower_splitter.addWidget(details_pane)
        self.lower_splitter.setChildrenCollapsible(False)
        self.lower_splitter.setStretchFactor(0, 5)
        self.lower_splitter.setStretchFactor(1, 4)
        self.splitter = remember_splitter(QSplitter(Qt.Orientation.Vertical), "templates/main")
        self.splitter.addWidget(templates_pane)
        self.splitter.addWidget(self.lower_splitter)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([270, 500])
        self.lower_splitter.setSizes([560, 440])
        layout.addWidget(self.splitter, 1)

        self.import_button.clicked.connect(self.choose_import_file)
        self.export_button.clicked.connect(self.choose_export_file)
        self.edit_button.clicked.connect(lambda: self.open_editor())
        self.new_question_button.clicked.connect(lambda: self.open_editor(add_question=True))
        self.templates_table.selectionModel().selectionChanged.connect(self._template_changed)
        self.templates_table.activated.connect(lambda _index: self.open_editor())
        self.questions_table.selectionModel().selectionChanged.connect(self._question_changed)
        self.questions_table.activated.connect(lambda _index: self.open_editor())
        self.setTabOrder(self.edit_button, self.new_question_button)
        self.setTabOrder(self.new_question_button, self.import_button)
        self.setTabOrder(self.import_button, self.export_button)
        self.setTabOrder(self.export_button, self.templates_table)
        self.setTabOrder(self.templates_table, self.questions_table)
        self.setTabOrder(self.questions_table, self.details)

    def _pane(self, title: str, table: QTableView) -> QWidget:
        pane = QWidget()
        pane_layout = QVBoxLayout(pane)
        pane_layout.setContentsMargins(0, 4, 0, 4)
        pane_layout.setSpacing(4)
        label = QLabel(title)
        label.setBuddy(table)
        pane_layout.addWidget(label)
        pane_layout.addWidget(table, 1)
        return pane

    # Showing data ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the templates, keeping the selected one."""
        current = self.current_template()
        db = self.context.db
        rows = [
            TemplateRow(t, templates_service.template_is_frozen(db, t))
            for t in templates_service.list_templates(db)
        ]
        question = self.current_question()
        self.templates_model.set_rows(rows)
        self.select_template(current.id if current else "")
        if question is not None:
            self.select_question(question.id)

    def _data_changed(self, what: str) -> None:
        # Answers saved elsewhere can freeze a template; hidden, the window refreshes on show.
        if what in ("templates", "rounds", "reviews") and self.isVisible():
            self.refresh()

    def current_template(self) -> Template | None:
        """The selected template version."""
        return self.templates_model.template_at(self.templates_table.currentIndex().row())

    def current_question(self) -> Question | None:
        """The selected question."""
        return self.questions_model.question_at(self.questions_table.currentIndex().row())

    def select_template(self, template_id: str) -> None:
        """Select this template version (the first row if it is not shown)."""
        row = max(self.templates_model.row_of(template_id), 0)
        if self.templates_model.rowCount() == 0:
            self._template_changed()
            return
        self.templates_table.selectRow(row)
        self._template_changed()

    def select_question(self, question_id: str) -> None:
        """Select this question of the selected template."""
        row = self.questions_model.row_of(question_id)
        if row >= 0:
            self.questions_table.selectRow(row)

    def _template_changed(self, *_args: QItemSelection) -> None:
        template = self.current_template()
        self.questions_model.set_questions(template.questions if template else ())
        if template is not None and template.questions:
            self.questions_table.selectRow(0)
        for button in (self.export_button, self.edit_button, self.new_question_button):
            button.setEnabled(template is not None)
        self._question_changed()

    def _question_changed(self, *_args: QItemSelection) -> None:
        self.details.show_question(self.current_question(), self.current_template())

    # Import and export ----------------------------------------------------------------------

    def choose_import_file(self) -> None:
        """Ask for a template file and import it."""
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Importera mall"), "", _("Mallfiler (*.json);;Alla filer (*)")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Import a template file in the background and say what happened."""
        self.message.clear_message()
        self.problems.clear_problems()
        self.context.run_task(
            lambda db, _progress: templates_service.import_template_file(db, path),
            _("Importerar mallen …"),
            on_success=self._imported,
            on_failure=self._import_failed,
        )

    def _imported(self, result: tuple[Template, bool]) -> None:
        template, new = result
        if new:
            self.message.show_info(
                _("Mallen importerades: {title}, version {version}.").format(
                    title=template.title, version=template.version
                )
            )
            self.context.notify("templates")
        else:
            self.message.show_info(
                _("Mallen fanns redan: {title}, version {version}. Ingenting ändrades.").format(
                    title=template.title, version=template.version
                )
            )
        self.refresh()
        self.select_template(template.id)

    def _import_failed(self, exc: BaseException, details: str) -> None:
        if isinstance(exc, KvaldeskError):
            self.problems.show_exception(exc)
        else:
            show_error(self, exc, details)

    def choose_export_file(self) -> None:
        """Ask where to save the selected template and export it."""
        template = self.current_template()
        if template is None:
            return
        suggested = str(Path.home() / f"{template.key}-version-{template.version}.json")
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Exportera mall"), suggested, _("Mallfiler (*.json);;Alla filer (*)")
        )
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> None:
        """Write the selected template version to ``path`` in the background."""
        template = self.current_template()
        if template is None:
            return
        if not path.suffix:
            path = path.with_suffix(".json")
        key, version = template.key, template.version
        self.message.clear_message()
        self.problems.clear_problems()
        self.context.run_task(
            lambda db, _progress: templates_service.export_template_file(db, key, path, version),
            _("Exporterar mallen …"),
            on_success=lambda _t: self.message.show_info(
                _("Mallen sparades i filen {path}.").format(path=path)
            ),
            on_failure=self._export_failed,
        )

    def _export_failed(self, exc: BaseException, details: str) -> None:
        if isinstance(exc, KvaldeskError):
            self.message.show_exception(exc)
        elif isinstance(exc, OSError):
            self.message.show_error(
                _(
                    "Filen kunde inte sparas ({reason}). Välj en annan mapp eller ett annat namn."
                ).format(reason=exc.strerror or exc)
            )
        else:
            show_error(self, exc, details)

    # Editing --------------------------------------------------------------------------------

    def make_editor(self, add_question: bool = False) -> TemplateEditorDialog | None:
        """The editor for the selected template (not yet shown)."""
        template = self.current_template()
        if template is None:
            return None
        question = self.current_question()
        return TemplateEditorDialog(
            self.context,
            template,
            self,
            add_question=add_question,
            select_question=question.id if question else None,
        )

    def open_editor(self, add_question: bool = False) -> None:
        """Edit the selected template in the editor; afterwards show what was saved."""
        dialog = self.make_editor(add_question)
        if dialog is None:
            return
        dialog.exec()
        self.editor_closed(dialog)

    def editor_closed(self, dialog: TemplateEditorDialog) -> None:
        """Show the saved template and what the last save did."""
        if dialog.saved_template is not None:
            self.refresh()
            self.select_template(dialog.saved_template.id)
            self.message.show_info(dialog.saved_message)
