"""Digit tests of vote counts, each against a null simulated from the stations' own counts.

- **Second digit** (2BL, Mebane 2006): the distribution of second digits and Mebane's mean test.
  Benford's second-digit law gives the frequencies ``P(d) = Σ_{k=1..9} log10(1 + 1/(10k + d))``
  (0.11968 … 0.08500, mean 4.18739), but clean counts need not follow it: they are binomial
  around a station's size and a list's share (Deckert, Myagkov & Ordeshook 2011). So the null
  frequencies are those of counts redrawn as ``Binomial(n_i, c_i / n_i)`` from each station's own
  total ``n_i`` and count ``c_i``; Benford's law is reported beside it.
- **Last digit** uniformity and the share of 0 and 5 (Beber & Scacco 2012), again against the
  simulated null (last digits are uniform only for counts much larger than ten).
- **Digit pairs** (Beber & Scacco 2012): the share of last-two-digit pairs that repeat (``33``)
  or are adjacent (``34``, ``43``); people inventing numbers avoid both.
- **First digit** only where counts span at least two orders of magnitude; otherwise the test
  is refused with a reason.

Statistics: the difference ``d = O - E`` between the observed digit counts and the expected
counts ``E`` (summed over stations from ``R`` redraws each) is tested as
``X² = dᵀ V⁻¹ d ~ χ²(k-1)``.
Because a redraw is centred on the very count it tests, ``O`` and ``E`` are correlated, and the
plain multinomial variance makes the test far too lenient. ``V`` is therefore estimated by the
same procedure one level down: a redraw ``c*_i`` of each count plays the observed count, ``R``
redraws of ``c*_i`` give its expectation, and ``V = Σ_i f_i f_iᵀ`` over the stations' differences
``f_i``. Mean and share tests are z-tests built the same way. The effect size is Cohen's
``w = sqrt(X² / n)`` for distributions and the difference from the null for means and shares.

>>> [round(p, 5) for p in benford_second_digit()][:2], round(benford_second_digit_mean(), 5)
([0.11968, 0.11389], 4.18739)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy import stats

Counts = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Digits = Callable[[Counts], npt.NDArray[np.int64]]


def benford_second_digit() -> tuple[float, ...]:
    """Benford's frequencies of the second significant digit 0…9."""
    return tuple(
        float(sum(np.log10(1 + 1 / (10 * k + d)) for k in range(1, 10))) for d in range(10)
    )


def benford_second_digit_mean() -> float:
    """The mean second digit under Benford's law (4.18739)."""
    return float(sum(d * p for d, p in enumerate(benford_second_digit())))


def benford_first_digit() -> tuple[float, ...]:
    """Benford's frequencies of the first significant digit 1…9."""
    return tuple(float(np.log10(1 + 1 / d)) for d in range(1, 10))


POWERS_OF_TEN = 10 ** np.arange(19, dtype=np.int64)


def _magnitude(counts: Counts) -> npt.NDArray[np.int64]:
    """The exponent ``e`` with ``10**e ≤ count < 10**(e + 1)`` (0 for a zero count)."""
    exponent = np.searchsorted(POWERS_OF_TEN, counts, side="right") - 1
    return np.asarray(np.maximum(exponent, 0), dtype=np.int64)


def second_digit(counts: Counts) -> npt.NDArray[np.int64]:
    """Second significant digit of counts ≥ 10 (counts below 10 give -1).

    >>> second_digit(np.array([7, 10, 472, 1999])).tolist()
    [-1, 0, 7, 9]
    """
    counts = np.asarray(counts, dtype=np.int64)
    exponent = _magnitude(counts)
    digit = (counts // POWERS_OF_TEN[np.maximum(exponent - 1, 0)]) % 10
    return np.asarray(np.where(counts >= 10, digit, -1), dtype=np.int64)


def first_digit(counts: Counts) -> npt.NDArray[np.int64]:
    """First significant digit (0 for a zero count)."""
    counts = np.asarray(counts, dtype=np.int64)
    return np.asarray(counts // POWERS_OF_TEN[_magnitude(counts)], dtype=np.int64)


def last_digit(counts: Counts) -> npt.NDArray[np.int64]:
    """Last digit of counts ≥ 10 (-1 below)."""
    counts = np.asarray(counts, dtype=np.int64)
    return np.where(counts >= 10, counts % 10, -1)


def last_two_digits(counts: Counts) -> npt.NDArray[np.int64]:
    """Last two digits (00…99) of counts ≥ 10 (-1 below)."""
    counts = np.asarray(counts, dtype=np.int64)
    return np.where(counts >= 10, counts % 100, -1)


@dataclass(frozen=True, slots=True, kw_only=True)
class DigitTest:
    """The result of one digit test.

    ``observed`` and ``expected`` are digit frequencies (shares); ``null`` names the null
    distribution; ``effect`` is Cohen's w for distribution tests and the difference from the
    null for mean/share tests; ``band`` holds the 2.5% and 97.5% quantiles of each digit's share
    under the null (for plots).
    """

    test: str
    n: int
    statistic: float
    p_value: float
    effect: float
    null: str
    observed: tuple[float, ...] = ()
    expected: tuple[float, ...] = ()
    band: tuple[tuple[float, float], ...] = ()
    benford: tuple[float, ...] = ()
    applicable: bool = True
    reason: str = ""

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "test": self.test,
            "n": self.n,
            "statistic": self.statistic,
            "p_value": self.p_value,
            "effect": self.effect,
            "null": self.null,
            "applicable": self.applicable,
        }
        if self.reason:
            out["reason"] = self.reason
        if self.observed:
            out["observed"] = list(self.observed)
            out["expected"] = list(self.expected)
        if self.benford:
            out["benford"] = list(self.benford)
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class NullDraws:
    """Redraws of one column of counts: ``first`` (R × n) redraws of the counts themselves, and
    ``second`` (R × n) redraws of ``pseudo``, one first-level redraw standing in for the counts."""

    first: Counts
    pseudo: Counts
    second: Counts
    _digits: dict[object, tuple[Counts, Counts, Counts]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def repetitions(self) -> int:
        return int(self.first.shape[0])

    def digits(self, digits: Digits) -> tuple[Counts, Counts, Counts]:
        """``digits`` of the three levels, computed once per digit function."""
        if digits not in self._digits:
            self._digits[digits] = (digits(self.first), digits(self.pseudo), digits(self.second))
        return self._digits[digits]


def _binomial(counts: Counts, totals: Counts, repetitions: int, rng: np.random.Generator) -> Counts:
    totals = np.maximum(np.asarray(totals, dtype=np.int64), counts)
    share = np.divide(counts, totals, out=np.zeros(counts.shape), where=totals > 0)
    return rng.binomial(totals, share, size=(repetitions, counts.size)).astype(np.int64)


def null_draws(
    counts: Counts, totals: Counts, *, repetitions: int = 20, seed: int = 0
) -> NullDraws:
    """Redraw every count as ``Binomial(n_i, c_i / n_i)``, twice over (see :class:`NullDraws`)."""
    if repetitions < 2:
        raise ValueError(f"repetitions must be at least 2 (got {repetitions})")
    counts = np.asarray(counts, dtype=np.int64)
    totals = np.maximum(np.asarray(totals, dtype=np.int64), counts)
    rng = np.random.default_rng(seed)
    first = _binomial(counts, totals, repetitions, rng)
    pseudo = first[0]
    second = _binomial(pseudo, totals, repetitions, rng)
    return NullDraws(first=first, pseudo=pseudo, second=second)


def _histogram(digits: npt.NDArray[np.int64], size: int) -> npt.NDArray[np.float64]:
    """Digit counts (ignoring -1)."""
    return np.bincount(digits[digits >= 0], minlength=size).astype(np.float64)


def _mean_frequencies(
    digits: npt.NDArray[np.int64], size: int, keep: npt.NDArray[np.bool_]
) -> tuple[Floats, Floats]:
    """Per-station weights ``1/R_i`` (0 where no redraw has the digit) and ``Σ_i p̂_i``.

    ``digits`` has one row per redraw and one column per station; ``p̂_i`` is station ``i``'s
    digit frequencies over its ``R_i`` redraws that have the digit. Only stations in ``keep``
    count; one none of whose redraws has the digit counts with the average frequencies.
    """
    valid = (digits >= 0) & keep
    have = valid.sum(axis=0)
    weight = np.where(have > 0, 1.0 / np.maximum(have, 1), 0.0)
    total = np.zeros(size)
    for row, ok in zip(digits, valid, strict=True):
        total += np.bincount(row[ok], weights=weight[ok], minlength=size)
    missing = int(((have == 0) & keep).sum())
    if missing:
        total += missing * total / max(total.sum(), 1.0)
    return weight, total


_TABLE_CELLS = 1 << 21
"""Cells of the station × digit table built at once by :func:`_sum_of_squares` (16 MiB)."""


def _sum_of_squares(
    digits: npt.NDArray[np.int64], weight: Floats, size: int, keep: npt.NDArray[np.bool_]
) -> Floats:
    """``Σ_i p̂_i p̂_iᵀ`` over the kept stations, ``p̂_i = weight_i · Σ_r e(digits[r, i])``."""
    repetitions, n = digits.shape
    valid = (digits >= 0) & keep
    if repetitions * repetitions <= size:
        # few redraws (large inputs): count digit pairs, R² passes, no station × digit matrix
        square = np.zeros((size, size))
        for r in range(repetitions):
            for t in range(repetitions):
                both = valid[r] & valid[t]
                square += np.bincount(
                    digits[r][both] * size + digits[t][both],
                    weights=weight[both] ** 2,
                    minlength=size * size,
                ).reshape(size, size)
        return square
    # a station × digit table, a block of stations at a time (1,000,000 stations × 100 digits
    # would be 800 MB at once)
    square = np.zeros((size, size))
    block = max(1, _TABLE_CELLS // size)
    for first in range(0, n, block):
        part = slice(first, min(n, first + block))
        ok = valid[:, part]
        stations = part.stop - part.start
        index = (np.arange(stations)[None, :] * size + np.where(ok, digits[:, part], 0))[ok]
        counted = np.bincount(index, minlength=stations * size).reshape(stations, size)
        table = counted * weight[part, None]
        square += table.T @ table
    return square


def _moments(
    first: npt.NDArray[np.int64],
    pseudo: npt.NDArray[np.int64],
    second: npt.NDArray[np.int64],
    size: int,
    keep: npt.NDArray[np.bool_],
) -> tuple[Floats, Floats]:
    """Expected digit counts ``E = Σ_i p̂_i`` and ``V = Var(O − E)`` (see the module docstring).

    ``V = Σ_i f_i f_iᵀ − n f̄ f̄ᵀ`` with ``f_i = e(pseudo_i) − p̂_i(second)``, expanded into
    counts of digits and digit pairs.
    """
    _, expected = _mean_frequencies(first, size, keep)
    weight, mean_second = _mean_frequencies(second, size, keep)
    n = int(keep.sum())
    has = (pseudo >= 0) & keep
    observed_pseudo = np.bincount(pseudo[has], minlength=size).astype(np.float64)
    cross = np.zeros((size, size))  # Σ e(pseudo) p̂ᵀ
    valid = second >= 0
    for r in range(second.shape[0]):
        ok = valid[r] & has
        cross += np.bincount(
            pseudo[ok] * size + second[r][ok], weights=weight[ok], minlength=size * size
        ).reshape(size, size)
    square = _sum_of_squares(second, weight, size, keep)
    total = np.diag(observed_pseudo) - cross - cross.T + square
    mean = (observed_pseudo - mean_second) / n
    return expected, total - n * np.outer(mean, mean)


def _refused(test: str, n: int, reason: str) -> DigitTest:
    nan = float("nan")
    return DigitTest(
        test=test,
        n=n,
        statistic=nan,
        p_value=nan,
        effect=nan,
        null="",
        applicable=False,
        reason=reason,
    )


def orders_of_magnitude(counts: Counts) -> float:
    """log10 of the ratio of the 95th to the 5th percentile of the positive counts.

    >>> round(orders_of_magnitude(np.arange(1, 1001)), 2)
    1.27
    """
    positive = np.asarray(counts)[np.asarray(counts) > 0]
    if positive.size == 0:
        return 0.0
    low, high = np.percentile(positive, [5, 95])
    return float(np.log10(high / low))


def _draws(
    counts: Counts, totals: Counts, repetitions: int, seed: int, draws: NullDraws | None
) -> NullDraws:
    return (
        draws
        if draws is not None
        else null_draws(counts, totals, repetitions=repetitions, seed=seed)
    )


def _distribution_test(
    test: str,
    counts: Counts,
    totals: Counts,
    digits: Digits,
    size: int,
    offset: int,
    *,
    repetitions: int,
    seed: int,
    draws: NullDraws | None,
    benford: tuple[float, ...] = (),
) -> DigitTest:
    counts = np.asarray(counts, dtype=np.int64)
    observed_digits = digits(counts)
    keep = observed_digits >= offset
    n = int(keep.sum())
    if n < 50:
        return _refused(test, n, f"only {n} counts have the digit (at least 50 needed)")
    null = _draws(counts, totals, repetitions, seed, draws)
    width = size - offset

    def shifted(values: Counts) -> npt.NDArray[np.int64]:
        if offset == 0:
            return values
        return np.asarray(np.where(values >= offset, values - offset, -1), dtype=np.int64)

    first, pseudo, second = null.digits(digits)
    expected, covariance = _moments(shifted(first), shifted(pseudo), shifted(second), width, keep)
    observed = _histogram(observed_digits[keep] - offset, width)
    support = np.flatnonzero(expected > 0)[:-1]
    difference = (observed - expected)[support]
    chi2 = float(difference @ np.linalg.pinv(covariance[np.ix_(support, support)]) @ difference)
    dof = int(support.size)
    spread = np.sqrt(np.maximum(np.diag(covariance), 0.0)) / n
    share = expected / n
    return DigitTest(
        test=test,
        n=n,
        statistic=chi2,
        p_value=float(stats.chi2.sf(chi2, dof)) if dof > 0 else 1.0,
        effect=float(np.sqrt(chi2 / n)),
        null=f"digits of Binomial(n_i, c_i/n_i) redraws of each count ({null.repetitions} "
        f"redraws); X² ~ χ²({dof})",
        observed=tuple(float(x) for x in observed / n),
        expected=tuple(float(x) for x in share),
        band=tuple(
            (float(max(m - 1.96 * d, 0.0)), float(m + 1.96 * d))
            for m, d in zip(share, spread, strict=True)
        ),
        benford=benford,
    )


def _column_means(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Mean of the finite values of each column (NaN for a column with none)."""
    finite = np.isfinite(values)
    count = finite.sum(axis=0)
    total = np.where(finite, values, 0.0).sum(axis=0)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


Transform = Callable[[Counts], npt.NDArray[np.float64]]
"""A value computed from digits (``-1`` marks a count without them)."""


def _valued(
    test: str,
    counts: Counts,
    totals: Counts,
    digits: Digits,
    value: Transform,
    describe: str,
    *,
    repetitions: int,
    seed: int,
    draws: NullDraws | None,
) -> DigitTest:
    """z-test of the mean ``value(digits(count))`` over counts ≥ 10 against the redrawn null.

    The null mean is the average of every station's mean over its redraws; the variance of
    ``observed − null`` is estimated one level down, as for the distribution tests.
    """
    counts = np.asarray(counts, dtype=np.int64)
    keep = counts >= 10
    n = int(keep.sum())
    if n < 50:
        return _refused(test, n, "fewer than 50 counts ≥ 10")
    null = _draws(counts, totals, repetitions, seed, draws)
    first, pseudo, second = null.digits(digits)

    def values(level: Counts) -> npt.NDArray[np.float64]:
        return np.where(level >= 0, value(level), np.nan)

    expected_each = _column_means(values(first))[keep]
    expected = float(np.nanmean(expected_each)) if np.isfinite(expected_each).any() else 0.0
    differences = (values(pseudo) - _column_means(values(second)))[keep]
    differences = differences[np.isfinite(differences)]
    error = float(np.sqrt(((differences - differences.mean()) ** 2).sum())) / n
    observed = float(value(digits(counts[keep])).mean())
    z = (observed - expected) / error if error > 0 else float("inf")
    return DigitTest(
        test=test,
        n=n,
        statistic=float(z),
        p_value=float(2 * stats.norm.sf(abs(z))),
        effect=observed - expected,
        null=f"{describe} of Binomial(n_i, c_i/n_i) redraws ({null.repetitions}); z ~ N(0, 1)",
        observed=(observed,),
        expected=(expected,),
    )


def second_digit_test(
    counts: Counts,
    totals: Counts,
    *,
    repetitions: int = 20,
    seed: int = 0,
    draws: NullDraws | None = None,
) -> DigitTest:
    """Distribution of second digits (2BL) against the redrawn null; Benford shown beside."""
    return _distribution_test(
        "second_digit",
        counts,
        totals,
        second_digit,
        10,
        0,
        repetitions=repetitions,
        seed=seed,
        draws=draws,
        benford=benford_second_digit(),
    )


def second_digit_mean_test(
    counts: Counts,
    totals: Counts,
    *,
    repetitions: int = 20,
    seed: int = 0,
    draws: NullDraws | None = None,
) -> DigitTest:
    """Mebane's second-digit mean test (Benford's mean is 4.18739) against the redrawn null."""
    return _valued(
        "second_digit_mean",
        counts,
        totals,
        second_digit,
        lambda d: d.astype(np.float64),
        "mean second digit",
        repetitions=repetitions,
        seed=seed,
        draws=draws,
    )


def last_digit_test(
    counts: Counts,
    totals: Counts,
    *,
    repetitions: int = 20,
    seed: int = 0,
    draws: NullDraws | None = None,
) -> DigitTest:
    """Distribution of last digits of counts ≥ 10 against the redrawn null."""
    return _distribution_test(
        "last_digit",
        counts,
        totals,
        last_digit,
        10,
        0,
        repetitions=repetitions,
        seed=seed,
        draws=draws,
    )


def zero_five_test(
    counts: Counts,
    totals: Counts,
    *,
    repetitions: int = 20,
    seed: int = 0,
    draws: NullDraws | None = None,
) -> DigitTest:
    """Share of counts ending in 0 or 5 (0.2 for uniform last digits)."""
    return _valued(
        "last_digit_zero_five",
        counts,
        totals,
        last_two_digits,
        lambda d: (d % 5 == 0).astype(np.float64),
        "share ending in 0 or 5",
        repetitions=repetitions,
        seed=seed,
        draws=draws,
    )


def repeated_pair_test(
    counts: Counts,
    totals: Counts,
    *,
    repetitions: int = 20,
    seed: int = 0,
    draws: NullDraws | None = None,
) -> DigitTest:
    """Share of counts whose last two digits repeat (0.10 for uniform pairs)."""
    return _valued(
        "repeated_digit_pairs",
        counts,
        totals,
        last_two_digits,
        lambda d: (d // 10 == d % 10).astype(np.float64),
        "share with repeated last two digits",
        repetitions=repetitions,
        seed=seed,
        draws=draws,
    )


def adjacent_pair_test(
    counts: Counts,
    totals: Counts,
    *,
    repetitions: int = 20,
    seed: int = 0,
    draws: NullDraws | None = None,
) -> DigitTest:
    """Share of counts whose last two digits differ by one (0.18 for uniform pairs)."""
    return _valued(
        "adjacent_digit_pairs",
        counts,
        totals,
        last_two_digits,
        lambda d: (np.abs(d // 10 - d % 10) == 1).astype(np.float64),
        "share with adjacent last two digits",
        repetitions=repetitions,
        seed=seed,
        draws=draws,
    )


def first_digit_test(
    counts: Counts,
    totals: Counts,
    *,
    repetitions: int = 20,
    seed: int = 0,
    draws: NullDraws | None = None,
    min_orders: float = 2.0,
) -> DigitTest:
    """First digits against the redrawn null, refused unless counts span ``min_orders``."""
    span = orders_of_magnitude(counts)
    if span < min_orders:
        return _refused(
            "first_digit",
            int(np.count_nonzero(counts)),
            f"counts span {span:.2f} orders of magnitude (5th–95th percentile); first-digit "
            f"tests need at least {min_orders:g}",
        )
    return _distribution_test(
        "first_digit",
        np.asarray(counts, dtype=np.int64),
        totals,
        first_digit,
        10,
        1,
        repetitions=repetitions,
        seed=seed,
        draws=draws,
        benford=benford_first_digit(),
    )


DIGIT_TESTS = (
    second_digit_test,
    second_digit_mean_test,
    last_digit_test,
    zero_five_test,
    repeated_pair_test,
    adjacent_pair_test,
    first_digit_test,
)
"""Every digit test, each called as ``test(counts, totals, repetitions=…, seed=…)``."""


def all_digit_tests(
    counts: Counts, totals: Counts, *, repetitions: int = 20, seed: int = 0
) -> tuple[DigitTest, ...]:
    """Run every digit test on one column of counts, sharing one set of null redraws."""
    draws = null_draws(counts, totals, repetitions=repetitions, seed=seed)
    return tuple(
        test(counts, totals, repetitions=repetitions, seed=seed, draws=draws)
        for test in DIGIT_TESTS
    )


__all__ = [
    "DIGIT_TESTS",
    "DigitTest",
    "NullDraws",
    "adjacent_pair_test",
    "all_digit_tests",
    "benford_first_digit",
    "benford_second_digit",
    "benford_second_digit_mean",
    "first_digit",
    "first_digit_test",
    "last_digit",
    "last_digit_test",
    "last_two_digits",
    "null_draws",
    "orders_of_magnitude",
    "repeated_pair_test",
    "second_digit",
    "second_digit_mean_test",
    "second_digit_test",
    "zero_five_test",
]
