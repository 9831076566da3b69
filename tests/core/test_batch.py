"""The vectorised batch path agrees with the exact engine on every row."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from hemicycle.core import METHODS, apportion
from hemicycle.core.batch import apportion_batch
from hemicycle.errors import DataError, InfeasibleError, TieError

IDS = [m.id for m in METHODS]


def _exact(row: np.ndarray, seats: int, method: str, **options: object) -> list[int]:
    names = [str(i) for i in range(len(row))]
    result = apportion(
        dict(zip(names, (int(v) for v in row), strict=True)), seats, method=method, **options
    )
    return [result.seats[name] for name in names]


@pytest.mark.parametrize("method", IDS)
def test_agrees_with_exact_engine_on_random_rows(method: str) -> None:
    rng = np.random.default_rng(abs(hash(method)) % 2**32)
    votes = rng.integers(0, 50_000, size=(400, 6))
    votes[:, 0] += 1
    seats = 25
    batch = apportion_batch(votes, seats, method=method, tie_break="lot:1")
    for row in range(len(votes)):
        assert batch[row].tolist() == _exact(votes[row], seats, method, tie_break="lot:1")


@settings(max_examples=150, deadline=None)
@given(
    votes=arrays(np.int64, st.tuples(st.integers(1, 20), st.integers(2, 8)),
                 elements=st.integers(0, 10**9)),
    seats=st.integers(8, 120),
    threshold=st.sampled_from([None, "5%", "3%"]),
)  # fmt: skip
def test_sainte_lague_with_threshold_matches(
    votes: np.ndarray, seats: int, threshold: str | None
) -> None:
    votes[:, 0] += 1
    batch = apportion_batch(
        votes, seats, method="sainte_lague", threshold=threshold, tie_break="lot:9"
    )
    for row in range(len(votes)):
        expected = _exact(votes[row], seats, "sainte_lague", threshold=threshold, tie_break="lot:9")
        assert batch[row].tolist() == expected


def test_exact_ties_fall_back_to_the_exact_engine() -> None:
    # row 0: 967575/291 = 814625/245 = 3325, a tie for the last of 630 seats
    votes = np.array([[340430, 161421, 967575, 26283, 541816, 814625, 639073, 889855],
                      [1, 2, 3, 4, 5, 6, 7, 8]])  # fmt: skip
    with pytest.raises(TieError):
        apportion_batch(votes, 630, method="sainte_lague", threshold="5%")
    drawn = apportion_batch(votes, 630, method="sainte_lague", threshold="5%", tie_break="lot:1")
    assert drawn.sum(axis=1).tolist() == [630, 630]


def test_near_ties_beyond_float_precision() -> None:
    big = 2**54
    votes = np.array([[big, big + 1], [big + 1, big]])
    assert apportion_batch(votes, 3, method="dhondt").tolist() == [[1, 2], [2, 1]]


@pytest.mark.parametrize(
    ("votes", "message"),
    [
        (np.array([1, 2, 3]), "matrix"),
        (np.array([[1.5, 2.0]]), "whole numbers"),
        (np.array([[-1, 2]]), "non-negative"),
    ],
)
def test_bad_input(votes: np.ndarray, message: str) -> None:
    with pytest.raises(DataError, match=message):
        apportion_batch(votes, 5)


@pytest.mark.parametrize("method", IDS)
def test_array_path_agrees_with_exact_engine(method: str) -> None:
    from hemicycle.core.batch import apportion_array

    rng = np.random.default_rng(len(method))
    for size, seats in ((3, 7), (50, 400), (2_000, 9_000)):
        votes = rng.integers(1, 10**7, size=size)
        minimum = 1 if method in {"huntington_hill", "adams", "dean"} else 0
        got = apportion_array(votes, seats, method=method, min_seats=minimum, tie_break="lot:3")
        assert got.tolist() == _exact(votes, seats, method, min_seats=minimum or None,
                                      tie_break="lot:3")  # fmt: skip


DIVISOR_IDS = [m.id for m in METHODS if m.family == "divisor"]


@settings(max_examples=300, deadline=None)
@given(
    votes=st.lists(st.sampled_from([0, 1, 2, 3, 100, 600, 999_999, 10**6, 2**54, 2**54 + 1])
                   | st.integers(0, 10**7), min_size=1, max_size=12),
    seats=st.integers(0, 80),
    method=st.sampled_from(DIVISOR_IDS),
    minimum=st.sampled_from([0, 1]),
    maximum=st.sampled_from([None, 3, 40]),
)  # fmt: skip
def test_small_array_route_agrees_with_exact_engine(
    votes: list[int], seats: int, method: str, minimum: int, maximum: int | None
) -> None:
    """Few units in a small house take the short route of the divisor engine; whatever it
    answers, with ties, near-ties beyond float precision, bounds and zero votes, equals the
    exact engine, and an instance the exact engine refuses is refused alike."""
    from hemicycle.core.batch import apportion_array
    from hemicycle.errors import HemicycleError

    try:
        expected = _exact(np.array(votes, dtype=object), seats, method, tie_break="lot:5",
                          min_seats=minimum or None, max_seats=maximum)  # fmt: skip
    except HemicycleError as error:
        with pytest.raises(type(error)):
            apportion_array(np.array(votes, dtype=np.int64), seats, method=method,
                            min_seats=minimum, max_seats=maximum, tie_break="lot:5")  # fmt: skip
        return
    got = apportion_array(np.array(votes, dtype=np.int64), seats, method=method,
                          min_seats=minimum, max_seats=maximum, tie_break="lot:5")  # fmt: skip
    assert got.tolist() == expected


@pytest.mark.parametrize("method", ["hare", "droop", "hagenbach_bischoff", "imperiali_quota"])
def test_quota_rows_beyond_int64_products_go_to_the_exact_engine(method: str) -> None:
    """votes·(seats + offset) would wrap in int64 (3.1e18·3 > 2**63): such rows are exact."""
    from hemicycle.core.batch import apportion_array

    row = [3_100_000_000_000_000_000, 10**18 + 1, 10**18 + 3, 10**18 + 5, 10**18 + 7]
    expected = _exact(np.array(row, dtype=object), 3, method)
    if method == "hare":
        assert expected == [1, 0, 0, 1, 1]
    got = apportion_batch(np.array([row, [5, 4, 3, 2, 1]]), 3, method=method)
    assert got[0].tolist() == expected
    assert got[1].tolist() == _exact(np.array([5, 4, 3, 2, 1]), 3, method)
    assert apportion_array(np.array(row), 3, method=method).tolist() == expected


def test_too_few_seats_for_huntington_hill_is_infeasible_as_in_apportion() -> None:
    votes = {"A": 1, "B": 2, "C": 3}
    with pytest.raises(InfeasibleError) as exact:
        apportion(votes, 2, method="huntington_hill")
    with pytest.raises(InfeasibleError) as batch:
        apportion_batch(np.array([list(votes.values())]), 2, method="huntington_hill")
    assert "3 seats before any ranking" in str(batch.value)
    assert "more than the 2 seats" in str(exact.value)
