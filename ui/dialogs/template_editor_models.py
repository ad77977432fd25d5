"""The template editor's editable table models: a question's answer options and its legal
references, both editing the draft's own lists in place, and the "Räknas som" delegate."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from kvaldesk.domain.enums import CountsAs
from ui.dialogs.template_editor_drafts import OptionDraft, RefDraft, value_from_label
from ui.i18n import _
from ui.models.base import Column, Index, RowTableModel
from ui.models.questions_table_model import counts_as_label


class OptionsTableModel(RowTableModel[OptionDraft]):
    """Svar, Kod, Räknas som: the answer options of one draft, editable in place."""

    LABEL, VALUE, COUNTS_AS = range(3)

    def columns(self) -> list[Column[OptionDraft]]:
        """The three columns, with tooltips that explain them."""
        return [
            Column(_("Svar"), lambda o: o.label, header_tooltip=_("Texten granskaren ser.")),
            Column(
                _("Kod"),
                lambda o: o.value,
                header_tooltip=_("Det som sparas för svaret. Lämnas den tom skapas den av texten."),
            ),
            Column(
                _("Räknas som"),
                lambda o: counts_as_label(o.counts_as),
                header_tooltip=_("Hur svaret räknas i andelen uppfyllt."),
            ),
        ]

    def set_options(self, options: list[OptionDraft]) -> None:
        """Edit this list (the draft's own list: edits change the draft)."""
        with self.resetting():
            self._rows = options

    def options(self) -> list[OptionDraft]:
        """The list being edited."""
        return self._rows

    def add_option(self) -> int:
        """Append an empty option that counts as not fulfilled; returns its row."""
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(OptionDraft("", "", CountsAs.NON_COMPLIANT))
        self.endInsertRows()
        return row

    def remove_option(self, row: int) -> None:
        """Remove the option at ``row``."""
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def replace_all(self, options: list[OptionDraft]) -> None:
        """Replace every option (a preset), keeping the same list object."""
        with self.resetting():
            self._rows[:] = [OptionDraft(o.value, o.label, o.counts_as) for o in options]

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Every cell is editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def role_data(self, row: OptionDraft, column: int, role: int) -> Any:
        """The edit role: the texts, and for "Räknas som" the CountsAs value."""
        if role != Qt.ItemDataRole.EditRole:
            return None
        if column == self.LABEL:
            return row.label
        if column == self.VALUE:
            return row.value
        return row.counts_as.value

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Change a cell. A new label also fills an empty code."""
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or not 0 <= index.row() < len(self._rows)
        ):
            return False
        option = self._rows[index.row()]
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


class LegalRefsTableModel(RowTableModel[RefDraft]):
    """Lag eller föreskrift, Lagrum, Verifierad, Anteckning: one draft's references."""

    LAW, REFERENCE, VERIFIED, NOTE = range(4)

    def columns(self) -> list[Column[RefDraft]]:
        """The four columns; "Verifierad" is a check box (see :meth:`data`)."""
        return [
            Column(_("Lag eller föreskrift"), lambda r: r.law, tooltip=lambda r: r.law or None),
            Column(_("Lagrum"), lambda r: r.reference, tooltip=lambda r: r.reference or None),
            Column(
                _("Verifierad"),
                lambda r: "",
                header_tooltip=_(
                    "Kryssa i när lagrummet är kontrollerat mot lagtexten. Annars visas "
                    "det som \u201dlagrum verifieras\u201d."
                ),
            ),
            Column(_("Anteckning"), lambda r: r.note, tooltip=lambda r: r.note or None),
        ]

    def set_refs(self, refs: list[RefDraft]) -> None:
        """Edit this list (the draft's own list)."""
        with self.resetting():
            self._rows = refs

    def add_ref(self) -> int:
        """Append an empty, unverified reference; returns its row."""
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(RefDraft())
        self.endInsertRows()
        return row

    def remove_ref(self, row: int) -> None:
        """Remove the reference at ``row``."""
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Text cells are editable; "Verifierad" is a check box."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.VERIFIED:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text of a cell (also to edit), or the check state of "Verifierad" (no text)."""
        if (
            index.isValid()
            and index.column() == self.VERIFIED
            and 0 <= index.row() < len(self._rows)
        ):
            ref = self._rows[index.row()]
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if ref.verified else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return _("Verifierad") if ref.verified else _("Inte verifierad")
            return None
        return super().data(index, role)

    def role_data(self, row: RefDraft, column: int, role: int) -> Any:
        """The edit role: the cell's text."""
        if role == Qt.ItemDataRole.EditRole:
            return (row.law, row.reference, "", row.note)[column]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Change a cell or the check box."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        ref = self._rows[index.row()]
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
