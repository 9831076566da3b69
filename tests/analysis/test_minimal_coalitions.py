"""Indices on minimal winning coalitions: the weighted dynamic programme against enumeration,
closed forms past 64 bits, the US Electoral College, and a 20-player brute force of every index."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from electoral_college import ELECTORS
from hemicycle.analysis.counting import minimal_profile, weighted_minimal_profile
from hemicycle.analysis.games import WeightedGame
from hemicycle.analysis.power import INDICES, coleman_collectivity, power


def game_of(weights: list[int], quota: int) -> WeightedGame:
    return WeightedGame(tuple(f"p{i}" for i in range(len(weights))), tuple(weights), quota)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=16), st.floats(0.01, 1.0))
def test_dynamic_programme_agrees_with_enumeration(weights: list[int], share: float) -> None:
    if sum(weights) == 0:
        weights = [*weights[:-1], 1]
    game = game_of(weights, max(1, math.ceil(share * sum(weights))))
    counted = weighted_minimal_profile(game)
    enumerated = minimal_profile(game)
    assert counted.minimal == enumerated.minimal
    assert counted.minimal_total == enumerated.minimal_total


@pytest.mark.parametrize(("units", "heavy", "quota"), [(70, 9, 40), (90, 30, 46), (60, 61, 61)])
def test_closed_form_past_64_bits(units: int, heavy: int, quota: int) -> None:
    # [q; a, 1, …, 1]: the minimal winning coalitions are the heavy player with q − a units
    # and (when a < q) any q units: C(m, q − a) and C(m, q)
    game = game_of([heavy] + [1] * units, quota)
    profile = weighted_minimal_profile(game)
    with_heavy = math.comb(units, quota - heavy) if heavy < quota else 1
    alone = math.comb(units, quota) if heavy < quota else 0
    assert sum(profile.minimal_total) == with_heavy + alone
    assert sum(profile.minimal[0]) == with_heavy
    if heavy < quota:
        unit = math.comb(units - 1, quota - heavy - 1) + math.comb(units - 1, quota - 1)
        assert sum(profile.minimal[1]) == unit
        assert profile.minimal_total[quota] == alone
    assert max(profile.minimal_total) > 2**64 or units < 70


def test_electoral_college_holler_and_deegan_packel() -> None:
    # 51 units, 538 electors, 270 to win: beyond enumeration, counted by the weights
    assert sum(ELECTORS.values()) == 538
    game = WeightedGame.of(ELECTORS, 270)
    profile = weighted_minimal_profile(game)
    # each minimal coalition of k members is counted once by each of its k members
    for k, total in enumerate(profile.minimal_total):
        assert sum(m[k] for m in profile.minimal) == k * total
    holler = power(game, "holler").values
    packel = power(game, "deegan_packel").values
    assert sum(holler.values()) == 1
    assert sum(packel.values()) == 1
    # equal electors, equal power; California (54) above Texas (40) above Wyoming (3)
    assert holler["WY"] == holler["VT"] == holler["DC"]
    assert holler["CA"] > holler["TX"] > holler["WY"] > 0
    assert packel["CA"] > packel["TX"] > packel["WY"] > 0


# --- every index of 20-player games against enumeration -----------------------------------


def reference_indices(weights: list[int], quota: int) -> dict[str, list[Fraction]]:
    """Every index from the table of all 2**n coalitions, computed here from the definitions."""
    n = len(weights)
    masks = np.arange(2**n, dtype=np.int32)
    members = np.stack([(masks >> i & 1).astype(np.bool_) for i in range(n)], axis=1)
    sums = np.zeros(2**n, dtype=np.int64)
    for i, weight in enumerate(weights):
        sums += members[:, i] * weight
    size = members.sum(axis=1)
    wins: npt.NDArray[np.bool_] = sums >= quota
    critical = wins[:, None] & members & (sums[:, None] - np.array(weights) < quota)
    count_critical = critical.sum(axis=1)
    minimal = wins & (count_critical == size)
    swings = critical.sum(axis=0)
    winning = int(wins.sum())
    factorial = math.factorial(n)
    values: dict[str, list[Fraction]] = {k: [] for k in (i.id for i in INDICES)}
    johnston_raw = []
    for i in range(n):
        mine = critical[:, i]
        ss = sum(
            int(c) * math.factorial(k - 1) * math.factorial(n - k)
            for k, c in enumerate(np.bincount(size[mine], minlength=n + 1))
            if c
        )
        values["shapley_shubik"].append(Fraction(ss, factorial))
        values["penrose"].append(Fraction(int(swings[i]), 2 ** (n - 1)))
        values["banzhaf"].append(Fraction(int(swings[i]), int(swings.sum())))
        values["coleman_prevent"].append(Fraction(int(swings[i]), winning))
        values["coleman_initiate"].append(Fraction(int(swings[i]), 2**n - winning))
        in_minimal = minimal & members[:, i]
        values["holler"].append(Fraction(int(in_minimal.sum())))
        values["deegan_packel"].append(
            sum(
                (Fraction(int(c), k) for k, c in enumerate(np.bincount(size[in_minimal])) if c),
                Fraction(0),
            )
            / int(minimal.sum())
        )
        johnston_raw.append(
            sum(
                (Fraction(int(c), k) for k, c in enumerate(np.bincount(count_critical[mine]))
                 if k and c),
                Fraction(0),
            )
        )  # fmt: skip
    total_holler = sum(values["holler"], Fraction(0))
    values["holler"] = [h / total_holler for h in values["holler"]]
    total_johnston = sum(johnston_raw, Fraction(0))
    values["johnston"] = [j / total_johnston for j in johnston_raw]
    values["collectivity"] = [Fraction(winning, 2**n)]
    return values


TWENTY = [
    ([12, 11, 9, 9, 8, 7, 7, 6, 5, 5, 4, 4, 3, 3, 3, 2, 2, 1, 1, 1], 52),
    ([30, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 35),
    ([7] * 5 + [1] * 15, 41),
]


@pytest.mark.parametrize(("weights", "quota"), TWENTY)
def test_every_index_of_a_20_player_game_agrees_with_enumeration(
    weights: list[int], quota: int
) -> None:
    assert len(weights) == 20
    game = game_of(weights, quota)
    expected = reference_indices(weights, quota)
    for entry in INDICES:
        assert list(power(game, entry.id).values.values()) == expected[entry.id], entry.id
    assert [coleman_collectivity(game)] == expected["collectivity"]


def test_random_games_every_index_against_enumeration() -> None:
    rng = random.Random(12)
    for _ in range(6):
        n = rng.randint(10, 14)
        weights = [rng.randint(0, 25) for _ in range(n)]
        quota = rng.randint(1, sum(weights))
        expected = reference_indices(weights, quota)
        game = game_of(weights, quota)
        for entry in INDICES:
            assert list(power(game, entry.id).values.values()) == expected[entry.id], entry.id


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=14), st.floats(0.01, 1.0))
def test_totals_without_sizes_agree(weights: list[int], share: float) -> None:
    if sum(weights) == 0:
        weights = [*weights[:-1], 1]
    game = game_of(weights, max(1, math.ceil(share * sum(weights))))
    by_size = weighted_minimal_profile(game)
    totals = weighted_minimal_profile(game, sizes=False)
    assert [m[0] for m in totals.minimal] == [sum(m) for m in by_size.minimal]
    assert totals.minimal_total == (sum(by_size.minimal_total),)
