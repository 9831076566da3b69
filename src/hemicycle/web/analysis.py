"""What the web app shows about an outcome's seats: voting power, coalitions, offices and
disproportionality. Each call runs the library; no arithmetic here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hemicycle.analysis.coalitions import Coalition, connected_winning, minimal_winning
from hemicycle.analysis.disproportionality import (
    Disproportionality,
    disproportionality,
    list_votes,
)
from hemicycle.analysis.games import WeightedGame
from hemicycle.analysis.power import INDICES, power
from hemicycle.core.offices import OfficeAllocation, allocate_offices
from hemicycle.core.result import fraction_text
from hemicycle.errors import DataError
from hemicycle.io.audit_log import Database
from hemicycle.io.store import StoredOutcome
from hemicycle.report.outcome import MAX_POWER_PLAYERS
from hemicycle.web import tabulation

INDEX_IDS = tuple(index.id for index in INDICES)
"""Power indices offered on the power page."""

MAX_OFFICES = 1000


@dataclass(frozen=True, slots=True, kw_only=True)
class SeatPower:
    """Power of each list with seats under one index and quota, and the winning coalitions."""

    index: str
    quota: int
    total: int
    weights: Mapping[str, int]
    values: Mapping[str, str]
    minimal_winning: tuple[Coalition, ...]
    connected: tuple[Coalition, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "quota": self.quota,
            "total": self.total,
            "weights": dict(self.weights),
            "values": dict(self.values),
            "minimal_winning": [
                {"members": list(c.members), "weight": c.weight} for c in self.minimal_winning
            ],
            "minimal_connected": [
                {"members": list(c.members), "weight": c.weight} for c in self.connected
            ],
        }


def seat_power(
    seats: Mapping[str, int], *, quota: str = "majority", index: str = "banzhaf", axis: str = ""
) -> SeatPower:
    """The weighted game of the seats (lists without seats left out) and its power index.

    ``axis`` (names, comma-separated, left to right) adds Axelrod's minimal connected winning
    coalitions.
    """
    weights = {name: int(n) for name, n in seats.items() if n}
    if len(weights) > MAX_POWER_PLAYERS:
        raise DataError(
            f"{len(weights)} lists hold seats; exact indices are computed for at most "
            f"{MAX_POWER_PLAYERS}"
        )
    game = WeightedGame.of(weights, quota.strip() or "majority")
    result = power(game, index)
    order = [name.strip() for name in axis.split(",") if name.strip()]
    connected = connected_winning(game, order, minimal=True) if order else []
    return SeatPower(
        index=result.index,
        quota=game.quota,
        total=game.total,
        weights=weights,
        values={name: fraction_text(v) for name, v in result.values.items()},
        minimal_winning=tuple(minimal_winning(game)),
        connected=tuple(connected),
    )


def outcome_disproportionality(db: Database, stored: StoredOutcome) -> Disproportionality:
    """The indices of an outcome's seats against its election's votes per list (lists with
    seats but no votes count with 0 votes)."""
    if stored.election is None:
        raise DataError(f"outcome {stored.id} names no election: its votes are unknown")
    votes = list_votes(tabulation.election_results(db, stored.election))
    seats = {name: int(n) for name, n in stored.outcome["seats"].items()}
    return disproportionality({**dict.fromkeys(seats, 0), **votes}, seats)


def seat_offices(
    db: Database,
    stored: StoredOutcome,
    *,
    count: int | None,
    method: str = "dhondt",
    offices: str = "",
) -> OfficeAllocation:
    """Offices filled one by one from an outcome's seats; equal figures are recalculated with
    the lists' votes (Northern Ireland Act 1998 s.18(6)) when the election is known."""
    names = [line.strip() for line in offices.splitlines() if line.strip()]
    if count is not None and not 1 <= count <= MAX_OFFICES:
        raise DataError(f"the number of offices must be from 1 to {MAX_OFFICES} (got {count})")
    tie_votes = None
    if stored.election is not None:
        tie_votes = list_votes(tabulation.election_results(db, stored.election))
    seats = {name: int(n) for name, n in stored.outcome["seats"].items() if n}
    return allocate_offices(
        seats,
        count=None if names else count,
        offices=names or None,
        method=method,
        tie_votes={k: v for k, v in (tie_votes or {}).items() if k in seats} or None,
    )


__all__ = [
    "INDEX_IDS",
    "MAX_OFFICES",
    "SeatPower",
    "outcome_disproportionality",
    "seat_offices",
    "seat_power",
]
