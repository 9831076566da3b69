"""Textbook tables, options, ties and bad input of the divisor and quota methods."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from hemicycle.core import METHODS, all_outcomes, apportion, divisors, get_method
from hemicycle.errors import DataError, InfeasibleError, TieError, UnknownMethodError

# Wikipedia, "D'Hondt method" and "Sainte-Laguë method": 230,000 voters, 8 seats
WIKI = {"A": 100_000, "B": 80_000, "C": 30_000, "D": 20_000}
# Wikipedia, "Largest remainder method": 100,000 votes, 10 seats
LR = {"Yellows": 47_000, "Whites": 16_000, "Reds": 15_800, "Greens": 12_000,
      "Blues": 6_100, "Pinks": 3_100}  # fmt: skip


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("dhondt", {"A": 4, "B": 3, "C": 1, "D": 0}),
        ("sainte_lague", {"A": 3, "B": 3, "C": 1, "D": 1}),
        ("imperiali", {"A": 5, "B": 3, "C": 0, "D": 0}),
        ("adams", {"A": 3, "B": 3, "C": 1, "D": 1}),
    ],
)
def test_textbook_divisor_tables(method: str, expected: dict[str, int]) -> None:
    assert dict(apportion(WIKI, 8, method=method).seats) == expected


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("hare", [5, 2, 1, 1, 1, 0]),
        ("droop", [5, 2, 2, 1, 0, 0]),
        ("hagenbach_bischoff", [5, 2, 2, 1, 0, 0]),
    ],
)
def test_textbook_largest_remainder(method: str, expected: list[int]) -> None:
    assert list(apportion(LR, 10, method=method).seats.values()) == expected


def test_droop_integer_quota() -> None:
    result = apportion(LR, 10, method="droop")
    assert result.quota == 9091  # floor(100000 / 11) + 1


def test_alabama_paradox_hare() -> None:
    """Hare loses C a seat when the house grows from 10 to 11 (Balinski & Young 2001, ch. 5)."""
    votes = {"A": 6, "B": 6, "C": 2}
    assert dict(apportion(votes, 10, method="hare").seats) == {"A": 4, "B": 4, "C": 2}
    assert dict(apportion(votes, 11, method="hare").seats) == {"A": 5, "B": 5, "C": 1}


def test_imperiali_quota_overflow_lowers_the_divisor() -> None:
    # quota 10/(1+2): A has 2 whole quotas for 1 seat, so the quota becomes 10/(1+1) = 5
    result = apportion({"A": 9, "B": 1}, 1, method="imperiali_quota")
    assert dict(result.seats) == {"A": 1, "B": 0}
    assert result.quota == Fraction(5)
    assert any("recomputed" in step.text for step in result.steps)


def test_hagenbach_bischoff_whole_quotas_above_the_house_are_a_tie() -> None:
    """Quota V/(S+1): whole quotas exceed the house only when every entitlement is whole;
    the seat in excess is a tie among the units holding one (docs/methods.md)."""
    with pytest.raises(TieError) as caught:
        apportion({"A": 1, "B": 1}, 1, method="hagenbach_bischoff")
    assert (caught.value.tied, caught.value.seat) == ({"A", "B"}, 1)
    votes = {"A": 6, "B": 3, "C": 3}  # quota 3: 2 + 1 + 1 whole quotas for 3 seats
    with pytest.raises(TieError, match=r"seat 2 between A, B, C \(2 places for 3 units\)"):
        apportion(votes, 3, method="hagenbach_bischoff")
    outcomes = all_outcomes(
        lambda rule: apportion(votes, 3, method="hagenbach_bischoff", tie_break=rule)
    )
    assert [list(o.seats.values()) for o in outcomes] == [[2, 1, 0], [2, 0, 1], [1, 1, 1]]
    assert all(o.quota == 3 for o in outcomes)
    assert any("whole quotas exceed" in step.text for step in outcomes[0].steps)
    # more votes keeps its seat: B gives it up, not A
    by_votes = apportion({"A": 4, "B": 2}, 2, method="hagenbach_bischoff", tie_break="votes")
    assert dict(by_votes.seats) == {"A": 2, "B": 0}
    assert by_votes.ties[0].winners == ("A",)


def test_modified_sainte_lague_first_divisor() -> None:
    votes = {"big": 10_000, "small": 1_500}
    assert apportion(votes, 5, method="sainte_lague").seats["small"] == 1
    assert (
        apportion(votes, 5, method="modified_sainte_lague", first_divisor="1.7").seats["small"] == 0
    )


def test_user_divisor_sequence() -> None:
    result = apportion(WIKI, 8, method="divisors", divisors_given=["1", "2", "3"])
    assert dict(result.seats) == dict(apportion(WIKI, 8, method="dhondt").seats)


def test_threshold_exclusion_is_reported() -> None:
    result = apportion(WIKI, 8, method="sainte_lague", threshold="10%")
    assert result.excluded == ("D",)
    assert result.seats["D"] == 0
    assert sum(result.seats.values()) == 8
    assert any(step.kind == "threshold" and step.unit == "D" for step in result.steps)


def test_absolute_threshold() -> None:
    result = apportion(WIKI, 8, method="dhondt", threshold=30_000)
    assert result.excluded == ("D",)


def test_min_and_max_seats() -> None:
    result = apportion(WIKI, 8, method="dhondt", min_seats=1, max_seats=3)
    assert dict(result.seats) == {"A": 3, "B": 3, "C": 1, "D": 1}


def test_prior_seats_count_in_the_divisor() -> None:
    """Scottish additional member system: list seats are divided by constituency seats + 1."""
    votes = {"SNP": 131_000, "Lab": 82_500, "Con": 61_200, "Green": 21_700}
    prior = {"SNP": 5, "Lab": 3, "Con": 1}
    result = apportion(votes, 7, method="dhondt", prior_seats=prior)
    # the seats one by one, as the regional returning officer counts them
    held = {party: prior.get(party, 0) for party in votes}
    for _ in range(7):
        best = max(votes, key=lambda party: Fraction(votes[party], held[party] + 1))
        held[best] += 1
    assert dict(result.total_seats) == held
    assert dict(result.seats) == {party: held[party] - prior.get(party, 0) for party in votes}
    assert result.seats["SNP"] < sum(result.seats.values()) - result.seats["SNP"]


def test_exclusion_list() -> None:
    result = apportion(WIKI, 8, method="dhondt", exclude=["A"])
    assert result.seats["A"] == 0
    assert result.excluded == ("A",)


def test_huntington_hill_exact_tie_is_detected() -> None:
    # 600²·1·2 = 720,000 = 100²·8·9: floats resolve this arbitrarily
    with pytest.raises(TieError) as caught:
        apportion({"A": 100, "B": 600}, 10, method="huntington_hill")
    assert caught.value.tied == {"A", "B"}
    assert caught.value.seat == 10


def test_tie_at_the_end_of_a_large_house() -> None:
    # equal votes share 631 Sainte-Laguë seats 315 each, then tie for seat 631; the float search
    # stops short of the house and the exact count settles the rest
    units = divisors.UnitArrays(
        values=np.array([1000.0, 1000.0, 1.0]),
        start=np.zeros(3, dtype=np.int64),
        caps=np.full(3, divisors.NO_CAP),
        prior=np.zeros(3, dtype=np.int64),
    )
    method = get_method("sainte_lague").divisor
    assert method is not None
    # floats cannot settle the tie: no answer, or one the certification refuses
    guess = divisors.float_seats(method, units, 631)
    assert guess is None or not divisors.certified(method, units, guess)
    start = divisors.float_seats(method, units, 631, nearest=True)
    assert start is not None
    assert start.tolist() == [315, 315, 0]
    votes = {"A": 1000, "B": 1000, "C": 1}
    with pytest.raises(TieError) as caught:
        apportion(votes, 631, method="sainte_lague")
    assert (caught.value.tied, caught.value.seat) == ({"A", "B"}, 631)
    drawn = apportion(votes, 631, method="sainte_lague", tie_break="lot:1")
    assert sorted(drawn.seats.values()) == [0, 315, 316]
    assert len(drawn.priority) == 631


def test_tie_rules() -> None:
    votes = {"A": 6, "B": 3, "C": 3}
    # Huntington-Hill, 100 and 600 votes, 10 seats: 600²·1·2 = 100²·8·9, an exact tie for
    # seat 10 between A's second seat and B's ninth; more votes gives it to B
    by_votes = apportion({"A": 100, "B": 600}, 10, method="huntington_hill", tie_break="votes")
    assert dict(by_votes.seats) == {"A": 1, "B": 9}
    assert [(t.seat, t.tied, t.winners, t.rule) for t in by_votes.ties] == [
        (10, frozenset({"A", "B"}), ("B",), "votes")
    ]
    with pytest.raises(TieError):
        apportion({"A": 3, "B": 3}, 1, method="dhondt", tie_break="votes")
    first = apportion(votes, 2, method="dhondt", tie_break="lot:7")
    again = apportion(votes, 2, method="dhondt", tie_break="lot:7")
    assert first == again
    assert first.ties[0].rule == "lot:7"
    assert first.ties[0].tied == {"A", "B", "C"}
    outcomes = all_outcomes(lambda rule: apportion(votes, 2, method="dhondt", tie_break=rule))
    assert sorted(tuple(o.seats.values()) for o in outcomes) == [(1, 0, 1), (1, 1, 0), (2, 0, 0)]


def test_quota_tie_is_detected() -> None:
    with pytest.raises(TieError):
        apportion({"A": 1, "B": 1, "C": 1}, 2, method="hare")


def test_priority_list_of_dhondt() -> None:
    result = apportion({"A": 600, "B": 300, "C": 100}, 7, method="dhondt")
    values = [p.value for p in result.priority]
    assert values == sorted(values, reverse=True)
    assert [p.text for p in result.priority][:3] == ["600", "300", "300"]
    assert result.next_in_line is not None
    assert result.next_in_line.text == "100"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"votes": {}}, DataError, "no units"),
        ({"votes": {"A": -1}}, DataError, "non-negative"),
        ({"votes": {"A": 1.5}}, DataError, "whole number"),
        ({"seats": -1}, DataError, "seats"),
        ({"min_seats": 5}, InfeasibleError, "minimum seats add up to 20"),
        ({"max_seats": 1}, InfeasibleError, "at most 4"),
        ({"threshold": "120%"}, DataError, "between 0% and 100%"),
        ({"threshold": "lots"}, DataError, "percentage"),
        ({"method": "dhont"}, UnknownMethodError, "valid ids: adams"),
        ({"first_divisor": "1.4"}, DataError, "modified_sainte_lague"),
        ({"tie_break": "coin"}, DataError, "tie-break"),
        ({"threshold": 0.05}, DataError, 'threshold 0.05 is a float.*"5%"'),
        ({"threshold": [5]}, DataError, "threshold must be a percentage"),
        (
            {"method": "modified_sainte_lague", "first_divisor": "abc"},
            DataError,
            "first divisor must be a number.*'abc'",
        ),
        (
            {"method": "modified_sainte_lague", "first_divisor": "1/0"},
            DataError,
            "first divisor must be a number.*'1/0'",
        ),
        (
            {"method": "modified_sainte_lague", "first_divisor": "1,7"},
            DataError,
            "decimal point.*'1,7'",
        ),
        (
            {"method": "divisors", "divisors_given": ["1", "x"]},
            DataError,
            "divisor 2 must be a number.*'x'",
        ),
    ],
)
def test_bad_input(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    arguments: dict[str, object] = {"votes": WIKI, "seats": 8, "method": "dhondt"}
    arguments.update(kwargs)
    with pytest.raises(error, match=message):
        apportion(**arguments)  # type: ignore[arg-type]


def test_adams_house_too_small() -> None:
    with pytest.raises(InfeasibleError, match="first seat"):
        apportion(WIKI, 3, method="adams")


def test_registry_is_complete() -> None:
    for method in METHODS:
        assert method.reference
        assert get_method(method.id) is method
        for alias in method.aliases:
            assert get_method(alias) is method
    assert get_method("jefferson").id == "dhondt"
    assert get_method("webster").id == "sainte_lague"


@pytest.mark.parametrize("method", [m.id for m in METHODS])
def test_vote_counts_beyond_int64(method: str) -> None:
    """Counts past 2**63 (no count is too large by law) take the exact engine: scaling every
    count by 10**19 changes no seat."""
    votes = {"A": 47_000, "B": 16_000, "C": 15_800, "D": 12_000, "E": 6_100, "F": 3_100}
    huge = {unit: count * 10**19 for unit, count in votes.items()}
    assert max(huge.values()) > 2**63
    if method == "droop":  # floor(V/(S+1)) + 1 is not scale invariant: check its definition
        result = apportion(huge, 10, method=method)
        assert result.quota == sum(huge.values()) // 11 + 1
        assert sum(result.seats.values()) == 10
        return
    assert dict(apportion(huge, 10, method=method).seats) == dict(
        apportion(votes, 10, method=method).seats
    )


def test_float_first_divisor_is_read_as_its_decimal() -> None:
    assert divisors.modified_sainte_lague(1.7).divisor(0) == Fraction(17, 10)


def test_seats_only_units_without_votes_can_take() -> None:
    """Every seat units without votes take is in doubt, and one unit may take several: each
    distribution is an outcome, listed once, and refusing names every seat in doubt."""
    votes = {"A": 0, "B": 0}
    outcomes = all_outcomes(lambda rule: apportion(votes, 3, method="dhondt", tie_break=rule))
    assert [dict(o.seats) for o in outcomes] == [
        {"A": 3, "B": 0}, {"A": 2, "B": 1}, {"A": 1, "B": 2}, {"A": 0, "B": 3}
    ]  # fmt: skip
    with pytest.raises(TieError, match=r"tie for seat 1 between A, B \(3 places for 2 units\)"):
        apportion(votes, 3, method="dhondt")
    with pytest.raises(TieError, match="3 places"):
        apportion(votes, 3, method="dhondt", tie_break="votes")
    drawn = apportion(votes, 3, method="dhondt", tie_break="lot:1")
    assert sum(drawn.seats.values()) == 3
    assert [t.seat for t in drawn.ties] == [1, 2, 3]
    # C is capped at 2, so the last two seats go to A or B
    capped = all_outcomes(
        lambda rule: apportion({"A": 0, "B": 0, "C": 5}, 4, method="dhondt", max_seats=2,
                               tie_break=rule)
    )  # fmt: skip
    assert [dict(o.seats) for o in capped] == [
        {"A": 2, "B": 0, "C": 2}, {"A": 1, "B": 1, "C": 2}, {"A": 0, "B": 2, "C": 2}
    ]  # fmt: skip
