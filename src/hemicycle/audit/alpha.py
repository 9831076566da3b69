"""The ALPHA martingale test with the shrink-trunc estimator (Stark, *ALPHA: audit that learns
from previously hand-audited ballots*, Annals of Applied Statistics 17, 2023).

ALPHA tests the null hypothesis that the mean of a list of ``N`` numbers in ``[0, u]`` is at
most ``t`` (1/2 for an assorter), from values drawn at random. Before draw ``j`` the null mean
of the values not yet drawn is ``m_j = (N t − S_{j−1}) / (N − j + 1)`` (``m_j = t`` when
drawing with replacement) and the estimate of the true mean is the shrink-trunc estimate

    η_j = min(u(1 − ε), max((d η₀ + S_{j−1}) / (d + j − 1), m_j + c / √(d + j − 1))),

which shrinks towards the prior guess ``η₀`` with weight ``d`` and stays above the null. The
martingale is ``T_j = ∏ (x_i η_i/m_i + (u − x_i)(u − η_i)/(u − m_i)) / u``; the risk is
``min(1, 1/max T_j)``. The risk is valid for any choice of ``η₀``, ``d`` and ``c``.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from hemicycle.audit.assertions import Assertion
from hemicycle.audit.kaplan_markov import comparison_assort
from hemicycle.audit.precision import Number, to_fraction
from hemicycle.errors import DataError

_EPSILON = sys.float_info.epsilon


@dataclass(frozen=True, slots=True, kw_only=True)
class ShrinkTrunc:
    """The shrink-trunc estimator's settings.

    Attributes:
        eta: the prior guess ``η₀`` of the true mean (above ``t``, below ``u``).
        d: the weight of the guess, in ballots.
        c: the least distance of the estimate above the null mean, scaled by ``1/√(d+j−1)``;
            None for ``(η₀ − t)/2``, SHANGRLA's default.
    """

    eta: float
    d: float = 100.0
    c: float | None = None


def _checked(
    values: Sequence[float | Fraction],
    upper: float | Fraction,
    estimator: ShrinkTrunc,
    population: int | None,
    null_mean: float | Fraction,
) -> tuple[np.ndarray, float, float]:
    u, t = float(upper), float(null_mean)
    if not 0 < t < u:
        raise DataError(f"the null mean must lie between 0 and the upper bound (got {t})")
    if not t < estimator.eta < u:
        raise DataError(f"the prior guess eta must lie above {t} and below {u}")
    x = np.array([float(v) for v in values], dtype=np.float64)
    if np.any(x < 0) or np.any(x > u * (1 + 1e-12)):
        raise DataError(f"values must lie between 0 and the upper bound {u}")
    if population is not None and population < len(x):
        raise DataError(f"{len(x)} draws without replacement from {population} ballots")
    return x, u, t


def _null_means(x: np.ndarray, t: float, population: int | None) -> np.ndarray:
    """``m_j``: the null mean of the values not drawn before draw ``j``."""
    if population is None:
        return np.full(len(x), t)
    j = np.arange(1, len(x) + 1, dtype=np.float64)
    drawn = np.concatenate(([0.0], np.cumsum(x)[:-1]))
    return np.asarray((population * t - drawn) / (population - j + 1))


def shrink_trunc(
    values: Sequence[float | Fraction],
    *,
    upper: float | Fraction,
    estimator: ShrinkTrunc,
    population: int | None = None,
    null_mean: float | Fraction = 0.5,
) -> np.ndarray:
    """The shrink-trunc estimates ``η_j`` used before each draw (see the module docstring).

    >>> shrink_trunc([0, 0, 1], upper=1, estimator=ShrinkTrunc(eta=0.6, d=10)).round(4).tolist()
    [0.6, 0.5455, 0.5144]
    """
    x, u, t = _checked(values, upper, estimator, population, null_mean)
    return _estimates(x, u, t, estimator, population)


def _estimates(
    x: np.ndarray, u: float, t: float, estimator: ShrinkTrunc, population: int | None
) -> np.ndarray:
    j = np.arange(1, len(x) + 1, dtype=np.float64)
    drawn = np.concatenate(([0.0], np.cumsum(x)[:-1]))
    m = _null_means(x, t, population)
    c = estimator.c if estimator.c is not None else (estimator.eta - t) / 2
    weight = estimator.d + j - 1
    shrunk = (estimator.d * estimator.eta + drawn) / np.maximum(weight, _EPSILON)
    return np.asarray(np.minimum(u * (1 - _EPSILON), np.maximum(shrunk, m + c / np.sqrt(weight))))


def alpha_risk(
    values: Sequence[float | Fraction],
    *,
    upper: float | Fraction,
    estimator: ShrinkTrunc,
    population: int | None = None,
    null_mean: float | Fraction = 0.5,
) -> float:
    """The ALPHA risk of the drawn values (``population`` None: drawn with replacement).

    >>> round(alpha_risk([1.0] * 10, upper=1.0, estimator=ShrinkTrunc(eta=0.6)), 6)
    0.122444
    """
    x, u, t = _checked(values, upper, estimator, population, null_mean)
    if len(x) == 0:
        return 1.0
    m = _null_means(x, t, population)
    eta = _estimates(x, u, t, estimator, population)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = (x * eta / m + (u - x) * (u - eta) / (u - m)) / u
    # m_j = 0: the null leaves only zeros undrawn, so a positive value refutes it and a zero
    # is no evidence (SHANGRLA's alpha_mart); m_j < 0: the null is already refuted.
    empty = np.abs(m) <= 1e-12 * max(u, 1.0)
    terms = np.where(empty, np.where(x > 0, np.inf, 1.0), terms)
    terms = np.where(m < 0, np.inf, terms)
    terms = np.where(m >= u, 0.0, terms)  # the null mean is certainly met
    martingale = np.cumprod(terms)
    if population is not None and float(np.sum(x)) > population * t:
        return 0.0
    best = float(np.max(martingale))
    if math.isnan(best):
        raise DataError("the ALPHA martingale is undefined for these values")
    return 1.0 if best <= 1 else 1 / best


def alpha_polling_risk(
    assertion: Assertion,
    sample: Sequence[str | None],
    tally: dict[str, int],
    ballots: int,
    *,
    d: float = 100.0,
    eta: Number | None = None,
    with_replacement: bool = True,
) -> float:
    """The ALPHA risk of a ballot-polling sample for one assertion.

    ``sample`` holds each drawn ballot's choice (None: no valid vote); ``η₀`` defaults to the
    reported assorter mean.

    >>> from hemicycle.audit.assertions import plurality_assertions
    >>> pair = plurality_assertions({"A": 600, "B": 400})[0]
    >>> round(alpha_polling_risk(pair, ["A"] * 20 + ["B"] * 12, {"A": 600, "B": 400}, 1000), 4)
    0.0088
    """
    mean = assertion.mean(tally, ballots)
    guess = float(to_fraction(eta, "eta")) if eta is not None else float(mean)
    if mean <= Fraction(1, 2) and eta is None:
        return 1.0
    values = [assertion.assort(choice) for choice in sample]
    return alpha_risk(
        values,
        upper=assertion.upper,
        estimator=ShrinkTrunc(eta=guess, d=d),
        population=None if with_replacement else ballots,
    )


def alpha_comparison_risk(
    assertion: Assertion,
    pairs: Sequence[tuple[str | None, str | None]],
    tally: dict[str, int],
    ballots: int,
    *,
    d: float = 100.0,
    eta: Number | None = None,
    with_replacement: bool = True,
) -> float:
    """The ALPHA risk of a ballot-comparison sample: pairs of (CVR choice, hand-read choice).

    Without errors every comparison assorter value is ``1/(2 − v/u)``; the prior guess ``η₀``
    defaults to a bet that this holds, four fifths of the way from that value to the upper
    bound ``2/(2 − v/u)``, which still survives a two-vote overstatement.

    >>> from hemicycle.audit.assertions import plurality_assertions
    >>> pair = plurality_assertions({"A": 600, "B": 400})[0]
    >>> round(alpha_comparison_risk(pair, [("A", "A")] * 30, {"A": 600, "B": 400}, 1000), 4)
    0.0965
    """
    margin = assertion.margin(tally, ballots)
    if margin <= 0:
        return 1.0
    scale = 2 - margin / assertion.upper
    values = [comparison_assort(assertion, margin, cvr, mvr) for cvr, mvr in pairs]
    guess = to_fraction(eta, "eta") if eta is not None else (1 / scale + 4 * (2 / scale)) / 5
    return alpha_risk(
        values,
        upper=2 / scale,
        estimator=ShrinkTrunc(eta=float(guess), d=d),
        population=None if with_replacement else ballots,
    )


__all__ = [
    "ShrinkTrunc",
    "alpha_comparison_risk",
    "alpha_polling_risk",
    "alpha_risk",
    "shrink_trunc",
]
