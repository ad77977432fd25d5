"""Where a sample is drawn from: a file (CSV, Excel or a text file with one reference per line)
or a pasted list. Two tabs; :meth:`SampleSource.changed` says when either changes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.dialogs.paste_cases_dialog import CaseListEdit
from ui.i18n import _
from ui.widgets import SMALL_PRINT_STYLE, note

LIST_FILTER = "*.csv *.xlsx *.xlsm *.txt *.tsv"
FILE_TAB, PASTE_TAB = range(2)


class SampleSource(QTabWidget):
    """Från fil | Klistra in: the list of cases to draw from."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Lista att dra urvalet från"))
        self.addTab(self._build_file_page(), _("Från &fil"))
        self.addTab(self._build_paste_page(), _("Klistra &in"))
        self.currentChanged.connect(lambda _index: self.changed.emit())

    def _build_file_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        row = QHBoxLayout()
        row.setSpacing(8)
        label = QLabel(_("&Sökväg:"))
        self.file_edit = QLineEdit()
        self.file_edit.setAccessibleName(_("Sökväg till listan med ärenden"))
        self.file_edit.setPlaceholderText(_("Välj en .csv-, .xlsx- eller .txt-fil"))
        label.setBuddy(self.file_edit)
        self.choose_button = QPushButton(_("&Välj fil…"))
        self.choose_button.setAccessibleName(_("Välj fil med ärenden"))
        self.choose_button.setAutoDefault(False)
        row.addWidget(label)
        row.addWidget(self.file_edit, 1)
        row.addWidget(self.choose_button)
        layout.addLayout(row)
        layout.addWidget(
            note(
                _(
                    "Rad 1 är rubriker: ärende (krävs) och, om ni vill, handläggare, enhet och "
                    "grupp. En .txt-fil kan också ha en ärendereferens per rad utan rubrik."
                ),
                SMALL_PRINT_STYLE,
            )
        )
        layout.addStretch(1)
        self.choose_button.clicked.connect(self.choose_file)
        self.file_edit.textChanged.connect(lambda _text: self.changed.emit())
        return page

    def _build_paste_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        self.text = CaseListEdit()
        self.text.setAccessibleName(_("Ärendereferenser att dra från, en per rad"))
        self.text.setPlaceholderText(_("BU-2026-001\nBU-2026-002\nBU-2026-003"))
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout.addWidget(self.text, 1)
        layout.addWidget(
            note(
                _(
                    "En ärendereferens per rad, eller kolumner kopierade från Excel med "
                    "rubrikraden ärende, handläggare, enhet, grupp. Ctrl+Tabb går vidare till "
                    "nästa fält."
                ),
                SMALL_PRINT_STYLE,
            )
        )
        self.text.textChanged.connect(self.changed.emit)
        return page

    def choose_file(self) -> None:
        """Ask for the list with the system's file dialog."""
        start = str(Path(self.file_edit.text()).parent) if self.file_edit.text() else ""
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Välj lista med ärenden"),
            start,
            _("Listor med ärenden ({patterns})").format(patterns=LIST_FILTER),
        )
        if name:
            self.set_file(name)

    def set_file(self, path: str | Path) -> None:
        """Draw from this file."""
        self.setCurrentIndex(FILE_TAB)
        self.file_edit.setText(str(path))

    def set_pasted(self, text: str) -> None:
        """Draw from this pasted list."""
        self.setCurrentIndex(PASTE_TAB)
        self.text.setPlainText(text)

    def uses_file(self) -> bool:
        """Whether the file tab is chosen."""
        return self.currentIndex() == FILE_TAB

    def path(self) -> Path | None:
        """The chosen file (None when no file is given)."""
        text = self.file_edit.text().strip().strip('"')
        return Path(text) if text else None

    def pasted(self) -> str:
        """The pasted list."""
        return self.text.toPlainText()

    def is_empty(self) -> bool:
        """Nothing to draw from yet."""
        return self.path() is None if self.uses_file() else not self.pasted().strip()
