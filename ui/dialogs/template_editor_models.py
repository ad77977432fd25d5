"""The template editor's editable table models: a question's answer options and its legal
references, both editing the draft's own lists in place, and the "Räknas som" delegate."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from kvaldesk.domain.enums import CountsAs
from ui.dialogs.template_editor_drafts import OptionDraft, RefDraft, value_from_label
from ui.i18n import _
from ui.models.questions_table_model import counts_as_label

Index = QModelIndex | QPersistentModelIndex


class OptionsTableModel(QAbstractTableModel):
    """Svar, Kod, Räknas som: the answer options of one draft, editable in place."""

    LABEL, VALUE, COUNTS_AS = range(3)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._options: list[OptionDraft] = []

    def headers(self) -> list[str]:
        """The column titles, translated."""
        return [_("Svar"), _("Kod"), _("Räknas som")]

    def set_options(self, options: list[OptionDraft]) -> None:
        """Edit this list (the draft's own list: edits change the draft)."""
        self.beginResetModel()
        self._options = options
        self.endResetModel()

    def options(self) -> list[OptionDraft]:
        """The list being edited."""
        return self._options

    def add_option(self) -> int:
        """Append an empty option that counts as not fulfilled; returns its row."""
        row = len(self._options)
        self.beginInsertRows(QModelIndex(), row, row)
        self._options.append(OptionDraft("", "", CountsAs.NON_COMPLIANT))
        self.endInsertRows()
        return row

    def remove_option(self, row: int) -> None:
        """Remove the option at ``row``."""
        if 0 <= row < len(self._options):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._options[row]
            self.endRemoveRows()

    def replace_all(self, options: list[OptionDraft]) -> None:
        """Replace every option (a preset), keeping the same list object."""
        self.beginResetModel()
        self._options[:] = [OptionDraft(o.value, o.label, o.counts_as) for o in options]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of options."""
        return 0 if parent.isValid() else len(self._options)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Three columns."""
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles and their explanations."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < 3:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return [
                _("Texten granskaren ser."),
                _("Det som sparas för svaret. Lämnas den tom skapas den av texten."),
                _("Hur svaret räknas i andelen uppfyllt."),
            ][section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Every cell is editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text of a cell; the edit role of "Räknas som" is the CountsAs value."""
        if not index.isValid() or not 0 <= index.row() < len(self._options):
            return None
        option = self._options[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.LABEL:
                return option.label
            if column == self.VALUE:
                return option.value
            if column == self.COUNTS_AS:
                return counts_as_label(option.counts_as)
        if role == Qt.ItemDataRole.EditRole:
            if column == self.LABEL:
                return option.label
            if column == self.VALUE:
                return option.value
            if column == self.COUNTS_AS:
                return option.counts_as.value
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Change a cell. A new label also fills an empty code."""
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or not 0 <= index.row() < len(self._options)
        ):
            return False
        option = self._options[index.row()]
        column = index.column()
        if column == self.LABEL:
            option.label = str(value)
            if not option.value.strip():
                option.value = value_from_label(option.label)
            self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 1))
            return True
        if column == self.VALUE:
            option.value = str(value).strip()
        elif column == self.COUNTS_AS:
            try:
                option.counts_as = CountsAs(str(value))
            except ValueError:
                return False
        else:
            return False
        self.dataChanged.emit(index, index)
        return True


class LegalRefsTableModel(QAbstractTableModel):
    """Lag eller föreskrift, Lagrum, Verifierad, Anteckning: one draft's references."""

    LAW, REFERENCE, VERIFIED, NOTE = range(4)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._refs: list[RefDraft] = []

    def headers(self) -> list[str]:
        """The column titles, translated."""
        return [_("Lag eller föreskrift"), _("Lagrum"), _("Verifierad"), _("Anteckning")]

    def set_refs(self, refs: list[RefDraft]) -> None:
        """Edit this list (the draft's own list)."""
        self.beginResetModel()
        self._refs = refs
        self.endResetModel()

    def add_ref(self) -> int:
        """Append an empty, unverified reference; returns its row."""
        row = len(self._refs)
        self.beginInsertRows(QModelIndex(), row, row)
        self._refs.append(RefDraft())
        self.endInsertRows()
        return row

    def remove_ref(self, row: int) -> None:
        """Remove the reference at ``row``."""
        if 0 <= row < len(self._refs):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._refs[row]
            self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of references."""
        return 0 if parent.isValid() else len(self._refs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Four columns."""
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 4:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return self.headers()[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == self.VERIFIED:
                return _(
                    "Kryssa i när lagrummet är kontrollerat mot lagtexten. Annars visas "
                    "det som \u201dlagrum verifieras\u201d."
                )
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Text cells are editable; "Verifierad" is a check box."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.VERIFIED:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text of a cell, or the check state of "Verifierad"."""
        if not index.isValid() or not 0 <= index.row() < len(self._refs):
            return None
        ref = self._refs[index.row()]
        column = index.column()
        if column == self.VERIFIED:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if ref.verified else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return _("Verifierad") if ref.verified else _("Inte verifierad")
            return None
        text = (ref.law, ref.reference, "", ref.note)[column] if column < 4 else ""
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return text or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Change a cell or the check box."""
        if not index.isValid() or not 0 <= index.row() < len(self._refs):
            return False
        ref = self._refs[index.row()]
        column = index.column()
        if column == self.VERIFIED and role == Qt.ItemDataRole.CheckStateRole:
            state = value.value if isinstance(value, Qt.CheckState) else int(value)
            ref.verified = state == Qt.CheckState.Checked.value
        elif role != Qt.ItemDataRole.EditRole or column == self.VERIFIED:
            return False
        elif column == self.LAW:
            ref.law = str(value)
        elif column == self.REFERENCE:
            ref.reference = str(value)
        elif column == self.NOTE:
            ref.note = str(value)
        else:
            return False
        self.dataChanged.emit(index, index)
        return True


class CountsAsDelegate(QStyledItemDelegate):
    """Edits "Räknas som" with a drop-down of Uppfyllt, Ej uppfyllt and Ej aktuellt."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A combo box of the three choices."""
        combo = QComboBox(parent)
        combo.setAccessibleName(_("Räknas som"))
        for counts_as in CountsAs:
            combo.addItem(counts_as_label(counts_as), counts_as.value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Select the option's current value."""
        if isinstance(editor, QComboBox):
            position = editor.findData(index.data(Qt.ItemDataRole.EditRole))
            editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Store the chosen value."""
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
