"""The actions view (Åtgärder): overdue marking, filters, quick status change, create/edit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from kvaldesk.domain.enums import ActionStatus
from kvaldesk.domain.model import Action
from kvaldesk.services import actions as actions_service
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services import templates as templates_service
from ui.context import AppContext
from ui.dialogs.action_dialog import ActionDialog
from ui.models.actions_table_model import QUESTION, STATUS, TEXT, ActionsTableModel
from ui.views.actions_view import ActionsView

TODAY = date.today()


@pytest.fixture
def context(empty_context: AppContext) -> AppContext:
    """Demo rounds without the demo's actions: the tests here count their own."""
    from kvaldesk.services import demo

    demo.make_demo(empty_context.db, reviews=40, seed=3)
    with empty_context.db.conn:
        empty_context.db.execute("DELETE FROM actions")
    return empty_context


PAST = (TODAY - timedelta(days=14)).isoformat()
FUTURE = (TODAY + timedelta(days=30)).isoformat()


def round_ids(context: AppContext) -> list[str]:
    return [s.round.id for s in rounds_service.list_rounds(context.db)]


def make_view(qtbot: Any, context: AppContext) -> ActionsView:
    view = ActionsView(context)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    return view


def shown_texts(view: ActionsView) -> list[str]:
    model = view.table.model()
    return [str(model.index(row, TEXT).data()) for row in range(model.rowCount())]


class FakeDialog(QDialog):
    """Stands in for ActionDialog: records its arguments and saves like the real one."""

    calls: ClassVar[list[tuple[str, Action | None]]] = []

    def __init__(self, context: AppContext, round_id: str, action: Action | None) -> None:
        super().__init__()
        self.context = context
        self.round_id = round_id
        self.action = action
        self.saved_action: Action | None = None
        FakeDialog.calls.append((round_id, action))

    def exec(self) -> int:  # type: ignore[override]
        if self.action is None:
            self.saved_action = actions_service.create_action(
                self.context.db, self.round_id, "Ny rutin för uppföljning", owner="Jonas Ek"
            )
        else:
            self.saved_action = actions_service.update_action(
                self.context.db, replace(self.action, owner="Leila Haddad")
            )
        self.context.notify("actions")
        return int(QDialog.DialogCode.Accepted)


@pytest.fixture
def fake_dialog(monkeypatch: pytest.MonkeyPatch) -> type[FakeDialog]:
    FakeDialog.calls = []
    monkeypatch.setattr(
        ActionsView,
        "make_dialog",
        lambda self, round_id, action=None: FakeDialog(self.context, round_id, action),
    )
    return FakeDialog


def test_model_passes_qt_model_tester(context: AppContext, qtmodeltester: Any) -> None:
    first, second = round_ids(context)[:2]
    template_id = rounds_service.get_round(context.db, first).template_id
    question = templates_service.get_template_by_id(context.db, template_id).questions[0]
    actions_service.create_action(
        context.db,
        first,
        "Påminn om våldsfrågan",
        owner="Åsa",
        due_date=PAST,
        question_id=question.id,
    )
    actions_service.create_action(
        context.db, second, "Ny mall", due_date=FUTURE, status=ActionStatus.DONE
    )
    actions_service.create_action(context.db, second, "Utbildning")
    model = ActionsTableModel()
    model.set_rows(
        actions_service.list_actions(context.db), {(first, question.id): "1. " + question.text}
    )
    assert model.rowCount() == 3
    qtmodeltester.check(model)
    empty = ActionsTableModel()
    qtmodeltester.check(empty)


def test_view_model_passes_qt_model_tester(
    qtbot: Any, context: AppContext, qtmodeltester: Any
) -> None:
    first = round_ids(context)[0]
    actions_service.create_action(context.db, first, "Försenad sak", due_date=PAST)
    view = make_view(qtbot, context)
    qtmodeltester.check(view.model)


def test_overdue_action_is_marked_in_text_and_colour(qtbot: Any, context: AppContext) -> None:
    first = round_ids(context)[0]
    actions_service.create_action(
        context.db,
        first,
        "Gå igenom rutinen för förhandsbedömning",
        owner="Märta Sjöberg",
        due_date=PAST,
    )
    actions_service.create_action(context.db, first, "Ta fram mall", due_date=FUTURE)
    view = make_view(qtbot, context)
    model = view.model
    late = model.index(model.row_of(actions_service.list_actions(context.db)[0].action.id), STATUS)
    assert "Försenad" in late.data(Qt.ItemDataRole.DisplayRole)
    assert "Planerad" in late.data(Qt.ItemDataRole.DisplayRole)
    assert late.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert late.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert PAST in late.data(Qt.ItemDataRole.ToolTipRole)
    on_time = model.index(1, STATUS)
    assert on_time.data() == "Planerad"
    assert on_time.data(Qt.ItemDataRole.BackgroundRole) is None
    assert "1 försenade" in view.count_label.text()


def test_question_column_shows_the_question_text(qtbot: Any, context: AppContext) -> None:
    first = round_ids(context)[0]
    template_id = rounds_service.get_round(context.db, first).template_id
    question = templates_service.get_template_by_id(context.db, template_id).questions[2]
    actions_service.create_action(context.db, first, "Följ upp", question_id=question.id)
    view = make_view(qtbot, context)
    cell = view.model.index(0, QUESTION)
    assert cell.data() == f"3. {' '.join(question.text.split())}"
    assert question.text in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert question.text in view.details.text()


def test_done_actions_hidden_unless_show_closed(qtbot: Any, context: AppContext) -> None:
    first = round_ids(context)[0]
    actions_service.create_action(context.db, first, "Öppen åtgärd")
    actions_service.create_action(context.db, first, "Klar åtgärd", status=ActionStatus.DONE)
    actions_service.create_action(
        context.db, first, "Avbruten åtgärd", status=ActionStatus.CANCELLED
    )
    view = make_view(qtbot, context)
    assert shown_texts(view) == ["Öppen åtgärd"]
    qtbot.mouseClick(view.show_closed, Qt.MouseButton.LeftButton)
    assert view.show_closed.isChecked()
    assert sorted(shown_texts(view)) == ["Avbruten åtgärd", "Klar åtgärd", "Öppen åtgärd"]
    view.show_closed.setFocus()
    qtbot.keyClick(view.show_closed, Qt.Key.Key_Space)
    assert shown_texts(view) == ["Öppen åtgärd"]


def test_filter_by_round(qtbot: Any, context: AppContext) -> None:
    first, second = round_ids(context)[:2]
    actions_service.create_action(context.db, first, "Åtgärd i första")
    actions_service.create_action(context.db, second, "Åtgärd i andra")
    view = make_view(qtbot, context)
    assert sorted(shown_texts(view)) == ["Åtgärd i andra", "Åtgärd i första"]
    assert view.round_combo.currentText() == "Alla omgångar"
    view.round_combo.setFocus()
    qtbot.keyClick(view.round_combo, Qt.Key.Key_Down)  # the first round in the list
    assert view.round_filter() == first
    assert shown_texts(view) == ["Åtgärd i första"]
    assert view.table.isColumnHidden(1)  # the round's name would repeat in every row
    view.set_round_filter(second)
    assert shown_texts(view) == ["Åtgärd i andra"]
    view.set_round_filter("")
    assert len(shown_texts(view)) == 2
    assert not view.table.isColumnHidden(1)


def test_mark_as_done_updates_the_service(qtbot: Any, context: AppContext) -> None:
    first = round_ids(context)[0]
    action = actions_service.create_action(
        context.db, first, "Påminn om våldsfrågan", due_date=PAST
    )
    view = make_view(qtbot, context)
    assert view.select_action(action.id)
    qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)
    stored = actions_service.list_actions(context.db)[0].action
    assert stored.status is ActionStatus.DONE
    assert view.message.isVisible()
    assert "Klar" in view.message.text()
    assert "Visa avslutade" in view.message.text()
    assert shown_texts(view) == []
    assert "klara eller avbrutna" in view.empty_label.text()


def test_status_combo_changes_status_from_the_keyboard(qtbot: Any, context: AppContext) -> None:
    first = round_ids(context)[0]
    action = actions_service.create_action(context.db, first, "Ny mall")
    view = make_view(qtbot, context)
    assert view.select_action(action.id)
    assert view.status_combo.currentText() == "Planerad"
    view.status_combo.setFocus()
    qtbot.keyClick(view.status_combo, Qt.Key.Key_Down)
    stored = actions_service.list_actions(context.db)[0].action
    assert stored.status is ActionStatus.IN_PROGRESS
    assert view.selected_action() is not None
    assert view.selected_action().status is ActionStatus.IN_PROGRESS  # type: ignore[union-attr]
    assert "Pågår" in view.message.text()
    assert view.model.index(0, STATUS).data() == "Pågår"


def test_data_changed_reloads(qtbot: Any, context: AppContext) -> None:
    view = make_view(qtbot, context)
    assert view.stack.currentWidget() is view.empty_label
    assert "Åtgärder skapas från resultat eller kritiska avvikelser" in view.empty_label.text()
    actions_service.create_action(context.db, round_ids(context)[0], "Skapad i resultatvyn")
    context.notify("actions")
    assert shown_texts(view) == ["Skapad i resultatvyn"]
    assert view.stack.currentWidget() is view.table


def test_new_action_needs_a_round(
    qtbot: Any, context: AppContext, fake_dialog: type[FakeDialog]
) -> None:
    view = make_view(qtbot, context)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    assert fake_dialog.calls == []
    assert view.message.isVisible()
    assert "Välj först vilken omgång" in view.message.text()

    first = round_ids(context)[0]
    view.set_round_filter(first)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    assert fake_dialog.calls == [(first, None)]
    assert shown_texts(view) == ["Ny rutin för uppföljning"]
    assert view.selected_action() is not None
    assert "sparades" in view.message.text()


def test_new_action_uses_the_current_round(
    qtbot: Any, context: AppContext, fake_dialog: type[FakeDialog]
) -> None:
    second = round_ids(context)[1]
    view = make_view(qtbot, context)
    context.round_selected.emit(second)
    view.new_action()
    assert fake_dialog.calls == [(second, None)]


def test_enter_and_double_click_edit_the_selected_action(
    qtbot: Any, context: AppContext, fake_dialog: type[FakeDialog]
) -> None:
    first = round_ids(context)[0]
    action = actions_service.create_action(context.db, first, "Ny mall", owner="Jonas Ek")
    view = make_view(qtbot, context)
    assert view.select_action(action.id)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert fake_dialog.calls == [(first, action)]
    assert actions_service.list_actions(context.db)[0].action.owner == "Leila Haddad"
    assert view.model.index(0, 3).data() == "Leila Haddad"

    fake_dialog.calls.clear()
    rect = view.table.visualRect(view.table.model().index(0, TEXT))
    # A real double click starts with a press; the view needs it to accept the double click.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(fake_dialog.calls) == 1


def test_buttons_disabled_without_selection(qtbot: Any, context: AppContext) -> None:
    view = make_view(qtbot, context)
    assert not view.edit_button.isEnabled()
    assert not view.done_button.isEnabled()
    assert not view.status_combo.isEnabled()
    assert view.new_button.isEnabled()


def test_new_button_disabled_without_rounds(qtbot: Any, empty_context: AppContext) -> None:
    view = make_view(qtbot, empty_context)
    assert not view.new_button.isEnabled()
    assert "Granskningar" in view.new_button.toolTip()


def test_every_control_has_an_accessible_name(qtbot: Any, context: AppContext) -> None:
    view = make_view(qtbot, context)
    for widget in (
        view.round_combo,
        view.show_closed,
        view.table,
        view.new_button,
        view.edit_button,
        view.status_combo,
        view.done_button,
    ):
        assert widget.accessibleName()


def test_real_dialog_creates_an_action_in_the_filtered_round(
    qtbot: Any, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = round_ids(context)[0]
    view = make_view(qtbot, context)
    view.set_round_filter(first)

    def fill_and_save(dialog: ActionDialog) -> int:
        assert dialog.round_id == first
        assert dialog.action is None
        qtbot.keyClicks(dialog.text, "Ta fram en checklista for skyddsbedomning")
        qtbot.keyClicks(dialog.owner, "Gruppledaren")
        dialog.no_due.setChecked(True)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(ActionDialog, "exec", fill_and_save)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    assert shown_texts(view) == ["Ta fram en checklista for skyddsbedomning"]
    stored = actions_service.list_actions(context.db, first)[0].action
    assert stored.owner == "Gruppledaren"
    assert stored.due_date is None
    assert view.selected_action() == stored
    assert view.message.text() == "Åtgärden sparades."


def test_real_dialog_edits_the_selected_action(
    qtbot: Any, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = round_ids(context)[0]
    action = actions_service.create_action(
        context.db, first, "Ny mall", owner="Jonas Ek", due_date=FUTURE
    )
    view = make_view(qtbot, context)
    assert view.select_action(action.id)
    dialog = view.make_dialog(action.round_id, action)
    assert isinstance(dialog, ActionDialog)
    assert dialog.owner.text() == "Jonas Ek"
    dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.DONE.value))
    dialog.accept()
    assert actions_service.list_actions(context.db)[0].action.status is ActionStatus.DONE
    assert shown_texts(view) == []  # done actions are hidden until "Visa avslutade"
