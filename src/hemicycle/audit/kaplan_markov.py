"""Ballot-level comparison audits: overstatements and the Kaplan-Markov risk.

Each sampled ballot's cast-vote record (CVR) is compared with the ballot read by hand. For an
assertion with assorter ``a`` (upper bound ``u``) the *overstatement* is
``ω = a(CVR) − a(ballot)``; relative to ``u`` it is ``1/2`` for a one-vote and ``1`` for a
two-vote overstatement of a pairwise margin (negative: understatements). With the diluted margin
``v`` and the error inflation ``γ > 1`` the Kaplan-Markov risk of ``n`` ballots is

    P = ∏ (1 − v/(2γu)) / (1 − (ω_i/u)/γ)

(Stark, *Super-simple simultaneous single-ballot risk-limiting audits*, EVT/WOTE 2010; in
counts, ``(1−v/2γ)^n (1−1/2γ)^−o₁ (1−1/γ)^−o₂ (1+1/2γ)^−u₁ (1+1/γ)^−u₂``). It is computed
exactly as a rational; the audit stops when ``P ≤ α``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from hemicycle.audit.assertions import Assertion
from hemicycle.audit.precision import Number, dec, ln, risk_limit, to_fraction
from hemicycle.errors import DataError

GAMMA = Fraction("1.03905")
"""The error inflation factor of Stark's audit tools and rlacalc."""


def overstatement(assertion: Assertion, reported: str | None, audited: str | None) -> Fraction:
    """The overstatement ``ω/u`` of one ballot, between −1 and 1.

    >>> from hemicycle.audit.assertions import plurality_assertions
    >>> pair = plurality_assertions({"A": 60, "B": 40})[0]
    >>> overstatement(pair, "A", None), overstatement(pair, "A", "B")
    (Fraction(1, 2), Fraction(1, 1))
    """
    return (assertion.assort(reported) - assertion.assort(audited)) / assertion.upper


def comparison_assort(
    assertion: Assertion, margin: Fraction, reported: str | None, audited: str | None
) -> Fraction:
    """The comparison assorter ``(1 − ω/u) / (2 − v/u)`` (SHANGRLA), whose mean exceeds 1/2
    exactly when the assertion holds; ``margin`` is the reported diluted margin ``v``."""
    return (1 - overstatement(assertion, reported, audited)) / (2 - margin / assertion.upper)


def _gamma(gamma: Number) -> Fraction:
    value = to_fraction(gamma, "gamma")
    if value <= 1:
        raise DataError(f"gamma must be above 1 (got {gamma})")
    return value


def _margin(margin: Number) -> Fraction:
    value = to_fraction(margin, "the diluted margin")
    if not 0 < value <= 1:
        raise DataError(f"the diluted margin must be above 0 and at most 1 (got {margin})")
    return value


def kaplan_markov_risk(
    margin: Number, overstatements: Iterable[Number], *, gamma: Number = GAMMA
) -> Fraction:
    """The exact Kaplan-Markov risk after ballots with these relative overstatements ``ω/u``.

    ``margin`` is ``v/u``, the diluted margin relative to the assorter's upper bound (the
    diluted margin itself for a pairwise contest). The risk is not capped at 1.

    >>> round(float(kaplan_markov_risk("0.05", [0] * 95 + [Fraction(1, 2)])), 6)
    0.186041
    """
    g = _gamma(gamma)
    m = _margin(margin)
    risk = Fraction(1)
    step = 1 - m / (2 * g)
    for value in overstatements:
        error = to_fraction(value, "an overstatement")
        if not -1 <= error <= 1:
            raise DataError(f"relative overstatements lie between -1 and 1 (got {value})")
        if error == g:
            return Fraction(10**100)
        risk *= step / (1 - error / g)
    return risk


def kaplan_markov_counts(
    margin: Number,
    sample_size: int,
    *,
    gamma: Number = GAMMA,
    o1: int = 0,
    o2: int = 0,
    u1: int = 0,
    u2: int = 0,
) -> Fraction:
    """The exact Kaplan-Markov risk from counts of one- and two-vote over/understatements.

    >>> nh2016 = Fraction(354040 - 337589, 354040 + 337589 + 33234)
    >>> round(float(kaplan_markov_counts(nh2016, 200, o1=1)), 12)
    0.21438135077
    """
    counts = (o1, o2, u1, u2)
    if sample_size < 0 or any(c < 0 for c in counts):
        raise DataError("sample size and discrepancy counts must be >= 0")
    if sum(counts) > sample_size:
        raise DataError(f"{sum(counts)} discrepancies in a sample of {sample_size} ballots")
    g = _gamma(gamma)
    m = _margin(margin)
    half = Fraction(1, 2)
    return (
        (1 - m / (2 * g)) ** sample_size
        / (1 - half / g) ** o1
        / (1 - 1 / g) ** o2
        / (1 + half / g) ** u1
        / (1 + 1 / g) ** u2
    )


def comparison_sample_size(
    margin: Number,
    *,
    alpha: Number = "0.1",
    gamma: Number = GAMMA,
    o1: int = 0,
    o2: int = 0,
    u1: int = 0,
    u2: int = 0,
) -> int:
    """Stark's sample size for a comparison audit that finds these discrepancies.

    ``n = ⌈−2γ (ln α + o₁ ln(1 − 1/2γ) + o₂ ln(1 − 1/γ) + u₁ ln(1 + 1/2γ) + u₂ ln(1 + 1/γ)) / v⌉``,
    at least the number of discrepancies (Stark, *Gentle introduction*, 2012; rlacalc ``nmin``).

    >>> [comparison_sample_size(m) for m in ("0.2", "0.1", "0.05", "0.002")]
    [24, 48, 96, 2393]
    """
    a = risk_limit(alpha)
    g = _gamma(gamma)
    m = _margin(margin)
    if min(o1, o2, u1, u2) < 0:
        raise DataError("discrepancy counts must be >= 0")
    half = Fraction(1, 2)
    total = (
        ln(a)
        + o1 * ln(1 - half / g)
        + o2 * ln(1 - 1 / g)
        + u1 * ln(1 + half / g)
        + u2 * ln(1 + 1 / g)
    )
    return max(o1 + o2 + u1 + u2, math.ceil(-2 * dec(g) * total / dec(m)))


def comparison_expected_size(
    margin: Number,
    *,
    alpha: Number = "0.1",
    gamma: Number = GAMMA,
    o1_rate: Number = 0,
    o2_rate: Number = 0,
    u1_rate: Number = 0,
    u2_rate: Number = 0,
) -> int | None:
    """The expected sample size of a Kaplan-Markov audit at these discrepancy rates.

    ``n = ⌈ln α / (ln(1 − v/2γ) − r₁ ln(1 − 1/2γ) − r₂ ln(1 − 1/γ) − s₁ ln(1 + 1/2γ)
    − s₂ ln(1 + 1/γ))⌉`` (Stark, Stat 157 notes 2017; rlacalc ``KM_Expected_sample_size``);
    None when the rates overwhelm the margin.

    >>> comparison_expected_size("0.05", alpha="0.05", o1_rate="0.001", u1_rate="0.001")
    125
    """
    a = risk_limit(alpha)
    g = _gamma(gamma)
    m = _margin(margin)
    rates = [to_fraction(r, "a discrepancy rate") for r in (o1_rate, o2_rate, u1_rate, u2_rate)]
    if any(r < 0 for r in rates):
        raise DataError("discrepancy rates must be >= 0")
    half = Fraction(1, 2)
    denominator = (
        ln(1 - m / (2 * g))
        - dec(rates[0]) * ln(1 - half / g)
        - dec(rates[1]) * ln(1 - 1 / g)
        - dec(rates[2]) * ln(1 + half / g)
        - dec(rates[3]) * ln(1 + 1 / g)
    )
    if denominator >= Decimal(0):
        return None
    return math.ceil(ln(a) / denominator)


__all__ = [
    "GAMMA",
    "comparison_assort",
    "comparison_expected_size",
    "comparison_sample_size",
    "kaplan_markov_counts",
    "kaplan_markov_risk",
    "overstatement",
]
