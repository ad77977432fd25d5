"""Dialogs that add cases to a round: one case at a time, or a pasted list (all or nothing)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from kvaldesk.domain.errors import KvaldeskError, Problem, ValidationError
from kvaldesk.domain.model import Case
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services import templates as templates_service
from ui.context import AppContext
from ui.i18n import _
from ui.models.problems_table_model import ProblemsTableModel
from ui.tables import stretch_table
from ui.widgets import (
    SMALL_PRINT_STYLE,
    MessageLabel,
    fit_height,
    make_bold,
    note,
    ok_cancel_buttons,
    round_label,
    titled_layout,
)

#: How long the preview waits after the last keystroke (ms), so large pastes stay smooth.
PREVIEW_DELAY_MS = 200


def _ok_text(n: int) -> str:
    if n == 1:
        return _("1 ärende kan läggas till.")
    return _("{n} ärenden kan läggas till.").format(n=n)


def _fine_text(n: int) -> str:
    if n == 1:
        return _("1 rad är i ordning.")
    return _("{n} rader är i ordning.").format(n=n)


def _problem_text(n: int) -> str:
    if n == 1:
        return _("1 rad har problem. Inga ärenden läggs till förrän den är rättad.")
    return _("{n} rader har problem. Inga ärenden läggs till förrän de är rättade.").format(n=n)


class CaseListEdit(QPlainTextEdit):
    """The list of pasted cases. Tab types a tab (it separates the columns), so Ctrl+Tab and
    Ctrl+Shift+Tab move on to the next or previous field."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Tab leaves the box; everything else is typing."""
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if control and event.key() == Qt.Key.Key_Tab:
            QWidget.focusNextPrevChild(self, True)  # the text box itself would refuse
            return
        if control and event.key() == Qt.Key.Key_Backtab:
            QWidget.focusNextPrevChild(self, False)
            return
        super().keyPressEvent(event)


class PasteCasesDialog(QDialog):
    """Klistra in ärenden: one reference per line, optionally with grupp and enhet after tabs."""

    def __init__(self, context: AppContext, round_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.round_id = round_id
        self.added: list[Case] = []
        round_ = rounds_service.get_round(context.db, round_id)
        self._existing = {
            c.reference.casefold() for c in rounds_service.list_cases(context.db, round_id)
        }

        self.setWindowTitle(_("Klistra in ärenden"))
        self.setMinimumSize(640, 560)
        layout = titled_layout(self, _("Klistra in ärenden"))
        layout.addWidget(round_label(round_.name))
        intro = QLabel(
            _(
                "Skriv eller klistra in en ärendereferens per rad. Grupp och enhet kan stå efter "
                "referensen, åtskilda med tabb – så blir det när du kopierar tre kolumner från "
                "Excel. Skriv aldrig personnummer; använd ärendets pseudonyma referens."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        label = QLabel(_("&Ärenden:"))
        self.text = CaseListEdit()
        self.text.setAccessibleName(_("Ärenden, en referens per rad"))
        self.text.setPlaceholderText(_("BU-2026-001\tny\tÖst\nBU-2026-002\tpågående\tÖst"))
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setTabStopDistance(110)
        label.setBuddy(self.text)
        layout.addWidget(label)
        layout.addWidget(self.text, 2)
        keys = note(
            _("Tabb skriver en tabb i rutan. Ctrl+Tabb går vidare till nästa fält."),
            SMALL_PRINT_STYLE,
        )
        layout.addWidget(keys)

        self.preview = make_bold(QLabel())
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName(_("Förhandsvisning"))
        layout.addWidget(self.preview)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.problems_model = ProblemsTableModel(self)
        self.problems_table = stretch_table(self.problems_model, _("Problem per rad"), 1)
        self.problems_table.setColumnWidth(0, 140)
        layout.addWidget(self.problems_table, 1)

        self.buttons = QDialogButtonBox()
        self.add_button = QPushButton(_("&Lägg till"))
        self.add_button.setAccessibleName(_("Lägg till ärendena"))
        self.add_button.setEnabled(False)
        cancel = QPushButton(_("Avbryt"))
        cancel.setAccessibleName(_("Avbryt"))
        self.buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.add_button.setAutoDefault(False)
        cancel.setAutoDefault(False)
        self.add_button.clicked.connect(self.add)
        cancel.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        self.text.textChanged.connect(self._timer.start)
        QWidget.setTabOrder(self.text, self.problems_table)
        QWidget.setTabOrder(self.problems_table, self.add_button)
        QWidget.setTabOrder(self.add_button, cancel)
        self.update_preview()
        self.text.setFocus()

    def update_preview(self) -> None:
        """Show how many lines are fine and every problem, by line (nothing is saved)."""
        self._timer.stop()
        text = self.text.toPlainText()
        cases, problems = rounds_service.parse_case_lines(text)
        problems = list(problems)
        for case in cases:
            if case.reference.casefold() in self._existing:
                problems.append(Problem(case.reference, _("finns redan i omgången")))
        ok = len(cases) - sum(1 for c in cases if c.reference.casefold() in self._existing)
        self.problems_model.set_problems(problems)
        self.problems_table.setVisible(bool(problems))
        self.add_button.setEnabled(bool(text.strip()))
        if not text.strip():
            self.preview.setText(_("Klistra in en ärendereferens per rad."))
        elif problems:
            self.preview.setText("\n".join([_problem_text(len(problems)), _fine_text(ok)]))
        else:
            self.preview.setText(_ok_text(ok))
        self.message.clear_message()

    def add(self) -> None:
        """Add every case, or none: on any problem show them all and keep the dialog open."""
        self.update_preview()
        try:
            self.added = rounds_service.add_cases_from_text(
                self.context.db, self.round_id, self.text.toPlainText()
            )
        except ValidationError as exc:
            if exc.problems:
                self.problems_model.set_problems(exc.problems)
                self.problems_table.setVisible(True)
            self.message.show_error(exc.summary)
            return
        except KvaldeskError as exc:
            self.message.show_exception(exc)
            return
        self.context.notify("cases")
        if len(self.added) == 1:
            self.context.status_message.emit(_("1 ärende lades till."))
        else:
            self.context.status_message.emit(_("{n} ärenden lades till.").format(n=len(self.added)))
        self.accept()


class AddCaseDialog(QDialog):
    """Lägg till ärende: reference, grupp (the template's subgroups or your own) and enhet."""

    def __init__(self, context: AppContext, round_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.round_id = round_id
        self.added: Case | None = None
        round_ = rounds_service.get_round(context.db, round_id)
        template = templates_service.get_template_by_id(context.db, round_.template_id)

        self.setWindowTitle(_("Lägg till ärende"))
        self.setMinimumWidth(460)
        layout = titled_layout(self, _("Lägg till ärende"))
        layout.addWidget(round_label(round_.name))
        intro = QLabel(_("Använd ärendets pseudonyma referens, aldrig personnummer."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setSpacing(8)
        self.reference = QLineEdit()
        self.reference.setMaxLength(rounds_service.MAX_REFERENCE_LENGTH)
        self.reference.setAccessibleName(_("Ärendereferens"))
        self.reference.setPlaceholderText(_("till exempel BU-2026-014"))
        self.subgroup = QComboBox()
        self.subgroup.setEditable(True)
        self.subgroup.setAccessibleName(_("Grupp"))
        self.subgroup.addItem("")
        self.subgroup.addItems(list(template.subgroups))
        self.subgroup.setCurrentIndex(0)
        self.unit = QLineEdit(round_.unit)
        self.unit.setMaxLength(200)
        self.unit.setAccessibleName(_("Enhet"))
        for text, field in (
            (_("Ärende&referens:"), self.reference),
            (_("&Grupp:"), self.subgroup),
            (_("&Enhet:"), self.unit),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        layout.addLayout(form)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.buttons = ok_cancel_buttons(_("Lägg till"), _("Lägg till ärendet"), _("Avbryt"))
        self.buttons.accepted.connect(self.add)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(520, 10)
        fit_height(self)
        QWidget.setTabOrder(self.reference, self.subgroup)
        QWidget.setTabOrder(self.subgroup, self.unit)
        self.reference.setFocus()

    def add(self) -> None:
        """Add the case; on a problem show it and keep the dialog open."""
        try:
            self.added = rounds_service.add_case(
                self.context.db,
                self.round_id,
                self.reference.text(),
                self.subgroup.currentText(),
                self.unit.text(),
            )
        except KvaldeskError as exc:
            self.message.show_exception(exc)
            fit_height(self)
            self.reference.setFocus()
            return
        self.context.notify("cases")
        self.context.status_message.emit(
            _("Ärendet {reference} lades till.").format(reference=self.added.reference)
        )
        self.accept()
