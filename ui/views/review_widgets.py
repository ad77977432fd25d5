"""Pieces of the guided review view: the case chooser, the header, the status banner, the
question panel and the number field. Behaviour (saving, keys, navigation) lives in
:mod:`ui.views.review_view`; these widgets only show things and emit signals."""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from kvaldesk.domain.enums import ReviewStatus, RoundStatus
from kvaldesk.domain.model import Answer, Case, NumberField, Question, Review, Round, Template
from kvaldesk.services import reviews as reviews_service
from kvaldesk.services import rounds as rounds_service
from ui.i18n import _
from ui.models.question_list_model import QuestionListModel
from ui.ui_state import remember_splitter
from ui.widgets import ERROR_STYLE, INFO_STYLE, MessageLabel, heading

MUTED_STYLE = "color: #4a5560;"
BADGE_STYLE = (
    "color: #7a4b00; background: #fff4d6; border: 1px solid #f0d58c; "
    "border-radius: 4px; padding: 2px 8px; font-weight: bold;"
)
ALERT_STYLE = (
    "color: #a4161a; background: #fdecea; border: 1px solid #f5c2c0; "
    "border-radius: 4px; padding: 6px 8px;"
)
HELP_STYLE = (
    "background: #f3f5f7; border: 1px solid #dde2e7; border-radius: 4px; "
    "padding: 8px 10px; color: #26313b;"
)
BANNER_STYLES = {
    "done": "QFrame#banner { background: #e8f5e9; border: 1px solid #b9dfbf; border-radius: 4px; }",
    "locked": "QFrame#banner { background: #f3f5f7; border: 1px solid #cfd6dd; "
    "border-radius: 4px; }",
}
ANSWER_BUTTON_STYLE = (
    "QPushButton { padding: 8px 16px; font-size: 11pt; min-width: 96px; }"
    "QPushButton:checked { background: #1f5f8b; color: white; border: 1px solid #174a6c; "
    "border-radius: 4px; }"
)
MARGIN = 16
SPACING = 8
#: Alt letters already used on the review page and in the menu bar (Arkiv, Visa, Hjälp).
TAKEN_MNEMONICS = "avhliegksfnm"


def with_mnemonic(text: str, taken: str) -> str:
    """``text`` with ``&`` before its first letter not in ``taken`` (any ``&`` escaped)."""
    escaped = text.replace("&", "&&")
    used = taken.casefold()
    for position, char in enumerate(escaped):
        if char.isalpha() and char.casefold() not in used:
            return f"{escaped[:position]}&{escaped[position:]}"
    return escaped


def local_time(iso_stamp: str | None) -> str:
    """An ISO UTC time stamp as local "YYYY-MM-DD HH:MM" ("" when missing or unreadable)."""
    if not iso_stamp:
        return ""
    try:
        moment = datetime.fromisoformat(iso_stamp.replace("Z", "+00:00"))
    except ValueError:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


# --- the case chooser (empty state) -----------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    """One case of a round and the state of my review of it."""

    case_id: str
    reference: str
    subgroup: str
    unit: str
    status: str


def build_case_rows(db: Database, round_id: str, reviewer: str) -> list[CaseRow]:
    """The cases of a round with the state of ``reviewer``'s review of each."""
    mine = {
        str(row["case_id"]): row
        for row in reviews_service.list_reviews(db, round_id)
        if row["reviewer"] == reviewer
    }
    rows = []
    for case in rounds_service.list_cases(db, round_id):
        review = mine.get(case.id)
        if review is None:
            status = _("Inte påbörjad")
        elif review["status"] == ReviewStatus.COMPLETE.value:
            status = _("Klar")
        else:
            status = _("Pågår, {n} besvarade").format(n=review["answered"])
        rows.append(CaseRow(case.id, case.reference, case.subgroup, case.unit, status))
    return rows


class CaseListModel(QAbstractTableModel):
    """Columns: case reference, subgroup, my review's state."""

    CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[CaseRow] = []

    def set_rows(self, rows: list[CaseRow]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(
        self,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> int:
        """Number of cases (0 under any parent)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(
        self,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> int:
        """Three columns (0 under any parent)."""
        return 0 if parent.isValid() else 3

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (_("Ärende"), _("Grupp"), _("Min granskning"))
        return titles[section] if 0 <= section < len(titles) else None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        """Rows can be selected, not edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Cell text, and the case id under CASE_ID_ROLE."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (row.reference, row.subgroup, row.status)[index.column()]
        if role == self.CASE_ID_ROLE:
            return row.case_id
        return None


class CaseChooser(QWidget):
    """Shown when no review is open: how to start, and the cases of the selected round."""

    start_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        content = QWidget()
        content.setMaximumWidth(880)
        outer.addWidget(content, 1)
        outer.addStretch(0)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        self.title = heading(_("Granska"))
        layout.addWidget(self.title)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.round_label = QLabel()
        self.round_label.setWordWrap(True)
        bold = QFont(self.round_label.font())
        bold.setBold(True)
        self.round_label.setFont(bold)
        layout.addWidget(self.round_label)
        self.cases_label = QLabel(_("Ä&renden i omgången:"))
        layout.addWidget(self.cases_label)
        self.model = CaseListModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Ärenden i omgången"))
        self.table.setToolTip(_("Välj ett ärende och tryck Enter för att granska det."))
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.cases_label.setBuddy(self.table)
        self.table.activated.connect(lambda _index: self._start())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.start_button = QPushButton(_("&Granska"))
        self.start_button.setAccessibleName(_("Granska valt ärende"))
        self.start_button.setToolTip(_("Börja eller fortsätt granska det valda ärendet (Enter)."))
        self.start_button.setAutoDefault(True)
        self.start_button.setMinimumHeight(34)
        self.start_button.clicked.connect(self._start)
        row.addWidget(self.start_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.spacer = QWidget()
        layout.addWidget(self.spacer, 1)

    def show_cases(self, round_name: str | None, rows: list[CaseRow], round_open: bool) -> None:
        """Show the cases of a round, or only the explanation when ``round_name`` is None."""
        self.message.clear_message()
        self.model.set_rows(rows)
        listed = round_name is not None and bool(rows)
        for widget in (self.cases_label, self.table, self.start_button):
            widget.setVisible(listed)
        self.spacer.setVisible(not listed)
        self.round_label.setVisible(round_name is not None)
        if round_name is None:
            self.title.setText(_("Ingen granskning är öppen"))
            self.intro.setText(
                _(
                    "Välj ett ärende under Granskningar och tryck Granska. Då öppnas ärendet här "
                    "och du får frågorna en i taget.\n\nNär du har valt en omgång under "
                    "Granskningar visas omgångens ärenden också på den här sidan."
                )
            )
            return
        self.title.setText(_("Granska"))
        self.round_label.setText(_("Omgång: {name}").format(name=round_name))
        if not rows:
            self.intro.setText(
                _("Omgången har inga ärenden ännu. Lägg till ärenden under Granskningar.")
            )
        elif not round_open:
            self.intro.setText(
                _("Omgången är stängd. Du kan läsa dina granskningar men inte ändra dem.")
            )
        else:
            self.intro.setText(
                _(
                    "Välj ett ärende och tryck Enter eller Granska. En påbörjad granskning "
                    "fortsätter där du slutade; allt du svarar sparas direkt."
                )
            )
        if rows:
            self.table.selectRow(0)

    def selected_case_id(self) -> str | None:
        """The case id of the selected row, if any."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        value = self.model.data(index, CaseListModel.CASE_ID_ROLE)
        return str(value) if value else None

    def _start(self) -> None:
        case_id = self.selected_case_id()
        if case_id is None:
            self.message.show_error(_("Välj ett ärende i listan först."))
            return
        self.start_requested.emit(case_id)


# --- header and banner ---------------------------------------------------------------------------


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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        left = QVBoxLayout()
        left.setSpacing(4)
        self.title = heading("", 4)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setStyleSheet(MUTED_STYLE)
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
        self.progress_label = QLabel()
        self.progress_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(_("Förlopp i granskningen"))
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedWidth(220)
        self.progress_bar.setMaximumHeight(10)
        self.saved_state = SavedStateLabel()
        right.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignRight)
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


# --- the question panel -------------------------------------------------------------------------


class OptionalNumberBox(QDoubleSpinBox):
    """A number field that may be empty: the lowest value shows as "–" and means no value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSpecialValueText("–")
        self.setKeyboardTracking(True)
        self.setMinimumWidth(110)
        self.configure(None)

    def configure(self, field: NumberField | None) -> None:
        """Decimals and range from the template's number field."""
        integer = field.integer if field is not None else False
        low = field.minimum if field is not None and field.minimum is not None else -1_000_000.0
        high = field.maximum if field is not None and field.maximum is not None else 1_000_000.0
        self.setDecimals(0 if integer else 2)
        step = 1.0 if integer else 0.01
        self.setRange(low - step, high)
        self.setSingleStep(1.0)

    def number(self) -> float | None:
        """The value, or None when empty."""
        return None if self.value() <= self.minimum() else float(self.value())

    def set_number(self, value: float | None) -> None:
        """Show a value (None: empty)."""
        self.setValue(self.minimum() if value is None else value)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if not text.strip() or text == self.specialValueText():
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> float:
        if not text.strip() or text == self.specialValueText():
            return self.minimum()
        return float(super().valueFromText(text))


class QuestionPanel(QWidget):
    """The current question: text, criterion, help, legal references and the answer fields."""

    option_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, 4, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        self.position = QLabel()
        self.position.setStyleSheet(MUTED_STYLE)
        layout.addWidget(self.position)
        self.text = heading("", 5)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        meta = QHBoxLayout()
        meta.setSpacing(SPACING)
        self.criterion = QLabel()
        self.criterion.setWordWrap(True)
        self.criterion.setStyleSheet(MUTED_STYLE)
        self.badge = QLabel(_("⚠ Kritisk fråga"))
        self.badge.setStyleSheet(BADGE_STYLE)
        self.badge.setAccessibleName(_("Kritisk fråga"))
        self.badge.setToolTip(
            _("Svar som inte uppfyller kraven på en kritisk fråga listas med namn i rapporterna.")
        )
        meta.addWidget(self.badge)
        meta.addWidget(self.criterion, 1)
        layout.addLayout(meta)
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setStyleSheet(HELP_STYLE)
        self.help.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.help)

        self.answers_label = QLabel(_("Svar:"))
        layout.addWidget(self.answers_label)
        self.answers_row = QHBoxLayout()
        self.answers_row.setSpacing(SPACING)
        layout.addLayout(self.answers_row)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.answer_buttons: list[QPushButton] = []
        self.keys_hint = QLabel(
            _(
                "Tangenter: siffran svarar · Enter eller → nästa fråga · ← föregående · "
                "Ctrl+Enter markerar som klar"
            )
        )
        self.keys_hint.setWordWrap(True)
        self.keys_hint.setStyleSheet(MUTED_STYLE)
        layout.addWidget(self.keys_hint)
        self.alert = QLabel()
        self.alert.setWordWrap(True)
        self.alert.setStyleSheet(ALERT_STYLE)
        self.alert.hide()
        layout.addWidget(self.alert)

        self.number_row = QWidget()
        number_layout = QHBoxLayout(self.number_row)
        number_layout.setContentsMargins(0, 4, 0, 0)
        number_layout.setSpacing(SPACING)
        self.number_label = QLabel()
        self.number = OptionalNumberBox()
        self.number_label.setBuddy(self.number)
        self.unit = QLabel()
        self.number_hint = QLabel(_("Skriv talet och tryck Enter för att gå vidare."))
        self.number_hint.setStyleSheet(MUTED_STYLE)
        self.number_hint.setWordWrap(True)
        number_layout.addWidget(self.number_label)
        number_layout.addWidget(self.number)
        number_layout.addWidget(self.unit)
        number_layout.addWidget(self.number_hint, 1)
        layout.addWidget(self.number_row)
        self.text_row = QWidget()
        text_layout = QHBoxLayout(self.text_row)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.setSpacing(SPACING)
        self.text_answer_label = QLabel(_("&Svar:"))
        self.text_answer = QLineEdit()
        self.text_answer.setAccessibleName(_("Svar i text"))
        self.text_answer.setMaxLength(4000)
        self.text_answer_label.setBuddy(self.text_answer)
        text_layout.addWidget(self.text_answer_label)
        text_layout.addWidget(self.text_answer, 1)
        layout.addWidget(self.text_row)
        self.field_message = MessageLabel()
        layout.addWidget(self.field_message)

        self.comment_label = QLabel(_("&Kommentar (frivillig):"))
        layout.addWidget(self.comment_label)
        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName(_("Kommentar"))
        self.comment.setTabChangesFocus(True)
        self.comment.setPlaceholderText(_("Vad saknas eller är otydligt i akten?"))
        self.comment.setToolTip(
            _("Sparas automatiskt. Esc går tillbaka till svaren, Tabb till nästa fält.")
        )
        self.comment.setMinimumHeight(72)
        self.comment.setMaximumHeight(130)
        self.comment_label.setBuddy(self.comment)
        layout.addWidget(self.comment)
        self.comment_note = QLabel(_("Skriv aldrig personnummer eller namn i kommentaren."))
        self.comment_note.setStyleSheet(MUTED_STYLE)
        self.comment_note.setWordWrap(True)
        layout.addWidget(self.comment_note)
        self.comment_message = MessageLabel()
        layout.addWidget(self.comment_message)
        # Legal references last: reference material, so the answers stay near the question.
        self.refs = QLabel()
        self.refs.setWordWrap(True)
        self.refs.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.refs)
        layout.addStretch(1)

    # -- showing a question

    def set_position(self, question_id: str, position: int, total: int) -> None:
        """Show "Fråga BU5 · 5 av 14" above the question."""
        self.position.setText(
            _("Fråga {id} · {n} av {total}").format(id=question_id, n=position, total=total)
        )

    def show_question(
        self, question: Question, answer: Answer | None, comment: str, editable: bool
    ) -> None:
        """Fill every field for ``question`` (``comment`` may be an unsaved draft)."""
        font = QFont(self.font())
        length = len(question.text)
        font.setPointSize(font.pointSize() + (5 if length < 120 else 3 if length < 240 else 2))
        font.setBold(True)
        self.text.setFont(font)
        self.text.setText(question.text)
        self.criterion.setText(
            _("Kvalitetskriterium: {title}").format(title=question.criterion.title)
        )
        self.badge.setVisible(question.critical)
        self.help.setText(question.help)
        self.help.setVisible(bool(question.help.strip()))
        self._show_refs(question)
        self._build_buttons(question, editable)
        self.set_value(answer.value if answer else None, question)
        self.number_row.setVisible(
            question.number_field is not None
            or (not question.options and question.kind.value == "number")
        )
        self.text_row.setVisible(not question.options and question.kind.value != "number")
        field = question.number_field
        self.number.configure(field)
        label = field.label if field is not None else _("Antal")
        self.number_label.setText(with_mnemonic(_("{label}:").format(label=label), TAKEN_MNEMONICS))
        self.number.setAccessibleName(label)
        self.unit.setText(field.unit if field is not None else "")
        self.number.set_number(answer.number if answer else None)
        self.number_hint.hide()
        self.text_answer.setText((answer.text or "") if answer else "")
        if question.kind.value == "date":
            self.text_answer.setPlaceholderText(_("ÅÅÅÅ-MM-DD"))
        else:
            self.text_answer.setPlaceholderText("")
        self.comment.setPlainText(comment)
        self.field_message.clear_message()
        self.comment_message.clear_message()
        self.set_editable(editable)

    def _show_refs(self, question: Question) -> None:
        if not question.legal_refs:
            self.refs.hide()
            return
        lines = []
        for ref in question.legal_refs:
            line = html.escape(ref.display())
            if ref.note:
                line = _("{ref} <span style='color:#4a5560'>({note})</span>").format(
                    ref=line, note=html.escape(ref.note)
                )
            lines.append(f"• {line}")
        self.refs.setText(_("<b>Lagrum</b><br>{lines}").format(lines="<br>".join(lines)))
        self.refs.show()

    def _build_buttons(self, question: Question, editable: bool) -> None:
        for button in self.answer_buttons:
            self.group.removeButton(button)
            self.answers_row.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.answer_buttons = []
        while self.answers_row.count():
            self.answers_row.takeAt(0)
        for number, option in enumerate(question.options, start=1):
            key = str(number) if number <= 9 else ""
            button = QPushButton(_("{key}  {label}").format(key=key, label=option.label).strip())
            button.setCheckable(True)
            button.setStyleSheet(ANSWER_BUTTON_STYLE)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setAccessibleName(_("Svara {label}").format(label=option.label))
            button.setToolTip(
                _(
                    "Svara {label} (tangent {key}). Enter eller högerpil: nästa fråga. "
                    "Vänsterpil: föregående."
                ).format(label=option.label, key=key)
            )
            self.group.addButton(button, number)
            self.answers_row.addWidget(button)
            self.answer_buttons.append(button)
            button.show()  # at once, not queued by the layout, so it can take focus
            button.clicked.connect(lambda _checked=False, n=number: self.option_clicked.emit(n))
        self.answers_row.addStretch(1)
        self.answers_label.setVisible(bool(question.options))

    def set_value(self, value: str | None, question: Question) -> None:
        """Check the button of ``value`` (none when unanswered)."""
        self.group.setExclusive(False)
        for button, option in zip(self.answer_buttons, question.options, strict=True):
            button.setChecked(option.value == value)
        self.group.setExclusive(True)

    def set_editable(self, editable: bool) -> None:
        """Allow or forbid changes (a complete review or a closed round is read-only)."""
        for button in self.answer_buttons:
            button.setEnabled(editable)
        self.number.setReadOnly(not editable)
        self.number.setButtonSymbols(
            QDoubleSpinBox.ButtonSymbols.UpDownArrows
            if editable
            else QDoubleSpinBox.ButtonSymbols.NoButtons
        )
        self.text_answer.setReadOnly(not editable)
        self.comment.setReadOnly(not editable)
        self.comment.setPlaceholderText(
            _("Vad saknas eller är otydligt i akten?") if editable else _("Ingen kommentar.")
        )
        self.comment_note.setVisible(editable)
        self.keys_hint.setVisible(editable and bool(self.answer_buttons))

    def show_alert(self, text: str) -> None:
        """The red note under the answers (a critical question answered Nej or Delvis)."""
        self.alert.setText(text)
        self.alert.setVisible(bool(text))

    def focus_answers(self) -> None:
        """Put keyboard focus on the checked answer, the first answer, or the answer field."""
        checked = self.group.checkedButton()
        if checked is not None and checked.isEnabled():
            checked.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.answer_buttons and self.answer_buttons[0].isEnabled():
            self.answer_buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.answer_buttons:
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.number_row.isVisible():
            self.number.setFocus(Qt.FocusReason.OtherFocusReason)
            self.number.selectAll()
        else:
            self.text_answer.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_widgets(self) -> list[QWidget]:
        """The panel's focusable widgets in tab order."""
        widgets: list[QWidget] = list(self.answer_buttons)
        widgets += [self.number, self.text_answer, self.comment]
        return widgets


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
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.message.setAccessibleName(_("Meddelande"))
        self.message.hide()
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
        self.list = QTableView()
        self.list.setModel(self.model)
        self.list.setAccessibleName(_("Frågor i granskningen"))
        self.list.setToolTip(
            _(
                "Välj en fråga med piltangenterna och tryck Enter för att gå till den. "
                "✓ besvarad, ○ obesvarad, ⚠ kritisk fråga."
            )
        )
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setTabKeyNavigation(False)
        self.list.setWordWrap(False)
        self.list.setShowGrid(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.verticalHeader().hide()
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
        self.hidden_note = QLabel()
        self.hidden_note.setWordWrap(True)
        self.hidden_note.setStyleSheet(MUTED_STYLE)
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
        self.message.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.message.setText(rich_text)
        self.message.setAccessibleDescription(rich_text)
        self.message.show()

    def show_info(self, text: str) -> None:
        """A calm confirmation or hint."""
        self.show_rich_message(html.escape(text), error=False)

    def show_error(self, text: str) -> None:
        """A problem, in red."""
        self.show_rich_message(html.escape(text).replace("\n", "<br>"), error=True)

    def clear_message(self) -> None:
        """Hide the message."""
        self.message.clear()
        self.message.hide()
