"""Inställningar: the reviewer's name and unit, the shared folder and team passphrase,
language and group size."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kvaldesk import __version__
from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.services import backups
from kvaldesk.services import settings as settings_service
from kvaldesk.services.settings import UserSettings
from ui.context import AppContext
from ui.i18n import _
from ui.widgets import VIEW_MARGINS, MessageLabel, note, titled_layout

#: Language names are shown in their own language (not translated), so that someone who
#: cannot read the current language still finds theirs.
LANGUAGE_NAMES = (("sv", "Svenska"), ("en", "English"))
FORM_MAX_WIDTH = 760


class SettingsView(QWidget):
    """A form over the stored user settings, saved with Spara (Ctrl+S)."""

    view_name = "settings"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._loading = False
        self._dirty = False
        self._saved = UserSettings()
        self._labels: list[QLabel] = []
        self._build()
        context.data_changed.connect(self._data_changed)
        self.load()

    # Building -------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        page = QWidget()
        scroll.setWidget(page)
        layout = titled_layout(page, _("Inställningar"), VIEW_MARGINS, spacing=12)

        content = QWidget()
        content.setMaximumWidth(FORM_MAX_WIDTH)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        layout.addWidget(content)

        column.addWidget(self._reviewer_group())
        column.addWidget(self._folder_group())
        column.addWidget(self._reports_group())
        column.addWidget(self._language_group())
        column.addWidget(self._backups_group())

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.save_button = QPushButton(_("&Spara"))
        self.save_button.setAccessibleName(_("Spara inställningarna"))
        self.save_button.setToolTip(_("Spara inställningarna (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.revert_button = QPushButton(_("&Ångra ändringar"))
        self.revert_button.setAccessibleName(_("Ångra ändringar som inte är sparade"))
        self.unsaved_label = QLabel(_("Du har ändringar som inte är sparade."))
        self.unsaved_label.setStyleSheet("color: #7a2e00;")
        self.unsaved_label.setAccessibleName(_("Ej sparade ändringar"))
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addSpacing(8)
        buttons.addWidget(self.unsaved_label)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.message = MessageLabel()
        column.addWidget(self.message)

        column.addWidget(self._about_group())
        layout.addStretch(1)
        # One label column width for every group, so the fields line up.
        width = max(label.sizeHint().width() for label in self._labels)
        for label in self._labels:
            label.setMinimumWidth(width)

        QWidget.setTabOrder(self.name_edit, self.unit_edit)
        QWidget.setTabOrder(self.unit_edit, self.code_edit)
        QWidget.setTabOrder(self.code_edit, self.folder_edit)
        QWidget.setTabOrder(self.folder_edit, self.browse_button)
        QWidget.setTabOrder(self.browse_button, self.passphrase_edit)
        QWidget.setTabOrder(self.passphrase_edit, self.show_passphrase)
        QWidget.setTabOrder(self.show_passphrase, self.min_group_spin)
        QWidget.setTabOrder(self.min_group_spin, self.language_combo)
        QWidget.setTabOrder(self.language_combo, self.backups_spin)
        QWidget.setTabOrder(self.backups_spin, self.save_button)
        QWidget.setTabOrder(self.save_button, self.revert_button)

        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.browse_button.clicked.connect(self.choose_folder)
        save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_shortcut.activated.connect(self.save)
        self.show_passphrase.toggled.connect(self._toggle_passphrase)
        for edit in (
            self.name_edit,
            self.unit_edit,
            self.code_edit,
            self.folder_edit,
            self.passphrase_edit,
        ):
            edit.textEdited.connect(self._edited)
            edit.returnPressed.connect(self.save)
        self.min_group_spin.valueChanged.connect(self._edited)
        self.language_combo.currentIndexChanged.connect(self._edited)
        self.backups_spin.valueChanged.connect(self._edited)

    def _label(self, text: str, buddy: QWidget | None = None) -> QLabel:
        """A form label, its mnemonic bound to ``buddy``."""
        label = QLabel(text)
        if buddy is not None:
            label.setBuddy(buddy)
        self._labels.append(label)
        return label

    @staticmethod
    def _form(group: QGroupBox) -> QFormLayout:
        form = QFormLayout(group)
        form.setContentsMargins(12, 12, 12, 12)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def _reviewer_group(self) -> QGroupBox:
        group = QGroupBox(_("Du som granskar"))
        form = self._form(group)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(_("Ditt namn"))
        self.name_edit.setMaxLength(120)
        name_label = self._label(_("&Namn:"), self.name_edit)
        self.unit_edit = QLineEdit()
        self.unit_edit.setAccessibleName(_("Din enhet"))
        self.unit_edit.setMaxLength(200)
        unit_label = self._label(_("&Enhet:"), self.unit_edit)
        self.code_edit = QLineEdit()
        self.code_edit.setAccessibleName(_("Din handläggarkod"))
        self.code_edit.setMaxLength(60)
        self.code_edit.setPlaceholderText(_("Frivillig: din kod i verksamhetssystemet"))
        code_label = self._label(_("Handläggar&kod:"), self.code_edit)
        form.addRow(name_label, self.name_edit)
        form.addRow(unit_label, self.unit_edit)
        form.addRow(code_label, self.code_edit)
        form.addRow(
            note(
                _(
                    "Namn och enhet följer med dina granskningar och exportpaket. Ett urval "
                    "(Dra urval) utesluter ärenden med din handläggarkod, så att du inte "
                    "granskar dina egna ärenden. Skriv aldrig personnummer här."
                )
            )
        )
        return group

    def _folder_group(self) -> QGroupBox:
        group = QGroupBox(_("Delad mapp"))
        form = self._form(group)
        self.folder_edit = QLineEdit()
        self.folder_edit.setAccessibleName(_("Delad mapp"))
        self.folder_edit.setPlaceholderText(_("Till exempel en mapp på en nätverksenhet"))
        self.browse_button = QPushButton(_("Väl&j…"))
        self.browse_button.setAccessibleName(_("Välj delad mapp"))
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.browse_button)
        folder_label = self._label(_("&Delad mapp:"), self.folder_edit)
        form.addRow(folder_label, row)
        form.addRow(
            note(
                _(
                    "Används för export och import av paket: dina granskningar sparas där "
                    "som filer, och samordnaren läser in allas filer därifrån."
                )
            )
        )
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName(_("Teamets lösenfras"))
        self.passphrase_edit.setPlaceholderText(_("Frivillig: krypterar paketen"))
        self.passphrase_edit.setMaxLength(1000)
        self.show_passphrase = QPushButton(_("V&isa"))
        self.show_passphrase.setCheckable(True)
        self.show_passphrase.setAccessibleName(_("Visa lösenfrasen"))
        passphrase_row = QHBoxLayout()
        passphrase_row.setSpacing(8)
        passphrase_row.addWidget(self.passphrase_edit, 1)
        passphrase_row.addWidget(self.show_passphrase)
        form.addRow(self._label(_("&Lösenfras:"), self.passphrase_edit), passphrase_row)
        form.addRow(
            note(
                _(
                    "Med en lösenfras krypteras paketen i den delade mappen. Lösenfrasen sparas "
                    "på den här datorn och måste vara densamma på varje dator i teamet; utan "
                    "den kan paketen inte läsas in."
                )
            )
        )
        return group

    def _toggle_passphrase(self, shown: bool) -> None:
        self.passphrase_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        self.show_passphrase.setText(_("D&ölj") if shown else _("V&isa"))
        self.show_passphrase.setAccessibleName(
            _("Dölj lösenfrasen") if shown else _("Visa lösenfrasen")
        )

    def _reports_group(self) -> QGroupBox:
        group = QGroupBox(_("Rapporter"))
        form = self._form(group)
        self.min_group_spin = QSpinBox()
        self.min_group_spin.setRange(1, 100)
        self.min_group_spin.setAccessibleName(_("Minsta gruppstorlek"))
        self.min_group_spin.setMinimumWidth(110)
        label = self._label(_("&Minsta gruppstorlek (antal svar):"), self.min_group_spin)
        row = QHBoxLayout()
        row.addWidget(self.min_group_spin)
        row.addStretch(1)
        form.addRow(label, row)
        form.addRow(
            note(
                _(
                    "Grupper med färre svar visas inte i rapporter som lämnar enheten, så att "
                    "ingen kan identifieras. Standard är {n}."
                ).format(n=settings_service.DEFAULT_MIN_GROUP_SIZE)
            )
        )
        return group

    def _language_group(self) -> QGroupBox:
        group = QGroupBox(_("Språk"))
        form = self._form(group)
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(_("Språk"))
        for code, name in LANGUAGE_NAMES:
            self.language_combo.addItem(name, code)
        label = self._label(_("S&pråk:"), self.language_combo)
        row = QHBoxLayout()
        row.addWidget(self.language_combo)
        row.addStretch(1)
        form.addRow(label, row)
        form.addRow(note(_("Språket byts när du startar om kvaldesk.")))
        return group

    def _backups_group(self) -> QGroupBox:
        group = QGroupBox(_("Säkerhetskopior"))
        form = self._form(group)
        self.backups_spin = QSpinBox()
        self.backups_spin.setRange(1, settings_service.MAX_BACKUPS_TO_KEEP)
        self.backups_spin.setAccessibleName(_("Antal säkerhetskopior att spara"))
        self.backups_spin.setMinimumWidth(110)
        label = self._label(_("Antal säkerhets&kopior att spara:"), self.backups_spin)
        row = QHBoxLayout()
        row.addWidget(self.backups_spin)
        row.addStretch(1)
        form.addRow(label, row)
        form.addRow(
            note(
                _(
                    "kvaldesk kopierar databasen automatiskt när programmet startar, före en "
                    "uppdatering och före varje import, till mappen {folder}. De äldsta kopiorna "
                    "tas bort när det finns fler än så här många. Standard är {n}."
                ).format(
                    folder=backups.backup_folder(self.context.db_path),
                    n=settings_service.DEFAULT_BACKUPS_TO_KEEP,
                )
            )
        )
        return group

    def _about_group(self) -> QGroupBox:
        group = QGroupBox(_("Om den här installationen"))
        form = self._form(group)
        self.db_path_label = QLabel(str(self.context.db_path))
        self.db_path_label.setWordWrap(True)
        self.db_path_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.db_path_label.setAccessibleName(_("Databasfil"))
        self.version_label = QLabel(__version__)
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.version_label.setAccessibleName(_("Version"))
        form.addRow(self._label(_("Databasfil:")), self.db_path_label)
        form.addRow(self._label(_("Version:")), self.version_label)
        return group

    # Loading and saving ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the stored settings, unless the form has unsaved changes (they are kept)."""
        if not self._dirty:
            self.load()

    def _data_changed(self, what: str) -> None:
        if what == "settings":
            self.refresh()

    def is_dirty(self) -> bool:
        """Whether the form has changes that are not saved."""
        return self._dirty

    def load(self) -> None:
        """Fill the form with the stored settings (drops unsaved changes)."""
        self._saved = settings_service.load_settings(self.context.db)
        self._loading = True
        try:
            self.name_edit.setText(self._saved.reviewer_name)
            self.unit_edit.setText(self._saved.reviewer_unit)
            self.code_edit.setText(self._saved.reviewer_code)
            self.folder_edit.setText(self._saved.shared_folder)
            self.passphrase_edit.setText(self._saved.team_passphrase)
            self.min_group_spin.setValue(self._saved.min_group_size)
            index = self.language_combo.findData(self._saved.language)
            self.language_combo.setCurrentIndex(max(index, 0))
            self.backups_spin.setValue(self._saved.backups_to_keep)
        finally:
            self._loading = False
        self._set_dirty(False)

    def form_settings(self) -> UserSettings:
        """The settings as typed in the form (those set elsewhere, such as the agreement
        thresholds in Kalibrering, as stored)."""
        return replace(
            settings_service.load_settings(self.context.db),
            reviewer_name=self.name_edit.text(),
            reviewer_code=self.code_edit.text(),
            reviewer_unit=self.unit_edit.text(),
            shared_folder=self.folder_edit.text(),
            language=str(self.language_combo.currentData() or "sv"),
            min_group_size=self.min_group_spin.value(),
            team_passphrase=self.passphrase_edit.text(),
            backups_to_keep=self.backups_spin.value(),
        )

    def _edited(self, *_args: object) -> None:
        if self._loading:
            return
        self.message.clear_message()
        self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.unsaved_label.setVisible(dirty)
        self.revert_button.setEnabled(dirty)

    def save(self) -> bool:
        """Check and store the form; show what happened. True if it was saved."""
        wanted = self.form_settings()
        try:
            stored = settings_service.save_settings(self.context.db, wanted)
        except KvaldeskError as exc:
            self.message.show_exception(exc)
            self._focus_problem(str(exc))
            return False
        language_changed = stored.language != self._saved.language
        self.load()
        if language_changed:
            self.message.show_info(
                _("Inställningarna sparades. Språket byts när du startar om kvaldesk.")
            )
        else:
            self.message.show_info(_("Inställningarna sparades."))
        self.context.notify("settings")
        self.context.status_message.emit(_("Inställningarna sparades."))
        return True

    def _focus_problem(self, text: str) -> None:
        """Put the cursor in the field the engine's message is about."""
        for word, widget in (
            ("Namn", self.name_edit),
            ("Enhet", self.unit_edit),
            ("Handläggarkod", self.code_edit),
            ("Delad mapp", self.folder_edit),
            ("Lösenfrasen", self.passphrase_edit),
        ):
            if text.startswith((f"{word} ", f"{word}:", f'"{word}"')):
                widget.setFocus()
                widget.selectAll()
                return

    def revert(self) -> None:
        """Drop the unsaved changes and show the stored settings again."""
        self.load()
        self.message.show_info(_("Ändringarna ångrades."))

    def choose_folder(self) -> None:
        """Pick the shared folder with the system's folder dialog."""
        start = self.folder_edit.text().strip()
        folder = QFileDialog.getExistingDirectory(self, _("Välj delad mapp"), start)
        if folder:
            self.folder_edit.setText(folder)
            self._edited()
            self.folder_edit.setFocus()
