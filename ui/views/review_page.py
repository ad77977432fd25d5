"""An open review laid out: header, banner, the list of questions beside the current question,
a message line and the Föregående / Nästa / Markera som klar buttons."""

from __future__ import annotations

import html
import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kvaldesk.domain.model import Question
from ui.i18n import _
from ui.models.question_list_model import QuestionListModel
from ui.tables import setup_row_table
from ui.ui_state import remember_splitter
from ui.views.review_header import ReviewHeader, StatusBanner
from ui.views.review_question_panel import QuestionPanel
from ui.widgets import MARGIN, MUTED_STYLE, SPACING, MessageLabel, note


def missing_html(summary: str, missing: list[Question], limit: int = 6) -> str:
    """The first ``limit`` missing questions as a list of links (href = question id)."""
    items = "".join(
        "<li><a href='{qid}'>{label}</a> {text}</li>".format(
            qid=html.escape(q.id, quote=True),
            label=html.escape(_("Fråga {id}").format(id=q.id)),
            text=html.escape(q.text),
        )
        for q in missing[:limit]
    )
    if len(missing) > limit:
        more = _("… och {n} till, markerade med ○ i listan till vänster.").format(
            n=len(missing) - limit
        )
        items += f"<li>{html.escape(more)}</li>"
    return f"<b>{html.escape(summary)}</b><ul style='margin: 4px 0 0 -20px'>{items}</ul>"


class ReviewPage(QWidget):
    """The open review: header, banner, question list, question panel, message and buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, 12, MARGIN, 12)
        layout.setSpacing(SPACING)
        self.header = ReviewHeader()
        layout.addWidget(self.header)
        self.banner = StatusBanner()
        layout.addWidget(self.banner)
        self.splitter = remember_splitter(QSplitter(Qt.Orientation.Horizontal), "review-splitter")
        self.splitter.addWidget(self._build_side())
        self.panel = QuestionPanel()
        self.panel.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area.setWidget(self.panel)
        self.scroll_area.setMinimumWidth(420)
        self.splitter.addWidget(self.scroll_area)
        self.splitter.setStretchFactor(0, 2)  # the list keeps about 2/7 of the width
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([300, 750])
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)
        self.message = MessageLabel()
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        layout.addWidget(self.message)
        layout.addLayout(self._build_buttons())
        self.complete_action = QAction(_("Markera som klar"), self)
        self.complete_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.complete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.complete_action)

    def _build_side(self) -> QWidget:
        side = QWidget()
        side.setMinimumWidth(250)
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        label = QLabel(_("Frå&gor:"))
        self.model = QuestionListModel(self)
        self.list = setup_row_table(QTableView(), _("Frågor i granskningen"))
        self.list.setModel(self.model)
        self.list.setToolTip(
            _(
                "Välj en fråga med piltangenterna och tryck Enter för att gå till den. "
                "✓ besvarad, ○ obesvarad, ⚠ kritisk fråga."
            )
        )
        self.list.setWordWrap(False)
        self.list.setShowGrid(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.list.horizontalHeader()
        header.hide()
        modes = {
            QuestionListModel.MARK: QHeaderView.ResizeMode.Fixed,
            QuestionListModel.ID: QHeaderView.ResizeMode.ResizeToContents,
            QuestionListModel.TEXT: QHeaderView.ResizeMode.Stretch,
            QuestionListModel.ANSWER: QHeaderView.ResizeMode.ResizeToContents,
        }
        for column, mode in modes.items():
            header.setSectionResizeMode(column, mode)
        header.resizeSection(QuestionListModel.MARK, 26)
        label.setBuddy(self.list)
        self.hidden_note = note("", MUTED_STYLE)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hidden_note)
        return side

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(SPACING)
        self.previous_button = QPushButton(_("← &Föregående"))
        self.previous_button.setAccessibleName(_("Föregående fråga"))
        self.previous_button.setToolTip(_("Föregående fråga (vänsterpil eller Page Up)"))
        self.next_button = QPushButton(_("&Nästa →"))
        self.next_button.setAccessibleName(_("Nästa fråga"))
        self.next_button.setToolTip(_("Nästa fråga (Enter, högerpil eller Page Down)"))
        self.complete_button = QPushButton(_("&Markera som klar"))
        self.complete_button.setAccessibleName(_("Markera granskningen som klar"))
        self.complete_button.setToolTip(
            _(
                "Markera granskningen som klar (Ctrl+Enter). "
                "Alla frågor som gäller måste vara besvarade."
            )
        )
        for button in (self.previous_button, self.next_button, self.complete_button):
            button.setAutoDefault(True)
            button.setMinimumHeight(34)
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        row.addStretch(1)
        row.addWidget(self.complete_button)
        return row

    def show_hidden_count(self, hidden: int) -> None:
        """Say how many follow-up questions are not shown because they do not apply."""
        if hidden == 1:
            note = _("En följdfråga visas bara om den gäller utifrån dina svar.")
        else:
            note = _("{n} följdfrågor visas bara om de gäller utifrån dina svar.").format(n=hidden)
        self.hidden_note.setText(note)
        self.hidden_note.setVisible(hidden > 0)

    def select_row(self, row: int) -> None:
        """Select and reveal this row of the question list."""
        if row >= 0:
            self.list.selectRow(row)
            self.list.scrollTo(self.model.index(row, 0))

    def fix_tab_order(self) -> None:
        """Header, list, answers, fields, then the buttons (answer buttons are rebuilt often)."""
        banner = self.banner
        chain: list[QWidget] = [
            self.header.back_button,
            banner.reopen_button,
            banner.reason,
            banner.confirm_button,
            banner.cancel_button,
            self.list,
        ]
        chain += self.panel.focus_widgets()
        chain += [self.previous_button, self.next_button, self.complete_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def show_rich_message(self, rich_text: str, error: bool) -> None:
        """Show a message (rich text, already escaped) under the question."""
        if error:
            self.message.show_error(rich_text)
        else:
            self.message.show_info(rich_text)

    def show_info(self, text: str) -> None:
        """A calm confirmation or hint."""
        self.show_rich_message(html.escape(text), error=False)

    def show_error(self, text: str) -> None:
        """A problem, in red."""
        self.show_rich_message(html.escape(text).replace("\n", "<br>"), error=True)

    def clear_message(self) -> None:
        """Hide the message."""
        self.message.clear_message()

    def show_last_question(self, editable: bool, all_answered: bool) -> None:
        """Say that this is the last question, and what is left to do."""
        if not editable:
            self.show_info(_("Det här är sista frågan."))
        elif all_answered:
            self.show_info(
                _(
                    "Alla frågor är besvarade. Tryck Ctrl+Enter eller Markera "
                    "som klar för att avsluta granskningen."
                )
            )
        else:
            self.show_info(
                _(
                    "Det här är sista frågan. Några frågor saknar fortfarande "
                    "svar; de är markerade med ○ i listan."
                )
            )

    def show_locked(self, round_closed: bool) -> None:
        """Say why the answers cannot be changed: the round is closed, or the review complete."""
        if round_closed:
            self.show_error(_("Omgången är stängd, så svaren kan inte ändras."))
        else:
            self.show_error(
                _(
                    "Granskningen är markerad som klar. Tryck Öppna igen för "
                    "ändring om något behöver rättas."
                )
            )
