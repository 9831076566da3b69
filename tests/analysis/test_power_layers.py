"""Multi-layer games from columns and quotas, and the count of winning coalitions behind
Coleman's power of the collectivity to act."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest

from hemicycle.analysis.counting import winning_count
from hemicycle.analysis.games import Layer, MultiLayerGame, WeightedGame, eu_council
from hemicycle.analysis.power import coleman_collectivity, power
from hemicycle.errors import DataError


def test_layers_from_columns_give_the_eu_council() -> None:
    rng = random.Random(55)
    populations = {f"S{i}": rng.randint(500, 84_000) for i in range(27)}
    game = MultiLayerGame.of(
        {name: {"population": people} for name, people in populations.items()},
        {"members": "55%", "population": "65%"},
        blocking_minimum=4,
    )
    assert game == eu_council(populations)


def test_layers_from_columns_refuse_gaps() -> None:
    with pytest.raises(DataError, match="'B' has no weight in layer 'votes'"):
        MultiLayerGame.of({"A": {"votes": 1}, "B": {}}, {"votes": 1})
    with pytest.raises(DataError, match="quota"):
        MultiLayerGame.of({"A": {"votes": 1}, "B": {"votes": 2}}, {"votes": 4})


def test_collectivity_by_hand() -> None:
    # [3; 2, 1, 1]: {A,B}, {A,C}, {A,B,C} win, 3 of 8 coalitions
    game = WeightedGame(("A", "B", "C"), (2, 1, 1), 3)
    assert coleman_collectivity(game) == Fraction(3, 8)
    assert power(game).collectivity == Fraction(3, 8)
    # the blocking game: the 5 losing coalitions' complements
    assert coleman_collectivity(game.dual()) == Fraction(5, 8)


@pytest.mark.parametrize("n", [6, 18])
def test_winning_count_agrees_with_enumeration(n: int) -> None:
    # 18 players take the meet-in-the-middle engine, 6 the table
    rng = random.Random(n)
    for _ in range(3):
        seats = tuple(rng.randint(0, 9) for _ in range(n))
        people = tuple(rng.randint(1, 500) for _ in range(n))
        game = MultiLayerGame(
            tuple(f"p{i}" for i in range(n)),
            (
                Layer("seats", seats, rng.randint(1, max(1, sum(seats)))),
                Layer("people", people, rng.randint(1, sum(people))),
            ),
            blocking_minimum=rng.randint(0, 3),
        )
        table = game.winning_table()
        assert winning_count(game) == int(np.count_nonzero(table))
        assert winning_count(game.dual()) == 2**n - int(np.count_nonzero(table))
        assert power(game).collectivity == Fraction(int(np.count_nonzero(table)), 2**n)
        weighted = WeightedGame(game.players, people, game.layers[1].quota)
        assert winning_count(weighted) == int(np.count_nonzero(weighted.winning_table()))


def test_power_reports_the_layers() -> None:
    game = eu_council({"A": 5, "B": 5, "C": 5, "D": 5})
    result = power(game, "shapley_shubik")
    assert dict(result.quota) == {"members": 4, "population": 13}  # type: ignore[arg-type]
    assert result.blocking_minimum == 4
    # with four members the blocking clause lets every coalition but the empty one pass
    assert result.collectivity == Fraction(15, 16)
    assert power(game.dual()).as_json()["dual"] is True
