"""Errors for people, not tracebacks: what happened, what was kept, what to do next."""

from __future__ import annotations

import contextlib
import sys
import traceback
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvaldesk.domain.errors import KvaldeskError, ValidationError
from ui.i18n import _


def describe_problem(exc: BaseException) -> tuple[str, str]:
    """(message, details) for an expected error from the engine."""
    if isinstance(exc, ValidationError):
        return exc.summary, "\n".join(str(p) for p in exc.problems)
    return str(exc), ""


class ErrorDialog(QDialog):
    """An unexpected error: a calm explanation and a copyable technical detail."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Ett oväntat fel inträffade"))
        self.setAccessibleName(_("Felmeddelande"))
        layout = QVBoxLayout(self)
        text = QLabel(
            _(
                "Något gick fel i kvaldesk. Allt som redan var sparat finns kvar i databasen, och "
                "du kan fortsätta arbeta.\n\nOm felet återkommer: kopiera detaljerna nedan och "
                "skicka dem till den som ansvarar för kvaldesk hos er."
            )
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(_("Tekniska detaljer"))
        self.details.setMinimumSize(560, 200)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton(_("Kopiera detaljer"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def show_error(parent: QWidget | None, exc: BaseException, details: str = "") -> None:
    """Show an engine error as a message, anything else as the unexpected-error dialog."""
    if isinstance(exc, KvaldeskError):
        message, more = describe_problem(exc)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Det gick inte"),
            message,
            QMessageBox.StandardButton.Ok,
            parent,
        )
        if more:
            box.setDetailedText(more)
        box.exec()
        return
    text = details or "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    ErrorDialog(text, parent).exec()


def install_excepthook(parent_getter: object = None) -> None:
    """Show unexpected errors in a dialog; the application keeps running."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, exc, tb))
        sys.stderr.write(text)
        if issubclass(kind, KeyboardInterrupt):
            return
        # Never let the hook itself crash the application.
        with contextlib.suppress(Exception):
            show_error(None, exc, text)

    sys.excepthook = hook
