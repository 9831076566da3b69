"""Differential tests of biproportional apportionment against interregnum.

interregnum's ``BiproportionalAllocator`` performs the lower apportionment by alternate
scaling (Balinski & Demange 1989; Pukelsheim, *Proportional Representation*, 2014, ch. 14)
from given party and district totals. On seeded random vote matrices, hemicycle's
:func:`~hemicycle.core.biproportional.biproportional` (Sainte-Laguë, as in Zurich, and
D'Hondt) is compared with it in two steps: the upper apportionment with interregnum's
``HighestAveragesAllocator`` on the parties' totals, then the seat matrix with hemicycle's
party seats as interregnum's input. Parties with no seat are left out of the peer's input
(it refuses a total of 0; every cell of such a party is 0 by definition). Every disagreement
is explained by an assertion:

- **tie**: hemicycle, asked to refuse ties, raises :class:`TieError`, and the peer's matrix
  is one of hemicycle's resolutions (:func:`all_outcomes`) with the same party totals;
- **peer does not terminate**: on a few instances interregnum's alternate scaling cycles
  (its loop has no bound). The test stops it after a second and asserts that the
  biproportional apportionment exists and is unique: hemicycle met no tie, and its matrix
  and divisors pass the independent check (:func:`verify`) — so there was an answer to find.

hemicycle's own matrix is checked against its divisors on every instance.
"""

from __future__ import annotations

import random
import signal
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from types import FrameType

from interregnum.methods import BiproportionalAllocator, HighestAveragesAllocator

from hemicycle.core.biproportional import Biproportional, biproportional, verify
from hemicycle.core.ties import TieBreak, all_outcomes
from hemicycle.errors import InfeasibleError, TieError

Matrix = dict[str, dict[str, int]]


class _PeerTimeoutError(Exception):
    """The peer ran past its time limit."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise _PeerTimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _peer_upper(method: str, votes: Matrix, house: int) -> dict[str, int]:
    totals: dict[str, int] = Counter()
    for row in votes.values():
        for party, count in row.items():
            totals[party] += count
    result = HighestAveragesAllocator[str](method).calc(list(totals.items()), house, random_seed=1)
    given = {c.name: c.seats for c in result.allocation}
    return {party: given.get(party, 0) for party in totals}


def _peer_matrix(
    method: str, votes: Matrix, district_seats: Mapping[str, int], party_seats: Mapping[str, int]
) -> Matrix | None:
    """interregnum's seat matrix for these totals, or None if it does not stop within 1 s."""
    parties = [p for p, seats in party_seats.items() if seats]
    cells = [((p, d), votes[d][p]) for d in votes for p in parties]
    try:
        with _time_limit(1.0):
            result = BiproportionalAllocator[tuple[str, str], str, str](method).calc(
                [(p, party_seats[p]) for p in parties], list(district_seats.items()), cells
            )
    except _PeerTimeoutError:
        return None
    matrix = {d: dict.fromkeys(party_seats, 0) for d in votes}
    for cell in result.allocation:
        party, district = cell.name
        matrix[district][party] = cell.seats
    return matrix


def _feasible(
    count: Callable[[TieBreak | str], Biproportional], tie_break: TieBreak
) -> Biproportional | None:
    try:
        return count(tie_break)
    except InfeasibleError:
        return None


def _ours(result: Biproportional) -> Matrix:
    return {d: dict(row) for d, row in result.seats.items()}


def _instance(rng: random.Random) -> tuple[Matrix, dict[str, int]]:
    districts = [f"D{i}" for i in range(rng.randint(2, 5))]
    parties = [f"P{i}" for i in range(rng.randint(2, 5))]
    scale = rng.choice([20, 1_000, 100_000])  # small scales make ties common
    votes = {d: {p: rng.randint(0, scale) for p in parties} for d in districts}
    for d in districts:
        if not any(votes[d].values()):
            votes[d][parties[0]] = 1
    return votes, {d: rng.randint(1, 8) for d in districts}


def test_biproportional_agrees_with_interregnum() -> None:
    rng = random.Random(2006)  # Zurich's first biproportional election
    counter: Counter[str] = Counter()
    for number in range(160):
        method = ("sainte_lague", "dhondt")[number % 2]
        votes, district_seats = _instance(rng)
        house = sum(district_seats.values())

        def count(tie_break: TieBreak | str) -> Biproportional:
            return biproportional(votes, district_seats, method=method, tie_break=tie_break)  # noqa: B023

        try:
            ours = count("refuse")
        except InfeasibleError:
            counter["infeasible"] += 1  # a district whose only votes go to seatless parties
            continue
        except TieError:
            # a resolution of an upper tie may leave no seat matrix with its totals
            outcomes = [o for o in all_outcomes(partial(_feasible, count)) if o is not None]
            for outcome in outcomes:
                assert verify(outcome)
            matrices = [_ours(o) for o in outcomes]
            party_seats = {p: outcomes[0].party_seats[p] for p in outcomes[0].parties}
            theirs = _peer_matrix(method, votes, district_seats, party_seats)
            if theirs is not None:
                same_totals = [
                    m
                    for o, m in zip(outcomes, matrices, strict=True)
                    if dict(o.party_seats) == party_seats
                ]
                assert theirs in same_totals, (votes, district_seats, method, theirs)
            counter["tie"] += 1
            continue
        assert verify(ours), (votes, district_seats, method)
        assert not ours.ties
        assert not ours.upper.ties
        assert _peer_upper(method, votes, house) == dict(ours.party_seats)
        theirs = _peer_matrix(method, votes, district_seats, ours.party_seats)
        if theirs is None:
            counter["peer does not terminate"] += 1  # unique answer exists, verified above
            continue
        assert theirs == _ours(ours), (votes, district_seats, method)
        counter["agree"] += 1
    assert counter["agree"] > 130, counter
    assert counter["tie"] > 3, counter
    assert counter["peer does not terminate"] < 8, counter
