"""Create or edit an action (åtgärd): what, who, by when, status.

Used by the results view (new action from a question or a critical finding) and by the
actions view (edit). On OK it saves through ``kvaldesk.services.actions``, tells the other
views (``context.notify("actions")``) and keeps the stored action in ``saved_action``.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kvaldesk.domain.enums import ActionStatus
from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.domain.model import Action
from kvaldesk.services import actions as actions_service
from ui.context import AppContext
from ui.i18n import _
from ui.widgets import MessageLabel, ok_cancel_buttons

DATE_FORMAT = "yyyy-MM-dd"
DEFAULT_DAYS_AHEAD = 30


def status_labels() -> dict[ActionStatus, str]:
    """The statuses in the order offered, with their translated labels."""
    return {
        ActionStatus.PLANNED: _("Planerad"),
        ActionStatus.IN_PROGRESS: _("Pågår"),
        ActionStatus.DONE: _("Klar"),
        ActionStatus.CANCELLED: _("Avbruten"),
    }


class ActionDialog(QDialog):
    """Ny åtgärd / Ändra åtgärd."""

    def __init__(
        self,
        context: AppContext,
        round_id: str,
        action: Action | None = None,
        question_id: str | None = None,
        review_id: str | None = None,
        parent: QWidget | None = None,
        *,
        description: str = "",
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.round_id = round_id
        self.action = action
        self.question_id = action.question_id if action else question_id
        self.review_id = action.review_id if action else review_id
        #: The stored action after OK (None until then).
        self.saved_action: Action | None = None
        self.setWindowTitle(_("Ändra åtgärd") if action else _("Ny åtgärd"))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(520)
        self._build(description)
        self._fill()

    def _build(self, description: str) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(8)
        self.description = QLabel(description)
        self.description.setWordWrap(True)
        self.description.setVisible(bool(description))
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.description.setAccessibleName(_("Vad åtgärden gäller"))
        layout.addWidget(self.description)

        form = QFormLayout()
        form.setSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(_("Åtgärd"))
        self.text.setPlaceholderText(
            _("Vad ska göras? Till exempel: gå igenom rutinen för skyddsbedömning på nästa APT.")
        )
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(90)
        text_label = QLabel(_("&Åtgärd:"))
        text_label.setBuddy(self.text)
        form.addRow(text_label, self.text)

        self.owner = QLineEdit()
        self.owner.setAccessibleName(_("Ansvarig"))
        self.owner.setPlaceholderText(_("Namn eller funktion, till exempel gruppledare"))
        owner_label = QLabel(_("A&nsvarig:"))
        owner_label.setBuddy(self.owner)
        form.addRow(owner_label, self.owner)

        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat(DATE_FORMAT)
        self.due.setAccessibleName(_("Klart senast"))
        self.no_due = QCheckBox(_("&Inget datum"))
        self.no_due.setAccessibleName(_("Inget slutdatum"))
        self.no_due.toggled.connect(lambda checked: self.due.setEnabled(not checked))
        due_row = QHBoxLayout()
        due_row.setSpacing(8)
        due_row.addWidget(self.due)
        due_row.addWidget(self.no_due)
        due_row.addStretch(1)
        due_label = QLabel(_("&Klart senast:"))
        due_label.setBuddy(self.due)
        form.addRow(due_label, due_row)

        self.status = QComboBox()
        self.status.setAccessibleName(_("Status"))
        for status, label in status_labels().items():
            self.status.addItem(label, status.value)
        status_label = QLabel(_("S&tatus:"))
        status_label.setBuddy(self.status)
        form.addRow(status_label, self.status)
        layout.addLayout(form)

        self.message = MessageLabel()
        layout.addWidget(self.message)

        self.buttons = ok_cancel_buttons(
            _("&Spara"),
            _("Spara åtgärden"),
            _("Avbryt utan att spara"),
            ok=QDialogButtonBox.StandardButton.Save,
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        QWidget.setTabOrder(self.text, self.owner)
        QWidget.setTabOrder(self.owner, self.due)
        QWidget.setTabOrder(self.due, self.no_due)
        QWidget.setTabOrder(self.no_due, self.status)
        QWidget.setTabOrder(self.status, save)
        QWidget.setTabOrder(save, cancel)

    def _fill(self) -> None:
        action = self.action
        default_due = QDate.currentDate().addDays(DEFAULT_DAYS_AHEAD)
        if action is None:
            self.due.setDate(default_due)
            self.status.setCurrentIndex(0)
        else:
            self.text.setPlainText(action.text)
            self.owner.setText(action.owner)
            if action.due_date:
                self.due.setDate(QDate.fromString(action.due_date, DATE_FORMAT))
            else:
                self.due.setDate(default_due)
                self.no_due.setChecked(True)
            found = self.status.findData(action.status.value)
            self.status.setCurrentIndex(max(found, 0))
        self.text.setFocus()

    def due_date(self) -> str | None:
        """The chosen date as YYYY-MM-DD, or None for "Inget datum"."""
        if self.no_due.isChecked():
            return None
        return str(self.due.date().toString(DATE_FORMAT))

    def chosen_status(self) -> ActionStatus:
        """The chosen status."""
        return ActionStatus(str(self.status.currentData()))

    def accept(self) -> None:
        """Save (create or update); on bad input say why in the dialog and stay open."""
        self.message.clear_message()
        if not self.text.toPlainText().strip():
            self.message.show_error(_("Skriv vad som ska göras."))
            self.text.setFocus()
            return
        db = self.context.db
        try:
            if self.action is None:
                saved = actions_service.create_action(
                    db,
                    self.round_id,
                    self.text.toPlainText(),
                    owner=self.owner.text(),
                    due_date=self.due_date(),
                    status=self.chosen_status(),
                    question_id=self.question_id,
                    review_id=self.review_id,
                )
            else:
                saved = actions_service.update_action(
                    db,
                    replace(
                        self.action,
                        text=self.text.toPlainText(),
                        owner=self.owner.text(),
                        due_date=self.due_date(),
                        status=self.chosen_status(),
                    ),
                )
        except KvaldeskError as exc:
            self.message.show_exception(exc)
            self.text.setFocus()
            return
        self.saved_action = saved
        self.context.notify("actions")
        super().accept()
