"""Shpilkin's clean-peak estimate of excess votes for the leader.

Shpilkin (2009, 2011) as described by Kobak, Shpilkin & Pshenichnikov (2016), *Statistical
fingerprints of electoral fraud?*, Significance 13(4):20–23: in a clean election the votes for
the other lists grow with turnout no differently from the leader's. Take the mode ``t0`` of the
voter-weighted turnout histogram (1% bins) as the clean peak; the stations at or below it fix the
clean ratio ``r0 = Σ leader / Σ others``. At every station with a higher turnout the leader is
expected to get ``r0 · others_i``; what it got beyond that is the excess (ballot stuffing and
votes moved from other lists both show here). The estimate assumes the high-turnout stations
would have voted as the peak did: it is an estimate under that model, not a count.

>>> e = clean_peak_excess(np.array([1000, 1000, 1000, 1000]), np.array([500, 510, 505, 900]),
...                       np.array([250, 255, 250, 800]), np.array([250, 255, 255, 100]))
>>> round(e.excess_votes, 1), round(e.clean_share, 3), e.peak_turnout
(700.7, 0.498, 0.51)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Counts = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanPeakExcess:
    """The clean peak, the clean leader share and the excess votes above it."""

    peak_turnout: float
    clean_share: float
    excess_votes: float
    leader_votes: int
    official_share: float
    corrected_share: float

    def as_json(self) -> dict[str, object]:
        return {
            "test": "clean_peak_excess",
            "peak_turnout": round(self.peak_turnout, 4),
            "clean_share": round(self.clean_share, 6),
            "excess_votes": round(self.excess_votes, 1),
            "leader_votes": self.leader_votes,
            "official_share": round(self.official_share, 6),
            "corrected_share": round(self.corrected_share, 6),
        }


def clean_peak_excess(
    registered: Counts, issued: Counts, leader: Counts, others: Counts
) -> CleanPeakExcess:
    """Excess leader votes at stations above the clean turnout peak."""
    registered = np.asarray(registered, dtype=np.int64)
    keep = registered > 0
    turnout = np.minimum(np.asarray(issued)[keep] / registered[keep], 1.0)
    lead = np.asarray(leader, dtype=np.float64)[keep]
    rest = np.asarray(others, dtype=np.float64)[keep]
    weights = registered[keep].astype(np.float64)
    histogram = np.bincount(
        np.minimum((turnout * 100).astype(np.int64), 99), weights=weights, minlength=100
    )
    smooth = np.convolve(histogram, np.ones(3) / 3, mode="same")
    smooth[95:] = 0.0  # the 100% spike is not a clean peak
    peak = (int(np.argmax(smooth)) + 1) / 100
    clean = turnout <= peak
    ratio = lead[clean].sum() / max(rest[clean].sum(), 1.0)
    above = ~clean
    # Summed over the stations above the peak, as Shpilkin sums over turnout bins: station noise
    # cancels instead of being clipped into a spurious excess.
    excess = float((lead[above] - ratio * rest[above]).sum())
    total = float(lead.sum() + rest.sum())
    return CleanPeakExcess(
        peak_turnout=peak,
        clean_share=float(ratio / (1 + ratio)),
        excess_votes=excess,
        leader_votes=int(lead.sum()),
        official_share=float(lead.sum() / total) if total else 0.0,
        corrected_share=float((lead.sum() - excess) / (total - excess)) if total > excess else 0.0,
    )


__all__ = ["CleanPeakExcess", "clean_peak_excess"]
