"""Sampling (urval) of cases: simple random or stratified, reproducible from a seed. Pure.

The draw depends only on the *set* of cases, N, the stratification and the seed — not on the
order of the rows in the list: the eligible cases are sorted by reference (case-insensitively)
before ``random.Random(seed)`` draws from each stratum in sorted stratum order. So the same
list (in any order) and the same seed always give the same sample. The drawn cases come back
sorted by stratum, then reference. A reviewer's own cases (``exclude_caseworkers``, compared
case-insensitively) are removed before drawing, so they can never be drawn.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

StratifyBy = Literal["unit", "subgroup"] | None


@dataclass(frozen=True)
class CaseRef:
    """One case in the list to sample from."""

    reference: str
    caseworker: str = ""
    unit: str = ""
    subgroup: str = ""

    def stratum(self, by: StratifyBy) -> str:
        """The stratum this case belongs to ('' when not stratified)."""
        if by == "unit":
            return self.unit
        if by == "subgroup":
            return self.subgroup
        return ""


@dataclass(frozen=True)
class StratumDraw:
    """How many cases a stratum had (after exclusion) and how many were drawn."""

    name: str
    available: int
    drawn: int
    wanted: int

    @property
    def short(self) -> bool:
        """The stratum had fewer cases than asked for, so all of them were drawn."""
        return self.available < self.wanted


@dataclass(frozen=True)
class Sample:
    """A drawn sample: the cases (in list order within each stratum) and a note per stratum."""

    seed: int
    n: int
    by: StratifyBy
    cases: list[tuple[CaseRef, str]]  # (case, stratum)
    strata: list[StratumDraw]
    excluded: int  # cases left out because they are the reviewer's own

    @property
    def refs(self) -> list[CaseRef]:
        """The drawn cases without their strata."""
        return [case for case, _ in self.cases]


def _order(case: CaseRef) -> tuple[str, str]:
    return (case.reference.casefold(), case.reference)


def eligible_cases(
    cases: Sequence[CaseRef], exclude_caseworkers: Sequence[str] = ()
) -> tuple[list[CaseRef], int]:
    """The cases that may be drawn (sorted by reference) and how many were excluded as own."""
    own = {code.strip().casefold() for code in exclude_caseworkers if code.strip()}
    eligible = [c for c in cases if c.caseworker.strip().casefold() not in own or not own]
    return sorted(eligible, key=_order), len(cases) - len(eligible)


def draw_sample(
    cases: Sequence[CaseRef],
    n: int,
    *,
    seed: int,
    by: StratifyBy = None,
    exclude_caseworkers: Sequence[str] = (),
) -> Sample:
    """Draw ``n`` cases, or ``n`` per stratum when ``by`` is given (all of a smaller stratum)."""
    if n < 1:
        raise ValueError("n must be 1 or more")
    eligible, excluded = eligible_cases(cases, exclude_caseworkers)
    groups: dict[str, list[CaseRef]] = {}
    for case in eligible:
        groups.setdefault(case.stratum(by), []).append(case)
    rng = random.Random(seed)
    drawn: list[tuple[CaseRef, str]] = []
    strata: list[StratumDraw] = []
    for name in sorted(groups):
        members = groups[name]
        chosen = sorted(rng.sample(members, min(n, len(members))), key=_order)
        drawn.extend((case, name) for case in chosen)
        strata.append(StratumDraw(name, len(members), len(chosen), n))
    return Sample(seed=seed, n=n, by=by, cases=drawn, strata=strata, excluded=excluded)
