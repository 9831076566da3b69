"""Outlier stations: robust z-scores within each region, 100% turnout, 100% for one list.

The robust z-score of a station's turnout (or leader's share) is
``(x − median_region) / (1.4826 · MAD_region)`` (Iglewicz & Hoaglin 1993; 1.4826 makes the MAD
estimate a normal standard deviation). Stations beyond ``threshold`` (5 by default) are listed,
as are stations reporting a turnout of exactly 100% or every valid vote for one list. A region
whose MAD is zero has no z-scores.

>>> found = outlier_stations(regions=np.array(["A"] * 6, dtype=object),
...     registered=np.array([1000] * 6), issued=np.array([500, 510, 490, 505, 495, 1000]),
...     cast=np.array([500, 510, 490, 505, 495, 1000]),
...     valid=np.array([500, 510, 490, 505, 495, 1000]),
...     votes=np.array([[250, 250], [255, 255], [245, 245], [250, 255], [245, 250], [1000, 0]]),
...     leader=0)
>>> [(o.station, o.reason) for o in found]  # doctest: +NORMALIZE_WHITESPACE
[(5, 'leader share z-score'), (5, 'one list has every valid vote'),
 (5, 'turnout 100%'), (5, 'turnout z-score')]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Counts = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, kw_only=True)
class Outlier:
    """One reason a station stands out; ``z`` is NaN for the 100% rules."""

    station: int
    region: str
    reason: str
    value: float
    z: float

    def as_json(self) -> dict[str, object]:
        return {
            "station": self.station,
            "region": self.region,
            "reason": self.reason,
            "value": round(self.value, 6),
            "z": None if np.isnan(self.z) else round(self.z, 3),
        }


def robust_z(
    values: npt.NDArray[np.float64], groups: npt.NDArray[np.object_]
) -> npt.NDArray[np.float64]:
    """Robust z-scores of ``values`` within each group (NaN where the group's MAD is 0)."""
    out = np.full(values.shape, np.nan)
    labels, index = np.unique(groups.astype(str), return_inverse=True)
    for g in range(labels.size):
        members = index == g
        x = values[members]
        finite = np.isfinite(x)
        if finite.sum() < 3:
            continue
        median = np.median(x[finite])
        mad = 1.4826 * np.median(np.abs(x[finite] - median))
        if mad > 0:
            out[members] = (x - median) / mad
    return out


def outlier_stations(
    *,
    regions: npt.NDArray[np.object_],
    registered: Counts,
    issued: Counts,
    cast: Counts,
    valid: Counts,
    votes: npt.NDArray[np.int64],
    leader: int,
    threshold: float = 5.0,
) -> tuple[Outlier, ...]:
    """Every outlying station and why, ordered by station."""
    with np.errstate(divide="ignore", invalid="ignore"):
        turnout = np.where(registered > 0, issued / registered, np.nan)
        share = np.where(cast > 0, votes[:, leader] / cast, np.nan)
    found: list[Outlier] = []
    for name, values in (("turnout", turnout), ("leader share", share)):
        z = robust_z(values, regions)
        for i in np.flatnonzero(np.abs(np.nan_to_num(z)) > threshold):
            found.append(
                Outlier(
                    station=int(i),
                    region=str(regions[i]),
                    reason=f"{name} z-score",
                    value=float(values[i]),
                    z=float(z[i]),
                )
            )
    full = np.flatnonzero((registered > 0) & (issued == registered))
    found.extend(
        Outlier(station=int(i), region=str(regions[i]), reason="turnout 100%", value=1.0, z=np.nan)
        for i in full
    )
    unanimous = np.flatnonzero((valid > 0) & (votes.max(axis=1) == valid))
    found.extend(
        Outlier(
            station=int(i),
            region=str(regions[i]),
            reason="one list has every valid vote",
            value=1.0,
            z=np.nan,
        )
        for i in unanimous
    )
    return tuple(sorted(found, key=lambda o: (o.station, o.reason)))


__all__ = ["Outlier", "outlier_stations", "robust_z"]
