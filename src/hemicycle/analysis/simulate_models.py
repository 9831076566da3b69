"""Uncertainty about national vote shares: what a projection draws before any law applies.

Three models, each a frozen value that draws the shares of ``count`` simulations from a
generator (so that a seeded chunk always draws the same numbers, wherever it runs):

- :class:`DirichletShares`: a poll of ``n`` respondents with shares ``p`` gives
  ``Dirichlet(n·p)``, whose mean is ``p`` and whose variance ``p(1-p)/(n+1)`` is the
  multinomial sampling variance of the poll (Rigdon et al. 2009, "A Bayesian prediction model
  for the U.S. presidential election", *American Politics Research* 37(4)).
- :class:`LogitNormalShares`: log-shares ``log p + ε`` with ``ε ~ N(0, Σ)`` closed by the
  softmax, so that parties' errors may be correlated (Aitchison 1986, *The Statistical Analysis
  of Compositional Data*, ch. 6; the symmetric form over all parties).
- :class:`GivenShares`: draws the user made elsewhere, one row per simulation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hemicycle.errors import DataError

FloatArray = npt.NDArray[np.float64]


def normalised(shares: npt.ArrayLike, what: str = "shares") -> FloatArray:
    """Non-negative weights scaled to sum to one (percentages and fractions alike).

    >>> normalised([30, 50, 20]).tolist()
    [0.3, 0.5, 0.2]
    """
    values = np.asarray(shares, dtype=np.float64)
    if values.ndim != 1 or values.size == 0:
        raise DataError(f"{what} must be a non-empty list of numbers")
    if not np.all(np.isfinite(values)) or (values < 0).any():
        raise DataError(f"{what} must be finite and non-negative (got {values.tolist()})")
    total = float(values.sum())
    if total <= 0:
        raise DataError(f"{what} must have a positive total")
    result: FloatArray = values / total
    return result


@dataclass(frozen=True, slots=True, kw_only=True)
class DirichletShares:
    """Shares drawn from ``Dirichlet(sample_size · shares)``; parties at zero stay at zero.

    >>> model = DirichletShares(shares=normalised([0.6, 0.4]), sample_size=1000)
    >>> draws = model.draw(np.random.default_rng(1), 0, 4)
    >>> draws.shape, bool(np.allclose(draws.sum(axis=1), 1))
    ((4, 2), True)
    """

    shares: FloatArray
    sample_size: float

    def __post_init__(self) -> None:
        if not np.isfinite(self.sample_size) or self.sample_size <= 0:
            raise DataError(f"the sample size must be a positive number (got {self.sample_size})")

    @property
    def name(self) -> str:
        return "dirichlet"

    def draw(self, rng: np.random.Generator, start: int, count: int) -> FloatArray:
        """``count`` draws of the national shares (``start`` is unused: draws are random)."""
        del start
        positive = self.shares > 0
        if positive.all():
            drawn: FloatArray = rng.dirichlet(self.sample_size * self.shares, size=count)
            return drawn
        result = np.zeros((count, self.shares.size))
        result[:, positive] = rng.dirichlet(self.sample_size * self.shares[positive], size=count)
        return result


@dataclass(frozen=True, slots=True, kw_only=True)
class LogitNormalShares:
    """Shares ``softmax(log shares + ε)`` with ``ε ~ N(0, covariance)``.

    The covariance is on the log scale: a standard deviation of 0.1 moves a party's share by
    about 10% of itself. ``factor`` is a matrix ``F`` with ``F Fᵀ = covariance``, computed once
    by :meth:`of` so that every worker draws with the same one.

    >>> model = LogitNormalShares.of(normalised([0.5, 0.5]), [[0.01, 0.0], [0.0, 0.01]])
    >>> model.draw(np.random.default_rng(1), 0, 3).shape
    (3, 2)
    """

    shares: FloatArray
    covariance: FloatArray
    factor: FloatArray

    @classmethod
    def of(cls, shares: FloatArray, covariance: npt.ArrayLike) -> LogitNormalShares:
        """Check the covariance (square, symmetric, positive semi-definite) and factor it."""
        matrix = np.asarray(covariance, dtype=np.float64)
        size = shares.size
        if matrix.shape != (size, size):
            raise DataError(
                f"the covariance must be a {size}×{size} matrix, one row and column per party "
                f"(got shape {matrix.shape})"
            )
        if not np.all(np.isfinite(matrix)):
            raise DataError("the covariance must hold finite numbers")
        scale = max(float(np.abs(matrix).max()), 1e-300)
        if not np.allclose(matrix, matrix.T, rtol=0, atol=1e-12 * scale):
            raise DataError("the covariance must be symmetric")
        values, vectors = np.linalg.eigh(matrix)
        if values.min() < -1e-9 * scale:
            raise DataError(
                "the covariance must be positive semi-definite "
                f"(smallest eigenvalue {values.min():.3g})"
            )
        factor = vectors * np.sqrt(np.clip(values, 0, None))
        return cls(shares=shares, covariance=matrix, factor=factor)

    @property
    def name(self) -> str:
        return "logit_normal"

    def draw(self, rng: np.random.Generator, start: int, count: int) -> FloatArray:
        """``count`` draws of the national shares (``start`` is unused: draws are random)."""
        del start
        with np.errstate(divide="ignore"):
            centre = np.log(self.shares)
        noise = rng.standard_normal((count, self.shares.size)) @ self.factor.T
        logits = centre + noise
        logits -= logits.max(axis=1, keepdims=True)
        weights = np.exp(logits)
        result: FloatArray = weights / weights.sum(axis=1, keepdims=True)
        return result


@dataclass(frozen=True, slots=True, kw_only=True)
class GivenShares:
    """Draws supplied by the user, one row per simulation, each row normalised.

    >>> model = GivenShares.of([[3, 1], [1, 1]])
    >>> model.draw(np.random.default_rng(0), 1, 1).tolist()
    [[0.5, 0.5]]
    """

    rows: FloatArray

    @classmethod
    def of(cls, rows: npt.ArrayLike) -> GivenShares:
        """Check every row (finite, non-negative, positive total) and normalise it."""
        matrix = np.asarray(rows, dtype=np.float64)
        if matrix.ndim != 2 or matrix.shape[0] == 0 or matrix.shape[1] == 0:
            raise DataError("draws must be a table with one row per simulation")
        bad = ~np.isfinite(matrix).all(axis=1) | (matrix < 0).any(axis=1)
        bad |= matrix.sum(axis=1) <= 0
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise DataError(
                f"draw {row + 1} must hold finite, non-negative shares with a positive total "
                f"(got {matrix[row].tolist()})"
            )
        return cls(rows=matrix / matrix.sum(axis=1, keepdims=True))

    @property
    def name(self) -> str:
        return "draws"

    def draw(self, rng: np.random.Generator, start: int, count: int) -> FloatArray:
        """Rows ``start`` to ``start + count`` (the generator is unused)."""
        del rng
        result: FloatArray = self.rows[start : start + count]
        return result

    def window(self, start: int, count: int) -> GivenShares:
        """The draws of one span of simulations only, renumbered from 0 (sent to a worker)."""
        return GivenShares(rows=self.rows[start : start + count])


ShareModel = DirichletShares | LogitNormalShares | GivenShares

__all__ = [
    "DirichletShares",
    "GivenShares",
    "LogitNormalShares",
    "ShareModel",
    "normalised",
]
