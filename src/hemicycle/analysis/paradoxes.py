"""Census-apportionment paradoxes of any registered method, found by exact apportionment.

- Alabama paradox: a state loses a seat when the house grows by one seat (house monotonicity;
  the Census Office's tables for the 1880 census gave Alabama 8 of 299 seats and 7 of 300
  under Hamilton's method with every state given at least one seat, as its chief clerk
  C. W. Seaton reported to Congress).
- Population paradox: between two censuses a state whose population grew at a higher rate than
  another's loses a seat while the other gains one (Balinski & Young, *Fair Representation*,
  1982, ch. 6: population monotonicity; Virginia and Maine in 1900).
- New-state paradox: admitting a state with the seats its population is worth at the old
  divisor changes the seats of the others (Oklahoma, 1907: New York lost a seat to Maine).

Balinski & Young (1982, Theorem 6.1 and ch. 6) show that divisor methods never show the
Alabama or population paradox and that largest-remainder methods can; the scan here lists
every occurrence over a range of house sizes, whatever the method.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from hemicycle.core.counts import whole_counts
from hemicycle.core.methods import apportion
from hemicycle.core.result import fraction_text
from hemicycle.core.ties import REFUSE, TieBreak
from hemicycle.errors import DataError
from hemicycle.types import UnitId


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """A registered method and the options it runs with.

    Attributes:
        method: a method id (``hare``, ``huntington_hill``…).
        first_divisor: first divisor of ``modified_sainte_lague``.
        min_seats: seats every state receives at least (the US House gives one).
        tie_break: rule for ties (``refuse`` raises a TieError).
    """

    method: str
    first_divisor: Fraction | int | str | None = None
    min_seats: int | None = None
    tie_break: str | TieBreak | None = REFUSE

    def seats(self, populations: Mapping[UnitId, int], house_size: int) -> dict[UnitId, int]:
        """The apportionment of ``house_size`` seats."""
        allocation = apportion(
            populations,
            house_size,
            method=self.method,
            first_divisor=self.first_divisor,
            min_seats=self.min_seats,
            tie_break=self.tie_break,
        )
        return dict(allocation.seats)


@dataclass(frozen=True, slots=True, kw_only=True)
class AlabamaParadox:
    """A state with fewer seats in a house of ``house_size + 1`` than of ``house_size``."""

    house_size: int
    state: UnitId
    seats: int
    seats_after: int

    def as_json(self) -> dict[str, object]:
        return {
            "house_size": self.house_size,
            "state": self.state,
            "seats": self.seats,
            "seats_after": self.seats_after,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class PopulationParadox:
    """``loser`` grew at a rate at least ``winner``'s yet lost a seat while ``winner`` gained.

    Growth is the ratio of the new population to the old one.
    """

    house_size: int
    loser: UnitId
    winner: UnitId
    loser_growth: Fraction
    winner_growth: Fraction
    loser_seats: tuple[int, int]
    winner_seats: tuple[int, int]

    def as_json(self) -> dict[str, object]:
        return {
            "house_size": self.house_size,
            "loser": self.loser,
            "winner": self.winner,
            "loser_growth": fraction_text(self.loser_growth),
            "winner_growth": fraction_text(self.winner_growth),
            "loser_seats": list(self.loser_seats),
            "winner_seats": list(self.winner_seats),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class NewStateParadox:
    """Admitting ``new`` states with ``added_seats`` seats into a house of ``house_size``
    changed the seats of existing states (``changes``: state → (before, after))."""

    house_size: int
    new: tuple[UnitId, ...]
    added_seats: int
    new_seats: Mapping[UnitId, int]
    changes: Mapping[UnitId, tuple[int, int]]

    def as_json(self) -> dict[str, object]:
        return {
            "house_size": self.house_size,
            "new": list(self.new),
            "added_seats": self.added_seats,
            "new_seats": dict(self.new_seats),
            "changes": {state: list(pair) for state, pair in self.changes.items()},
        }


def _sizes(house_sizes: Iterable[int]) -> list[int]:
    sizes = sorted(set(house_sizes))
    if not sizes or sizes[0] < 0:
        raise DataError("house sizes must be one or more non-negative whole numbers")
    return sizes


def alabama(
    populations: Mapping[UnitId, int], house_sizes: Iterable[int], rule: Rule
) -> tuple[AlabamaParadox, ...]:
    """Every Alabama paradox between a house size ``h`` of ``house_sizes`` and ``h + 1``.

    Hamilton's method (``hare``) on three states (Balinski & Young 1982, ch. 5):

    >>> [(p.house_size, p.state, p.seats, p.seats_after)
    ...  for p in alabama({"A": 6, "B": 6, "C": 2}, range(10, 12), Rule(method="hare"))]
    [(10, 'C', 2, 1)]
    """
    checked = whole_counts(populations, "population")
    sizes = _sizes(house_sizes)
    cache: dict[int, dict[UnitId, int]] = {}

    def seats(h: int) -> dict[UnitId, int]:
        if h not in cache:
            cache[h] = rule.seats(checked, h)
        return cache[h]

    found: list[AlabamaParadox] = []
    for h in sizes:
        before, after = seats(h), seats(h + 1)
        found.extend(
            AlabamaParadox(house_size=h, state=s, seats=before[s], seats_after=after[s])
            for s in checked
            if after[s] < before[s]
        )
    return tuple(found)


def population_paradox(
    before: Mapping[UnitId, int],
    after: Mapping[UnitId, int],
    house_sizes: Iterable[int],
    rule: Rule,
) -> tuple[PopulationParadox, ...]:
    """Every population paradox between two censuses of the same states, for each house size.

    A pair (loser, winner) is listed when ``after[loser]/before[loser] ≥
    after[winner]/before[winner]``, the loser's seats fall and the winner's rise (Balinski &
    Young 1982, ch. 6).

    >>> [(p.loser, p.winner, p.loser_seats, p.winner_seats) for p in population_paradox(
    ...     {"A": 23527, "B": 5548, "C": 70925}, {"A": 23926, "B": 5648, "C": 71110},
    ...     [100], Rule(method="hare"))]
    [('B', 'A', (6, 5), (23, 24))]
    """
    old = whole_counts(before, "population before")
    new = whole_counts(after, "population after")
    if set(old) != set(new):
        missing = sorted(set(old) ^ set(new))
        raise DataError(f"both censuses must list the same states (differ on {missing[0]!r})")
    for name in old:
        if old[name] == 0:
            raise DataError(f"population before of {name!r} is 0: its growth rate is undefined")
    growth = {name: Fraction(new[name], old[name]) for name in old}
    found: list[PopulationParadox] = []
    for h in _sizes(house_sizes):
        was, now = rule.seats(old, h), rule.seats(new, h)
        losers = [s for s in old if now[s] < was[s]]
        winners = [s for s in old if now[s] > was[s]]
        found.extend(
            PopulationParadox(
                house_size=h,
                loser=i,
                winner=j,
                loser_growth=growth[i],
                winner_growth=growth[j],
                loser_seats=(was[i], now[i]),
                winner_seats=(was[j], now[j]),
            )
            for i in losers
            for j in winners
            if growth[i] >= growth[j]
        )
    return tuple(found)


def fair_share(
    populations: Mapping[UnitId, int], house_size: int, new: Mapping[UnitId, int]
) -> int:
    """Seats the new states are worth at the old standard divisor: ``⌊h · P_new / P_old⌋``.

    >>> fair_share({"A": 9450, "B": 90550}, 100, {"C": 10400})
    10
    """
    total = sum(populations.values())
    if total == 0:
        raise DataError("the existing states have no population: the divisor is undefined")
    return house_size * sum(new.values()) // total


def new_state_paradox(
    populations: Mapping[UnitId, int],
    new: Mapping[UnitId, int],
    house_sizes: Iterable[int],
    rule: Rule,
    *,
    added_seats: int | None = None,
) -> tuple[NewStateParadox, ...]:
    """For each house size, admit the ``new`` states with their fair share of added seats
    (:func:`fair_share`, or ``added_seats``) and list the existing states whose seats change.

    Only house sizes where some existing state changes are returned.

    >>> [dict(p.changes) for p in new_state_paradox({"A": 9450, "B": 90550}, {"C": 10400},
    ...                                              [100], Rule(method="hare"))]
    [{'A': (9, 10), 'B': (91, 90)}]
    """
    old = whole_counts(populations, "population")
    added = whole_counts(new, "population of the new state")
    if not added:
        raise DataError("give at least one new state")
    clash = [name for name in added if name in old]
    if clash:
        raise DataError(f"new state {clash[0]!r} is already among the states")
    found: list[NewStateParadox] = []
    for h in _sizes(house_sizes):
        extra = fair_share(old, h, added) if added_seats is None else added_seats
        was = rule.seats(old, h)
        now = rule.seats({**old, **added}, h + extra)
        changes = {s: (was[s], now[s]) for s in old if now[s] != was[s]}
        if changes:
            found.append(
                NewStateParadox(
                    house_size=h,
                    new=tuple(added),
                    added_seats=extra,
                    new_seats={s: now[s] for s in added},
                    changes=changes,
                )
            )
    return tuple(found)


__all__ = [
    "AlabamaParadox",
    "NewStateParadox",
    "PopulationParadox",
    "Rule",
    "alabama",
    "fair_share",
    "new_state_paradox",
    "population_paradox",
]
