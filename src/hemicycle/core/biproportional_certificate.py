"""Short divisors for a biproportional seat matrix: the certificate as people would publish it.

Any divisors that round every cell to its seats certify the matrix, and there is a whole range of
them. Zurich publishes district divisors as whole numbers and party divisors near 1 (Stadt
Zürich, Gemeinderatswahl 2018: "Wahlkreisdivisor 9 870", "Listengruppendivisor 1,0708"). This
module picks such divisors: each line in turn (parties first, from divisors scaled so that the
middle one is 1, then districts) gets the simplest fraction strictly inside the interval of
divisors that keeps its cells' seats given the other side's divisors. Strictly inside means no
cell lands on a signpost, so the certificate stays unambiguous; lines holding a tie keep their
divisors, which the tie pins.

The intervals are exact; floating point only narrows down which cells bind each end of them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from fractions import Fraction

import numpy as np

from hemicycle.core.biproportional_rounding import Signposts, simplest_between

# Cells whose float bound is within this factor of a line's float extreme are checked exactly.
_NEAR = 1e-9


def _refit(
    weights: Sequence[Sequence[int]],
    seats: Sequence[Sequence[int]],
    crossing: Sequence[Fraction],
    signposts: Signposts,
    pinned: Collection[int],
    current: list[Fraction],
) -> list[Fraction]:
    """New divisors of the lines (rows of ``weights``) given the crossing lines' divisors."""
    w = np.array(weights, dtype=np.float64).reshape(len(weights), len(crossing))
    n = np.array(seats, dtype=np.int64).reshape(w.shape)
    table = signposts.floats(int(n.max(initial=0)) + 2)
    other = np.array([float(x) for x in crossing], dtype=np.float64)
    positive = w > 0
    upper = table[n]
    lower = np.where(n > 0, table[np.maximum(n - 1, 0)], 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        lows = np.where(positive, w / (other[None, :] * upper), 0.0)
        highs = np.where(positive & (lower > 0), w / (other[None, :] * lower), np.inf)
    with np.errstate(invalid="ignore"):
        near_low = positive & (lows >= lows.max(axis=1, initial=0.0)[:, None] * (1 - _NEAR))
        near_high = highs <= highs.min(axis=1, initial=np.inf)[:, None] * (1 + _NEAR)
    near_high &= np.isfinite(highs)
    low: dict[int, Fraction] = {}
    for line, k in zip(*(axis.tolist() for axis in np.nonzero(near_low)), strict=True):
        value = weights[line][k] / (crossing[k] * signposts.at(seats[line][k]))
        low[line] = max(low.get(line, value), value)
    high: dict[int, Fraction] = {}
    for line, k in zip(*(axis.tolist() for axis in np.nonzero(near_high)), strict=True):
        value = weights[line][k] / (crossing[k] * signposts.at(seats[line][k] - 1))
        high[line] = min(high.get(line, value), value)
    result = list(current)
    for line in range(w.shape[0]):
        if line not in pinned:
            result[line] = simplest_between(low.get(line, Fraction(0)), high.get(line))
    return result


def _transpose(matrix: Sequence[Sequence[int]], width: int) -> list[list[int]]:
    return [[line[j] for line in matrix] for j in range(width)]


def short_divisors(
    weights: Sequence[Sequence[int]],
    seats: Sequence[Sequence[int]],
    party: Sequence[Fraction],
    district: Sequence[Fraction],
    signposts: Signposts,
    *,
    pinned_rows: Collection[int] = (),
    pinned_cols: Collection[int] = (),
) -> tuple[list[Fraction], list[Fraction]]:
    """Party and district divisors, each the simplest fraction that keeps every cell's seats.

    ``weights`` are the votes (squared for Huntington-Hill), rows parties and columns
    districts; ``party`` and ``district`` are divisors that certify ``seats`` with no cell on a
    signpost outside the pinned lines. The divisors are first scaled so that the middle party
    divisor is 1.

    >>> from hemicycle.core.divisors import SAINTE_LAGUE
    >>> party, district = short_divisors([[60, 20], [40, 80]], [[2, 1], [2, 3]],
    ...     [Fraction(1), Fraction(1)], [Fraction(25), Fraction(25)], Signposts(SAINTE_LAGUE))
    >>> [str(p) for p in party], [str(d) for d in district]
    (['1', '1'], ['25', '23'])
    """
    middle = sorted(party)[(len(party) - 1) // 2]
    parties = [p / middle for p in party]
    districts = [d * middle for d in district]
    columns = len(districts)
    by_district = _transpose(weights, columns)
    seats_by_district = _transpose(seats, columns)
    for stage in ("party", "district"):
        if stage == "district":
            districts = _refit(
                by_district, seats_by_district, parties, signposts, pinned_cols, districts
            )
        else:
            parties = _refit(weights, seats, districts, signposts, pinned_rows, parties)
    return parties, districts


__all__ = ["short_divisors"]
