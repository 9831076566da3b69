"""Integer percentages: Kobak, Shpilkin & Pshenichnikov (2016), *Integer percentages as electoral
falsification fingerprints*, Annals of Applied Statistics 10(1):54–73.

A station reports an *integer percentage* when its turnout ``issued / registered`` or the
leader's share ``leader / cast`` lies within 0.05 percentage points of a whole percentage (it
reads ``x.0`` to one decimal). Decided exactly in integers: ``|100·k/n − j| < 1/20`` for some
whole ``j`` iff ``(2000·k) mod (20·n)`` is below ``n`` or above ``19·n``.

Stations kept, as in the authors' published code: at least 100 registered voters, a turnout
below 100% (``issued < registered``) and ballots in the boxes (``cast > 0``).

Null distribution (the authors' binomial Monte Carlo): every kept station redraws
``issued* ~ Binomial(registered, issued/registered)`` and ``leader* ~ Binomial(cast, leader/cast)``
independently. Under it the indicator of an integer turnout at station ``i`` is Bernoulli with
the exact probability ``a_i = P(issued* in an integer window)`` (a sum of binomial CDF
differences over the windows), and likewise ``b_i`` for the leader; so the expected counts are
exact (``Σ a_i``, ``Σ b_i``, ``Σ 1 − (1 − a_i)(1 − b_i)``) and each Monte Carlo repetition draws
the indicators directly, which has the same distribution as redrawing the counts and is much
faster. The p-value is one-sided, ``(1 + #{null ≥ observed}) / (R + 1)``; the effect size is the
excess ``observed − expected`` stations.

>>> is_integer_percentage(np.array([1742, 1743, 50]), np.array([2000, 2000, 199])).tolist()
[False, False, False]
>>> is_integer_percentage(np.array([1740, 1741, 67]), np.array([2000, 2000, 134])).tolist()
[True, False, True]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt
from scipy import special, stats

Counts = npt.NDArray[np.int64]
Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while the Monte Carlo runs."""

HALF_WIDTH = Fraction(1, 20)
"""Half-width of the window around a whole percentage, in percentage points (0.05)."""

MIN_REGISTERED = 100
"""Stations with fewer registered voters are left out (the authors' ``minSize``)."""

KINDS = ("either", "leader", "turnout")


def is_integer_percentage(
    part: Counts, whole: Counts, half_width: Fraction = HALF_WIDTH
) -> npt.NDArray[np.bool_]:
    """Whether ``100·part/whole`` is within ``half_width`` points of a whole number (exactly)."""
    part = np.asarray(part, dtype=np.int64)
    whole = np.asarray(whole, dtype=np.int64)
    h, d = half_width.numerator, half_width.denominator
    safe = np.maximum(whole, 1)
    residue = (100 * d * part) % (d * safe)
    return np.asarray((whole > 0) & ((residue < h * safe) | (residue > (d - h) * safe)))


def integer_probability(
    n: Counts, p: npt.NDArray[np.float64], half_width: Fraction = HALF_WIDTH, spread: float = 7.0
) -> npt.NDArray[np.float64]:
    """``P(100·X/n is an integer percentage)`` for ``X ~ Binomial(n, p)``, per station.

    Sums the binomial probability of the counts inside each window ``(j − w, j + w)`` for the
    whole percentages ``j`` within ``spread`` standard deviations of ``100·p``.
    """
    n = np.asarray(n, dtype=np.int64)
    p = np.clip(np.asarray(p, dtype=np.float64), 0.0, 1.0)
    h, d = half_width.numerator, half_width.denominator
    sd = 100 * np.sqrt(p * (1 - p) / np.maximum(n, 1))
    low = np.clip(np.floor(100 * p - spread * sd) - 1, 0, 100).astype(np.int64)
    high = np.clip(np.ceil(100 * p + spread * sd) + 1, 0, 100).astype(np.int64)
    width = high - low + 1
    station = np.repeat(np.arange(n.size), width)
    j = np.repeat(low, width) + (
        np.arange(width.sum()) - np.repeat(np.cumsum(width) - width, width)
    )
    nn = n[station]
    # k in the open interval (n(dj - h)/(100d), n(dj + h)/(100d)), in integers.
    k_low = (nn * (d * j - h)) // (100 * d) + 1
    k_high = -((-nn * (d * j + h)) // (100 * d)) - 1
    k_low = np.maximum(k_low, 0)
    k_high = np.minimum(k_high, nn)
    some = k_high >= k_low  # most windows of small stations hold no count at all
    station, nn, k_low, k_high = station[some], nn[some], k_low[some], k_high[some]
    pp = p[station]
    upper = special.bdtr(k_high, nn, pp)
    lower = np.where(k_low > 0, special.bdtr(np.maximum(k_low - 1, 0), nn, pp), 0.0)
    out = np.bincount(station, weights=upper - lower, minlength=n.size)
    return np.asarray(np.clip(out, 0.0, 1.0), dtype=np.float64)


def kobak_filter(
    registered: Counts, issued: Counts, cast: Counts, *, min_registered: int = MIN_REGISTERED
) -> npt.NDArray[np.bool_]:
    """The stations the test keeps: ``registered ≥ 100``, ``issued < registered``, ``cast > 0``."""
    return np.asarray((registered >= min_registered) & (issued < registered) & (cast > 0))


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegerPercentages:
    """The integer-percentage test; tuples follow :data:`KINDS` (either, leader, turnout)."""

    stations: int
    kept: int
    observed: tuple[int, int, int]
    expected: tuple[float, float, float]
    null_mean: tuple[float, float, float]
    null_sd: tuple[float, float, float]
    p_values: tuple[float, float, float]
    exact_sd: tuple[float, float, float]
    repetitions: int
    seed: int
    null: str

    @property
    def normal_p_values(self) -> tuple[float, float, float]:
        """One-sided p-values from the normal approximation to the null count.

        Each null count is a sum of independent Bernoulli indicators (a Poisson-binomial), with
        the exact mean ``Σ p_i`` and variance ``Σ p_i(1 − p_i)``; with a continuity correction
        its upper tail is ``1 − Φ((observed − ½ − mean) / sd)``. Unlike the Monte Carlo p-value
        it is not bounded below by ``1/(R + 1)``, which multiple-testing control across many
        regions needs.
        """
        out = []
        for o, mean, sd in zip(self.observed, self.expected, self.exact_sd, strict=True):
            out.append(float(stats.norm.sf((o - 0.5 - mean) / sd)) if sd > 0 else float(o > mean))
        return (out[0], out[1], out[2])

    @property
    def excess(self) -> tuple[float, float, float]:
        """Observed minus expected integer stations (the effect size)."""
        e, lead, turn = (o - x for o, x in zip(self.observed, self.expected, strict=True))
        return (e, lead, turn)

    def as_json(self) -> dict[str, object]:
        return {
            "test": "integer_percentages",
            "stations": self.stations,
            "kept": self.kept,
            "kinds": list(KINDS),
            "observed": list(self.observed),
            "expected": [round(x, 3) for x in self.expected],
            "excess": [round(x, 3) for x in self.excess],
            "null_sd": [round(x, 3) for x in self.null_sd],
            "p_values": list(self.p_values),
            "normal_p_values": list(self.normal_p_values),
            "repetitions": self.repetitions,
            "seed": self.seed,
            "null": self.null,
        }


def integer_percentage_test(
    registered: Counts,
    issued: Counts,
    cast: Counts,
    leader: Counts,
    *,
    repetitions: int = 1000,
    seed: int = 0,
    min_registered: int = MIN_REGISTERED,
    half_width: Fraction = HALF_WIDTH,
    progress: Progress | None = None,
    batch: int = 50,
) -> IntegerPercentages:
    """Count stations with integer turnout and/or leader's share and test against the null."""
    registered = np.asarray(registered, dtype=np.int64)
    issued = np.asarray(issued, dtype=np.int64)
    cast = np.asarray(cast, dtype=np.int64)
    leader = np.asarray(leader, dtype=np.int64)
    keep = kobak_filter(registered, issued, cast, min_registered=min_registered)
    n_reg, n_iss, n_cast, n_lead = registered[keep], issued[keep], cast[keep], leader[keep]
    turnout = is_integer_percentage(n_iss, n_reg, half_width)
    lead = is_integer_percentage(n_lead, n_cast, half_width)
    observed = (int((turnout | lead).sum()), int(lead.sum()), int(turnout.sum()))
    a = integer_probability(n_reg, n_iss / n_reg, half_width)
    b = integer_probability(n_cast, np.minimum(n_lead / n_cast, 1.0), half_width)
    either = 1 - (1 - a) * (1 - b)
    expected = (float(either.sum()), float(b.sum()), float(a.sum()))
    exact_sd = tuple(float(np.sqrt((q * (1 - q)).sum())) for q in (either, b, a))
    bits = np.random.default_rng(seed).bit_generator
    null = np.empty((repetitions, 3), dtype=np.int64)
    # One 64-bit draw per station and repetition gives two independent 32-bit uniforms.
    scale = float(1 << 32)
    a32 = np.where(a >= 1.0, np.uint64(1 << 32), np.floor(a * scale).astype(np.uint64))
    # a probability of exactly 1 must not wrap round to 0 when shifted into the high half
    b_sure = b >= 1.0
    b32 = np.floor(np.where(b_sure, 0.0, b) * scale).astype(np.uint64) << np.uint64(32)
    low = np.uint64(0xFFFFFFFF)
    done = 0
    while done < repetitions:
        size = min(batch, repetitions - done)
        raw = bits.random_raw((size, a.size))
        t = (raw & low) < a32
        lbit = ((raw & ~low) < b32) | b_sure
        null[done : done + size, 0] = (t | lbit).sum(axis=1)
        null[done : done + size, 1] = lbit.sum(axis=1)
        null[done : done + size, 2] = t.sum(axis=1)
        done += size
        if progress is not None:
            progress(done, repetitions)
    p_values = tuple(
        float((1 + (null[:, i] >= observed[i]).sum()) / (repetitions + 1)) for i in range(3)
    )
    return IntegerPercentages(
        stations=int(registered.size),
        kept=int(keep.sum()),
        observed=observed,
        expected=expected,
        null_mean=(
            float(null[:, 0].mean()),
            float(null[:, 1].mean()),
            float(null[:, 2].mean()),
        ),
        null_sd=(float(null[:, 0].std()), float(null[:, 1].std()), float(null[:, 2].std())),
        p_values=(p_values[0], p_values[1], p_values[2]),
        exact_sd=(exact_sd[0], exact_sd[1], exact_sd[2]),
        repetitions=repetitions,
        seed=seed,
        null=f"issued* ~ Binomial(registered, issued/registered), leader* ~ Binomial(cast, "
        f"leader/cast), independent across stations; {repetitions} Monte Carlo repetitions",
    )


def binomial_null_counts(
    registered: Counts,
    issued: Counts,
    cast: Counts,
    leader: Counts,
    *,
    repetitions: int,
    seed: int,
    half_width: Fraction = HALF_WIDTH,
) -> npt.NDArray[np.int64]:
    """The null counts (either, leader, turnout) by redrawing the counts themselves.

    Slower than :func:`integer_percentage_test`; the two have the same distribution, and the
    test suite checks that they agree. Stations must already be filtered.
    """
    rng = np.random.default_rng(seed)
    out = np.empty((repetitions, 3), dtype=np.int64)
    for r in range(repetitions):
        t = is_integer_percentage(
            rng.binomial(registered, issued / registered), registered, half_width
        )
        lead = is_integer_percentage(rng.binomial(cast, leader / cast), cast, half_width)
        out[r] = ((t | lead).sum(), lead.sum(), t.sum())
    return out


__all__ = [
    "HALF_WIDTH",
    "KINDS",
    "MIN_REGISTERED",
    "IntegerPercentages",
    "binomial_null_counts",
    "integer_percentage_test",
    "integer_probability",
    "is_integer_percentage",
    "kobak_filter",
]
