"""Minerva ballot-polling audits (Zagórski, McClearn, Morin, Vora & Vora, 2021).

Minerva is a round-by-round test of a share assertion on the ballots of its two sides. After
round ``j`` (``n_j`` two-side ballots drawn in all) the audit stops when

    α · P₁(K_j ≥ k, not stopped before) > P₀(K_j ≥ k, not stopped before)

at the observed number ``k`` of winner-side ballots, where ``P₁`` is the binomial law with the
reported share ``s`` and ``P₀`` the null with share ``f`` (a tie, ``f = 1/2``, for a pair).
The least such ``k`` is the round's *kmin*; the paths that reach it stop, so the laws of later
rounds are truncated there and convolved with the next draw. The risk of a round is the ratio
``P₀/P₁`` of the two tails at the observed ``k``.

Distributions are numpy float64 arrays, as in r2b2 (the reference implementation).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt
from scipy import signal, stats

from hemicycle.audit.precision import Number, risk_limit, to_fraction
from hemicycle.errors import DataError

FloatArray = npt.NDArray[np.float64]

# The search window of r2b2 for round sizes: (previous, 10 000], doubled up to 10^7.
_FIRST_UPPER = 10_000
_LAST_UPPER = 10_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class MinervaRound:
    """One round of a Minerva audit.

    Attributes:
        size: two-side ballots drawn in all, up to this round.
        kmin: the least number of winner-side ballots that stops the audit (None: none does).
        winner: winner-side ballots observed in all (None when only planning).
        ratio: ``P₀/P₁`` of the tails at the observed count (may exceed 1).
        risk: ``min(1, ratio)``.
        stopped: whether the observed count reaches the kmin.
    """

    size: int
    kmin: int | None
    winner: int | None = None
    ratio: float | None = None
    risk: float | None = None
    stopped: bool = False


def _convolve(left: FloatArray, right: FloatArray, *, fast: bool) -> FloatArray:
    """The law of a sum. FFT is used only for planning: its rounding noise (about 1e-17)
    would swamp the far tails that the risk of a round may need."""
    if len(left) == 1:
        scaled: FloatArray = left[0] * right
        return scaled
    if fast and min(len(left), len(right)) >= 400:
        out: FloatArray = np.clip(signal.fftconvolve(left, right), 0.0, None)
        return out
    direct: FloatArray = np.convolve(left, right).astype(np.float64)
    return direct


def _tails(dist: FloatArray) -> FloatArray:
    out: FloatArray = np.cumsum(dist[::-1])[::-1]
    return out


def _tail_ratio(null: FloatArray, reported: FloatArray, count: int) -> float:
    """``P₀(K ≥ count) / P₁(K ≥ count)``. The ratio falls as the count rises (monotone
    likelihood ratio), so where both tails underflow the last ratio that can be computed
    bounds it from above."""
    null_tails, reported_tails = _tails(null), _tails(reported)
    usable = np.flatnonzero(reported_tails[: count + 1] > 0)
    if len(usable) == 0:
        return math.inf
    at = int(usable[-1])
    return float(null_tails[at] / reported_tails[at])


class _State:
    """The two truncated laws of the winner-side count after the rounds so far."""

    def __init__(self, reported: Fraction, null: Fraction, alpha: Fraction) -> None:
        self.reported = float(reported)
        self.null = float(null)
        self.null_exact = null
        self.alpha = float(alpha)
        self.null_dist: FloatArray = np.ones(1)
        self.reported_dist: FloatArray = np.ones(1)
        self.size = 0

    def extend(self, size: int, *, fast: bool = False) -> tuple[FloatArray, FloatArray]:
        draw = size - self.size
        counts = np.arange(draw + 1)
        null_draw = stats.binom.pmf(counts, draw, self.null)
        reported_draw = stats.binom.pmf(counts, draw, self.reported)
        null = _convolve(self.null_dist, null_draw, fast=fast)
        reported = _convolve(self.reported_dist, reported_draw, fast=fast)
        return null, reported

    def kmin(self, size: int, null: FloatArray, reported: FloatArray) -> int | None:
        null_tail, reported_tail = _tails(null), _tails(reported)
        counts = np.arange(len(null))
        lowest = math.floor(self.null_exact * size) + 1
        ok = (self.alpha * reported_tail > null_tail) & (counts >= lowest)
        found = np.flatnonzero(ok)
        return int(found[0]) if len(found) else None

    def commit(self, size: int, null: FloatArray, reported: FloatArray, kmin: int | None) -> None:
        if kmin is not None:
            null = null.copy()
            reported = reported.copy()
            null[kmin:] = 0.0
            reported[kmin:] = 0.0
        self.null_dist, self.reported_dist, self.size = null, reported, size


def _setup(
    winner_share: Number, alpha: Number, share: Number
) -> tuple[Fraction, Fraction, Fraction]:
    s = to_fraction(winner_share, "the winner's share of the two sides")
    f = to_fraction(share, "the share")
    a = risk_limit(alpha)
    if not 0 < f < 1:
        raise DataError(f"the share must be above 0 and below 1 (got {share})")
    if not f < s <= 1:
        raise DataError(
            "the reported winner's share of the two sides must exceed the share "
            f"{f} (got {s}); only a full hand count confirms this outcome"
        )
    return s, f, a


def _check_schedule(sizes: Sequence[int]) -> None:
    previous = 0
    for size in sizes:
        if size <= previous:
            raise DataError(f"round sizes must be cumulative and increasing (got {list(sizes)})")
        previous = size


def minerva_kmins(
    winner_share: Number, sizes: Sequence[int], *, alpha: Number = "0.1", share: Number = "1/2"
) -> list[int | None]:
    """The kmin of each round of a cumulative round schedule.

    >>> minerva_kmins("0.6", [100, 200, 400], alpha="0.1")
    [58, 113, 221]
    """
    s, f, a = _setup(winner_share, alpha, share)
    _check_schedule(sizes)
    state = _State(s, f, a)
    kmins = []
    for size in sizes:
        null, reported = state.extend(size)
        kmin = state.kmin(size, null, reported)
        state.commit(size, null, reported, kmin)
        kmins.append(kmin)
    return kmins


def minerva_rounds(
    winner_share: Number,
    sizes: Sequence[int],
    winners: Sequence[int],
    *,
    alpha: Number = "0.1",
    share: Number = "1/2",
) -> list[MinervaRound]:
    """Kmin, risk and decision of each round given the cumulative winner-side counts.

    >>> [r.stopped for r in minerva_rounds("0.6", [100, 200, 400], [57, 112, 221])]
    [False, False, True]
    """
    s, f, a = _setup(winner_share, alpha, share)
    _check_schedule(sizes)
    if len(winners) != len(sizes):
        raise DataError("give one cumulative winner count per round")
    state = _State(s, f, a)
    rounds = []
    for size, won in zip(sizes, winners, strict=True):
        if not 0 <= won <= size:
            raise DataError(f"winner-side ballots must be between 0 and {size} (got {won})")
        null, reported = state.extend(size)
        kmin = state.kmin(size, null, reported)
        ratio = _tail_ratio(null, reported, won)
        stopped = kmin is not None and won >= kmin
        rounds.append(
            MinervaRound(
                size=size,
                kmin=kmin,
                winner=won,
                ratio=ratio,
                risk=min(1.0, ratio),
                stopped=stopped,
            )
        )
        if stopped:
            break
        state.commit(size, null, reported, kmin)
    return rounds


def minerva_round_size(
    winner_share: Number,
    *,
    alpha: Number = "0.1",
    probability: float = 0.9,
    share: Number = "1/2",
    sizes: Sequence[int] = (),
    winners: Sequence[int] = (),
    two_side_share: Number = 1,
) -> int:
    """The next cumulative round size that stops the audit with the given probability.

    The stopping probability of a round size ``n`` is ``P₁(winner-side ballots drawn ≥ kmin(n)
    − already observed)``. It rises with ``n`` in a saw-tooth, so the size is found as r2b2 and
    Arlo find it: by bisection for a size whose stopping probability reaches ``probability``
    while that of the size below does not, within ``(previous size, 10 000]``, doubling the
    upper end until one is found. The size counts two-side ballots; ``two_side_share`` (the
    share of all ballots on either side) scales it to all ballots.

    >>> minerva_round_size("0.6", alpha="0.1", probability=0.9)
    179
    """
    s, f, a = _setup(winner_share, alpha, share)
    if not 0 < probability < 1:
        raise DataError(f"the stopping probability must be between 0 and 1 (got {probability})")
    _check_schedule(sizes)
    if len(winners) != len(sizes):
        raise DataError("give one cumulative winner count per round")
    proportion = to_fraction(two_side_share, "the two sides' share of the ballots")
    if not 0 < proportion <= 1:
        raise DataError("the two sides' share of the ballots must be above 0 and at most 1")
    state = _State(s, f, a)
    for size in sizes:
        null, reported = state.extend(size)
        state.commit(size, null, reported, state.kmin(size, null, reported))
    observed = winners[-1] if winners else 0

    def reaches(size: int) -> bool:
        null, reported = state.extend(size, fast=True)
        kmin = state.kmin(size, null, reported)
        if kmin is None:
            return False
        draw = size - state.size
        return float(stats.binom.sf(kmin - observed - 1, draw, float(s))) >= probability

    def bisect(left: int, right: int) -> int | None:
        while right - left > 1:
            middle = (left + right) // 2
            if reaches(middle):
                right = middle
            else:
                left = middle
        middle = (left + right) // 2
        for size in (middle, middle + 1):
            if reaches(size):
                return size
        return None

    upper = _FIRST_UPPER
    while upper <= state.size + 1:
        upper *= 2
    found = bisect(state.size + 1, upper)
    while found is None:
        upper *= 2
        if upper > _LAST_UPPER:
            raise DataError("no round size below 10^7 ballots reaches this stopping probability")
        found = bisect(upper // 2, upper)
    return math.ceil(Fraction(found) / proportion)


__all__ = ["MinervaRound", "minerva_kmins", "minerva_round_size", "minerva_rounds"]
