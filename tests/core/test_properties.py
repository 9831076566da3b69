"""Properties every registered method must have, checked with hypothesis."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from hemicycle.core import METHODS, apportion
from hemicycle.errors import InfeasibleError, TieError

DIVISOR_IDS = [m.id for m in METHODS if m.family == "divisor"]
QUOTA_IDS = [m.id for m in METHODS if m.family == "quota"]
ALL_IDS = DIVISOR_IDS + QUOTA_IDS

votes_lists = st.lists(st.integers(min_value=0, max_value=50_000), min_size=1, max_size=8)


def _run(votes: list[int], seats: int, method: str) -> dict[str, int] | None:
    """Seats, or None when the instance has a tie or no allocation exists."""
    named = {f"p{i}": v for i, v in enumerate(votes)}
    try:
        return dict(apportion(named, seats, method=method).seats)
    except (TieError, InfeasibleError):
        return None


@pytest.mark.parametrize("method", ALL_IDS)
@settings(max_examples=60, deadline=None)
@given(votes=votes_lists, seats=st.integers(min_value=0, max_value=40))
def test_seats_sum_to_house(method: str, votes: list[int], seats: int) -> None:
    assume(sum(votes) > 0)
    result = _run(votes, seats, method)
    assume(result is not None)
    assert result is not None
    assert sum(result.values()) == seats
    assert all(count >= 0 for count in result.values())


@pytest.mark.parametrize("method", ALL_IDS)
@settings(max_examples=40, deadline=None)
@given(votes=votes_lists, seats=st.integers(1, 30), factor=st.integers(2, 1000))
def test_scaling_votes_changes_nothing(
    method: str, votes: list[int], seats: int, factor: int
) -> None:
    assume(sum(votes) > 0)
    before = _run(votes, seats, method)
    if method == "droop":
        # the integer Droop quota floor(V/(S+1)) + 1 is not scale invariant; skip it
        return
    assert before == _run([v * factor for v in votes], seats, method)


@pytest.mark.parametrize("method", ALL_IDS)
@settings(max_examples=40, deadline=None)
@given(votes=votes_lists, seats=st.integers(1, 30), data=st.data())
def test_permuting_units_permutes_seats(
    method: str, votes: list[int], seats: int, data: st.DataObject
) -> None:
    assume(sum(votes) > 0)
    order = data.draw(st.permutations(range(len(votes))))
    named = {f"p{i}": v for i, v in enumerate(votes)}
    shuffled = {f"p{i}": votes[i] for i in order}
    try:
        first = apportion(named, seats, method=method)
    except (TieError, InfeasibleError):
        return
    assert dict(apportion(shuffled, seats, method=method).seats) == dict(first.seats)


@pytest.mark.parametrize("method", DIVISOR_IDS)
@settings(max_examples=60, deadline=None)
@given(votes=votes_lists, seats=st.integers(1, 40))
def test_house_monotonicity_of_divisor_methods(method: str, votes: list[int], seats: int) -> None:
    """Divisor methods never take a seat away when the house grows (no Alabama paradox)."""
    assume(sum(votes) > 0)
    smaller, larger = _run(votes, seats, method), _run(votes, seats + 1, method)
    assume(smaller is not None and larger is not None)
    assert smaller is not None
    assert larger is not None
    assert all(larger[unit] >= smaller[unit] for unit in smaller)


@pytest.mark.parametrize("method", QUOTA_IDS)
@settings(max_examples=60, deadline=None)
@given(votes=votes_lists, seats=st.integers(1, 40))
@example(votes=[6, 6, 2], seats=10)
@example(votes=[14, 23, 23, 38, 114], seats=13)
@example(votes=[139, 31], seats=27)
@example(votes=[1], seats=1)
def test_quota_property_of_largest_remainder(method: str, votes: list[int], seats: int) -> None:
    """Every largest-remainder method gives each unit its whole quotas (of the quota it
    used) and at most one more seat per round of remainders; Hare, whose quota is V/S, so
    gives every unit its exact share V·s/S rounded down or up (Balinski & Young 2001, ch. 7)."""
    assume(sum(votes) > 0)
    named = {f"p{i}": v for i, v in enumerate(votes)}
    try:
        result = apportion(named, seats, method=method)
    except (TieError, InfeasibleError):
        return
    assert result.quota is not None
    whole = [int(count / result.quota) for count in votes]
    left = seats - sum(whole)
    if left < 0:  # only V/(S+1), when every entitlement is whole: one seat is given up
        assert (method, left) == ("hagenbach_bischoff", -1)
        assert all(w - 1 <= result.seats[f"p{i}"] <= w for i, w in enumerate(whole))
        return
    rounds = -(-left // len(votes))
    for index, count in enumerate(votes):
        assert whole[index] <= result.seats[f"p{index}"] <= whole[index] + rounds
        if method == "hare":
            share = Fraction(count * seats, sum(votes))
            assert int(share) <= result.seats[f"p{index}"] <= int(share) + 1


@pytest.mark.parametrize(
    ("method", "votes", "seats", "expected"),
    [
        # quota 212/14: 114 votes hold 7 whole quotas, and win a remainder seat: 8 > 741/106
        ("hagenbach_bischoff", [14, 23, 23, 38, 114], 13, [1, 1, 1, 2, 8]),
        # quota 199/6: 149 votes hold 4 whole quotas, every seat, above their share 596/199
        ("imperiali_quota", [17, 33, 149], 4, [0, 0, 4]),
        # quota 7: four seats left in two rounds, one each: 21 below the share 3753/170
        ("droop", [139, 31], 27, [21, 6]),
    ],
)
def test_quotas_above_hare_can_break_the_quota(
    method: str, votes: list[int], seats: int, expected: list[int]
) -> None:
    """A quota smaller than V/S (or rounds of remainders) can give a unit more, or fewer,
    seats than its exact share rounded up or down: only Hare satisfies quota."""
    result = apportion({f"p{i}": v for i, v in enumerate(votes)}, seats, method=method)
    got = [result.seats[f"p{i}"] for i in range(len(votes))]
    assert got == expected
    shares = [Fraction(v * seats, sum(votes)) for v in votes]
    assert any(not int(q) <= s <= int(q) + 1 for q, s in zip(shares, got, strict=True))


@settings(max_examples=80, deadline=None)
@given(votes=votes_lists, seats=st.integers(1, 40))
def test_dhondt_matches_sequential_definition(votes: list[int], seats: int) -> None:
    """The engine's answer is the seat-by-seat definition of D'Hondt, with exact quotients."""
    assume(sum(votes) > 0)
    result = _run(votes, seats, "dhondt")
    assume(result is not None)
    assert result is not None
    held = [0] * len(votes)
    for _ in range(seats):
        claims = [Fraction(v, h + 1) for v, h in zip(votes, held, strict=True)]
        held[claims.index(max(claims))] += 1
    assert [result[f"p{i}"] for i in range(len(votes))] == held
