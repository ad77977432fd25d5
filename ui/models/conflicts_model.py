"""Review conflicts waiting for a decision (``kvaldesk.services.exchange.list_conflicts``), and
the answers that differ between the local and the incoming version, side by side."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kvaldesk.services.exchange import ConflictInfo
from ui.i18n import _
from ui.models.base import Column, RowTableModel, one_line

CASE, ROUND, REVIEWER, FOUND, DIFFERS = range(5)
QUESTION, LOCAL, INCOMING = range(3)


def when_text(stamp: str) -> str:
    """An ISO time stamp as local "2026-03-05 14:20" (the text itself if it is not one)."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp or ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def reviewer_text(conflict: ConflictInfo) -> str:
    """Who made the review (both names when the versions disagree)."""
    mine = str(conflict.local.get("reviewer") or "")
    theirs = str(conflict.incoming.get("reviewer") or "")
    if mine == theirs or not theirs:
        return mine
    if not mine:
        return theirs
    return _("{local} / {incoming}").format(local=mine, incoming=theirs)


def differs_text(conflict: ConflictInfo) -> str:
    """The questions whose answers differ, or that only the status or dates differ."""
    if conflict.differing_questions:
        return ", ".join(conflict.differing_questions)
    return _("Status eller datum")


def status_text(status: object) -> str:
    """A review's status in words."""
    if status == "complete":
        return _("klar")
    if status == "draft":
        return _("pågår")
    return str(status or "")


@dataclass(frozen=True)
class AnswerDifference:
    """One question whose answer differs: the question and each version's answer as text."""

    question_id: str
    question: str
    local: str
    incoming: str


def _answer(version: dict[str, Any], question_id: str) -> dict[str, Any] | None:
    for answer in version.get("answers", []):
        if answer.get("question_id") == question_id:
            return dict(answer)
    return None


def answer_text(answer: dict[str, Any] | None, label: Callable[[str], str] | None = None) -> str:
    """An answer as one short text: the option, the number, the free text and the comment."""
    if answer is None:
        return _("(inget svar)")
    if not answer.get("applies", True):
        return _("(frågan gäller inte)")
    parts: list[str] = []
    value = answer.get("value")
    if value:
        parts.append(label(str(value)) if label is not None else str(value))
    if answer.get("number") is not None:
        parts.append(str(answer["number"]))
    if answer.get("text"):
        parts.append(str(answer["text"]))
    if answer.get("comment"):
        parts.append(_("kommentar: {text}").format(text=answer["comment"]))
    return " · ".join(parts) if parts else _("(tomt svar)")


def differences(
    conflict: ConflictInfo,
    question_text: Callable[[str], str] | None = None,
    option_label: Callable[[str, str], str] | None = None,
) -> list[AnswerDifference]:
    """The differing answers of a conflict, local beside incoming, plus the status when it
    differs. ``question_text`` and ``option_label`` (question id, value) give the template's
    words where known."""
    rows: list[AnswerDifference] = []
    for qid in conflict.differing_questions:

        def label(value: str, qid: str = qid) -> str:
            return option_label(qid, value) if option_label is not None else value

        rows.append(
            AnswerDifference(
                qid,
                question_text(qid) if question_text is not None else qid,
                answer_text(_answer(conflict.local, qid), label),
                answer_text(_answer(conflict.incoming, qid), label),
            )
        )
    mine, theirs = conflict.local.get("status"), conflict.incoming.get("status")
    if mine != theirs:
        rows.append(AnswerDifference("", _("Status"), status_text(mine), status_text(theirs)))
    return rows


class ConflictsModel(RowTableModel[ConflictInfo]):
    """One row per unresolved conflict."""

    def columns(self) -> list[Column[ConflictInfo]]:
        """Case, round, reviewer, when it was found and what differs."""
        return [
            Column(_("Ärende"), lambda c: c.case_reference),
            Column(_("Omgång"), lambda c: one_line(c.round_name), tooltip=lambda c: c.round_name),
            Column(_("Granskare"), reviewer_text),
            Column(
                _("Upptäckt"),
                lambda c: when_text(c.created_at),
                header_tooltip=_("När konflikten upptäcktes vid en import"),
            ),
            Column(
                _("Skiljer sig"),
                differs_text,
                header_tooltip=_("Frågorna där din och den inkommande versionen svarar olika"),
            ),
        ]

    def row_key(self, row: ConflictInfo) -> str:
        """The conflict id."""
        return row.id


class DifferencesModel(RowTableModel[AnswerDifference]):
    """The differing answers of one conflict: question, my version, incoming version."""

    def columns(self) -> list[Column[AnswerDifference]]:
        """Question, my version, the incoming version."""

        def question(row: AnswerDifference) -> str:
            if row.question_id and row.question != row.question_id:
                return _("{id} {text}").format(id=row.question_id, text=one_line(row.question))
            return one_line(row.question)

        return [
            Column(_("Fråga"), question, tooltip=lambda r: r.question),
            Column(_("Min version"), lambda r: one_line(r.local), tooltip=lambda r: r.local),
            Column(
                _("Inkommande version"),
                lambda r: one_line(r.incoming),
                tooltip=lambda r: r.incoming,
            ),
        ]

    def row_key(self, row: AnswerDifference) -> str:
        """The question id."""
        return row.question_id
