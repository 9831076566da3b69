"""Multiple-testing control: Benjamini & Hochberg (1995) false discovery rate.

With ``m`` p-values sorted ``p_(1) ≤ … ≤ p_(m)``, reject the ``k`` smallest where ``k`` is the
largest ``i`` with ``p_(i) ≤ i·q/m``. The adjusted p-value (q-value) of ``p_(i)`` is
``min_{j ≥ i} m·p_(j)/j`` capped at 1; a hypothesis is rejected at level ``q`` iff its adjusted
p-value is at most ``q``. NaN p-values (tests refused) are left out and stay NaN.

>>> [round(x, 3) for x in benjamini_hochberg([0.01, 0.04, 0.03, 0.005])]
[0.02, 0.04, 0.04, 0.02]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Benjamini–Hochberg adjusted p-values, in the order given."""
    p = np.asarray(p_values, dtype=np.float64)
    out = np.full(p.shape, np.nan)
    present = np.flatnonzero(np.isfinite(p))
    m = present.size
    if m == 0:
        return [float(x) for x in out]
    order = present[np.argsort(p[present], kind="stable")]
    ranked = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum(np.minimum.accumulate(ranked[::-1])[::-1], 1.0)
    out[order] = adjusted
    return [float(x) for x in out]


def rejected(p_values: Sequence[float], q: float = 0.05) -> list[bool]:
    """Which hypotheses the Benjamini–Hochberg procedure rejects at false discovery rate ``q``.

    Applies the step-up rule ``p_(i) ≤ i·q/m`` itself (comparing ``m·p_(i) ≤ i·q``), so that a
    p-value exactly on the line is rejected whatever the rounding of the adjusted values.
    """
    p = np.asarray(p_values, dtype=np.float64)
    present = np.flatnonzero(np.isfinite(p))
    m = present.size
    out = [False] * p.size
    order = present[np.argsort(p[present], kind="stable")]
    passing = np.flatnonzero(p[order] * m <= np.arange(1, m + 1) * q)
    if passing.size:
        for i in order[: passing[-1] + 1]:
            out[int(i)] = True
    return out


__all__ = ["benjamini_hochberg", "rejected"]
