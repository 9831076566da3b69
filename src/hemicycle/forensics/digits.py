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
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats

Counts = npt.NDArray[np.int64]
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


def second_digit(counts: Counts) -> npt.NDArray[np.int64]:
    """Second significant digit of counts ≥ 10 (counts below 10 give -1).

    >>> second_digit(np.array([7, 10, 472, 1999])).tolist()
    [-1, 0, 7, 9]
    """
    counts = np.asarray(counts, dtype=np.int64)
    out = np.full(counts.shape, -1, dtype=np.int64)
    value = counts.copy()
    valid = value >= 10
    while np.any(value >= 100):
        big = value >= 100
        value[big] //= 10
    out[valid] = value[valid] % 10
    return out


def first_digit(counts: Counts) -> npt.NDArray[np.int64]:
    """First significant digit (0 for a zero count)."""
    value = np.asarray(counts, dtype=np.int64).copy()
    while np.any(value >= 10):
        value[value >= 10] //= 10
    return value


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

    @property
    def repetitions(self) -> int:
        return int(self.first.shape[0])

    def take(self, keep: npt.NDArray[np.bool_]) -> NullDraws:
        return NullDraws(
            first=self.first[:, keep], pseudo=self.pseudo[keep], second=self.second[:, keep]
        )


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


def _station_probabilities(digits: npt.NDArray[np.int64], size: int) -> npt.NDArray[np.float64]:
    """Each station's digit frequencies over its redraws (columns of ``digits``), rows sum to 1.

    Redraws without the digit (``-1``) are left out; a station none of whose redraws has it
    gets the average frequencies.
    """
    n = digits.shape[1]
    valid = digits >= 0
    index = (np.arange(n)[None, :] * size + np.where(valid, digits, 0))[valid]
    table = np.bincount(index, minlength=n * size).reshape(n, size).astype(np.float64)
    totals = table.sum(axis=1, keepdims=True)
    average = table.sum(axis=0) / max(table.sum(), 1.0)
    return np.where(totals > 0, table / np.maximum(totals, 1.0), average[None, :])


def _one_hot(digits: npt.NDArray[np.int64], size: int) -> npt.NDArray[np.float64]:
    out = np.zeros((digits.size, size))
    valid = digits >= 0
    out[np.flatnonzero(valid), digits[valid]] = 1.0
    return out


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
    null = _draws(counts, totals, repetitions, seed, draws).take(keep)
    width = size - offset

    def expectation(level: Counts) -> npt.NDArray[np.float64]:
        probabilities = _station_probabilities(digits(level), size)[:, offset:]
        scale = np.maximum(probabilities.sum(axis=1, keepdims=True), 1e-300)
        return np.asarray(probabilities / scale, dtype=np.float64)

    expected_each = expectation(null.first)
    expected = expected_each.sum(axis=0)
    observed = _histogram(observed_digits[keep] - offset, width)
    # V = Var(O - E), estimated one level down (see the module docstring).
    pseudo_digits = digits(null.pseudo) - offset
    differences = _one_hot(np.where(pseudo_digits >= 0, pseudo_digits, -1), width)
    differences -= expectation(null.second)
    centred = differences - differences.mean(axis=0)
    covariance = centred.T @ centred
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


Values = Callable[[Counts], npt.NDArray[np.float64]]
"""A value per count (a digit, or 1.0/0.0 for a property), NaN where it is undefined."""


def _column_means(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Mean of the finite values of each column (NaN for a column with none)."""
    finite = np.isfinite(values)
    count = finite.sum(axis=0)
    total = np.where(finite, values, 0.0).sum(axis=0)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _value_test(
    test: str, counts: Counts, null: NullDraws, value: Values, describe: str
) -> DigitTest:
    """z-test of the mean value against the redrawn null, its variance one level down."""
    values = value(counts)
    n = values.size
    expected_each = _column_means(value(null.first))
    expected = float(np.nansum(expected_each) / np.isfinite(expected_each).sum())
    differences = value(null.pseudo) - _column_means(value(null.second))
    differences = differences[np.isfinite(differences)]
    error = float(np.sqrt(((differences - differences.mean()) ** 2).sum())) / n
    observed = float(values.mean())
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


def _valued(
    test: str,
    counts: Counts,
    totals: Counts,
    value: Values,
    describe: str,
    *,
    repetitions: int,
    seed: int,
    draws: NullDraws | None,
) -> DigitTest:
    counts = np.asarray(counts, dtype=np.int64)
    keep = counts >= 10
    if keep.sum() < 50:
        return _refused(test, int(keep.sum()), "fewer than 50 counts ≥ 10")
    null = _draws(counts, totals, repetitions, seed, draws).take(keep)
    return _value_test(test, counts[keep], null, value, describe)


def _defined(digits: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    return np.where(digits >= 0, digits, np.nan).astype(np.float64)


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
        lambda c: _defined(second_digit(c)),
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


def _share(rule: Callable[[Counts], npt.NDArray[np.bool_]]) -> Values:
    def value(counts: Counts) -> npt.NDArray[np.float64]:
        return np.where(counts >= 10, rule(counts), np.nan).astype(np.float64)

    return value


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
        _share(lambda c: np.isin(c % 10, (0, 5))),
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
        _share(lambda c: (c // 10) % 10 == c % 10),
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
        _share(lambda c: np.abs((c // 10) % 10 - c % 10) == 1),
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
