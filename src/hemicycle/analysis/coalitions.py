"""Coalitions: minimal winning, minimal blocking, and connected on a left–right axis.

A winning coalition is *minimal* when every member is needed (von Neumann & Morgenstern
1944; Riker, *The Theory of Political Coalitions*, 1962). A coalition *blocks* when the others
cannot win without it; minimal blocking coalitions are the minimal winning coalitions of the
dual game. On an ordered axis, a coalition is *connected* when it has no gap, and *minimal
connected winning* when dropping either end loses (Axelrod, *Conflict of Interest*, 1970).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hemicycle.analysis.counting import coalition_sizes, critical_coalitions
from hemicycle.analysis.games import Game, WeightedGame
from hemicycle.errors import DataError


@dataclass(frozen=True, slots=True, kw_only=True)
class Coalition:
    """A coalition: its members in the game's order and its total weight, when weighted."""

    members: tuple[str, ...]
    weight: int | None = None


def _weight(game: Game, members: Sequence[str]) -> int | None:
    if not isinstance(game, WeightedGame):
        return None
    weights = game.weights
    index = {p: i for i, p in enumerate(game.players)}
    return sum(weights[index[m]] for m in members)


def _minimal_masks(game: Game) -> list[int]:
    table = game.winning_table()
    n = game.n
    count = np.zeros(2**n, dtype=np.int8)
    for player in range(n):
        count += critical_coalitions(table, player)
    minimal = table & (count == coalition_sizes(n))
    return [int(m) for m in np.flatnonzero(minimal)]


def _as_coalitions(game: Game, masks: list[int]) -> list[Coalition]:
    found = []
    for mask in masks:
        members = tuple(p for i, p in enumerate(game.players) if mask >> i & 1)
        found.append(Coalition(members=members, weight=_weight(game, members)))
    found.sort(key=lambda c: (len(c.members), -(c.weight or 0), c.members))
    return found


def minimal_winning(game: Game) -> list[Coalition]:
    """Every minimal winning coalition, smallest first, then heaviest.

    >>> from hemicycle.analysis.games import WeightedGame
    >>> game = WeightedGame.of({"A": 45, "B": 35, "C": 20}, "majority")
    >>> [c.members for c in minimal_winning(game)]
    [('A', 'B'), ('A', 'C'), ('B', 'C')]
    """
    return _as_coalitions(game, _minimal_masks(game))


def minimal_blocking(game: Game) -> list[Coalition]:
    """Every minimal blocking coalition: the others cannot win without one of its members.

    >>> from hemicycle.analysis.games import WeightedGame
    >>> game = WeightedGame.of({"A": 110, "B": 120, "C": 99}, "2/3")  # quota 220 of 329
    >>> [c.members for c in minimal_blocking(game)]
    [('B',), ('A',)]
    """
    return _as_coalitions(game, _minimal_masks(game.dual()))


def connected_winning(game: Game, axis: Sequence[str], *, minimal: bool = False) -> list[Coalition]:
    """Winning coalitions of neighbours on ``axis`` (every player once, left to right).

    With ``minimal`` only those that lose without either end (Axelrod's minimal connected
    winning coalitions).

    >>> from hemicycle.analysis.games import WeightedGame
    >>> game = WeightedGame.of({"L": 30, "C": 25, "R": 45}, "majority")
    >>> [c.members for c in connected_winning(game, ["L", "C", "R"], minimal=True)]
    [('C', 'R'), ('L', 'C')]
    """
    order = list(axis)
    if sorted(order) != sorted(game.players):
        raise DataError(
            "the axis must list every player exactly once "
            f"(players: {', '.join(game.players)}; axis: {', '.join(order)})"
        )
    found = []
    for left in range(len(order)):
        for right in range(left, len(order)):
            members = frozenset(order[left : right + 1])
            if not game.wins(members):
                continue
            ends = {order[left], order[right]}
            if minimal and right > left and any(game.wins(members - {end}) for end in ends):
                continue
            ordered = tuple(order[left : right + 1])
            found.append(Coalition(members=ordered, weight=_weight(game, ordered)))
    found.sort(key=lambda c: (len(c.members), -(c.weight or 0), order.index(c.members[0])))
    return found


__all__ = ["Coalition", "connected_winning", "minimal_blocking", "minimal_winning"]
