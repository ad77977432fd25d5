"""The top of an open review: case, round and reviewer, progress, whether every answer is
saved, and the banner that says why answers are locked (with reopening)."""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvaldesk.domain.enums import ReviewStatus, RoundStatus
from kvaldesk.domain.model import Case, Review, Round, Template
from ui.i18n import _
from ui.widgets import MUTED_STYLE, SPACING, MessageLabel, heading, note

BANNER_STYLES = {
    "done": "QFrame#banner { background: #e8f5e9; border: 1px solid #b9dfbf; border-radius: 4px; }",
    "locked": "QFrame#banner { background: #f3f5f7; border: 1px solid #cfd6dd; "
    "border-radius: 4px; }",
}


def local_time(iso_stamp: str | None) -> str:
    """An ISO UTC time stamp as local "YYYY-MM-DD HH:MM" ("" when missing or unreadable)."""
    if not iso_stamp:
        return ""
    try:
        moment = datetime.fromisoformat(iso_stamp.replace("Z", "+00:00"))
    except ValueError:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class SavedStateLabel(QLabel):
    """Shows whether every answer is saved: "Sparat 14:32", "Sparar …" or a problem."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.state = "idle"

    def _set(self, state: str, text: str, style: str) -> None:
        self.state = state
        self.setText(text)
        self.setStyleSheet(style)
        self.setAccessibleDescription(text)

    def set_saved(self, moment: datetime | None = None) -> None:
        """Everything is saved (at ``moment``, default now)."""
        stamp = (moment or datetime.now()).strftime("%H:%M")
        self._set("saved", _("✓ Sparat {time}").format(time=stamp), "color: #1d6b34;")

    def set_saving(self) -> None:
        """A change is waiting to be saved."""
        self._set("saving", _("Sparar …"), "color: #4a5560;")

    def set_failed(self, text: str) -> None:
        """Something typed could not be saved."""
        self._set("failed", text, "color: #a4161a; font-weight: bold;")

    def set_idle(self) -> None:
        """Nothing has been saved in this session yet."""
        self._set("idle", _("Svaren sparas automatiskt"), MUTED_STYLE)


class ReviewHeader(QFrame):
    """Round, case, reviewer and template; progress; the saved state; back to the case list."""

    back_requested = Signal()
    print_requested = Signal()
    save_pdf_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        left = QVBoxLayout()
        left.setSpacing(4)
        self.title = heading("", 4)
        self.details = note("", MUTED_STYLE)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left.addWidget(self.title)
        left.addWidget(self.details)
        layout.addLayout(left, 1)
        right = QVBoxLayout()
        right.setSpacing(4)
        self.back_button = QPushButton(_("Till ärende&listan"))
        self.back_button.setAccessibleName(_("Tillbaka till ärendelistan"))
        self.back_button.setToolTip(
            _("Stäng granskningen och välj ett annat ärende. Allt du har svarat är redan sparat.")
        )
        self.back_button.clicked.connect(self.back_requested)
        self.print_action = QAction(_("Skriv &ut sammanfattning…"), self)
        self.print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_action.setToolTip(
            _("Skriv ut granskningens sammanfattning (Ctrl+P), till exempel inför samtalet.")
        )
        self.print_action.triggered.connect(self.print_requested)
        self.save_pdf_action = QAction(_("Spara sammanfattning som &PDF…"), self)
        self.save_pdf_action.setToolTip(_("Spara granskningens sammanfattning som en PDF-fil."))
        self.save_pdf_action.triggered.connect(self.save_pdf_requested)
        self.summary_menu = QMenu(self)
        self.summary_menu.setToolTipsVisible(True)
        self.summary_menu.addAction(self.print_action)
        self.summary_menu.addAction(self.save_pdf_action)
        self.summary_button = QPushButton(_("Sammanfat&tning"))
        self.summary_button.setAccessibleName(_("Skriv ut eller spara sammanfattningen"))
        self.summary_button.setToolTip(
            _("Skriv ut granskningens sammanfattning (Ctrl+P) eller spara den som PDF.")
        )
        self.summary_button.setMenu(self.summary_menu)
        buttons = QHBoxLayout()
        buttons.setSpacing(SPACING)
        buttons.addStretch(1)
        buttons.addWidget(self.summary_button)
        buttons.addWidget(self.back_button)
        self.progress_label = QLabel()
        self.progress_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(_("Förlopp i granskningen"))
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedWidth(220)
        self.progress_bar.setMaximumHeight(10)
        self.saved_state = SavedStateLabel()
        right.addLayout(buttons)
        right.addWidget(self.progress_label)
        right.addWidget(self.progress_bar, 0, Qt.AlignmentFlag.AlignRight)
        right.addWidget(self.saved_state)
        layout.addLayout(right)

    def show_review(
        self, review: Review, round_: Round, template: Template, case: Case | None
    ) -> None:
        """Case reference as the title; round, template, group, unit and reviewer below."""
        reference = case.reference if case else "?"
        self.title.setText(_("Ärende {reference}").format(reference=reference))
        parts = [
            _("Omgång: {name}").format(name=round_.name),
            _("Mall: {title}, version {version}").format(
                title=template.title, version=template.version
            ),
        ]
        if case and case.subgroup:
            parts.append(_("Grupp: {group}").format(group=case.subgroup))
        if case and case.unit:
            parts.append(_("Enhet: {unit}").format(unit=case.unit))
        parts.append(_("Granskare: {name}").format(name=review.reviewer))
        self.details.setText(" · ".join(parts))

    def set_progress(self, answered: int, applicable: int) -> None:
        """Show "7 av 12 besvarade" and the bar."""
        text = _("{n} av {total} besvarade").format(n=answered, total=applicable)
        self.progress_label.setText(text)
        self.progress_bar.setRange(0, max(applicable, 1))
        self.progress_bar.setValue(answered)
        self.progress_bar.setAccessibleDescription(text)


class StatusBanner(QFrame):
    """Why the answers cannot change (review complete or round closed), and reopening."""

    reopen_confirmed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(SPACING)
        row = QHBoxLayout()
        self.text = QLabel()
        self.text.setWordWrap(True)
        row.addWidget(self.text, 1)
        self.reopen_button = QPushButton(_("Öppna &igen för ändring …"))
        self.reopen_button.setAccessibleName(_("Öppna granskningen igen för ändring"))
        self.reopen_button.setToolTip(
            _("Gör granskningen ändringsbar igen. Du anger varför; det sparas i loggen.")
        )
        self.reopen_button.setAutoDefault(True)
        self.reopen_button.clicked.connect(self.ask_reason)
        row.addWidget(self.reopen_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        self.reason_row = QWidget()
        reason_layout = QHBoxLayout(self.reason_row)
        reason_layout.setContentsMargins(0, 0, 0, 0)
        reason_layout.setSpacing(SPACING)
        self.reason_label = QLabel(_("Anl&edning:"))
        self.reason = QLineEdit()
        self.reason.setAccessibleName(_("Anledning till att granskningen öppnas igen"))
        self.reason.setPlaceholderText(_("Till exempel: fel svar på fråga 4"))
        self.reason.setMaxLength(500)
        self.reason_label.setBuddy(self.reason)
        self.reason.returnPressed.connect(self._confirm)
        self.confirm_button = QPushButton(_("Öppna igen"))
        self.confirm_button.setAccessibleName(_("Bekräfta att granskningen öppnas igen"))
        self.confirm_button.setAutoDefault(True)
        self.confirm_button.clicked.connect(self._confirm)
        self.cancel_button = QPushButton(_("Avbryt"))
        self.cancel_button.setAccessibleName(_("Avbryt, granskningen förblir klar"))
        self.cancel_button.setAutoDefault(True)
        self.cancel_button.clicked.connect(self.hide_reason)
        reason_layout.addWidget(self.reason_label)
        reason_layout.addWidget(self.reason, 1)
        reason_layout.addWidget(self.confirm_button)
        reason_layout.addWidget(self.cancel_button)
        layout.addWidget(self.reason_row)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.reason_row.hide()
        self.hide()

    def show_for(self, review: Review, round_: Round) -> None:
        """Explain why the answers are locked, or hide when they can change."""
        closed = round_.status is RoundStatus.CLOSED
        if review.status is ReviewStatus.COMPLETE:
            when = local_time(review.completed_at)
            if when:
                text = _(
                    "<b>Granskningen är klar</b> (markerad {when}). Svaren kan inte ändras."
                ).format(when=html.escape(when))
            else:
                text = _("<b>Granskningen är klar.</b> Svaren kan inte ändras.")
            if closed:
                text = _(
                    "{text} Omgången är stängd, så granskningen kan inte öppnas igen här."
                ).format(text=text)
            self.show_state(text, "done", can_reopen=not closed)
        elif closed:
            text = _(
                "<b>Omgången {name} är stängd.</b> Svaren kan läsas men inte ändras. "
                "Den som samordnar omgången kan öppna den igen under Granskningar."
            ).format(name=html.escape(round_.name))
            self.show_state(text, "locked", can_reopen=False)
        else:
            self.hide()

    def show_state(self, text: str, kind: str, can_reopen: bool) -> None:
        """Show the banner with ``text``; ``kind`` is "done" or "locked"."""
        self.setStyleSheet(BANNER_STYLES[kind])
        self.text.setText(text)
        self.text.setAccessibleDescription(text)
        self.reopen_button.setVisible(can_reopen)
        self.hide_reason()
        self.show()

    def ask_reason(self) -> None:
        """Show the reason field."""
        self.reason.clear()
        self.message.clear_message()
        self.reason_row.show()
        self.reason.setFocus()

    def hide_reason(self) -> None:
        """Hide the reason field."""
        self.reason_row.hide()
        self.message.clear_message()

    def _confirm(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.message.show_error(
                _("Skriv kort varför granskningen öppnas igen. Anledningen sparas i loggen.")
            )
            self.reason.setFocus()
            return
        self.reopen_confirmed.emit(reason)
