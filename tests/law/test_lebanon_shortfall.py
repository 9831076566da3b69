"""Lebanon, Law 44/2017 art. 99: a list left with a seat that none of its remaining candidates
can take.

A constructed district of three seats (two Maronite, one Sunni). List A wins two seats (6,000
votes: 1 whole quotient of 3,033⅓ and the largest remainder), list B one (3,100). Going down the
single ranking of preferential shares (A1 33.0%, B1 27.5%, A2 22.0%, A3 11.0%, B2 5.5%,
B3 1.1%): A1 takes a Maronite seat, B1 the other one (B is full); A2 and A3 are Maronites, passed
over; B2 and B3 are Sunnis on a full list. A still has a seat and no Sunni candidate: the law
does not say who takes it. Under ``next_in_ranking`` the Sunni seat goes down the ranking to B2,
and B ends with two seats, A with one.
"""

from __future__ import annotations

import pytest

from hemicycle.errors import InfeasibleError
from hemicycle.law import load_law, parse_law, tabulate
from hemicycle.types import CandidateRow, ResultRow, Results

LAW = """
id = "constructed"
name = "Constructed Lebanese district"
country = "Lebanon"
statute = "Law 44/2017 art. 99"
date = "2017"
[ties]
lists = ["more_seats", "top_candidate", "lot"]
candidates = ["older", "lot"]
[[tiers]]
id = "major"
kind = "district"
formula = "hare"
blank_in_quota = true
lists = "lebanese"
list_shortfall = "SHORTFALL"
[tiers.threshold]
quotas = 1
[[tiers.districts]]
id = "Test"
seats = 3
reserved = [{ community = "Maronite", seats = 2 }, { community = "Sunni", seats = 1 }]
"""
PEOPLE = [
    ("A", "A1", "Maronite", 3000),
    ("A", "A2", "Maronite", 2000),
    ("A", "A3", "Maronite", 1000),
    ("B", "B1", "Maronite", 2500),
    ("B", "B2", "Sunni", 500),
    ("B", "B3", "Sunni", 100),
]
RESULTS = Results(
    rows=tuple(ResultRow(district="Test", list=p, candidate=n, votes=v) for p, n, _, v in PEOPLE),
    candidates=tuple(
        CandidateRow(district="Test", list=p, candidate=n, community=c) for p, n, c, _ in PEOPLE
    ),
)


def test_the_seat_goes_down_the_ranking_to_its_community() -> None:
    outcome = tabulate(parse_law(LAW.replace("SHORTFALL", "next_in_ranking")), RESULTS)
    assert [(e.candidate, e.how) for e in outcome.elected] == [
        ("A1", "preferential_rank"),
        ("B1", "preferential_rank"),
        ("B2", "next_in_ranking"),
    ]
    assert dict(outcome.districts["Test"]) == {"A": 1, "B": 2}
    assert dict(outcome.seats) == {"B": 2, "A": 1}
    (shortfall,) = [s.text for s in outcome.steps if s.kind == "shortfall"]
    assert shortfall.startswith("seats of A (1) remain")
    assert "the seats left (Sunni (1))" in shortfall


def test_refusing_names_the_lists_left_short() -> None:
    with pytest.raises(InfeasibleError, match=r"Test: seats of A \(1\) remain"):
        tabulate(parse_law(LAW.replace("SHORTFALL", "refuse")), RESULTS)


def test_a_seat_no_winning_list_can_fill_stays_vacant() -> None:
    # B's Sunni candidates withdrawn: their 600 votes count for the list alone
    no_sunni = Results(
        rows=(
            *(r for r in RESULTS.rows if r.candidate not in {"B2", "B3"}),
            ResultRow(district="Test", list="B", candidate=None, votes=600),
        ),
        candidates=tuple(c for c in RESULTS.candidates if c.community != "Sunni"),
    )
    outcome = tabulate(parse_law(LAW.replace("SHORTFALL", "next_in_ranking")), no_sunni)
    assert [e.candidate for e in outcome.elected] == ["A1", "B1"]
    assert outcome.total_seats == 2
    assert any(s.kind == "vacant" and "1 Sunni seat left" in s.text for s in outcome.steps)


def test_the_preset_takes_the_next_in_ranking() -> None:
    (tier,) = load_law("lebanon-2017").tiers
    assert tier.list_shortfall == "next_in_ranking"
