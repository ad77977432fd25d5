"""The results view's Analys tab: the coordinator's analysis of a round, saved while typing
(after a pause) and when the field is left; a refused text (a personnummer) is explained and
not saved."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.services import rounds as rounds_service
from ui.context import AppContext
from ui.i18n import _
from ui.widgets import MessageLabel, note

#: Wait this long after the last keystroke before the analysis is saved.
ANALYSIS_SAVE_DELAY_MS = 1500
SAVED_STYLE = "color: #1d4d2b;"
UNSAVED_STYLE = "color: #7a4a00;"


class AnalysisPanel(QWidget):
    """The analysis of one round, with its saved state. ``saved`` is emitted after a save."""

    saved = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._round_id = ""
        self._dirty = False
        self._loading = False
        self.edit = QPlainTextEdit()
        self.edit.setAccessibleName(_("Analys"))
        self.edit.setPlaceholderText(
            _(
                "Vad visar resultatet? Vilka brister är viktigast, och vad kan de bero på? "
                "Skriv inga personnummer eller namn på klienter."
            )
        )
        self.edit.setTabChangesFocus(True)
        self.edit.textChanged.connect(self._edited)
        self.edit.installEventFilter(self)
        label = QLabel(_("&Din analys av omgångens resultat:"))
        label.setBuddy(self.edit)
        self.status = QLabel()
        self.status.setAccessibleName(_("Sparstatus"))
        self.message = MessageLabel()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(ANALYSIS_SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save)
        header = QHBoxLayout()
        header.setSpacing(8)
        header.addWidget(label, 1)
        header.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(
            note(_("Analysen sparas medan du skriver och följer med i omgångens rapport."))
        )
        layout.addWidget(self.message)
        layout.addWidget(self.edit, 1)

    def switch_round(self, round_id: str) -> str:
        """Show the analysis of this round ("": none), saving the one shown first. Returns why
        the one shown could not be saved ("" when it was, or needed no saving)."""
        if round_id == self._round_id:
            return ""
        refused = ""
        if self._dirty and not self.save():
            refused = self.message.text()
        self._round_id = round_id
        self._dirty = False
        self.timer.stop()
        self.message.clear_message()
        self.status.clear()
        text = rounds_service.get_round(self.context.db, round_id).analysis if round_id else ""
        self._loading = True
        self.edit.setPlainText(text)
        self._loading = False
        self.edit.setEnabled(bool(round_id))
        return refused

    def _edited(self) -> None:
        if self._loading or not self._round_id:
            return
        self._dirty = True
        self.status.setStyleSheet(UNSAVED_STYLE)
        self.status.setText(_("Ändrat – sparas strax"))
        self.timer.start()

    def save(self) -> bool:
        """Save the analysis if it changed; a refused text (a personnummer) is explained and
        not saved. Returns whether everything is saved."""
        self.timer.stop()
        if not self._dirty or not self._round_id:
            return True
        try:
            rounds_service.save_analysis(self.context.db, self._round_id, self.edit.toPlainText())
        except KvaldeskError as exc:
            self.message.show_exception(exc)
            self.status.setStyleSheet(UNSAVED_STYLE)
            self.status.setText(_("Inte sparat"))
            return False
        self._dirty = False
        self.message.clear_message()
        self.status.setStyleSheet(SAVED_STYLE)
        self.status.setText(_("Sparat"))
        self.saved.emit()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Leaving the field saves the analysis."""
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self.save()
        return super().eventFilter(watched, event)
