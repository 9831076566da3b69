"""Simple games: who wins. Weighted majority games, multi-layer games and their duals.

A *simple game* says which coalitions of players win. In a weighted majority game ``[q; w₁, …,
wₙ]`` a coalition wins when its weight reaches the quota ``q``. A multi-layer game asks for
several quotas at once; the EU Council's qualified majority (Treaty on European Union art.
16(4)) needs 55% of the members, at least fifteen, representing 65% of the population, and a
blocking minority needs at least four members. The dual game lets a coalition win when its
complement does not: it is the game of *blocking* coalitions (Felsenthal & Machover, *The
Measurement of Voting Power*, 1998, §2.3).

Coalitions are bit masks over the players in the order given: bit ``i`` is player ``i``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from hemicycle.errors import DataError

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

ENUMERATION_LIMIT = 25
"""Games with more players than this are never enumerated coalition by coalition."""


def parse_quota(quota: int | str | Fraction, total: int) -> int:
    """The quota as a whole weight: ``"majority"`` (more than half), a share (``"2/3"``,
    ``"65%"``: at least that share of the total weight) or a weight (``270``).

    >>> parse_quota("majority", 538), parse_quota("2/3", 329), parse_quota("65%", 1000)
    (270, 220, 650)
    """
    if isinstance(quota, bool):
        raise DataError(f"quota must be a weight, a share or 'majority' (got {quota!r})")
    if isinstance(quota, int):
        value = quota
    elif isinstance(quota, Fraction):
        value = math.ceil(quota * total)
    else:
        text = quota.strip().lower()
        try:
            if text in ("majority", "simple", "absolute"):
                value = total // 2 + 1
            elif text in ("two_thirds", "two-thirds"):
                value = math.ceil(Fraction(2, 3) * total)
            elif text.endswith("%"):
                value = math.ceil(Fraction(text[:-1].strip()) / 100 * total)
            elif "/" in text or "." in text:
                value = math.ceil(Fraction(text) * total)
            else:
                value = int(text)
        except (ValueError, ZeroDivisionError):
            raise DataError(
                f"quota must be a weight (270), a share (2/3, 65%) or 'majority' (got {quota!r})"
            ) from None
    if not 1 <= value <= total:
        raise DataError(f"quota must be between 1 and the total weight {total} (got {value})")
    return value


def _weights(values: Sequence[int], what: str) -> tuple[int, ...]:
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DataError(f"{what} must be non-negative whole numbers (got {value!r})")
    return tuple(values)


def _names(players: Sequence[str]) -> tuple[str, ...]:
    names = tuple(players)
    if len(set(names)) != len(names):
        duplicate = next(p for p in names if names.count(p) > 1)
        raise DataError(f"player {duplicate!r} appears twice")
    if not names:
        raise DataError("a game needs at least one player")
    return names


def subset_sums(weights: Sequence[int]) -> IntArray:
    """The weight of every coalition, indexed by bit mask (``2**n`` values).

    >>> subset_sums([1, 2, 4]).tolist()
    [0, 1, 2, 3, 4, 5, 6, 7]
    """
    sums = np.zeros(1, dtype=np.int64)
    for weight in weights:
        sums = np.concatenate([sums, sums + weight])
    return sums


def _check_enumerable(n: int) -> None:
    if n > ENUMERATION_LIMIT:
        raise DataError(
            f"this computation enumerates all 2^{n} coalitions; it is limited to "
            f"{ENUMERATION_LIMIT} players"
        )


@dataclass(frozen=True, slots=True)
class WeightedGame:
    """A weighted majority game ``[quota; weights]``: a coalition wins when its weight ≥ quota.

    >>> game = WeightedGame.of({"A": 3, "B": 2, "C": 2}, "majority")
    >>> game.quota, game.wins({"A", "B"}), game.wins({"B", "C"})
    (4, True, True)
    """

    players: tuple[str, ...]
    weights: tuple[int, ...]
    quota: int

    def __post_init__(self) -> None:
        _names(self.players)
        _weights(self.weights, "weights")
        if len(self.weights) != len(self.players):
            raise DataError("a game needs one weight per player")
        if not 1 <= self.quota <= sum(self.weights):
            raise DataError(
                f"quota must be between 1 and the total weight {sum(self.weights)} "
                f"(got {self.quota})"
            )

    @classmethod
    def of(cls, weights: Mapping[str, int], quota: int | str | Fraction) -> WeightedGame:
        """A game from weights per player and a quota (see :func:`parse_quota`)."""
        values = _weights(list(weights.values()), "weights")
        return cls(tuple(weights), values, parse_quota(quota, sum(values)))

    @property
    def n(self) -> int:
        return len(self.players)

    @property
    def total(self) -> int:
        return sum(self.weights)

    def wins(self, coalition: set[str] | frozenset[str]) -> bool:
        """Whether a coalition, given by player names, wins."""
        return (
            sum(w for p, w in zip(self.players, self.weights, strict=True) if p in coalition)
            >= self.quota
        )

    def winning_table(self) -> BoolArray:
        """Whether each of the ``2**n`` coalitions wins, indexed by bit mask."""
        _check_enumerable(self.n)
        return subset_sums(self.weights) >= self.quota

    def dual(self) -> WeightedGame:
        """The blocking game: ``S`` wins when ``N \\ S`` does not, i.e. weight ≥ total − q + 1.

        >>> WeightedGame.of({"A": 3, "B": 2, "C": 2}, "majority").dual().quota
        4
        """
        return WeightedGame(self.players, self.weights, self.total - self.quota + 1)


@dataclass(frozen=True, slots=True)
class Layer:
    """One condition of a multi-layer game: the coalition's ``weights`` reach ``quota``."""

    name: str
    weights: tuple[int, ...]
    quota: int


@dataclass(frozen=True, slots=True)
class MultiLayerGame:
    """A coalition wins when it meets every layer's quota, or when fewer than
    ``blocking_minimum`` players stay outside it (TEU art. 16(4): "a blocking minority must
    include at least four Council members, failing which the qualified majority shall be
    deemed attained").
    """

    players: tuple[str, ...]
    layers: tuple[Layer, ...]
    blocking_minimum: int = 0

    def __post_init__(self) -> None:
        _names(self.players)
        if not self.layers:
            raise DataError("a multi-layer game needs at least one layer")
        for layer in self.layers:
            _weights(layer.weights, f"weights of layer {layer.name!r}")
            if len(layer.weights) != len(self.players):
                raise DataError(f"layer {layer.name!r} needs one weight per player")
            if not 1 <= layer.quota <= sum(layer.weights):
                raise DataError(
                    f"quota of layer {layer.name!r} must be between 1 and "
                    f"{sum(layer.weights)} (got {layer.quota})"
                )
        if not 0 <= self.blocking_minimum <= len(self.players):
            raise DataError(
                f"blocking minimum must be between 0 and {len(self.players)} "
                f"(got {self.blocking_minimum})"
            )

    @classmethod
    def of(
        cls,
        weights: Mapping[str, Mapping[str, int]],
        quotas: Mapping[str, int | str | Fraction],
        blocking_minimum: int = 0,
    ) -> MultiLayerGame:
        """A game from each player's weight in each layer and each layer's quota (a weight, a
        share or ``"majority"``, see :func:`parse_quota`, of that layer's total). A layer named
        ``members`` that no player has a weight in counts every player once.

        The EU Council's rule written out (TEU art. 16(4)), for three equal members:

        >>> game = MultiLayerGame.of(
        ...     {"A": {"population": 5}, "B": {"population": 5}, "C": {"population": 5}},
        ...     {"members": "55%", "population": "65%"},
        ... )
        >>> [(layer.name, layer.quota) for layer in game.layers]
        [('members', 2), ('population', 10)]
        """
        players = _names(list(weights))
        layers = []
        for name, quota in quotas.items():
            if name == "members" and not any(name in row for row in weights.values()):
                column = (1,) * len(players)
            else:
                missing = next((p for p in players if name not in weights[p]), None)
                if missing is not None:
                    raise DataError(f"player {missing!r} has no weight in layer {name!r}")
                column = _weights([weights[p][name] for p in players], f"weights of {name!r}")
            layers.append(Layer(name, column, parse_quota(quota, sum(column))))
        return cls(players, tuple(layers), blocking_minimum)

    @property
    def n(self) -> int:
        return len(self.players)

    def wins(self, coalition: set[str] | frozenset[str]) -> bool:
        members = [p in coalition for p in self.players]
        if self.n - sum(members) < self.blocking_minimum:
            return True
        return all(
            sum(w for w, m in zip(layer.weights, members, strict=True) if m) >= layer.quota
            for layer in self.layers
        )

    def winning_table(self) -> BoolArray:
        _check_enumerable(self.n)
        table = np.ones(2**self.n, dtype=np.bool_)
        for layer in self.layers:
            table &= subset_sums(layer.weights) >= layer.quota
        if self.blocking_minimum:
            sizes = subset_sums([1] * self.n)
            table |= self.n - sizes < self.blocking_minimum
        return table

    def dual(self) -> DualGame:
        return DualGame(self)


@dataclass(frozen=True, slots=True)
class DualGame:
    """The dual (blocking) game of any game: ``S`` wins when ``N \\ S`` loses."""

    game: MultiLayerGame

    @property
    def players(self) -> tuple[str, ...]:
        return self.game.players

    @property
    def n(self) -> int:
        return self.game.n

    def wins(self, coalition: set[str] | frozenset[str]) -> bool:
        return not self.game.wins(frozenset(self.players) - set(coalition))

    def winning_table(self) -> BoolArray:
        # the complement of mask m is the mask read backwards in the table
        table: BoolArray = ~self.game.winning_table()[::-1]
        return table

    def dual(self) -> MultiLayerGame:
        return self.game


Game = WeightedGame | MultiLayerGame | DualGame
"""Every game the analysis functions accept."""


def eu_council(populations: Mapping[str, int]) -> MultiLayerGame:
    """The EU Council's qualified majority (TEU art. 16(4), TFEU art. 238(3)).

    At least 55% of the members, comprising at least fifteen of them (with fewer than 28
    members, 55% is at most fifteen), representing at least 65% of the population; a blocking
    minority must include at least four members.

    >>> game = eu_council({f"S{i}": 10 for i in range(27)})
    >>> [layer.quota for layer in game.layers], game.blocking_minimum
    ([15, 176], 4)
    """
    names = tuple(populations)
    people = _weights(list(populations.values()), "populations")
    members = max(15, math.ceil(Fraction(55, 100) * len(names)))
    members = min(members, len(names))
    return MultiLayerGame(
        names,
        (
            Layer("members", (1,) * len(names), members),
            Layer("population", people, math.ceil(Fraction(65, 100) * sum(people))),
        ),
        blocking_minimum=min(4, len(names)),
    )


__all__ = [
    "ENUMERATION_LIMIT",
    "DualGame",
    "Game",
    "Layer",
    "MultiLayerGame",
    "WeightedGame",
    "eu_council",
    "parse_quota",
    "subset_sums",
]
