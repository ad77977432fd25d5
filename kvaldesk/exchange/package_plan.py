"""Decide what importing a package does to a database, before anything is written. Pure.

The caller loads a :class:`LocalState` (what the database already holds for the ids in the
package) inside the import's transaction, asks :func:`plan_import` for an
:class:`ImportPlan`, and applies it. Every reason to refuse the whole file is found here, so
a refused file writes nothing.

Rules: templates by key + version and content hash (same key and version with other content
is refused; a new version is inserted); rounds and cases by id (unknown: insert; known: the
local record is kept, the coordinator owns it); a case with the same round and reference as
a local case but another id is an identity conflict and refuses the file; reviews by id and
version vector (see ``merge``); actions by id, the newer ``updated_at`` wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kvaldesk.bounded_cache import BoundedCache
from kvaldesk.domain.model import Template
from kvaldesk.domain.template_codec import template_from_dict
from kvaldesk.exchange.merge import Order, compare, covers
from kvaldesk.exchange.package_format import PackageContent, PackageRejected
from kvaldesk.exchange.package_json import compact

Record = dict[str, Any]


@dataclass
class LocalState:
    """What the database holds for the records a package mentions."""

    templates: dict[tuple[str, int], Record] = field(default_factory=dict)
    rounds: dict[str, Record] = field(default_factory=dict)
    cases: dict[str, Record] = field(default_factory=dict)
    case_ids_by_reference: dict[tuple[str, str], str] = field(default_factory=dict)
    reviews: dict[str, Record] = field(default_factory=dict)
    actions: dict[str, str] = field(default_factory=dict)
    pending_conflicts: dict[str, list[Record]] = field(default_factory=dict)


@dataclass
class ImportPlan:
    """What to write: new and replaced records, conflicts to flag, and the counts."""

    templates: list[Record] = field(default_factory=list)
    rounds: list[Record] = field(default_factory=list)
    cases: list[Record] = field(default_factory=list)
    #: Known cases the package has marked for double review (the mark is only ever added).
    case_marks: list[str] = field(default_factory=list)
    reviews_insert: list[Record] = field(default_factory=list)
    reviews_replace: list[Record] = field(default_factory=list)
    reviews_equal: list[str] = field(default_factory=list)
    reviews_skipped: int = 0
    conflicts: list[Record] = field(default_factory=list)
    superseded_conflicts: list[str] = field(default_factory=list)
    actions: list[Record] = field(default_factory=list)
    actions_inserted: int = 0
    actions_replaced: int = 0
    actions_skipped: int = 0

    def counts(self) -> dict[str, int]:
        """The counts an import outcome reports."""
        return {
            "templates": len(self.templates),
            "rounds": len(self.rounds),
            "cases": len(self.cases),
            "reviews_inserted": len(self.reviews_insert),
            "reviews_replaced": len(self.reviews_replace),
            "reviews_skipped": self.reviews_skipped,
            "conflicts": len(self.conflicts),
            "actions_inserted": self.actions_inserted,
            "actions_replaced": self.actions_replaced,
            "actions_skipped": self.actions_skipped,
        }


def package_references(content: PackageContent) -> dict[str, set[Any]]:
    """Every id (and template key + version) the package mentions, to load a LocalState."""
    data = content.data
    return {
        "templates": {(t["key"], t["version"]) for t in data["templates"]}
        | {(r["template_key"], r["template_version"]) for r in data["rounds"]},
        "rounds": {r["id"] for r in data["rounds"]}
        | {c["round_id"] for c in data["cases"]}
        | {r["round_id"] for r in data["reviews"]}
        | {a["round_id"] for a in data["actions"]},
        "cases": {c["id"] for c in data["cases"]} | {r["case_id"] for r in data["reviews"]},
        "case_references": {(c["round_id"], c["reference"]) for c in data["cases"]},
        "reviews": {r["id"] for r in data["reviews"]}
        | {a["review_id"] for a in data["actions"] if a["review_id"]},
        "actions": {a["id"] for a in data["actions"]},
    }


#: Parsed templates by their compact JSON: every package of a folder names the same few.
_PARSED: BoundedCache[str, Template] = BoundedCache(32)


def _parsed_template(body: Record) -> Template:
    """``template_from_dict(body)``, parsed once per distinct body."""
    try:
        text = compact(body)
    except (TypeError, ValueError, RecursionError):
        return template_from_dict(body)
    return _PARSED.get_or_make(text, lambda: template_from_dict(body))


class _Planner:
    def __init__(self, content: PackageContent, local: LocalState) -> None:
        self.content = content
        self.local = local
        self.plan = ImportPlan()
        self.template_bodies: dict[tuple[str, int], Record] = {}
        self.round_templates: dict[str, tuple[str, int]] = {}
        self.case_rounds: dict[str, str] = {}
        self.parsed: dict[tuple[str, int], Template] = {}

    def templates(self) -> None:
        """Known templates must match by content hash; unknown versions are inserted."""
        for ref, local_template in self.local.templates.items():
            self.template_bodies[ref] = local_template["body"]
        for body in self.content.data["templates"]:
            ref = (body["key"], body["version"])
            stored = self.local.templates.get(ref)
            if stored is None:
                self.plan.templates.append(body)
                self.template_bodies[ref] = body
            elif stored["content_hash"] != self.content.template_hashes[ref]:
                raise PackageRejected(
                    f"mallen {ref[0]} version {ref[1]} finns redan här med annat innehåll "
                    "(kontrollsumman skiljer sig); en ändrad mall måste få ett nytt versionsnummer"
                )

    def rounds(self) -> None:
        """Unknown rounds are inserted (their template must be known); known ones kept."""
        for round_id, local_round in self.local.rounds.items():
            self.round_templates[round_id] = (
                local_round["template_key"],
                local_round["template_version"],
            )
        for record in self.content.data["rounds"]:
            ref = (record["template_key"], record["template_version"])
            stored = self.local.rounds.get(record["id"])
            if stored is not None:
                known = (stored["template_key"], stored["template_version"])
                if known != ref:
                    raise PackageRejected(
                        f"omgång {record['id']} använder mallen {known[0]} version {known[1]} "
                        f"här men {ref[0]} version {ref[1]} i paketet"
                    )
                continue
            if ref not in self.template_bodies:
                raise PackageRejected(
                    f"omgång {record['id']} använder mallen {ref[0]} version {ref[1]}, som "
                    "varken finns i paketet eller här"
                )
            self.plan.rounds.append(record)
            self.round_templates[record["id"]] = ref

    def _round_known(self, round_id: str, what: str) -> None:
        if round_id not in self.round_templates:
            raise PackageRejected(
                f"{what} hör till omgång {round_id}, som varken finns i paketet eller här"
            )

    def cases(self) -> None:
        """Unknown cases are inserted; a known reference with another id is refused."""
        for case_id, local_case in self.local.cases.items():
            self.case_rounds[case_id] = local_case["round_id"]
        for record in self.content.data["cases"]:
            self._round_known(record["round_id"], f"ärende {record['id']}")
            stored = self.local.cases.get(record["id"])
            if stored is not None:
                if stored["round_id"] != record["round_id"]:
                    raise PackageRejected(
                        f"ärende {record['id']} hör till en annan omgång här än i paketet"
                    )
                if record.get("double_review") and not stored.get("double_review"):
                    self.plan.case_marks.append(record["id"])
                continue
            other = self.local.case_ids_by_reference.get((record["round_id"], record["reference"]))
            if other is not None:
                raise PackageRejected(
                    f"ärendereferensen {record['reference']} finns redan i omgången med ett annat "
                    "id (identitetskonflikt: ärendet har lagts upp på två datorer); lägg upp "
                    "ärendet på ett ställe och dela det därifrån"
                )
            self.plan.cases.append(record)
            self.case_rounds[record["id"]] = record["round_id"]

    def _template_of_round(self, round_id: str) -> Template:
        ref = self.round_templates[round_id]
        if ref not in self.parsed:
            self.parsed[ref] = _parsed_template(self.template_bodies[ref])
        return self.parsed[ref]

    def _check_review(self, record: Record) -> None:
        what = f"granskning {record['id']}"
        self._round_known(record["round_id"], what)
        case_round = self.case_rounds.get(record["case_id"])
        if case_round is None:
            raise PackageRejected(
                f"{what} gäller ärende {record['case_id']}, som varken finns i paketet eller här"
            )
        if case_round != record["round_id"]:
            raise PackageRejected(f"{what} och dess ärende hör till olika omgångar")
        template = self._template_of_round(record["round_id"])
        for answer in record["answers"]:
            question = template.question(answer["question_id"])
            if question is None:
                raise PackageRejected(
                    f"{what} svarar på fråga {answer['question_id']}, som mallen "
                    f"{template.key} version {template.version} saknar"
                )
            value = answer["value"]
            if value is not None and question.options and question.option(value) is None:
                raise PackageRejected(
                    f"{what}: svaret på fråga {question.id} är inget av frågans alternativ"
                )

    def reviews(self) -> None:
        """Check each review's references and answers, then merge it by version vector."""
        for record in self.content.data["reviews"]:
            self._check_review(record)
            stored = self.local.reviews.get(record["id"])
            if stored is None:
                self.plan.reviews_insert.append(record)
                continue
            if (stored["round_id"], stored["case_id"]) != (record["round_id"], record["case_id"]):
                raise PackageRejected(
                    f"granskning {record['id']} gäller ett annat ärende här än i paketet"
                )
            self._merge(record, stored)

    def _merge(self, record: Record, stored: Record) -> None:
        incoming = record["version_vector"]
        pending = self.local.pending_conflicts.get(record["id"], [])
        order = compare(stored["version_vector"], incoming)
        if order is Order.EQUAL:
            self.plan.reviews_equal.append(record["id"])
            self.plan.reviews_skipped += 1
        elif order is Order.LOCAL_DOMINATES:
            self.plan.reviews_skipped += 1
        elif order is Order.INCOMING_DOMINATES:
            self.plan.reviews_replace.append(record)
            self._supersede(pending, incoming)
        elif any(covers(p["vector"], incoming) for p in pending):
            self.plan.reviews_skipped += 1  # this version is already waiting for the coordinator
        else:
            self.plan.conflicts.append(record)
            self._supersede(pending, incoming)

    def _supersede(self, pending: list[Record], vector: dict[str, int]) -> None:
        self.plan.superseded_conflicts.extend(
            p["id"] for p in pending if covers(vector, p["vector"])
        )

    def actions(self) -> None:
        """Unknown actions are inserted; a known one is replaced by a newer edit."""
        known_reviews = set(self.local.reviews) | {r["id"] for r in self.content.data["reviews"]}
        for record in self.content.data["actions"]:
            what = f"åtgärd {record['id']}"
            self._round_known(record["round_id"], what)
            if record["review_id"] and record["review_id"] not in known_reviews:
                raise PackageRejected(
                    f"{what} gäller granskning {record['review_id']}, som varken finns i "
                    "paketet eller här"
                )
            stored_at = self.local.actions.get(record["id"])
            if stored_at is None:
                self.plan.actions.append(record)
                self.plan.actions_inserted += 1
            elif record["updated_at"] > stored_at:
                self.plan.actions.append(record)
                self.plan.actions_replaced += 1
            else:
                self.plan.actions_skipped += 1


def plan_import(content: PackageContent, local: LocalState) -> ImportPlan:
    """What importing ``content`` into a database holding ``local`` does, or PackageRejected
    with the first reason the file cannot be imported at all."""
    planner = _Planner(content, local)
    planner.templates()
    planner.rounds()
    planner.cases()
    planner.reviews()
    planner.actions()
    return planner.plan
