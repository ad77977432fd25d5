"""Version vectors: compare two versions of a review and merge their histories. Pure.

A version vector maps machine id → counter; a missing machine counts as 0. Version A
*dominates* B when no counter of A is smaller and at least one is larger: A has seen every
change B has, and more. Neither dominating and not equal means *concurrent*: both machines
changed the review without seeing the other's change.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

VersionVector = Mapping[str, int]


class Order(StrEnum):
    """How a local version relates to an incoming one."""

    EQUAL = "equal"
    LOCAL_DOMINATES = "local_dominates"
    INCOMING_DOMINATES = "incoming_dominates"
    CONCURRENT = "concurrent"


def compare(local: VersionVector, incoming: VersionVector) -> Order:
    """The order of two version vectors."""
    local_ahead = incoming_ahead = False
    for machine in set(local) | set(incoming):
        mine, theirs = local.get(machine, 0), incoming.get(machine, 0)
        if mine > theirs:
            local_ahead = True
        elif theirs > mine:
            incoming_ahead = True
    if local_ahead and incoming_ahead:
        return Order.CONCURRENT
    if local_ahead:
        return Order.LOCAL_DOMINATES
    if incoming_ahead:
        return Order.INCOMING_DOMINATES
    return Order.EQUAL


def dominates(a: VersionVector, b: VersionVector) -> bool:
    """Whether ``a`` has seen every change of ``b`` and at least one more."""
    return compare(a, b) is Order.LOCAL_DOMINATES


def covers(a: VersionVector, b: VersionVector) -> bool:
    """Whether ``a`` has seen every change of ``b`` (dominates or equal)."""
    return compare(a, b) in (Order.LOCAL_DOMINATES, Order.EQUAL)


def merged(a: VersionVector, b: VersionVector) -> dict[str, int]:
    """The element-wise maximum of two vectors."""
    return {m: max(a.get(m, 0), b.get(m, 0)) for m in sorted(set(a) | set(b))}


def bumped(vector: VersionVector, machine_id: str) -> dict[str, int]:
    """A copy of ``vector`` with ``machine_id``'s counter one higher."""
    result = dict(sorted(vector.items()))
    result[machine_id] = result.get(machine_id, 0) + 1
    return dict(sorted(result.items()))


def resolution_vector(
    local: VersionVector, incoming: VersionVector, machine_id: str
) -> dict[str, int]:
    """The vector of a resolved conflict: the maximum of both plus one bump for this machine,
    so that it dominates both versions everywhere they travel."""
    return bumped(merged(local, incoming), machine_id)
