"""First start: ask for the reviewer's name and unit, and offer a demo round to try."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.services import demo
from kvaldesk.services import settings as settings_service
from ui.context import AppContext
from ui.i18n import _
from ui.widgets import MessageLabel, heading

DEMO_REVIEWS = 48


class FirstStartDialog(QDialog):
    """Välkommen: name, unit and an optional demo round."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Välkommen till kvaldesk"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Välkommen till kvaldesk")))
        intro = QLabel(
            _(
                "kvaldesk hjälper dig att granska kollegors akter fråga för fråga och räknar ut "
                "resultaten åt er. Ange ditt namn och din enhet; de sparas bara på den här datorn "
                "och följer med dina granskningar."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setAccessibleName(_("Ditt namn"))
        self.unit = QLineEdit()
        self.unit.setAccessibleName(_("Din enhet"))
        form.addRow(_("Ditt &namn:"), self.name)
        form.addRow(_("Din &enhet:"), self.unit)
        layout.addLayout(form)
        self.demo = QCheckBox(_("Skapa exempelomgångar att prova med (påhittade ärenden)"))
        self.demo.setChecked(True)
        self.demo.setAccessibleName(_("Skapa exempelomgångar"))
        layout.addWidget(self.demo)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        """Store name and unit, make the demo if asked, and close."""
        if not self.name.text().strip():
            self.message.show_error(_("Skriv ditt namn. Det visas på dina granskningar."))
            self.name.setFocus()
            return
        db = self.context.db
        try:
            current = settings_service.load_settings(db)
            settings_service.save_settings(
                db, replace(current, reviewer_name=self.name.text(), reviewer_unit=self.unit.text())
            )
            if self.demo.isChecked():
                demo.make_demo(db, reviews=DEMO_REVIEWS, seed=2026)
        except KvaldeskError as exc:
            self.message.show_exception(exc)
            return
        self.context.notify("settings")
        self.context.notify("rounds")
        self.accept()
