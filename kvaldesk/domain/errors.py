"""Errors the engine raises for bad input. Messages are for people."""

from __future__ import annotations

from dataclasses import dataclass


class KvaldeskError(Exception):
    """Base class: bad input or a refused operation, with a message for people."""


class NotFoundError(KvaldeskError):
    """A record that was asked for does not exist."""


class PersonalIdentityNumberError(KvaldeskError):
    """A personnummer or samordningsnummer was found where it must never be stored."""


@dataclass(frozen=True)
class Problem:
    """One problem in a file or a form: where it is and what is wrong."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ValidationError(KvaldeskError):
    """Input was refused; every problem found is listed."""

    def __init__(self, summary: str, problems: list[Problem] | None = None) -> None:
        self.summary = summary
        self.problems: list[Problem] = list(problems or [])
        super().__init__(self.describe())

    def describe(self, limit: int = 20) -> str:
        """The summary followed by up to ``limit`` problems, one per line."""
        lines = [self.summary]
        lines.extend(f"  {p}" for p in self.problems[:limit])
        if len(self.problems) > limit:
            lines.append(f"  … och {len(self.problems) - limit} problem till")
        return "\n".join(lines)
