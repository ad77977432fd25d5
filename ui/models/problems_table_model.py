"""A thin table model over the engine's problems (``kvaldesk.domain.errors.Problem``): Var,
Problem. The spreadsheet import and the paste dialog list what they refuse with it."""

from __future__ import annotations

from collections.abc import Iterable

from kvaldesk.domain.errors import Problem
from ui.i18n import _
from ui.models.base import Column, RowTableModel


class ProblemsTableModel(RowTableModel[Problem]):
    """Var, Problem: one row per problem the engine found (the tooltip shows the whole text)."""

    def columns(self) -> list[Column[Problem]]:
        """Where and what."""
        return [
            Column(_("Var"), lambda p: p.where, tooltip=lambda p: p.where),
            Column(_("Problem"), lambda p: p.message, tooltip=lambda p: p.message),
        ]

    def set_problems(self, problems: Iterable[Problem]) -> None:
        """Show these problems."""
        self.set_rows(problems)

    def problems(self) -> list[Problem]:
        """The problems shown."""
        return self.rows()
