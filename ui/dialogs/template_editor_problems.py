"""Problems in a template, grouped by question: used by the import in the templates view and by
the template editor. A problem's ``where`` is like "fråga FB3 (options/0/counts_as)"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvaldesk.domain.errors import KvaldeskError, Problem, ValidationError
from ui.i18n import _
from ui.widgets import ERROR_STYLE

_WHERE = re.compile(r"^fråga (?P<id>.+?)(?: \((?P<field>.*)\))?$")
_NUMBERED = re.compile(r"^fråga nr (?P<number>\d+)(?: \((?P<field>.*)\))?$")

MAX_TREE_HEIGHT = 170

#: The question id of a problem item (empty for problems about the whole template).
QUESTION_ID_ROLE = Qt.ItemDataRole.UserRole


def _field_names() -> dict[str, str]:
    return {
        "id": _("id"),
        "text": _("frågetext"),
        "help": _("hjälptext"),
        "criterion": _("kvalitetskriterium"),
        "critical": _("kritisk"),
        "local": _("lokal rutin"),
        "kind": _("svarstyp"),
        "options": _("svarsalternativ"),
        "value": _("kod"),
        "label": _("text"),
        "counts_as": _("räknas som"),
        "number_field": _("sifferfält"),
        "unit": _("enhet"),
        "min": _("minsta värde"),
        "max": _("största värde"),
        "legal_refs": _("lagrum"),
        "law": _("lag eller föreskrift"),
        "reference": _("lagrum"),
        "verified": _("verifierad"),
        "note": _("anteckning"),
        "condition": _("villkor"),
        "answer_in": _("svar"),
    }


def describe_field(path: str) -> str:
    """A field path such as "options/0/counts_as" in words: "svarsalternativ 1, räknas som"."""
    names = _field_names()
    parts: list[str] = []
    for part in path.split("/"):
        if part.isdigit() and parts:
            parts[-1] = _("{field} {number}").format(field=parts[-1], number=int(part) + 1)
        elif part:
            parts.append(names.get(part, part))
    return ", ".join(parts)


@dataclass(frozen=True)
class ProblemGroup:
    """The problems of one question (``question_id``) or of the template as a whole ("")."""

    question_id: str
    title: str
    messages: tuple[str, ...]


def group_problems(problems: Sequence[Problem]) -> list[ProblemGroup]:
    """Problems grouped by question, in the order they were found; the template's own first."""
    groups: dict[str, tuple[str, list[str]]] = {}
    for problem in problems:
        match = _WHERE.match(problem.where)
        numbered = _NUMBERED.match(problem.where)
        if numbered:
            key = f"#{numbered['number']}"
            title = _("Fråga nummer {number}").format(number=numbered["number"])
            field = numbered["field"]
        elif match:
            key = match["id"]
            title = _("Fråga {id}").format(id=key)
            field = match["field"]
        else:
            key = ""
            title = _("Mallen")
            field = problem.where
        message = problem.message
        if field:
            message = _("{field}: {message}").format(field=describe_field(field), message=message)
        groups.setdefault(key, (title, []))[1].append(message)
    ordered = sorted(groups.items(), key=lambda item: item[0] != "")
    return [
        ProblemGroup(key if not key.startswith("#") else "", title, tuple(messages))
        for key, (title, messages) in ordered
    ]


class ProblemsPanel(QFrame):
    """An inline panel: what was refused, and every problem listed under its question.

    Activating a problem (Enter or double-click) emits ``question_activated(question_id)``.
    """

    question_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None, closable: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("problemsPanel")
        self.setStyleSheet(f"#problemsPanel {{ {ERROR_STYLE} }}")
        self.setAccessibleName(_("Problem"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold; border: none; background: transparent;")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.summary, 1)
        self.close_button = QPushButton(_("Dölj"))
        self.close_button.setAccessibleName(_("Dölj problemlistan"))
        self.close_button.clicked.connect(self.clear_problems)
        self.close_button.setVisible(closable)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setAccessibleName(_("Problem per fråga"))
        self.tree.setStyleSheet("QTreeWidget { background: white; color: black; }")
        self.tree.itemActivated.connect(self._activated)
        layout.addWidget(self.tree)
        self.hide()

    def show_exception(self, exc: BaseException) -> None:
        """Show an engine error: the summary and, for a ValidationError, its problems."""
        if isinstance(exc, ValidationError):
            self.show_problems(exc.summary, exc.problems)
        elif isinstance(exc, KvaldeskError):
            self.show_problems(str(exc), [])
        else:
            raise exc

    def show_problems(self, summary: str, problems: Sequence[Problem]) -> None:
        """Show the summary and the problems grouped by question."""
        self.summary.setText(summary)
        self.summary.setAccessibleDescription(summary)
        self.tree.clear()
        for group in group_problems(problems):
            parent = QTreeWidgetItem([group.title])
            parent.setData(0, QUESTION_ID_ROLE, group.question_id)
            font = parent.font(0)
            font.setBold(True)
            parent.setFont(0, font)
            for message in group.messages:
                child = QTreeWidgetItem([message])
                child.setData(0, QUESTION_ID_ROLE, group.question_id)
                child.setToolTip(0, message)
                parent.addChild(child)
            self.tree.addTopLevelItem(parent)
        self.tree.expandAll()
        self._fit_tree()
        self.tree.setVisible(bool(problems))
        self.show()

    def _fit_tree(self) -> None:
        """As tall as its lines, up to MAX_TREE_HEIGHT (then it scrolls)."""
        lines = sum(
            1 + item.childCount()
            for item in (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
            if item is not None
        )
        line = max(self.tree.sizeHintForRow(0), self.tree.fontMetrics().height() + 4)
        height = lines * line + 2 * self.tree.frameWidth() + 6
        self.tree.setFixedHeight(max(min(height, MAX_TREE_HEIGHT), line + 8))

    def text(self) -> str:
        """Everything the panel says, as plain text (for tests and copying)."""
        lines = [self.summary.text()]
        for row in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(row)
            if parent is None:
                continue
            lines.append(parent.text(0))
            children = (parent.child(i) for i in range(parent.childCount()))
            lines.extend(f"  {child.text(0)}" for child in children if child is not None)
        return "\n".join(lines)

    def clear_problems(self) -> None:
        """Hide the panel."""
        self.tree.clear()
        self.summary.clear()
        self.hide()

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        question_id = item.data(0, QUESTION_ID_ROLE)
        if question_id:
            self.question_activated.emit(str(question_id))
