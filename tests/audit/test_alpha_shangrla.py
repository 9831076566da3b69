"""ALPHA and shrink-trunc against SHANGRLA's reference implementation (P. B. Stark et al.,
github.com/pbstark/SHANGRLA, ``shangrla/tests/test_NonnegMean.py``: ``test_shrink_trunc``,
``test_alpha_mart``, ``test_sample_size``).

The shrink-trunc estimates for the two ten-ballot sequences are SHANGRLA's printed output for
``NonnegMean(N=10, t=1/2, u=1, d=10, f=0, eta=0.51, c=(eta - t)/2).shrink_trunc(x)``, as
recorded in the rlauxe port's comparison tests (``TestShrinkTrunc.kt``).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from hemicycle.audit.alpha import ShrinkTrunc, alpha_risk, shrink_trunc

LEADING_ZEROS = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
LEADING_ONES = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
SHANGRLA_LEADING_ZEROS = [0.51, 0.55706311, 0.62644338, 0.71567246, 0.83466964, 1, 1, 1, 1, 1]
SHANGRLA_LEADING_ONES = [0.51, 0.55454545, 0.59166667, 0.62307692, 0.65, 0.67333333, 0.63125,
                         0.59411765, 0.56111111, 0.53157895]  # fmt: skip


@pytest.mark.parametrize(
    ("values", "expected"),
    [(LEADING_ZEROS, SHANGRLA_LEADING_ZEROS), (LEADING_ONES, SHANGRLA_LEADING_ONES)],
)
def test_shrink_trunc_matches_shangrla_output(values: list[int], expected: list[float]) -> None:
    estimates = shrink_trunc(
        values, upper=1, estimator=ShrinkTrunc(eta=0.51, d=10), population=len(values)
    )
    np.testing.assert_allclose(estimates, expected, atol=5e-9)


@pytest.mark.parametrize("eta", [0.51, 0.55, 0.6])
@pytest.mark.parametrize("population", [None, 20])
def test_shrink_trunc_is_shangrlas_formula(eta: float, population: int | None) -> None:
    """SHANGRLA's test_shrink_trunc: η_j = min(u(1 − ε), max((dη + S)/(d + j − 1), m_j +
    c/√(d + j − 1))), with m_j = t drawing with replacement (N = ∞)."""
    t, d, c = 0.5, 10, (eta - 0.5) / 2
    x = np.random.default_rng(5).integers(0, 2, 20)
    expected = []
    for j in range(1, 21):
        total = float(x[: j - 1].sum())
        m = t if population is None else (population * t - total) / (population - j + 1)
        expected.append(
            min(max((d * eta + total) / (d + j - 1), m + c / math.sqrt(d + j - 1)), 1 - 2**-52)
        )
    estimates = shrink_trunc(
        x.tolist(), upper=1, estimator=ShrinkTrunc(eta=eta, d=d), population=population
    )
    np.testing.assert_allclose(estimates, expected, rtol=1e-12)


def test_alpha_mart_reference_cases() -> None:
    """SHANGRLA's test_alpha_mart."""
    estimator = ShrinkTrunc(eta=0.6)
    # Every value 1/2 against a null mean of 1/2: no evidence, risk 1.
    assert alpha_risk([0.5] * 5, upper=1, estimator=estimator, population=10**6) == 1.0
    # The same values against a null mean of 0.0001: the risk falls below it after one draw.
    tiny = ShrinkTrunc(eta=0.3)
    for k in range(2, 6):
        risk = alpha_risk([0.5] * k, upper=1, estimator=tiny, population=10**6, null_mean=1e-4)
        assert risk < 1e-4
        wide = [0.6, 0.8, 1.0, 1.2, 1.4][:k]
        assert alpha_risk(wide, upper=2, estimator=tiny, population=10**6, null_mean=1e-4) < 1e-4
    # N = 7, t = 3/7: four ones exceed N·t = 3, so the null is refuted (risk 0) ...
    s1 = [1, 0, 1, 1, 0, 0, 1]
    s2 = [1, 0, 1, 1, 0, 0, 0]
    guess = ShrinkTrunc(eta=0.6)
    risk1 = alpha_risk(s1, upper=1, estimator=guess, population=7, null_mean=3 / 7)
    assert risk1 == 0.0
    # ... and a sequence that differs only in its last value has the same risks before it.
    for k in range(1, 7):
        kwargs = {"upper": 1, "estimator": guess, "population": 7, "null_mean": 3 / 7}
        assert alpha_risk(s1[:k], **kwargs) == alpha_risk(s2[:k], **kwargs)  # type: ignore[arg-type]
    assert alpha_risk(s2, upper=1, estimator=guess, population=7, null_mean=3 / 7) > 0


@pytest.mark.parametrize(("value", "size"), [(1.0, 8), (0.75, 14)])
def test_fixed_alternative_sample_sizes(value: float, size: int) -> None:
    """SHANGRLA's test_sample_size: ALPHA with a fixed alternative η = 0.75 (here an infinite
    shrinkage weight), N = 1000, α = 0.05: all-ones samples stop at 8 draws, ((0.75/0.5)·1)^8 =
    25.6 > 20; values of 0.75 at 14, (1.5·0.75 + 0.5·0.25)^14 = 22.7 > 20."""
    fixed = ShrinkTrunc(eta=0.75, d=1e15)
    risks = [
        alpha_risk([value] * n, upper=1, estimator=fixed, population=1000) for n in (size - 1, size)
    ]
    assert risks[0] > 0.05 >= risks[1]
