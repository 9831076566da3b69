"""BRAVO ballot-polling audits (Lindeman, Stark & Yates, EVT/WOTE 2012).

For a share assertion — the winner's side holds a share ``s`` of the ballots on either side,
more than ``f`` (``f = 1/2`` for a winner–loser pair) — Wald's sequential probability ratio
test multiplies ``T`` by ``s/f`` for each sampled ballot on the winner's side and by
``(1−s)/(1−f)`` for each on the loser's side. The risk is ``min(1, 1/T)``; the audit stops
when it is at most the risk limit ``α``. The average sample number is BRAVO §9.2:
``ASN ≈ (ln(1/α) + z_w/2) / (p_w z_w + p_l z_l)`` with ``z_w = ln(s/f)``,
``z_l = ln((1−s)/(1−f))`` and ``p_w``, ``p_l`` the sides' shares of all ballots.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from scipy import stats

from hemicycle.audit.precision import Number, dec, exp, ln, risk_limit, to_fraction
from hemicycle.errors import DataError


def _log_ratios(winner_share: Fraction, share: Fraction) -> tuple[Decimal, Decimal | None]:
    """``ln(s/f)`` and ``ln((1−s)/(1−f))`` (None when ``s = 1``: a loser ballot ends the test)."""
    plus = ln(winner_share / share)
    minus = None if winner_share == 1 else ln((1 - winner_share) / (1 - share))
    return plus, minus


def _reported_ratios(
    reported_winner: int, reported_loser: int, share: Fraction
) -> tuple[Decimal, Decimal | None] | None:
    """The log ratios of the test at the reported votes, or None when the reported winner's
    side has no more than the share ``f`` of the two sides (the risk is then 1)."""
    if reported_winner + reported_loser == 0:
        return None
    s = Fraction(reported_winner, reported_winner + reported_loser)
    if s <= share:
        return None
    return _log_ratios(s, share)


def bravo_risk(
    reported_winner: int,
    reported_loser: int,
    sample_winner: int,
    sample_loser: int,
    *,
    share: Number = Fraction(1, 2),
) -> float:
    """The BRAVO risk ``min(1, 1/T)`` after the sampled ballots on each side.

    A reported winner without more than the share ``f`` of the two sides has risk 1.

    >>> bravo_risk(1410, 1132, 170, 135)  # Custer County, Colorado, 2018 (rlacalc)
    0.1342382069344721
    """
    f = to_fraction(share, "the share")
    for count in (reported_winner, reported_loser, sample_winner, sample_loser):
        if count < 0:
            raise DataError(f"vote counts must be >= 0 (got {count})")
    ratios = _reported_ratios(reported_winner, reported_loser, f)
    if ratios is None:
        return 1.0
    plus, minus = ratios
    if minus is None:
        return 1.0 if sample_loser else float(min(Decimal(1), exp(-sample_winner * plus)))
    log_t = sample_winner * plus + sample_loser * minus
    return float(min(Decimal(1), exp(-log_t)))


def bravo_sequential_risk(
    reported_winner: int, reported_loser: int, sides: Iterable[int], *, share: Number = "1/2"
) -> float:
    """The risk of a ballot-by-ballot BRAVO audit: the least ``1/T`` along the sample.

    ``sides`` gives each sampled ballot in draw order: +1 winner's side, −1 loser's side,
    0 neither. By Ville's inequality the least ``1/T`` is a valid risk.

    >>> bravo_sequential_risk(60, 40, [1] * 13 + [-1])  # 1/1.2**13, the peak before the -1
    0.09346387898717924
    """
    ratios = _reported_ratios(reported_winner, reported_loser, to_fraction(share, "the share"))
    if ratios is None:
        return 1.0
    plus, minus = ratios
    best = Decimal(0)
    log_t = Decimal(0)
    for side in sides:
        if side > 0:
            log_t += plus
        elif side < 0:
            if minus is None:
                break
            log_t += minus
        best = max(best, log_t)
    return float(min(Decimal(1), exp(-best)))


def bravo_asn(
    winner_share: Number,
    loser_share: Number,
    *,
    alpha: Number = "0.1",
    share: Number = "1/2",
    risk: Number = 1,
) -> int | None:
    """The average sample number of a BRAVO audit (BRAVO §9.2), None if it cannot stop.

    ``winner_share`` and ``loser_share`` are the sides' shares of all ballots; ``risk`` is
    the risk already reached by earlier rounds.

    >>> bravo_asn("0.6", "0.4", alpha="0.1")
    119
    """
    a = risk_limit(alpha)
    p_w = to_fraction(winner_share, "the winner's share")
    p_l = to_fraction(loser_share, "the loser's share")
    f = to_fraction(share, "the share")
    if p_w <= 0 or p_l < 0 or p_w + p_l > 1:
        raise DataError("shares of the ballots must be >= 0 and add up to at most 1")
    s = p_w / (p_w + p_l)
    if s <= f:
        return None
    plus, minus = _log_ratios(s, f)
    drift = dec(p_w) * plus + (dec(p_l) * minus if minus is not None else Decimal(0))
    target = ln(to_fraction(risk, "the risk") / a) + plus / 2
    if target <= 0:
        return 0
    return math.ceil(target / drift)


def bravo_round_size(
    winner_share: Number,
    loser_share: Number,
    *,
    alpha: Number = "0.1",
    probability: float = 0.9,
    share: Number = "1/2",
    sample_winner: int = 0,
    sample_loser: int = 0,
) -> int:
    """The round size that completes a BRAVO audit with the given probability (M. Lindeman).

    The normal approximation to the binomial gives a first size from a quadratic; the size is
    then raised until the ``1 − probability`` quantile of the winner's ballots among the
    ``n`` two-side ballots reaches the risk limit, and scaled up for ballots on neither side.
    This is the round-size rule of Arlo, for a correct reported outcome.

    >>> bravo_round_size("0.40", "0.32", alpha="0.1", probability=0.9)
    1599
    """
    a = risk_limit(alpha)
    p_w = to_fraction(winner_share, "the winner's share")
    p_r = to_fraction(loser_share, "the loser's share")
    f = to_fraction(share, "the share")
    if not 0 < probability < 1:
        raise DataError(f"the stopping probability must be between 0 and 1 (got {probability})")
    if p_w <= 0 or p_r <= 0 or p_w + p_r > 1:
        raise DataError("shares of the ballots must be above 0 and add up to at most 1")
    s = p_w / (p_w + p_r)
    if s <= f:
        raise DataError("the reported winner does not lead: only a full hand count confirms it")
    plus, minus_or_none = _log_ratios(s, f)
    minus = minus_or_none if minus_or_none is not None else Decimal(0)
    threshold = ln(1 / a) - (sample_winner * plus + sample_loser * minus)
    if threshold <= 0:
        return 0
    z = Decimal(-float(stats.norm.ppf(probability)))
    spread = plus - minus
    d = dec(s * (1 - s))
    f_term = threshold / spread
    g = minus / spread + dec(s)
    q_a = g * g
    q_b = -(z * z * d + 2 * f_term * g)
    q_c = f_term * f_term
    radical = max(Decimal(0), q_b * q_b - 4 * q_a * q_c).sqrt()
    root = (-q_b + radical) if probability > 0.5 else (-q_b - radical)
    size = max(1, math.floor(root / (2 * q_a)))
    while True:
        winners = int(stats.binom.ppf(1 - probability, size, float(s)))
        if winners * plus + (size - winners) * minus > threshold:
            break
        size += 1
    return math.ceil(Fraction(size) / (p_w + p_r))


__all__ = ["bravo_asn", "bravo_risk", "bravo_round_size", "bravo_sequential_risk"]
