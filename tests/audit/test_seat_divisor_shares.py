"""Seat assertions for divisor methods with a zero first divisor or square-root divisors."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hemicycle.audit.assertions import seat_assertions
from hemicycle.audit.divisor_shares import divisor_share
from hemicycle.core import apportion
from hemicycle.core.divisors import HUNTINGTON_HILL
from hemicycle.errors import TieError

ZERO_FIRST = ["huntington_hill", "adams", "dean"]
tallies = st.dictionaries(
    st.sampled_from("ABCDE"), st.integers(min_value=1, max_value=5000), min_size=2, max_size=5
)


def _holds(tally: dict[str, int], assertion_share: Fraction, winner: str, loser: str) -> bool:
    votes = tally[winner] + tally[loser]
    return votes > 0 and Fraction(tally[winner], votes) > assertion_share


@settings(max_examples=40, deadline=None)
@given(a=st.integers(min_value=2, max_value=60), b=st.integers(min_value=1, max_value=60))
def test_hill_share_is_never_below_the_true_share(a: int, b: int) -> None:
    # f' = p/q >= sqrt(x)/(sqrt(x)+sqrt(y)) exactly when p²·y >= (q−p)²·x (squares compared).
    share = divisor_share(HUNTINGTON_HILL, a, b, 1000, 1)
    assert share is not None
    x, y = (a - 1) * a, b * (b + 1)
    p, q = share.numerator, share.denominator
    assert p * p * y >= (q - p) ** 2 * x
    # ... and within 10^-18 of it.
    below = share - Fraction(1, 10**18)
    assert below.numerator**2 * y < (below.denominator - below.numerator) ** 2 * x


@settings(max_examples=40, deadline=None)
@given(
    tally=tallies, extra=st.integers(min_value=0, max_value=8), method=st.sampled_from(ZERO_FIRST)
)
def test_correct_outcomes_have_positive_margins(
    tally: dict[str, int], extra: int, method: str
) -> None:
    seats = len(tally) + extra
    try:
        apportion(tally, seats, method=method)
    except TieError:
        assume(False)
    ballots = sum(tally.values())
    for assertion in seat_assertions(tally, seats, method=method):
        assert assertion.margin(tally, ballots) > 0, assertion.name


@settings(max_examples=60, deadline=None)
@given(
    reported=tallies,
    noise=st.lists(st.integers(min_value=-400, max_value=400), min_size=5, max_size=5),
    extra=st.integers(min_value=0, max_value=6),
    method=st.sampled_from(ZERO_FIRST),
)
def test_assertions_imply_the_seats(
    reported: dict[str, int], noise: list[int], extra: int, method: str
) -> None:
    # If every assertion holds on the true votes, the true votes give the reported seats.
    seats = len(reported) + extra
    true = {p: max(1, v + n) for (p, v), n in zip(reported.items(), noise, strict=False)}
    try:
        claimed = apportion(reported, seats, method=method).seats
        actual = apportion(true, seats, method=method).seats
    except TieError:
        assume(False)
    assertions = seat_assertions(reported, seats, method=method)
    if all(_holds(true, a.share, *a.winners, *a.losers) for a in assertions):
        assert dict(actual) == dict(claimed)


def test_first_seats_need_no_assertion() -> None:
    # Huntington-Hill, 4 seats: every party's first seat is automatic; only A's second is
    # asserted, against B's and C's second seats.
    names = [
        a.name for a in seat_assertions({"A": 600, "B": 300, "C": 100}, 4, method="huntington_hill")
    ]
    assert names == ["A's seat 2 beats B's seat 2", "A's seat 2 beats C's seat 2"]
    # A party reported without seats claims its first with an infinite priority: share 1.
    zero = seat_assertions(
        {"A": 600, "B": 300, "C": 100},
        3,
        method="adams",
        reported_seats={"A": 2, "B": 1, "C": 0},
    )
    assert {a.name: a.share for a in zero}["A's seat 2 beats C's seat 1"] == 1


def test_hill_near_tie_is_confirmable() -> None:
    # 4 seats: A's second seat (577,351/sqrt 2) beats B's third (1,000,000/sqrt 6) because
    # 577,351·sqrt 3 > 1,000,000 > 577,350·sqrt 3; the shares differ by 6·10^-8.
    won = {"A": 577_351, "B": 1_000_000}
    assert dict(apportion(won, 4, method="huntington_hill").seats) == {"A": 2, "B": 2}
    found = {a.name: a for a in seat_assertions(won, 4, method="huntington_hill")}
    assert set(found) == {"A's seat 2 beats B's seat 3", "B's seat 2 beats A's seat 3"}
    assertion = found["A's seat 2 beats B's seat 3"]
    assert 0 < assertion.margin(won, sum(won.values())) < Fraction(1, 10**6)
    lost = {"A": 577_350, "B": 1_000_000}
    assert dict(apportion(lost, 4, method="huntington_hill").seats) == {"A": 1, "B": 3}
    reported = seat_assertions(lost, 4, method="huntington_hill", reported_seats={"A": 2, "B": 2})
    assert {a.name: a.margin(lost, 1_577_350) < 0 for a in reported} == {
        "A's seat 2 beats B's seat 3": True,
        "B's seat 2 beats A's seat 3": False,
    }
