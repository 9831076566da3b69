"""Tie rules quoted from laws: a chain of criteria, each deciding what the one before left open.

Lebanon, Law 44/2017 art. 99: equal remainders go to the list with more seats, then to the list
whose candidate has more preferential votes, then by lot; equal candidates go to the older one,
then by lot. A lot is drawn reproducibly from the seed the tabulation is given; with no seed the
tie is reported, never resolved silently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from hemicycle.core.ties import Lot
from hemicycle.errors import TieError
from hemicycle.types import UnitId

Key = Mapping[UnitId, Fraction | int | None]


@dataclass(frozen=True, slots=True, kw_only=True)
class ChainTieBreak:
    """Break ties by ``keys`` in order (higher value wins); ``lot`` and ``refuse`` end a chain.

    ``tables`` gives the value of each unit under each named key; ``votes`` is taken from the
    allocation itself. A key is passed over when a tied unit has no value under it (``None``,
    such as an unknown birth date).

    >>> rule = ChainTieBreak(keys=("more_seats", "lot"), seed="7",
    ...                      tables={"more_seats": {"A": 2, "B": 3, "C": 3}})
    >>> rule.choose(["A", "B", "C"], 1, seat=5, votes={"A": 1, "B": 1, "C": 1})
    ('B',)
    >>> rule.name
    'more_seats, lot:7'
    """

    keys: tuple[str, ...]
    seed: str | None = None
    tables: Mapping[str, Key] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return ", ".join(f"lot:{self.seed}" if key == "lot" else key for key in self.keys)

    def choose(
        self, tied: Sequence[UnitId], places: int, *, seat: int, votes: Mapping[UnitId, int]
    ) -> tuple[UnitId, ...]:
        pending = list(tied)
        chosen: list[UnitId] = []
        for key in self.keys:
            if places == 0:
                break
            if key == "lot":
                if self.seed is None:
                    raise TieError(frozenset(pending), seat=seat + len(chosen), places=places)
                chosen.extend(Lot(self.seed).choose(pending, places, seat=seat, votes=votes))
                return tuple(chosen)
            if key == "refuse":
                break
            table: Key = votes if key == "votes" else self.tables.get(key, {})
            values = {unit: table.get(unit) for unit in pending}
            if any(value is None for value in values.values()):
                continue
            ranked = sorted(pending, key=lambda unit: -Fraction(values[unit] or 0))
            boundary = values[ranked[places - 1]]
            above = [
                unit for unit in ranked if Fraction(values[unit] or 0) > Fraction(boundary or 0)
            ]
            level = [unit for unit in ranked if values[unit] == boundary]
            chosen.extend(above)
            places -= len(above)
            if places == len(level):
                chosen.extend(level)
                places = 0
            pending = level
        if places:
            raise TieError(frozenset(pending), seat=seat + len(chosen), places=places)
        return tuple(chosen)


def candidate_tables(
    keys: Sequence[str], ranks: Mapping[str, int | None], birth: Mapping[str, int | None]
) -> dict[str, Key]:
    """Tables for candidate ties: ``rank`` (a better place is a larger value) and ``older``."""
    tables: dict[str, Key] = {}
    if "rank" in keys:
        tables["rank"] = {name: None if r is None else -r for name, r in ranks.items()}
    if "older" in keys:
        tables["older"] = {name: None if b is None else -b for name, b in birth.items()}
    return tables


__all__ = ["ChainTieBreak", "candidate_tables"]
