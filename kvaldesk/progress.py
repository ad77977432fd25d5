"""The small progress-and-cancel interface a long job receives (no Qt).

The window passes an implementation that reports to a progress bar; the CLI and tests pass
:class:`NullProgress`.
"""

from __future__ import annotations

from typing import Protocol


class Cancelled(Exception):
    """Raised inside a job when the person pressed Cancel."""


class Progress(Protocol):
    """What a long-running job may tell and ask."""

    def report(self, done: int, total: int, text: str = "") -> None:
        """Say how far the job has come."""

    def is_cancelled(self) -> bool:
        """Whether the person asked to stop."""


class NullProgress:
    """A Progress that shows nothing and never cancels."""

    def report(self, done: int, total: int, text: str = "") -> None:
        """Ignore the report."""

    def is_cancelled(self) -> bool:
        """Never cancelled."""
        return False


def check_cancelled(progress: Progress) -> None:
    """Raise Cancelled if the person asked to stop."""
    if progress.is_cancelled():
        raise Cancelled()
