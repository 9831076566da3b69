"""Election fingerprints: the 2-D histogram of turnout against the leader's share.

Klimek, Yegorov, Hanel & Thurner (2012), PNAS 109(41):16469–16473: clean elections give one
compact, roughly Gaussian cloud; ballot stuffing drags a smear towards (100%, 100%). Turnout is
``issued / registered`` and the leader's share ``leader / cast`` (Kobak et al. 2016 use the same
fractions); stations without voters or ballots are left out. Weights are stations or voters.

>>> f = fingerprint(np.array([100, 200]), np.array([50, 150]), np.array([50, 150]),
...                 np.array([25, 150]), bins=4)
>>> f.counts.tolist()
[[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Counts = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, kw_only=True)
class Fingerprint:
    """``counts[i, j]``: weight of stations with turnout in bin ``i`` and share in bin ``j``."""

    counts: npt.NDArray[np.float64]
    edges: npt.NDArray[np.float64]
    weights: str
    stations: int

    def as_json(self) -> dict[str, object]:
        return {
            "bins": int(self.counts.shape[0]),
            "weights": self.weights,
            "stations": self.stations,
            "counts": self.counts.tolist(),
        }


def fingerprint(
    registered: Counts,
    issued: Counts,
    cast: Counts,
    leader: Counts,
    *,
    bins: int = 100,
    weights: str = "stations",
) -> Fingerprint:
    """The turnout × leader-share histogram with ``bins`` equal bins on [0, 1] each way."""
    if weights not in ("stations", "voters"):
        raise ValueError(f"weights must be 'stations' or 'voters' (got {weights!r})")
    registered = np.asarray(registered, dtype=np.int64)
    keep = (registered > 0) & (np.asarray(cast) > 0)
    turnout = np.minimum(np.asarray(issued)[keep] / registered[keep], 1.0)
    share = np.minimum(np.asarray(leader)[keep] / np.asarray(cast)[keep], 1.0)
    row = np.minimum((turnout * bins).astype(np.int64), bins - 1)
    column = np.minimum((share * bins).astype(np.int64), bins - 1)
    weight = registered[keep].astype(np.float64) if weights == "voters" else None
    flat = np.bincount(row * bins + column, weights=weight, minlength=bins * bins)
    return Fingerprint(
        counts=flat.reshape(bins, bins).astype(np.float64),
        edges=np.linspace(0.0, 1.0, bins + 1),
        weights=weights,
        stations=int(keep.sum()),
    )


__all__ = ["Fingerprint", "fingerprint"]
