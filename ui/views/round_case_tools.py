"""The round view's tools for sampling and double review: Dra urval…, marking cases for
independent double review (one case, or a random share of the round) and Samsyn… for a
double-reviewed case. The actions live in the Dubbelgranskning menu and the cases' context menu.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QInputDialog, QMenu, QWidget

from kvaldesk.domain.enums import RoundStatus
from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.services import double_review as double_review_service
from kvaldesk.services.rounds import RoundSummary
from ui.context import AppContext
from ui.i18n import _
from ui.models.cases_table_model import CaseRow
from ui.widgets import MessageLabel

if TYPE_CHECKING:  # the dialogs are imported when opened: not needed for the first paint
    from ui.dialogs.consensus_dialog import ConsensusDialog
    from ui.dialogs.sampling_dialog import SamplingDialog


class RoundCaseTools(QObject):
    """Sampling and double-review actions over the round and case chosen in the view.

    ``selected_round`` and ``selected_case`` read the view's selection; ``open_dialog`` shows a
    dialog without blocking; ``message`` is the line under the cases where outcomes are said.
    """

    def __init__(
        self,
        context: AppContext,
        selected_round: Callable[[], RoundSummary | None],
        selected_case: Callable[[], CaseRow | None],
        open_dialog: Callable[[QDialog], QDialog],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.view = parent
        self.context = context
        self.selected_round = selected_round
        self.selected_case = selected_case
        self.open_dialog = open_dialog
        self.message: MessageLabel | None = None

        self.sample_action = QAction(_("Dra &urval…"), parent)
        self.sample_action.setToolTip(_("Välj ärenden slumpmässigt ur en lista"))
        self.sample_action.triggered.connect(lambda _checked=False: self.draw_sample())
        self.mark_action = QAction(_("Markera för &dubbelgranskning"), parent)
        self.mark_action.setCheckable(True)
        self.mark_action.setShortcut("Ctrl+D")
        self.mark_action.setToolTip(
            _("Två granskare granskar ärendet oberoende av varandra (Ctrl+D slår av och på)")
        )
        self.mark_action.triggered.connect(self.set_marked)
        self.random_action = QAction(_("Markera &slumpvis…"), parent)
        self.random_action.setToolTip(
            _("Markera ett antal slumpvis valda ärenden i omgången för dubbelgranskning")
        )
        self.random_action.triggered.connect(lambda _checked=False: self.mark_random())
        self.consensus_action = QAction(_("&Samsyn…"), parent)
        self.consensus_action.setToolTip(
            _("Jämför de två granskningarna och kom överens om ett svar per fråga")
        )
        self.consensus_action.triggered.connect(lambda _checked=False: self.open_consensus())
        for action in (self.sample_action, self.mark_action, self.consensus_action):
            parent.addAction(action)
        self.menu = QMenu(parent)
        self.menu.setToolTipsVisible(True)
        for action in (self.mark_action, self.random_action, self.consensus_action):
            self.menu.addAction(action)
        self.dialog: QDialog | None = None

    def update_actions(self) -> None:
        """Enable what applies to the chosen round and case."""
        summary = self.selected_round()
        is_open = summary is not None and summary.round.status is RoundStatus.OPEN
        row = self.selected_case()
        self.sample_action.setEnabled(is_open)
        self.random_action.setEnabled(is_open)
        self.mark_action.setEnabled(is_open and row is not None)
        self.mark_action.setChecked(row is not None and row.case.double_review)
        self.consensus_action.setEnabled(
            row is not None and row.double is not None and row.double.is_double
        )

    def _say(self, text: str, error: bool = False) -> None:
        if self.message is None:
            self.context.status_message.emit(text)
        elif error:
            self.message.show_error(text)
        else:
            self.message.show_info(text)

    def draw_sample(self) -> SamplingDialog | None:
        """Open the Dra urval dialog for the chosen round."""
        summary = self.selected_round()
        if summary is None:
            return None
        from ui.dialogs.sampling_dialog import SamplingDialog

        dialog = SamplingDialog(self.context, summary.round.id, parent=self.view)
        dialog.accepted.connect(lambda: self._sampled(dialog))
        self.dialog = dialog
        self.open_dialog(dialog)
        return dialog

    def _sampled(self, dialog: SamplingDialog) -> None:
        if dialog.outcome is not None:
            self._say(
                _("{n} ärenden från urvalet lades till i omgången (frö {seed}).").format(
                    n=len(dialog.outcome.added), seed=dialog.outcome.sample.seed
                )
            )

    def set_marked(self, marked: bool) -> None:
        """Mark (or unmark) the chosen case for double review."""
        row = self.selected_case()
        if row is None:
            self.update_actions()
            return
        try:
            double_review_service.mark_double_review(self.context.db, [row.case.id], marked)
        except KvaldeskError as exc:
            self._say(str(exc), error=True)
            self.update_actions()
            return
        self.context.notify("cases")
        if marked:
            text = _("{case} är markerat för dubbelgranskning.")
        else:
            text = _("{case} är inte längre markerat för dubbelgranskning.")
        self._say(text.format(case=row.case.reference))

    def mark_random(self) -> int:
        """Ask how many cases, then mark that many random cases of the round; the number."""
        summary = self.selected_round()
        if summary is None:
            return 0
        count, ok = self.ask_count(summary)
        if not ok:
            return 0
        try:
            marked = double_review_service.mark_random_double_review(
                self.context.db, summary.round.id, count
            )
        except KvaldeskError as exc:
            self._say(str(exc), error=True)
            return 0
        self.context.notify("cases")
        self._say(
            _("{n} slumpvis valda ärenden är markerade för dubbelgranskning: {cases}.").format(
                n=len(marked), cases=", ".join(c.reference for c in marked)
            )
        )
        return len(marked)

    def ask_count(self, summary: RoundSummary) -> tuple[int, bool]:
        """How many cases to mark at random (a method, so tests can answer it)."""
        count, ok = QInputDialog.getInt(
            self.view,
            _("Markera slumpvis för dubbelgranskning"),
            _("Antal ärenden i {round} att dubbelgranska:").format(round=summary.round.name),
            value=max(1, summary.cases // 10),
            minValue=1,
            maxValue=max(1, summary.cases),
        )
        return int(count), bool(ok)

    def open_consensus(self) -> ConsensusDialog | None:
        """Open Samsyn for the chosen double-reviewed case."""
        row = self.selected_case()
        if row is None or row.double is None or not row.double.is_double:
            return None
        from ui.dialogs.consensus_dialog import ConsensusDialog

        dialog = ConsensusDialog(self.context, row.case.id, parent=self.view)
        self.dialog = dialog
        self.open_dialog(dialog)
        return dialog
