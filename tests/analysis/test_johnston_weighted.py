"""Johnston's index of weighted games counted over the weights, checked against enumeration."""

from __future__ import annotations

import random
from fractions import Fraction
from math import comb

import pytest

from electoral_college import ELECTORS
from hemicycle.analysis.counting import JOHNSTON_WORK_LIMIT, minimal_profile, weighted_johnston
from hemicycle.analysis.games import WeightedGame
from hemicycle.analysis.power import power
from hemicycle.errors import DataError


def random_game(rng: random.Random, n: int, top: int) -> WeightedGame:
    weights = [rng.choice([0, 1, 2, 3, rng.randint(0, top)]) for _ in range(n)]
    if sum(weights) == 0:
        weights[0] = 1
    return WeightedGame(
        tuple(f"p{i}" for i in range(n)), tuple(weights), rng.randint(1, sum(weights))
    )


def test_small_random_games_agree_with_enumeration() -> None:
    rng = random.Random(1978)
    for _ in range(150):
        game = random_game(rng, rng.randint(1, 11), 30)
        assert weighted_johnston(game) == minimal_profile(game).johnston, game


@pytest.mark.parametrize("n", [16, 18, 20])
def test_larger_random_games_agree_with_enumeration(n: int) -> None:
    rng = random.Random(n)
    for game in (
        random_game(rng, n, 60),
        WeightedGame(
            tuple(f"p{i}" for i in range(n)),
            tuple(rng.randint(1, 60) for _ in range(n)),
            rng.randint(n * 10, n * 40),
        ),
    ):
        assert weighted_johnston(game) == minimal_profile(game).johnston


def test_textbook_and_symmetric_games() -> None:
    # [51; 50, 49, 1]: {A,B} and {A,C} have two critical members each, {A,B,C} one (A):
    # A gets 1/2 + 1/2 + 1 = 2, B and C 1/2 each.
    game = WeightedGame(("A", "B", "C"), (50, 49, 1), 51)
    assert weighted_johnston(game) == (Fraction(2), Fraction(1, 2), Fraction(1, 2))
    # k of n equal members: only the coalitions of exactly k win with critical members (all
    # k of them): C(n-1, k-1)/k each, 1/n once normalised; here 40 players, past enumeration
    equal = WeightedGame(tuple(f"m{i}" for i in range(40)), (1,) * 40, 27)
    assert set(weighted_johnston(equal)) == {Fraction(comb(39, 26), 27)}
    assert set(power(equal, "johnston").values.values()) == {Fraction(1, 40)}


def test_electoral_college() -> None:
    game = WeightedGame.of(ELECTORS, 270)
    values = power(game, "johnston").values
    assert sum(values.values()) == 1
    # equal electors, equal power; more electors, more power
    ordered = sorted(ELECTORS, key=lambda state: ELECTORS[state])
    assert [values[s] for s in ordered] == sorted(values.values())
    assert values["VT"] == values["WY"]


def test_work_limit_is_refused_before_counting() -> None:
    game = WeightedGame(tuple(f"p{i}" for i in range(400)), tuple(range(1, 401)), 40_000)
    assert JOHNSTON_WORK_LIMIT < 400 * 400 * 400 * 40_000
    with pytest.raises(DataError, match="Johnston"):
        weighted_johnston(game)
