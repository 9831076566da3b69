"""Batch-level comparison audits with MACRO (Stark, *Efficient post-election audits of
multiple contests: 2009 California tests*, 2009; the per-contest form that Arlo uses).

Batches (precincts, tabulator runs) are counted by hand and compared with their reported
counts. For an assertion with assorter ``a``, a batch ``p`` of ``b_p`` ballots has the reported
*batch margin* ``A_p = Σ (2a − 1)`` over its ballots (for a winner–loser pair, the winner's votes
minus the loser's), and the total margin is ``V = Σ_p A_p``. The batch's relative overstatement
is ``e_p = (A_p − A_p^hand) / V`` and its largest possible value ``u_p = (A_p + b_p) / V``, since
``2a − 1 ≥ −1``. Over all assertions MACRO takes the maxima ``e_p`` and ``u_p``. Batches are
drawn with probability ``u_p / U``, ``U = Σ u_p`` (PPEB), and the risk of the draws is

    P = ∏ (1 − 1/U) / (1 − e_p/u_p),

understatements counting as 0. Computed exactly; the audit stops when ``P ≤ α``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from hemicycle.audit.assertions import Assertion
from hemicycle.audit.precision import Number, ln, risk_limit
from hemicycle.errors import DataError


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchCount:
    """A batch's ballots and votes per choice (reported, or counted by hand)."""

    ballots: int
    votes: Mapping[str, int]


def batch_margin(assertion: Assertion, batch: BatchCount) -> Fraction:
    """``A_p = Σ (2a − 1)`` over the batch's ballots.

    >>> from hemicycle.audit.assertions import plurality_assertions
    >>> pair = plurality_assertions({"A": 600, "B": 400})[0]
    >>> batch_margin(pair, BatchCount(ballots=50, votes={"A": 40, "B": 10}))
    Fraction(30, 1)
    """
    valid = sum(batch.votes.values())
    if valid > batch.ballots:
        raise DataError(f"a batch holds {valid} votes but only {batch.ballots} ballots")
    total = sum(
        (votes * (2 * assertion.assort(choice) - 1) for choice, votes in batch.votes.items()),
        Fraction(0),
    )
    return total


def _total_margin(assertion: Assertion, reported: Mapping[str, BatchCount]) -> Fraction:
    total = sum((batch_margin(assertion, b) for b in reported.values()), Fraction(0))
    if total <= 0:
        raise DataError(f"{assertion.name}: the reported margin is not positive; count by hand")
    return total


def error_bounds(
    assertions: Sequence[Assertion], reported: Mapping[str, BatchCount]
) -> dict[str, Fraction]:
    """``u_p``, the largest relative overstatement each batch can hold, over all assertions."""
    if not assertions:
        raise DataError("there are no assertions to audit")
    totals = [_total_margin(assertion, reported) for assertion in assertions]
    return {
        name: max(
            (batch_margin(assertion, batch) + batch.ballots) / total
            for assertion, total in zip(assertions, totals, strict=True)
        )
        for name, batch in reported.items()
    }


def batch_overstatement(
    assertions: Sequence[Assertion],
    reported: Mapping[str, BatchCount],
    batch: str,
    counted: BatchCount,
) -> Fraction:
    """``e_p``, the batch's largest relative overstatement over all assertions, at least 0."""
    if batch not in reported:
        raise DataError(f"batch {batch!r} is not among the reported batches")
    worst = Fraction(0)
    for assertion in assertions:
        total = _total_margin(assertion, reported)
        error = (
            batch_margin(assertion, reported[batch]) - batch_margin(assertion, counted)
        ) / total
        worst = max(worst, error)
    return worst


def macro_risk(
    assertions: Sequence[Assertion],
    reported: Mapping[str, BatchCount],
    draws: Sequence[str],
    counted: Mapping[str, BatchCount],
) -> Fraction:
    """The exact MACRO risk of the batches drawn (in draw order, repeats allowed).

    Batches counted in full (every reported batch) give risk 0.

    >>> from hemicycle.audit.assertions import plurality_assertions
    >>> pair = plurality_assertions({"A": 60, "B": 40})
    >>> batches = {f"p{i}": BatchCount(ballots=10, votes={"A": 6, "B": 4}) for i in range(10)}
    >>> float(macro_risk(pair, batches, ["p1", "p2"], {"p1": batches["p1"], "p2": batches["p2"]}))
    0.6944444444444444
    """
    if set(counted) >= set(reported):
        return Fraction(0)
    bounds = error_bounds(assertions, reported)
    total = sum(bounds.values(), Fraction(0))
    if total <= 1:
        return Fraction(0)
    risk = Fraction(1)
    for batch in draws:
        if batch not in counted:
            raise DataError(f"batch {batch!r} was drawn but its hand count is missing")
        taint = batch_overstatement(assertions, reported, batch, counted[batch]) / bounds[batch]
        if taint >= 1:
            return Fraction(10**100)
        risk *= (1 - 1 / total) / (1 - taint)
    return risk


def macro_sample_size(
    assertions: Sequence[Assertion], reported: Mapping[str, BatchCount], *, alpha: Number = "0.1"
) -> int:
    """Draws needed if no batch holds an error: ``⌈ln α / ln(1 − 1/U)⌉``.

    When it reaches the number of batches, counting every batch by hand is less work.

    >>> from hemicycle.audit.assertions import plurality_assertions
    >>> pair = plurality_assertions({"A": 60, "B": 40})
    >>> batches = {f"p{i}": BatchCount(ballots=10, votes={"A": 6, "B": 4}) for i in range(10)}
    >>> macro_sample_size(pair, batches)
    13
    """
    a = risk_limit(alpha)
    total = sum(error_bounds(assertions, reported).values(), Fraction(0))
    if total <= 1:
        return 1
    return math.ceil(ln(a) / ln(1 - 1 / total))


__all__ = [
    "BatchCount",
    "batch_margin",
    "batch_overstatement",
    "error_bounds",
    "macro_risk",
    "macro_sample_size",
]
