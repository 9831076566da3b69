"""Census-apportionment paradoxes: the 1880 Alabama paradox, textbook examples, and the
theorem that divisor methods show neither the Alabama nor the population paradox."""

from __future__ import annotations

from fractions import Fraction

import apportionment.methods as peer_apportionment
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hemicycle.analysis.paradoxes import (
    Rule,
    alabama,
    fair_share,
    new_state_paradox,
    population_paradox,
)
from hemicycle.core.methods import METHODS
from hemicycle.errors import DataError, TieError

# The 1880 census population of the 38 states, as tabulated in secondary sources (not checked
# here against the Census Office's own table): total 49,371,340. The apportionment population
# COMAP's "For All Practical Purposes" (ch. 14, example 7) cites differs slightly (49,373,329;
# Texas 1,591,729 against 1,591,749 here), but both give the quotas Cipra quotes (American
# Scientist 98(4), 2010, "E Pluribus Confusion") to three decimals: at 299 seats Alabama 7.646,
# Texas 9.640, Illinois 18.640; at 300, 7.671, 9.672 and 18.702.
CENSUS_1880 = {
    "Alabama": 1262505,
    "Arkansas": 802525,
    "California": 864694,
    "Colorado": 194327,
    "Connecticut": 622700,
    "Delaware": 146608,
    "Florida": 269493,
    "Georgia": 1542180,
    "Illinois": 3077871,
    "Indiana": 1978301,
    "Iowa": 1624615,
    "Kansas": 996096,
    "Kentucky": 1648690,
    "Louisiana": 939946,
    "Maine": 648936,
    "Maryland": 934943,
    "Massachusetts": 1783085,
    "Michigan": 1636937,
    "Minnesota": 780773,
    "Mississippi": 1131597,
    "Missouri": 2168380,
    "Nebraska": 452402,
    "Nevada": 62266,
    "New Hampshire": 346991,
    "New Jersey": 1131116,
    "New York": 5082871,
    "North Carolina": 1399750,
    "Ohio": 3198062,
    "Oregon": 174768,
    "Pennsylvania": 4282891,
    "Rhode Island": 276531,
    "South Carolina": 995577,
    "Tennessee": 1542359,
    "Texas": 1591749,
    "Vermont": 332286,
    "Virginia": 1512565,
    "West Virginia": 618457,
    "Wisconsin": 1315497,
}

HAMILTON = Rule(method="hare")


# Seaton's tables gave every state at least one representative (Constitution art. I s. 2):
# Nevada's quota, 0.38, is raised to 1 seat before the fractions are ranked.
SEATON = Rule(method="hare", min_seats=1)


def test_1880_alabama_paradox() -> None:
    assert sum(CENSUS_1880.values()) == 49371340
    total = sum(CENSUS_1880.values())
    for state, at_299, at_300 in (
        ("Alabama", "7.646", "7.671"),
        ("Texas", "9.640", "9.672"),
        ("Illinois", "18.640", "18.702"),
    ):
        population = CENSUS_1880[state]
        assert abs(Fraction(population * 299, total) - Fraction(at_299)) < Fraction(1, 1000)
        assert abs(Fraction(population * 300, total) - Fraction(at_300)) < Fraction(1, 1000)
    found = alabama(CENSUS_1880, [299], SEATON)
    assert [(p.state, p.seats, p.seats_after) for p in found] == [("Alabama", 8, 7)]
    at_299 = SEATON.seats(CENSUS_1880, 299)
    at_300 = SEATON.seats(CENSUS_1880, 300)
    # Alabama's fraction .646 beat Illinois's and Texas's .640 for the last seat of 299; at
    # 300 both overtake it and take the seat that had been Alabama's and the 300th (Cipra).
    assert (at_299["Texas"], at_299["Illinois"]) == (9, 18)
    assert (at_300["Texas"], at_300["Illinois"]) == (10, 19)
    assert at_299["Nevada"] == at_300["Nevada"] == 1


def test_1880_without_the_minimum_seat() -> None:
    # Without the constitutional minimum Nevada gets no seat, one more seat goes by fractions,
    # and Alabama keeps 8 of 300: the paradox depends on the minimum. The allocations agree
    # with the `apportionment` package's largest-remainder method.
    names = list(CENSUS_1880)
    for house in (299, 300):
        seats = HAMILTON.seats(CENSUS_1880, house)
        peer = peer_apportionment.compute(
            "largest_remainder", [CENSUS_1880[n] for n in names], house
        )
        assert [seats[n] for n in names] == list(peer)
        assert seats["Alabama"] == 8
    assert alabama(CENSUS_1880, [299], HAMILTON) == ()


def test_1880_scan_lists_every_occurrence() -> None:
    # Seaton's tables ran from 275 to 350 seats; divisor methods show no occurrence.
    found = alabama(CENSUS_1880, range(275, 350), SEATON)
    assert [(p.house_size, p.state, p.seats, p.seats_after) for p in found] == [
        (286, "Florida", 2, 1),
        (299, "Alabama", 8, 7),
        (306, "Georgia", 10, 9),
        (339, "Maine", 5, 4),
    ]
    for p in found:
        assert SEATON.seats(CENSUS_1880, p.house_size)[p.state] == p.seats
        assert SEATON.seats(CENSUS_1880, p.house_size + 1)[p.state] == p.seats_after
    for method in ("sainte_lague", "huntington_hill", "dhondt"):
        assert alabama(CENSUS_1880, range(275, 350), Rule(method=method, min_seats=1)) == ()


def test_textbook_alabama_323_324() -> None:
    # Stein, How Math Explains the World (2008), ch. 11: shares 56.7, 38.5, 4.2 and 0.6 per
    # cent; C has 14 of 323 seats and 13 of 324.
    found = alabama({"A": 567, "B": 385, "C": 42, "D": 6}, [323], HAMILTON)
    assert [(p.state, p.seats, p.seats_after) for p in found] == [("C", 14, 13)]


def test_textbook_population_paradox() -> None:
    # Angel, Abbott & Runde, A Survey of Mathematics with Applications, ch. 14 ("Alexandria",
    # 100 seats): B grows 1.802%, A 1.696%, yet B loses a seat to A under Hamilton's method.
    before = {"A": 23527, "B": 5548, "C": 70925}
    after = {"A": 23926, "B": 5648, "C": 71110}
    (found,) = population_paradox(before, after, [100], HAMILTON)
    assert (found.loser, found.winner) == ("B", "A")
    assert found.loser_seats == (6, 5)
    assert found.winner_seats == (23, 24)
    assert found.loser_growth == Fraction(5648, 5548) > found.winner_growth
    assert population_paradox(before, after, [100], Rule(method="sainte_lague")) == ()


def test_textbook_new_state_paradox() -> None:
    # Blitzer, Thinking Mathematically (7th ed.), ch. 13 exercise 11: A 9,450 and B 90,550
    # share 100 seats; C, 10,400 people, comes in with 10 more seats (its quota at the old
    # divisor). Hamilton: A 9, B 91 before; A 10, B 90, C 10 after.
    (found,) = new_state_paradox({"A": 9450, "B": 90550}, {"C": 10400}, [100], HAMILTON)
    assert found.added_seats == 10 == fair_share({"A": 9450, "B": 90550}, 100, {"C": 10400})
    assert dict(found.changes) == {"A": (9, 10), "B": (91, 90)}
    assert dict(found.new_seats) == {"C": 10}
    assert found.as_json()["changes"] == {"A": [9, 10], "B": [91, 90]}


def test_bad_inputs() -> None:
    with pytest.raises(DataError, match="same states"):
        population_paradox({"A": 1}, {"B": 1}, [3], HAMILTON)
    with pytest.raises(DataError, match="already among"):
        new_state_paradox({"A": 1}, {"A": 2}, [3], HAMILTON)
    with pytest.raises(DataError, match="house sizes"):
        alabama({"A": 1}, [], HAMILTON)
    with pytest.raises(DataError, match="non-negative"):
        alabama({"A": -1}, [3], HAMILTON)
    with pytest.raises(TieError):
        alabama({"A": 1, "B": 1}, [1], HAMILTON)


DIVISOR_METHODS = [m.id for m in METHODS if m.family == "divisor"]
populations = st.dictionaries(
    st.sampled_from("ABCDEFG"), st.integers(1, 10**5), min_size=2, max_size=7
)


@settings(max_examples=40, deadline=None)
@given(populations, st.integers(7, 40), st.sampled_from(DIVISOR_METHODS))
def test_divisor_methods_never_show_the_alabama_paradox(
    census: dict[str, int], house: int, method: str
) -> None:
    # Balinski & Young (1982): every divisor method is house monotone.
    try:
        assert alabama(census, range(house, house + 5), Rule(method=method)) == ()
    except TieError:
        assume(False)


@settings(max_examples=40, deadline=None)
@given(populations, st.data(), st.integers(7, 40), st.sampled_from(DIVISOR_METHODS))
def test_divisor_methods_never_show_the_population_paradox(
    census: dict[str, int], data: st.DataObject, house: int, method: str
) -> None:
    # Balinski & Young (1982, ch. 6): divisor methods are population monotone.
    after = {s: data.draw(st.integers(1, 10**5), label=s) for s in census}
    try:
        assert population_paradox(census, after, [house], Rule(method=method)) == ()
    except TieError:
        assume(False)


LOTS = Rule(method="hare", tie_break="lot:1")


def test_hamilton_paradoxes_are_found_by_search() -> None:
    # Largest-remainder methods are not house monotone: a small search finds instances.
    found = [
        p
        for a in range(1, 30)
        for p in alabama(
            {"A": a, "B": 31, "C": 67}, range(3, 12), Rule(method="hare", tie_break="lot:1")
        )
    ]
    assert found
