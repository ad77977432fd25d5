"""Åtgärder across rounds: with a round chosen, the actions of earlier rounds of the same template
are listed with their status, overdue ones marked, and can be followed up (edited)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from kvaldesk.domain.enums import ActionStatus
from kvaldesk.domain.model import Action
from kvaldesk.services import actions as actions_service
from kvaldesk.services import rounds
from ui.context import AppContext
from ui.models.actions_table_model import STATUS, TEXT
from ui.views.actions_view import ActionsView

PAST = (date.today() - timedelta(days=14)).isoformat()
FUTURE = (date.today() + timedelta(days=30)).isoformat()


def later_and_earlier(context: AppContext) -> tuple[str, str]:
    """The newest round and an earlier round with the same template."""
    summaries = rounds.list_rounds(context.db)
    newest = summaries[0].round
    earlier = next(
        s.round
        for s in summaries[1:]
        if s.round.template_key == newest.template_key and s.round.created_at < newest.created_at
    )
    return newest.id, earlier.id


def make_view(qtbot, context: AppContext) -> ActionsView:  # type: ignore[no-untyped-def]
    view = ActionsView(context)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def texts(view: ActionsView, column: int) -> list[str]:
    model = view.earlier.table.model()
    return [str(model.index(r, column).data()) for r in range(model.rowCount())]


def test_earlier_actions_are_listed_with_overdue_marked(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    later, earlier = later_and_earlier(context)
    actions_service.create_action(
        context.db,
        earlier,
        "Checklista för motivering av beslut",
        owner="Leila Haddad",
        due_date=PAST,
    )
    actions_service.create_action(
        context.db, earlier, "Utbildning i barnperspektivet", owner="Jonas Ek", due_date=FUTURE
    )
    view = make_view(qtbot, context)
    view.set_round_filter(earlier)
    assert not view.earlier.isVisible()  # nothing earlier than the earlier round

    view.set_round_filter(later)
    assert view.earlier.isVisible()
    expected = actions_service.earlier_round_actions(context.db, later)
    assert sorted(texts(view, TEXT)) == sorted(r.action.text for r in expected)
    statuses = dict(zip(texts(view, TEXT), texts(view, STATUS), strict=True))
    assert statuses["Checklista för motivering av beslut"] == "Försenad (Planerad)"
    assert statuses["Utbildning i barnperspektivet"] == "Planerad"
    late = sum(1 for r in expected if r.overdue)
    assert f"{len(expected)} åtgärder" in view.earlier.heading.text()
    assert f"{late} försenade" in view.earlier.heading.text()

    view.set_round_filter("")  # all rounds: every action is in the main list already
    assert not view.earlier.isVisible()


def test_an_earlier_action_is_followed_up_with_enter(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, monkeypatch
) -> None:
    later, earlier = later_and_earlier(context)
    overdue = actions_service.create_action(
        context.db, earlier, "Checklista för motivering av beslut", due_date=PAST
    )
    edited: list[Action | None] = []

    class Done(QDialog):
        def __init__(self, action: Action | None) -> None:
            super().__init__()
            edited.append(action)
            self.saved_action: Action | None = None
            self.action = action

        def exec(self) -> int:  # type: ignore[override]
            assert self.action is not None
            self.saved_action = actions_service.update_action(
                context.db, replace(self.action, status=ActionStatus.DONE)
            )
            context.notify("actions")
            return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(
        ActionsView, "make_dialog", lambda self, round_id, action=None: Done(action)
    )
    view = make_view(qtbot, context)
    view.set_round_filter(later)
    view.earlier.table.setFocus()
    assert view.earlier.table.select_action(overdue.id)
    qtbot.keyClick(view.earlier.table, Qt.Key.Key_Return)
    assert edited and edited[0] is not None and edited[0].id == overdue.id
    statuses = dict(zip(texts(view, TEXT), texts(view, STATUS), strict=True))
    assert statuses["Checklista för motivering av beslut"] == "Klar"
    assert view.message.text() == "Åtgärden sparades."
