"""Åtgärder: the actions decided from findings, with overdue ones marked, and quick status; with
one round chosen, also the actions of earlier rounds of the same template to follow up."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from kvaldesk.domain.enums import ActionStatus
from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.domain.model import Action
from kvaldesk.services import actions as actions_service
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services import templates as templates_service
from kvaldesk.services.actions import OPEN_STATUSES, STATUS_LABELS, ActionRow
from ui.context import AppContext
from ui.dialogs.action_dialog import ActionDialog
from ui.i18n import _
from ui.models.actions_table_model import ROUND
from ui.ui_state import remember_splitter
from ui.views.action_details import ActionDetails
from ui.views.actions_table import ActionsTable
from ui.views.earlier_actions_panel import EarlierActionsPanel
from ui.widgets import VIEW_MARGINS, MessageLabel, labelled_chooser, titled_layout

ALL_ROUNDS = ""


class ActionsView(QWidget):
    """The list of actions of one round or all rounds."""

    view_name = "actions"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._templates: dict[str, dict[str, str]] = {}
        self._round_templates: dict[str, str] = {}
        self._round_names: dict[str, str] = {}
        self._all_rows: list[ActionRow] = []
        self._build()
        context.data_changed.connect(self._data_changed)
        context.round_selected.connect(lambda _round_id: self._update_new_button())
        self.refresh()

    # Building -------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = titled_layout(self, _("Åtgärder"), VIEW_MARGINS)
        intro = QLabel(
            _(
                "Åtgärder är det ni bestämmer att göra åt brister som granskningen visar: vad, "
                "vem som ansvarar och när det ska vara klart."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.round_combo, round_label = labelled_chooser(
            _("&Omgång:"), _("Visa åtgärder för omgång"), 40
        )
        self.show_closed = QCheckBox(_("Visa avsl&utade"))
        self.show_closed.setAccessibleName(_("Visa avslutade åtgärder"))
        self.show_closed.setToolTip(_("Visa också åtgärder som är klara eller avbrutna."))
        self.count_label = QLabel()
        self.count_label.setAccessibleName(_("Antal åtgärder"))
        filters.addWidget(round_label)
        filters.addWidget(self.round_combo)
        filters.addSpacing(8)
        filters.addWidget(self.show_closed)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        self.table = ActionsTable()
        self.model, self.proxy = self.table.actions_model, self.table.proxy

        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setAccessibleName(_("Inga åtgärder"))
        self.empty_label.setStyleSheet("color: #44515c; padding: 24px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        self.details_area = ActionDetails()
        self.details = self.details_area.text_label

        self.earlier = EarlierActionsPanel()
        self.earlier.hide()
        self.earlier.edit_requested.connect(self._edit_earlier)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.earlier)
        self.splitter.addWidget(self.details_area)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([400, 200, 130])
        self.splitter.setChildrenCollapsible(False)
        remember_splitter(self.splitter, "actions-splitter", self)
        layout.addWidget(self.splitter, 1)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.new_button = QPushButton(_("&Ny åtgärd…"))
        self.new_button.setAccessibleName(_("Ny åtgärd"))
        self.edit_button = QPushButton(_("&Redigera…"))
        self.edit_button.setAccessibleName(_("Redigera vald åtgärd"))
        self.edit_button.setToolTip(_("Redigera vald åtgärd (Enter eller dubbelklick)."))
        status_label_widget = QLabel(_("Ändra &status:"))
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(_("Ändra status för vald åtgärd"))
        for status, label in STATUS_LABELS.items():
            self.status_combo.addItem(_(label), status.value)
        status_label_widget.setBuddy(self.status_combo)
        self.done_button = QPushButton(_("Markera som &klar"))
        self.done_button.setAccessibleName(_("Markera vald åtgärd som klar"))
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(status_label_widget)
        buttons.addWidget(self.status_combo)
        buttons.addWidget(self.done_button)
        layout.addLayout(buttons)

        self.message = MessageLabel()
        layout.addWidget(self.message)

        QWidget.setTabOrder(self.round_combo, self.show_closed)
        QWidget.setTabOrder(self.show_closed, self.table)
        QWidget.setTabOrder(self.table, self.earlier.table)
        QWidget.setTabOrder(self.earlier.table, self.new_button)
        QWidget.setTabOrder(self.new_button, self.edit_button)
        QWidget.setTabOrder(self.edit_button, self.status_combo)
        QWidget.setTabOrder(self.status_combo, self.done_button)

        self.round_combo.activated.connect(lambda _index: self._reload())
        self.show_closed.toggled.connect(lambda _checked: self._reload())
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(
            lambda *_args: self._selection_changed()
        )
        self.table.installEventFilter(self)  # Enter edits the selected action
        self.new_button.clicked.connect(self.new_action)
        self.edit_button.clicked.connect(self.edit_selected)
        self.status_combo.activated.connect(self._status_chosen)
        self.done_button.clicked.connect(lambda: self.set_status(ActionStatus.DONE))

    # Keys and column widths -----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the table edits the selected action."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers()
            in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        ):
            self.edit_selected()
            return True
        return super().eventFilter(watched, event)

    # Loading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the rounds and the actions, keeping the filter and the selection."""
        self._reload_rounds()
        self._reload()

    def _data_changed(self, what: str) -> None:
        if what in ("actions", "rounds", "templates"):
            self.refresh()

    def _reload_rounds(self) -> None:
        chosen = self.round_filter()
        choices = rounds_service.list_round_choices(self.context.db)
        self._round_templates = {r.id: r.template_id for r in choices}
        self._round_names = {r.id: r.name for r in choices}
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        self.round_combo.addItem(_("Alla omgångar"), ALL_ROUNDS)
        for round_ in choices:
            self.round_combo.addItem(round_.name, round_.id)
        index = self.round_combo.findData(chosen)
        self.round_combo.setCurrentIndex(max(index, 0))
        self.round_combo.blockSignals(False)

    def round_filter(self) -> str:
        """The round the list is limited to, or "" for all rounds."""
        value = self.round_combo.currentData()
        return str(value) if value else ALL_ROUNDS

    def set_round_filter(self, round_id: str) -> None:
        """Show only the actions of this round ("" for all)."""
        index = self.round_combo.findData(round_id or ALL_ROUNDS)
        self.round_combo.setCurrentIndex(max(index, 0))
        self._reload()

    def _question_texts(self, rows: list[ActionRow]) -> dict[tuple[str, str], str]:
        """(round id, question id) -> "3. question text" for the questions the rows name."""
        texts: dict[tuple[str, str], str] = {}
        for row in rows:
            action = row.action
            if not action.question_id:
                continue
            template_id = self._round_templates.get(action.round_id)
            if not template_id:
                continue
            if template_id not in self._templates:
                # Template versions never change once stored, so this is loaded once.
                template = templates_service.get_template_by_id(self.context.db, template_id)
                self._templates[template_id] = {
                    q.id: _("{number}. {text}").format(number=number, text=q.text)
                    for number, q in enumerate(template.questions, start=1)
                }
            text = self._templates[template_id].get(action.question_id)
            if text:
                texts[(action.round_id, action.question_id)] = text
        return texts

    def _reload(self) -> None:
        selected = self.selected_action()
        round_id = self.round_filter() or None
        self._all_rows = actions_service.list_actions(self.context.db, round_id)
        rows = [
            r
            for r in self._all_rows
            if self.show_closed.isChecked() or r.action.status in OPEN_STATUSES
        ]
        self.model.set_rows(rows, self._question_texts(rows))
        # One round chosen: its name in every row would only take space.
        self.table.setColumnHidden(ROUND, bool(self.round_filter()))
        self.table.column_widths.fit()
        self._update_counts(rows)
        self._update_empty_state(rows)
        earlier = (
            actions_service.earlier_round_actions(self.context.db, round_id) if round_id else []
        )
        self.earlier.show_rows(earlier, self._question_texts(earlier))
        if selected is not None:
            self.select_action(selected.id)
        if self.selected_action() is None and rows:
            self.table.selectRow(0)
        self._selection_changed()

    def _update_counts(self, rows: list[ActionRow]) -> None:
        overdue = sum(1 for r in rows if r.overdue)
        if not rows:
            self.count_label.clear()
        elif overdue:
            self.count_label.setText(
                _("{n} åtgärder visas, {late} försenade").format(n=len(rows), late=overdue)
            )
        else:
            self.count_label.setText(_("{n} åtgärder visas").format(n=len(rows)))

    def _update_empty_state(self, rows: list[ActionRow]) -> None:
        self.details_area.setVisible(bool(rows))
        if rows:
            self.stack.setCurrentWidget(self.table)
            return
        hidden = len(self._all_rows)
        if hidden:
            text = _(
                "Alla åtgärder här är klara eller avbrutna ({n} st). Markera "
                "”Visa avslutade” för att se dem."
            ).format(n=hidden)
        elif self.round_filter():
            text = _(
                "Den här omgången har inga åtgärder ännu. Åtgärder skapas från resultat "
                "eller kritiska avvikelser, eller här med ”Ny åtgärd…”."
            )
        else:
            text = _(
                "Det finns inga åtgärder ännu. Åtgärder skapas från resultat eller "
                "kritiska avvikelser, eller här med ”Ny åtgärd…”."
            )
        self.empty_label.setText(text)
        self.stack.setCurrentWidget(self.empty_label)

    # Selection ------------------------------------------------------------------------------

    def selected_row(self) -> ActionRow | None:
        """The selected action with its round name and overdue flag, or None."""
        return self.table.selected_row()

    def selected_action(self) -> Action | None:
        """The selected action, or None."""
        row = self.selected_row()
        return row.action if row else None

    def select_action(self, action_id: str) -> bool:
        """Select the row of this action if it is shown."""
        return self.table.select_action(action_id)

    def _selection_changed(self) -> None:
        row = self.selected_row()
        has_row = row is not None
        self.edit_button.setEnabled(has_row)
        self.status_combo.setEnabled(has_row)
        self.done_button.setEnabled(row is not None and row.action.status != ActionStatus.DONE)
        self._update_new_button()
        if row is None:
            self.details_area.show_row(None)
            return
        self.status_combo.setCurrentIndex(
            max(self.status_combo.findData(row.action.status.value), 0)
        )
        self.details_area.show_row(row, self.model.question_text(row))

    def _update_new_button(self) -> None:
        self.new_button.setEnabled(bool(self._round_templates))
        round_id = self.round_for_new_action()
        if not self._round_templates:
            tip = _("Skapa först en granskningsomgång under Granskningar.")
        elif round_id:
            tip = _("Ny åtgärd i omgången {round}.").format(round=self._round_names[round_id])
        else:
            tip = _("Välj först vilken omgång åtgärden gäller i listan ”Omgång”.")
        self.new_button.setToolTip(tip)

    # Actions --------------------------------------------------------------------------------

    def round_for_new_action(self) -> str:
        """The round a new action belongs to: the filter's round, else the current round."""
        chosen = self.round_filter()
        if chosen:
            return chosen
        current = self.context.current_round_id
        return current if current in self._round_templates else ""

    def make_dialog(self, round_id: str, action: Action | None = None) -> QDialog:
        """The create/edit dialog (a method, so tests can drive it)."""
        return ActionDialog(self.context, round_id, action, parent=self)

    def new_action(self) -> None:
        """Create an action in the filtered or current round."""
        self.message.clear_message()
        round_id = self.round_for_new_action()
        if not round_id:
            self.message.show_error(
                _("Välj först vilken omgång åtgärden gäller i listan ”Omgång” ovanför tabellen.")
            )
            self.round_combo.setFocus()
            return
        self._run_dialog(self.make_dialog(round_id))

    def edit_selected(self) -> None:
        """Edit the selected action."""
        action = self.selected_action()
        if action is None:
            return
        self.message.clear_message()
        self._run_dialog(self.make_dialog(action.round_id, action))

    def _edit_earlier(self, action: Action) -> None:
        """Edit an action of an earlier round (to follow it up: its status, mostly)."""
        self.message.clear_message()
        self._run_dialog(self.make_dialog(action.round_id, action))

    def _run_dialog(self, dialog: QDialog) -> None:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        saved: Action | None = getattr(dialog, "saved_action", None)
        # The dialog has saved and told every view (notify "actions"); reloading here as
        # well is cheap and makes sure the saved action can be selected below.
        self._reload()
        if saved is not None and self.earlier.table.select_action(saved.id):
            self.message.show_info(_("Åtgärden sparades."))
            self.earlier.table.setFocus()
            return
        if saved is not None:
            if not self.select_action(saved.id) and saved.status not in OPEN_STATUSES:
                self.message.show_info(
                    _(
                        "Åtgärden sparades. Den är avslutad och visas när du markerar "
                        "”Visa avslutade”."
                    )
                )
                return
            self.message.show_info(_("Åtgärden sparades."))
        self.table.setFocus()

    def _status_chosen(self, index: int) -> None:
        """The user picked a status in the combo (not when the selection sets it)."""
        value = self.status_combo.itemData(index)
        if value:
            self.set_status(ActionStatus(str(value)))

    def set_status(self, status: ActionStatus) -> None:
        """Give the selected action a new status and save it."""
        action = self.selected_action()
        if action is None or action.status == status:
            return
        try:
            saved = actions_service.update_action(self.context.db, replace(action, status=status))
        except KvaldeskError as exc:
            self.message.show_exception(exc)
            return
        label = _(STATUS_LABELS[status])
        self.context.notify("actions")
        if self.select_action(saved.id):
            self.message.show_info(_("Status ändrad till {status}.").format(status=label))
        else:
            self.message.show_info(
                _(
                    "Status ändrad till {status}. Åtgärden visas när du markerar ”Visa avslutade”."
                ).format(status=label)
            )
        self.table.setFocus()
