"""Differential tests against the peer libraries `apportionment` and `votelib`.

Each runs on 10,000 random instances plus constructed exact ties and near-ties. Every
disagreement must be explained: an exact tie (which hemicycle reports and a peer resolves
arbitrarily), a peer's floating-point error (its seats violate the exact definition, checked
here with Fractions independently of the engine), or a documented difference of rules.
"""

from __future__ import annotations

import random
from collections import Counter
from fractions import Fraction

import apportionment.methods as peer_apportionment
import pytest
import votelib.component.divisor as votelib_divisor
from votelib.evaluate.core import VotingSystemError
from votelib.evaluate.proportional import HighestAverages, LargestRemainder

from hemicycle.core import all_outcomes, apportion
from hemicycle.errors import InfeasibleError, TieError

# hemicycle id -> (apportionment id, divisor d(s) for the exact check; power 2 = square root)
APPORTIONMENT_METHODS = {
    "dhondt": ("dhondt", lambda s: Fraction(s + 1), 1),
    "sainte_lague": ("saintelague", lambda s: Fraction(2 * s + 1), 1),
    "huntington_hill": ("huntington", lambda s: Fraction(s * (s + 1)), 2),
    "adams": ("adams", lambda s: Fraction(s), 1),
    "dean": ("dean", lambda s: Fraction(2 * s * (s + 1), 2 * s + 1), 1),
}

VOTELIB_METHODS = {
    "dhondt": lambda: HighestAverages("d_hondt"),
    "sainte_lague": lambda: HighestAverages("sainte_lague"),
    "danish": lambda: HighestAverages("danish"),
    "imperiali": lambda: HighestAverages("imperiali"),
    "modified_sainte_lague": lambda: HighestAverages(
        votelib_divisor.modified_first_coef(votelib_divisor.sainte_lague, Fraction(7, 5))
    ),
    "hare": lambda: LargestRemainder("hare"),
    "droop": lambda: LargestRemainder("droop"),
    "hagenbach_bischoff": lambda: LargestRemainder("hagenbach_bischoff"),
}


def _exactly_valid(votes: list[int], seats: list[int], method: str) -> bool:
    """Whether ``seats`` satisfy the divisor method's definition, in exact arithmetic:
    every claim that won is at least every claim that lost."""
    _, divisor, power = APPORTIONMENT_METHODS[method]

    def claim(v: int, s: int) -> Fraction:
        d = divisor(s)
        return Fraction(10**100) if d == 0 and v else (Fraction(v**power) / d if v else Fraction(0))

    won = [claim(v, s - 1) for v, s in zip(votes, seats, strict=True) if s > 0]
    lost = [claim(v, s) for v, s in zip(votes, seats, strict=True)]
    return not won or min(won) >= max(lost)


def _random_instances(rng: random.Random, count: int) -> list[tuple[list[int], int]]:
    """Instances with at least ten votes per seat: with fewer, largest-remainder methods run
    out of remainders, and votelib then stops at one remainder seat per unit."""
    instances: list[tuple[list[int], int]] = []
    while len(instances) < count:
        parties = rng.randint(2, 7)
        scale = rng.choice([1_000, 100_000, 10**7])
        votes = [rng.randint(0, scale) for _ in range(parties)]
        seats = rng.randint(parties, 40)
        if sum(votes) >= 10 * seats:
            instances.append((votes, seats))
    return instances


def _constructed_ties() -> list[tuple[list[int], int]]:
    """Exact ties and near-ties beyond the precision of floats."""
    big = 2**54
    return [
        ([100, 600], 10),  # Huntington-Hill: 600²·1·2 = 100²·8·9, a tie for seat 10
        ([6, 3, 3], 3),
        ([3, 3, 3, 3], 6),
        ([big, big + 1], 3),  # B's third claim beats A's by one vote in 2**54
        ([3 * big + 3, big + 1], 4),
        ([10**17 + 1, 3 * 10**17 + 2], 4),
    ]


def _near_ties(rng: random.Random, count: int) -> list[tuple[list[int], int]]:
    """Large, nearly proportional votes: small whole proportions times a factor of 2**50 to
    2**56, each moved by at most two votes. Equal proportions of claims (frequent with small
    proportions) become exact ties or differences of a vote in 10**16, which floats cannot
    see."""
    instances = []
    for _ in range(count):
        parties = rng.randint(2, 5)
        factor = rng.randint(2**50, 2**56)
        votes = [rng.randint(1, 12) * factor + rng.randint(-2, 2) for _ in range(parties)]
        instances.append((votes, rng.randint(parties, 30)))
    return instances


def _compare_with_apportionment(
    votes: list[int], seats: int, method: str, tally: Counter[str]
) -> None:
    """Run both; every disagreement must be a tie the peer resolved (its seats one of
    hemicycle's outcomes) or a float error of the peer (its seats violate the exact rule)."""
    peer = peer_apportionment.compute(APPORTIONMENT_METHODS[method][0], votes, seats,
                                      verbose=False)  # fmt: skip
    named = {f"p{i}": v for i, v in enumerate(votes)}
    try:
        result = apportion(named, seats, method=method)
    except TieError:
        resolutions = all_outcomes(
            lambda rule: apportion(named, seats, method=method, tie_break=rule)
        )
        outcomes = [[o.seats[f"p{i}"] for i in range(len(votes))] for o in resolutions]
        if peer in outcomes:
            tally["tie: the peer's seats are one of hemicycle's outcomes"] += 1
        else:
            assert not _exactly_valid(votes, peer, method), (votes, seats, method, peer)
            tally["tie, and the peer's float error on top of it"] += 1
        return
    except InfeasibleError:
        tally["house smaller than the units with votes (the peer seats the largest)"] += 1
        return
    ours = [result.seats[f"p{i}"] for i in range(len(votes))]
    if ours == peer:
        tally["agree"] += 1
        return
    assert _exactly_valid(votes, ours, method), (votes, seats, method)
    assert not _exactly_valid(votes, peer, method), (votes, seats, method, ours, peer)
    tally["peer float error: its seats violate the exact divisor condition"] += 1


def test_against_apportionment() -> None:
    rng = random.Random(20251111)
    tally: Counter[str] = Counter()
    for index, (votes, seats) in enumerate(_random_instances(rng, 10_000)):
        method = list(APPORTIONMENT_METHODS)[index % len(APPORTIONMENT_METHODS)]
        _compare_with_apportionment(votes, seats, method, tally)
    assert tally["agree"] >= 9_000


@pytest.mark.parametrize("method", list(APPORTIONMENT_METHODS))
def test_against_apportionment_on_ties_and_near_ties(method: str) -> None:
    """Every constructed case and 400 random near-ties under every method: the peer's float
    errors and arbitrary tie resolutions occur, and each is explained."""
    tally: Counter[str] = Counter()
    for votes, seats in _constructed_ties() + _near_ties(random.Random(method), 400):
        _compare_with_apportionment(votes, seats, method, tally)
    assert tally["peer float error: its seats violate the exact divisor condition"] >= 5, tally
    assert tally["tie: the peer's seats are one of hemicycle's outcomes"] >= 5, tally


def test_against_apportionment_exact_tie_for_huntington_hill() -> None:
    """The peer's floats give [1, 9]; the exact comparison 600²·2 = 100²·72 is a tie."""
    assert peer_apportionment.compute("huntington", [100, 600], 10) == [1, 9]
    with pytest.raises(TieError):
        apportion({"A": 100, "B": 600}, 10, method="huntington_hill")


def _compare_with_votelib(votes: list[int], seats: int, method: str, tally: Counter[str]) -> None:
    named = {f"p{i}": v for i, v in enumerate(votes)}
    try:
        peer = VOTELIB_METHODS[method]().evaluate(named, seats)
    except VotingSystemError:
        # Hagenbach-Bischoff's whole quotas exceed the house only when every entitlement is
        # whole: votelib refuses, hemicycle reports the tie among the units holding one
        assert method == "hagenbach_bischoff", (votes, seats, method)
        with pytest.raises(TieError):
            apportion(named, seats, method=method)
        tally["whole quotas above the house: votelib refuses, hemicycle reports the tie"] += 1
        return
    peer_tied = any(not isinstance(key, str) for key in peer)
    try:
        result = apportion(named, seats, method=method)
    except TieError:
        # votelib is exact too: it must report the same tie
        assert peer_tied, (votes, seats, method, peer)
        tally["tie reported by both"] += 1
        return
    assert not peer_tied, (votes, seats, method, peer)
    assert {k: v for k, v in result.seats.items() if v} == {k: v for k, v in peer.items() if v}
    tally["agree"] += 1


def test_against_votelib() -> None:
    rng = random.Random(1792)
    tally: Counter[str] = Counter()
    for index, (votes, seats) in enumerate(_random_instances(rng, 10_000)):
        _compare_with_votelib(votes, seats, list(VOTELIB_METHODS)[index % len(VOTELIB_METHODS)],
                              tally)  # fmt: skip
    assert tally["agree"] >= 9_000


@pytest.mark.parametrize("method", list(VOTELIB_METHODS))
def test_against_votelib_on_ties_and_near_ties(method: str) -> None:
    """votelib computes with Fractions: it agrees on every near-tie and reports every tie."""
    tally: Counter[str] = Counter()
    for votes, seats in _constructed_ties() + _near_ties(random.Random(method), 100):
        _compare_with_votelib(votes, seats, method, tally)
    assert tally["agree"] >= 50, tally
    refused = tally["whole quotas above the house: votelib refuses, hemicycle reports the tie"]
    assert tally["tie reported by both"] + refused >= 2, tally
