"""Exact power indices: published values, axioms, brute force and the powerindex package."""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import powerindex
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hemicycle.analysis.counting import (
    _is_prime,
    _multilayer_profile,
    enumerated_swings,
    primes_below_2_40,
    swing_profile,
)
from hemicycle.analysis.games import Layer, MultiLayerGame, WeightedGame, eu_council
from hemicycle.analysis.power import INDICES, coleman_collectivity, get_index, power
from hemicycle.errors import DataError, UnknownMethodError


def game_of(weights: list[int], quota: int) -> WeightedGame:
    return WeightedGame(tuple(f"p{i}" for i in range(len(weights))), tuple(weights), quota)


def values(game: WeightedGame | MultiLayerGame, index: str) -> list[Fraction]:
    return list(power(game, index).values.values())


def test_un_security_council_shapley_shubik() -> None:
    # Shapley & Shubik (1954); the 1965 Council: 5 permanent members with a veto, 10
    # elected, 9 votes needed: 421/2145 for a permanent member, 4/2145 for an elected one.
    council = game_of([7] * 5 + [1] * 10, 39)
    ss = values(council, "shapley_shubik")
    assert ss[:5] == [Fraction(421, 2145)] * 5
    assert ss[5:] == [Fraction(4, 2145)] * 10
    # Banzhaf swings: permanent 848, elected 84 (Felsenthal & Machover 1998, §3.2)
    profile = swing_profile(council)
    assert profile.total_swings(0) == 848
    assert profile.total_swings(5) == 84


def test_textbook_game_50_49_1() -> None:
    game = game_of([50, 49, 1], 51)
    third = [Fraction(1, 6)] * 2
    assert values(game, "banzhaf") == [Fraction(3, 5), Fraction(1, 5), Fraction(1, 5)]
    assert values(game, "penrose") == [Fraction(3, 4), Fraction(1, 4), Fraction(1, 4)]
    assert values(game, "shapley_shubik") == [Fraction(2, 3), *third]
    assert values(game, "holler") == [Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)]
    assert values(game, "deegan_packel") == [Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)]
    assert values(game, "johnston") == [Fraction(2, 3), *third]
    assert values(game, "coleman_prevent") == [Fraction(1), Fraction(1, 3), Fraction(1, 3)]
    assert values(game, "coleman_initiate") == [Fraction(3, 5), Fraction(1, 5), Fraction(1, 5)]
    assert coleman_collectivity(game) == Fraction(3, 8)


def test_holler_differs_from_deegan_packel() -> None:
    # [4; 3, 2, 1, 1]: minimal winning {A,B}, {A,C}, {A,D}, {B,C,D} (Holler 1982 example form)
    game = game_of([3, 2, 1, 1], 4)
    assert values(game, "holler") == [
        Fraction(3, 9),
        Fraction(2, 9),
        Fraction(2, 9),
        Fraction(2, 9),
    ]
    dp = values(game, "deegan_packel")
    assert dp[0] == Fraction(3, 8)
    assert dp[1] == Fraction(1, 8) + Fraction(1, 12)


def test_iraq_two_thirds_blocking_third() -> None:
    # Iraq's presidential election needs two thirds of 329 members (Constitution art. 70):
    # a bloc of more than a third (110 seats) blocks; in the dual game it wins.
    game = WeightedGame.of({"bloc": 110, "rest": 219}, "2/3")
    assert game.quota == 220
    assert not game.wins({"rest"})
    assert game.dual().wins({"bloc"})


def test_eu27_double_majority_properties() -> None:
    rng = random.Random(27)
    populations = {f"S{i}": rng.randint(500_000, 84_000_000) for i in range(27)}
    game = eu_council(populations)
    banzhaf = values(game, "banzhaf")
    ss = values(game, "shapley_shubik")
    assert sum(banzhaf) == 1
    assert sum(ss) == 1
    # more population never means less power in this game (one member, one seat)
    order = sorted(range(27), key=lambda i: list(populations.values())[i])
    assert [ss[i] for i in order] == sorted(ss)
    # the four-member clause: any 24 members win whatever their population
    smallest = frozenset(list(populations)[i] for i in order[:24])
    assert game.wins(smallest)


@pytest.mark.parametrize("index", [i.id for i in INDICES])
def test_axioms_on_random_games(index: str) -> None:
    rng = random.Random(index)
    for _ in range(20):
        n = rng.randint(2, 9)
        weights = [rng.randint(0, 12) for _ in range(n)]
        if sum(weights) == 0:
            continue
        game = game_of(weights, rng.randint(1, sum(weights)))
        result = values(game, index)
        table = game.winning_table()
        for player in range(n):
            bit = 1 << player
            is_null = all(table[m] == table[m | bit] for m in range(2**n) if not m & bit)
            if is_null:
                assert result[player] == 0
        if index in ("banzhaf", "shapley_shubik", "holler", "deegan_packel", "johnston"):
            assert sum(result) == 1
        for a, b in itertools.combinations(range(n), 2):
            if weights[a] == weights[b]:
                assert result[a] == result[b]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(0, 60), min_size=1, max_size=20),
    st.floats(0.01, 1.0),
)
def test_generating_function_agrees_with_enumeration(weights: list[int], share: float) -> None:
    if sum(weights) == 0:
        weights = [*weights[:-1], 1]
    quota = max(1, math.ceil(share * sum(weights)))
    game = game_of(weights, quota)
    reference = enumerated_swings(game)
    assert swing_profile(game) == reference
    totals = swing_profile(game, sizes=False)
    assert [s[0] for s in totals.swings] == [sum(s) for s in reference.swings]
    assert totals.winning == (sum(reference.winning),)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 10**6)), min_size=1, max_size=14),
    st.floats(0.05, 1.0),
    st.floats(0.05, 1.0),
    st.integers(0, 4),
)
def test_meet_in_the_middle_agrees_with_enumeration(
    rows: list[tuple[int, int]], share_a: float, share_b: float, blocking: int
) -> None:
    small = [a for a, _ in rows]
    big = [b for _, b in rows]
    if sum(small) == 0 or sum(big) == 0:
        return
    game = MultiLayerGame(
        tuple(f"p{i}" for i in range(len(rows))),
        (
            Layer("a", tuple(small), max(1, math.ceil(share_a * sum(small)))),
            Layer("b", tuple(big), max(1, math.ceil(share_b * sum(big)))),
        ),
        blocking_minimum=min(blocking, len(rows)),
    )
    assert _multilayer_profile(game) == enumerated_swings(game)
    assert swing_profile(game.dual()) == enumerated_swings(game.dual())


def test_large_game_needs_several_moduli() -> None:
    # 70 players: counts exceed 2**64, so residues modulo primes are recombined
    rng = random.Random(70)
    weights = [rng.randint(1, 9) for _ in range(70)]
    game = game_of(weights, sum(weights) // 2 + 1)
    profile = swing_profile(game)
    # every coalition of every size is a swing, a winner or neither: totals are consistent
    assert (
        sum(profile.winning) + sum(math.comb(70, k) - w for k, w in enumerate(profile.winning))
        == 2**70
    )
    assert sum(values(game, "shapley_shubik")) == 1
    # equal weights, equal swings; and the exact Banzhaf agrees with powerindex in floats
    banzhaf = values(game, "banzhaf")
    reference = powerindex.Game(game.quota, weights=weights)
    reference.calc_banzhaf()
    assert [float(b) for b in banzhaf] == pytest.approx(reference.banzhaf, rel=1e-9)


def test_moduli_are_prime() -> None:
    primes = primes_below_2_40(6)
    assert all(_is_prime(p) for p in primes)
    assert all(p < 2**40 for p in primes)
    assert not _is_prime(2**40 - 1)
    assert _is_prime(2**61 - 1)
    assert not _is_prime(561)


@pytest.mark.parametrize("seed", range(8))
def test_differential_against_powerindex(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(3, 40)
    weights = [rng.randint(1, 100) for _ in range(n)]
    quota = rng.randint(sum(weights) // 2 + 1, sum(weights))
    game = game_of(weights, quota)
    reference = powerindex.Game(quota, weights=weights)
    reference.calc_banzhaf()
    reference.calc_shapley_shubik()
    ours_b = [float(v) for v in values(game, "banzhaf")]
    ours_s = [float(v) for v in values(game, "shapley_shubik")]
    assert ours_b == pytest.approx(reference.banzhaf, rel=1e-9, abs=1e-12)
    assert ours_s == pytest.approx(reference.shapley_shubik, rel=1e-9, abs=1e-12)


def test_errors() -> None:
    with pytest.raises(UnknownMethodError, match="banzhaf"):
        get_index("banzaf")
    with pytest.raises(DataError, match="quota"):
        WeightedGame.of({"A": 1}, 5)
    with pytest.raises(DataError, match="quota"):
        WeightedGame.of({"A": 1}, "many")
    with pytest.raises(DataError, match="twice"):
        WeightedGame(("A", "A"), (1, 1), 1)
    with pytest.raises(DataError, match="limited"):  # enumerated for games not weighted
        power(eu_council({f"S{i}": 1 for i in range(30)}), "johnston")
    # the minimal-coalition indices of a weighted game are counted, not enumerated
    assert power(game_of([1] * 30, 16), "holler").values["p0"] == Fraction(1, 30)
