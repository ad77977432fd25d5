"""The round list with its counts is read once per change and shared between the views."""

from __future__ import annotations

from typing import Any

import pytest

from kvaldesk.services import rounds
from ui.context import AppContext


@pytest.fixture
def reads(empty_context: AppContext, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the reads of the round list."""
    counted: list[int] = []
    real = rounds.list_rounds

    def counting(db: Any) -> list[rounds.RoundSummary]:
        counted.append(1)
        return real(db)

    monkeypatch.setattr(rounds, "list_rounds", counting)
    return counted


def test_the_list_is_read_once_until_something_changes(
    empty_context: AppContext, reads: list[int]
) -> None:
    assert empty_context.round_list() == []
    assert empty_context.round_list() == []
    assert len(reads) == 1
    rounds.create_round(empty_context.db, template_key="forhandsbedomning", name="Våren")
    empty_context.notify("settings")  # does not change the round list
    assert empty_context.round_list() == []
    empty_context.notify("rounds")
    assert [s.round.name for s in empty_context.round_list()] == ["Våren"]
    assert len(reads) == 2


def test_a_list_read_in_the_background_is_kept_unless_overtaken(
    empty_context: AppContext, reads: list[int]
) -> None:
    round_ = rounds.create_round(empty_context.db, template_key="forhandsbedomning", name="Hösten")
    changes = empty_context.round_list_changes()
    read_elsewhere = rounds.list_rounds(empty_context.db)
    empty_context.keep_round_list(read_elsewhere, changes)
    assert [s.round.id for s in empty_context.round_list()] == [round_.id]
    assert len(reads) == 1  # only the background read

    # A change while a list was being read: that list is not kept.
    changes = empty_context.round_list_changes()
    stale = rounds.list_rounds(empty_context.db)
    rounds.add_case(empty_context.db, round_.id, "HÖ-01")
    empty_context.notify("cases")
    empty_context.keep_round_list(stale, changes)
    (summary,) = empty_context.round_list()
    assert summary.cases == 1
