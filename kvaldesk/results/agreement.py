"""Agreement between two reviewers on categorical answers: observed agreement, Cohen's κ and
Gwet's AC1. Pure functions over pairs of answer values.

For ``n`` pairs (one per case: reviewer A's value, reviewer B's value) and the ``q`` categories
of the answer scale:

* observed agreement ``pa`` = pairs with the same value / n;
* Cohen's κ (Cohen 1960) = (pa − pe) / (1 − pe), with pe = Σ_k pA(k)·pB(k), the agreement
  expected if the two reviewers answered independently with their own marginal shares;
* Gwet's AC1 (Gwet 2008) = (pa − pe) / (1 − pe), with pe = Σ_k π_k(1 − π_k) / (q − 1) and
  π_k = (pA(k) + pB(k)) / 2.

Edge cases, by design:

* n = 0: every figure is None (nothing to compare).
* κ is None when pe = 1, i.e. both reviewers used one and the same category for every case:
  κ is 0/0 there (the "kappa paradox" at its extreme). AC1 is still defined: with π = 1 for
  that category its pe is 0, so AC1 = pa = 1.
* AC1 needs q ≥ 2. The categories are the scale's (``categories``) together with any value
  seen in the pairs; when even then only one category exists, AC1 is pa (pe taken as 0).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kvaldesk.domain.model import Round

_EPSILON = 1e-12


@dataclass(frozen=True)
class AgreementStats:
    """Agreement over ``n`` pairs; the figures are None when they are undefined."""

    n: int
    agreements: int
    agreement: float | None
    kappa: float | None
    ac1: float | None

    def below(self, *, kappa_threshold: float, agreement_threshold: float) -> bool:
        """Whether a figure that exists falls under its threshold (κ or observed agreement)."""
        if self.n == 0:
            return False
        if self.agreement is not None and self.agreement < agreement_threshold - _EPSILON:
            return True
        return self.kappa is not None and self.kappa < kappa_threshold - _EPSILON


def agreement_stats(
    pairs: Iterable[tuple[str, str]], categories: Iterable[str] = ()
) -> AgreementStats:
    """Observed agreement, Cohen's κ and Gwet's AC1 for paired categorical ratings.

    ``categories`` are the values of the answer scale; they matter for AC1 (its q), not for κ.
    """
    items = list(pairs)
    n = len(items)
    if n == 0:
        return AgreementStats(0, 0, None, None, None)
    first = Counter(a for a, _ in items)
    second = Counter(b for _, b in items)
    agreements = sum(1 for a, b in items if a == b)
    pa = agreements / n
    scale = set(categories) | set(first) | set(second)

    pe_kappa = sum((first[k] / n) * (second[k] / n) for k in scale)
    kappa = None if pe_kappa >= 1 - _EPSILON else (pa - pe_kappa) / (1 - pe_kappa)

    q = len(scale)
    if q < 2:
        pe_ac1 = 0.0
    else:
        pis = [(first[k] + second[k]) / (2 * n) for k in scale]
        pe_ac1 = sum(p * (1 - p) for p in pis) / (q - 1)
    ac1 = (pa - pe_ac1) / (1 - pe_ac1)
    return AgreementStats(n, agreements, pa, kappa, ac1)


def table_pairs(table: Iterable[Iterable[int]], labels: Iterable[str]) -> list[tuple[str, str]]:
    """Expand a square contingency table (rows: reviewer A, columns: reviewer B) into pairs.

    Convenient for checking published examples, which are given as tables.
    """
    names = list(labels)
    pairs: list[tuple[str, str]] = []
    for row_label, row in zip(names, table, strict=True):
        cells = list(row)
        if len(cells) != len(names):
            raise ValueError("the table must be square and match the labels")
        for column_label, count in zip(names, cells, strict=True):
            pairs.extend([(row_label, column_label)] * count)
    return pairs


@dataclass(frozen=True)
class QuestionAgreement:
    """Agreement on one question over the double-reviewed cases where it applied in both."""

    id: str
    text: str
    stats: AgreementStats
    flagged: bool


@dataclass(frozen=True)
class AgreementReport:
    """Agreement in a round: per question, pooled over every question, and the thresholds."""

    round: Round
    cases: int
    questions: list[QuestionAgreement]
    overall: AgreementStats
    kappa_threshold: float
    agreement_threshold: float

    @property
    def flagged(self) -> list[QuestionAgreement]:
        """Questions under a threshold: candidates for clearer wording or help text."""
        return [q for q in self.questions if q.flagged]
