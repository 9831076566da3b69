"""The station × digit table behind the digit tests' variance is built a block of stations at
a time; the sum does not depend on the blocks."""

from __future__ import annotations

import numpy as np
import pytest

from hemicycle.forensics import digits


@pytest.mark.parametrize("size", [10, 100])
def test_blocks_of_stations_give_the_same_sum_of_squares(
    size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(size)
    redraws = rng.integers(-1, size, (20, 5_000))  # -1: a redraw without the digit
    keep = rng.random(5_000) > 0.1
    weight = rng.random(5_000)
    whole = digits._sum_of_squares(redraws, weight, size, keep)
    monkeypatch.setattr(digits, "_TABLE_CELLS", 7 * size)  # blocks of 7 stations
    blocked = digits._sum_of_squares(redraws, weight, size, keep)
    np.testing.assert_allclose(blocked, whole, rtol=1e-12)
    # and both are Σ_i p̂_i p̂_iᵀ computed station by station
    direct = np.zeros((size, size))
    for i in np.flatnonzero(keep)[:400]:
        row = redraws[:, i]
        p = np.bincount(row[row >= 0], minlength=size) * weight[i]
        direct += np.outer(p, p)
    monkeypatch.setattr(digits, "_TABLE_CELLS", 1 << 21)
    first = np.flatnonzero(keep)[:400]
    mask = np.zeros(5_000, dtype=bool)
    mask[first] = True
    np.testing.assert_allclose(digits._sum_of_squares(redraws, weight, size, mask), direct)
