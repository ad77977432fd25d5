"""Konflikter: reviews changed on two computers without either seeing the other's change.
The coordinator compares the differing answers side by side and keeps one version."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.domain.model import Template
from kvaldesk.services import exchange as exchange_service
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services import templates as templates_service
from kvaldesk.services.exchange import ConflictInfo
from ui.context import AppContext
from ui.i18n import _
from ui.models.conflicts_model import ConflictsModel, DifferencesModel, differences
from ui.tables import setup_row_table, stretch_table
from ui.widgets import MessageLabel, make_bold, note, titled_layout


class ConflictsDialog(QDialog):
    """The unresolved conflicts, what differs in the selected one, and the two choices."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._templates: dict[str, Template | None] = {}
        self.setWindowTitle(_("Konflikter"))
        self.setAccessibleName(_("Konflikter"))
        self.resize(920, 620)
        layout = titled_layout(self, _("Konflikter att lösa"))
        layout.addWidget(
            note(
                _(
                    "Granskningarna nedan har ändrats på två datorer utan att den ena visste om "
                    "den andra. Tills du väljer gäller din version. Välj en konflikt, jämför "
                    "svaren och behåll en av versionerna."
                )
            )
        )
        self.model = ConflictsModel(self)
        self.table = setup_row_table(QTableView(), _("Konflikter"))
        self.table.setModel(self.model)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self.table.verticalHeader().setMinimumSectionSize(26)
        layout.addWidget(self.table, 1)

        self.differences_label = make_bold(QLabel(_("Svar som skiljer sig")))
        layout.addWidget(self.differences_label)
        self.differences = DifferencesModel(self)
        self.differences_table = stretch_table(self.differences, _("Svar som skiljer sig"), 0)
        self.differences_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        for column in (1, 2):
            self.differences_table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.Stretch
            )
        self.differences_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.differences_table.verticalHeader().setMinimumSectionSize(28)
        self.differences_table.setStyleSheet("QTableView::item { padding: 4px 2px; }")
        layout.addWidget(self.differences_table, 2)

        self.empty_label = note(_("Det finns inga konflikter att lösa."))
        layout.addWidget(self.empty_label)
        self.message = MessageLabel()
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        self.keep_local_button = QPushButton(_("Behåll &min version"))
        self.keep_local_button.setAccessibleName(_("Behåll min version av granskningen"))
        self.keep_incoming_button = QPushButton(_("Behåll &inkommande version"))
        self.keep_incoming_button.setAccessibleName(
            _("Behåll den inkommande versionen av granskningen")
        )
        buttons.addWidget(self.keep_local_button)
        buttons.addWidget(self.keep_incoming_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("St&äng"))
        close.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(
            _("Stäng konflikterna")
        )
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)

        self.keep_local_button.clicked.connect(lambda: self.resolve("local"))
        self.keep_incoming_button.clicked.connect(lambda: self.resolve("incoming"))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.refresh()

    # Data ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the unresolved conflicts and select the first."""
        conflicts = exchange_service.list_conflicts(self.context.db)
        self.model.set_rows(conflicts)
        self.empty_label.setVisible(not conflicts)
        if conflicts:
            self.table.selectRow(0)
        self._show(self.current())

    def current(self) -> ConflictInfo | None:
        """The selected conflict, if any."""
        index = self.table.currentIndex()
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return self.model.row_at(rows[0].row())
        return self.model.row_at(index.row()) if index.isValid() else None

    def _selection_changed(self, *_args: QItemSelection) -> None:
        self._show(self.current())

    def _template(self, conflict: ConflictInfo) -> Template | None:
        if conflict.round_id not in self._templates:
            try:
                round_ = rounds_service.get_round(self.context.db, conflict.round_id)
                template: Template | None = templates_service.get_template(
                    self.context.db, round_.template_key, round_.template_version
                )
            except KvaldeskError:
                template = None
            self._templates[conflict.round_id] = template
        return self._templates[conflict.round_id]

    def _show(self, conflict: ConflictInfo | None) -> None:
        for button in (self.keep_local_button, self.keep_incoming_button):
            button.setEnabled(conflict is not None)
        if conflict is None:
            self.differences.set_rows([])
            self.differences_label.setText(_("Svar som skiljer sig"))
            return
        template = self._template(conflict)

        def question_text(qid: str) -> str:
            question = template.question(qid) if template is not None else None
            return question.text if question is not None else qid

        def option_label(qid: str, value: str) -> str:
            question = template.question(qid) if template is not None else None
            option = question.option(value) if question is not None else None
            return option.label if option is not None else value

        self.differences.set_rows(differences(conflict, question_text, option_label))
        self.differences_label.setText(
            _("Svar som skiljer sig i ärende {case}").format(case=conflict.case_reference)
        )

    # Resolving ----------------------------------------------------------------------------

    def resolve(self, keep: str) -> bool:
        """Keep the local or the incoming version of the selected conflict's review."""
        conflict = self.current()
        if conflict is None:
            return False
        try:
            exchange_service.resolve_conflict(self.context.db, conflict.id, keep)
        except KvaldeskError as exc:
            self.message.show_exception(exc)
            self.refresh()
            return False
        row = self.model.row_of(conflict.id)
        if keep == "local":
            text = _("Konflikten i ärende {case} är löst: din version behölls.")
        else:
            text = _("Konflikten i ärende {case} är löst: den inkommande versionen behölls.")
        self.message.show_info(text.format(case=conflict.case_reference))
        self.context.notify("reviews")
        self.context.status_message.emit(text.format(case=conflict.case_reference))
        self.refresh()
        if self.model.rowCount() and row >= 0:
            self.table.selectRow(min(row, self.model.rowCount() - 1))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True
