"""The main window: navigation on the left, one view at a time, progress in the status bar."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QWidget,
)
from sqlite_utils import Database

import kvaldesk
from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.services import settings as settings_service
from ui.context import AppContext
from ui.errors import show_error
from ui.i18n import _
from ui.tasks import Task
from ui.ui_state import restore_splitters, save_window

if TYPE_CHECKING:
    from kvaldesk.services.exchange import ExportResult

#: The views in the order of the navigation list.
VIEW_ORDER = (
    "rounds",
    "review",
    "results",
    "calibration",
    "trends",
    "templates",
    "actions",
    "settings",
)
#: Ctrl+number of each view. The first six keep the numbers they had before Kalibrering and
#: Trender were added (people learn them), so the list order and the numbers differ.
VIEW_SHORTCUTS = {
    "rounds": 1,
    "review": 2,
    "results": 3,
    "templates": 4,
    "actions": 5,
    "settings": 6,
    "calibration": 7,
    "trends": 8,
}


def make_view(name: str, context: AppContext) -> QWidget:
    """A new view. Its module is imported here: a view is made (and its module imported) when
    it is first shown, so the window paints without importing and building all eight."""
    if name == "rounds":
        from ui.views.rounds_view import RoundsView

        return RoundsView(context)
    if name == "review":
        from ui.views.review_view import ReviewView

        return ReviewView(context)
    if name == "results":
        from ui.views.results_view import ResultsView

        return ResultsView(context)
    if name == "calibration":
        from ui.views.calibration_view import CalibrationView

        return CalibrationView(context)
    if name == "trends":
        from ui.views.trends_view import TrendsView

        return TrendsView(context)
    if name == "templates":
        from ui.views.templates_view import TemplatesView

        return TemplatesView(context)
    if name == "actions":
        from ui.views.actions_view import ActionsView

        return ActionsView(context)
    if name == "settings":
        from ui.views.settings_view import SettingsView

        return SettingsView(context)
    raise KeyError(name)


class Views(dict[str, QWidget]):
    """The window's views by name, each made on first use (:func:`make_view`) and put in
    the place its stand-in held in the stack."""

    def __init__(self, context: AppContext, stack: QStackedWidget) -> None:
        super().__init__()
        self._context = context
        self._stack = stack

    def __missing__(self, name: str) -> QWidget:
        index = VIEW_ORDER.index(name)
        view = make_view(name, self._context)
        self[name] = view
        stand_in = self._stack.widget(index)
        current = self._stack.currentIndex() == index
        self._stack.insertWidget(index, view)
        if stand_in is not None:
            self._stack.removeWidget(stand_in)
            stand_in.deleteLater()
        if current:
            self._stack.setCurrentIndex(index)
        restore_splitters(view)
        return view


def view_labels() -> dict[str, str]:
    """The navigation labels, translated."""
    return {
        "rounds": _("Granskningar"),
        "review": _("Granska"),
        "results": _("Resultat"),
        "calibration": _("Kalibrering"),
        "trends": _("Trender"),
        "templates": _("Mallar"),
        "actions": _("Åtgärder"),
        "settings": _("Inställningar"),
    }


class TaskPanel(QWidget):
    """Progress of the running background task, with Cancel, in the status bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(220)
        self.bar.setAccessibleName(_("Förlopp"))
        self.cancel_button = QPushButton(_("Avbryt"))
        self.cancel_button.setAccessibleName(_("Avbryt pågående arbete"))
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._task: Task | None = None
        self.cancel_button.clicked.connect(self._cancel)
        self.hide()

    def track(self, task: Task, label: str) -> None:
        """Show progress of ``task`` until it ends."""
        self._task = task
        self.label.setText(label)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        task.signals.progress.connect(self._progress)
        task.destroyed.connect(self._done)
        for signal in (task.signals.succeeded, task.signals.failed, task.signals.cancelled):
            signal.connect(self._done)
        self.show()

    def _progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        if text:
            self.label.setText(text)

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(_("Avbryter …"))

    def _done(self, *_args: object) -> None:
        self._task = None
        self.hide()


class MainWindow(QMainWindow):
    """kvaldesk's window."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.last_export_message = ""
        self.setWindowTitle("kvaldesk")
        self.setAccessibleName("kvaldesk")
        labels = view_labels()
        self.navigation = QListWidget()
        self.navigation.setAccessibleName(_("Navigering"))
        self.navigation.setMaximumWidth(190)
        self.navigation.setSpacing(2)
        self.stack = QStackedWidget()
        for name in VIEW_ORDER:
            item = QListWidgetItem(labels[name])
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(f"Ctrl+{VIEW_SHORTCUTS[name]}")
            self.navigation.addItem(item)
            self.stack.addWidget(QWidget())  # a stand-in until the view is first shown
        self.views = Views(context, self.stack)
        self.navigation.setStyleSheet(
            "QListWidget { font-size: 11pt; padding: 6px; border: none; background: #f3f5f7; }"
            "QListWidget::item { padding: 8px 10px; border-radius: 4px; }"
            "QListWidget::item:selected { background: #1f5f8b; color: white; }"
        )
        self.navigation.currentRowChanged.connect(self._switch)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.task_panel = TaskPanel()
        self.statusBar().addPermanentWidget(self.task_panel)
        context.task_started.connect(self.task_panel.track)
        context.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        context.open_review_requested.connect(self.open_review)
        context.show_results_requested.connect(self.show_results)
        self._build_menus(labels)
        # Each view loaded itself when made: the first switch only shows the first view.
        self._refresh_on_switch = False
        self.navigation.setCurrentRow(0)
        self._refresh_on_switch = True

    def _build_menus(self, labels: dict[str, str]) -> None:
        file_menu = self.menuBar().addMenu(_("&Arkiv"))
        self.export_action = QAction(_("&Exportera till delad mapp"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setStatusTip(
            _("Spara det som ändrats sedan förra exporten som ett paket i den delade mappen")
        )
        self.export_action.triggered.connect(self.export_to_shared_folder)
        file_menu.addAction(self.export_action)
        self.import_action = QAction(_("&Importera från delad mapp…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.import_from_shared_folder)
        file_menu.addAction(self.import_action)
        self.conflicts_action = QAction(_("&Konflikter…"), self)
        self.conflicts_action.triggered.connect(self.show_conflicts)
        file_menu.addAction(self.conflicts_action)
        file_menu.addSeparator()
        quit_action = QAction(_("&Avsluta"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu(_("&Visa"))
        for name in VIEW_ORDER:
            action = QAction(labels[name], self)
            action.setShortcut(QKeySequence(f"Ctrl+{VIEW_SHORTCUTS[name]}"))
            action.triggered.connect(lambda _checked=False, n=name: self.show_view(n))
            view_menu.addAction(action)
        help_menu = self.menuBar().addMenu(_("&Hjälp"))
        about = QAction(_("&Om kvaldesk"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            _("Om kvaldesk"),
            _(
                "kvaldesk {version}\n\nKollegial granskning av akter i socialtjänsten.\n"
                "Databas: {path}"
            ).format(version=kvaldesk.__version__, path=self.context.db_path),
        )

    # The shared folder -----------------------------------------------------------------------

    def export_to_shared_folder(self) -> Task | None:
        """Export what changed to the shared folder from Inställningar, in the background."""
        settings = self.context.settings()
        folder = settings.shared_folder.strip()
        if not folder:
            folder = self._ask_for_folder()
            if not folder:
                return None
        passphrase = settings.team_passphrase or None

        def job(db: Database, progress: Any) -> ExportResult:
            from kvaldesk.services import exchange as exchange_service

            return exchange_service.export_package(
                db, folder, passphrase=passphrase, progress=progress
            )

        return self.context.run_task(
            job,
            _("Exporterar till delad mapp"),
            on_success=self._exported,
            on_failure=self._export_failed,
        )

    def _ask_for_folder(self) -> str:
        """No shared folder is set: say where to set it and offer to choose one now (it is
        then stored in Inställningar). The chosen folder, or ""."""
        answer = QMessageBox.question(
            self,
            _("Ingen delad mapp"),
            _(
                "Ingen delad mapp är vald. Välj den under Inställningar, eller välj en mapp nu "
                "(den sparas då i Inställningar)."
            ),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Open,
        )
        if answer != QMessageBox.StandardButton.Open:
            self.context.status_message.emit(
                _("Ingen delad mapp är vald; välj den under Inställningar.")
            )
            return ""
        folder = QFileDialog.getExistingDirectory(self, _("Välj delad mapp"))
        if not folder:
            return ""
        try:
            settings_service.save_settings(
                self.context.db, replace(self.context.settings(), shared_folder=folder)
            )
        except KvaldeskError as exc:
            show_error(self, exc)
            return ""
        self.context.notify("settings")
        return folder

    def _exported(self, result: ExportResult) -> None:
        extra = ""
        if result.path is None:
            text = _("Inget nytt att exportera sedan förra exporten; ingen fil skrevs.")
        else:
            reviews = result.counts.get("reviews", 0)
            if reviews == 1:
                text = _(
                    "Exporterade 1 granskning till {file} (ärenden: {cases}, omgångar: "
                    "{rounds}, åtgärder: {actions})."
                )
            else:
                text = _(
                    "Exporterade {n} granskningar till {file} (ärenden: {cases}, omgångar: "
                    "{rounds}, åtgärder: {actions})."
                )
            text = text.format(
                n=reviews,
                file=result.path,
                cases=result.counts.get("cases", 0),
                rounds=result.counts.get("rounds", 0),
                actions=result.counts.get("actions", 0),
            )
            if result.encrypted:
                extra = _("Paketet är krypterat med teamets lösenfras.")
        self.last_export_message = text
        self.statusBar().showMessage(text, 10_000)
        self._inform(_("Export"), text, informative=extra)

    def _export_failed(self, exc: BaseException, details: str) -> None:
        from kvaldesk.services.exchange import ExchangeFolderError

        if isinstance(exc, ExchangeFolderError):
            text = _("Exporten kunde inte skrivas: {problem}").format(problem=str(exc))
            self.last_export_message = text
            self.statusBar().showMessage(text, 10_000)
            self._inform(_("Exporten gick inte"), text, QMessageBox.Icon.Warning)
            return
        show_error(self, exc, details)

    def _inform(
        self,
        title: str,
        text: str,
        icon: QMessageBox.Icon = QMessageBox.Icon.Information,
        informative: str = "",
    ) -> None:
        """A small message box (tests replace it)."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        if informative:
            box.setInformativeText(informative)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()

    def import_from_shared_folder(self) -> None:
        """Open the import dialog."""
        from ui.dialogs.import_dialog import ImportDialog

        ImportDialog(self.context, self).exec()

    def show_conflicts(self) -> None:
        """Open the conflicts dialog."""
        from ui.dialogs.conflicts_dialog import ConflictsDialog

        ConflictsDialog(self.context, self).exec()

    def _switch(self, row: int) -> None:
        if row < 0:
            return
        view = self.views[VIEW_ORDER[row]]
        self.stack.setCurrentIndex(row)
        if not self._refresh_on_switch:
            return
        refresh = getattr(view, "refresh", None)
        if callable(refresh):
            refresh()

    def show_view(self, name: str) -> None:
        """Switch to the named view."""
        self.navigation.setCurrentRow(VIEW_ORDER.index(name))

    def open_review(self, review_id: str) -> None:
        """Switch to the review view showing this review."""
        self.show_view("review")
        view = self.views["review"]
        view.open_review(review_id)  # type: ignore[attr-defined]

    def show_results(self, round_id: str) -> None:
        """Switch to the results of this round."""
        view = self.views["results"]
        # Chosen before the view is shown, so that showing it computes only this round.
        view.choose_round(round_id)  # type: ignore[attr-defined]
        self.show_view("results")
        view.show_round(round_id)  # type: ignore[attr-defined]

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the window and let background work finish."""
        save_window(self)
        self.context.tasks.wait(10_000)
        super().closeEvent(event)
