"""Enumerations shared by the whole engine."""

from __future__ import annotations

from enum import StrEnum


class CountsAs(StrEnum):
    """What an answer option counts as when shares are computed."""

    COMPLIANT = "compliant"
    NON_COMPLIANT = "non_compliant"
    NOT_APPLICABLE = "not_applicable"


class Criterion(StrEnum):
    """Socialstyrelsen's six quality criteria (kvalitetskriterier)."""

    SI = "SI"
    HS = "HS"
    TS = "TS"
    KB = "KB"
    TG = "TG"
    EF = "EF"

    @property
    def title(self) -> str:  # type: ignore[override]
        """The criterion's Swedish name."""
        return CRITERION_TITLES[self]


CRITERION_TITLES: dict[Criterion, str] = {
    Criterion.SI: "Självbestämmande och integritet",
    Criterion.HS: "Helhetssyn och samordning",
    Criterion.TS: "Trygghet och säkerhet",
    Criterion.KB: "Kunskapsbaserad verksamhet",
    Criterion.TG: "Tillgänglighet",
    Criterion.EF: "Effektivitet",
}


class QuestionKind(StrEnum):
    """How a question is answered."""

    CHOICE = "choice"
    NUMBER = "number"
    DATE = "date"
    TEXT = "text"


class ReviewStatus(StrEnum):
    """A review is a draft until the reviewer marks it complete."""

    DRAFT = "draft"
    COMPLETE = "complete"


class RoundStatus(StrEnum):
    """A round is open for reviews or closed."""

    OPEN = "open"
    CLOSED = "closed"


class ActionStatus(StrEnum):
    """The state of an action (åtgärd)."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"
