"""Small statistical functions: share, Wilson interval, mean and median."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

Z_95 = 1.959963984540054


def share(successes: int, n: int) -> float | None:
    """successes / n, or None when n is 0."""
    return successes / n if n > 0 else None


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float | None, float | None]:
    """The Wilson score interval for a proportion (95 % by default); (None, None) when n = 0."""
    if n <= 0:
        return None, None
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class NumberSummary:
    """Summary of a number field (for example days of investigation)."""

    count: int
    mean: float | None
    median: float | None
    minimum: float | None
    maximum: float | None


def summarise_numbers(values: Sequence[float]) -> NumberSummary:
    """Count, mean, median, min and max of the values (None where there are none)."""
    if not values:
        return NumberSummary(0, None, None, None, None)
    return NumberSummary(
        count=len(values),
        mean=statistics.fmean(values),
        median=float(statistics.median(values)),
        minimum=float(min(values)),
        maximum=float(max(values)),
    )


def format_share(successes: int, n: int, small_n: int = 10) -> str:
    """Swedish text for a share: "x av n" for small n, else a whole percentage with n."""
    if n == 0:
        return "–"
    if n < small_n:
        return f"{successes} av {n}"
    return f"{round(100 * successes / n)} % (n = {n})"
