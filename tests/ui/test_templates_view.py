"""The templates view (Mallar) and the template editor, driven through their real widgets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QMessageBox, QTableView
from typing_helpers import retype, type_text

from kvaldesk.domain.enums import CountsAs
from kvaldesk.domain.errors import Problem
from kvaldesk.domain.model import Condition, Template
from kvaldesk.services import reviews, rounds
from kvaldesk.services import templates as templates_service
from ui.context import AppContext
from ui.dialogs.template_editor_dialog import TemplateEditorDialog, next_question_id
from ui.dialogs.template_editor_drafts import QuestionDraft, value_from_label
from ui.dialogs.template_editor_models import LegalRefsTableModel, OptionsTableModel
from ui.dialogs.template_editor_problems import group_problems
from ui.models.questions_table_model import QuestionsTableModel, describe_condition
from ui.models.templates_table_model import TemplateRow, TemplatesTableModel
from ui.views.templates_view import TemplatesView

LEFT = Qt.MouseButton.LeftButton


def _click_row(qtbot, table: QTableView, row: int) -> None:  # type: ignore[no-untyped-def]
    index = table.model().index(row, 0)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), LEFT, pos=table.visualRect(index).center())


def _view(qtbot, context: AppContext) -> TemplatesView:  # type: ignore[no-untyped-def]
    view = TemplatesView(context)
    qtbot.addWidget(view)
    view.resize(1090, 760)
    view.show()
    view.refresh()
    return view


def _select_template(qtbot, view: TemplatesView, key: str, version: int = 1) -> Template:  # type: ignore[no-untyped-def]
    template = templates_service.get_template(view.context.db, key, version)
    _click_row(qtbot, view.templates_table, view.templates_model.row_of(template.id))
    assert view.current_template() == template
    return template


def _editor(qtbot, view: TemplatesView, add_question: bool = False) -> TemplateEditorDialog:  # type: ignore[no-untyped-def]
    dialog = view.make_editor(add_question=add_question)
    assert dialog is not None
    # Closing at the end of a test must not ask about unsaved changes.
    qtbot.addWidget(dialog, before_close_func=lambda d: d.done(0))
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _select_in_editor(qtbot, dialog: TemplateEditorDialog, question_id: str) -> None:  # type: ignore[no-untyped-def]
    row = next(i for i, d in enumerate(dialog.drafts) if d.id == question_id)
    item = dialog.question_list.item(row)
    dialog.question_list.scrollToItem(item)
    qtbot.mouseClick(
        dialog.question_list.viewport(),
        LEFT,
        pos=dialog.question_list.visualItemRect(item).center(),
    )
    assert dialog.form.draft is dialog.drafts[row]


def _make_used(context: AppContext, key: str = "forhandsbedomning") -> None:
    round_ = rounds.create_round(context.db, template_key=key, name="Vårens granskning")
    case = rounds.add_case(context.db, round_.id, "FB-2026-001")
    review = reviews.start_review(context.db, case.id)
    reviews.save_answer(context.db, review.id, "FB1", value="ja")
    context.notify("reviews")


def _versions(context: AppContext, key: str) -> list[Template]:
    return [t for t in templates_service.list_templates(context.db) if t.key == key]


# Browsing ---------------------------------------------------------------------------------


def test_selecting_a_template_shows_its_questions(qtbot, empty_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, empty_context)
    template = _select_template(qtbot, view, "lss-vuxen")
    model = view.questions_model
    assert model.rowCount() == len(template.questions)
    assert [model.question_at(r).id for r in range(model.rowCount())] == [  # type: ignore[union-attr]
        q.id for q in template.questions
    ]
    assert view.details.text_label.text() == template.questions[0].text
    assert view.export_button.isEnabled() and view.edit_button.isEnabled()


def test_selecting_a_question_shows_help_condition_and_legal_refs(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext
) -> None:
    view = _view(qtbot, empty_context)
    template = _select_template(qtbot, view, "forhandsbedomning")
    _click_row(qtbot, view.questions_table, view.questions_model.row_of("FB2"))
    fb2 = template.question("FB2")
    assert fb2 is not None
    shown = view.details.text()
    assert fb2.help in shown
    assert "SoL (2025:400) 20 kap. 1 §" in shown
    assert "Ja – varje Ej uppfyllt listas i rapporterna" in shown  # FB2 is critical
    assert "Ja – räknas som Uppfyllt" in shown
    _click_row(qtbot, view.questions_table, view.questions_model.row_of("FB5"))
    assert "Gäller om FB4 är Nej" in view.details.text()

    template = _select_template(qtbot, view, "barnavardsutredning")
    _click_row(qtbot, view.questions_table, view.questions_model.row_of("BU6"))
    assert "SoL (2001:453) 11 kap. 10 § 3 st. (lagrum verifieras)" in view.details.text()


def test_used_column_shows_frozen_templates(qtbot, empty_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    _make_used(empty_context)
    view = _view(qtbot, empty_context)
    model = view.templates_model
    used = {model.index(r, 1).data(): model.index(r, 4).data() for r in range(model.rowCount())}
    assert used["forhandsbedomning"] == "Ja"
    assert used["lss-vuxen"] == "Nej"


def test_models_pass_the_model_tester(qtmodeltester, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    db = context.db
    templates = TemplatesTableModel()
    templates.set_rows(
        [
            TemplateRow(t, templates_service.template_is_frozen(db, t))
            for t in templates_service.list_templates(db)
        ]
    )
    qtmodeltester.check(templates)
    questions = QuestionsTableModel()
    template = templates_service.get_template(db, "barnavardsutredning")
    questions.set_questions(template.questions)
    qtmodeltester.check(questions)
    drafts = [QuestionDraft.from_question(q) for q in template.questions]
    options = OptionsTableModel()
    options.set_options(drafts[0].options)
    qtmodeltester.check(options)
    refs = LegalRefsTableModel()
    refs.set_refs(drafts[5].legal_refs)
    qtmodeltester.check(refs)
    empty = QuestionsTableModel()
    qtmodeltester.check(empty)


def test_condition_in_words() -> None:
    assert describe_condition(None) == "Gäller alltid"
    leaf = Condition(question="FB4", answer_in=("nej", "delvis"))
    assert describe_condition(leaf) == "Gäller om FB4 är nej eller delvis"
    both = Condition(all_of=(leaf, Condition(question="FB1", answer_in=("ja",))))
    assert describe_condition(both) == "Gäller om FB4 är nej eller delvis och FB1 är ja"


# Editing ----------------------------------------------------------------------------------


def test_editing_a_used_template_saves_a_new_version(qtbot, empty_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    context = empty_context
    _make_used(context)
    view = _view(qtbot, context)
    original = _select_template(qtbot, view, "forhandsbedomning")
    dialog = _editor(qtbot, view)
    assert dialog.frozen_label.isVisible()
    assert "skapas version 2" in dialog.frozen_label.text()
    assert "fortsätter med version 1" in dialog.frozen_label.text()

    _select_in_editor(qtbot, dialog, "FB3")
    retype(qtbot, dialog.form.text_edit, "Är skyddsbedömningen dokumenterad och motiverad?")
    qtbot.mouseClick(dialog.save_button, LEFT)

    assert dialog.message.isVisible()
    assert "Sparat som version 2" in dialog.message.text()
    versions = _versions(context, "forhandsbedomning")
    assert [t.version for t in versions] == [1, 2]
    old, new = versions
    assert old == original
    assert old.question("FB3").text == original.question("FB3").text  # type: ignore[union-attr]
    assert new.question("FB3").text == (  # type: ignore[union-attr]
        "Är skyddsbedömningen dokumenterad och motiverad?"
    )
    assert not dialog.frozen_label.isVisible()  # now editing version 2, which nothing uses

    dialog.close()
    view.editor_closed(dialog)
    assert view.current_template() == new
    assert "Sparat som version 2" in view.message.text()


def test_editing_an_unused_template_saves_in_place(qtbot, empty_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    context = empty_context
    view = _view(qtbot, context)
    original = _select_template(qtbot, view, "lss-vuxen")
    dialog = _editor(qtbot, view)
    assert not dialog.frozen_label.isVisible()
    first = original.questions[0].id
    _select_in_editor(qtbot, dialog, first)
    dialog.form.help_edit.setFocus()
    qtbot.keyClick(dialog.form.help_edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, dialog.form.help_edit, " Se även den lokala rutinen.")
    qtbot.keyClick(dialog.form.help_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert dialog.message.text() == "Sparat."
    versions = _versions(context, "lss-vuxen")
    assert [t.version for t in versions] == [1]
    assert versions[0].id == original.id
    assert versions[0].questions[0].help.endswith("Se även den lokala rutinen.")


def test_empty_question_text_is_refused_and_nothing_saved(qtbot, empty_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    context = empty_context
    view = _view(qtbot, context)
    original = _select_template(qtbot, view, "forhandsbedomning")
    dialog = _editor(qtbot, view)
    _select_in_editor(qtbot, dialog, "FB3")
    retype(qtbot, dialog.form.text_edit, "")
    _select_in_editor(qtbot, dialog, "FB1")
    qtbot.mouseClick(dialog.save_button, LEFT)

    assert dialog.problems.isVisible()
    shown = dialog.problems.text()
    assert "Mallen sparades inte" in shown
    assert "Fråga FB3" in shown and "frågetexten saknas" in shown
    assert dialog.form.draft is not None and dialog.form.draft.id == "FB3"  # jumps to it
    assert _versions(context, "forhandsbedomning") == [original]


def test_duplicate_question_id_is_refused(qtbot, empty_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    context = empty_context
    view = _view(qtbot, context)
    original = _select_template(qtbot, view, "forhandsbedomning")
    dialog = _editor(qtbot, view)
    _select_in_editor(qtbot, dialog, "FB2")
    retype(qtbot, dialog.form.id_edit, "FB1")
    assert dialog.question_list.currentItem().text().startswith("FB1")
    qtbot.mouseClick(dialog.save_button, LEFT)

    shown = dialog.problems.text()
    assert "Fråga FB1" in shown and "id FB1 används redan av en annan fråga" in shown
    assert _versions(context, "forhandsbedomning") == [original]


def test_options_without_a_fulfilled_answer_are_refused(qtbot, empty_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    context = empty_context
    view = _view(qtbot, context)
    original = _select_template(qtbot, view, "forhandsbedomning")
    dialog = _editor(qtbot, view)
    _select_in_editor(qtbot, dialog, "FB1")
    dialog.form.setCurrentIndex(1)
    table = dialog.form.answers.options_table
    index = dialog.form.answers.options_model.index(0, OptionsTableModel.COUNTS_AS)  # "Ja"
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.findChild(QComboBox)
    assert editor is not None
    editor.setCurrentIndex(editor.findData(CountsAs.NON_COMPLIANT.value))
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop
    qtbot.waitUntil(lambda: index.data() == "Ej uppfyllt")
    qtbot.mouseClick(dialog.save_button, LEFT)

    shown = dialog.problems.text()
    assert "Fråga FB1" in shown
    assert "minst ett svarsalternativ måste räknas som Uppfyllt" in shown
    assert _versions(context, "forhandsbedomning") == [original]


def test_personnummer_in_help_text_is_refused_by_the_engine(
    qtbot, empty_context: AppContext
) -> None:  # type: ignore[no-untyped-def]
    context = empty_context
    view = _view(qtbot, context)
    original = _select_template(qtbot, view, "forhandsbedomning")
    dialog = _editor(qtbot, view)
    _select_in_editor(qtbot, dialog, "FB4")
    dialog.form.help_edit.setFocus()
    qtbot.keyClicks(dialog.form.help_edit, " Exempel: 19121212-1212.")
    qtbot.mouseClick(dialog.save_button, LEFT)

    shown = dialog.problems.text()
    assert "Fråga FB4" in shown and "personnummer" in shown
    assert _versions(context, "forhandsbedomning") == [original]


def test_new_question_with_a_condition(qtbot, empty_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    context = empty_context
    view = _view(qtbot, context)
    _select_template(qtbot, view, "forhandsbedomning")
    _click_row(qtbot, view.questions_table, view.questions_model.row_of("FB12"))
    dialog = _editor(qtbot, view, add_question=True)
    draft = dialog.form.draft
    assert draft is not None and draft.id == "FB13"
    assert dialog.form.text_edit.hasFocus()
    type_text(qtbot, dialog.form.text_edit, "Har barnet fått veta vad som beslutades?")
    dialog.form.setCurrentIndex(2)
    qtbot.mouseClick(dialog.form.condition_check, LEFT)
    assert dialog.form.condition_check.isChecked()
    combo = dialog.form.condition_question
    combo.setCurrentIndex(combo.findData("FB4"))
    answers = dialog.form.condition_answers
    answers.setFocus()
    answers.setCurrentRow(1)  # Nej
    qtbot.keyClick(answers, Qt.Key.Key_Space)
    assert draft.condition_answers == ["nej"]
    qtbot.mouseClick(dialog.save_button, LEFT)

    assert dialog.message.text() == "Sparat."
    stored = templates_service.get_template(context.db, "forhandsbedomning")
    assert stored.version == 1
    new = stored.questions[-1]
    assert new.id == "FB13"
    assert new.condition == Condition(question="FB4", answer_in=("nej",))
    assert [o.value for o in new.options] == ["ja", "nej"]


def test_move_remove_and_preset(qtbot, empty_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    context = empty_context
    view = _view(qtbot, context)
    _select_template(qtbot, view, "lss-vuxen")
    dialog = _editor(qtbot, view)
    ids = [d.id for d in dialog.drafts]
    _select_in_editor(qtbot, dialog, ids[1])
    qtbot.mouseClick(dialog.up_button, LEFT)
    assert [d.id for d in dialog.drafts][:2] == [ids[1], ids[0]]
    dialog.question_list.setFocus()
    qtbot.keyClick(dialog.question_list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [d.id for d in dialog.drafts][:2] == ids[:2]
    _select_in_editor(qtbot, dialog, ids[-1])
    qtbot.mouseClick(dialog.remove_button, LEFT)
    assert [d.id for d in dialog.drafts] == ids[:-1]
    _select_in_editor(qtbot, dialog, ids[0])
    dialog.form.setCurrentIndex(1)
    dialog.form.answers.preset_menu.actions()[2].trigger()  # Ja/Delvis/Nej/Ej aktuellt
    assert [o.label for o in dialog.drafts[0].options] == ["Ja", "Delvis", "Nej", "Ej aktuellt"]
    qtbot.mouseClick(dialog.save_button, LEFT)

    stored = templates_service.get_template(context.db, "lss-vuxen")
    assert [q.id for q in stored.questions] == ids[:-1]
    assert [o.counts_as for o in stored.questions[0].options] == [
        CountsAs.COMPLIANT,
        CountsAs.NON_COMPLIANT,
        CountsAs.NON_COMPLIANT,
        CountsAs.NOT_APPLICABLE,
    ]


def test_closing_with_unsaved_changes_asks_first(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _view(qtbot, empty_context)
    _select_template(qtbot, view, "lss-vuxen")
    dialog = _editor(qtbot, view)
    assert not dialog.has_unsaved_changes()
    qtbot.keyClicks(dialog.title_edit, " (utkast)")
    asked: list[str] = []

    def answer(choice: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def question(*args, **kwargs):  # type: ignore[no-untyped-def]
            asked.append(args[1])
            return choice

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    qtbot.mouseClick(dialog.close_button, LEFT)
    assert asked and dialog.isVisible()
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert (
        templates_service.get_template(empty_context.db, "lss-vuxen").title == "LSS vuxen, "
        "myndighetsutövning"
    )


# Import and export ------------------------------------------------------------------------


def _broken_template_file(path: Path) -> Path:
    question = {
        "id": "Q1",
        "text": "Finns ett beslut?",
        "help": "",
        "criterion": "TS",
        "kind": "choice",
        "options": [
            {"value": "ja", "label": "Ja", "counts_as": "compliant"},
            {"value": "nej", "label": "Nej", "counts_as": "non_compliant"},
        ],
    }
    data = {
        "format": "kvaldesk-template",
        "format_version": 1,
        "key": "egen-mall",
        "version": 1,
        "title": "Egen mall",
        "questions": [question, {**question, "id": "Q2", "criterion": "XX"}],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_of_a_broken_file_names_the_question(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _broken_template_file(tmp_path / "egen-mall.json")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    view = _view(qtbot, empty_context)
    before = templates_service.list_templates(empty_context.db)
    qtbot.mouseClick(view.import_button, LEFT)

    assert view.problems.isVisible()
    shown = view.problems.text()
    assert "egen-mall.json: mallen kan inte läsas in." in shown
    assert "Fråga Q2" in shown and "kvalitetskriterium" in shown
    assert "Fråga Q1" not in shown
    assert templates_service.list_templates(empty_context.db) == before


def test_export_then_import_says_already_present(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _view(qtbot, empty_context)
    _select_template(qtbot, view, "familjehemsutredning")
    target = tmp_path / "familjehem"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    qtbot.mouseClick(view.export_button, LEFT)
    written = target.with_suffix(".json")
    assert written.exists()
    assert "Mallen sparades i filen" in view.message.text()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(written), ""))
    qtbot.mouseClick(view.import_button, LEFT)
    assert view.message.isVisible()
    assert "Mallen fanns redan" in view.message.text()
    assert not view.problems.isVisible()
    assert len(_versions(empty_context, "familjehemsutredning")) == 1


def test_import_of_a_new_template(  # type: ignore[no-untyped-def]
    qtbot, empty_context: AppContext, tmp_path: Path
) -> None:
    path = _broken_template_file(tmp_path / "egen-mall.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["questions"][1]["criterion"] = "KB"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    view = _view(qtbot, empty_context)
    view.import_file(path)
    assert "Mallen importerades" in view.message.text()
    assert view.current_template() is not None
    assert view.current_template().key == "egen-mall"  # type: ignore[union-attr]


# Small helpers ----------------------------------------------------------------------------


def test_helpers() -> None:
    assert next_question_id(["FB1", "FB2", "FB12"]) == "FB13"
    assert next_question_id([]) == "F1"
    assert value_from_label("Ej aktuellt") == "ej_aktuellt"
    assert value_from_label("Delvis, något") == "delvis_nagot"
    groups = group_problems(
        [
            Problem("fråga Q2 (options/0/counts_as)", "fel värde"),
            Problem("", "titeln saknas"),
            Problem("fråga Q2", "dubbel"),
        ]
    )
    assert [(g.question_id, g.title) for g in groups] == [("", "Mallen"), ("Q2", "Fråga Q2")]
    assert groups[1].messages == ("svarsalternativ 1, räknas som: fel värde", "dubbel")


def _unnamed_controls(root) -> list[str]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QGroupBox,
        QHeaderView,
        QLineEdit,
        QPlainTextEdit,
        QWidget,
    )

    kinds = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit)
    missing = []
    for widget in root.findChildren(QWidget):
        ancestor, inside_combo = widget.parent(), False
        while ancestor is not None:
            inside_combo = inside_combo or isinstance(ancestor, QComboBox)
            ancestor = ancestor.parent()
        if isinstance(widget, QHeaderView) or inside_combo:
            continue  # Qt's own parts: headers, a combo box's popup list
        interactive = isinstance(widget, kinds) or (
            isinstance(widget, QGroupBox) and widget.isCheckable()
        )
        if (
            interactive
            and not widget.accessibleName()
            and not widget.objectName().startswith("qt_")
        ):
            missing.append(f"{type(widget).__name__} {getattr(widget, 'text', lambda: '')()}")
    return missing


def test_every_control_has_an_accessible_name(qtbot, empty_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, empty_context)
    _select_template(qtbot, view, "forhandsbedomning")
    assert _unnamed_controls(view) == []
    dialog = _editor(qtbot, view)
    assert _unnamed_controls(dialog) == []


def test_tab_moves_through_the_view_in_reading_order(qtbot, empty_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, empty_context)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.edit_button.setFocus()
    seen = [QApplication.focusWidget()]
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [
        view.edit_button,
        view.new_question_button,
        view.import_button,
        view.export_button,
        view.templates_table,
        view.questions_table,
        view.details,
    ]
